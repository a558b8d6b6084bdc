"""Blocks from text dumps: one paragraph per line, and hard-wrapped dumps rejoined."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pagewash_server.pipeline.blocks_text import looks_like_heading, text_blocks, wrap_width

PARAGRAPHS = [
    "The council voted on Tuesday to extend the opening hours of the public library, after a year in "
    "which the number of visitors doubled and the reading rooms were full most evenings of the week.",
    "Supporters said the change would help students who work during the day, while critics argued that "
    "the money would be better spent on repairing the roof, which has leaked since the storm of last "
    "winter and damaged part of the local history collection.",
    "The new hours start next month. The library will stay open until ten o'clock on weekdays and until "
    "six on Saturdays, and a second librarian will be hired to cover the evening shifts.",
]


def _wrapped(paragraphs: list[str], width: int) -> str:
    return "\n\n".join(textwrap.fill(p, width=width) for p in paragraphs) + "\n"


# --- one paragraph per line -------------------------------------------------------------------


def test_unwrapped_dump_gives_one_block_per_line_with_line_numbers() -> None:
    text = "Menu\nHome\n\n" + "\n".join(PARAGRAPHS) + "\n"
    blocks = text_blocks(text)
    assert [b.text for b in blocks] == ["Menu", "Home", *PARAGRAPHS]
    assert [b.source for b in blocks] == ["lines 1-1", "lines 2-2", "lines 4-4", "lines 5-5", "lines 6-6"]
    assert wrap_width(text.splitlines()) is None


def test_whitespace_inside_a_line_is_collapsed() -> None:
    (block,) = text_blocks("  tough conversations  and even to disagree  while  \n")
    assert block.text == "tough conversations and even to disagree while"


def test_blank_and_whitespace_only_lines_make_no_blocks() -> None:
    blocks = text_blocks("First line of text here.\n \n\u00a0\n\t\nSecond line of text here.\n")
    assert [b.text for b in blocks] == ["First line of text here.", "Second line of text here."]
    assert [b.source for b in blocks] == ["lines 1-1", "lines 5-5"]


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("  • Barron's", "Barron's"),
        ("* Economy", "Economy"),
        ("- Politics", "Politics"),
        ("– Sports", "Sports"),
    ],
)
def test_symbol_bullets_make_list_items_and_are_dropped(line: str, text: str) -> None:
    (block,) = text_blocks(line + "\n")
    assert block.kind == "list_item"
    assert block.text == text


def test_numbered_items_are_list_items_that_keep_their_number() -> None:
    blocks = text_blocks("1. Preheat the oven.\n2) Mix the flour and the butter.\n")
    assert [b.kind for b in blocks] == ["list_item", "list_item"]
    assert blocks[0].text == "1. Preheat the oven."


def test_a_hyphen_starting_a_sentence_is_a_bullet_but_a_number_is_not() -> None:
    blocks = text_blocks("2021 was a difficult year for the town and its people.\n")
    assert blocks[0].kind == "paragraph"


def test_short_title_line_followed_by_prose_is_a_heading() -> None:
    text = f"Longer Opening Hours\n\n{PARAGRAPHS[0]}\n\nThe vote ended late.\n\n{PARAGRAPHS[1]}\n"
    blocks = text_blocks(text)
    assert blocks[0].kind == "heading"
    assert blocks[0].is_heading
    assert blocks[1].kind == "paragraph"
    # Ends like a sentence: not a heading.
    assert blocks[2].kind == "paragraph"


def test_heading_needs_prose_after_it() -> None:
    blocks = text_blocks("Latest News\n\nWorld\n\nBusiness\n")
    assert all(b.kind == "paragraph" for b in blocks)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Why the Library Stays Open Late", True),
        ("What comes next?", True),
        ("The vote ended late.", False),
        ("continued from the previous page", False),
        ("A" * 120, False),
    ],
)
def test_looks_like_heading(text: str, expected: bool) -> None:
    assert looks_like_heading(text) is expected


# --- hard-wrapped dumps -----------------------------------------------------------------------


@pytest.mark.parametrize("width", [72, 76, 80])
def test_wrapped_paragraphs_are_rejoined(width: int) -> None:
    text = _wrapped(PARAGRAPHS, width)
    assert wrap_width(text.splitlines()) is not None
    blocks = text_blocks(text)
    assert [b.text for b in blocks] == PARAGRAPHS
    assert all(b.kind == "paragraph" for b in blocks)


def test_wrapped_block_source_spans_its_lines() -> None:
    text = _wrapped(PARAGRAPHS, 72)
    blocks = text_blocks(text)
    first_lines = textwrap.wrap(PARAGRAPHS[0], width=72)
    assert blocks[0].source == f"lines 1-{len(first_lines)}"
    assert blocks[1].source.startswith(f"lines {len(first_lines) + 2}-")


def test_short_lines_inside_a_wrapped_dump_stay_separate() -> None:
    """A title, a dateline and the last line of a paragraph end well before the width: no join."""
    text = "Library Hours Extended\nMarch 25, 2021\n\n" + _wrapped(PARAGRAPHS, 76)
    blocks = text_blocks(text)
    assert [b.text for b in blocks[:2]] == ["Library Hours Extended", "March 25, 2021"]
    assert [b.text for b in blocks[2:]] == PARAGRAPHS


def test_paragraphs_without_blank_lines_between_them_split_at_the_short_last_line() -> None:
    text = "\n".join(textwrap.fill(p, width=76) for p in PARAGRAPHS) + "\n"
    assert [b.text for b in text_blocks(text)] == PARAGRAPHS


def test_compound_broken_at_its_hyphen_keeps_the_hyphen() -> None:
    paragraph = (
        "The committee, which had met every week since the spring, described the long-awaited "
        "well-established evening-opening plan as a carefully balanced compromise between the "
        "needs of the students and the state-of-the-art budget rules of the council itself."
    )
    for width in range(60, 81):
        text = _wrapped([paragraph, *PARAGRAPHS], width)
        assert text_blocks(text)[0].text == paragraph, width


def test_syllable_hyphenation_is_undone_when_the_text_spells_the_word_whole() -> None:
    lines = [
        "The library will publish more information about the evening hours on its web-",
        "site next week, and the council said that more detailed and up-to-date infor-",
        "mation about the budget and the repairs to the roof will follow in the spring.",
        "The reading rooms will stay open during the works, which should take a month.",
        "",
        "Visitors asked for more information at the desk on the first evening of the new",
        "schedule, and the librarians said they were pleased with the number of people.",
    ]
    blocks = text_blocks("\n".join(lines) + "\n")
    assert "up-to-date information about the budget" in blocks[0].text
    # "website" is not spelled whole anywhere: the hyphen stays, as a wrapper would have put it.
    assert "web-site" in blocks[0].text


def test_wrapped_list_items_with_hanging_indent_are_rejoined() -> None:
    items = [
        "Extend the opening hours of the central library until ten o'clock on every weekday evening.",
        "Hire a second librarian for the evening shifts and train the volunteers who help at the desk.",
    ]
    wrapped_items = [
        textwrap.fill(i, width=72, initial_indent="  * ", subsequent_indent="    ") for i in items
    ]
    text = (
        _wrapped(PARAGRAPHS[:1], 72) + "\n" + "\n".join(wrapped_items) + "\n\n" + _wrapped(PARAGRAPHS[1:], 72)
    )
    blocks = text_blocks(text)
    list_items = [b for b in blocks if b.kind == "list_item"]
    assert [b.text for b in list_items] == items
    assert [b.text for b in blocks if b.kind == "paragraph"] == PARAGRAPHS


def test_chinese_wrapped_lines_join_without_a_space() -> None:
    sentence = "图书馆将延长开放时间，以便白天工作的学生也能在晚上来这里学习和阅读书籍。"
    paragraph = sentence * 4
    lines = [paragraph[i : i + 36] for i in range(0, len(paragraph), 36)]
    english = _wrapped(PARAGRAPHS, 72)
    text = english + "\n" + "\n".join(lines) + "\n"
    blocks = text_blocks(text)
    assert blocks[-1].text == paragraph


def test_long_unwrapped_lines_are_not_taken_for_a_wrapped_dump() -> None:
    lines = [p * 3 for p in PARAGRAPHS] + ["Short menu entry", "Another entry"]
    assert wrap_width(lines) is None


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)
paragraph_strategy = st.lists(words, min_size=20, max_size=90).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(paragraph_strategy, min_size=3, max_size=6), st.integers(min_value=60, max_value=100))
def test_any_wrapped_prose_is_rejoined_exactly(paragraphs: list[str], width: int) -> None:
    text = _wrapped(paragraphs, width)
    if wrap_width(text.splitlines()) is None:
        # Too little evidence of wrapping (paragraphs of one or two lines): then every line stands
        # alone, and no line is lost or merged with another paragraph.
        joined = " ".join(b.text for b in text_blocks(text))
        assert joined == " ".join(paragraphs)
        return
    assert [b.text for b in text_blocks(text)] == paragraphs
