"""The Block: one candidate paragraph, as the block makers produce it and jusText classifies it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

_HEADING_PATH = re.compile(r"\bh\d\b")
# Chinese and Japanese write no spaces between words: each ideograph or kana counts as a word, as word
# processors count them. CJK punctuation and fullwidth punctuation separate words and count as none.
_IDEOGRAPH_OR_KANA = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_PUNCTUATION = re.compile(r"[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")
# Thai, Lao, Khmer and Myanmar write none either, and a word is several letters and marks: a run of these
# characters counts as one word per _SOUTHEAST_ASIAN_WORD_CHARS of them (rounded up).
_SOUTHEAST_ASIAN_RUN = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]+")
_SOUTHEAST_ASIAN_WORD_CHARS = 5
# Either kind: most text holds neither, which one search finds out.
_UNSPACED_SCRIPT = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
)


def count_words(text: str, words: list[str] | None = None) -> int:
    """How many words `text` holds: its whitespace-separated words (`words`, when split already), with
    each Chinese or Japanese character a word and runs of Thai, Lao, Khmer or Myanmar letters counted by
    their length (see above). Korean, which spaces its words, counts like Latin text."""
    if words is None:
        words = text.split()
    if text.isascii() or _UNSPACED_SCRIPT.search(text) is None:
        return len(words)
    ideographs = len(_IDEOGRAPH_OR_KANA.findall(text))
    southeast_asian = _SOUTHEAST_ASIAN_RUN.findall(text)
    rest = _SOUTHEAST_ASIAN_RUN.sub(" ", _CJK_PUNCTUATION.sub(" ", _IDEOGRAPH_OR_KANA.sub(" ", text)))
    runs = sum(-(-len(run) // _SOUTHEAST_ASIAN_WORD_CHARS) for run in southeast_asian)
    return len(rest.split()) + ideographs + runs


@lru_cache(maxsize=4096)
def in_heading(dom_path: str) -> bool:
    """Whether a dotted tag path passes through a heading element (h1-h6), as jusText tests it.

    Cached: the blocks of a page share a few paths, and on a deeply nested page one path is thousands
    of characters long, which the regex would otherwise scan once per block."""
    return _HEADING_PATH.search(dom_path) is not None


@dataclass(slots=True)
class Block:
    """A candidate paragraph. It quacks like `justext.paragraph.Paragraph`, so jusText's
    `classify_paragraphs` and `revise_paragraph_classification` run on it unchanged.

    text        -- the block's text, whitespace collapsed.
    kind        -- "heading", "paragraph", "list_item", "quote", "code", "table" or "caption".
    source      -- the element's XPath (HTML) or "lines A-B" (text dump).
    dom_path    -- dotted tag path ("html.body.div.h2"); jusText finds headings with it.
    link_chars  -- characters of `text` inside links.
    tag_count   -- inline tags seen inside the block (jusText counts them).
    cf_class    -- jusText's context-free class, set by classification.
    class_type  -- the final class: "good", "neargood", "short" or "bad".
    reason      -- set when a rule (chrome, metadata) overrides jusText: e.g. "chrome:copyright".
    words       -- cache of `lowered_words()`: language detection, classification and the word count all
                   read the same words, which are split once. Whoever rewrites `text` resets it to None.
    """

    text: str
    kind: str = "paragraph"
    source: str = ""
    dom_path: str = ""
    link_chars: int = 0
    tag_count: int = 0
    cf_class: str = ""
    class_type: str = ""
    heading: bool = False
    reason: str = ""
    words: list[str] | None = field(default=None, compare=False, repr=False)

    def lowered_words(self) -> list[str]:
        """The whitespace-separated words of the lowercased text (as many as `text.split()` gives: no
        character lowercases to or from whitespace), split once and cached."""
        words = self.words
        if words is None:
            words = self.words = self.text.lower().split()
        return words

    def word_count(self) -> int:
        """The block's words as `count_words` counts them (Chinese characters one by one)."""
        return count_words(self.text, self.words)

    # --- the jusText Paragraph interface -------------------------------------------------------
    @property
    def is_heading(self) -> bool:
        return self.kind == "heading" or in_heading(self.dom_path)

    @property
    def is_boilerplate(self) -> bool:
        return self.class_type != "good"

    @property
    def words_count(self) -> int:
        return len(self.text.split())

    def __len__(self) -> int:
        return len(self.text)

    def stopwords_count(self, stopwords: frozenset[str]) -> int:
        return sum(word.lower() in stopwords for word in self.text.split())

    def stopwords_density(self, stopwords: frozenset[str]) -> float:
        words = self.text.split()
        if not words:
            return 0.0
        return sum(word.lower() in stopwords for word in words) / len(words)

    def links_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0

    # --- our verdict ----------------------------------------------------------------------------
    @property
    def kept(self) -> bool:
        return not self.reason and self.class_type == "good"

    def remove(self, reason: str) -> None:
        """Drop this block for a rule's reason (which wins over jusText's class)."""
        self.reason = reason
