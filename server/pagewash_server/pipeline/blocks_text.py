"""Candidate paragraphs (Blocks) from a plain-text page dump, unwrapped or hard-wrapped at a fixed width."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .blocks import Block

# Bullets that text renderers (w3m, lynx, html2text, pandoc) put in front of list items.
_SYMBOL_BULLET = re.compile(r"^\s*([•·◦▪▫‣○●■□►▸▶–—*+\-])\s+(?=\S)")
# A symbol bullet or a list number ("1.", "a)"), in one match: most lines are not list items.
_ANY_BULLET = re.compile(r"^\s*(?:[•·◦▪▫‣○●■□►▸▶–—*+\-]|(?:\d{1,3}|[a-zA-Z])[.)])\s+(?=\S)")
# East Asian wide and full-width characters (Unicode's W and F classes, the blocks that matter).
_WIDE_CHAR = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]"
)
_LETTER_HYPHEN_END = re.compile(r"[^\W\d_]-$")
_FIRST_WORD = re.compile(r"\S+")
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?:;…。！？”\"')\]]$")

# A hard-wrapped dump: most long lines end within this many characters of the wrap width.
_WRAP_BAND = 14
# Widths a wrapping renderer or formatter plausibly used; 4000-column w3m dumps are unwrapped.
_MIN_WRAP_WIDTH = 40
_MAX_WRAP_WIDTH = 160
# Lines shorter than this say nothing about the wrap width (menus, headings, list items).
_MIN_EVIDENCE_LENGTH = 25

# Headings: short lines that do not read as sentences.
_MAX_HEADING_CHARS = 100
_MAX_HEADING_WORDS = 14


@dataclass(frozen=True, slots=True)
class _Line:
    number: int  # 1-based
    raw: str  # without trailing whitespace

    @property
    def stripped(self) -> str:
        return self.raw.strip()

    @property
    def indent(self) -> int:
        return len(self.raw) - len(self.raw.lstrip())


def text_blocks(text: str) -> list[Block]:
    """Split a text dump into Blocks.

    A dump with one paragraph per line (w3m/lynx at a wide width, most scrapers) gives one Block per
    non-blank line. A dump hard-wrapped at a fixed width (~72-80 columns) is recognised from its line
    lengths, and the lines a wrapper broke are joined back into their paragraph.
    `source` is "lines A-B" (1-based, inclusive); `kind` is "list_item", "heading" or "paragraph".
    """
    raws = [raw.rstrip() for raw in text.splitlines()]
    width = wrap_width(raws)
    if width:
        lines = [_Line(n, raw) for n, raw in enumerate(raws, start=1)]
        groups = _wrapped_groups(lines, width)
        hyphenated = _known_words(text)
        blocks = [_make_block(group, hyphenated) for group in groups]
        first_lines = [group[0].number for group in groups]
    else:
        # One block per non-blank line: the common case (unwrapped dumps), so without line objects.
        blocks = []
        first_lines = []
        for number, raw in enumerate(raws, start=1):
            if raw:
                blocks.append(_line_block(raw.strip(), number, number))
                first_lines.append(number)
    _mark_headings(blocks, first_lines, raws)
    return [block for block in blocks if block.text]


def wrap_width(raw_lines: Sequence[str]) -> int | None:
    """The column at which the dump was hard-wrapped, or None when its lines were not wrapped.

    In a wrapped text most lines of running prose end a few characters short of the width (the next
    word did not fit) and almost none go beyond it; in an unwrapped dump line lengths are spread out
    and paragraphs run to hundreds of characters.
    """
    lengths = [display_width(stripped) for line in raw_lines if (stripped := line.rstrip())]
    evidence = sorted(n for n in lengths if n >= _MIN_EVIDENCE_LENGTH)
    if len(evidence) < 4:
        return None
    # The width: the length that all but a few stray lines (long URLs, tables) stay within.
    width = evidence[max(0, int(len(evidence) * 0.97) - 1)]
    if not _MIN_WRAP_WIDTH <= width <= _MAX_WRAP_WIDTH:
        return None
    in_band = sum(width - _WRAP_BAND <= n <= width for n in evidence)
    over = sum(n > width for n in evidence)
    if in_band < 3 or in_band < 0.45 * len(evidence) or over > max(1, 0.05 * len(evidence)):
        return None
    # Lines broken by a wrapper are followed by their continuation, not by a blank line.
    continued = Counter[bool]()
    for line, following in itertools.pairwise(raw_lines):
        n = display_width(line.rstrip())
        if width - _WRAP_BAND <= n <= width:
            continued[bool(following.strip())] += 1
    if continued[True] < continued[False]:
        return None
    return width


def display_width(text: str) -> int:
    """Columns the text takes in a terminal: wide (CJK) characters take two."""
    if text.isascii():
        return len(text)
    return len(text) + len(_WIDE_CHAR.findall(text))


def _wrapped_groups(lines: list[_Line], width: int) -> list[list[_Line]]:
    """Group the lines of a wrapped dump into paragraphs: a line joins the previous one when the
    previous line was full (its successor's first word would not have fitted) and nothing marks a
    new paragraph (a bullet, an indent change that is not a hanging indent)."""
    groups: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if not line.stripped:
            if current:
                groups.append(current)
                current = []
            continue
        if current and _continues(current, line, width):
            current.append(line)
            continue
        if current:
            groups.append(current)
        current = [line]
    if current:
        groups.append(current)
    return groups


def _continues(group: list[_Line], line: _Line, width: int) -> bool:
    previous = group[-1]
    if _is_bullet(line.stripped):
        return False
    first_word = _FIRST_WORD.match(line.stripped)
    if first_word is None:
        return False
    room_needed = display_width(first_word.group()) + (0 if previous.raw.endswith("-") else 1)
    if _is_wide(previous.raw[-1:]) and _is_wide(line.stripped[:1]):
        room_needed = 2  # no spaces in Chinese or Japanese: a wrapper breaks after any character
    # A little slack: wrappers count tabs, wide characters or the indent differently.
    if display_width(previous.raw) + room_needed <= width - 2:
        return False
    starts_group = group[0]
    if _is_bullet(starts_group.stripped):
        # Hanging indent: a wrapped list item's continuation lines are indented under its text.
        return line.indent > starts_group.indent or (line.indent == previous.indent and len(group) > 1)
    return line.indent <= previous.indent + 1 or (len(group) == 1 and line.indent < previous.indent)


def _make_block(group: list[_Line], known_words: frozenset[str]) -> Block:
    text = group[0].stripped
    for line in group[1:]:
        text = _join(text, line.stripped, known_words)
    return _line_block(text, group[0].number, group[-1].number, bullet=_is_bullet(group[0].stripped))


def _line_block(text: str, first: int, last: int, *, bullet: bool | None = None) -> Block:
    """The Block of lines `first`-`last` joined into `text` (stripped); a list item when it starts
    with a bullet (`bullet`: already known from the group's first line)."""
    if bullet is None:
        bullet = _is_bullet(text)
    if bullet:
        text = _SYMBOL_BULLET.sub("", text, count=1)
    # str.split() and the regex's \s agree on what whitespace is (both use Unicode's White_Space).
    return Block(
        text=" ".join(text.split()),
        kind="list_item" if bullet else "paragraph",
        source=f"lines {first}-{last}",
        dom_path="text.li" if bullet else "text.p",
    )


def _join(left: str, right: str, known_words: frozenset[str]) -> str:
    """Join a wrapped line to its continuation, undoing the wrapper's break."""
    if _LETTER_HYPHEN_END.search(left) and right[:1].isalpha():
        # Broken at a hyphen. Wrappers (textwrap, fmt) break compounds after their hyphen, so keep it,
        # unless the text elsewhere spells the word unhyphenated (a typesetter's syllable break).
        head = left.rsplit(None, 1)[-1].rstrip("-")
        tail_match = _WORD.match(right)
        tail = tail_match.group() if tail_match else ""
        joined_word = (head + tail).lower()
        hyphenated_word = f"{head}-{tail}".lower()
        if right[:1].islower() and joined_word in known_words and hyphenated_word not in known_words:
            return left[:-1] + right
        return left + right
    if _is_wide(left[-1:]) and _is_wide(right[:1]):
        # Chinese and Japanese put no spaces between words; a wrapper breaks anywhere.
        return left + right
    return f"{left} {right}"


def _is_wide(char: str) -> bool:
    return bool(char) and unicodedata.east_asian_width(char) in ("W", "F") and not _is_hangul(char)


def _is_hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3" or "\u1100" <= char <= "\u11ff" or "\u3130" <= char <= "\u318f"


def _known_words(text: str) -> frozenset[str]:
    """Words and hyphenated compounds spelled in one piece somewhere in the text."""
    return frozenset(word.lower() for word in re.findall(r"\w+(?:-\w+)*", text))


def _is_bullet(stripped: str) -> bool:
    return _ANY_BULLET.match(stripped) is not None


def _mark_headings(blocks: list[Block], first_lines: list[int], raws: list[str]) -> None:
    """Mark as headings the short, title-like blocks that stand alone (a blank line or the start of the
    text above them) and are followed by a longer block of running text.

    `first_lines`: each block's first line number (1-based); `raws`: the lines, right-stripped."""
    for index, block in enumerate(blocks):
        if block.kind != "paragraph" or not looks_like_heading(block.text):
            continue
        first_line = first_lines[index]
        blank_above = first_line == 1 or not raws[first_line - 2]
        if not blank_above:
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if (
            following is not None
            and following.kind == "paragraph"
            and len(following.text) > 2 * len(block.text)
        ):
            block.kind = "heading"
            block.dom_path = "text.h2"


def looks_like_heading(text: str) -> bool:
    """Short, starts with a capital or digit, and does not end like a sentence."""
    words = text.split()
    if not words or len(text) > _MAX_HEADING_CHARS or len(words) > _MAX_HEADING_WORDS:
        return False
    if not (text[0].isupper() or text[0].isdigit() or (not text[0].isalpha() and text[:1] not in "([{")):
        return False
    return not _SENTENCE_END.search(text) or text.endswith("?")
