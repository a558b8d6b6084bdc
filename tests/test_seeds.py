"""The seed dumps normalize exactly as tests/fixtures/seeds/expected.json says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pagewash.types import Document
from pagewash_server.pipeline import normalize

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
EXPECTED: dict[str, dict[str, Any]] = json.loads((SEEDS / "expected.json").read_text(encoding="utf-8"))


def _collapse(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module", params=sorted(EXPECTED), ids=lambda name: name.split("_")[0])
def seed(request: pytest.FixtureRequest) -> tuple[dict[str, Any], Document]:
    name: str = request.param
    document = normalize((SEEDS / name).read_bytes(), format="auto")
    return EXPECTED[name], document


def _kept_paragraphs(document: Document) -> list[str]:
    return [_collapse(paragraph) for paragraph in document.text.split("\n\n") if paragraph.strip()]


def test_format_and_language(seed: tuple[dict[str, Any], Document]) -> None:
    expected, document = seed
    assert document.diagnostics.format == expected["format"]
    assert document.metadata.language == expected["language"]
    assert document.diagnostics.language == expected["language"]


def test_body_paragraphs_are_kept_whole_and_in_order(seed: tuple[dict[str, Any], Document]) -> None:
    expected, document = seed
    kept = _kept_paragraphs(document)
    position = 0
    for paragraph in expected["body"]:
        wanted = _collapse(paragraph)
        assert wanted in kept[position:], f"body paragraph missing or out of order: {wanted[:80]!r}"
        position = kept.index(wanted, position) + 1


def test_nothing_but_body_and_optional_is_kept(seed: tuple[dict[str, Any], Document]) -> None:
    expected, document = seed
    allowed = {_collapse(p) for p in expected["body"]} | {_collapse(p) for p in expected["optional"]}
    extra = [p for p in _kept_paragraphs(document) if p not in allowed]
    assert extra == []


def test_removed_lines_are_not_kept(seed: tuple[dict[str, Any], Document]) -> None:
    expected, document = seed
    kept = set(_kept_paragraphs(document))
    for line in expected["removed"]:
        assert _collapse(line) not in kept
    removed_paragraphs = {_collapse(p.text) for p in document.paragraphs if not p.kept}
    for line in expected["removed"]:
        assert _collapse(line) in removed_paragraphs or any(_collapse(line) in p for p in removed_paragraphs)


def test_metadata(seed: tuple[dict[str, Any], Document]) -> None:
    expected, document = seed
    meta = document.metadata
    assert meta.title == expected["title"]
    if "published" in expected:
        assert meta.published == expected["published"]
    if "authors" in expected:
        assert list(meta.authors) == expected["authors"]


def test_tags_loosely(seed: tuple[dict[str, Any], Document]) -> None:
    """Tags without separators cannot be split exactly; every word of every expected tag must be in the
    tags found, and each tag found must come from the tag line."""
    expected, document = seed
    wanted = expected.get("tags_optional")
    if not wanted:
        pytest.skip("no tags for this seed")
    found = document.metadata.tags
    assert found, "the Tags line gave no tags"
    found_words = {word for tag in found for word in tag.split()}
    assert {word for tag in wanted for word in tag.split()} <= found_words
    line_words = {word for tag in wanted for word in tag.split()}
    assert found_words <= line_words
    # At least the multi-word tags the article itself spells out are recognised as phrases.
    assert any(" " in tag for tag in found)
