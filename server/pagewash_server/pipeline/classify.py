"""Block classification: jusText's context-free and context-sensitive passes, a stopword-free fallback
for languages without a stoplist, and post-rules that keep the article's own headings and lists."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from justext.core import classify_paragraphs, revise_paragraph_classification
from pagewash.types import Options

from .blocks import Block

_HEADING_PATH = re.compile(r"\bh\d\b")
# Sentence and clause punctuation of many scripts: prose has it, menus and button rows do not.
_PROSE_PUNCTUATION = re.compile(r"[.,;:!?¿¡…،؛؟।。，、；：！？]")
# Ideographic and syllabic characters (CJK, kana, hangul): one carries about a word's information.
_DENSE_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
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
        "length",
        "text",
        "words",
    )

    def __init__(self, block: Block) -> None:
        self.block = block
        self.text = block.text
        self.length = len(block.text)
        self.words = block.text.split()
        self.dom_path = block.dom_path
        self.chars_count_in_links = block.link_chars
        self.cf_class = ""
        self.class_type = ""
        self.heading = False

    @property
    def is_heading(self) -> bool:
        return self.block.kind == "heading" or bool(_HEADING_PATH.search(self.dom_path))

    def __len__(self) -> int:
        return self.length

    @property
    def words_count(self) -> int:
        return len(self.words)

    def stopwords_density(self, stopwords: frozenset[str]) -> float:
        words = self.words
        if not words:
            return 0.0
        return sum(word.lower() in stopwords for word in words) / len(words)

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
    good_chars = sum(view.length for view in views if view.cf_class == "good")
    near_chars = sum(view.length for view in views if view.cf_class == "neargood")
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
    revise_paragraph_classification(views, max_heading_distance=options.max_heading_distance)


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
            if marks * _PUNCTUATION_SPAN_GOOD >= length:
                view.cf_class = "good" if length > length_high else "neargood"
            elif marks * _PUNCTUATION_SPAN_NEAR >= length:
                view.cf_class = "neargood"
            else:
                view.cf_class = "bad"


def _fill_gaps(views: Sequence[_JustextView]) -> None:
    """Keep what lies between two kept blocks unless it is link-heavy or marked as page furniture:
    lists, tables, short sentences and pull quotes inside an article are not chrome because they
    lack stopwords or length."""
    good = [index for index, view in enumerate(views) if view.class_type == "good"]
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
