"""Page metadata from an HTML tree: title, authors, dates, site, URL, language, description, tags."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from pagewash.types import Metadata

from .address import slug_share, slug_words
from .bylines import BY_START, author_names, byline_names
from .dates import ISO_DATE, named_date, normalize_date, numeric_date, reads_day_first, valid_date
from .jsonld import JsonLd, parse_jsonld
from .values import clean_value

# ---------------------------------------------------------------------------------------------------------
# Sources, in priority order (first non-empty wins unless a rule below says otherwise).

_TITLE_META = ("og:title", "twitter:title", "dc.title", "sailthru.title", "parsely-title")
_AUTHOR_META = (
    "author",
    "article:author",
    "og:author",
    "article-author",
    "article_author",
    "creator",
    "cxenseparse:author",
    "dc.creator",
    "dc.contributor",
    "dcterms.creator",
    "sailthru.author",
    "parsely-author",
    "byl",
    "citation_author",
)
_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "og:publish_date",
    "og:publication_time",
    "article.published",
    "published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish_date",
    "publish-date",
    "published-date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dc.date.created",
    "dcterms.created",
    "citation_publication_date",
    "citation_date",
    "sailthru.date",
    "parsely-pub-date",
    "article_date_original",
    "original-publish-date",
    "cxenseparse:recs:publishtime",
    "cxenseparse:publishtime",
    "published",
    "publisheddate",
    "published_at",
    "publish_time",
    "date-pub",
    "release_date",
    "created",
    "datecreated",
)
_MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
)
# Twitter card label/data pairs: how many a page may have, and the labels that name the writer.
_TWITTER_LABEL_PAIRS = 4
_WRITTEN_BY_LABELS = frozenset(
    (
        "written by", "author", "by", "geschrieben von", "verfasst von", "autor", "autorin", "écrit par",
        "auteur", "escrito por", "scritto da", "autore", "geschreven door", "napisane przez", "автор",
        "yazan", "skrevet af", "skrivet av", "kirjoittanut", "ditulis oleh", "作者", "著者", "작성자",
    )
)  # fmt: skip
_SITE_META = ("og:site_name", "application-name", "apple-mobile-web-app-title", "twitter:site")
_DESCRIPTION_META = ("description", "og:description", "twitter:description", "dc.description")
_TAG_META = ("article:tag", "news_keywords", "keywords", "parsely-tags", "sailthru.tags")
_LANGUAGE_META = ("content-language", "language", "dc.language", "og:locale")


# ---------------------------------------------------------------------------------------------------------
# Text helpers.

# A title separator needs spaces on both sides (bars and bullets excepted), so hyphenated words and "a:b"
# stay whole. Chinese, Japanese and Korean titles put their separators between characters, without spaces:
# "标题_栏目_网站", "見出し｜サイト". (A hyphen may join names in a Korean headline, "엘제이-류화영":
# only the site's own name after one is cut, in `_strip_site`.)
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff01-\uffef"
_TITLE_SEPARATOR = re.compile(
    r"\s+(?:[|\-–—·•»:/\\~]|::|\|\|)\s+|\s*[|·•»｜]\s*"
    rf"|(?<=[{_CJK}])\s*_\s*|\s*_\s*(?=[{_CJK}])"
)
_GLUED_DASHES = "-－–—"
_HAS_LETTER = re.compile(r"[^\W\d_]")
_NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    """Casefolded words; cached because the title rules fold the same site names and parts repeatedly."""
    return _NON_WORD.sub(" ", text.casefold()).strip()


# ---------------------------------------------------------------------------------------------------------
# What one pass over the tree collects.


@dataclass
class _Page:
    meta: dict[str, list[str]] = field(default_factory=dict)
    title: str = ""
    h1: list[str] = field(default_factory=list)
    first_h1: Any = None
    container: Any = None  # the first <article> or <main>
    body: Any = None
    scopes: list[Any] | None = None  # where bylines and dates are looked for, found when needed
    marked: list[_MarkedElements] = field(default_factory=list)  # byline and date elements of each scope
    mark_verdicts: dict[str, bool] = field(default_factory=dict)  # attribute value -> holds a mark word
    # Element -> marked, for the elements the scopes share (the headline's block lies in the article,
    # which lies in the body). Holding the elements also keeps their lxml proxies, which lxml then
    # hands out again instead of making new ones.
    marked_elements: dict[Any, bool] = field(default_factory=dict)
    first_elements: list[_FirstElements] = field(default_factory=list)  # bare bylines and dates of each scope
    html_lang: str = ""
    canonical: str = ""
    jsonld_texts: list[str] = field(default_factory=list)
    times: list[tuple[str, str]] = field(default_factory=list)  # (datetime attribute, itemprop/class)

    def first(self, names: Iterable[str]) -> str:
        for name in names:
            for value in self.meta.get(name, ()):
                cleaned = clean_value(value)
                if cleaned:
                    return cleaned
        return ""

    def every(self, names: Iterable[str]) -> Iterator[str]:
        for name in names:
            for value in self.meta.get(name, ()):
                cleaned = clean_value(value)
                if cleaned:
                    yield cleaned


def _text_of(element: Any) -> str:
    """All the text inside an element (any lxml element, not only lxml.html's): XPath's string(), which
    libxml2's text serializer gives too, at less than half the cost of an XPath evaluation."""
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


_INVISIBLE_TAGS = frozenset(("script", "style", "noscript", "template", "svg"))
_HIDDEN_OR_BREAK = etree.XPath(".//br|.//script|.//style|.//noscript|.//template|.//svg")
# Permalink marks that documentation generators append to headings ("Quickstart¶").
_HEADING_MARKS = re.compile(r"[\s¶§#🔗]+$")


def _visible_text(element: Any) -> str:
    """The element's text as a reader sees it: a space for each <br> (text_content() glues the words
    together) and nothing from <style> or <script> inside it."""
    if not _HIDDEN_OR_BREAK(element):
        return _text_of(element)
    parts: list[str] = []
    hidden: Any = None  # the <style>/<script> being skipped
    for event, node in etree.iterwalk(element, events=("start", "end")):
        if event == "start":
            if hidden is not None:
                continue
            if node.tag == "br":
                parts.append(" ")
            elif node.tag in _INVISIBLE_TAGS:
                hidden = node
            elif isinstance(node.tag, str) and node.text:
                parts.append(node.text)
        else:
            if node is hidden:
                hidden = None
            elif hidden is not None:
                continue
            if node is not element and node.tail:
                parts.append(node.tail)
    return "".join(parts)


_META_KEY_ATTRIBUTES = frozenset(("property", "name", "itemprop", "http-equiv"))
_SCANNED_TAGS = ("meta", "link", "script", "title", "h1", "html", "time", "article", "main", "body")


_SCOPE_LEVELS = 4  # how far above the headline a byline may sit


def _byline_scope(page: _Page) -> Any:
    """Where bylines and visible dates are looked for: around the headline, else the article.

    Searching the whole tree costs milliseconds on big pages and finds the authors of teasers and
    comments; the byline sits next to the headline.
    """
    heading = page.first_h1
    if heading is None:
        return page.container
    scope = heading
    for _ in range(_SCOPE_LEVELS):
        parent = scope.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        scope = parent
        if scope.tag in ("article", "main"):
            break
    return scope


def _links_home(heading: Any) -> bool:
    """Whether a heading holds nothing but a link to the site's front page ("<h1><a href="/">Site</a>")."""
    if len(heading) != 1 or (heading.text or "").strip():
        return False
    link = heading[0]
    if link.tag != "a" or (link.tail or "").strip():
        return False
    href = (link.get("href") or "").strip()
    if not href or href.startswith("#"):
        return False
    try:
        parts = urlsplit(href)
    except ValueError:  # "http://[::1": not an address at all
        return False
    return parts.path in ("", "/") and not parts.query


def _scan(tree: Any) -> _Page:
    """One walk over the tree collecting the elements metadata comes from."""
    page = _Page()
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    for element in root.iter(*_SCANNED_TAGS):
        tag = element.tag
        if tag == "meta":
            # One items() call instead of five get()s: lxml converts every value it hands out.
            content = None
            keys: list[str] = []
            for name, value in element.items():
                if name == "content":
                    content = value
                elif value and name in _META_KEY_ATTRIBUTES:
                    keys.append(value)
            if content is not None:
                for key in keys:
                    page.meta.setdefault(key.strip().lower(), []).append(content)
        elif tag == "link":
            if page.canonical:
                continue  # only the first canonical link counts
            rel = element.get("rel")
            if rel and "canonical" in rel.lower().split():
                page.canonical = (element.get("href") or "").strip()
        elif tag == "script":
            kind = (element.get("type") or "").lower()
            if "ld+json" in kind and element.text:
                page.jsonld_texts.append(element.text)
        elif tag == "title":
            if not page.title:
                page.title = clean_value(_text_of(element))
        elif tag in ("article", "main"):
            if page.container is None:
                page.container = element
        elif tag == "h1":
            if _links_home(element):
                continue  # the site's logo set as the page's h1
            if page.first_h1 is None:
                page.first_h1 = element
            if len(page.h1) < 3:
                text = _HEADING_MARKS.sub("", clean_value(_visible_text(element)[:2000]))
                if text:
                    page.h1.append(text)
        elif tag == "body":
            if page.body is None:
                page.body = element
        elif tag == "html":
            if not page.html_lang:
                page.html_lang = element.get("lang") or element.get("xml:lang") or ""
        elif tag == "time":
            stamp = element.get("datetime") or ""
            if len(page.times) < 20:
                hint = " ".join(
                    (element.get("itemprop") or "", element.get("class") or "", element.get("pubdate") or "")
                ).lower()
                if element.get("pubdate") is not None:
                    hint += " pubdate"
                page.times.append((stamp.strip() or clean_value(_text_of(element)), hint))
    return page


# ---------------------------------------------------------------------------------------------------------
# JSON-LD.


def _name_of(value: Any) -> str:
    if isinstance(value, str):
        return clean_value(value)
    if isinstance(value, dict):
        return clean_value(value.get("name")) or clean_value(value.get("alternateName"))
    if isinstance(value, list):
        for item in value:
            name = _name_of(item)
            if name:
                return name
    return ""


# ---------------------------------------------------------------------------------------------------------
# Title.


def _split_title(title: str) -> list[str]:
    return [part.strip() for part in _TITLE_SEPARATOR.split(title) if part.strip()]


def _is_site_part(part: str, site_names: list[str]) -> bool:
    squeezed = _fold(part).replace(" ", "")
    if not squeezed:
        return True
    for name in site_names:
        site = _fold(name).replace(" ", "")
        if site and (squeezed == site or (len(site) >= 4 and (site in squeezed or squeezed in site))):
            return True
    return False


def _strip_site(title: str, site_names: list[str]) -> str:
    """The title without the site's name and taglines around it ("Headline | Site", "Site - Headline")."""
    title = _without_glued_site(title, site_names)
    parts = _split_title(title)
    if len(parts) < 2:
        return title
    kept = [part for part in parts if not _is_site_part(part, site_names)] or parts
    # A part without a letter ("15 - Tutorial: Sweep and Loft - Headphones", "2024 | Report") numbers
    # the page or dates it; it is not the headline.
    kept = [part for part in kept if _HAS_LETTER.search(part)] or kept
    if len(kept) == 1:
        return kept[0]
    if len(kept) == len(parts) and len(parts) == 2 and len(kept[0].split()) < 3 <= len(kept[1].split()):
        return kept[1]  # "Brand | What the page is about": a short first part is the brand
    # The headline comes first; what follows it is a tagline or the site's name.
    return kept[0]


def _without_glued_site(title: str, site_names: list[str]) -> str:
    """The title without the site's name glued to its end by a dash ("标题-示例网")."""
    for name in site_names:
        cut = len(title) - len(name) - 1
        if name and cut > 0 and title.endswith(name) and title[cut] in _GLUED_DASHES:
            return title[:cut].rstrip()
    return title


_MIN_SLUG_SHARE = 0.5
_SLUG_MARGIN = 0.3


def _words(text: str) -> set[str]:
    return set(_fold(text).split())


def _pick_title(page: _Page, ld: JsonLd, site_names: list[str], address: str) -> str:
    headline = ""
    for node in ld.articles:
        headline = clean_value(node.get("headline"))
        if headline:
            break
    meta_title = page.first(_TITLE_META)
    full = meta_title or page.title or headline
    stripped = _strip_site(full, site_names) if full else ""
    # The visible headline (h1) is the page's title as a reader sees it when it agrees with the declared
    # title, unless it is the site's logo. An h1 repeating what follows the headline in the title
    # ("Page - Book name") names the site too.
    title_parts = _split_title(page.title or full)
    # ... unless the declared title is that h1 ("tag - Question - Site" with og:title "Question").
    trailing_parts = {_fold(part) for part in title_parts[1:]} - {_fold(meta_title), _fold(headline)}
    headings = [
        h1
        for h1 in dict.fromkeys(page.h1)
        if not _is_site_part(h1, site_names) and _fold(h1) not in trailing_parts and len(h1) <= 300
    ]
    wanted = {_fold(t) for t in (meta_title, page.title, headline, stripped) if t}
    if title_parts:
        wanted.add(_fold(title_parts[0]))
    for h1 in headings:
        if _fold(h1) in wanted:
            return _strip_site(h1, site_names)
    # Otherwise a one-word h1 is a section label ("Blog", "News") rather than the headline.
    headings = [h1 for h1 in headings if len(h1.split()) > 1 or len(stripped.split()) <= 1]
    # When they disagree, the page's address may say which one its headline is (read only then).
    slug = slug_words(address) if stripped and headings else frozenset()
    if slug:
        shares = sorted(
            ((slug_share(_words(c), slug), i, c) for i, c in enumerate([stripped, *headings])), reverse=True
        )
        if shares[0][0] >= _MIN_SLUG_SHARE and shares[0][0] - shares[1][0] >= _SLUG_MARGIN:
            return _strip_site(shares[0][2], site_names)
    title_words = _words(full)
    if headings and title_words:
        best = max(headings, key=lambda h: len(_words(h) & title_words) / (len(_words(h)) or 1))
        if len(_words(best) & title_words) >= 0.5 * len(_words(best)):
            return _strip_site(best, site_names)
    if stripped:
        # A JSON-LD headline cut to fit a length limit is worse than the full title.
        return stripped
    return headline or (page.h1[0] if page.h1 else "")


# ---------------------------------------------------------------------------------------------------------
# Authors (names cleaned in bylines.py).

_EXPLICIT_AUTHOR_MARK = re.compile(r"author|creator|username|poster", re.IGNORECASE)


def _dedupe(values: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for value in values:
        key = value.casefold()
        if key and key not in seen:
            seen[key] = value
    return tuple(seen.values())


def _jsonld_authors(ld: JsonLd) -> list[str]:
    for node in ld.main_nodes():
        value = node.get("author") or node.get("creator")
        if not value:
            continue
        items = value if isinstance(value, list) else [value]
        names: list[str] = []
        for item in items:
            resolved = ld.resolve(item)
            name = _name_of(resolved)
            if name:
                names.extend(author_names(name))
        if names:
            return names
    return []


# Elements near the headline whose class, id, rel or itemprop marks a byline or a date. A Python walk
# over a few tag names beats an XPath attribute test, which libxml2 runs on every node (SVG icons hold
# thousands).
_MARKED_TAGS = (
    "div",
    "span",
    "a",
    "p",
    "li",
    "address",
    "small",
    "time",
    "strong",
    "em",
    "b",
    "ul",
    "section",
    "abbr",
    "h2",
    "h3",
    "h4",
)
# Looked for in lowercased attribute values (a case-insensitive regex costs several times more, and
# this runs on hundreds of elements per page).
_MARK_WORDS = (
    "author",
    "byline",
    "creator",
    "username",
    "poster",
    "date",
    "publish",
    "publication",
    "posted",
    "timestamp",
)
# Any of the words in a lowercased value; one regex search costs less than ten substring tests.
_MARK_WORD = re.compile("|".join(_MARK_WORDS))
_MARKING_ATTRIBUTE_NAMES = frozenset(("class", "id", "itemprop", "rel"))
_AUTHOR_MARK = re.compile(r"author|byline|creator|username|poster", re.IGNORECASE)
_DATE_MARK = re.compile(r"date|publish|publication|posted|timestamp|byline", re.IGNORECASE)
# How many elements of each scope are looked at (headline block, article, page): bylines sit near the
# top, and every element visited costs a Python object.
_MAX_SCOPE_ELEMENTS = (400, 300, 200)
_MAX_MARKED = 60


def _scopes(page: _Page) -> list[Any]:
    """Where bylines and dates are looked for, nearest first: the headline's block, the article, the page."""
    if page.scopes is None:
        page.scopes = []
        for scope in (_byline_scope(page), page.container, page.body):
            if scope is not None and not any(scope is known for known in page.scopes):
                page.scopes.append(scope)
    return page.scopes


def _marked(page: _Page, index: int) -> _MarkedElements:
    """The byline and date elements of the `index`th scope (cached: bylines and dates share them)."""
    while len(page.marked) <= index:
        position = len(page.marked)
        limit = _MAX_SCOPE_ELEMENTS[min(position, len(_MAX_SCOPE_ELEMENTS) - 1)]
        page.marked.append(
            _MarkedElements(_scopes(page)[position], limit, page.mark_verdicts, page.marked_elements)
        )
    return page.marked[index]


class _MarkedElements:
    """The marked elements among the first `limit` candidate elements of a scope (at most `_MAX_MARKED`),
    found only as far as a reader iterates: the author is usually in the first few, and testing an
    element's attributes costs far more than walking past it (lxml converts every value it returns)."""

    __slots__ = ("_candidates", "_done", "_elements", "_found", "_limit", "_seen", "_verdicts")

    def __init__(self, scope: Any, limit: int, verdicts: dict[str, bool], elements: dict[Any, bool]) -> None:
        self._candidates = scope.iter(*_MARKED_TAGS)
        self._verdicts = verdicts
        self._elements = elements
        self._limit = limit
        self._seen = 0
        self._done = False
        self._found: list[Any] = []

    def __iter__(self) -> Iterator[Any]:
        found = self._found
        index = 0
        while index < len(found) or self._find_next():
            yield found[index]
            index += 1

    def _find_next(self) -> bool:
        """Scan on to the next marked element; False once the scope's share is used up."""
        if self._done or len(self._found) >= _MAX_MARKED:
            self._done = True
            return False
        known = self._elements
        for element in self._candidates:
            if self._seen >= self._limit:
                break
            self._seen += 1
            marked = known.get(element)
            if marked is None:
                marked = known[element] = _is_marked(element, self._verdicts)
            if marked:
                self._found.append(element)
                return True
        self._done = True
        return False


def _short_text(element: Any, limit: int) -> str:
    """The element's cleaned text, or "" when it is longer than `limit` (a container, not a byline)."""
    text = _text_of(element)
    return "" if len(text) > 4 * limit else clean_value(text)


def _is_marked(element: Any, verdicts: dict[str, bool]) -> bool:
    """Whether the element's class, id, itemprop or rel holds a byline or date word.

    One items() call fetches all attributes (each get() converts a value, and most elements have one
    or two attributes); `verdicts` remembers the page's attribute values, which repeat a lot."""
    for name, value in element.items():
        if value and name in _MARKING_ATTRIBUTE_NAMES:
            marked = verdicts.get(value)
            if marked is None:
                marked = verdicts[value] = _MARK_WORD.search(value.lower()) is not None
            if marked:
                return True
    return False


def _marker(element: Any) -> str:
    return " ".join(
        (
            element.get("class") or "",
            element.get("id") or "",
            element.get("rel") or "",
            element.get("itemprop") or "",
        )
    )


_AUTHOR_CLASS_NOISE = re.compile(
    r"(?:avatar|image|img|photo|bio|description|box|social|follow|more|about)", re.I
)


def _byline_authors(page: _Page) -> list[str]:
    scopes = _scopes(page)
    for index in range(len(scopes)):
        names = _scope_authors(_marked(page, index))
        if not names and index == 0:
            names = _bare_bylines(_first_elements(page, 0))
        if names:
            return names
    return []


def _scope_authors(marked: Iterable[Any]) -> list[str]:
    for element in marked:
        names = _element_authors(element)
        if names:
            return _trimmed_to_inner_names(element, names) if len(element) else names
    return []


def _element_authors(element: Any) -> list[str]:
    """The names in a byline element: one whose class, id, itemprop or rel says author or byline."""
    marker = _marker(element)
    if not _AUTHOR_MARK.search(marker) or (
        _AUTHOR_CLASS_NOISE.search(marker) and element.get("itemprop") != "author"
    ):
        return []
    name_element = element.find(".//*[@itemprop='name']")
    if name_element is not None and name_element.tag == "meta":
        text = clean_value(name_element.get("content"))  # microdata's name given as <meta content=...>
    else:
        text = _short_text(name_element if name_element is not None else element, 160)
    if not text or len(text) > 120:
        return []
    return byline_names(text, explicit=bool(_EXPLICIT_AUTHOR_MARK.search(marker)))


def _trimmed_to_inner_names(element: Any, names: list[str]) -> list[str]:
    """A byline's names cut back to the names its own byline elements hold: the container's text runs
    the name into the role or date beside it ("Jane Doe Founder & Editor", "Jane DoeSenior Writer"),
    where an inner <span class="author-name"> holds the name alone."""
    inner: list[str] = []
    verdicts: dict[str, bool] = {}
    for descendant in itertools.islice(element.iterdescendants(), _MAX_BYLINE_DESCENDANTS):
        if _is_marked(descendant, verdicts):
            inner += _element_authors(descendant)
    return [
        next((name for name in inner if outer.startswith(name) and len(outer) > len(name)), outer)
        for outer in names
    ]


# A byline is a few elements; more is a container whose text was short only by chance.
_MAX_BYLINE_DESCENDANTS = 20


def _bare_bylines(elements: Iterable[Any]) -> list[str]:
    """A "By Jane Doe" line near the headline in an element that no class marks."""
    for element in elements:
        text = element.text
        if not text or len(text) > 80 or not BY_START.match(text):
            continue
        whole = len(element) == 0
        if text.strip().rstrip(":").lower() in ("by", "written by", "posted by"):
            # "By <a>Jane Doe</a>": the name is in the next element.
            text = _short_text(element, 80)
            whole = True
        names = byline_names(text, explicit=False, whole=whole)
        if names:
            return names
    return []


def _meta_authors(page: _Page) -> list[str]:
    return _listed_meta_authors(page) or _labelled_meta_authors(page)


def _labelled_meta_authors(page: _Page) -> list[str]:
    """The author a Twitter card's label/data pair names: "twitter:label1" "Written by" with
    "twitter:data1" "Jane Doe", as SEO plugins write it."""
    for number in range(1, _TWITTER_LABEL_PAIRS + 1):
        labels = page.meta.get(f"twitter:label{number}")
        if labels and clean_value(labels[0]).lower().rstrip(":") in _WRITTEN_BY_LABELS:
            data = page.meta.get(f"twitter:data{number}")
            return author_names(clean_value(data[0])) if data else []
    return []


def _listed_meta_authors(page: _Page) -> list[str]:
    for key in _AUTHOR_META:
        values = [clean_value(v) for v in page.meta.get(key, ())]
        if key == "citation_author":
            # One author per tag, written "Last, First".
            return [
                " ".join(reversed(v.split(",", 1))).strip() if v.count(",") == 1 else v for v in values if v
            ]
        names = [name for value in values for name in author_names(value)]
        if names:
            return names
    return []


def _pick_authors(page: _Page, ld: JsonLd, site_names: list[str]) -> tuple[str, ...]:
    """Authors from JSON-LD, then author meta tags, then a byline near the headline.

    A declared author that is only the site or publisher is kept as a last resort: a byline naming a
    person is better.
    """
    fallback: list[str] = []
    for source in (lambda: _jsonld_authors(ld), lambda: _meta_authors(page), lambda: _byline_authors(page)):
        names = source()
        if not names:
            continue
        if all(_is_site_part(name, site_names) for name in names):
            fallback = fallback or names
            continue
        return _dedupe(names)
    return _dedupe(fallback)


# ---------------------------------------------------------------------------------------------------------
# Dates.


_URL_DATE = re.compile(r"(?<![\d.])((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?![\d.])")
_UPDATED_HINT = re.compile(r"updat|modif|edit|aktualisiert|mis à jour|actualizado|revised", re.IGNORECASE)
_PUBLISHED_HINT = re.compile(r"publish|posted", re.IGNORECASE)


def _pick_published(page: _Page, ld: JsonLd, url: str, language: str) -> str:
    # The page's own language says how its all-digit dates read ("05/03/2024"); meta values are ISO.
    day_first = reads_day_first(language)
    for node in ld.main_nodes():
        for key in ("datePublished", "dateCreated", "uploadDate"):
            found = normalize_date(clean_value(node.get(key)))
            if found:
                return found
    for raw in page.every(_PUBLISHED_META):
        found = normalize_date(raw)
        if found:
            return found
    times = [(normalize_date(stamp, day_first=day_first), hint) for stamp, hint in page.times]
    for found, hint in times:
        if found and ("publish" in hint or "pubdate" in hint or "created" in hint):
            return found
    for found, hint in times:
        if found and not _UPDATED_HINT.search(hint):
            return found
    match = _URL_DATE.search(_url_path(url)) if url else None
    if match:
        found_date = valid_date(int(match[1]), int(match[2]), int(match[3]))
        if found_date:
            return found_date.isoformat()
    updated = ""
    for found, is_update in _visible_dates(page, day_first):
        if not is_update:
            return found
        updated = updated or found
    for node in ld.main_nodes():
        found = normalize_date(clean_value(node.get("dateModified")))
        if found:
            return found
    for raw in page.every(_MODIFIED_META):
        found = normalize_date(raw)
        if found:
            return found
    return updated


_YEAR = re.compile(r"(?:19|20)\d\d")
_MAX_TEXT_ELEMENTS = 400


def _visible_dates(page: _Page, day_first: bool) -> Iterator[tuple[str, bool]]:
    """Dates written on the page near the headline, as (ISO date, is an "Updated …" date).

    First the byline and date elements ("Posted on March 5, 2024"), then any short text near the
    headline that is only a date (pages styled with utility classes mark nothing).
    """
    for index in range(len(_scopes(page))):
        for element in _marked(page, index):
            if not _DATE_MARK.search(_marker(element)):
                continue
            text = _short_text(element, 300)
            # A machine-readable stamp beside the text: <abbr title=…>, <span content=…>.
            stamp = element.get("datetime") or element.get("content") or element.get("title") or ""
            iso = normalize_date(stamp) if _YEAR.search(stamp) else ""
            if not iso and text and len(text) <= 200:
                found = named_date(text) or numeric_date(text, day_first=day_first)
                iso = (
                    found.isoformat()
                    if found
                    else normalize_date(text, day_first=day_first)
                    if len(text) <= 40
                    else ""
                )
            if iso:
                is_update = bool(_UPDATED_HINT.search(text + " " + _marker(element)))
                yield iso, is_update and not _PUBLISHED_HINT.search(text)
        if index < 2:
            yield from _bare_dates(_first_elements(page, index), day_first)


def _first_elements(page: _Page, index: int) -> _FirstElements:
    """The first elements of the `index`th scope (cached: bare bylines and dates read the same ones)."""
    while len(page.first_elements) <= index:
        page.first_elements.append(_FirstElements(_scopes(page)[len(page.first_elements)]))
    return page.first_elements[index]


class _FirstElements:
    """The first `_MAX_TEXT_ELEMENTS` elements of a scope, met only as far as a reader iterates and
    kept: a second reader makes no lxml proxies anew (nor do later scans of the elements kept)."""

    __slots__ = ("_elements", "_found")

    def __init__(self, scope: Any) -> None:
        self._elements = scope.iter(etree.Element)
        self._found: list[Any] = []

    def __iter__(self) -> Iterator[Any]:
        found = self._found
        index = 0
        while True:
            if index == len(found):
                if index >= _MAX_TEXT_ELEMENTS:
                    return
                element = next(self._elements, None)
                if element is None:
                    return
                found.append(element)
            yield found[index]
            index += 1


def _bare_dates(elements: Iterable[Any], day_first: bool) -> Iterator[tuple[str, bool]]:
    for element in elements:
        for text in (element.text, element.tail):
            if not text or len(text) > 80 or not _YEAR.search(text):
                continue
            found = named_date(text)
            if found is None and len(text.strip()) <= 32:
                iso = normalize_date(text) if ISO_DATE.search(text) else ""
                if iso:
                    yield iso, bool(_UPDATED_HINT.search(text))
                    continue
                found = numeric_date(text, day_first=day_first)
            if found:
                yield found.isoformat(), bool(_UPDATED_HINT.search(text))


# ---------------------------------------------------------------------------------------------------------
# The other fields.

_LANGUAGE_CODE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$")


def _language(page: _Page) -> str:
    for raw in (page.html_lang, *page.every(_LANGUAGE_META)):
        match = _LANGUAGE_CODE.match(raw.strip().split(",")[0].strip())
        if match and match[1].lower() not in ("x", "und", "mul", "zxx"):
            return match[1].lower()
    return ""


def _pick_site_names(page: _Page, ld: JsonLd) -> list[str]:
    names: list[str] = []
    site = page.first(_SITE_META[:1])
    if site:
        names.append(site)
    for node in ld.main_nodes():
        publisher = _name_of(ld.resolve(node.get("publisher")))
        if publisher:
            names.append(publisher)
    for node in ld.sites:
        name = _name_of(node)
        if name:
            names.append(name)
    for raw in page.every(_SITE_META[1:]):
        if not raw.startswith("@"):
            names.append(raw)
    return names


def _url_path(url: str) -> str:
    try:
        return urlsplit(url).path
    except ValueError:  # malformed (e.g. an unclosed IPv6 bracket): no date to read from it
        return ""


def _pick_url(page: _Page, url: str) -> str:
    for candidate in (page.canonical, page.first(("og:url", "twitter:url"))):
        candidate = candidate.strip()
        if not candidate or candidate.startswith(("javascript:", "#")):
            continue
        try:
            absolute = urljoin(url, candidate) if url else candidate
        except ValueError:  # a malformed URL (e.g. "http://[" is an invalid IPv6 host) is no canonical URL
            continue
        if absolute.startswith(("http://", "https://")):
            return absolute
    return url


_TAG_SPLIT = re.compile(r"\s*[,;，、；]\s*")


def _pick_tags(page: _Page, ld: JsonLd) -> tuple[str, ...]:
    raw = list(page.every(_TAG_META))
    for node in ld.articles:
        keywords = node.get("keywords")
        if isinstance(keywords, str):
            raw.append(keywords)
        elif isinstance(keywords, list):
            raw.extend(k for k in keywords if isinstance(k, str))
    tags = (clean_value(t).strip(" #") for value in raw for t in _TAG_SPLIT.split(value))
    # Long numbers are content ids that some sites put among their keywords.
    return _dedupe(t for t in tags if t and len(t) <= 100 and not (t.isdigit() and len(t) > 4))


def _pick_description(page: _Page, ld: JsonLd) -> str:
    found = page.first(_DESCRIPTION_META)
    if found:
        return found
    for node in ld.main_nodes():
        found = clean_value(node.get("description"))
        if found:
            return found
    return ""


# ---------------------------------------------------------------------------------------------------------
# Public functions.


def html_metadata(tree: Any, *, url: str = "") -> Metadata:
    """The metadata an HTML page declares (head, JSON-LD, bylines, <time>), each field from its best source.

    `tree` is the lxml root of the page; it is only read. `url` is the address the page was fetched
    from: relative canonical links are resolved against it and it is the fallback `url`.
    """
    if tree is None:
        return Metadata(url=url)
    page = _scan(tree)
    ld = parse_jsonld(page.jsonld_texts)
    site_names = _pick_site_names(page, ld)
    address = _pick_url(page, url)
    language = _language(page)
    return Metadata(
        title=_pick_title(page, ld, site_names, address),
        authors=_pick_authors(page, ld, site_names),
        published=_pick_published(page, ld, url, language),
        site_name=site_names[0] if site_names else "",
        url=address,
        language=language,
        description=_pick_description(page, ld),
        tags=_pick_tags(page, ld),
    )


def merge(base: Metadata, found: Metadata) -> Metadata:
    """`base` with each of its empty fields (empty string, empty tuple, 0) filled from `found`."""
    updates = {}
    for name in _METADATA_FIELDS:
        if not getattr(base, name):
            value = getattr(found, name)
            if value:
                updates[name] = value
    return replace(base, **updates) if updates else base


_METADATA_FIELDS = tuple(item.name for item in fields(Metadata))
