"""Chrome rules run after jusText: remove page furniture it keeps, and lift title, date, byline and tags
out of the text into metadata."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache

from pagewash.types import Metadata

from .blocks import Block
from .classify import revise_classes
from .dates import find_date, search_date

# ------------------------------------------------------------------------------------------------
# Lines that are chrome wherever they stand (short blocks only: a sentence of the article that
# mentions "share" or "cookies" is not a widget).
# ------------------------------------------------------------------------------------------------

_COPYRIGHT = re.compile(
    r"©|\(c\)\s*(?:19|20)\d\d|\bcopyright\b|all rights reserved|alle rechte vorbehalten|"
    r"tous droits réservés|todos los derechos reservados|todos os direitos reservados|"
    r"tutti i diritti riservati|alle rechten voorbehouden|wszelkie prawa zastrzeżone|"
    r"все права защищены|hak cipta dilindungi|版权所有|版權所有|無断転載|무단\s*전재",
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
    r"leia mais|saiba mais|carica altri|leggi anche|leggi tutto|baca juga|selengkapnya)\b",
    re.IGNORECASE,
)
_SOCIAL_CALL = re.compile(
    r"^(?:share (?:this|on|via|the)|click to (?:share|email|print)|follow (?:us|me|@)|"
    r"subscribe (?:to|now|for|today)|sign up (?:for|to|now|today)|get (?:our|the) (?:\w+ )?newsletter|"
    r"join (?:our|the) (?:mailing list|newsletter)|like us on|find us on|connect with us|"
    r"download (?:our|the) app|already a subscriber|become a (?:member|subscriber)|"
    r"enter your email|your email address|we respect your privacy)",
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
_COOKIE = re.compile(r"\bcookies?\b", re.IGNORECASE)
_COOKIE_CONTEXT = re.compile(
    r"\b(?:use|uses|using|accept|consent|policy|settings|preferences|browser|experience|analytics)\b",
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
    r"meistgelesen|das könnte sie auch interessieren|più letti|artikel terkait|berita terkait|terpopuler)"
    r"\s*[:›»>]?$",
    re.IGNORECASE,
)

# Comment sections in text dumps: a header, then "<name> says:" / "<name> on <date> said:" entries.
_COMMENT_HEADER = re.compile(
    r"^(?:\d+\s+(?:comments?|responses?|replies|thoughts?)(?:\s+(?:to|on)\b.*)?|comments?\s*\(\d+\)|"
    r"comments|leave a (?:reply|comment)|post a comment|add a comment|write a comment|"
    r"join the (?:discussion|conversation)|reader comments|"
    r"(?:top rated|most liked|newest|oldest) comments|"
    r"comentários|comentarios|kommentare|commentaires|commenti|komentar)\s*[:(]?.{0,3}$",
    re.IGNORECASE,
)
# WordPress-style entries ("Jane says:", "Jane on March 3, 2021 at 9:12 am said:"); a bare "Jane said:"
# or "Jane wrote:" is how forums introduce a quoted post, and a forum's posts are its content.
_COMMENT_SIGNATURE = re.compile(
    r"^(?:\d+\.\s+)?[\w .'@\-]{1,40}?\s+says\s*:?\s*$|"
    r"^[\w .'@\-]{1,40}?\s+on\s+.{6,40}?\s+(?:says|said|wrote)\s*:?\s*$",
    re.IGNORECASE,
)

# ------------------------------------------------------------------------------------------------
# Bylines, tags.
# ------------------------------------------------------------------------------------------------

_DATE_WORDS = re.compile(
    r"\b(?:published|posted|updated|last updated|modified|last modified|created|date|on|at|am|um|le|el|em|"
    r"il|pada|publicado|publié|veröffentlicht|aktualisiert|atualizado|actualizado|pubblicato|diterbitkan|"
    r"mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"gmt|utc|[a-z]{1,3}[sd]t|et|pt|ct|wib|uhr|ago|hours?|minutes?|mins?|read|reading|time)\b\.?",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"(?:^|[\s|,–—-])(?:(?i:by|written by|posted by|words by|story by|reported by|authors?)|"
    r"[Vv]on|[Pp]ar|[Pp]or|di|[Oo]leh|[Dd]oor|av|[Aa]utor|[Aa]uteur|[Aa]utore|[Pp]enulis)\s*:?\s+"
    r"(?P<names>[^\W\d_][\w.'’\-]*(?:(?:\s+|\s*,\s*)(?:[^\W\d_][\w.'’\-]*|&|and|und|et|y|e|dan|en|og|och))*)"
)
_GLUED_DATE_WORD = re.compile(
    r"([a-z])((?:Published|Updated|Posted|Last updated|Modified|Reviewed|Fact checked|In|On)\b)"
)
_NAME_SPLIT = re.compile(r"\s*(?:,|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bdan\b|\ben\b|\bog\b|\boch\b)\s*")
_NAME_PARTICLES = frozenset(
    (
        "de",
        "da",
        "do",
        "dos",
        "das",
        "del",
        "della",
        "di",
        "van",
        "von",
        "der",
        "den",
        "la",
        "le",
        "bin",
        "al",
        "el",
        "ter",
        "du",
    )
)
_BYLINE_STOP = re.compile(
    r"\s+(?:on|in|at|for|published|posted|updated|last|is|was|has|-|–|—|\|)\b.*$|\s*[|•·–—]\s*.*$",
    re.IGNORECASE,
)
_TAGS_LINE = re.compile(
    r"^(?:(?:tags?|tagged(?: with| in)?|topics?|filed under|schlagwörter|étiquettes|etiquetas|tag terkait)"
    r"\b\s*[:\-–]?|(?:keywords?|categories|category|themen|mots-clés|temas|argomenti|label)\s*:)"
    r"\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_SENTENCE_INSIDE = re.compile(r"\w[.!?]\s+[A-Z]")
_TAG_SEPARATORS = re.compile(r"\s*(?:[,;|•·/#]|\s[-–—]\s)\s*")

_WORD = re.compile(r"\w+")
_SENTENCE_STOP = re.compile(r"[.!?。！？…][\"'”’»)]*$")
_SENTENCE_END = re.compile(r"[.:;,]$")
_BRACKETED = re.compile(r"^(?:\[[^\]]*\]\s*)+$")
_FILE_NAME = re.compile(r"^[\w\-. ]+\.(?:jpe?g|png|gif|webp|svg|bmp|mp4|pdf)$", re.IGNORECASE)

# Text dumps: runs of more short lines than this between prose are menus or headline lists ...
_MAX_SHORT_RUN = 4
# ... while up to this many blocks between two good ones are the article's own (a quote, figures).
_MAX_FILLED_GAP = 5
# A comment section is cut only below at least this much of the article's good text.
_MIN_ARTICLE_ABOVE_COMMENTS = 200
# The main-region pass: see _keep_main_region.
_SEPARATOR_BLOCK_COST = 20.0
_MAX_SEPARATOR_COST = 300.0
_MIN_REGION_SHARE = 0.1
# How far below the body's first paragraph a dateline or byline may still stand, in blocks.
_TOP_WINDOW_AFTER = 3
# How many blocks above the body's first paragraph the headline is looked for.
_TITLE_WINDOW = 40
# Blocks longer than this are never page furniture matched by a line rule.
_MAX_CHROME_CHARS = 300


def apply_chrome_rules(blocks: Sequence[Block], *, fmt: str, known: Metadata) -> Metadata:
    """Remove page furniture jusText kept and pull metadata out of the text.

    Runs after jusText's classification. Every removal goes through `block.remove(reason)` with a reason
    "chrome:<rule>" or "metadata:<field>". Returns the metadata found in the text (title, authors,
    published, tags); the caller fills only the fields it does not know yet.
    `fmt` is "text" for text dumps, where every rule applies, or "html", where chrome subtrees were pruned
    before classification and only line rules that cannot hit article prose run.
    """
    if not blocks:
        return Metadata()
    text_dump = fmt != "html"
    if text_dump:
        _remove_render_artifacts(blocks)
        _revise_text_dump(blocks)
    body_start = _body_start(blocks)
    title = _take_title(blocks, body_start, known.title, text_dump)
    published, authors = _take_dateline_and_byline(blocks, body_start)
    tags = _take_tags(blocks, body_start)
    _remove_line_chrome(blocks, body_start, text_dump)
    _remove_sections(blocks, body_start, text_dump)
    if text_dump:
        _remove_comments(blocks, body_start)
        _remove_repeats(blocks)
        _keep_main_region(blocks)
    return Metadata(title=title, authors=authors, published=published, tags=tags)


# ------------------------------------------------------------------------------------------------
# Where the article starts.
# ------------------------------------------------------------------------------------------------


def _body_start(blocks: Sequence[Block]) -> int:
    """Index of the article's first paragraph: the first kept block jusText found good (or near good
    and of some length) on its own, else the first kept block, else the longest block."""
    for index, block in enumerate(blocks):
        if block.kept and (
            block.cf_class == "good" or (block.cf_class == "neargood" and len(block.text) >= 120)
        ):
            return index
    for index, block in enumerate(blocks):
        if block.kept and len(block.text) >= 70:
            return index
    return max(range(len(blocks)), key=lambda i: len(blocks[i].text))


# ------------------------------------------------------------------------------------------------
# Title.
# ------------------------------------------------------------------------------------------------


def _take_title(blocks: Sequence[Block], body_start: int, known_title: str, text_dump: bool) -> str:
    if known_title:
        index = _find_known_title(blocks, body_start, known_title)
        if index is not None:
            blocks[index].remove("metadata:title")
        return ""
    if not text_dump:
        return ""
    index = _find_headline(blocks, body_start)
    if index is None:
        return ""
    headline = blocks[index].text
    # The headline often repeats (breadcrumb, <h1>, share text): none of its copies is body text.
    for block in blocks[: body_start + _TOP_WINDOW_AFTER]:
        if block.text == headline:
            block.remove("metadata:title")
    return headline


def _find_known_title(blocks: Sequence[Block], body_start: int, known_title: str) -> int | None:
    """The block near the top that repeats the page's known title (its <h1> or a headline line)."""
    wanted = _fold(known_title)
    if not wanted:
        return None
    window = range(max(0, body_start - _TITLE_WINDOW), min(len(blocks), body_start + _TOP_WINDOW_AFTER))
    for index in window:
        block = blocks[index]
        if len(block.text) > 2 * len(known_title) + 20:
            continue
        found = _fold(block.text)
        if not found:
            continue
        if found == wanted or (len(found) >= 15 and (found in wanted or wanted in found)):
            return index
        # ratio() <= quick_ratio() <= real_quick_ratio(): the cheap upper bounds rule most blocks out.
        matcher = SequenceMatcher(None, found, wanted)
        if matcher.real_quick_ratio() >= 0.85 and matcher.quick_ratio() >= 0.85 and matcher.ratio() >= 0.85:
            return index
    return None


def _fold(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _find_headline(blocks: Sequence[Block], body_start: int) -> int | None:
    """The most headline-like block above the body.

    A headline stands alone (blank lines around it), has a few words, is no menu entry, date or byline,
    and shares its words with the article below it (an image's alt text or a promo line does not)."""
    body_words = _body_vocabulary(blocks, body_start)
    best: tuple[float, int] | None = None
    first = max(0, body_start - _TITLE_WINDOW)
    for index in range(body_start - 1, first - 1, -1):
        block = blocks[index]
        score = _headline_score(block)
        if score <= 0:
            continue
        if _standalone(blocks, index):
            score += _W_STANDALONE
        score += _W_OVERLAP * _shared_share(block.text, body_words)
        score -= _W_DISTANCE * (body_start - index)
        if best is None or score > best[0]:
            best = (score, index)
    return best[1] if best else None


# Headline scoring weights (measured on the wcxb-dev text dumps' titles).
_W_STANDALONE = 1.0  # blank lines above and below
_W_OVERLAP = 2.0  # times the share of its words the article uses
_W_DISTANCE = 0.02  # per block between it and the article
_W_HEADING = 0.5  # the block maker saw a heading
_MIN_TITLE_WORDS = 2


def _body_vocabulary(blocks: Sequence[Block], body_start: int) -> frozenset[str]:
    """The longer words of the article's first few thousand characters."""
    words: set[str] = set()
    seen = 0
    for block in blocks[body_start:]:
        if not block.kept:
            continue
        words.update(word for word in _words(block.text) if len(word) >= 4)
        seen += len(block.text)
        if seen > 4000:
            break
    return frozenset(words)


def _shared_share(text: str, body_words: frozenset[str]) -> float:
    """The share of the text's longer words that the article uses too."""
    words = [word for word in _words(text) if len(word) >= 4]
    if not words:
        return 0.0
    return sum(word in body_words for word in words) / len(words)


def _headline_score(block: Block) -> float:
    text = block.text
    words = text.split()
    if block.kind == "list_item" or block.reason or not _MIN_TITLE_WORDS <= len(words) <= 30:
        return 0.0
    if not 8 <= len(text) <= 250:
        return 0.0
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "\"'“‘«¿¡"):
        return 0.0
    if _SENTENCE_STOP.search(text) and not text.rstrip("\"'”’»").endswith(("...", "…", "?", "!")):
        return 0.0
    if text.endswith((",", ":", ";")):
        return 0.0
    if any(char.isdigit() for char in text) and find_date(text):
        return 0.0
    if _BYLINE.match(text) or _line_chrome_reason(text, top=True):
        return 0.0
    score = 1.0
    if block.kind == "heading":
        score += _W_HEADING
    if len(words) >= 5:
        score += 0.5
    if len(words) > 20:
        score -= 0.5
    if "|" in text or " - " in text[-40:]:
        score -= 0.4  # "Headline | Site": the <title> line, weaker than the bare headline
    return score


# ------------------------------------------------------------------------------------------------
# Dateline and byline.
# ------------------------------------------------------------------------------------------------


def _take_dateline_and_byline(blocks: Sequence[Block], body_start: int) -> tuple[str, tuple[str, ...]]:
    published = ""
    authors: tuple[str, ...] = ()
    first = max(0, body_start - _TITLE_WINDOW)
    last = min(len(blocks), body_start + _TOP_WINDOW_AFTER)
    # Nearest the article first: a date in the page header is the day's, not the article's.
    for index in sorted(range(first, last), key=lambda i: abs(i - body_start + 0.5)):
        block = blocks[index]
        if len(block.text) > 160 or block.reason == "metadata:title":
            continue
        has_digit = any(char.isdigit() for char in block.text)
        date_match = search_date(block.text) if has_digit else None
        vocabulary = _vocabulary(block.text)
        # "Photo by ...": a photographer's credit, not the article's author.
        names = (
            parse_byline(block.text) if vocabulary & _BYLINE_WORDS and not vocabulary & _CREDIT_WORDS else ()
        )
        if date_match is None and not names:
            continue
        leftover = block.text
        if date_match is not None:
            leftover = leftover[: date_match[1]] + " " + leftover[date_match[2] :]
        if names:
            leftover = _BYLINE.sub(" ", leftover)
        if not _is_mostly_filler(leftover):
            continue
        if date_match is not None and not published:
            published = date_match[0]
            block.remove("metadata:dateline")
        if names and not authors:
            authors = names
            if not block.reason:
                block.remove("metadata:byline")
    return published, authors


_BYLINE_WORDS = frozenset(
    [
        "by",
        "written",
        "posted",
        "words",
        "story",
        "reported",
        "author",
        "authors",
        "von",
        "par",
        "por",
        "di",
        "oleh",
        "door",
        "av",
        "autor",
        "auteur",
        "autore",
        "penulis",
    ]
)


def _is_mostly_filler(text: str) -> bool:
    rest = _DATE_WORDS.sub(" ", text)
    words = [w for w in _WORD.findall(rest) if not w.isdigit()]
    return len(words) <= 3


def parse_byline(text: str) -> tuple[str, ...]:
    """Author names from a byline ("By Jane Doe and John Roe", "Posted by X on <date>"), else ()."""
    # Text dumps glue neighbouring elements: "By Jane DoePublished: June 25".
    text = _GLUED_DATE_WORD.sub(r"\1 | \2", text)
    match = _BYLINE.search(text)
    if match is None:
        return ()
    raw = _BYLINE_STOP.sub("", match.group("names"))
    names: list[str] = []
    for part in _NAME_SPLIT.split(raw):
        name = part.strip(" .,'’")
        if name and _looks_like_name(name):
            names.append(name)
    return tuple(dict.fromkeys(names))


def _looks_like_name(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 5:
        return False
    if any(_DOMAIN.search(w) for w in words):
        return False  # "Cleveland.com": the site, not a person
    capitalised = [w for w in words if w[:1].isupper()]
    others = [w for w in words if not w[:1].isupper()]
    return bool(capitalised) and all(w.lower() in _NAME_PARTICLES for w in others)


_DOMAIN = re.compile(r"\w\.[a-z]{2,}$", re.IGNORECASE)


# ------------------------------------------------------------------------------------------------
# Tags.
# ------------------------------------------------------------------------------------------------


def _take_tags(blocks: Sequence[Block], body_start: int) -> tuple[str, ...]:
    for index in range(body_start, len(blocks)):
        block = blocks[index]
        if len(block.text) > _MAX_CHROME_CHARS:
            continue
        match = _TAGS_LINE.match(block.text)
        if match is None or _SENTENCE_INSIDE.search(match.group("rest")):
            continue
        listing = [block]
        rest = match.group("rest").strip()
        if not rest and index + 1 < len(blocks) and len(blocks[index + 1].text) <= _MAX_CHROME_CHARS:
            # "Tags:" on a line of its own, the tags on the next.
            listing.append(blocks[index + 1])
            rest = blocks[index + 1].text
        context = " ".join(b.text for b in blocks[body_start:] if b.kept and b not in listing)
        tags = split_tags(rest, context)
        if tags:
            for tag_block in listing:
                tag_block.remove("metadata:tags")
            return tags
    return ()


def split_tags(rest: str, context: str = "") -> tuple[str, ...]:
    """Split the list after "Tags": on separators when there are any; else into the capitalised
    phrases that the page's own text spells together (the longest first), single words otherwise."""
    rest = rest.strip()
    if _TAG_SEPARATORS.search(rest):
        parts = [p.strip() for p in _TAG_SEPARATORS.split(rest)]
        return tuple(dict.fromkeys(p for p in parts if p))
    words = rest.split()
    if len(words) <= 2:
        return (rest,) if rest else ()
    phrases = _capitalised_phrases(context)
    tags: list[str] = []
    position = 0
    while position < len(words):
        for size in (4, 3, 2, 1):
            candidate = words[position : position + size]
            if len(candidate) == size and (size == 1 or " ".join(candidate) in phrases):
                tags.append(" ".join(candidate))
                position += size
                break
    return tuple(dict.fromkeys(tags))


def _capitalised_phrases(text: str) -> frozenset[str]:
    """Runs of 2-4 capitalised words in the text ("European Union", "United Kingdom")."""
    phrases: set[str] = set()
    for run in re.finditer(r"(?:[A-Z][\w.'’\-]*\s+){1,3}[A-Z][\w.'’\-]*", text):
        words = [word.rstrip(".'’-") for word in run.group().split()]
        for size in range(2, len(words) + 1):
            for start in range(len(words) - size + 1):
                phrases.add(" ".join(words[start : start + size]))
    return frozenset(phrases)


# ------------------------------------------------------------------------------------------------
# Line rules.
# ------------------------------------------------------------------------------------------------


def _remove_line_chrome(blocks: Sequence[Block], body_start: int, text_dump: bool) -> None:
    for index, block in enumerate(blocks):
        if block.reason or not block.kept or len(block.text) > _MAX_CHROME_CHARS * 2:
            continue
        reason = _line_chrome_reason(block.text, top=index < body_start)
        if reason:
            block.remove(reason)
    if text_dump:
        _remove_caption_before_credit(blocks)


def _line_chrome_reason(text: str, *, top: bool) -> str:
    """The chrome rule a short line matches, or "".

    Each rule's regex runs only when one of its trigger words is in the line: most blocks of a page
    are menu items and prose that no rule concerns, and one word split is cheaper than ten regexes."""
    length = len(text)
    lowered = text.lower()
    words = _words(text)
    if not words:
        return ""
    vocabulary = _vocabulary(text)
    folded = lowered.strip(" .:!|»›>-–—•·")
    first = words[0]
    copyright_words = "©" in text or "(c)" in lowered or vocabulary & _COPYRIGHT_WORDS
    if (
        length <= _MAX_CHROME_CHARS
        and (copyright_words or _has_cjk_copyright(text))
        and _COPYRIGHT.search(text)
    ):
        return "chrome:copyright"
    if length <= 60 and first in _ADVERTISEMENT_WORDS and _ADVERTISEMENT.match(folded):
        return "chrome:advertisement"
    if length <= 80 and first in _MORE_LINK_WORDS and _MORE_LINKS.match(folded):
        return "chrome:more-link"
    if length <= 200 and first in _SOCIAL_CALL_WORDS and _SOCIAL_CALL.match(folded):
        return "chrome:social"
    if length <= 80 and _is_social_row(words):
        return "chrome:social"
    if length <= 400 and (vocabulary & _CREDIT_WORDS or "©" in text):
        if length <= 200 and _CREDIT_ONLY.match(text.strip()):
            return "chrome:photo-credit"
        if length <= 120 and _PHOTO_CREDIT.search(text) and not _SENTENCE_END.search(text.rstrip(")")):
            return "chrome:photo-credit"
        if _PAREN_CREDIT_END.search(text) and _PHOTO_CREDIT.search(text):
            return "chrome:caption"
    if length <= 600 and "cookie" in lowered and _COOKIE.search(text) and _COOKIE_CONTEXT.search(text):
        return "chrome:cookies"
    if length <= 500 and vocabulary & _LEGAL_WORDS and _LEGAL.search(text) and _CONSENT.search(text):
        return "chrome:legal"
    if length <= 300 and vocabulary & _NEWSLETTER_WORDS and _NEWSLETTER.search(text):
        return "chrome:social"
    if length <= 200 and "required" in vocabulary and _COMMENT_FORM.search(text):
        return "chrome:comments"
    if top and length <= 40 and folded in _NAV_WORDS:
        return "chrome:navigation"
    return ""


def _is_photo_credit(text: str) -> bool:
    if "©" not in text and not _vocabulary(text) & _CREDIT_WORDS:
        return False
    return _line_chrome_reason(text, top=False) == "chrome:photo-credit"


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    """The lowercased words of a block; cached because several rules look at the same short lines."""
    return tuple(_WORD.findall(text.lower()))


@lru_cache(maxsize=8192)
def _vocabulary(text: str) -> frozenset[str]:
    return frozenset(_words(text))


def _has_cjk_copyright(text: str) -> bool:
    return any(mark in text for mark in ("版权", "版權", "無断", "무단"))


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
        "x",
        "messenger",
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
_CREDIT_WORDS = frozenset(
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


def _remove_caption_before_credit(blocks: Sequence[Block]) -> None:
    """In a text dump, the short line right above a photo credit is that photo's caption."""
    for index in range(1, len(blocks)):
        block = blocks[index]
        if block.reason != "chrome:photo-credit" and (
            block.reason or len(block.text) > 200 or not _is_photo_credit(block.text)
        ):
            continue
        above = blocks[index - 1]
        if above.reason or len(above.text) > 200 or not _adjacent(above, block):
            continue
        above.remove("chrome:caption")


def _standalone(blocks: Sequence[Block], index: int) -> bool:
    """True when blank lines (or the edges of the text) stand above and below the block."""
    start, end = _line_range(blocks[index])
    if not start:
        return False
    above = blocks[index - 1] if index > 0 else None
    below = blocks[index + 1] if index + 1 < len(blocks) else None
    clear_above = above is None or _line_range(above)[1] < start - 1
    clear_below = below is None or _line_range(below)[0] > end + 1
    return clear_above and clear_below


def _adjacent(upper: Block, lower: Block) -> bool:
    """True when no blank line separates the two blocks of a text dump."""
    upper_end = _line_range(upper)[1]
    lower_start = _line_range(lower)[0]
    return upper_end > 0 and lower_start == upper_end + 1


def _line_range(block: Block) -> tuple[int, int]:
    match = re.fullmatch(r"lines (\d+)-(\d+)", block.source)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


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
    first = _WORD.match(text.lower())
    return (
        first is not None
        and first.group() in _SECTION_FIRST_WORDS
        and bool(_SECTION_HEADER.match(text.strip()))
    )


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
    if len(text) > 160:
        return False
    return not _SENTENCE_END.search(text) or find_date(text) != ""


# ------------------------------------------------------------------------------------------------
# Text-dump specific: renderer artifacts, comment sections, repeated lines.
# ------------------------------------------------------------------------------------------------


def _remove_render_artifacts(blocks: Sequence[Block]) -> None:
    """w3m and lynx render images as "[alt]", form controls as "[ ]" / "[Submit]", and some renderers
    print image file names: none of it is prose."""
    for block in blocks:
        text = block.text
        if (text[:1] == "[" and _BRACKETED.match(text)) or (_FILE_NAME.match(text) and " " not in text):
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
    ending = sum(1 for block in run if _SENTENCE_STOP.search(block.text))
    return ending * 2 >= len(run)


def _fill_short_gaps(blocks: Sequence[Block]) -> None:
    """Keep a few blocks standing between two good ones (a short quote, a line of figures): the
    article's own, while a long run between good blocks is a menu or a list of teasers."""
    good = [index for index, block in enumerate(blocks) if block.class_type == "good"]
    for start, end in itertools.pairwise(good):
        if 1 < end - start <= _MAX_FILLED_GAP + 1:
            for block in blocks[start + 1 : end]:
                if not block.reason:
                    block.class_type = "good"


def _rescue_short_article(blocks: Sequence[Block]) -> None:
    """When jusText found no good block at all, the article is made of paragraphs too short for its
    "good" class (a news brief in a text dump has no markup to vouch for it): take the near-good
    blocks as good and let jusText's context revision run again."""
    if any(block.class_type == "good" for block in blocks):
        return
    promoted = [block for block in blocks if block.cf_class == "neargood" and not block.reason]
    if not promoted:
        return
    for block in promoted:
        block.cf_class = "good"
    revise_classes(blocks)
    for block in promoted:
        block.cf_class = "neargood"


def _remove_comments(blocks: Sequence[Block], body_start: int) -> None:
    """Cut a comment section: from a comments header (or the first of several "<name> says:" lines)
    that stands below at least a paragraph of the article, every kept block goes."""
    good_chars = 0
    signatures = [
        index
        for index, block in enumerate(blocks)
        if len(block.text) <= 120
        and _SIGNATURE_WORDS & _vocabulary(block.text)
        and _COMMENT_SIGNATURE.match(block.text)
    ]
    first_signature = signatures[0] if len(signatures) >= 2 else len(blocks)
    for index, block in enumerate(blocks):
        if index > body_start and good_chars >= _MIN_ARTICLE_ABOVE_COMMENTS:
            header = (
                len(block.text) <= 80
                and _COMMENT_WORDS & _vocabulary(block.text)
                and _COMMENT_HEADER.match(block.text.strip())
            )
            if header or index == first_signature:
                for later in blocks[index:]:
                    if not later.reason:
                        later.remove("chrome:comments")
                return
        if block.kept and block.cf_class == "good":
            good_chars += len(block.text)


_SIGNATURE_WORDS = frozenset(("says", "said", "wrote", "writes"))
_COMMENT_WORDS = frozenset(
    [
        "comment",
        "comments",
        "response",
        "responses",
        "replies",
        "reply",
        "thoughts",
        "discussion",
        "conversation",
        "comentários",
        "comentarios",
        "kommentare",
        "commentaires",
        "commenti",
        "komentar",
    ]
)


_CODE_LIKE = re.compile(r"[{};=]\s*$|^\s*(?://|#|/\*|\*)|\w\([^()]*\)")


def _keep_main_region(blocks: Sequence[Block]) -> None:
    """Drop kept islands far from the article in a text dump.

    Each block scores its kept prose (+length for good, +length/2 for near-good) or the furniture that
    was dropped (-length up to 100, -20 more per block, a run of it costing at most
    `_MAX_SEPARATOR_COST`; code lines cost nothing). The best-scoring stretches (maximum subarrays) are
    the article's; kept blocks in a stretch scoring under `_MIN_REGION_SHARE` of the best one go:
    teasers and widgets that jusText found wordy enough, separated from the article by menus."""
    values: list[float] = []
    run = 0.0
    for block in blocks:
        if block.kept:
            run = 0.0
            if block.cf_class == "good":
                values.append(len(block.text))
            elif block.cf_class == "neargood":
                values.append(len(block.text) * 0.5)
            else:
                values.append(0.0)
        elif block.reason.startswith("metadata:") or (
            len(block.text) <= 120 and _CODE_LIKE.search(block.text)
        ):
            values.append(0.0)
        else:
            cost = min(len(block.text), 100) + _SEPARATOR_BLOCK_COST
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
            for index in range(first, end):
                inside[index] = True
    for index, block in enumerate(blocks):
        if block.kept and not inside[index]:
            block.remove("chrome:outside-article")


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
            and len(block.text) <= _MAX_CHROME_CHARS
            and len(_words(block.text)) >= 2
        ):
            block.remove("chrome:repeated")
