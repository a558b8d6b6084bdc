"""The quality floor on the article-extraction-benchmark (skipped when the dataset is not on disk)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from datasets import aeb_dir, dataset_present
from quality import aeb_scores

# About 0.01 under the figures of the last `make bench` (0.956 and 0.899; the pipeline issue asked for
# 0.93 and 0.85): the output is deterministic, so a drop below them is a regression.
HTML_F1_FLOOR = 0.945
TEXT_F1_FLOOR = 0.889

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


def test_walk_reproduces_justext_paragraphs_on_every_page() -> None:
    """With pruning off, one flat walk over our single parse gives jusText's paragraphs exactly
    (text and DOM path) on every benchmark page: the block model under all the rules is jusText's."""
    from datasets import load_aeb
    from justext.core import ParagraphMaker, html_to_dom, preprocessor
    from pagewash_server.pipeline import blocks_html, decode

    mismatched = []
    for page in load_aeb(AEB):
        text = decode.decode(page.html_bytes()).text
        expected = [
            (" ".join(p.text.split()), p.dom_path)
            for p in ParagraphMaker.make_paragraphs(preprocessor(html_to_dom(text)))
            if p.text
        ]
        ours = [
            (b.text, b.dom_path) for b in blocks_html.html_blocks(blocks_html.parse_html(text), prune=False)
        ]
        if ours != expected:
            mismatched.append(page.id)
    assert mismatched == []
