"""Chrome rules run after jusText: page furniture removed, text dumps revised, metadata lines lifted out."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from operator import attrgetter

from pagewash.types import Metadata

from .blocks import Block
from .classify import revise_classes, weighted_length
from .dates import find_date, reads_day_first
from .line_rules import (
    MAX_CHROME_CHARS,
    MAX_CONSENT_CHARS,
    SENTENCE_END,
    adjacent,
    is_photo_credit,
    line_chrome_reason,
    line_words,
)
from .text_metadata import SENTENCE_STOP, take_dateline_and_byline, take_tags, take_title

# Section headers that introduce lists of other pages' headlines (related, popular, latest ...).
_SECTION_HEADER = re.compile(
    r"^(?:most (?:popular|read|viewed|shared|emailed|commented|watched|recent)|"
    r"trending(?: now| stories| news)?|"
    r"popular(?: now| posts| stories| articles| news| on \w+)?|related(?: articles?| stories| posts| news| "
    r"links| content| coverage| topics| reading| videos?)?|"
    r"recommended(?: for you| stories| articles| reading)?|"
    r"you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|read (?:next|also|more)|also read|"
    r"more (?:from|in|on|about) .{1,40}|more (?:stories|news|articles|headlines|videos)|"
    r"(?:latest|top|recent|other|featured) (?:news|stories|posts|articles|headlines|videos)|"
    r"editor'?s? (?:picks?|choice)|around the web|from (?:our|the) (?:partners|web)|"
    r"what(?:'s| is) (?:hot|trending|new)|don'?t miss|in case you missed it|up next|watch next|"
    r"mais lidas|leia também|veja também|lo más leído|te puede interesar|le plus lu|à lire aussi|"
    r"meistgelesen|das könnte sie auch interessieren|più letti|artikel terkait|berita terkait|terpopuler|"
    r"(?:people|customers|shoppers) (?:who (?:viewed|bought|purchased) this (?:item|product) )?also "
    r"(?:viewed|bought|purchased|liked)|(?:similar|related|recommended|sponsored) (?:items|products)|"
    r"frequently bought together|recently viewed(?: items| products)?|more to (?:explore|consider))"
    r"\s*[:›»>]?$",
    re.IGNORECASE,
)

# Comment sections in text dumps: a header, then "<name> says:" / "<name> on <date> said:" entries.
_COMMENT_HEADER = re.compile(
    r"^(?:\d+\s+(?:comments?|responses?|replies|thoughts?)(?:\s+(?:to|on)\b.*)?|comments?\s*\(\d+\)|"
    # A count of comments in more languages ("3 Kommentare", "12 commentaires", "5 комментариев").
    r"\d+\s+(?:kommentare?|commentaires?|comentarios?|comentários?|comment[io]|reacties?|kommentar(?:er)?|"
    r"kommentti(?:a)?|yorum|komentarz[ey]?|komentář(?:e|ů)?|komentár(?:e|ov)?|hozzászólás|comentarii|σχόλια|"
    r"комментари(?:й|я|ев)|коментар(?:і|ів)?|komentar|bình luận|تعليقات?)|"
    r"comments|leave a (?:reply|comment)|post a comment|add a comment|write a comment|"
    r"join the (?:discussion|conversation)|reader comments|"
    r"(?:top rated|most liked|newest|oldest) comments|"
    r"comentários|comentarios|kommentare|commentaires|commenti|komentar|комментарии|коментарі|komentarze|"
    r"reacties|kommentarer|kommentit|yorumlar|komentáře|komentáre|hozzászólások|comentarii|σχόλια|"
    r"bình luận|التعليقات|コメント|评论|評論|댓글|komentari|"
    # The comment form's call in more languages ("Deja un comentario", "Kommentar schreiben").
    r"(?:deja|escribe|añade|haz) (?:un|tu) comentario|añadir (?:un )?comentario|comentar|"
    r"(?:deixe|escreva) (?:um|seu|o seu) comentário|comente|(?:lascia|scrivi|aggiungi) un commento|"
    r"(?:schreibe?|hinterlasse|verfasse) einen kommentar|kommentare? schreiben|kommentieren|"
    r"(?:laisser|laissez|écrire|ajouter) un commentaire|commenter|plaats een reactie|"
    r"laat een reactie achter|schrijf een reactie|reageer|skriv en kommentar|lämna en kommentar|"
    r"legg igjen en kommentar|efterlad en kommentar|kommentera|kommentoi|jätä kommentti|yorum (?:yap|yaz)|"
    r"(?:dodaj|napisz|zostaw) komentarz|skomentuj|(?:napište|přidat|přidejte) komentář|"
    r"(?:napíšte|pridať|pridajte) komentár|szólj hozzá|(?:lasă|adaugă|scrie) un comentariu|"
    r"(?:αφήστε|γράψτε) (?:ένα )?σχόλιο|(?:оставить|оставьте|написать|добавить) комментарий|"
    r"(?:залишити|залиште|написати|додати) коментар|(?:остави|оставете|напишете) коментар|"
    r"(?:tulis|beri|tinggalkan) komentar|(?:để lại|viết|gửi) bình luận|(?:اترك|أضف|اكتب) تعليق[اًا]*|"
    r"コメントを(?:書く|残す|投稿)|コメントする|(?:发表|發表)(?:评论|評論|留言)|写评论|댓글\s?(?:쓰기|달기)|"
    r"แสดงความคิดเห็น|ความคิดเห็น|(?:הוסף|כתוב|הוספת) תגובה|תגובות|komentāri|komentēt|"
    r"pievienot komentāru|komentarai|komentuoti|kommentaarid|kommenteeri|(?:ostavi|napiši) komentar|"
    r"komentiraj|komentarji|коментари)\s*[:(]?.{0,3}$",
    re.IGNORECASE,
)
# WordPress-style entries ("Jane says:", "2. [avatar]Jane says", "Jane on March 3, 2021 at 9:12 am
# said:"); a bare "Jane said:" or "Jane wrote:" is how forums introduce a quoted post, and a forum's
# posts are its content.
_COMMENT_SIGNATURE = re.compile(
    r"^(?:\d+\.\s+)?(?:\[\w+\]\s*)?[\w .'@\-]{1,40}?\s+says\s*:?\s*$|"
    r"^[\w .'@\-]{1,40}?\s+on\s+.{6,40}?\s+(?:says|said|wrote)\s*:?\s*$",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(r"\blorem ipsum\b", re.IGNORECASE)
_BRACKETED = re.compile(r"^(?:\[[^\]]*\]\s*)+$")
_FILE_NAME = re.compile(r"^[\w\-. ]+\.(?:jpe?g|png|gif|webp|svg|bmp|mp4|pdf)$", re.IGNORECASE)
# A percent-escaped byte ("%E1%80%94"): an address of a page in a non-Latin script, spelled for a URL.
_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
# An image whose address carries a query of two parameters or more: a tracking pixel's markup, which a
# renderer prints as text from a <noscript> ("<img src=\"https://stats.example/?c1=2&c2=1974\" ...").
_TRACKING_IMAGE = re.compile(r"""<img\b[^>]*?\bsrc=["']?[^"'\s>]*\?[^"'\s>]*&""", re.IGNORECASE)

_CLASS_TYPE = attrgetter("class_type")
# Text dumps: runs of more short lines than this between prose are menus or headline lists ...
_MAX_SHORT_RUN = 4
# ... while up to this many blocks between two good ones are the article's own (a quote, figures).
_MAX_FILLED_GAP = 5
# ... and any number when their lines hold this many words on average (a table, a page of code).
_MIN_GAP_WORDS = 4
# A comment section is cut only below at least this much of the article's good text.
_MIN_ARTICLE_ABOVE_COMMENTS = 200
# HTML: at most this many blocks between two kept ones are a list inside the article.
_MAX_LIST_GAP = 40
# The main-region pass: see _keep_main_region.
_SEPARATOR_BLOCK_COST = 20.0
_MAX_SEPARATOR_COST = 300.0
_MIN_REGION_SHARE = 0.1
# ... where lines taken out as metadata, as a forum's note on each post's author, as a post's counters
# and a listing's controls, or as a post's time of day stand inside the article (a thread, a listing),
# not between it and something else.
_INSIDE_ARTICLE_REASONS = ("metadata:", "chrome:poster-stats", "chrome:controls", "chrome:timestamp")
# An HTML page without an article keeps its remaining text when it has at least this many words.
_MIN_PAGE_TEXT_WORDS = 20
# Text dumps: the article starts where this much good text follows within this many blocks.
_SUPPORT_SPAN = 6
_MIN_SUPPORT_CHARS = 400


def apply_chrome_rules(blocks: Sequence[Block], *, fmt: str, known: Metadata, language: str = "") -> Metadata:
    """Remove page furniture jusText kept and pull metadata out of the text.

    Runs after jusText's classification. Every removal goes through `block.remove(reason)` with a reason
    "chrome:<rule>" or "metadata:<field>". Returns the metadata found in the text (title, authors,
    published, tags); the caller fills only the fields it does not know yet.
    `fmt` is "text" for text dumps, where every rule applies, or "html", where chrome subtrees were pruned
    before classification and only line rules that cannot hit article prose run. `language` (the page's,
    ISO 639-1) says how its all-digit dates read ("05/03/2024": the 5th of March outside English).
    """
    if not blocks:
        return Metadata()
    text_dump = fmt != "html"
    _remove_placeholder_text(blocks)
    if text_dump:
        _remove_render_artifacts(blocks)
        _revise_text_dump(blocks)
    body_start = _body_start(blocks, text_dump)
    title = take_title(blocks, body_start, known.title, text_dump, known.url)
    published, authors = take_dateline_and_byline(
        blocks,
        body_start,
        text_dump,
        date_elsewhere=text_dump and not known.published,
        author_elsewhere=not known.authors,
        day_first=reads_day_first(language),
        language=language,
    )
    tags = take_tags(blocks, body_start)
    _remove_author_box(blocks, body_start)
    _remove_line_chrome(blocks, body_start, text_dump)
    _remove_sections(blocks, body_start, text_dump)
    if text_dump:
        _remove_comments(blocks, body_start)
        _remove_repeats(blocks)
        _keep_main_region(blocks)
    else:
        _remove_comment_section(blocks, body_start)
        _keep_lists_and_headings_inside_article(blocks)
    return Metadata(title=title, authors=authors, published=published, tags=tags)


def _remove_author_box(blocks: Sequence[Block], body_start: int) -> None:
    """Cut an author box below the article: an "About the author" heading and the few blocks under it
    (the name, the bio, the profile links), up to the next heading. The byline rules have read it
    already; a reader of the article text does not want it."""
    above = 0
    for index in range(body_start, len(blocks)):
        block = blocks[index]
        text = block.text
        if (
            above >= _MIN_ARTICLE_ABOVE_COMMENTS
            and len(text) <= 40
            and text.lstrip()[:1] in _ABOUT_OPENERS  # most lines, without the regex
            and _ABOUT_AUTHOR.fullmatch(text.strip())
        ):
            block.remove("chrome:author-box")
            for later in blocks[index + 1 : index + 1 + _AUTHOR_BOX_BLOCKS]:
                if later.kind == "heading":
                    break
                if not later.reason:
                    later.remove("chrome:author-box")
            return
        if block.kept and block.cf_class == "good":
            above += len(text)


# An author box: a name, a bio, a line of links.
_AUTHOR_BOX_BLOCKS = 3
_ABOUT_OPENERS = frozenset("AaÀàÜüSsOoОо")
_ABOUT_AUTHOR = re.compile(
    r"(?:about the (?:author|writer|contributor)s?|über (?:den|die) autor(?:in)?|à propos de l'auteur|"
    r"sobre (?:el|la|o|a) autor(?:a)?|sull'autore|over de auteur|o autorze|об авторе)\s*:?",
    re.IGNORECASE,
)


def _remove_placeholder_text(blocks: Sequence[Block]) -> None:
    """Drop a template's filler ("Lorem ipsum dolor sit amet…") left in a published page: no article
    is written in it, and jusText finds its Latin wordy enough to keep."""
    # A case-blind regex over every block costs several percent of a page; a plain substring search of
    # the kept text rules out nearly every page first.
    joined = "\n".join([block.text for block in blocks if block.kept])
    if "psum" not in joined and "PSUM" not in joined:
        return
    for block in blocks:
        if block.kept and _PLACEHOLDER.search(block.text):
            block.remove("chrome:placeholder")


# ------------------------------------------------------------------------------------------------
# Where the article starts.
# ------------------------------------------------------------------------------------------------


def _body_start(blocks: Sequence[Block], text_dump: bool) -> int:
    """Index of the article's first paragraph: the first kept block jusText found good (or near good
    and of some length) on its own, else the first kept block, else the longest block.

    In a text dump a lone good paragraph with little good text after it (a cookie notice, a promo above
    the article) is passed over for the first one that starts a run of prose."""
    first: int | None = None
    for index, block in enumerate(blocks):
        if block.kept and _starts_prose(block):
            if not text_dump or _supported(blocks, index):
                return index
            if first is None:
                first = index
    if first is not None:
        return first
    for index, block in enumerate(blocks):
        if block.kept and len(block.text) >= 70:
            return index
    return max(range(len(blocks)), key=lambda i: len(blocks[i].text))


def _starts_prose(block: Block) -> bool:
    return block.cf_class == "good" or (block.cf_class == "neargood" and len(block.text) >= 120)


def _supported(blocks: Sequence[Block], index: int) -> bool:
    """Whether the good text in the few blocks from `index` on amounts to an article's opening."""
    good = 0
    for block in blocks[index : index + _SUPPORT_SPAN]:
        if block.kept and _starts_prose(block):
            good += len(block.text)
    return good >= _MIN_SUPPORT_CHARS


# ------------------------------------------------------------------------------------------------
# Line rules.
# ------------------------------------------------------------------------------------------------


def _remove_line_chrome(blocks: Sequence[Block], body_start: int, text_dump: bool) -> None:
    for index, block in enumerate(blocks):
        if block.reason or not block.kept or len(block.text) > MAX_CONSENT_CHARS:
            continue
        reason = line_chrome_reason(block.text, top=index < body_start)
        if reason:
            block.remove(reason)
    if text_dump:
        _remove_caption_before_credit(blocks)


def _remove_caption_before_credit(blocks: Sequence[Block]) -> None:
    """In a text dump, the short line right above a photo credit is that photo's caption."""
    for index in range(1, len(blocks)):
        block = blocks[index]
        if block.reason != "chrome:photo-credit" and (
            block.reason or len(block.text) > 200 or not is_photo_credit(block.text)
        ):
            continue
        above = blocks[index - 1]
        if above.reason or len(above.text) > 200 or not adjacent(above, block):
            continue
        above.remove("chrome:caption")


# ------------------------------------------------------------------------------------------------
# Sections: "Most Popular", "Related" ... and the headlines that follow them.
# ------------------------------------------------------------------------------------------------


def _remove_sections(blocks: Sequence[Block], body_start: int, text_dump: bool) -> None:
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if len(block.text) > 60 or not _is_section_header(block.text):
            index += 1
            continue
        if block.kept:
            block.remove("chrome:section")
        index += 1
        # The headlines listed under the header go with it, up to the first real paragraph.
        while index < len(blocks) and _is_listed_headline(blocks[index], text_dump):
            if blocks[index].kept:
                blocks[index].remove("chrome:section")
            index += 1


def _is_section_header(text: str) -> bool:
    # The line's first word when the line opens with one (WORD.match on the lowercased line): the
    # cached words give it without another regex pass (\w is isalnum() or "_").
    opening = text[:1].lower()[:1]
    if not (opening.isalnum() or opening == "_"):
        return False
    words = line_words(text)
    if not words:
        return False
    if words[0] in _SECTION_FIRST_WORDS and _SECTION_HEADER.match(text.strip()):
        return True
    return (
        words[0] in _SECTION_PHRASE_FIRST_WORDS
        and text.lower().strip(_HEADER_PUNCTUATION) in _SECTION_PHRASES
    )


_HEADER_PUNCTUATION = " :›»>|-–—"
# The same headers in more languages, as whole lines (lowercased): related articles, most read, read also,
# you may also like.
_SECTION_PHRASES = frozenset(
    line.strip()
    for line in """
    ähnliche artikel|weitere artikel|mehr zum thema|lesen sie auch|auch interessant|meistgelesene artikel
    articles similaires|articles liés|sur le même sujet|les plus lus|lire aussi|à lire également
    vous aimerez aussi|vous aimerez peut-être aussi|dans la même rubrique
    artículos relacionados|noticias relacionadas|lo más visto|también te puede interesar|lee también
    más noticias|te recomendamos|artigos relacionados|notícias relacionadas|mais vistas
    você também pode gostar|articoli correlati|notizie correlate|potrebbe interessarti
    ti potrebbe interessare|leggi anche|gerelateerde artikelen|meest gelezen|lees ook|ook interessant
    powiązane artykuły|podobne artykuły|najczęściej czytane|czytaj także|czytaj też|zobacz też
    zobacz także|похожие статьи|похожие новости|читайте также|самое читаемое|другие новости
    схожі статті|читайте також|інші новини|relaterade artiklar|mest lästa|läs också|läs även
    relaterede artikler|mest læste|læs også|relaterte artikler|mest leste|les også
    aiheeseen liittyvät|luetuimmat|lue myös|ilgili haberler|benzer haberler|en çok okunanlar
    ilginizi çekebilir|bunlar da ilginizi çekebilir|související články|nejčtenější|čtěte také
    mohlo by vás zajímat|súvisiace články|najčítanejšie|čítajte aj|kapcsolódó cikkek|legolvasottabb
    ezek is érdekelhetnek|articole similare|articole asemănătoare|cele mai citite|citește și
    σχετικά άρθρα|διαβάστε επίσης|τα πιο δημοφιλή|bài viết liên quan|tin liên quan|đọc nhiều nhất
    xem nhiều nhất|tin cùng chuyên mục|مقالات ذات صلة|أخبار ذات صلة|الأكثر قراءة|اقرأ أيضا|اقرأ أيضاً
    مواضيع ذات صلة|संबंधित खबरें|संबंधित ख़बरें|यह भी पढ़ें|ये भी पढ़ें|関連記事|人気記事|おすすめ記事
    あわせて読みたい|こちらもおすすめ|相关文章|相關文章|相关阅读|热门文章|熱門文章|推荐阅读|猜你喜欢
    相关新闻|관련 기사|관련기사|많이 본 뉴스|인기 기사|baca juga|berita lainnya|artikel lainnya
    saistītie raksti|līdzīgi raksti|lasi arī|lasiet arī|populārākie raksti|susiję straipsniai
    skaitykite taip pat|populiariausi straipsniai|seotud artiklid|loe ka|loetumad|povezani članci
    povezane vijesti|povezane vesti|vezane vijesti|pročitajte još|pročitajte i|najčitanije|povezani članki
    sorodni članki|preberite še|najbolj brano|свързани статии|още по темата|най-четени|прочетете още
    повезане вести|најчитаније|notícies relacionades|articles relacionats|el més llegit|més llegides
    lo más leído|más leídas|las más leídas|también le puede interesar|te puede interesar
    contenido relacionado|mais lidas|as mais lidas|conteúdo relacionado|les plus populaires
    sur le même thème|à découvrir aussi|i più letti|articoli più letti|verwandte artikel
    passend zum thema|das könnte dich auch interessieren|meer nieuws|gerelateerd nieuws
    เรื่องที่เกี่ยวข้อง|ข่าวที่เกี่ยวข้อง|บทความที่เกี่ยวข้อง|ข่าวยอดนิยม|כתבות נוספות|כתבות קשורות
    הנקראים ביותר|עוד בנושא|مطالب مرتبط|اخبار مرتبط|پربازدیدترین|بیشتر بخوانید|berita berkaitan
    artikel berkaitan|सबसे ज्यादा पढ़ी गई|लोकप्रिय खबरें|популярное|популярні новини
    相关内容|相關內容|相关链接|相關連結|延伸阅读|延伸閱讀|更多新闻|更多新聞|热门新闻|熱門新聞|关联新闻
    """.replace("\n", "|").split("|")
    if line.strip()
)
_SECTION_PHRASE_FIRST_WORDS = frozenset(line_words(phrase)[0] for phrase in _SECTION_PHRASES)


_SECTION_FIRST_WORDS = frozenset(
    [
        "most",
        "trending",
        "popular",
        "related",
        "recommended",
        "you",
        "read",
        "also",
        "more",
        "latest",
        "top",
        "recent",
        "other",
        "featured",
        "editor",
        "editors",
        "around",
        "from",
        "what",
        "whats",
        "don",
        "dont",
        "in",
        "up",
        "watch",
        "mais",
        "leia",
        "veja",
        "lo",
        "te",
        "le",
        "à",
        "meistgelesen",
        "das",
        "più",
        "artikel",
        "berita",
        "terpopuler",
        "people",
        "customers",
        "shoppers",
        "similar",
        "sponsored",
        "frequently",
        "recently",
    ]
)


def _is_listed_headline(block: Block, text_dump: bool) -> bool:
    text = block.text
    if block.reason:
        return True
    if not text_dump:
        # On HTML only link lists: a headline there is a link.
        return block.link_chars >= 0.5 * len(text) > 0
    if block.kind == "list_item":
        return len(text) <= 250
    # A script written without spaces packs a line's worth of words into a third of the characters;
    # and it ends its sentences with its own full stop ("。", "।"), which no headline ends with.
    if weighted_length(text) > 160 or _OTHER_FULL_STOP.search(text):
        return False
    return not SENTENCE_END.search(text) or find_date(text) != ""


_OTHER_FULL_STOP = re.compile(r"[。．।॥။۔]$")


# ------------------------------------------------------------------------------------------------
# Text-dump specific: renderer artifacts, comment sections, repeated lines.
# ------------------------------------------------------------------------------------------------


def _remove_render_artifacts(blocks: Sequence[Block]) -> None:
    """w3m and lynx render images as "[alt]", form controls as "[ ]" / "[Submit]", and some renderers
    print image file names, a tracking pixel's markup or the escaped addresses of its query: none of it
    is prose. (Markup in general may be a documentation page's example, and is left alone.)"""
    for block in blocks:
        text = block.text
        if (
            (text[:1] == "[" and _BRACKETED.match(text))
            or (" " not in text and _FILE_NAME.match(text))
            or ("%" in text and 6 * len(_PERCENT_ESCAPE.findall(text)) >= len(text))
            or (text[:1] == "<" and _TRACKING_IMAGE.search(text))
        ):
            block.remove("chrome:render-artifact")


def _revise_text_dump(blocks: Sequence[Block]) -> None:
    """Redo jusText's context pass over the context-free classes for a text dump.

    Classification keeps whatever lies between two good blocks unless links mark it as navigation;
    a text dump has no links, so that would keep whole menus between a site blurb and the article."""
    revise_classes(blocks)
    _rescue_short_article(blocks)
    _drop_short_runs(blocks)
    _fill_short_gaps(blocks)


def _drop_short_runs(blocks: Sequence[Block]) -> None:
    """jusText keeps a short block whose nearest long neighbours are good; in a text dump, where a
    menu or a list of headlines prints as one short line per entry, a long run of short lines between
    two stretches of prose is such a list unless its lines read as sentences."""
    index = 0
    while index < len(blocks):
        if blocks[index].cf_class != "short":
            index += 1
            continue
        end = index
        while end < len(blocks) and blocks[end].cf_class == "short":
            end += 1
        run = blocks[index:end]
        if len(run) > _MAX_SHORT_RUN and not _reads_as_sentences(run):
            for block in run:
                if block.class_type == "good":
                    block.class_type = "bad"
        index = end


def _reads_as_sentences(run: Sequence[Block]) -> bool:
    ending = sum(1 for block in run if SENTENCE_STOP.search(block.text))
    return ending * 2 >= len(run)


def _fill_short_gaps(blocks: Sequence[Block]) -> None:
    """Keep a few blocks standing between two good ones (a short quote, a line of figures): the
    article's own, while a long run between good blocks is a menu or a list of teasers. A longer run
    is kept too when its lines average a few words (a list of steps, a table's rows, a page of code),
    which menu entries do not, however long it is: a reference table or a course schedule runs to
    dozens of rows, and its rows hold too few stopwords to be good on their own. A line's words are
    counted as at most a third of its characters: a Chinese or Japanese menu entry ("国際・アジア")
    counts each character a word, and a row of single digits is no sentence either."""
    good = [index for index, block in enumerate(blocks) if block.class_type == "good"]
    for start, end in itertools.pairwise(good):
        gap = blocks[start + 1 : end]
        if not gap:
            continue
        if len(gap) > _MAX_FILLED_GAP:
            words = sum(min(block.word_count(), len(block.text) // 3 + 1) for block in gap)
            if words < _MIN_GAP_WORDS * len(gap):
                continue
        for block in gap:
            if not block.reason:
                block.class_type = "good"


def _rescue_short_article(blocks: Sequence[Block]) -> None:
    """When jusText found no good block at all, the article is made of paragraphs too short for its
    "good" class (a news brief in a text dump has no markup to vouch for it): take the near-good
    blocks as good and let jusText's context revision run again."""
    if "good" in map(_CLASS_TYPE, blocks):
        return
    promoted = [block for block in blocks if block.cf_class == "neargood" and not block.reason]
    if not promoted:
        return
    for block in promoted:
        block.cf_class = "good"
    revise_classes(blocks)
    for block in promoted:
        block.cf_class = "neargood"


def keep_text_of_page_without_article(blocks: Sequence[Block], at_least: int = 0) -> bool:
    """On a page where next to nothing reads as an article (a listing, a catalogue, a product grid: short
    linked items jusText calls bad), the text that pruning and the chrome rules left is the page's
    content, when it holds at least `_MIN_PAGE_TEXT_WORDS` words (and `at_least`), and as many beyond the
    text already kept: a short post's own text with a few links under it ("← Previous post", "Contact")
    is the post. Returns whether it was kept.

    Run once the reading is chosen (after an HTML page's quality gate): an unpruned reading kept this way
    would bring the navigation with it."""
    remaining = [block for block in blocks if not block.reason and block.text and not block.text.isspace()]
    added = sum(block.word_count() for block in remaining if block.class_type != "good")
    if added < _MIN_PAGE_TEXT_WORDS:
        return False
    if sum(block.word_count() for block in remaining) < max(_MIN_PAGE_TEXT_WORDS, at_least):
        return False
    for block in remaining:
        block.class_type = "good"
    return True


def _remove_comments(blocks: Sequence[Block], body_start: int) -> None:
    """Cut a comment section: from a comments header (or the first of several "<name> says:" lines)
    that stands below at least a paragraph of the article, every kept block goes."""
    good_chars = 0
    signatures = [
        index
        for index, block in enumerate(blocks)
        if len(block.text) <= 120
        and not _SIGNATURE_WORDS.isdisjoint(line_words(block.text))
        and _COMMENT_SIGNATURE.match(block.text)
    ]
    first_signature = signatures[0] if len(signatures) >= 2 else len(blocks)
    for index, block in enumerate(blocks):
        if index > body_start and good_chars >= _MIN_ARTICLE_ABOVE_COMMENTS:
            text = block.text
            header = (
                (len(text) <= 80 or text[:1] in _COUNT_OPENERS)  # most blocks, without a call
                and _is_comment_header(text)
                and not _is_action_under_every_post(blocks, body_start, text)
                and not _is_count_of_each_post(blocks, body_start, text)
            )
            if header or index == first_signature:
                for later in blocks[index:]:
                    if not later.reason:
                        later.remove("chrome:comments")
                return
        if block.kept and block.cf_class == "good":
            good_chars += len(block.text)


def _is_action_under_every_post(blocks: Sequence[Block], body_start: int, text: str) -> bool:
    """Whether a comment header is an action link said more than once below the article's start
    ("Add a comment" on a question and on each of its answers): the posts' link, not the start of a
    comment section. A count or a title said twice ("1 comment" in the byline and over the thread)
    still starts one. (Counted only for such a line: most pages have none.)"""
    match = _COMMENT_ACTION.match(text)
    if not match:
        return False
    # "Add a comment |" under the question and "Add a comment" under each answer are one link.
    action = match.group(0).lower()
    return sum(block.text[: len(action)].lower() == action for block in blocks[body_start:]) > 1


def _is_count_of_each_post(blocks: Sequence[Block], body_start: int, text: str) -> bool:
    """Whether a comment count heads the posts of a thread ("76 Replies") or is one post's or item's
    count among others ("6 Comments" under a question, "3 Comments" under an answer; a listing's "14
    comments" under each teaser), not the start of a comment section. A count said twice the same
    ("5 Comments" in the byline and over the comments) still starts one."""
    if not text[:1].isdigit():
        return False
    if _THREAD_REPLIES_LINE.match(text):
        return True
    return any(
        block.text != text and block.text[:1].isdigit() and _is_comment_header(block.text)
        for block in blocks[body_start:]
    )


def _remove_comment_section(blocks: Sequence[Block], body_start: int) -> None:
    """HTML: cut the kept blocks from a comments heading down ("Top Rated Comments", "12 Comments on
    “Title”") when the page has one such heading below a paragraph of the article, besides at most
    one heading of the comment form ("Leave a Reply"). Several ("Comments" over each answer of a Q&A
    page) head each post's comments, and a thread's "76 Replies" heads a forum's posts, which are its
    content. (Pruning by class and id took most comment sections before.)"""
    headers = [
        index
        for index in range(body_start + 1, len(blocks))
        if blocks[index].kind == "heading" and _is_comment_header(blocks[index].text)
    ]
    forms = [index for index in headers if _COMMENT_FORM.match(blocks[index].text.strip())]
    titled = [index for index in headers if index not in forms]
    if len(titled) > 1 or len(forms) > 1 or not headers:
        return
    if titled and _THREAD_REPLIES.match(blocks[titled[0]].text.strip()):
        return
    first = headers[0]
    above = sum(len(block.text) for block in blocks[:first] if block.kept and block.cf_class == "good")
    if above < _MIN_ARTICLE_ABOVE_COMMENTS:
        return
    for block in blocks[first:]:
        if not block.reason:
            block.remove("chrome:comments")


def _is_comment_header(text: str) -> bool:
    """A line that heads a comment section: "Comments", "12 Responses", "Leave a Reply", or a blog's
    "12 Comments on “<the post's title>”", which is as long as the title it quotes."""
    length = len(text)
    if length > 80 and (length > _MAX_COMMENT_HEADER_CHARS or text[:1] not in _COUNT_OPENERS):
        return False
    # Scripts that \w splits inside words (Thai vowel signs) or not between them (Japanese) cannot be
    # gated by a word; their lines go to the regex.
    if text.isascii() and _COMMENT_WORDS.isdisjoint(line_words(text)):
        return False
    stripped = text.strip()
    if length <= 80 and _COMMENT_HEADER.match(stripped):
        return True
    return _COMMENTS_ON_TITLE.match(stripped) is not None


_MAX_COMMENT_HEADER_CHARS = 250
# How a count over comments starts: a digit, or "One"/"Two"/"Three".
_COUNT_OPENERS = frozenset("0123456789OoTt")
_COMMENTS_ON_TITLE = re.compile(
    r"^(?:\d+|one|two|three)\s+(?:comments?|responses?|replies|thoughts?)\s+(?:to|on)\s+"
    r"[“\"'‘«„].+[”\"'’»“]$",
    re.IGNORECASE,
)
_THREAD_REPLIES = re.compile(r"\d[\d,.]*\s+repl", re.IGNORECASE)
# ... and the whole line of one in a text dump ("15 Replies to “Title”" heads a blog's comments).
_THREAD_REPLIES_LINE = re.compile(r"[1-9][\d,.]*\s+repl(?:y|ies)\s*$", re.IGNORECASE)
_SIGNATURE_WORDS = frozenset(("says", "said", "wrote", "writes"))
_COMMENT_ACTION = re.compile(r"(?:add|leave|post|write) an? (?:comment|reply)\b", re.IGNORECASE)
# The heading over a comment form, which blogs put above or below the comments.
_COMMENT_FORM = re.compile(rf"{_COMMENT_ACTION.pattern}|join the (?:discussion|conversation)", re.IGNORECASE)
_COMMENT_WORDS = frozenset(
    [
        "comment",
        "comments",
        "response",
        "responses",
        "replies",
        "reply",
        "thought",
        "thoughts",
        "discussion",
        "conversation",
        "comentários",
        "comentarios",
        "kommentare",
        "commentaires",
        "commenti",
        "komentar",
        "комментарии",
        "коментарі",
        "komentarze",
        "reacties",
        "kommentarer",
        "kommentit",
        "yorumlar",
        "komentáře",
        "komentáre",
        "hozzászólások",
        "comentarii",
        "σχόλια",
        "luận",
        "التعليقات",
        "コメント",
        "评论",
        "評論",
        "댓글",
        "komentari",
        # The comment form's calls in Latin letters ("Deja un comentario", "Kommentar schreiben").
        "comentar",
        "comente",
        "commenta",
        "commenter",
        "kommentieren",
        "reageer",
        "kommentera",
        "kommentoi",
        "skomentuj",
        "komentuoti",
        "kommentaarid",
        "kommenteeri",
        "komentiraj",
        "komentarji",
        "komentēt",
        "komentāri",
        "komentāru",
        "komentarai",
        "comentariu",
        "komentár",
        "hozzá",
        # The forms a count takes ("1 Kommentar", "5 комментариев").
        "kommentar",
        "commentaire",
        "comentario",
        "comentário",
        "commento",
        "reactie",
        "kommentti",
        "kommenttia",
        "yorum",
        "komentarz",
        "komentarzy",
        "komentář",
        "komentářů",
        "komentárov",
        "hozzászólás",
        "комментарий",
        "комментария",
        "комментариев",
        "коментар",
        "коментарів",
        "تعليق",
        "تعليقات",
    ]
)


# A call ("f(x)"). With the two tests of _looks_like_code this was one regex, tried at every position.
_CALL = re.compile(r"\w\([^()]*\)")


def _looks_like_code(text: str) -> bool:
    """A line of code: ending in { } ; or =, starting a comment (// # /* *), or holding a call."""
    end = text.rstrip()[-1:]
    return (
        (end != "" and end in "{};=")
        or text.lstrip().startswith(("//", "#", "/*", "*"))
        or ("(" in text and _CALL.search(text) is not None)
    )


def _keep_main_region(blocks: Sequence[Block]) -> None:
    """Drop kept islands far from the article in a text dump.

    Each block scores its kept prose (+length for good, +length/2 for near-good) or the furniture that
    was dropped (-length up to 100, -20 more per block, a run of it costing at most
    `_MAX_SEPARATOR_COST`; code lines and lines taken out inside the article cost nothing). The
    best-scoring stretches (maximum subarrays) are the article's; kept blocks in a stretch scoring under
    `_MIN_REGION_SHARE` of the best one go: teasers and widgets that jusText found wordy enough,
    separated from the article by menus."""
    values: list[float] = []
    run = 0.0
    for block in blocks:
        text = block.text
        if not block.reason and block.class_type == "good":  # block.kept, without the property call
            run = 0.0
            if block.cf_class == "good":
                values.append(len(text))
            elif block.cf_class == "neargood":
                values.append(len(text) * 0.5)
            else:
                values.append(0.0)
        elif block.reason.startswith(_INSIDE_ARTICLE_REASONS) or (
            len(text) <= 120 and _looks_like_code(text)
        ):
            values.append(0.0)
        else:
            cost = min(len(text), 100) + _SEPARATOR_BLOCK_COST
            cost = max(0.0, min(cost, _MAX_SEPARATOR_COST - run))
            run += cost
            values.append(-cost)
    segments = _positive_stretches(values)
    if not segments:
        return
    best = max(segment[0] for segment in segments)
    inside = [False] * len(blocks)
    for score, first, end in segments:
        if score >= _MIN_REGION_SHARE * best:
            inside[first:end] = [True] * (end - first)
    for index, block in enumerate(blocks):
        if not inside[index] and block.kept:
            block.remove("chrome:outside-article")


def _keep_lists_and_headings_inside_article(blocks: Sequence[Block]) -> None:
    """Keep the list items that stand between two kept blocks of one container below <body>: a
    documentation page's table of contents, an article's list of sources. jusText calls linked items
    bad; inside the article's own element they are its content, while related-links lists stand after
    it or in other containers. So is a heading there right above a kept block: the title of a section,
    a listing's item or a post whose text was kept (jusText calls it bad when it is a link). Removed
    blocks (chrome, metadata) stay removed."""
    kept = [index for index, block in enumerate(blocks) if block.kept]
    for upper, lower in itertools.pairwise(kept):
        if lower - upper < 2 or lower - upper - 1 > _MAX_LIST_GAP:
            continue
        container = _shared_container(blocks[upper].source, blocks[lower].source)
        if not container:
            continue
        for index in range(upper + 1, lower):
            block = blocks[index]
            if (
                (block.kind == "list_item" or (block.kind == "heading" and index + 1 == lower))
                and not block.reason
                and block.source.startswith(container)
            ):
                block.class_type = "good"


def _shared_container(first: str, second: str) -> str:
    """The deepest element path both XPaths run through, with its trailing "/"; "" when it is <body>
    or above."""
    steps = first.split("/")
    shared = 0
    for mine, theirs in zip(steps, second.split("/"), strict=False):
        if mine != theirs:
            break
        shared += 1
    # ["", "html", "body", "div[2]", ...]: at least one element below <body>.
    return "/".join(steps[:shared]) + "/" if shared >= 4 else ""


def _positive_stretches(values: Sequence[float]) -> list[tuple[float, int, int]]:
    """Disjoint stretches [start, end) of positive total, each cut at its best prefix, as
    (score, start, end); what follows a stretch's best point is searched again on its own."""
    stretches: list[tuple[float, int, int]] = []
    position = 0
    while position < len(values):
        total, start, peak, peak_end = 0.0, position, 0.0, position
        index = position
        while index < len(values):
            value = values[index]
            if total + value <= 0:
                if peak > 0:
                    break
                total, start, peak_end = 0.0, index + 1, index + 1
            else:
                total += value
                if total > peak:
                    peak, peak_end = total, index + 1
            index += 1
        if peak <= 0:
            break
        stretches.append((peak, start, peak_end))
        position = peak_end
    return stretches


def _remove_repeats(blocks: Sequence[Block]) -> None:
    """A line printed more than once on a page (a teaser's headline beside its image link, a menu
    repeated in the footer) is navigation, not article prose, which does not repeat itself."""
    counts = Counter(block.text for block in blocks if block.text)
    for block in blocks:
        if (
            block.kept
            and counts[block.text] > 1
            and len(block.text) <= MAX_CHROME_CHARS
            and len(line_words(block.text)) >= 2
        ):
            block.remove("chrome:repeated")
