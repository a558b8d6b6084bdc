"""The multilingual check's word metric (bench/multilingual.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from multilingual import score, tokens


def test_unspaced_scripts_count_as_character_pairs() -> None:
    assert tokens("北京市 news News") == {"北京": 1, "京市": 1, "news": 2}
    assert tokens("ผล DNA") == {"ผล": 1, "dna": 1}


def test_score_is_precision_recall_and_f1_of_the_shared_words() -> None:
    assert score("a b c d", "a b c d") == (1.0, 1.0, 1.0)
    precision, recall, f1 = score("a b c d", "a b x y z w")
    assert (precision, recall) == (2 / 6, 2 / 4)
    assert f1 == 2 * precision * recall / (precision + recall)
    assert score("a b", "") == (0.0, 0.0, 0.0)
