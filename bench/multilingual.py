"""Multilingual check: pagewash on newspaper4k's test pages (Arabic, Burmese, Chinese, Japanese, Latvian,
Spanish, Thai and English news), as HTML and, where w3m is installed, as text dumps rendered the way
wcxb-dev's were (`w3m -dump -T text/html -cols 4000 -O UTF-8`).

    pip download --no-binary :all: --no-deps newspaper4k==0.9.6 -d /tmp/np4k
    tar xzf /tmp/np4k/newspaper4k-0.9.6.tar.gz -C /tmp/np4k
    python bench/multilingual.py /tmp/np4k/newspaper4k-0.9.6/tests/data

The truth is newspaper4k's own expected output (tests/data/txt, MIT licence), not a human annotation:
it shows where the two extractors disagree, which on these pages is mostly where pagewash keeps
navigation or drops text. Words are lowercase \\w runs; a run of Chinese, Japanese, Korean, Thai or
Myanmar characters counts as its character pairs, since those scripts do not space their words.
Precision, recall and F1 per page, averaged over pages.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO_ROOT / "server"), str(REPO_ROOT / "client")]

_WORD = re.compile(r"\w+")
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u1000-\u109f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def tokens(text: str) -> Counter[str]:
    """The words of `text` as a multiset, runs of unspaced scripts as their character pairs."""
    found: Counter[str] = Counter()
    for word in _WORD.findall(text.lower()):
        if _UNSPACED.search(word) and len(word) > 1:
            found.update(word[index : index + 2] for index in range(len(word) - 1))
        else:
            found[word] += 1
    return found


def score(truth: str, predicted: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of the predicted words against the truth's."""
    expected, got = tokens(truth), tokens(predicted)
    shared = sum((expected & got).values())
    if not shared:
        return 0.0, 0.0, 0.0
    precision = shared / sum(got.values())
    recall = shared / sum(expected.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def text_dump(path: Path) -> bytes:
    """The page rendered as text by w3m, as wcxb-dev's text dumps were."""
    command = ["w3m", "-dump", "-T", "text/html", "-cols", "4000", "-O", "UTF-8", str(path)]
    return subprocess.run(command, capture_output=True, check=True, timeout=60).stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="newspaper4k's tests/data directory")
    args = parser.parse_args(argv)

    from pagewash_server.pipeline import normalize

    pages = sorted(
        path
        for path in (args.data / "html").glob("*.html")
        if (args.data / "txt" / f"{path.stem}.txt").exists()
    )
    if not pages:
        print(f"no pages with expected text under {args.data}", file=sys.stderr)
        return 2
    with_text = shutil.which("w3m") is not None
    tracks = ("html", "text") if with_text else ("html",)
    totals: dict[str, list[float]] = {track: [] for track in tracks}
    print(f"{'page':26s} {'lang':4s} " + "  ".join(f"{track:>5s} P    R    F1" for track in tracks))
    for path in pages:
        truth = (args.data / "txt" / f"{path.stem}.txt").read_text(encoding="utf-8")
        cells = []
        language = ""
        for track in tracks:
            content = path.read_bytes() if track == "html" else text_dump(path)
            document = normalize(content, format=track)
            language = language or document.metadata.language
            precision, recall, f1 = score(truth, document.text)
            totals[track].append(f1)
            cells.append(f"{precision:10.2f} {recall:4.2f} {f1:4.2f}")
        print(f"{path.stem:26s} {language:4s} " + "  ".join(cells))
    for track in tracks:
        values = totals[track]
        print(f"{track}: mean F1 {sum(values) / len(values):.3f} over {len(values)} pages")
    if not with_text:
        print("text dumps skipped: w3m is not installed (apt-get install w3m)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
