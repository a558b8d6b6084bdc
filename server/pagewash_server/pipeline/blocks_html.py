"""Candidate paragraphs (Blocks) from HTML: one lxml parse, chrome pruning, one flat walk like jusText's."""

from __future__ import annotations

import itertools
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from operator import attrgetter
from types import ModuleType
from typing import Any

import justext.core
from lxml import etree

from .blocks import Block

# libxml2 drops content nested deeper than 256 levels and refuses very large text nodes unless
# told otherwise; comments never carry article text.
_PARSER = etree.HTMLParser(huge_tree=True, remove_comments=True, no_network=True, collect_ids=False)
# lxml refuses a str that still carries an encoding declaration; the text is already decoded.
_XML_DECLARATION = re.compile(r"^[\s\ufeff]*<\?xml[^>]*\?>", re.IGNORECASE)
_UTF8_PARSER = etree.HTMLParser(
    huge_tree=True, remove_comments=True, no_network=True, collect_ids=False, encoding="utf-8"
)
_RESOURCE_LIMIT = etree.ErrorTypes.ERR_RESOURCE_LIMIT
# Ways to flatten a page nested too deeply for libxml2: first the tags that only lay out, then all
# but the ones that carry text structure (scripts and styles keep their tags, so their code never
# turns into text).
_FLATTENINGS: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"</?(?:div|span|font|section|article|main|aside|center|table|tbody|thead|tr|td|th|ul|ol|li|"
        r"dl|dt|dd|blockquote|form|fieldset|nav|header|footer|b|i|u|em|strong|small|big|a)\b[^>]*>",
        re.IGNORECASE,
    ),
    re.compile(
        r"</?(?!(?:script|style|head|title|meta|link|html|body|p|br|h[1-6])\b)[a-zA-Z][^>]*>",
        re.IGNORECASE,
    ),
)
_WHITESPACE = re.compile(r"\s+")
# Tags with more attributes than this are cut down before parsing (see _cap_attributes); a tag that
# long is at least this many characters.
_MAX_ATTRIBUTES = 1000
# Pages with fewer "=" signs than this cannot hold a tag slow enough to parse to matter.
_MANY_EQUALS_SIGNS = 10 * _MAX_ATTRIBUTES
_LONG_TAG_CHARS = 4 * _MAX_ATTRIBUTES
_LONG_TAG = re.compile(rf"<[a-zA-Z][^>]{{{_LONG_TAG_CHARS}}}")
_TAG_NAME = re.compile(r"<[^\s/>]+")
_ATTRIBUTE = re.compile(r"""[^\s=/>"']++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>]*+))?""")

# jusText's paragraph model: these tags start and end a paragraph.
JUSTEXT_PARAGRAPH_TAGS: frozenset[str] = frozenset(justext.core.PARAGRAPH_TAGS)
# What jusText's Cleaner kills (subtree gone, tail kept) and unwraps (tag gone, content kept).
JUSTEXT_SKIPPED_TAGS: frozenset[str] = frozenset(
    {"head", "script", "style", "applet", "button", "input", "select", "textarea", "base"}
)
JUSTEXT_UNWRAPPED_TAGS: frozenset[str] = frozenset({"form", "iframe", "embed", "layer", "object", "param"})

# With pruning on, HTML5 sectioning and grouping elements also bound paragraphs (jusText predates them:
# without this, the text of adjacent <section>s or <figure>s runs together into one block).
PARAGRAPH_TAGS: frozenset[str] = JUSTEXT_PARAGRAPH_TAGS | {
    "article",
    "section",
    "main",
    "header",
    "footer",
    "nav",
    "aside",
    "figure",
    "figcaption",
    "address",
    "details",
    "summary",
    "hr",
    "menu",
}
# Never text a reader sees.
SKIPPED_TAGS: frozenset[str] = JUSTEXT_SKIPPED_TAGS | {
    "noscript",
    "template",
    "svg",
    "math",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "canvas",
    "video",
    "audio",
    "picture",
    "map",
    "option",
    "datalist",
    "title",
    "meta",
    "link",
    "dialog",
}
UNWRAPPED_TAGS: frozenset[str] = frozenset({"layer", "param", "font", "center"}) - PARAGRAPH_TAGS
# libxml2 leaves a <button> open when an element inside it is left unclosed (browsers close it at
# </button>), and the rest of the page then lies inside the button, which the walk skips: a menu button
# took whole articles with it. A button holding this many elements (real ones hold a few dozen at
# most) is such a one, and its tag alone is dropped when pruning. (jusText's reading still kills it.)
SWALLOWING_TAGS: frozenset[str] = frozenset({"button"})
SWALLOWING_ELEMENTS = 200

# Below this much text outside <noscript>, a page's <noscript> content is read (blocks_or_noscript_content).
_NOSCRIPT_FALLBACK_CHARS = 500
# Elements that are chrome by what they are.
_CHROME_TAGS: Mapping[str, str] = {"nav": "pruned:nav", "aside": "pruned:aside", "form": "pruned:form"}
# Page-level header and footer are chrome; inside the article they hold its title, byline and tags.
_PAGE_FRAME_TAGS: Mapping[str, str] = {"header": "pruned:header", "footer": "pruned:footer"}
_CHROME_ROLES: frozenset[str] = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "dialog", "alert"}
)
# Words in class/id that name chrome. A word may be followed by more letters ("sharebar",
# "related-posts", "sidebar-left") but must start a token, so "unshared" does not match.
_CHROME_WORDS = (
    r"share|sharing|social|related|newsletter|promo|cookie|consent|breadcrumb|"
    r"most-?popular|most-?read|popular|trending|sidebar|advert|sponsor|subscri|signup|sign-up|"
    r"footer|menu|navbar|navigation|nav(?![a-z])|ads?(?![a-z])|banner|modal|popup|"
    r"skip-?link|sr-only|screen-?reader|visually-?hidden|print-?only|"
    r"toolbar|pagination|pager|tags?(?![a-z])|taglist|author-?bio|"
    r"recommend|more-?stories|you-?may|also-?like"
)


def _by_first_letter(alternation: str) -> str:
    """An alternation of words (regex fragments, "|" only between them) grouped by first letter: the
    regex engine then tries one group per position instead of every word (a third faster on class
    names; the set of matches is the same)."""
    groups: dict[str, list[str]] = {}
    for word in alternation.split("|"):
        groups.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


_CHROME_WORD = re.compile(rf"(?<![a-z0-9])(?:{_by_first_letter(_CHROME_WORDS)})")
# A utility class's value in brackets names no component: "top-[var(--nav-height)]" (Tailwind).
_ARBITRARY_VALUE = re.compile(r"\[[^\]]*\]")
# Comments are chrome under an article but the content of a forum or discussion page. (The
# lookbehind follows the word, so the engine can look for the word itself first: several times faster.)
_COMMENT_WORD = re.compile(r"comment(?<![a-z0-9]comment)(?!ary|ator)")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Elements whose class/id must never prune them: the page's frame.
_UNPRUNABLE_TAGS: frozenset[str] = frozenset({"html", "body"})

# The article container candidates: the semantic elements that hold an article's body.
_CONTAINER_TAGS: frozenset[str] = frozenset({"article", "main"})
_CONTAINER_ITEMPROPS: frozenset[str] = frozenset({"articlebody", "text", "articletext"})
_CONTAINER_ROLES: frozenset[str] = frozenset({"main", "article"})
# The ARIA roles of a tab's and an accordion section's panel, and the words that start a token of
# such a panel's class or id (see _region_reason).
_PANEL_ROLES: frozenset[str] = frozenset({"tabpanel", "region"})
_PANEL_WORDS = re.compile(
    r"(?:^|[\s_-])(?:accordion|collaps|expand|toggle|tab-?content|tab-?pane|faq|answer|spoiler|disclosure"
    r"|read-?more|show-?more)",
    re.IGNORECASE,
)
# A container is preferred when it holds this share of the page's prose (long, link-poor blocks).
_CONTAINER_SHARE = 0.75
# Beside a list of teasers, a container is the article only with this much prose (see _article_container).
_ARTICLE_BESIDE_LIST_CHARS = 400
_PROSE_MIN_CHARS = 60
_PROSE_MAX_LINK_DENSITY = 0.3
# A chrome-looking region holding more than this share of the page's prose is the article's frame.
_CHROME_KEEP_SHARE = 0.5
# Comment threads holding this share of the prose are the page's content (a forum, a discussion)
# unless an article container outside them holds this much prose (an article with a long thread).
_FORUM_COMMENT_SHARE = 0.5
_ARTICLE_BESIDE_COMMENTS_CHARS = 400

_KIND_BY_TAG: Mapping[str, str] = {
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "li": "list_item",
    "dt": "list_item",
    "dd": "list_item",
    "blockquote": "quote",
    "pre": "code",
    "td": "table",
    "th": "table",
    "caption": "caption",
    "figcaption": "caption",
}


class HtmlBlocks(list[Block]):
    """The Blocks of one page, with the counts of what was pruned before classification, by reason:
    chrome subtrees ("pruned:nav", "pruned:class", ...) and blocks outside the article container
    ("pruned:outside-article")."""

    __slots__ = ("pruned", "pruned_prose")

    def __init__(
        self, blocks: Sequence[Block] = (), pruned: Mapping[str, int] | None = None, pruned_prose: int = 0
    ) -> None:
        super().__init__(blocks)
        self.pruned: Counter[str] = Counter(pruned or {})
        # Characters of prose (long, link-poor blocks) in what was pruned.
        self.pruned_prose = pruned_prose


def parse_html(text: str, *, utf8: bytes | None = None) -> etree._Element:
    """Parse decoded HTML once (lxml, huge trees allowed, comments dropped, no network).

    `utf8`: exactly `text.encode("utf-8")`, when the caller has it already (the page's own bytes).
    Even with huge trees libxml2 stops at 2048 levels of nesting and drops the rest of the page;
    such a page is parsed again with its layout-only tags taken out, then with all but paragraphs,
    headings and line breaks taken out, so that its text survives.
    """
    if text.startswith(("<?", "\ufeff", " ", "\n", "\r", "\t")):
        declared = text
        text = _XML_DECLARATION.sub("", text, count=1)
        if len(text) != len(declared):
            utf8 = None
    # libxml2 reads UTF-8 bytes faster than the UCS-2/UCS-4 buffer lxml hands it for a str beyond
    # Latin-1 (most pages), and the scans for NULs and "=" below are cheaper on bytes too.
    data = utf8 if utf8 is not None else _utf8(text)
    if b"\x00" in data if data is not None else "\x00" in text:
        text = text.replace("\x00", "")
        data = _utf8(text)
    if not text or text.isspace():
        return _empty_page()
    if (text.count("=") if data is None else data.count(b"=")) > _MANY_EQUALS_SIGNS:
        capped = _cap_attributes(text)
        if capped is not text:
            text, data = capped, _utf8(capped)
    root, parser = _parse(text, data)
    for flattening in _FLATTENINGS:
        if root is not None and not _too_deep(parser):
            break
        text = flattening.sub(" ", text)
        root, parser = _parse(text, _utf8(text))
    if root is None:
        return _empty_page()
    if root.getnext() is not None:
        _merge_stray_roots(root)
    return root


def _merge_stray_roots(root: etree._Element) -> None:
    """Move what libxml2 put beside the root into the root's body.

    A page that opens <html> again (a template included whole) or goes on after </html> gets a second
    <html> element next to the root, and everything after that point lies in it, out of the walk's
    and the metadata's reach: a blog's whole article was there. Browsers put such content in the
    body; here its head's elements join the root's head and the rest the root's body. (The emptied
    element stays where it is: lxml cannot remove a sibling of the root.)"""
    head = root.find("head")
    body = root.find("body")
    if body is None:
        body = etree.SubElement(root, "body")
    for stray in list(root.itersiblings()):
        if stray.tag != "html":
            continue  # a processing instruction after the page
        _move_text(stray, body)
        for part in list(stray):
            if part.tag == "head" and head is not None:
                head.extend(list(part))
            elif part.tag == "body":
                _move_text(part, body)
                body.extend(list(part))
            else:
                body.append(part)  # its tail comes along


# React's streamed server rendering sends the late parts of a page (most of an article, on some sites) in
# hidden <div id="S:n"> elements at its end, each with a script that moves it into place: $RC("B:n","S:n")
# to its Suspense boundary's <template id="B:n"> (replacing a "Loading..." fallback), $RS("S:n","P:n") to
# a placeholder <template id="P:n">. The walk notes such a template as it passes it (a search of the
# page's bytes for the segments cost a page 50-100 us).
STREAMED_BOUNDARY_TAG = "template"
STREAMED_BOUNDARY_PREFIXES = ("B:", "P:")
_STREAMED_MOVE = re.compile(r'\$R([CS])\("([^"]+)","([^"]+)"')


def _place_streamed_segments(root: etree._Element) -> bool:
    """Move React's streamed segments where the page's scripts would: after their template. Returns
    whether the page has any.

    A segment no script places goes to the template of its own number ("S:3" to "B:3" or "P:3"), and
    one without a template is shown where it is. The fallback the browser would drop stays (it has no
    element of its own to find it by: it ends at a comment, and the parser drops comments)."""
    segments = {
        element.get("id", ""): element
        for element in root.iter("div")
        if element.get("hidden") is not None and element.get("id", "").startswith("S:")
    }
    if not segments:
        return False
    templates = {element.get("id", ""): element for element in root.iter("template")}
    targets: dict[str, str] = {}  # segment id -> template id
    for script in root.iter("script"):
        if script.text and "$R" in script.text:
            for kind, first, second in _STREAMED_MOVE.findall(script.text):
                segment_id, template_id = (second, first) if kind == "C" else (first, second)
                targets.setdefault(segment_id, template_id)
    for segment_id, segment in segments.items():
        number = segment_id[2:]
        template = next(
            (
                templates[candidate]
                for candidate in (targets.get(segment_id), f"B:{number}", f"P:{number}")
                if candidate in templates
            ),
            None,
        )
        if (
            template is None
            or template.getparent() is None
            # A segment cannot go inside itself. (Its own templates are few to look through; the
            # template's ancestors, on a deep page, are up to two thousand per segment.)
            or any(own is template for own in segment.iter("template"))
        ):
            del segment.attrib["hidden"]
            continue
        if segment.text:
            template.tail = segment.text + (template.tail or "")
            segment.text = None
        # Each child goes right after the template, the last first: no index lookups, which would make
        # a page of thousands of segments under one parent quadratic.
        for child in reversed(list(segment)):
            template.addnext(child)
    return True


def _move_text(source: etree._Element, target: etree._Element) -> None:
    """Put `source`'s own text (before its first child) at the end of `target`'s content."""
    if not source.text:
        return
    # target[-1] finds the last child from the end; len(target) would count every child (quadratic
    # over a page with thousands of stray parts).
    try:
        last = target[-1]
    except IndexError:
        target.text = (target.text or "") + source.text
    else:
        last.tail = (last.tail or "") + source.text
    source.text = None


def _utf8(text: str) -> bytes | None:
    """The page as UTF-8, or None when it holds lone surrogates (see `_parse`)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return None


def _cap_attributes(text: str) -> str:
    """Keep the first `_MAX_ATTRIBUTES` attributes of any tag that has more.

    libxml2 compares each attribute with the element's earlier ones: quadratic in the attributes of
    one element (100,000 took minutes, 10,000 about a second). Only a page with many "=" signs can
    hold such a tag, so only such a page looks for one; no real element needs a thousand attributes.
    """
    pieces: list[str] = []
    done = 0
    match = _LONG_TAG.search(text)
    while match:
        start = match.start()
        end = text.find(">", start)
        end = len(text) if end < 0 else end + 1
        tag = text[start:end]
        if tag.count("=") > _MAX_ATTRIBUTES:
            name = _TAG_NAME.match(tag)
            name_end = name.end() if name else 1
            kept = [m.group(0) for m in itertools.islice(_ATTRIBUTE.finditer(tag, name_end), _MAX_ATTRIBUTES)]
            pieces += (text[done:start], tag[:name_end], " ", " ".join(kept), ">")
            done = end
        match = _LONG_TAG.search(text, end)
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def _parse(text: str, data: bytes | None) -> tuple[etree._Element | None, etree.HTMLParser]:
    """The root of the page (`data`: its UTF-8, None for a str with lone surrogates) or None when
    libxml2 gives up, and the parser whose error log tells why.

    The UTF-8 parser's encoding is forced, so a <meta charset> in the page cannot re-decode the text.
    A str with lone surrogates keeps the str parse and so its tree: libxml2 stops at the first
    surrogate there, while from bytes it would read each as U+FFFD."""
    if data is None:
        return _parse_str(text), _PARSER
    try:
        return etree.fromstring(data, _UTF8_PARSER), _UTF8_PARSER
    except (etree.ParserError, ValueError):
        return None, _UTF8_PARSER


def _parse_str(text: str) -> etree._Element | None:
    try:
        return etree.fromstring(text, _PARSER)
    except (etree.ParserError, ValueError):
        # A declaration lxml still refuses on a str: hand it the UTF-8 bytes instead.
        try:
            return etree.fromstring(text.encode("utf-8", "surrogatepass"), _UTF8_PARSER)
        except (etree.ParserError, ValueError):
            return None


def _too_deep(parser: etree.HTMLParser) -> bool:
    return any(error.type == _RESOURCE_LIMIT for error in parser.error_log)


def _empty_page() -> etree._Element:
    return etree.fromstring("<html><body></body></html>", _PARSER)


def blocks_or_noscript_content(tree: etree._Element, blocks: list[Block]) -> list[Block]:
    """`blocks`, or, when they hold next to no text and the page's <noscript> elements hold more, the
    blocks of the page with those elements unwrapped (the tree is changed).

    A page built by its scripts (a Discourse forum, a single-page app) may give a client without
    JavaScript its whole content inside <noscript>; elsewhere <noscript> holds only "please enable
    JavaScript" and tracking pixels, which is why it is skipped on the first pass."""
    shown = 0
    for block in blocks:
        shown += len(block.text)
        if shown >= _NOSCRIPT_FALLBACK_CHARS:
            return blocks
    hidden = sum(len(text) for element in tree.iter("noscript") for text in element.itertext())
    if hidden <= shown:
        return blocks
    etree.strip_tags(tree, "noscript")
    return html_blocks(tree)


def pruned_prose(blocks: Sequence[Block]) -> int:
    """Characters of prose (long, link-poor blocks) that pruning left out of `html_blocks`' result."""
    return getattr(blocks, "pruned_prose", 0)


def pruned_counts(blocks: Sequence[Block]) -> Mapping[str, int]:
    """Counts of what was pruned before classification, by reason ("pruned:nav", "pruned:class", ...)."""
    return dict(getattr(blocks, "pruned", {}))


def html_blocks(tree: etree._Element, *, prune: bool = True) -> list[Block]:
    """The page's candidate paragraphs, in document order.

    With `prune` (the default) the walk notes chrome-looking subtrees (by tag, role, hidden state,
    class/id words) and article containers; then chrome subtrees are left out unless they hold most
    of the page's prose, and when one article container holds most of the prose, the blocks outside
    it too; and whitespace between two inline elements is a space between their words, where jusText
    drops it ("<b>Hello</b> <i>world</i>" gives it "Helloworld"). Without `prune` the walk reproduces
    jusText's paragraphs (after jusText's own Cleaner) exactly, which the tests check. The tree is not
    modified (metadata is read from it afterwards), but for one repair: on a page that React streamed,
    the hidden segments at its end are put where its scripts would put them, and the page is read again
    (`_place_streamed_segments`).
    """
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    walker = _Walker(root, prune)
    walker.walk()
    if walker.streamed and _place_streamed_segments(root):
        walker = _Walker(root, prune)
        walker.walk()
    pruned: Counter[str] = Counter()
    kept: Sequence[int] = range(len(walker.blocks))
    pruned_prose = 0
    if prune:
        block_prose = [_prose_chars(block[0], block[3]) for block in walker.blocks]
        block_regions = [block[5] for block in walker.blocks]
        kept = _resolve_regions(
            block_prose, block_regions, walker.region_parents, walker.region_reasons, pruned
        )
        pruned_prose = sum(block_prose) - sum(map(block_prose.__getitem__, kept))
    return HtmlBlocks(walker.make_blocks(kept), pruned, pruned_prose)


class _Walker:
    """One pass over the tree with an explicit stack, making paragraphs as jusText's ParagraphMaker does."""

    def __init__(self, root: etree._Element, prune: bool) -> None:
        self.root = root
        self.prune = prune
        self.roles = _PRUNING_ROLES if prune else _JUSTEXT_ROLES
        # The blocks' fields (text, kind, dotted path, link characters, tags, innermost region, the
        # element it starts at): only the blocks that survive pruning (a fifth, typically) are made
        # Blocks, with their XPath sources.
        self.blocks: list[tuple[str, str, str, int, int, int, etree._Element]] = []
        # Regions: the article containers and chrome-looking subtrees met on the way, each with its
        # enclosing region and its reason ("container" or "pruned:...").
        self.region_parents: list[int] = []
        self.region_reasons: list[str] = []
        # The most children any walked element has.
        self.widest = 0
        # Whether the walk passed a React Suspense boundary's or placeholder's template.
        self.streamed = False

    def walk(self) -> None:
        """Walk the tree: compiled when the accelerator is built, else in Python (same fields)."""
        if _compiled_walk is None:
            self.walk_python()
            return
        rules = _COMPILED_PRUNING_RULES if self.prune else _COMPILED_JUSTEXT_RULES
        self.blocks, self.region_parents, self.region_reasons, self.widest, self.streamed = (
            _compiled_walk.walk(self.root, self.prune, rules)
        )

    def walk_python(self) -> None:  # one loop on purpose: it is the hot path, so flat and with locals
        roles = self.roles
        prune = self.prune
        boundary_tag = STREAMED_BOUNDARY_TAG
        whitespace_sub = _WHITESPACE.sub
        blocks = self.blocks
        region_parents = self.region_parents
        region_reasons = self.region_reasons
        region_reason = _region_reason
        kind_by_tag = _KIND_BY_TAG
        unprunable = _UNPRUNABLE_TAGS
        region_tags = _REGION_TAGS
        widest = 0

        # The paragraph being built and where it started: element, dotted path, kind, region.
        parts: list[str] = []
        link_chars = 0
        tags_count = 0
        start_element = self.root
        start_path = ""
        start_kind = "paragraph"
        start_region = -1
        # The innermost open element's dotted path, kind, innermost region and whether it lies in an
        # article container; `frames` holds the enclosing ones' with each open element that has
        # children and its role.
        path = ""
        kind = "paragraph"
        region = -1
        article = False
        frames: list[tuple[str, str, int, bool, etree._Element, int]] = []
        link = False
        br = False

        # An element on the stack is to be opened; None closes the innermost open element with children.
        stack: list[etree._Element | None] = [self.root]
        pop = stack.pop
        push = stack.append
        extend = stack.extend
        while stack:
            element = pop()
            if element is None:
                path, kind, region, article, element, role = frames.pop()
            else:
                tag = element.tag
                role = roles.get(tag, _INLINE)
                if role == _SKIPPED and prune and tag in SWALLOWING_TAGS and _holds_elements(element):
                    role = _UNWRAPPED
                if tag == boundary_tag and not self.streamed:
                    self.streamed = element.get("id", "").startswith(STREAMED_BOUNDARY_PREFIXES)
                if role == _SKIPPED:
                    # Nothing inside counts (comments, processing instructions too): only the tail.
                    tail = element.tail
                    if tail and not tail.isspace():
                        if link:
                            link_chars += len(whitespace_sub(" ", tail))
                        parts.append(tail)
                        br = False
                    elif tail and prune and parts:
                        # Whitespace alone still separates words; jusText drops it (see html_blocks).
                        parts.append(" ")
                    continue
                if role != _UNWRAPPED:
                    # startElement
                    own_kind = kind_by_tag.get(tag, kind)
                    own_region = region
                    own_article = article
                    if prune and tag not in unprunable:
                        attributes = element.items()
                        reason = (
                            region_reason(attributes, tag, article)
                            if attributes or tag in region_tags
                            else ""
                        )
                        if reason:
                            if reason == "container":
                                own_article = True
                            region_parents.append(region)
                            region_reasons.append(reason)
                            own_region = len(region_parents) - 1
                    if role == _PARAGRAPH or (role == _BR and br):
                        if role == _BR:
                            # <br><br> separates paragraphs and is not counted as a tag of either.
                            tags_count -= 1
                        if parts:
                            # Splitting on whitespace collapses it exactly like jusText's regex and strip.
                            joined = " ".join("".join(parts).split())
                            blocks.append(
                                (
                                    joined,
                                    start_kind,
                                    start_path,
                                    link_chars,
                                    tags_count,
                                    start_region,
                                    start_element,
                                )
                            )
                            parts = []
                        link_chars = tags_count = 0
                        start_element = element
                        start_path = f"{path}.{tag}" if path else tag
                        start_kind = own_kind
                        start_region = own_region
                    else:
                        br = role == _BR
                        if br:
                            parts.append(" ")
                        elif role == _LINK:
                            link = True
                        tags_count += 1

                text = element.text
                if text and not text.isspace():
                    if link:
                        link_chars += len(whitespace_sub(" ", text))
                    parts.append(text)
                    br = False
                elif text and prune and parts:
                    parts.append(" ")
                # Its children, last first (slicing is one C call); a leaf (most elements) is closed
                # right here, an element with children once they are done.
                children = element[::-1]  # type: ignore[index]  # (the stubs miss slices)
                if children:
                    if len(children) > widest:
                        widest = len(children)
                    frames.append((path, kind, region, article, element, role))
                    if role != _UNWRAPPED:
                        # The dotted path is made only for elements with children or starting a block.
                        path = f"{path}.{tag}" if path else tag
                        kind, region, article = own_kind, own_region, own_article
                    push(None)
                    extend(children)
                    continue

            # endElement: `path`, `kind`, `region` are the enclosing element's again.
            if role == _PARAGRAPH:
                if parts:
                    joined = " ".join("".join(parts).split())
                    blocks.append(
                        (joined, start_kind, start_path, link_chars, tags_count, start_region, start_element)
                    )
                    parts = []
                link_chars = tags_count = 0
                parent = element.getparent()
                start_element = element if parent is None else parent
                start_path = path
                start_kind = kind
                start_region = region
            elif role == _LINK:
                link = False
            tail = element.tail
            if tail and not tail.isspace():
                if link:
                    link_chars += len(whitespace_sub(" ", tail))
                parts.append(tail)
                br = False
            elif tail and prune and parts:
                parts.append(" ")
        if parts:
            joined = " ".join("".join(parts).split())
            blocks.append(
                (joined, start_kind, start_path, link_chars, tags_count, start_region, start_element)
            )
        self.widest = widest

    def make_blocks(self, kept: Iterable[int]) -> list[Block]:
        """The Blocks, with their XPath sources, of the walk's blocks numbered `kept` that have text."""
        # lxml's getpath is C but rescans each ancestor's siblings on every call, quadratic under a
        # parent with very many children, and formats the whole path anew each time. The compiled
        # XPaths remembers ancestors' paths and numbers a wide parent's children once; without it,
        # _XPaths does the latter in Python for pages that need it. All three write the same paths.
        if _compiled_walk is not None:
            getpath = _compiled_walk.XPaths(self.root).path
        elif self.widest > _GETPATH_MAX_CHILDREN:
            getpath = _XPaths().path
        else:
            getpath = self.root.getroottree().getpath
        fields = self.blocks
        blocks: list[Block] = []
        for index in kept:
            text, kind, dom_path, link_chars, tag_count, _, start = fields[index]
            if text:
                blocks.append(Block(text, kind, getpath(start), dom_path, link_chars, tag_count))
        return blocks


class _XPaths:
    """Elements' XPaths exactly as lxml's `getpath` writes them ("/html/body/div[2]/p"), for the
    elements that start a block. libxml2 numbers a step by scanning the element's siblings on every
    call: quadratic over a parent with many children (40,000 sibling paragraphs took 13 s). Here each
    parent's children are numbered once, and ancestors' paths are remembered."""

    __slots__ = ("_paths", "_steps")

    def __init__(self) -> None:
        self._paths: dict[etree._Element, str] = {}
        # Per parent element: its children's steps ("p", "div[2]").
        self._steps: dict[etree._Element, dict[etree._Element, str]] = {}

    def path(self, element: etree._Element) -> str:
        paths = self._paths
        known = paths.get(element)
        if known is not None:
            return known
        # Up to the nearest ancestor whose path is known (or the root), then down again.
        chain = [element]
        parent = element.getparent()
        while parent is not None and parent not in paths:
            chain.append(parent)
            parent = parent.getparent()
        prefix = "" if parent is None else paths[parent]
        for node in reversed(chain):
            if parent is None:
                prefix = f"/{_root_step(node)}"
            else:
                steps = self._steps.get(parent)
                if steps is None:
                    steps = self._steps[parent] = _child_steps(parent)
                prefix = f"{prefix}/{steps[node]}"
            paths[node] = prefix
            parent = node
        return prefix


def _child_steps(parent: etree._Element) -> dict[etree._Element, str]:
    """The XPath step of each child element: libxml2 numbers an element among its element siblings of
    the same name, 1-based, and leaves the number out when the name is unique among them."""
    children = list(parent)
    tags = list(map(_TAG_OF, children))
    if len(set(tags)) == len(tags):
        return dict(zip(children, tags, strict=True))
    totals = Counter(tags)
    seen: dict[str, int] = {}
    steps: dict[etree._Element, str] = {}
    for node, tag in zip(children, tags, strict=True):
        if totals[tag] == 1:
            steps[node] = tag
        elif type(tag) is str:
            number = seen.get(tag, 0) + 1
            seen[tag] = number
            steps[node] = f"{tag}[{number}]"
    return steps


def _root_step(root: etree._Element) -> str:
    # libxml2 leaves text after </html> in a second <html> beside the root: the roots are numbered then.
    tag = root.tag
    before = sum(1 for node in root.itersiblings(preceding=True) if node.tag == tag)
    if before or any(node.tag == tag for node in root.itersiblings()):
        return f"{tag}[{before + 1}]"
    return str(tag)


# What a tag does in the walk, found with one lookup: skipped (subtree and all), unwrapped (tag gone,
# content kept), bounds a paragraph, a line break, a link, or (the rest) an inline tag.
_SKIPPED, _UNWRAPPED, _PARAGRAPH, _BR, _LINK, _INLINE = range(6)


def _tag_roles(
    paragraph: frozenset[str], skipped: frozenset[str], unwrapped: frozenset[str]
) -> dict[object, int]:
    # Later roles win: a skipped tag is skipped whatever else it is, and an unwrapped one bounds no
    # paragraph (jusText unwraps <form>, one of its paragraph tags).
    roles: dict[object, int] = {"br": _BR, "a": _LINK}
    roles.update(dict.fromkeys(paragraph, _PARAGRAPH))
    roles.update(dict.fromkeys(unwrapped, _UNWRAPPED))
    # Comments and processing instructions (their tag is a function) only leave their tail.
    roles.update(dict.fromkeys(skipped | _NODE_TAGS, _SKIPPED))
    return roles


def _holds_elements(element: etree._Element, count: int = SWALLOWING_ELEMENTS) -> bool:
    """Whether at least `count` elements lie inside `element`."""
    return next(itertools.islice(element.iter(etree.Element), count, None), None) is not None


_TAG_OF = attrgetter("tag")
# Up to this many children under one walked element, lxml's getpath writes the block sources.
_GETPATH_MAX_CHILDREN = 256
_NODE_TAGS: frozenset[object] = frozenset({etree.Comment, etree.ProcessingInstruction, etree.Entity})
_JUSTEXT_ROLES = _tag_roles(JUSTEXT_PARAGRAPH_TAGS, JUSTEXT_SKIPPED_TAGS, JUSTEXT_UNWRAPPED_TAGS)
_PRUNING_ROLES = _tag_roles(PARAGRAPH_TAGS, SKIPPED_TAGS, UNWRAPPED_TAGS)
_REGION_TAGS: frozenset[str] = _CONTAINER_TAGS | frozenset(_CHROME_TAGS) | frozenset(_PAGE_FRAME_TAGS)
_REGION_ATTRIBUTES: frozenset[str] = frozenset(
    # Not aria-hidden: it hides from screen readers what is on the screen (carousel slides, cards).
    {"class", "id", "role", "itemprop", "hidden", "style", "aria-labelledby"}
)
# Class and id values repeat across a page and across a site's pages: remember the verdicts.
_CHROME_NAME_CACHE: dict[str, str] = {}
_CHROME_NAME_CACHE_SIZE = 50_000


def _chrome_name_reason(value: str) -> str:
    """ "pruned:class" or "pruned:comments" for a class or id value that names chrome, else ""."""
    verdict = _CHROME_NAME_CACHE.get(value)
    if verdict is None:
        if len(_CHROME_NAME_CACHE) >= _CHROME_NAME_CACHE_SIZE:
            _CHROME_NAME_CACHE.clear()
        lowered = value.lower()
        if "[" in lowered:
            lowered = _ARBITRARY_VALUE.sub(" ", lowered)
        if _CHROME_WORD.search(lowered):
            verdict = "pruned:class"
        elif _COMMENT_WORD.search(lowered):
            verdict = "pruned:comments"
        else:
            verdict = ""
        _CHROME_NAME_CACHE[value] = verdict
    return verdict


def _region_reason(attributes: Sequence[tuple[Any, Any]], tag: str, in_article: bool) -> str:
    """ "container" for an article container, "pruned:<why>" for chrome-looking subtrees, else "".

    `attributes` are `element.items()`: lxml types them str-or-bytes, an HTML tree holds str only."""
    if tag in _REGION_TAGS:
        if tag in _CONTAINER_TAGS:
            return "container"
        reason = _CHROME_TAGS.get(tag) or ("" if in_article else _PAGE_FRAME_TAGS.get(tag, ""))
        if reason:
            return reason
    chrome = ""
    hidden = panel = False
    for name, value in attributes:
        if name == "class" or name == "id":  # nearly all the attributes looked at
            if not chrome:
                verdict = _CHROME_NAME_CACHE.get(value)
                chrome = _chrome_name_reason(value) if verdict is None else verdict
        elif name not in _REGION_ATTRIBUTES:
            continue
        elif name == "role":
            role = value.strip().lower()
            if role in _CONTAINER_ROLES:
                return "container"
            if not chrome and role in _CHROME_ROLES:
                chrome = "pruned:role"
            panel = panel or role in _PANEL_ROLES
        elif name == "itemprop":
            if value.strip().lower() in _CONTAINER_ITEMPROPS:
                return "container"
        elif name == "aria-labelledby":
            panel = True
        elif name == "hidden" or (name == "style" and _HIDDEN_STYLE.search(value)):
            hidden = True
    if not hidden:
        return chrome
    # A hidden tab or accordion panel is content a click shows (a guide's collapsed sections, a
    # documentation page's other languages, the answers of a FAQ), unlike a hidden menu or dialog,
    # whose role or class words still prune it. It says what it is by its ARIA role, by the
    # trigger that labels it, or by its class or id.
    if panel or any(
        (name == "class" or name == "id") and _PANEL_WORDS.search(value) for name, value in attributes
    ):
        return chrome
    return "pruned:hidden"


def _resolve_regions(
    block_prose: list[int],
    block_regions: list[int],
    parents: list[int],
    reasons: list[str],
    pruned: Counter[str],
) -> list[int]:
    """The numbers of the blocks kept: those of chrome regions are dropped, then those outside the
    preferred article container. `block_prose` is each block's prose characters (see `_prose_chars`).

    A chrome-looking region is kept when it holds a large share of the page's prose (a page-wide
    wrapper named "with-comments", an ASP.NET page-wide <form>): the words said chrome, the text
    says article. Prose is long, link-poor blocks, measured on the blocks themselves.
    """
    every_block = range(len(block_prose))
    if not parents:
        return list(every_block)
    region_count = len(parents)
    prose = _region_prose(block_prose, block_regions, every_block, parents)
    total = prose[-1]
    # A container holding several containers is a list of teasers ("related", a feed), not the article.
    child_containers = [0] * region_count
    for index in range(region_count):
        parent = parents[index]
        if reasons[index] == "container" and parent >= 0:
            child_containers[parent] += 1
    # A region is dropped when it is chrome with little prose, or lies inside such a region.
    # Comment threads holding most of the prose are the page's content (a forum, a discussion).
    # An article page with a long thread under it is not a forum: there the article's container holds
    # a fair share of the prose outside the comments.
    keep_comments = (
        _innermost_prose(prose, parents, reasons, "pruned:comments") > _FORUM_COMMENT_SHARE * total
        and _article_prose_outside_comments(block_prose, block_regions, parents, reasons)
        < _ARTICLE_BESIDE_COMMENTS_CHARS
    )
    dropped = [False] * region_count
    for index in range(region_count):  # parents come before their children
        parent = parents[index]
        reason = reasons[index]
        if parent >= 0 and dropped[parent]:
            dropped[index] = True
        elif reason == "container" or (keep_comments and reason == "pruned:comments"):
            continue
        elif prose[index] <= _CHROME_KEEP_SHARE * total:
            dropped[index] = True
            pruned[reason] += 1
    kept = [block for block in every_block if block_regions[block] < 0 or not dropped[block_regions[block]]]

    # The article container: the innermost one that holds most of the remaining prose.
    prose = _region_prose(block_prose, block_regions, kept, parents)
    total = prose[-1]
    # Regions are numbered in document order, so a parent comes before its children: one forward
    # sweep gives every region its depth (and below, whether it lies inside the chosen container),
    # instead of a walk up the region chain per region or per block.
    depths = [0] * region_count
    for index in range(region_count):
        parent = parents[index]
        if parent >= 0:
            depths[index] = depths[parent] + 1
    best = _article_container(prose, parents, reasons, dropped, child_containers, depths, total)
    if best < 0:
        return kept
    in_best = [False] * region_count
    for index in range(region_count):
        parent = parents[index]
        in_best[index] = index == best or (parent >= 0 and in_best[parent])
    inside = [block for block in kept if block_regions[block] >= 0 and in_best[block_regions[block]]]
    if len(inside) < len(kept):
        pruned["pruned:outside-article"] += len(kept) - len(inside)
    return inside


def _article_container(
    prose: list[int],
    parents: list[int],
    reasons: list[str],
    dropped: list[bool],
    child_containers: list[int],
    depths: list[int],
    total: int,
) -> int:
    """The innermost article container that holds most of the remaining prose, or -1.

    A container holding several containers is a list of teasers ("related", a feed), not the article,
    and so is a chrome region that holds several (a sidebar of teasers with enough prose to escape
    pruning); when the page has one, the article is looked for in the prose outside it (a post followed
    by a list of other posts, each in its <article>), provided such a container holds a real article's
    worth of prose."""
    count = len(parents)
    in_list = [False] * count
    listed = 0
    for index in range(count):
        parent = parents[index]
        outer = parent >= 0 and in_list[parent]
        in_list[index] = outer or (
            child_containers[index] > 1
            and not dropped[index]
            and (reasons[index] == "container" or reasons[index].startswith("pruned:"))
        )
        if in_list[index] and not outer:
            listed += prose[index]
    rest = total - listed
    best = -1
    best_depth = -1
    for index in range(count):
        if reasons[index] != "container" or dropped[index] or not total or child_containers[index] > 1:
            continue
        most = prose[index] >= _CONTAINER_SHARE * total
        beside_list = (
            listed > 0
            and not in_list[index]
            and prose[index] >= _ARTICLE_BESIDE_LIST_CHARS
            and prose[index] >= _CONTAINER_SHARE * rest
        )
        if not (most or beside_list):
            continue
        if depths[index] > best_depth:
            best, best_depth = index, depths[index]
    return best


def _article_prose_outside_comments(
    block_prose: list[int], block_regions: list[int], parents: list[int], reasons: list[str]
) -> int:
    """Prose of the blocks inside an article container and outside every comment region."""
    # Per region, in one forward sweep (parents first): inside a comment region, inside a container.
    count = len(parents)
    in_comments = [False] * count
    in_container = [False] * count
    for index in range(count):
        parent = parents[index]
        reason = reasons[index]
        in_comments[index] = reason == "pruned:comments" or (parent >= 0 and in_comments[parent])
        in_container[index] = reason == "container" or (parent >= 0 and in_container[parent])
    chars = 0
    for length, region in zip(block_prose, block_regions, strict=True):
        if length and region >= 0 and in_container[region] and not in_comments[region]:
            chars += length
    return chars


def _prose_chars(text: str, link_chars: int) -> int:
    """The length of a block's text if it is prose (long and link-poor), else 0."""
    length = len(text)
    return length if length >= _PROSE_MIN_CHARS and link_chars <= _PROSE_MAX_LINK_DENSITY * length else 0


def _innermost_prose(prose: list[int], parents: list[int], reasons: list[str], reason: str) -> int:
    """Prose inside the innermost regions of one reason (a page-wide wrapper named like them, which
    holds the inner ones, is not counted)."""
    count = len(parents)
    # The nearest enclosing region of that reason, per region, in one forward sweep (parents first).
    enclosing = [-1] * count
    holds_inner = [False] * count
    for index in range(count):
        parent = parents[index]
        if parent >= 0:
            enclosing[index] = parent if reasons[parent] == reason else enclosing[parent]
        if reasons[index] == reason and enclosing[index] >= 0:
            holds_inner[enclosing[index]] = True
    return sum(prose[index] for index in range(count) if reasons[index] == reason and not holds_inner[index])


def _region_prose(
    block_prose: list[int], block_regions: list[int], blocks: Iterable[int], parents: list[int]
) -> list[int]:
    """Characters of prose in each region (its sub-regions included) of the numbered `blocks`; the
    page's total comes last."""
    prose = [0] * (len(parents) + 1)
    for block in blocks:
        length = block_prose[block]
        if length:
            prose[-1] += length
            region = block_regions[block]
            if region >= 0:
                prose[region] += length
    # Children come after their parents: add each region's sum to its parent, last region first.
    for index in range(len(parents) - 1, -1, -1):
        parent = parents[index]
        if parent >= 0:
            prose[parent] += prose[index]
    return prose


# The compiled walk (setup.py builds it when a C compiler is at hand); the Python walk above is its
# reference and fallback. PAGEWASH_PURE_PYTHON=1 in the environment chooses the Python walk.
_compiled_walk: ModuleType | None
if os.environ.get("PAGEWASH_PURE_PYTHON"):
    _compiled_walk = None
else:
    try:
        from . import _walk as _compiled_walk
    except ImportError:  # not built (no compiler, PAGEWASH_PURE_PYTHON at install) or another lxml's API
        _compiled_walk = None

ACCELERATED: bool = _compiled_walk is not None


def _compiled_rules(roles: dict[object, int]) -> Any:
    assert _compiled_walk is not None
    return _compiled_walk.rules(
        {tag: role for tag, role in roles.items() if isinstance(tag, str)},
        _KIND_BY_TAG,
        _UNPRUNABLE_TAGS,
        _REGION_TAGS,
        _region_reason,
        _chrome_name_reason,
        _CHROME_NAME_CACHE,
        SWALLOWING_TAGS,
        SWALLOWING_ELEMENTS,
        STREAMED_BOUNDARY_TAG,
    )


if _compiled_walk is not None:
    _COMPILED_PRUNING_RULES = _compiled_rules(_PRUNING_ROLES)
    _COMPILED_JUSTEXT_RULES = _compiled_rules(_JUSTEXT_ROLES)
