"""Tests for the class/id words that name chrome: the fast regexes match what the plain ones match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pagewash_server.pipeline.blocks_html import (
    _CHROME_WORD,
    _CHROME_WORDS,
    _COMMENT_WORD,
    _chrome_name_reason,
)

# The straightforward forms: a word at the start of the value or after a character that is not a
# letter or digit.
PLAIN_CHROME_WORD = re.compile(rf"(?:^|[^a-z0-9])(?:{_CHROME_WORDS})")
PLAIN_COMMENT_WORD = re.compile(r"(?:^|[^a-z0-9])comment(?!ary|ator)")

PIECES = (
    *_CHROME_WORDS.replace("?", "").replace("(![a-z])", "").split("|"),
    *("comment", "commentary", "commentator", "most", "read", "sign", "up", "ad", "tag", "nav"),
    *("s", "x", "9", "é", "-", "_", " ", ":", "ing", "bar", "list", "ly"),
)


@given(st.lists(st.sampled_from(PIECES), max_size=6).map("".join))
def test_grouped_chrome_words_match_like_the_plain_alternation(value: str) -> None:
    assert bool(_CHROME_WORD.search(value)) == bool(PLAIN_CHROME_WORD.search(value))


@given(st.lists(st.sampled_from(PIECES), max_size=6).map("".join))
def test_comment_word_matches_like_the_plain_pattern(value: str) -> None:
    assert bool(_COMMENT_WORD.search(value)) == bool(PLAIN_COMMENT_WORD.search(value))


@pytest.mark.parametrize(
    ("value", "verdict"),
    [
        ("share-bar", "pruned:class"),
        ("post unshared", ""),
        ("nav2", "pruned:class"),
        ("navy", ""),
        ("most-read", "pruned:class"),
        ("Sidebar-Left", "pruned:class"),
        ("comment-list", "pruned:comments"),
        ("commentary", ""),
        ("nocomment", ""),
        ("é-comments", "pruned:comments"),
        ("article-body", ""),
    ],
)
def test_chrome_name_verdicts(value: str, verdict: str) -> None:
    assert _chrome_name_reason(value) == verdict
