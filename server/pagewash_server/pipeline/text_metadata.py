"""Metadata found in text blocks: headline, dateline, byline and tag list, each taken out of the body."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from difflib import SequenceMatcher

from .address import slug_share, slug_words
from .blocks import Block
from .bylines import (
    ANY_CASE_LABELS,
    AUTHOR_NOUNS,
    BY_PHRASES,
    BY_WORDS,
    COLON_LABELS,
    ONE_CASE_LABELS,
    is_caseless_letter,
    label_alternation,
    unglue_date_words,
)
from .classify import DENSE_SCRIPT_CHARS
from .dates import find_date, is_month_name, search_date
from .language import stoplist
from .line_rules import (
    CREDIT_WORDS,
    MAX_CHROME_CHARS,
    WORD,
    line_chrome_reason,
    line_words,
    standalone,
)

# ------------------------------------------------------------------------------------------------
# Patterns of datelines, bylines and tag lists.
# ------------------------------------------------------------------------------------------------

_DATE_WORDS = re.compile(
    r"\b(?:published|posted|updated|last updated|modified|last modified|created|date|on|at|am|um|le|el|em|"
    r"il|pada|publicado|publié|veröffentlicht|aktualisiert|atualizado|actualizado|pubblicato|diterbitkan|"
    r"mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"gmt|utc|[a-z]{1,3}[sd]t|et|pt|ct|wib|uhr|ago|hours?|minutes?|mins?|read|reading|time|no|comments?)\b\.?",
    re.IGNORECASE,
)
# The characters of a name after its first letter: word characters, and the vowel signs and other marks
# that Indic, Thai and Arabic names are written with (\w leaves combining marks out).
_NAME_CHARS = r"[\w.'’\-\u064b-\u065f\u0670\u0900-\u0dff\u0e31-\u0e4e]"


def _as_written(label: str) -> str:
    """`label` as a line of text may write it (see `bylines.ANY_CASE_LABELS`)."""
    if label in ANY_CASE_LABELS:
        return f"(?i:{re.escape(label)})"
    if label in ONE_CASE_LABELS:
        return re.escape(ONE_CASE_LABELS[label])
    first = label[0]
    capitals = f"[{first.upper()}{first}]" if first.upper() != first else first
    return capitals + re.escape(label[1:])


# A byline's label and the names after it, anywhere in a line: "By Jane Doe", "von Anna Schmidt",
# "Autor: Ana García", "作者：张伟".
_BYLINE = re.compile(
    r"(?:(?:^|[\s|,–—-])(?:"
    + label_alternation((*BY_WORDS, *BY_PHRASES, *AUTHOR_NOUNS), written=_as_written)
    + r")(?:\s*:\s*|\s+)"
    rf"|(?:^|[\s|,])(?:{label_alternation(COLON_LABELS)})\s*[:：]\s*"
    r"|^By(?=[A-Z][a-z]))"  # "ByJane Doe": a text dump glued the label to the name
    rf"(?P<names>[^\W\d_]{_NAME_CHARS}*(?:(?:\s+|\s*,\s*)(?:[^\W\d_]{_NAME_CHARS}*|&|and|und|et|y|e|dan|en|og|och))*)"
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
    r"\s+(?:on|in|at|for|published|posted|updated|last|is|was|has|follow|-|–|—|\|)\b.*$|\s*[|•·–—]\s*.*$",
    re.IGNORECASE,
)
_TAGS_LINE = re.compile(
    r"^(?:(?:tags?|tagged(?: with| in)?|topics?|filed under|schlagwörter|étiquettes|etiquetas|tag terkait|"
    r"теги|тэги|метки|tagi|etiketler|címkék|štítky|ετικέτες)"
    r"\b\s*[:\-–]?|(?:keywords?|categories|category|themen|mots-clés|temas|argomenti|label|schlagworte|"
    r"stichwörter|palavras-chave|parole chiave|trefwoorden|nyckelord|avainsanat|słowa kluczowe|"
    r"ключевые слова|anahtar kelimeler|thẻ|từ khóa|الوسوم|كلمات مفتاحية|टैग|标签|標籤|关键词|關鍵詞|タグ|"
    r"キーワード|태그|키워드)\s*[:：])"
    r"\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_SENTENCE_INSIDE = re.compile(r"\w[.!?]\s+[A-Z]")
_TAG_SEPARATORS = re.compile(r"\s*(?:[,;|•·/#，、；]|\s[-–—]\s)\s*")
_DIGIT = re.compile(r"\d")
SENTENCE_STOP = re.compile(r"[.!?。！？…][\"'”’»)]*$")
# How far below the body's first paragraph a dateline or byline may still stand, in blocks: under a
# standfirst, a lead image's caption and a byline (3 missed such datelines; 5 changed no other reading
# of the development sets).
_TOP_WINDOW_AFTER = 5
# Datelines stand further down: under a standfirst, a lead image and its caption.
_DATELINE_WINDOW_AFTER = 10
_TRAIL_SEPARATOR = re.compile(r"\s[/>›»]\s")
_REPLY_PREFIX = re.compile(r"^(?:Re|RE|Aw|AW|Sv|SV|Odp|ODP)\s*:\s*(?=\S)")
_HEADING_MARKS = "¶\u200b \t"  # not "#": "Learn C#"
# The marks a renderer puts before a list's items, by depth ("•", "□", "☆" in w3m's dumps).
_LIST_MARKER = re.compile(r"^[•□☆◦▪●○■‣∙]\s+")
_CELL_SEPARATOR = re.compile(r"\s+[|•·/]\s+")
# How many blocks above the body's first paragraph a known title, a dateline or a byline is looked for.
_TITLE_WINDOW = 40


# ------------------------------------------------------------------------------------------------
# Title.
# ------------------------------------------------------------------------------------------------


def take_title(
    blocks: Sequence[Block], body_start: int, known_title: str, text_dump: bool, url: str = ""
) -> str:
    """A text dump's headline, taken out of the body; "" when the title is known (its copy is removed).

    `url`, the page's address, helps when its path ends in a slug made from the headline."""
    if known_title:
        index = _find_known_title(blocks, body_start, known_title)
        if index is not None:
            blocks[index].remove("metadata:title")
        return ""
    if not text_dump:
        return ""
    index = _find_headline(blocks, body_start, slug_words(url))
    if index is None:
        return ""
    headline = blocks[index].text
    # The headline often repeats (breadcrumb, <h1>, share text): none of its copies is body text.
    for block in blocks[: body_start + _TOP_WINDOW_AFTER]:
        if block.text == headline:
            block.remove("metadata:title")
    return _bare_headline(headline)


def _bare_headline(text: str) -> str:
    """The headline without what the page rendered around it: a forum reply's "Re:", a trail's steps
    above it ("Home » Recipes » Air Fryer Recipes"), a heading's permalink mark ("¶")."""
    text = _LIST_MARKER.sub("", _REPLY_PREFIX.sub("", text)).rstrip(_HEADING_MARKS)
    if len(_TRAIL_SEPARATOR.findall(text)) >= 2:
        text = _TRAIL_SEPARATOR.split(text)[-1]
    return text


def _find_known_title(blocks: Sequence[Block], body_start: int, known_title: str) -> int | None:
    """The block near the top that repeats the page's known title (its <h1> or a headline line)."""
    wanted = _fold(known_title)
    if not wanted:
        return None
    window = range(max(0, body_start - _TITLE_WINDOW), min(len(blocks), body_start + _TOP_WINDOW_AFTER))
    # One matcher for the title, as difflib advises: it indexes its second sequence once, not per block.
    matcher: SequenceMatcher[str] | None = None
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
        if matcher is None:
            matcher = SequenceMatcher(None, "", wanted)
        matcher.set_seq1(found)
        if matcher.real_quick_ratio() >= 0.85 and matcher.quick_ratio() >= 0.85 and matcher.ratio() >= 0.85:
            return index
    return None


def _fold(text: str) -> str:
    return " ".join(line_words(text))  # WORD's words of the lowercased text, cached per line


def _find_headline(
    blocks: Sequence[Block], body_start: int, slug: frozenset[str] = frozenset()
) -> int | None:
    """The most headline-like block above the body.

    A headline stands alone (blank lines around it), has a few words, is no menu entry, date or byline,
    and shares its words with the article below it (an image's alt text or a promo line does not).
    Up to _HEADLINE_SEARCH_BLOCKS blocks above the body are searched, nearer blocks first on a tie: a
    page's headline may stand far above its first paragraph (a standfirst, a table of contents and a
    lead image between); the bound keeps a dump of a million short lines from costing seconds here.
    The few blocks just under the first paragraph are candidates too, at a cost: what reads as the
    article's first paragraph may be a disclosure, a promo or a forum post's preview above the headline.
    So is the first paragraph itself when a byline or a dateline stands under it: a headline long and
    wordy enough for the classifier to keep."""
    body_words = _body_vocabulary(blocks, body_start)
    first = max(0, body_start - _HEADLINE_SEARCH_BLOCKS)
    seen = Counter(block.text for block in blocks[first:body_start])
    best: tuple[float, int] | None = None
    below = range(body_start + 1, min(len(blocks), body_start + 1 + _HEADLINE_BELOW_BLOCKS))
    for index in itertools.chain(below, range(body_start, first - 1, -1)):
        block = blocks[index]
        under_first = index > body_start
        if index >= body_start and not _byline_follows(blocks, index):
            continue
        score = _headline_score(block)
        if score > 0:
            slug_part = slug_share(line_words(block.text), slug) if slug else 0.0
        else:
            # A line spelling the whole slug is the headline even in a shape the rules above refuse:
            # lower case ("iPhone parts"), a date in it ("Update 2024-10-04"), a menu entry of its own page.
            if not slug or block.reason or len(block.text) > _MAX_SLUG_TITLE_CHARS:
                continue
            slug_part = slug_share(line_words(block.text), slug)
            if slug_part < 1.0:
                continue
            score = _W_SLUG_ONLY
        if standalone(blocks, index):
            score += _W_STANDALONE
        score += _W_OVERLAP * _shared_share(block.text, body_words)
        if under_first:
            score -= _W_BELOW + _W_DISTANCE * (index - body_start)
        else:
            score -= _W_DISTANCE * (body_start - index)
        score += _W_SLUG * slug_part
        if seen[block.text] > 1:
            score += _W_REPEATED
        # Checked last, and only where it could change the vote: it looks at the blocks under this one.
        if (
            (best is None or score + _W_BYLINE_UNDER > best[0])
            and "|" not in block.text
            and not _TRAIL_SEPARATOR.search(block.text)
            and (under_first or _byline_follows(blocks, index))
        ):
            score += _W_BYLINE_UNDER
        if best is None or score > best[0]:
            best = (score, index)
    return best[1] if best else None


def _byline_follows(blocks: Sequence[Block], index: int) -> bool:
    """Whether a byline or a dateline stands in the few blocks under `index`, as under a headline: a line
    opening with a byline or holding a date and little else, or a metadata row with the date in a cell
    of its own ("Le Monde | 04.05.2015 à 13h36 • Mis à jour le … | Par Jane Doe (avec …)")."""
    for block in blocks[index + 1 : index + 1 + _BYLINE_UNDER_BLOCKS]:
        text = block.text
        if len(text) <= _MAX_BYLINE_UNDER_CHARS and (_BYLINE.match(text) or _own_date(text)):
            return True
        if len(text) <= _MAX_METADATA_ROW_CHARS and _CELL_SEPARATOR.search(text) and _DIGIT.search(text):
            found = search_date(text)
            if found is not None and _date_in_own_cell(text, found[1]):
                return True
    return False


# Headline scoring weights (measured on the wcxb-dev text dumps' titles).
_W_STANDALONE = 1.0  # blank lines above and below
_W_OVERLAP = 2.0  # times the share of its words the article uses
_W_DISTANCE = 0.005  # per block between it and the article
_W_SLUG = 3.0  # times the share of the URL slug's words it holds
_W_REPEATED = 1.0  # said twice above the article: a breadcrumb's last step and the heading, say
_W_SLUG_ONLY = 0.5  # the base of a line that only the slug vouches for
_W_BYLINE_UNDER = 1.0  # a byline or a dateline under it (not under a breadcrumb trail or a "| Site" line)
_BYLINE_UNDER_BLOCKS = 4
_MAX_BYLINE_UNDER_CHARS = 120
_MAX_METADATA_ROW_CHARS = 200
_W_BELOW = 1.5  # subtracted from a line under the article's first paragraph
_HEADLINE_BELOW_BLOCKS = 3  # how many blocks under the first paragraph may hold the headline
_W_TRAIL = 1.0  # subtracted from a breadcrumb trail ("Blog / Headline"), which holds the headline's words
_MAX_SLUG_TITLE_CHARS = 120
_MIN_TITLE_WORDS = 2
_BODY_VOCABULARY_CHARS = 2000
# wcxb-dev's text dumps have headlines up to 342 blocks above the article; 500 finds them all.
_HEADLINE_SEARCH_BLOCKS = 500


def _body_vocabulary(blocks: Sequence[Block], body_start: int) -> frozenset[str]:
    """The words of the article's first two thousand characters or so: the headline's words are there,
    and more text costs time without changing a vote (wcxb-dev text titles 0.545 with 4,000, 0.546 with
    2,000). Only longer words are looked up in it (_shared_share), so the short ones may stay: one
    C-level update per block instead of a filter."""
    words: set[str] = set()
    for text in _article_texts(blocks, body_start, _BODY_VOCABULARY_CHARS):
        words.update(line_words(text))
        words.update(_character_pairs(text))
    return frozenset(words)


# A run of characters of scripts written without spaces (Chinese, Japanese; Korean's syllables too).
_UNSPACED_RUN = re.compile(f"[{DENSE_SCRIPT_CHARS}]{{2,}}")


def _character_pairs(text: str) -> list[str]:
    """The character pairs of the text's runs of unspaced scripts: \\w makes one "word" of a whole
    Chinese clause, which a headline never shares with its article; its character pairs it does."""
    if text.isascii():
        return []
    return [run[index : index + 2] for run in _UNSPACED_RUN.findall(text) for index in range(len(run) - 1)]


def _article_texts(blocks: Sequence[Block], body_start: int, chars: int) -> Iterator[str]:
    """The texts of the kept blocks from the article's start, until they hold more than `chars`
    characters."""
    seen = 0
    for block in itertools.islice(blocks, body_start, None):
        if not block.kept:
            continue
        yield block.text
        seen += len(block.text)
        if seen > chars:
            return


def _shared_share(text: str, body_words: frozenset[str]) -> float:
    """The share of the text's longer words (and character pairs of unspaced scripts) that the article
    uses too."""
    pairs = _character_pairs(text)
    words = [
        word for word in line_words(text) if len(word) >= 4 and (not pairs or not _UNSPACED_RUN.search(word))
    ]
    words += pairs
    if not words:
        return 0.0
    return sum(word in body_words for word in words) / len(words)


def _headline_score(block: Block) -> float:
    text = block.text
    if not 8 <= len(text) <= 250 or block.kind == "list_item" or block.reason:
        return 0.0
    words = text.split()
    word_count = block.word_count()  # Chinese and Japanese headlines are one run of characters
    if word_count < _MIN_TITLE_WORDS or len(words) > 30:
        return 0.0
    opening = text[0]
    # A headline opens with a capital, or a letter of a script without capitals (Arabic, Hindi, Chinese).
    if not (opening.isupper() or opening.isdigit() or opening in "\"'“‘«¿¡" or is_caseless_letter(opening)):
        return 0.0
    if SENTENCE_STOP.search(text) and not text.rstrip("\"'”’»").endswith(("...", "…", "?", "!")):
        return 0.0
    if text.endswith((",", ":", ";")):
        return 0.0
    if _DIGIT.search(text) and find_date(text):
        return 0.0
    if _BYLINE.match(text) or line_chrome_reason(text, top=True):
        return 0.0
    score = 1.0
    if _TRAIL_SEPARATOR.search(text):
        score -= _W_TRAIL
    if word_count >= 5:
        score += 0.5
    if len(words) > 20:
        score -= 0.5
    if "|" in text or " - " in text[-40:]:
        score -= 0.4  # "Headline | Site": the <title> line, weaker than the bare headline
    return score


# ------------------------------------------------------------------------------------------------
# Dateline and byline.
# ------------------------------------------------------------------------------------------------


def take_dateline_and_byline(
    blocks: Sequence[Block],
    body_start: int,
    text_dump: bool,
    *,
    date_elsewhere: bool = True,
    author_elsewhere: bool = True,
    day_first: bool = False,
    language: str = "",
) -> tuple[str, tuple[str, ...]]:
    """The date and the authors of the dateline/byline nearest the body's start, those lines removed.

    A text dump's dateline is looked for further below the first paragraph than an HTML page's, whose
    header usually declares the date and whose article container starts at the headline. With
    `date_elsewhere` / `author_elsewhere` (the page declared no date / no author), one named elsewhere
    on the page is looked for when no dateline / byline stands there. `day_first`: the page's language
    writes "05/03/2024" for the 5th of March (`dates.reads_day_first`). `language`: the page's (ISO 639-1),
    whose stopwords are no part of a name given without a label."""
    published = ""
    published_updated = False
    authors: tuple[str, ...] = ()
    dateline = -1
    name_check = _NameCheck(blocks, body_start, language)
    first = max(0, body_start - _TITLE_WINDOW)
    last = min(len(blocks), body_start + (_DATELINE_WINDOW_AFTER if text_dump else _TOP_WINDOW_AFTER))
    # Nearest the article first: a date in the page header is the day's, not the article's.
    for index in sorted(range(first, last), key=lambda i: abs(i - body_start + 0.5)):
        block = blocks[index]
        if len(block.text) > 160 or block.reason == "metadata:title":
            continue
        # Every date pattern needs a decimal digit (\d): a line without one holds no date.
        date_match = search_date(block.text, day_first=day_first) if _DIGIT.search(block.text) else None
        words = line_words(block.text)
        # "Photo by ...": a photographer's credit, not the article's author.
        names = (
            parse_byline(block.text)
            if (
                block.text.startswith("By")
                or not _BYLINE_WORDS.isdisjoint(words)
                or "기자" in block.text
                or any(label in block.text for label in _UNSPLIT_BYLINE_LABELS)
            )
            and CREDIT_WORDS.isdisjoint(words)
            else ()
        )
        # "by email": a lowercase word the article writes itself is no user name such as "jdoe" (nor is
        # any, on an article too short to tell its everyday words).
        if len(names) == 1 and names[0].islower() and not name_check.reads_as_name(names[0]):
            names = ()
        if date_match is None and not names:
            continue
        leftover = block.text
        if date_match is not None:
            leftover = leftover[: date_match[1]] + " " + leftover[date_match[2] :]
        if names:
            # A role or an agency in brackets after the names is the byline's too: "Autori: Anna Ūdre (LTV
            # Ziņu dienesta ārzemju ziņu redaktore)", "By Jane Doe (Senior Editor)".
            leftover = _ROLE_IN_BRACKETS.sub(" ", _KOREAN_BYLINE.sub(" ", _BYLINE.sub(" ", leftover)))
        beside = (
            _name_beside_date(leftover, name_check)
            if date_match and not names and _under_headline(blocks, index)
            else ()
        )
        if beside:
            names = beside  # "Jane Doe • Oct 20, 2025"
        elif not _is_mostly_filler(leftover):
            # A metadata row ("By X | Apr 21, 2017 | Category"): its date stands in a cell of its own, or
            # after a word saying what it is ("Posted on May 2, 2024 by X - 5 Comments").
            label = _DATE_LABEL_BEFORE.search(block.text, 0, date_match[1]) if date_match else None
            if date_match is None or not (label or _date_in_own_cell(block.text, date_match[1])):
                continue
            # Its byline counts when it too fills a cell of its own ("by Jane Doe | Mar 11, 2023 | ...")
            # or the label names it ("Posted by Jane Doe on May 2, 2024").
            if not (_byline_in_own_cell(block.text) or (label is not None and label.group("poster"))):
                names = ()
        if date_match is not None:
            # An update's date gives way to a publication date standing a little further away.
            updated = _UPDATE_WORD.search(block.text, 0, date_match[1]) is not None
            if not published or (published_updated and not updated):
                published = date_match[0]
                published_updated = updated
                dateline = index
                block.remove("metadata:dateline")
        if names and not authors:
            authors = names
            if not block.reason:
                block.remove("metadata:byline")
    if published and not authors:
        authors = _take_bare_name(blocks, dateline, name_check)
    if date_elsewhere and not published:
        published, dateline = _take_date_elsewhere(blocks, body_start, day_first)
        if published and not authors:
            authors = _take_bare_name(blocks, dateline, name_check)
    if author_elsewhere and not authors:
        authors, dated = _take_author_elsewhere(blocks, body_start, day_first)
        published = published or dated
    if author_elsewhere and not authors:
        authors, opened = _take_thread_starter(blocks, body_start, day_first)
        # A forum thread's date is its first post's, whichever reply stands nearer the text's start.
        published = opened or published
    return published, authors


def _take_date_elsewhere(blocks: Sequence[Block], body_start: int, day_first: bool) -> tuple[str, int]:
    """The date of the line nearest the article's start that holds a date and little else, and the line's
    index, up to _FAR_BYLINE_DISTANCE blocks away, or _FAR_DATELINE_DISTANCE when the line says what the
    date is ("Last updated: November 13, 2025"), or a label on the line above does ("Published" over the
    date). Below the article's start it must say so: bare dates there are comments' and related posts'.
    ("", -1) when there is none."""
    for index in _outward(body_start, len(blocks)):
        if abs(index - body_start) > _FAR_DATELINE_DISTANCE:
            break
        block = blocks[index]
        text = block.text
        if block.reason or len(text) > _MAX_DATELINE_CHARS or not _DIGIT.search(text):
            continue
        label = blocks[index - 1] if index and _is_publication_label(blocks[index - 1].text) else None
        if (index >= body_start or abs(index - body_start) > _FAR_BYLINE_DISTANCE) and not (
            _PUBLICATION_WORD.search(text) or label is not None
        ):
            continue
        date = _own_date(text, day_first)
        if date:
            block.remove("metadata:dateline")
            if label is not None and not label.reason:
                label.remove("metadata:dateline")
            return date, index
    return "", -1


def _take_author_elsewhere(
    blocks: Sequence[Block], body_start: int, day_first: bool
) -> tuple[tuple[str, ...], str]:
    """The author when no byline stands beside the article's start, nearest the start first:
    a name on the line under a "By" / "Written by" / "Author" label (an author box), or a byline line
    of its own further away, with the date that line holds ("" when none). Only names of two to four
    words count here: far from the dateline, single words after "By" are filters and labels ("By
    Industry", "Sort by Date")."""
    for index in _outward(body_start, len(blocks)):
        if abs(index - body_start) > _AUTHOR_LABEL_DISTANCE:
            break
        block = blocks[index]
        portrait = _PORTRAIT.match(block.text) if index + 1 < len(blocks) and not block.reason else None
        if portrait is not None:
            # An author box: the portrait's text ("Picture of Jane Doe") over the name.
            below = blocks[index + 1]
            name = _undoubled(below.text.strip())
            role = _ROLE_AFTER_NAME.match(name)  # "Jane Doe, MD"
            name = role.group("name") if role is not None else name
            if not below.reason and _is_full_name(name) and portrait.group("name").startswith(name):
                block.remove("metadata:byline")
                below.remove("metadata:byline")
                return (name,), ""
        if block.reason or block.kind == "list_item" or len(block.text) > _MAX_BARE_NAME_CHARS:
            continue  # a menu's entries: "Author", "Recent Posts"; "By Use Case", "By Industry"
        if _BYLINE_LABEL.fullmatch(block.text):
            if index + 1 == len(blocks):
                continue
            below = blocks[index + 1]
            name = _undoubled(below.text.strip())
            role = _ROLE_AFTER_NAME.fullmatch(name)  # "Jane Doe, Contributor"
            if role is not None and _is_full_name(role.group("name")):
                name = role.group("name")
            # Under "Author", a list is a filter's (the site's authors); under "By", the byline's names.
            listed_ok = below.kind != "list_item" or _BY_LABEL.fullmatch(block.text) is not None
            if below.reason or not listed_ok or not _is_full_name(name):
                continue
            block.remove("metadata:byline")
            below.remove("metadata:byline")
            return (name,), ""
        match = _BYLINE.search(block.text)
        # "By using this site you agree to ...": a byline's names start with a capital.
        if match is None or not match.group("names")[:1].isupper():
            continue
        # An author box's link ("More articles by Jane Doe") may stand as far as a label; a byline may not.
        reach = _AUTHOR_LABEL_DISTANCE if _AUTHOR_LINK.match(block.text) else _FAR_BYLINE_DISTANCE
        if abs(index - body_start) <= reach:
            names = tuple(name for name in parse_byline(block.text) if _is_full_name(name))
            if names and _is_mostly_filler(_BYLINE.sub(" ", block.text)):
                block.remove("metadata:byline")
                date = search_date(block.text, day_first=day_first) if _DIGIT.search(block.text) else None
                return names, date[0] if date else _date_beside_byline(blocks, index, day_first)
    return (), ""


def _date_beside_byline(blocks: Sequence[Block], byline: int, day_first: bool) -> str:
    """The date of a line holding a date and little else right under or over a byline that stands away
    from the article's start ("Written by Jane Doe" over "April 8, 2024"); "" when there is none."""
    for index in (byline + 1, byline - 1):
        if 0 <= index < len(blocks) and not blocks[index].reason:
            date = _own_date(blocks[index].text, day_first)
            if date:
                blocks[index].remove("metadata:dateline")
                return date
    return ""


def _is_publication_label(text: str) -> bool:
    """A label on a line of its own that says what the date below it is: "Published", "Last updated:"."""
    return len(text) <= _MAX_DATE_LABEL_CHARS and _PUBLICATION_WORD.search(text) is not None


def _take_thread_starter(
    blocks: Sequence[Block], body_start: int, day_first: bool
) -> tuple[tuple[str, ...], str]:
    """The user who opened a forum thread and when, as forum software prints them above the first post:
    a label ("Thread starter jdoe42" over "Start date Jul 9, 2022"; "Discussion in 'Help' started by
    jdoe42, May 26, 2025.") or the first post's header ("jdoe42 (Jane Doe) May 3, 2024, 8:45am 1": the
    user, the date, post number 1; "Post by jdoe42 » <date>", the page's first). The date is "" when
    none stands there."""
    for index in _outward(body_start, len(blocks)):
        if abs(index - body_start) > _FAR_BYLINE_DISTANCE:
            break
        block = blocks[index]
        text = block.text.strip()
        if block.reason not in ("", "metadata:dateline") or len(text) > _MAX_DATELINE_CHARS * 2:
            continue
        label = _STARTER_LABEL.search(text)
        if label is not None:
            name = (label.group("name") or label.group("name2")).strip()
            opened = _own_date(text[label.end() :], day_first)  # "started by jdoe42, May 26, 2025."
            for below in blocks[index + 1 : index + 4]:
                opened = opened or _own_date(below.text, day_first)  # "Start date Jul 9, 2022" below
        elif (number_one := _POST_NUMBER_ONE.match(text)) is not None and index + 1 < len(blocks):
            # "#1 2025-11-01 15:14" over the user's name: the first post's header on two lines.
            opened = _own_date(text[number_one.end() :], day_first)
            if not opened:
                continue
            name = blocks[index + 1].text.strip()
        elif text.endswith("1") and (first_post := _FIRST_POST_HEADER.fullmatch(text)) is not None:
            when = first_post.group("when")
            date = search_date(when, day_first=day_first)
            if date is None or date[1] != 0 or not _is_mostly_filler(when[date[2] :]):
                continue
            name = first_post.group("name")
            if not _DATE_WORDS.sub("", name).strip():
                continue  # "Updated March 3, 2021 1"
            opened = date[0]
        else:
            continue
        if _USER_NAME.fullmatch(name) and not is_month_name(name):
            if not block.reason:
                block.remove("metadata:byline")
            return (name,), opened
    for index, block in enumerate(blocks[: body_start + _AUTHOR_LABEL_DISTANCE]):
        header = _POST_HEADER.match(block.text) if "»" in block.text else None
        if header is not None and _USER_NAME.fullmatch(header.group("name")):
            return (header.group("name"),), _own_date(header.group("when"), day_first)
        # A thread's header row ("Thread starter jdoe42", "Start date Jul 9, 2022") says whose thread it
        # is however far above the first post the dump prints it (under a long forum menu, say).
        label = _STARTER_LABEL.match(block.text) if not block.reason else None
        name = (label.group("name") or "").strip() if label is not None else ""
        if name and _USER_NAME.fullmatch(name):
            opened = ""
            for below in blocks[index + 1 : index + 4]:
                opened = opened or _own_date(below.text, day_first)
            block.remove("metadata:byline")
            return (name,), opened
    return (), ""


def _own_date(text: str, day_first: bool = False) -> str:
    """The date of a line that holds a date and little else ("Start date Jul 9, 2022", ", May 26, 2025.")."""
    date = search_date(text, day_first=day_first) if _DIGIT.search(text) else None
    if date is None or not _is_mostly_filler(text[: date[1]] + " " + text[date[2] :]):
        return ""
    return date[0]


def _outward(start: int, count: int) -> Iterator[int]:
    """Indexes below `count` by their distance from the gap above `start`: start-1, start, start-2, ..."""
    for distance in range(1, max(start, count - start) + 1):
        if start - distance >= 0:
            yield start - distance
        if start + distance - 1 < count:
            yield start + distance - 1


def _is_full_name(name: str) -> bool:
    """Two to four words (or Chinese or Korean characters) that read as a person's name, and no menu entry
    ("Contact Us")."""
    return (
        (_BARE_NAME.fullmatch(name) is not None or _UNSPACED_NAME.fullmatch(name) is not None)
        and _looks_like_name(name)
        and _NOT_IN_NAMES.isdisjoint(name.lower().split())
        and not line_chrome_reason(name, top=True)
    )


# "More by This Contributor", "All articles by this author": words of a link's label, not of a name.
# "Jane Doe Image", "Picture of Jane Doe": an image's text.
_NOT_IN_NAMES = frozenset(
    (
        "this",
        "author",
        "authors",
        "contributor",
        "contributors",
        "image",
        "photo",
        "picture",
        "avatar",
        "logo",
        "profile",
        # Words of a form's or a filter's labels ("Company Size", "Event Type", "Appointment Only").
        "type",
        "size",
        "only",
        "article",
    )
)
# A role on a line of its own ("Associate Editor") is no name either, though "By Podium Staff" is a byline.
_NOT_NAME_WORDS = _NOT_IN_NAMES | {"editor", "reporter", "writer", "columnist", "correspondent", "staff"}


def _byline_in_own_cell(text: str) -> bool:
    """Whether a byline fills, with filler words only, a cell of a row of cells separated by "|", "•",
    "·" or "/"; a role in brackets after the names is the byline's ("Par Jane Doe (avec John Roe)")."""
    return any(
        _BYLINE.search(cell) is not None
        and _is_mostly_filler(_ROLE_IN_BRACKETS.sub(" ", _BYLINE.sub(" ", cell)))
        for cell in _CELL_SEPARATOR.split(text)
    )


def _date_in_own_cell(text: str, date_start: int) -> bool:
    """Whether the date starting at `date_start` fills, with filler words only, a cell of a row of
    several cells separated by "|", "•", "·" or "/"."""
    cells = list(_CELL_SEPARATOR.finditer(text))
    if not cells:
        return False
    start = 0
    for separator in cells:
        if separator.start() > date_start:
            return _is_mostly_filler(text[start : separator.start()])
        start = separator.end()
    return _is_mostly_filler(text[start:])


def _take_bare_name(blocks: Sequence[Block], dateline: int, name_check: _NameCheck) -> tuple[str, ...]:
    """An author named without "By": a line holding only a person's name, right above or below the
    dateline (a text dump of an author box: "Jane Doe" over "June 3, 2025", often after the photo's
    "Picture of Jane Doe"), perhaps followed by a role ("Jane Doe, Managing Editor")."""
    for index in (dateline - 1, dateline + 1, dateline - 2):
        if not 0 <= index < len(blocks):
            continue
        block = blocks[index]
        if block.reason or block.kind == "heading" or len(block.text) > _MAX_BARE_NAME_CHARS:
            continue
        text = block.text.strip()
        name = _undoubled(text)
        role = _ROLE_AFTER_NAME.match(name)
        if role is not None:
            name = role.group("name")
        if not _BARE_NAME.fullmatch(name) or not _looks_like_name(name) or line_chrome_reason(name, top=True):
            continue
        # Title-case menu entries, categories and labels look like names too: a name is only taken when
        # the page says it twice, as author boxes do (the portrait's text, a glued copy, or a link beside
        # it), or when none of its words is a common word of the article ("Home Improvement" is).
        if (
            (name != text and role is None)
            or any(
                _echoes(blocks[other], name)
                for other in range(max(0, index - _NAME_ECHO_DISTANCE), index + _NAME_ECHO_DISTANCE + 1)
                if other != index and other < len(blocks)
            )
            or (_under_headline(blocks, index) and name_check.reads_as_name(name))
        ):
            block.remove("metadata:byline")
            return (name,)
    return ()


def _under_headline(blocks: Sequence[Block], index: int) -> bool:
    """Whether the block stands a few lines under the headline, where a byline goes."""
    return any(block.reason == "metadata:title" for block in blocks[max(0, index - _UNDER_HEADLINE) : index])


def _name_beside_date(leftover: str, name_check: _NameCheck) -> tuple[str, ...]:
    """The author's name written beside the date on one line with no label ("Jane Doe October 11, 2024",
    "Jane Doe • Oct 20, 2025"), given the line without its date; () for anything else. A category stands
    there as often ("Home Improvement March 3, 2024"): only a name none of whose words the article writes
    in lowercase counts."""
    name = _BRACKETED.sub(" ", leftover).strip(_BESIDE_DATE_PUNCTUATION)
    role = _ROLE_AFTER_NAME.fullmatch(name)  # "Jane Doe | Senior Writer | <date>"
    if role is not None:
        name = role.group("name")
    if not _is_full_name(name) or not name_check.reads_as_name(name):
        return ()
    return (name,)


class _NameCheck:
    """Tells a person's name given without a label from a label or a category in title case, by its words:
    the words the article writes in lowercase (read from its first few thousand characters when first
    asked) and the language's stopwords are no part of a name ("grace", "will" and "rose" may be, which
    only costs a name), while labels and categories are made of them."""

    def __init__(self, blocks: Sequence[Block], body_start: int, language: str) -> None:
        self._blocks = blocks
        self._body_start = body_start
        self._language = language
        self._words: frozenset[str] | None = None

    def reads_as_name(self, name: str) -> bool:
        """Whether none of the words of `name` is a stopword, a date word ("Updated"), a role ("Editor")
        or written in lowercase in the article, no acronym stands beside other words ("HR Strategy") and
        no word is two glued together ("DashboardGet")."""
        if self._language in _NOUNS_CAPITALISED:
            return False  # "Wirtschaft Politik": its nouns are never written in lowercase either
        words = WORD.findall(name)
        lowered = {word.lower() for word in words}
        if not (lowered.isdisjoint(_stopwords_of(self._language)) and lowered.isdisjoint(_NOT_NAME_WORDS)):
            return False
        if _DATE_WORDS.search(name) or any(
            _GLUED_WORDS.search(word) or (word.isupper() and len(word) <= 4 and not name.isupper())
            for word in words
        ):
            return False
        if self._words is None:
            self._words = self._read()
        # A short text says too little about which words are common.
        return len(self._words) >= _NAME_CHECK_MIN_WORDS and self._words.isdisjoint(lowered)

    def _read(self) -> frozenset[str]:
        words: set[str] = set()
        for text in _article_texts(self._blocks, self._body_start, _NAME_CHECK_CHARS):
            words.update(word for word in WORD.findall(text) if word.islower())
        return frozenset(words)


def _stopwords_of(language: str) -> frozenset[str]:
    try:
        return stoplist(language) if language else frozenset()
    except KeyError:  # a code without a stoplist
        return frozenset()


def _echoes(block: Block, name: str) -> bool:
    """Whether a short line beside the name repeats it ("Picture of Jane Doe"); the headline does not
    count, since a label's words may well be in it."""
    return (
        name in block.text
        and len(block.text) <= len(name) + _MAX_ECHO_EXTRA_CHARS
        and block.reason != "metadata:title"
    )


def _undoubled(text: str) -> str:
    """ "Jane Doe Jane Doe" (an author box's image text glued to the name) -> "Jane Doe"."""
    half, rest = divmod(len(text), 2)
    if rest and text[half] == " " and text[:half] == text[half + 1 :]:
        return text[:half]
    return text


_BYLINE_LABELS = (*BY_WORDS, *BY_PHRASES, *AUTHOR_NOUNS, *COLON_LABELS)
# Labels that line_words cuts apart (vowel signs are not word characters): looked for in the text itself.
_UNSPLIT_BYLINE_LABELS = tuple(label for label in _BYLINE_LABELS if " ".join(line_words(label)) != label)
# The words of the other labels, as line_words gives them: a line holding none of them has no label.
_BYLINE_WORDS = frozenset(
    word for label in _BYLINE_LABELS if label not in _UNSPLIT_BYLINE_LABELS for word in line_words(label)
)
# A Korean byline names the reporter before the word for reporter: "홍길동 기자".
_KOREAN_BYLINE = re.compile(r"^(?P<names>[\uac00-\ud7af]{2,4})\s*기자(?![\uac00-\ud7af])")
# A Chinese, Japanese or Korean name is written without spaces: two to four characters.
_UNSPACED_NAME = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]{2,4}|[\uac00-\ud7af]{2,4}")


_BRACKETED = re.compile(r"\[[^\]]*\]")

# Words that may stand before "by" in a byline, the writer's name after it.
_BYLINE_LEAD_WORDS = frozenset(
    (
        "a",
        "all",
        "an",
        "article",
        "articles",
        "blog",
        "find",
        "guest",
        "more",
        "post",
        "posts",
        "stories",
        "story",
        "this",
        "view",
        "was",
        "written",
        "posted",
        "words",
        "reported",
        "started",
        "submitted",  # "submitted 17 hours ago by jdoe42": a link aggregator's post
        "text",
        # The same in the languages whose "by" the byline pattern reads.
        "geschrieben",
        "verfasst",
        "ein",
        "beitrag",
        "artikel",
        "écrit",
        "rédigé",
        "escrito",
        "escrita",
        "texto",
        "ditulis",
        "geschreven",
        "skrevet",
        "skriven",
        "cura",  # "a cura di": edited by
        "yazan",
    )
)


_ROLE_IN_BRACKETS = re.compile(r"\([^()]{1,80}\)")


def _is_mostly_filler(text: str) -> bool:
    rest = _DATE_WORDS.sub(" ", text)
    words = [w for w in WORD.findall(rest) if not w.isdigit()]
    return len(words) <= 3


def parse_byline(text: str) -> tuple[str, ...]:
    """Author names from a byline ("By Jane Doe and John Roe", "Posted by X on <date>"), else (); in a
    row of cells, from the cell that is one and names people in full ("Le Monde | 04.05.2015 | Par Jane
    Doe"; a menu's "Home | By State" names no one)."""
    names = _parse_byline_line(text)
    if names or _CELL_SEPARATOR.search(text) is None:
        return names
    for cell in _CELL_SEPARATOR.split(text):
        names = _parse_byline_line(cell.strip())
        if names and all(" " in name for name in names):
            return names
    return ()


def _parse_byline_line(text: str) -> tuple[str, ...]:
    # Text dumps glue neighbouring elements: "By Jane DoePublished: June 25".
    text = unglue_date_words(text)
    korean = _KOREAN_BYLINE.match(text)
    if korean is not None:
        return (korean.group("names"),)
    match = _BYLINE.search(text)
    if match is None or not _is_byline_lead(text[: match.start()]):
        return ()
    raw = match.group("names")
    last = raw.rsplit(None, 1)
    if len(last) == 2 and is_month_name(last[1]) and text[match.end() :].lstrip()[:1].isdigit():
        raw = last[0]  # "By Jane Doe December 2, 2025": the date starts at the month
    raw = _BYLINE_STOP.sub("", raw)
    names: list[str] = []
    for part in _NAME_SPLIT.split(raw):
        name = _undoubled(part.strip(" .,'’"))  # "Author Jane Doe Jane Doe": a portrait's text and the name
        # "By Jane Doe, June 04, 2024": the date after the names starts with a capital too.
        if (
            name
            and _looks_like_name(name)
            and not is_month_name(name)
            and _NOT_IN_NAMES.isdisjoint(name.lower().split())
        ):
            names.append(name)
    if (
        not names
        and match.start() == 0
        and _LONE_HANDLE.fullmatch(raw)
        and _BY_LABEL_END.search(text, 0, match.start("names"))
        and not is_month_name(raw)
    ):
        # "by ibby", "Posted by jdoe42 on 07/03/24": a label opening the line, then a user name alone.
        return (raw,)
    return tuple(dict.fromkeys(names))


# A forum or blog user name after a byline label: one word of letters, digits, dots, dashes or underscores.
_LONE_HANDLE = re.compile(r"(?=[^\W\d_])[\w.\-]{3,32}")
_BY_LABEL_END = re.compile(r"\bby\s*:?\s*$", re.IGNORECASE)  # "by", "Posted by", "Written by:"


def _is_byline_lead(lead: str) -> bool:
    """Whether what stands before a line's "by" lets it be a byline: nothing, a date, or words that say the
    name is the writer's ("View all posts by"). Other words make it a filter, a seller or a credit:
    "Filter by Topic", "Shop by Brand", "Sold by", "Powered by", "Reviewed by", "Photo by"."""
    if "©" in lead or "copyright" in lead.lower():
        return False  # "© 2025 by Example LLC": the owner of the site
    lead = _BRACKETED.sub(" ", lead)  # an image's file name: "[jane-doe-1] By Jane Doe"
    words = WORD.findall(_DATE_WORDS.sub(" ", lead))
    return all(
        _DIGIT.search(word) or word.lower() in _BYLINE_LEAD_WORDS or is_month_name(word) for word in words
    )


def _looks_like_name(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 5:
        return False
    if any(_DOMAIN.search(w) for w in words):
        return False  # "Cleveland.com": the site, not a person
    # Scripts without capitals (Arabic, Hindi, Chinese) give no sign of a name: their words count as capitals.
    capitalised = [w for w in words if w[:1].isupper() or is_caseless_letter(w[:1])]
    others = [w for w in words if not (w[:1].isupper() or is_caseless_letter(w[:1]))]
    return bool(capitalised) and all(w.lower() in _NAME_PARTICLES for w in others)


_DOMAIN = re.compile(r"\w\.[a-z]{2,}$", re.IGNORECASE)
# Two to four words of letters (initials, hyphens and apostrophes allowed): no digits, no punctuation.
_BARE_NAME = re.compile(rf"[^\W\d_]{_NAME_CHARS}*(?: [^\W\d_]{_NAME_CHARS}*){{1,3}}")
_MAX_BARE_NAME_CHARS = 80
# A label standing alone on the line above the author's name (a form's "By: [ ]" field is not one).
_BYLINE_LABEL = re.compile(rf"[\s•·*–—-]*(?i:{label_alternation(_BYLINE_LABELS)}|about the author)\s*:?\s*")
# A portrait's text, as a text dump renders an image: "Picture of Jane Doe", "Headshot of Jane Doe, MD, ...".
_PORTRAIT = re.compile(
    r"\W*(?i:picture|photo|headshot|image|portrait|avatar|profile (?:photo|picture|image)) of (?P<name>.+)"
)
# The labels that introduce the names themselves ("By"), unlike a section's ("Author", "About the author").
_BY_LABEL = re.compile(rf"[\s•·*–—-]*(?i:{label_alternation((*BY_WORDS, *BY_PHRASES))})\s*:?\s*")
# "More articles by", "View all posts by", "Written by" on a line of its own: an author box's link or label.
_AUTHOR_LINK = re.compile(
    r"(?i:(?:view|read|find|see)\s+)?(?i:all|more|other)\s+(?i:articles|posts|stories)\s+by\s"
    r"|(?i:written by)\s"
)
_MAX_DATELINE_CHARS = 60
_MAX_DATE_LABEL_CHARS = 30
# "Jane Doe, Managing Editor", "Jane Doe - Product marketer", "Jane Doe | Guest Columnist": a role after the
# name, short and set off by a comma, dash or bar.
_ROLE_AFTER_NAME = re.compile(r"(?P<name>[^,|–—]+?)\s*(?:,|\s[-–—|]|\|)\s*(?P<role>[^,|]{2,40})")
_GLUED_WORDS = re.compile(r"[a-z]{3}[A-Z]")  # not "McDonald", "DeShawn"
_BESIDE_DATE_PUNCTUATION = " \t•·|/–—-,"
# How much of the article _NameCheck reads for its lowercase words, and how many it needs to judge by them.
_NAME_CHECK_CHARS = 4000
_NAME_CHECK_MIN_WORDS = 100
# Languages that capitalise every noun: whether the article writes a word in lowercase tells nothing.
_NOUNS_CAPITALISED = frozenset(("de", "lb"))
_UNDER_HEADLINE = 4
# A label right before a date says it is the page's: "Posted on", "Updated:", "veröffentlicht am".
_DATE_LABEL_BEFORE = re.compile(
    r"\b(?:posted|published|updated|modified|veröffentlicht|aktualisiert|publié|mis à jour|"
    r"publicado|atualizado|actualizado|pubblicato|aggiornato|gepubliceerd|bijgewerkt)"
    r"(?P<poster>\s+by\s+\S+(?:\s+\S+){0,2}\s+on)?"  # "Posted by Jane Doe on <date>"
    r"(?:\s+(?:on|am|le|el|em|il|op))?\s*:?\s*"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?$",  # "on Friday, December 19, 2025"
    re.IGNORECASE,
)
_UPDATE_WORD = re.compile(r"updat|modifi|aktualisiert|actualiz|atualiz|mis à jour|bijgewerkt", re.IGNORECASE)
# A forum thread's opener: "Thread starter jdoe42", "Topic starter: jdoe42", "started by jdoe42, <date>".
_STARTER_LABEL = re.compile(
    r"^[•·*\s]*(?i:thread starter|topic starter|original poster|themenstarter|ersteller|topicstarter|"
    r"auteur de la discussion|autor del tema|iniciador do tópico|autore discussione|autor wątku)"
    r"\s*:?\s+(?P<name>.+)$"
    r"|\b(?i:started by|gestartet von|gestart door|commencé par|iniciado por)\s+(?P<name2>[^,]+),"
)
# The header phpBB prints over every post, "Post by jdoe42 » 11. Sep 2024, 18:36": the page's first is the
# thread starter's.
_POST_HEADER = re.compile(r"^(?i:post\s+)?by\s+(?P<name>[^\s»]+)\s+»(?P<when>.*)$")
_POST_NUMBER_ONE = re.compile(r"#1(?!\d)\s*")
# A first post's header: the user (with a display name in brackets), when, and the post's number 1.
_FIRST_POST_HEADER = re.compile(r"(?P<name>\S+)(?:\s+\([^()]{1,40}\))?\s+(?P<when>.+?)(?:\s+|\s*#)1")
# A forum user name: one token of letters, digits, "_", "." or "-", or two or three words ("Chris Hall").
_USER_NAME = re.compile(
    r"(?=[^\W\d_]|\d+[^\W\d])[\w.\-]{2,32}|[^\W\d_][\w.'’\-]*(?: [^\W\d_][\w.'’\-]*){1,2}"
)
_PUBLICATION_WORD = re.compile(
    r"publi|posted|updated|modified|date|datum|veröffentlicht|aktualisiert|erschienen|actuali|atuali|"
    r"mis à jour|\basked\b",  # a question's date on a Q&A page: "asked Jun 29, 2012 at 10:51"
    re.IGNORECASE,
)
# How far from the article's start a byline or dateline line of its own is still the article's ...
_FAR_BYLINE_DISTANCE = 120
# ... and a dateline that says what its date is ("Posted on April 13, 2023" under a long article).
_FAR_DATELINE_DISTANCE = 200
# ... and a name under a "By" label (an author box at the foot of a long page).
_AUTHOR_LABEL_DISTANCE = 500
_NAME_ECHO_DISTANCE = 2
_MAX_ECHO_EXTRA_CHARS = 30


# ------------------------------------------------------------------------------------------------
# Tags.
# ------------------------------------------------------------------------------------------------


def take_tags(blocks: Sequence[Block], body_start: int) -> tuple[str, ...]:
    """The tags of the first "Tags:" line below the body's start, that line removed."""
    for index in range(body_start, len(blocks)):
        block = blocks[index]
        if len(block.text) > MAX_CHROME_CHARS:
            continue
        match = _TAGS_LINE.match(block.text)
        if match is None or _SENTENCE_INSIDE.search(match.group("rest")):
            continue
        listing = [block]
        rest = match.group("rest").strip()
        if not rest and index + 1 < len(blocks) and len(blocks[index + 1].text) <= MAX_CHROME_CHARS:
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
