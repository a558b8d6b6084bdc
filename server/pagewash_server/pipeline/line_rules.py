"""Line rules: which short lines are page furniture (copyright, ads, share rows, credits, consent)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .blocks import Block

# ------------------------------------------------------------------------------------------------
# Lines that are chrome wherever they stand (short blocks only: a sentence of the article that
# mentions "share" or "cookies" is not a widget).
# ------------------------------------------------------------------------------------------------

_COPYRIGHT = re.compile(
    r"©|\(c\)\s*(?:19|20)\d\d|\bcopyright\b|all rights reserved|alle rechte vorbehalten|"
    r"tous droits réservés|todos los derechos reservados|todos os direitos reservados|"
    r"tutti i diritti riservati|alle rechten voorbehouden|wszelkie prawa zastrzeżone|"
    r"все права защищены|hak cipta dilindungi|版权所有|版權所有|無断転載|무단\s*전재|"
    r"minden jog fenntartva|všechna práva vyhrazena|všetky práva vyhradené|alla rättigheter förbehållna|"
    r"alle rettigheter reservert|alle rettigheder forbeholdes|kaikki oikeudet pidätetään|"
    r"tüm hakları saklıdır|toate drepturile rezervate|όλα τα δικαιώματα|επιφύλαξη παντός δικαιώματος|"
    r"(?:усі|всі) права захищені|всички права запазени|sva prava (?:pridržana|zadržana|zaštićena)|"
    r"vse pravice pridržane|tots els drets reservats|visos teisės saugomos|visas tiesības aizsargātas|"
    r"kõik õigused kaitstud|bản quyền thuộc về|giữ bản quyền|جميع الحقوق محفوظة|כל הזכויות שמורות|"
    r"सर्वाधिकार सुरक्षित|สงวนลิขสิทธิ์|"
    # A Chinese site's copyright notice under a label ("版权说明：…"), or forbidding reproduction without
    # permission; not "版权保护" alone, which news about copyright law writes in its prose.
    r"版[权權](?:声明|聲明|说明|說明|保护|保護)\s*[：:]|"
    r"未[经經].{0,30}(?:禁止|严禁|嚴禁|不得)(?:转载|轉載|复制|複製)",
    re.IGNORECASE,
)
_ADVERTISEMENT = re.compile(
    r"^(?:advertisement|advertisment|advertising|sponsored(?: content| links?)?|ad|ads|"
    r"anzeige|werbung|publicidade|publicidad|publicité|pubblicità|reklama|iklan|광고|广告)"
    r"(?:\s*[-–—:|]?\s*(?:scroll|continue|story continues).*)?$",
    re.IGNORECASE,
)
_MORE_LINKS = re.compile(
    r"^(?:load more|show more|see more|view more|read more|read the full (?:story|article)|"
    r"continue reading|keep reading|more stories|more news|see all|view all|show all|click here|"
    r"mehr laden|mehr lesen|weiterlesen|lire la suite|voir plus|leer más|ver más|ver mais|"
    r"leia mais|saiba mais|carica altri|leggi anche|leggi tutto|baca juga|selengkapnya|"
    r"lesen sie auch|mehr anzeigen|mehr zum thema|lire aussi|à lire aussi|afficher plus|charger plus|"
    r"lee también|leer también|cargar más|mostrar más|seguir leyendo|leia também|veja também|"
    r"carregar mais|mostrar mais|continue lendo|continuar lendo|continua a leggere|mostra altro|"
    r"vedi anche|vedi tutt[ie]|lihat juga|lihat semua|muat lebih banyak|lees meer|lees verder|lees ook|"
    r"meer laden|toon meer|läs mer|läs också|visa mer|ladda fler|læs mere|læs også|vis mere|vis mer|"
    r"les mer|les også|lue lisää|lue myös|näytä lisää|lataa lisää|devamını oku|daha fazla (?:göster|yükle)|"
    r"czytaj (?:więcej|dalej|też|także)|zobacz (?:też|także|więcej)|pokaż więcej|załaduj więcej|"
    r"číst (?:dále|více)|čtěte také|zobrazit více|načíst další|čítať ďalej|čítajte aj|zobraziť viac|"
    r"tovább olvasom|még több|citește mai mult|citește și|vezi mai mult|încarcă mai mult|"
    r"читать далее|читайте также|показать (?:ещё|еще)|загрузить (?:ещё|еще)|читати далі|"
    r"читайте також|показати більше|διαβάστε (?:περισσότερα|επίσης)|δείτε περισσότερα|"
    r"xem thêm|đọc thêm|tải thêm|اقرأ المزيد|اقرأ أيضا|عرض المزيد|और पढ़ें|और देखें|यह भी पढ़ें|"
    r"もっと見る|続きを読む|さらに表示|查看更多|阅读更多|閱讀更多|加载更多|阅读全文|더\s?보기|"
    # A word that is a link only when it is the whole line ("Tovább" also starts a headline).
    r"(?:tovább|bővebben|подробнее|детальніше|περισσότερα|المزيد)$)(?!\w)",
    re.IGNORECASE,
)
_SOCIAL_CALL = re.compile(
    r"^(?:share (?:this|on|via|the)|click to (?:share|email|print)|follow (?:us|me|@)|"
    r"subscribe (?:to|now|for|today)|sign up (?:for|to|now|today)|get (?:our|the) (?:\w+ )?newsletter|"
    r"join (?:our|the) (?:mailing list|newsletter)|like us on|find us on|connect with us|"
    r"download (?:our|the) app|already a subscriber|become a (?:member|subscriber)|"
    r"enter your email|your email address|we respect your privacy|"
    # The same calls in more languages ("follow us", "subscribe").
    r"folgen sie uns|suivez-nous|síguenos|siga-nos|seguici|volg ons|följ oss|obserwuj nas|bizi takip edin|"
    r"подписывайтесь|подпишитесь|theo dõi chúng tôi|关注我们|フォローする)",
    re.IGNORECASE,
)
_PHOTO_CREDIT = re.compile(
    r"\b(?:getty\s*images|shutterstock|istock(?:photo)?|alamy|dreamstime|depositphotos|"
    r"ap photo|afp photo|reuters/|epa/|photo(?:graph)?s?\s*(?:credit)?\s*[:/]|"
    r"image\s*(?:credit|source)?\s*[:/]|credit\s*(?:\.\.\.|…)|"
    r"(?:image|photo|picture|video)\s+(?:credit|courtesy)|credit\s*:|courtesy\s+of|"
    r"foto\s*:|bild\s*:|fonte\s*:|crédit\s*:|©\s*\w)",
    re.IGNORECASE,
)
_CREDIT_ONLY = re.compile(
    r"^\(?(?:getty\s*images|shutterstock|istock(?:photo)?|alamy|afp|ap|reuters|epa|afp via getty images|"
    r"(?:[\w.\-]+\s){0,3}[\w.\-]+\s?/\s?(?:getty\s*images|afp|ap|reuters|epa|shutterstock)"
    r"(?:\s+(?:for|via)\s+[\w\s]+)?)\)?\.?$",
    re.IGNORECASE,
)
_PAREN_CREDIT_END = re.compile(
    r"\((?:[^()]*?(?:photo|image|picture|foto|credit|getty|reuters|afp|ap\b|epa|file)[^()]*?)\)\s*$",
    re.IGNORECASE,
)
_LEGAL = re.compile(
    r"privacy (?:policy|notice|statement)|terms (?:of|and) (?:use|service|conditions)|cookie policy|"
    r"personal (?:data|information)|user agreement|datenschutz|política de privacidad|"
    r"política de privacidade|informativa sulla privacy|politique de confidentialité",
    re.IGNORECASE,
)
_CONSENT = re.compile(
    r"\b(?:agree|agrees|accept|accepts|acceptance|consent|by (?:using|clicking|signing|subscribing|"
    r"registering|continuing|submitting)|stimm|akzept|acept|aceit|accett|accept)",
    re.IGNORECASE,
)
_NEWSLETTER = re.compile(
    r"\bnewsletters?\b.*\b(?:sign up|subscribe|inbox|e-?mail|delivered|weekly|daily)\b|"
    r"\b(?:sign up|subscribe)\b.*\bnewsletters?\b",
    re.IGNORECASE,
)
_COMMENT_FORM = re.compile(
    r"email address will not be published|required fields are marked|"
    r"e-mail não será publicado|campos obrigatórios|campos obligatorios",
    re.IGNORECASE,
)
# Not \b: a Chinese or Japanese sentence runs its own characters into the word ("本网站使用Cookie来").
_COOKIE = re.compile(r"(?<![a-z])cookies?(?![a-z])", re.IGNORECASE)
_COOKIE_CONTEXT = re.compile(
    r"\b(?:use|uses|using|accept|consent|policy|settings|preferences|browser|experience|analytics|"
    r"verwenden|nutzen|akzeptieren|zustimmen|einstellungen|utilisons|utilise|accepter|paramètres|"
    r"utilizamos|usamos|aceptar|aceitar|configuración|utilizziamo|accetta|gebruiken|accepteren|używamy|"
    r"akceptuj|используем|использует|согласие|kullanıyoruz|kabul)\b"
    # ... and the stems of "use" and "agree" in more languages (Latvian, Lithuanian, Estonian, Finnish,
    # Swedish, Danish, Norwegian, Hungarian, Czech, Romanian, Greek, Ukrainian; Chinese, Japanese, Korean).
    r"|\b(?:izmant|naudoj|kasuta|käyt|använd|bruge|bruke|használ|použív|folosi|χρησιμοποι|використов|"
    r"piekrīt|sutink|nõustu|hyväksy|godkänn|elfogad|souhlas)|使用|同意|사용|동의",
    re.IGNORECASE,
)
# The headings of a consent dialog's categories ("Strictly Necessary Cookies", "Analytics cookies"): they
# name no context word, and "Chocolate Chip Cookies" must stay.
_COOKIE_CATEGORY = re.compile(
    r"^\W*(?:strictly necessary|necessary|essential|required|functional|functionality|performance|"
    r"analytics?|analytical|statistics?|statistical|targeting|advertising|marketing|preferences?|"
    r"third[- ]party|social media|unclassified)\s+cookies\W*$",
    re.IGNORECASE,
)
_CONSENT_CONTROL = re.compile(
    r"\b(?:(?:accept|allow|reject|decline) all|selecting (?:accept|allow|reject)|if you agree|"
    r"(?:manage|change|customi[sz]e) (?:your )?(?:preferences|settings|choices|consent)|"
    r"cookie (?:settings|preferences)|privacy choices)\b",
    re.IGNORECASE,
)
_NAV_WORDS = frozenset(
    (
        "from",
        "send to",
        "menu",
        "home",
        "search",
        "close",
        "open",
        "skip to content",
        "skip to main content",
        "skip navigation",
        "main menu",
        "navigation",
        "toggle navigation",
        "back",
        "back to top",
        "top",
        "next",
        "previous",
        "prev",
        "more",
        "print",
        "email",
        "share",
        "font size",
        "text size",
        "a a a",
        "a+ a-",
        "listen",
        "listen to this article",
        "sections",
        "log in",
        "login",
        "sign in",
        "register",
        "subscribe",
        "account",
        "my account",
    )
)

WORD = re.compile(r"\w+")
SENTENCE_END = re.compile(r"[.:;,]$")
# Blocks longer than this are never page furniture matched by a line rule ...
MAX_CHROME_CHARS = 300
# ... but a consent banner: a long notice naming the buttons that answer it.
MAX_CONSENT_CHARS = 1500


@lru_cache(maxsize=8192)
def line_chrome_reason(text: str, *, top: bool) -> str:
    """The chrome rule a short line matches, or "".

    Each rule's regex runs only when one of its trigger words is in the line: most blocks of a page
    are menu items and prose that no rule concerns, and one word split is cheaper than ten regexes.
    Cached: the headline search and the caption rule ask again about lines already judged."""
    length = len(text)
    lowered = text.lower()
    if (
        length > 400
        and "cookie" not in lowered
        and (length > 500 or not any(word in lowered for word in _LEGAL_WORDS))
    ):
        # Only the cookie and legal rules reach lines this long, and their words are not in it: the
        # line's words (a paragraph's, costly to split) are not needed.
        return ""
    if length > 600:
        # A paragraph this long that mentions cookies is chrome only when it tells the reader which
        # button to press: a privacy policy's own paragraphs, or a recipe's, do not.
        return "chrome:cookies" if _CONSENT_CONTROL.search(text) else ""
    words = line_words(text)
    if not words:
        return ""
    has_copyright_sign = "©" in text
    if (
        _TRIGGER_WORDS.isdisjoint(words)
        and words[0] not in _FIRST_WORD_TRIGGERS
        and not has_copyright_sign
        and "(c)" not in lowered
        and "cookie" not in lowered
        and not (top and length <= 40)
        and not (length <= MAX_CHROME_CHARS and _UNSPACED_TRIGGER.search(text))
    ):
        return ""  # no rule's trigger is in the line (most lines): the rules below would all pass
    vocabulary = line_vocabulary(text)
    folded = lowered.strip(" .:!|»›>-–—•·")
    first = words[0]
    copyright_words = has_copyright_sign or "(c)" in lowered or not vocabulary.isdisjoint(_COPYRIGHT_WORDS)
    if (
        length <= MAX_CHROME_CHARS
        and (copyright_words or _has_cjk_copyright(text))
        and _COPYRIGHT.search(text)
    ):
        return "chrome:copyright"
    if length <= 60 and first in _ADVERTISEMENT_WORDS and _ADVERTISEMENT.match(folded):
        return "chrome:advertisement"
    if length <= 80 and first in _MORE_LINK_WORDS and _MORE_LINKS.match(folded):
        return "chrome:more-link"
    if length <= 50 and not vocabulary.isdisjoint(_STATUS_WORDS) and _STATUS_LINE.match(folded):
        return "chrome:status"
    if length <= 200 and not vocabulary.isdisjoint(_BROWSER_WORDS) and _BROWSER_NOTICE.match(folded):
        return "chrome:status"
    if length <= 300 and "block" in lowered and _ADBLOCK_NOTICE.search(text):
        return "chrome:status"
    if length <= 300 and _SITE_NOTICE_MARK.search(text):
        return "chrome:status"
    if (
        length <= 80
        and (first in _POSTER_STATS_WORDS or (first[:1].isdigit() and "badge" in lowered))
        and _POSTER_STATS.match(folded)
    ):
        return "chrome:poster-stats"
    if length <= 120 and not vocabulary.isdisjoint(_CONTROL_WORDS) and _CONTROL_LINE.match(folded):
        return "chrome:controls"
    if length <= 40 and first in _RELATIVE_DAY_WORDS and _RELATIVE_TIMESTAMP.match(folded):
        return "chrome:timestamp"
    if length <= 250 and "ctrl" in vocabulary and _CTRL_ENTER.search(text) and _MISTAKE.search(text):
        return "chrome:controls"
    if length <= 200 and not vocabulary.isdisjoint(_IMAGE_EXTENSIONS) and _is_image_file_names(text):
        return "chrome:image-name"
    if length <= 200 and first in _SOCIAL_CALL_WORDS and _SOCIAL_CALL.match(folded):
        return "chrome:social"
    if length <= 80 and _is_social_row(words):
        return "chrome:social"
    if length <= 400 and (has_copyright_sign or not vocabulary.isdisjoint(CREDIT_WORDS)):
        if length <= 200 and _CREDIT_ONLY.match(text.strip()):
            return "chrome:photo-credit"
        if length <= 120 and _PHOTO_CREDIT.search(text) and not SENTENCE_END.search(text.rstrip(")")):
            return "chrome:photo-credit"
        if _PAREN_CREDIT_END.search(text) and _PHOTO_CREDIT.search(text):
            return "chrome:caption"
    if (
        length <= 600
        and "cookie" in lowered
        and _COOKIE.search(text)
        and (_COOKIE_CONTEXT.search(text) or (length <= 60 and _COOKIE_CATEGORY.match(text)))
    ):
        return "chrome:cookies"
    if (
        length <= 500
        and not vocabulary.isdisjoint(_LEGAL_WORDS)
        and _LEGAL.search(text)
        and _CONSENT.search(text)
    ):
        return "chrome:legal"
    if length <= 300 and not vocabulary.isdisjoint(_NEWSLETTER_WORDS) and _NEWSLETTER.search(text):
        return "chrome:social"
    if length <= 200 and "required" in vocabulary and _COMMENT_FORM.search(text):
        return "chrome:comments"
    if top and length <= 40 and folded in _NAV_WORDS:
        return "chrome:navigation"
    if length <= 40 and first in _SEARCH_WORDS and _SEARCH_LABEL.match(folded):
        return "chrome:navigation"
    return ""


def is_copyright_notice(text: str) -> bool:
    """A line the copyright rule takes out. Classification asks it of every good block, most of them
    prose: an ASCII line holding none of the notices' stems is answered without splitting it into words
    or running the rules (in a text dump that was 0.2 ms a page)."""
    if len(text) > MAX_CHROME_CHARS:
        return False
    if text.isascii():
        lowered = text.lower()
        if not any(stem in lowered for stem in _ASCII_COPYRIGHT_STEMS):
            return False
    return line_chrome_reason(text, top=False) == "chrome:copyright"


# What an ASCII copyright notice holds in the languages _COPYRIGHT reads ("todos los derechos reservados",
# "alle rechte vorbehalten", "(c) 2024").
_ASCII_COPYRIGHT_STEMS = (
    "copyright", "(c)", "rights", "reserv", "rechte", "droits", "derechos", "direitos", "diritti", "prawa",
    "cipta", "jog fenntartva", "rettighe", "oikeudet", "prav", "drets", "drepturile",
)  # fmt: skip


def is_photo_credit(text: str) -> bool:
    """A photographer's or agency's credit line ("Photo: Jane Doe/Reuters")."""
    if "©" not in text and CREDIT_WORDS.isdisjoint(line_words(text)):
        return False
    return line_chrome_reason(text, top=False) == "chrome:photo-credit"


@lru_cache(maxsize=8192)
def line_words(text: str) -> tuple[str, ...]:
    """The lowercased words of a block; cached because several rules look at the same short lines."""
    if text.isascii():
        # In ASCII, \w is [A-Za-z0-9_]: one byte-table pass (lowercasing, and a space for every other
        # character) and a split give WORD's words at less than half the cost of the regex.
        return tuple(text.encode("ascii").translate(_ASCII_WORD_BYTES).decode("ascii").split())
    return tuple(WORD.findall(text.lower()))


_ASCII_WORD_BYTES = bytes(
    ord(chr(code).lower()) if code < 128 and (chr(code).isalnum() or chr(code) == "_") else ord(" ")
    for code in range(256)
)


@lru_cache(maxsize=8192)
def line_vocabulary(text: str) -> frozenset[str]:
    """The set of a block's lowercased words."""
    return frozenset(line_words(text))


def _has_cjk_copyright(text: str) -> bool:
    # Scripts whose copyright phrase the word split does not yield as a word (no spaces, or vowel signs
    # that \w does not count as letters). Asked of almost every line: one regex search, no Python loop.
    return _UNSPACED_COPYRIGHT_MARK.search(text) is not None


_UNSPACED_COPYRIGHT_MARK = re.compile("版权|版權|转载|轉載|無断|무단|सर्वाधिकार|ลิขสิทธิ์")


def _is_image_file_names(text: str) -> bool:
    """The line is one or more image file names and nothing else: each ends in an image extension, has
    no sentence punctuation and at most eight words ("Kirkjufell 5.jpg", "logo.png banner 2.png")."""
    names = _IMAGE_FILE_SUFFIX.split(text.strip())
    if len(names) < 2 or names[-1]:
        return False
    return all(
        name.strip() and len(name.split()) <= 8 and not _FILE_NAME_STRAY.search(name) for name in names[:-1]
    )


def _is_social_row(words: Sequence[str]) -> bool:
    """A row of share/follow buttons: every word belongs to the social vocabulary or is a count."""
    social = 0
    stray = 0
    for word in words:
        if word in _SOCIAL_WORDS:
            social += 1
        elif not (word.isdigit() or word in _FILLER):
            stray += 1
    return social > 0 and (stray == 0 or (stray <= 1 and len(words) >= 4))


_LEGAL_WORDS = frozenset(
    [
        "privacy",
        "terms",
        "personal",
        "agreement",
        "policy",
        "datenschutz",
        "privacidad",
        "privacidade",
        "confidentialité",
    ]
)
_NEWSLETTER_WORDS = frozenset(("newsletter", "newsletters"))
_COPYRIGHT_WORDS = frozenset(
    [
        "copyright",
        "rights",
        "reserved",
        "rechte",
        "vorbehalten",
        "droits",
        "réservés",
        "derechos",
        "direitos",
        "diritti",
        "rechten",
        "prawa",
        "права",
        "cipta",
        "jog",
        "práva",
        "rättigheter",
        "rettigheter",
        "rettigheder",
        "oikeudet",
        "hakları",
        "drepturile",
        "δικαιώματα",
        "δικαιώματος",
        "prava",
        "pravice",
        "drets",
        "teisės",
        "tiesības",
        "õigused",
        "quyền",
        "الحقوق",
        "הזכויות",
    ]
)
_ADVERTISEMENT_WORDS = frozenset(
    [
        "advertisement",
        "advertisment",
        "advertising",
        "sponsored",
        "ad",
        "ads",
        "anzeige",
        "werbung",
        "publicidade",
        "publicidad",
        "publicité",
        "pubblicità",
        "reklama",
        "iklan",
        "광고",
        "广告",
    ]
)
# A page's status lines: how long the article takes to read, a widget still loading (and, below, what
# the page says about the reader's browser).
_STATUS_LINE = re.compile(
    r"^(?:(?:estimated\s+)?reading\s+time\s*:?\s*(?:about\s+|~\s*)?\d+\s*(?:min(?:ute)?s?|mins?)\.?|"
    r"(?:about\s+)?\d+[\s-]*(?:min(?:ute)?s?|mins?)\.?\s+(?:read|reading|to read)|"
    r"(?:lesezeit|temps de lecture|tiempo de lectura|tempo di lettura|tempo de leitura|leestijd|"
    r"czas czytania|время чтения|okuma süresi)\s*:?\s*(?:ca\.?\s*)?\d+\s*[^\W\d]{0,8}\.?|"
    r"\d+\s*(?:min\.?|minutes?|minuten|minutos|minuti)\s+(?:de lecture|de lectura|di lettura|de leitura|"
    r"lesezeit|leestijd)|"
    r"(?:loading|wird geladen|chargement|cargando|carregando|caricamento)\s*(?:\.{3}|…)?)$",
    re.IGNORECASE,
)
# What a forum prints beside every post about its poster ("Posts: 1,077", "Joined: Wed Feb 04, 2015",
# "Reaction score: 12"): always with a colon, since "Joined Oct 2018" heads some profiles' own text.
# And a Q&A site's reputation with its badge counts ("1,992 2 gold badges 14 silver badges", printed
# without spaces when the counts stand in separate elements).
_POSTER_STATS = re.compile(
    r"^(?:(?:posts|messages|reaction score|reputation|karma|trophies|solutions|beiträge|mensajes|messaggi|"
    r"mensagens|berichten|posty|сообщения|сообщений)\s*:\s*[\d.,]+\s*k?|"
    r"(?:joined|join date|member since|registriert|mitglied seit|registrado(?: em)?|inscrit(?: le)?|"
    r"inscription|iscritto(?: il)?|lid sinds|rejestracja|зарегистрирован)\s*:\s*.{0,40}\d.{0,20}|"
    r"[\d.,]+k?\s*(?:\d+\s*(?:gold|silver|bronze)\s+badges?\s*)+)$",
    re.IGNORECASE,
)
_POSTER_STATS_WORDS = frozenset(
    (
        "posts", "messages", "reaction", "reputation", "karma", "trophies", "solutions", "beiträge",
        "mensajes", "messaggi", "mensagens", "berichten", "posty", "сообщения", "сообщений", "joined",
        "join", "member", "registriert", "mitglied", "registrado", "inscrit", "inscription", "iscritto",
        "lid", "rejestracja", "зарегистрирован", "badge", "badges", "gold", "silver", "bronze",
    )
)  # fmt: skip
# A post's counters and a listing's controls: "12 likes", "3 replies", "Sort by", "Filters". A product
# card's review count stays: on a listing it stands between the items, which it holds together.
_CONTROL_LINE = re.compile(
    # One run of counts ("(3)3", "1.2k"): a repeated group of digit runs would backtrack exponentially.
    r"^(?:\(?\d[\d.,()k\s]*(?:likes?|replies|reply|views?|votes?|answers?)|"
    r"(?:sort(?: by)?|sortieren nach|trier par|ordenar por|ordina per|sorteer op|sortuj według)"
    r"(?:\s*:.{0,30})?|filters?|filtres|filtros|filtri|verified buyer)$",
    re.IGNORECASE,
)
_CONTROL_WORDS = frozenset(
    (
        "likes", "like", "replies", "reply", "views", "view", "votes", "vote", "answers", "answer", "sort",
        "sortieren", "trier", "ordenar", "ordina", "sorteer", "sortuj", "filter", "filters", "filtres",
        "filtros", "filtri", "verified",
    )
)  # fmt: skip
# A post's time relative to the day it was fetched ("Today at 3:26 AM", "Šodien, 17:40"): no date to
# read, and stale in the corpus.
_RELATIVE_TIMESTAMP = re.compile(
    r"^(?:today|yesterday|heute|gestern|aujourd['’]hui|hier|hoy|ayer|oggi|ieri|hoje|ontem|vandaag|"
    r"gisteren|i ?dag|i ?går|tänään|eilen|dziś|dzisiaj|wczoraj|dnes|včera|ma|tegnap|bugün|dün|сегодня|"
    r"вчера|сьогодні|вчора|šodien|vakar|šiandien|täna|eile|danas|jučer|juče|azi|astăzi|hari ini|kemarin|"
    r"hôm nay|hôm qua|σήμερα|χθες)\s*,?\s*(?:[^\W\d]{1,5}\.?\s+){0,2}"
    r"\d{1,2}[:.h]\d{2}(?:\s*(?:am|pm|uhr|h))?$",
    re.IGNORECASE,
)
_RELATIVE_DAY_WORDS = frozenset(
    (
        "today", "yesterday", "heute", "gestern", "aujourd", "hier", "hoy", "ayer", "oggi", "ieri", "hoje",
        "ontem", "vandaag", "gisteren", "idag", "igår", "i", "tänään", "eilen", "dziś", "dzisiaj", "wczoraj",
        "dnes", "včera", "ma", "tegnap", "bugün", "dün", "сегодня", "вчера", "сьогодні", "вчора", "šodien",
        "vakar", "šiandien", "täna", "eile", "danas", "jučer", "juče", "azi", "astăzi", "hari", "kemarin",
        "hôm", "σήμερα", "χθες",
    )
)  # fmt: skip
# A search box's label naming the site ("Search Cleveland.com", "Search this site", "Suche auf der Seite").
_SEARCH_LABEL = re.compile(
    r"^(?:search|suche|rechercher|buscar|pesquisar|cerca|zoeken|szukaj|sök|søg|søk|hae|ara|поиск|пошук)"
    r"(?:\s+(?:in|on|auf|dans|sur|en|no|na|in|op|i|по))?"
    r"\s+(?:(?:this|the|our|der|dieser|ce|le|el|este|o|il|questo|deze|de|ten)\s+)?"
    r"(?:site|website|webseite|seite|sitio|página|sito|blog|store|shop|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6})$"
)
_SEARCH_WORDS = frozenset(
    ("search", "suche", "rechercher", "buscar", "pesquisar", "cerca", "zoeken", "szukaj", "sök", "søg", "søk",
     "hae", "ara", "поиск", "пошук")
)  # fmt: skip
# The typo-report widget of many sites ("Нашли ошибку? Выделите её и нажмите Ctrl+Enter"), in any language.
# It names a mistake or its correction; a tutorial's "Press Ctrl+Enter to run the cell" does neither.
_CTRL_ENTER = re.compile(r"\bctrl\s*\+\s*enter\b", re.IGNORECASE)
_MISTAKE = re.compile(
    r"\b(?:error|mistake|typo|fehler|erreur|errore|erro|błąd|błęd|chyb|hib|hata|fout|ошибк|опечатк|помилк|"
    r"грешк|kļūd|klaid|viga|pogreš|napak|"
    r"correc|corrig|korrig|korrekt|исправ|виправ|popraw|oprav|labo[jt]|taisy|paranda)",
    re.IGNORECASE,
)
# An image's file name printed as its alt text or caption ("IMG_0042.JPG", "home img 1.jpg").
_IMAGE_EXTENSIONS = frozenset(("jpg", "jpeg", "png", "gif", "webp", "avif", "svg", "bmp", "tif", "tiff"))
_IMAGE_FILE_SUFFIX = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?)(?=\s|$)", re.IGNORECASE)
_FILE_NAME_STRAY = re.compile(r"[,;:!?\"“”]")
# What the page says about the reader's browser.
_BROWSER_NOTICE = re.compile(
    r"^(?:you are using an? (?:out of date|outdated|unsupported|old) (?:web )?browser|"
    r"your (?:web )?browser is (?:out of date|outdated|not supported|unsupported)|"
    r"(?:please )?(?:enable|turn on) javascript|javascript is (?:disabled|required|not enabled|off)|"
    r"(?:this|the) (?:site|website|page|app) (?:requires|needs) javascript|"
    r"you need to enable javascript)",
    re.IGNORECASE,
)
_BROWSER_WORDS = frozenset(("browser", "javascript"))
# A request to switch the ad blocker off ("disable your ad blocker", "schalten Sie den Adblocker ab"); an
# article about ad blockers names them without asking.
_ADBLOCK_NOTICE = re.compile(
    r"\b(?:disable|disabling|turn off|turning off|deactivate|pause|whitelist|allowlist)\b.{0,30}"
    r"\bad[- ]?block(?:er|ers|ing)?\b|\badblocker\s+(?:ab|aus)\b|\badblocker\s+(?:deaktivieren|ausschalten)|"
    r"(?:désactive[rz]?|desactiva[r]?|disattiva(?:re)?)\b.{0,30}(?:adblock|bloqueur|bloqueador|blocco)",
    re.IGNORECASE,
)
_ADBLOCK_WORDS = frozenset(("adblock", "adblocker", "adblockers", "blocker", "blockers", "blocking"))
# A site's notice about viewing it, in scripts without spaces: "for the best browsing experience" (Chinese),
# "recommended browser" and "enable JavaScript" (Japanese).
_SITE_NOTICE_MARK = re.compile("最佳浏览|最佳瀏覽|推奨ブラウザ|推奨環境|JavaScriptを有効")
# What opens the rules to a line of a script \w does not split into words: a copyright mark (below) or a
# site notice's.
_UNSPACED_TRIGGER = re.compile(f"{_UNSPACED_COPYRIGHT_MARK.pattern}|{_SITE_NOTICE_MARK.pattern}")
_STATUS_WORDS = frozenset(
    [
        "read",
        "reading",
        "lesezeit",
        "lecture",
        "lectura",
        "lettura",
        "leitura",
        "leestijd",
        "czytania",
        "чтения",
        "süresi",
        "loading",
        "geladen",
        "chargement",
        "cargando",
        "carregando",
        "caricamento",
    ]
)
_MORE_LINK_WORDS = frozenset(
    [
        "load",
        "show",
        "see",
        "view",
        "read",
        "continue",
        "keep",
        "more",
        "click",
        "mehr",
        "weiterlesen",
        "lire",
        "voir",
        "leer",
        "ver",
        "leia",
        "saiba",
        "carica",
        "leggi",
        "baca",
        "selengkapnya",
        # The first words of the same links in more languages (see _MORE_LINKS).
        "lesen",
        "mehr",
        "à",
        "afficher",
        "charger",
        "lee",
        "cargar",
        "mostrar",
        "seguir",
        "veja",
        "carregar",
        "continue",
        "continuar",
        "continua",
        "mostra",
        "vedi",
        "lihat",
        "muat",
        "lees",
        "meer",
        "toon",
        "läs",
        "visa",
        "ladda",
        "læs",
        "vis",
        "les",
        "lue",
        "näytä",
        "lataa",
        "devamını",
        "daha",
        "czytaj",
        "zobacz",
        "pokaż",
        "załaduj",
        "číst",
        "čtěte",
        "zobrazit",
        "načíst",
        "čítať",
        "čítajte",
        "zobraziť",
        "tovább",
        "még",
        "citește",
        "vezi",
        "încarcă",
        "читать",
        "читайте",
        "показать",
        "загрузить",
        "читати",
        "показати",
        "διαβάστε",
        "δείτε",
        "xem",
        "đọc",
        "tải",
        "اقرأ",
        "عرض",
        "और",
        "यह",
        "もっと見る",
        "続きを読む",
        "さらに表示",
        "查看更多",
        "阅读更多",
        "閱讀更多",
        "加载更多",
        "阅读全文",
        "더",
        "더보기",
        "bővebben",
        "подробнее",
        "детальніше",
        "περισσότερα",
        "المزيد",
    ]
)
_SOCIAL_CALL_WORDS = frozenset(
    [
        "share",
        "click",
        "follow",
        "subscribe",
        "sign",
        "get",
        "join",
        "like",
        "find",
        "connect",
        "download",
        "already",
        "become",
        "enter",
        "your",
        "we",
        "folgen",
        "suivez",
        "síguenos",
        "siga",
        "seguici",
        "volg",
        "följ",
        "obserwuj",
        "bizi",
        "подписывайтесь",
        "подпишитесь",
        "theo",
        "关注我们",
        "フォローする",
    ]
)
_SOCIAL_WORDS = frozenset(
    [
        "share",
        "shares",
        "shared",
        "tweet",
        "pin",
        "email",
        "e",
        "mail",
        "print",
        "whatsapp",
        "facebook",
        "twitter",
        "linkedin",
        "pinterest",
        "reddit",
        "telegram",
        "flipboard",
        "instagram",
        "youtube",
        "tiktok",
        "rss",
        "copy",
        "link",
        "copied",
        "follow",
        "subscribe",
        "unsubscribe",
        "sign",
        "up",
        "log",
        "login",
        "register",
        "newsletter",
        "newsletters",
        "comment",
        "comments",
        "teilen",
        "partager",
        "compartir",
        "compartilhe",
        "condividi",
        "bagikan",
        "compartilhar",
        "поделиться",
        "udostępnij",
        "delen",
        "dela",
        "jaa",
        "paylaş",
        "sdílet",
        "megosztás",
        "distribuie",
        "κοινοποίηση",
        "chia",
        "sẻ",
        "شارك",
        "分享",
        "シェア",
        "공유",
        "공유하기",
        "x",
        "messenger",
        # Networks of other countries ("Line" and "Threads" are everyday words too: left out).
        "vk",
        "вконтакте",
        "одноклассники",
        "weibo",
        "微博",
        "新浪微博",
        "腾讯微博",
        "微信",
        "wechat",
        "qq",
        "qq空间",
        "人人",
        "人人网",
        "开心网",
        "豆瓣",
        "kakaotalk",
        "카카오톡",
        "카카오스토리",
        "mixi",
        "はてなブックマーク",
        "xing",
        "viber",
        "tumblr",
        "bluesky",
        "mastodon",
    ]
)
_FILLER = frozenset(
    [
        "this",
        "on",
        "via",
        "the",
        "us",
        "to",
        "our",
        "and",
        "or",
        "with",
        "a",
        "by",
        "for",
        "article",
        "story",
        "post",
        "page",
        "opens",
        "in",
        "new",
        "window",
    ]
)
CREDIT_WORDS = frozenset(
    [
        "getty",
        "images",
        "shutterstock",
        "istock",
        "istockphoto",
        "alamy",
        "dreamstime",
        "depositphotos",
        "ap",
        "afp",
        "reuters",
        "epa",
        "photo",
        "photos",
        "photograph",
        "photographs",
        "image",
        "picture",
        "video",
        "credit",
        "courtesy",
        "foto",
        "bild",
        "fonte",
        "crédit",
    ]
)


# Every word that some rule of line_chrome_reason needs in a line (a line's first word is one of its
# words): a line without any of them, and without the rules' other triggers, is no chrome.
_TRIGGER_WORDS = (
    _COPYRIGHT_WORDS
    | _STATUS_WORDS
    | _BROWSER_WORDS
    | _CONTROL_WORDS
    | _POSTER_STATS_WORDS
    | _ADVERTISEMENT_WORDS
    | _MORE_LINK_WORDS
    | _SOCIAL_CALL_WORDS
    | _SOCIAL_WORDS
    | CREDIT_WORDS
    | _LEGAL_WORDS
    | _NEWSLETTER_WORDS
    | _IMAGE_EXTENSIONS
    | _ADBLOCK_WORDS
    | {"ctrl"}
    | {"required"}
)
# Rules that look only at a line's first word ("Today at 3:26 AM", "Search Example.com") open the gate
# only by it: "I", "ma" or "hier" inside a sentence must not send every line through the rules.
_FIRST_WORD_TRIGGERS = _RELATIVE_DAY_WORDS | _SEARCH_WORDS


# ------------------------------------------------------------------------------------------------
# How a block of a text dump stands among its neighbours (blank lines around it or not).
# ------------------------------------------------------------------------------------------------


def standalone(blocks: Sequence[Block], index: int) -> bool:
    """True when blank lines (or the edges of the text) stand above and below the block."""
    start, end = _line_range(blocks[index])
    if not start:
        return False
    above = blocks[index - 1] if index > 0 else None
    below = blocks[index + 1] if index + 1 < len(blocks) else None
    clear_above = above is None or _line_range(above)[1] < start - 1
    clear_below = below is None or _line_range(below)[0] > end + 1
    return clear_above and clear_below


def adjacent(upper: Block, lower: Block) -> bool:
    """True when no blank line separates the two blocks of a text dump."""
    upper_end = _line_range(upper)[1]
    lower_start = _line_range(lower)[0]
    return upper_end > 0 and lower_start == upper_end + 1


_LINE_RANGE = re.compile(r"lines (\d+)-(\d+)")


def _line_range(block: Block) -> tuple[int, int]:
    match = _LINE_RANGE.fullmatch(block.source)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)
