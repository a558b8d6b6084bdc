"""The quality floor on wcxb-dev: word F1 and metadata, HTML and text dumps (skipped without the data)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from datasets import dataset_present, wcxb_dir
from quality import WordSummary, wcxb_scores

# About 0.01 under the figures of the last `make bench` (README's Benchmarks section has them): the
# output is deterministic, so a drop below them is a regression, while another lxml release within the
# pinned range may still move a page or two.
FLOORS = {
    "html": {"f1": 0.838, "title": 0.786, "author": 0.834, "date": 0.851},
    "text": {"f1": 0.779, "title": 0.548, "author": 0.508, "date": 0.656},
}

WCXB = wcxb_dir()
pytestmark = [
    pytest.mark.dataset,
    pytest.mark.skipif(
        not dataset_present(WCXB),
        reason=f"wcxb-dev not found at {WCXB} (set PAGEWASH_WCXB_DIR to its directory)",
    ),
]


@pytest.fixture(scope="module")
def scores() -> dict[str, tuple[dict[str, WordSummary], dict[str, float]]]:
    return wcxb_scores(WCXB, ("html", "text"), processes=2)


@pytest.mark.parametrize("track", ["html", "text"])
def test_word_f1_floor(
    scores: dict[str, tuple[dict[str, WordSummary], dict[str, float]]], track: str
) -> None:
    f1 = scores[track][0]["ALL"].f1
    assert f1 >= FLOORS[track]["f1"], f"{track} word F1 {f1:.4f} below the floor {FLOORS[track]['f1']}"


@pytest.mark.parametrize("track", ["html", "text"])
@pytest.mark.parametrize("field", ["title", "author", "date"])
def test_metadata_floor(
    scores: dict[str, tuple[dict[str, WordSummary], dict[str, float]]], track: str, field: str
) -> None:
    rate = scores[track][1][field]
    floor = FLOORS[track][field]
    assert rate >= floor, f"{track} {field} match rate {rate:.4f} below the floor {floor}"
