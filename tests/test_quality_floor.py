"""The quality floor on the article-extraction-benchmark (skipped when the dataset is not on disk)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from datasets import aeb_dir, dataset_present
from quality import aeb_scores

# Floors from the pipeline issue; the output is deterministic, so a drop below them is a regression.
HTML_F1_FLOOR = 0.93
TEXT_F1_FLOOR = 0.85

AEB = aeb_dir()
pytestmark = [
    pytest.mark.dataset,
    pytest.mark.skipif(
        not dataset_present(AEB),
        reason=f"article-extraction-benchmark not found at {AEB} (set PAGEWASH_AEB_DIR to its directory)",
    ),
]


@pytest.fixture(scope="module")
def scores() -> dict[str, float]:
    return {track: score.f1 for track, score in aeb_scores(AEB, ("html", "text"), processes=2).items()}


def test_html_f1_floor(scores: dict[str, float]) -> None:
    assert scores["html"] >= HTML_F1_FLOOR, f"HTML F1 {scores['html']:.4f} below the floor {HTML_F1_FLOOR}"


def test_text_f1_floor(scores: dict[str, float]) -> None:
    assert scores["text"] >= TEXT_F1_FLOOR, f"text F1 {scores['text']:.4f} below the floor {TEXT_F1_FLOOR}"
