"""Block classification: jusText's context-free and context-sensitive passes, a stopword-free fallback
for languages without a stoplist, and post-rules that keep the article's own headings and lists."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from itertools import accumulate, compress
from operator import attrgetter
from typing import Protocol

from justext.core import classify_paragraphs
from pagewash.types import Options

from .blocks import Block, in_heading
from .line_rules import is_copyright_notice

# Sentence and clause punctuation of many scripts: prose has it, menus and button rows do not.
_PROSE_PUNCTUATION = re.compile(r"[.,;:!?¿¡…،؛؟।。，、；：！？]")
# Ideographic and syllabic characters (CJK, kana, hangul): one carries about a word's information.
DENSE_SCRIPT_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_DENSE_SCRIPT = re.compile(f"[{DENSE_SCRIPT_CHARS}]")
# The marks that end a sentence; a full stop only after a word and before a space or the end (not in
# "1. Item", "2018.6.19" or "example.com").
_SENTENCE_END = re.compile(r"[。．！？!?]|(?<![\d\s])\.(?:\s|$)")
_CLAUSE_ENDS = ("、", "，", ",")
# Thai, Lao, Khmer and Myanmar put no space between words but one between phrases and sentences,
# where other scripts put punctuation.
_PHRASE_SPACE = re.compile(
    r"(?<=[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]) (?=[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff])"
)
# Without stopwords, one dense-script character counts as this many Latin characters towards the
# jusText length thresholds (a CJK character is roughly a word of ~3 letters).
_DENSE_CHAR_WEIGHT = 3
# Without stopwords, prose is told from chrome by punctuation: at least one mark per this many characters
# (weighted) is "good", half that is "near good".
_PUNCTUATION_SPAN_GOOD = 100
_PUNCTUATION_SPAN_NEAR = 200
# Inside the article (between kept blocks, beside its paragraphs) a block stays unless links make up
# more than this share of it.
_IN_ARTICLE_MAX_LINK_DENSITY = 0.5


class _JustextView:
    """What jusText's classification reads of a paragraph, computed once per Block."""

    __slots__ = (
        "block",
        "cf_class",
        "chars_count_in_links",
        "class_type",
        "dom_path",
        "heading",
        "is_heading",
        "length",
        "stoplist",
        "stopword_density",
        "text",
    )

    def __init__(self, block: Block) -> None:
        text = block.text
        self.block = block
        self.text = text
        self.length = len(text)
        self.dom_path = block.dom_path
        self.chars_count_in_links = block.link_chars
        self.cf_class = ""
        self.class_type = ""
        self.heading = False
        # A plain attribute, not a property: jusText reads it for every block in every pass.
        self.is_heading = block.kind == "heading" or in_heading(block.dom_path)
        self.stoplist: frozenset[str] | None = None
        self.stopword_density = 0.0

    def __len__(self) -> int:
        return self.length

    @property
    def words_count(self) -> int:
        return len(self.text.split())

    def stopwords_density(self, stopwords: frozenset[str]) -> float:
        # Classification may run twice over the same views with the same stoplist: count once.
        # Lowercasing the text then splitting gives the words of jusText's per-word lowercasing (as
        # many of them: no character lowercases to or from whitespace), shared through the block.
        if stopwords is not self.stoplist:
            self.stoplist = stopwords
            words = self.block.lowered_words()  # language detection split the page's prose already
            self.stopword_density = sum(map(stopwords.__contains__, words)) / len(words) if words else 0.0
        return self.stopword_density

    def links_density(self) -> float:
        return self.chars_count_in_links / self.length if self.length else 0.0


def classify(blocks: Sequence[Block], stoplist: frozenset[str], options: Options) -> None:
    """Set `cf_class`, `class_type` and `heading` on every block, the jusText way.

    With an empty stoplist (languages jusText has none for, such as Chinese, Japanese or Thai) the
    stopword density is replaced by a stopword-free test of length and punctuation.
    Then three post-rules, each measured on both development sets: a page whose prose is mostly
    "near good" is classified again with length_low as the "good" length; blocks between two kept
    blocks are kept; blocks beside the article's paragraphs (same parent element) are kept. The last
    two spare link-dominated blocks and jusText's furniture tells (copyright sign, <select>).
    """
    views = [_JustextView(block) for block in blocks]
    if not views:
        return
    _classify_views(views, stoplist, options, options.length_high)
    good_chars = near_chars = 0
    for view in views:
        if view.cf_class == "good":
            good_chars += view.length
        elif view.cf_class == "neargood":
            near_chars += view.length
    if good_chars < near_chars:
        # The page's prose comes in paragraphs shorter than length_high (a short article, or one
        # written in short paragraphs), so jusText finds too few "good" anchors and drops the rest;
        # with the chrome pruned already, let long-enough prose with enough stopwords anchor it.
        _classify_views(views, stoplist, options, options.length_low)
    _fill_gaps(views)
    _keep_siblings_of_the_article(views)
    for view in views:
        block = view.block
        block.cf_class = view.cf_class
        block.class_type = view.class_type
        block.heading = view.heading


def _classify_views(
    views: Sequence[_JustextView], stoplist: frozenset[str], options: Options, length_high: int
) -> None:
    if stoplist:
        classify_paragraphs(
            views,
            stoplist,
            length_low=options.length_low,
            length_high=length_high,
            stopwords_low=options.stopwords_low,
            stopwords_high=options.stopwords_high,
            max_link_density=options.max_link_density,
            no_headings=options.no_headings,
        )
    else:
        _classify_without_stopwords(views, options, length_high)
    revise_classes(views, max_heading_distance=options.max_heading_distance)


_TEXT = attrgetter("text")
_CF_CLASS = attrgetter("cf_class")
_CLASS_TYPE = attrgetter("class_type")
_HEADING = attrgetter("heading")


class Revisable(Protocol):
    """What the context pass reads and writes of a block (a `Block` or classification's view of one)."""

    text: str
    cf_class: str
    class_type: str
    heading: bool


def revise_classes(blocks: Sequence[Revisable], max_heading_distance: int = 200) -> None:
    """jusText's context-sensitive pass (`revise_paragraph_classification`), same result in linear time.

    jusText looks for each short block's nearest good or bad neighbours by walking outwards, and for
    each short heading's nearest good block below by walking down: quadratic over a run of short
    blocks (a text dump's menus, a page of 20,000 one-word paragraphs takes ~45 s). Here every
    "nearest neighbour" is one sweep, and "good text within N characters" is a prefix sum.
    """
    count = len(blocks)
    if not count:
        return
    # reach[i]: characters of the blocks before i, so the blocks strictly between i and j hold
    # reach[j] - reach[i + 1] characters. (attrgetter and accumulate keep these sweeps in C.)
    reach = list(accumulate(map(len, map(_TEXT, blocks)), initial=0))
    classes = list(map(_CF_CLASS, blocks))
    headings = list(compress(range(count), map(_HEADING, blocks)))
    # Short headings followed closely by good text become near-good. jusText looks ahead at the classes
    # the blocks had before this pass (it copies the context-free class in the same loop): so do we.
    if headings:
        next_good = _next_good(list(map(_CLASS_TYPE, blocks)))
        for index in headings:
            if classes[index] == "short" and _good_within(next_good, reach, index, max_heading_distance):
                classes[index] = "neargood"
    # Short blocks take their class from their nearest good/bad neighbours (near-good ones skipped, or
    # not), all decided on the classes as they stand before this step.
    if "short" in classes:
        prev_strict, prev_loose = _nearest_both(classes, range(count))
        next_strict, next_loose = _nearest_both(classes, range(count - 1, -1, -1))
        revised = list(classes)
        for index in [index for index, cls in enumerate(classes) if cls == "short"]:
            before, after = prev_strict[index], next_strict[index]
            if before == "good" and after == "good":
                revised[index] = "good"
            elif before == "bad" and after == "bad":
                revised[index] = "bad"
            elif (before == "bad" and prev_loose[index] == "neargood") or (
                after == "bad" and next_loose[index] == "neargood"
            ):
                revised[index] = "good"
            else:
                revised[index] = "bad"
        classes = revised
    # Near-good blocks go with their neighbours, left to right: a decided block counts for later ones.
    if "neargood" in classes:
        next_strict = _nearest(classes, range(count - 1, -1, -1), with_neargood=False)
        last = "bad"
        for index in range(count):
            cls = classes[index]
            if cls == "neargood":
                cls = classes[index] = "bad" if last == "bad" and next_strict[index] == "bad" else "good"
            if cls == "good" or cls == "bad":
                last = cls
    # Headings that were not bad on their own and stand close above good text are kept. A heading
    # promoted here only looks below itself, so later promotions cannot change an earlier verdict.
    if headings:
        next_good = _next_good(classes)
        for index in headings:
            if (
                classes[index] == "bad"
                and blocks[index].cf_class != "bad"
                and _good_within(next_good, reach, index, max_heading_distance)
            ):
                classes[index] = "good"
    for block, cls in zip(blocks, classes, strict=True):
        block.class_type = cls


def _nearest_both(classes: Sequence[str], order: range) -> tuple[list[str], list[str]]:
    """`_nearest` without and with near-good blocks, from one sweep."""
    strict = ["bad"] * len(classes)
    loose = ["bad"] * len(classes)
    seen_strict = seen_loose = "bad"
    for index in order:
        strict[index] = seen_strict
        loose[index] = seen_loose
        cls = classes[index]
        if cls == "good" or cls == "bad":
            seen_strict = seen_loose = cls
        elif cls == "neargood":
            seen_loose = cls
    return strict, loose


def _nearest(classes: Sequence[str], order: range, *, with_neargood: bool) -> list[str]:
    """For each position, the class of the nearest good or bad (or, if asked, near-good) block before it
    in `order`; "bad" at the edge, as jusText has it."""
    found = ["bad"] * len(classes)
    seen = "bad"
    for index in order:
        found[index] = seen
        cls = classes[index]
        if cls == "good" or cls == "bad" or (with_neargood and cls == "neargood"):
            seen = cls
    return found


def _next_good(classes: Sequence[str]) -> list[int]:
    """For each position, the index of the first "good" block after it (len(classes) when none)."""
    count = len(classes)
    found = [count] * count
    seen = count
    for index in range(count - 1, -1, -1):
        found[index] = seen
        if classes[index] == "good":
            seen = index
    return found


def _good_within(next_good: Sequence[int], reach: Sequence[int], index: int, distance_limit: int) -> bool:
    """jusText's heading test: a good block below `index` with at most `distance_limit` characters of
    other blocks in between."""
    later = next_good[index]
    return later < len(next_good) and reach[later] - reach[index + 1] <= distance_limit


def weighted_length(text: str) -> int:
    """Characters, with each character of a script written without spaces counted as a short word."""
    dense = len(_DENSE_SCRIPT.findall(text))
    return len(text) + (_DENSE_CHAR_WEIGHT - 1) * dense


def _classify_without_stopwords(views: Sequence[_JustextView], options: Options, length_high: int) -> None:
    """jusText's context-free pass with punctuation density standing in for stopword density."""
    for view in views:
        text = view.text
        view.heading = bool(not options.no_headings and view.is_heading)
        length = weighted_length(text)
        if view.links_density() > options.max_link_density or _is_furniture(view):
            view.cf_class = "bad"
        elif length < options.length_low:
            view.cf_class = "bad" if view.chars_count_in_links > 0 else "short"
        else:
            marks = len(_PROSE_PUNCTUATION.findall(text)) + len(_PHRASE_SPACE.findall(text))
            dense_chars = (length - len(text)) // (_DENSE_CHAR_WEIGHT - 1)  # what weighted_length added
            if (
                2 * dense_chars > len(text)
                and not _SENTENCE_END.search(text)
                and not text.endswith(_CLAUSE_ENDS)
            ):
                # Mostly Chinese or Japanese and no sentence ends in it: a headline, a menu entry or a
                # row of keywords, whatever commas and colons it holds ("米、北朝鮮非核化まで制裁継続").
                # A line ending in a comma is a sentence's first part, broken where the page broke it.
                # (Only a long one can be near good: options.length_high, not a second pass's lower bar.)
                view.cf_class = "neargood" if length > options.length_high else "bad"
            elif marks * _PUNCTUATION_SPAN_GOOD >= length:
                view.cf_class = "good" if length > length_high else "neargood"
            elif marks * _PUNCTUATION_SPAN_NEAR >= length:
                view.cf_class = "neargood"
            else:
                view.cf_class = "bad"


def _fill_gaps(views: Sequence[_JustextView]) -> None:
    """Keep what lies between two kept blocks unless it is link-heavy or marked as page furniture:
    lists, tables, short sentences and pull quotes inside an article are not chrome because they
    lack stopwords or length. The copyright notices that end the page, prose though they are, close it:
    what lies between them and the article is the footer's (the chrome rules remove the notices later)."""
    good = [index for index, view in enumerate(views) if view.class_type == "good"]
    while good and is_copyright_notice(views[good[-1]].text):
        good.pop()
    for start, end in itertools.pairwise(good):
        for view in views[start + 1 : end]:
            if view.links_density() > _IN_ARTICLE_MAX_LINK_DENSITY:
                continue
            if _is_furniture(view):
                continue
            view.class_type = "good"


def _is_furniture(view: _JustextView) -> bool:
    """jusText's fixed tells of page furniture: a copyright sign, or text inside a <select>."""
    return "\xa9" in view.text or "&copy" in view.text or "select" in view.dom_path


def _parent_path(source: str) -> str:
    return source.rpartition("/")[0]


def _keep_siblings_of_the_article(views: Sequence[_JustextView]) -> None:
    """Keep what sits beside the article's paragraphs in the same parent element (a list of dates,
    a table of results, a paragraph of product links), unless links make up most of it: the parent
    holding the most kept text is the article body, and its children are its content."""
    good_chars: dict[str, int] = {}
    for view in views:
        if view.class_type == "good":
            parent = _parent_path(view.block.source)
            good_chars[parent] = good_chars.get(parent, 0) + view.length
    if not good_chars:
        return
    body = max(good_chars, key=good_chars.__getitem__)
    if not body:
        return
    for view in views:
        if view.class_type == "good" or _parent_path(view.block.source) != body:
            continue
        if view.links_density() > _IN_ARTICLE_MAX_LINK_DENSITY or _is_furniture(view):
            continue
        view.class_type = "good"
