"""Loading the development datasets and scoring extractions with each dataset's own metric."""

from __future__ import annotations

import gzip
import json
import os
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
AEB_ENV = "PAGEWASH_AEB_DIR"
WCXB_ENV = "PAGEWASH_WCXB_DIR"
AEB_DEFAULT = REPO_ROOT.parent / "shared" / "datasets" / "article-extraction-benchmark"
WCXB_DEFAULT = REPO_ROOT.parent / "shared" / "datasets" / "wcxb-dev"

_TOKEN = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\|)\s*", re.IGNORECASE)
SHINGLE_SIZE = 4


def aeb_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The article-extraction-benchmark directory: the argument, else $PAGEWASH_AEB_DIR, else the default."""
    return Path(override or os.environ.get(AEB_ENV) or AEB_DEFAULT)


def wcxb_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The wcxb-dev directory: the argument, else $PAGEWASH_WCXB_DIR, else the default."""
    return Path(override or os.environ.get(WCXB_ENV) or WCXB_DEFAULT)


def dataset_present(directory: Path) -> bool:
    """Whether `directory` holds a dataset in the layout of ours (ground-truth.json + html/)."""
    return (directory / "ground-truth.json").is_file() and (directory / "html").is_dir()


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a dataset with its truth."""

    id: str
    html_path: Path
    text_path: Path
    body: str
    url: str = ""
    page_type: str = "article"
    title: str | None = None
    author: str | None = None
    published: str | None = None

    def html_bytes(self) -> bytes:
        return gzip.decompress(self.html_path.read_bytes())

    def text_bytes(self) -> bytes:
        return self.text_path.read_bytes()


def load_aeb(directory: Path, limit: int = 0) -> list[Page]:
    """The pages of the article-extraction-benchmark, sorted by id."""
    truth = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    pages = [
        Page(
            id=page_id,
            html_path=directory / "html" / f"{page_id}.html.gz",
            text_path=directory / "text" / f"{page_id}.txt",
            body=entry.get("articleBody") or "",
            url=entry.get("url") or "",
        )
        for page_id, entry in sorted(truth.items())
    ]
    return pages[:limit] if limit else pages


def load_wcxb(directory: Path, limit: int = 0) -> list[Page]:
    """The pages of wcxb-dev, sorted by id."""
    truth = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    pages = [
        Page(
            id=page_id,
            html_path=directory / "html" / f"{page_id}.html.gz",
            text_path=directory / "text" / f"{page_id}.txt",
            body=entry.get("main_content") or "",
            url=entry.get("url") or "",
            page_type=entry.get("page_type") or "unknown",
            title=entry.get("title"),
            author=entry.get("author"),
            published=entry.get("publish_date"),
        )
        for page_id, entry in sorted(truth.items())
    ]
    return pages[:limit] if limit else pages


# --- article-extraction-benchmark metric -----------------------------------------------------------


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """The multiset of `size`-token shingles of `text` (one shingle of all tokens when fewer)."""
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    return Counter(tuple(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1)))


@dataclass(frozen=True, slots=True)
class Counts:
    """True positives, false positives and false negatives of one page."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        """None (left out of the average) when nothing was predicted."""
        if self.tp + self.fp == 0:
            return None
        return 1.0 if self.fp == 0 and self.fn == 0 else self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        """None (left out of the average) when the truth is empty."""
        if self.tp + self.fn == 0:
            return None
        return 1.0 if self.fp == 0 and self.fn == 0 else self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision or 0.0, self.recall or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


def shingle_counts(truth: str, predicted: str) -> Counts:
    """The benchmark's per-page shingle counts."""
    expected, got = shingles(truth), shingles(predicted)
    return Counts(
        tp=sum((expected & got).values()),
        fp=sum((got - expected).values()),
        fn=sum((expected - got).values()),
    )


@dataclass(frozen=True, slots=True)
class Score:
    """Precision and recall averaged over pages, and F1 as their harmonic mean (the AEB way)."""

    precision: float
    recall: float
    f1: float
    pages: int


def average_score(counts: Sequence[Counts]) -> Score:
    """Average per-page precision and recall (pages where one is undefined are skipped for it)."""
    precisions = [p for p in (c.precision for c in counts) if p is not None]
    recalls = [r for r in (c.recall for c in counts) if r is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1, len(counts))


# --- wcxb metric ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WordScore:
    """Word-multiset precision, recall and F1 of one page (the wcxb way)."""

    precision: float
    recall: float
    f1: float


def word_score(truth: str, predicted: str) -> WordScore:
    """Lower-case `\\w+` words as multisets; an empty reference scores 1 only against an empty output."""
    expected = Counter(_TOKEN.findall(truth.lower()))
    got = Counter(_TOKEN.findall(predicted.lower()))
    if not expected:
        return WordScore(1.0, 1.0, 1.0) if not got else WordScore(0.0, 0.0, 0.0)
    if not got:
        return WordScore(0.0, 0.0, 0.0)
    overlap = sum((expected & got).values())
    precision = overlap / sum(got.values())
    recall = overlap / sum(expected.values())
    f1 = 2 * precision * recall / (precision + recall) if overlap else 0.0
    return WordScore(precision, recall, f1)


def fold(text: str) -> str:
    """Whitespace collapsed and case folded, for metadata comparison."""
    return _SPACES.sub(" ", text).strip().casefold()


def title_matches(truth: str, found: str) -> bool:
    return fold(truth) == fold(found)


def author_matches(truth: str, found: Sequence[str]) -> bool:
    """Any found author equals the truth or one of the names the truth lists."""
    names = {fold(truth)} | {fold(part) for part in _AUTHOR_SPLIT.split(truth) if part.strip()}
    return any(fold(author) in names for author in found)


def date_matches(truth: str, found: str) -> bool:
    return bool(found) and truth[:10] == found[:10]


@dataclass(slots=True)
class MetadataTally:
    """Matches and totals of title, author and date over the pages whose truth has the field."""

    matched: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)

    def add(self, page: Page, title: str, authors: Sequence[str], published: str) -> None:
        if page.title:
            self.total["title"] += 1
            self.matched["title"] += title_matches(page.title, title)
        if page.author:
            self.total["author"] += 1
            self.matched["author"] += author_matches(page.author, authors)
        if page.published:
            self.total["date"] += 1
            self.matched["date"] += date_matches(page.published, published)

    def rate(self, name: str) -> float:
        return self.matched[name] / self.total[name] if self.total[name] else 0.0


def iter_chunks(items: Sequence[Page], size: int) -> Iterator[Sequence[Page]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
