"""Quality benchmark: pagewash against the article-extraction-benchmark and wcxb-dev, with their own metrics.

    python bench/quality.py [--aeb DIR] [--wcxb DIR] [--track html|text|all] [--limit N]
                            [--worst 10] [--json out.json] [--baselines] [--processes 2]

AEB: 4-token shingles, precision and recall averaged over pages, F1 their harmonic mean.
wcxb: lower-case word multisets, precision/recall/F1 per page averaged, per page type; plus the share
of pages whose title, author and date match the truth.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from datasets import (
    Counts,
    MetadataTally,
    Page,
    Score,
    WordScore,
    aeb_dir,
    average_score,
    dataset_present,
    load_aeb,
    load_wcxb,
    shingle_counts,
    wcxb_dir,
    word_score,
)

TRACKS = ("html", "text")
EXTRACTORS = ("pagewash", "justext", "trafilatura")
MAX_PROCESSES = 2


@dataclass(frozen=True, slots=True)
class Extraction:
    """What one extractor produced for one page (metadata from pagewash and trafilatura)."""

    text: str
    title: str = ""
    authors: tuple[str, ...] = ()
    published: str = ""


def _read(page: Page, track: str) -> bytes:
    return page.html_bytes() if track == "html" else page.text_bytes()


def extract_pagewash(page: Page, track: str) -> Extraction:
    from pagewash_server.pipeline import normalize

    document = normalize(_read(page, track), url=page.url, format=track)
    meta = document.metadata
    return Extraction(document.text, meta.title, meta.authors, meta.published)


def extract_justext(page: Page, track: str) -> Extraction:
    """jusText alone with the English stoplist (each line a paragraph on the text track)."""
    import justext
    from justext.core import classify_paragraphs, revise_paragraph_classification
    from justext.paragraph import Paragraph

    stoplist = _english_stoplist()
    if track == "html":
        paragraphs = justext.justext(_decode(page.html_bytes()), stoplist)
    else:
        paragraphs = []
        for line in page.text_bytes().decode("utf-8", "replace").splitlines():
            if line.strip():
                paragraph = Paragraph(justext.core.PathInfo().append("p"))
                paragraph.append_text(line)
                paragraphs.append(paragraph)
        classify_paragraphs(paragraphs, stoplist)
        revise_paragraph_classification(paragraphs)
    return Extraction("\n\n".join(p.text for p in paragraphs if not p.is_boilerplate))


def extract_trafilatura(page: Page, track: str) -> Extraction:
    """trafilatura.extract() with default settings for the text; on pages whose truth has metadata, its
    metadata from bare_extraction(with_metadata=True), as the wcxb README measured it."""
    import trafilatura

    if track != "html":
        return Extraction(page.text_bytes().decode("utf-8", "replace"))
    html = _decode(page.html_bytes())
    text = trafilatura.extract(html) or ""
    if not (page.title or page.author or page.published):
        return Extraction(text)
    found = trafilatura.bare_extraction(html, url=page.url or None, with_metadata=True)
    if found is None:
        return Extraction(text)
    meta = found if isinstance(found, dict) else found.as_dict()
    authors = tuple(a.strip() for a in (meta.get("author") or "").split(";") if a.strip())
    return Extraction(text, meta.get("title") or "", authors, meta.get("date") or "")


_STOPLIST: list[frozenset[str]] = []


def _english_stoplist() -> frozenset[str]:
    if not _STOPLIST:
        import justext

        _STOPLIST.append(justext.get_stoplist("English"))
    return _STOPLIST[0]


def _decode(content: bytes) -> str:
    from pagewash_server.pipeline import decode

    return decode.decode(content).text


EXTRACTOR_FUNCTIONS: dict[str, Callable[[Page, str], Extraction]] = {
    "pagewash": extract_pagewash,
    "justext": extract_justext,
    "trafilatura": extract_trafilatura,
}


@dataclass(frozen=True, slots=True)
class PageResult:
    """One page scored: AEB counts or wcxb word scores, and the metadata found."""

    dataset: str
    extractor: str
    track: str
    page_id: str
    page_type: str
    counts: Counts | None
    words: WordScore | None
    extraction: Extraction


def _run_one(job: tuple[str, str, str, Page]) -> PageResult:
    dataset, extractor, track, page = job
    try:
        extraction = EXTRACTOR_FUNCTIONS[extractor](page, track)
    except Exception as exc:  # a crash on one page scores that page empty and is reported
        print(f"  ! {extractor} {track} {page.id}: {type(exc).__name__}: {exc}", file=sys.stderr)
        extraction = Extraction("")
    if dataset == "aeb":
        return PageResult(
            dataset,
            extractor,
            track,
            page.id,
            page.page_type,
            shingle_counts(page.body, extraction.text),
            None,
            extraction,
        )
    return PageResult(
        dataset,
        extractor,
        track,
        page.id,
        page.page_type,
        None,
        word_score(page.body, extraction.text),
        extraction,
    )


def run_jobs(jobs: Sequence[tuple[str, str, str, Page]], processes: int = MAX_PROCESSES) -> list[PageResult]:
    """Run the jobs on at most two processes (the machine is shared), in order."""
    processes = max(1, min(processes, MAX_PROCESSES))
    if processes == 1:
        return [_run_one(job) for job in jobs]
    with Pool(processes) as pool:
        return pool.map(_run_one, jobs, chunksize=4)


def aeb_scores(
    directory: Path, tracks: Sequence[str] = TRACKS, limit: int = 0, processes: int = MAX_PROCESSES
) -> dict[str, Score]:
    """pagewash's AEB score per track (used by the quality floor test)."""
    pages = load_aeb(directory, limit)
    results = run_jobs([("aeb", "pagewash", track, page) for track in tracks for page in pages], processes)
    return {
        track: average_score([r.counts for r in results if r.track == track and r.counts is not None])
        for track in tracks
    }


@dataclass(frozen=True, slots=True)
class WordSummary:
    pages: int
    precision: float
    recall: float
    f1: float


def _summarize_words(scores: Sequence[WordScore]) -> WordSummary:
    n = len(scores)
    if not n:
        return WordSummary(0, 0.0, 0.0, 0.0)
    return WordSummary(
        n,
        sum(s.precision for s in scores) / n,
        sum(s.recall for s in scores) / n,
        sum(s.f1 for s in scores) / n,
    )


def wcxb_summary(
    rows: Sequence[PageResult], pages_by_id: dict[str, Page]
) -> tuple[dict[str, WordSummary], dict[str, float]]:
    """Word P/R/F1 per page type ("ALL" included) and the title/author/date match rates of one
    extractor's results on one track."""
    by_type: dict[str, list[WordScore]] = defaultdict(list)
    tally = MetadataTally()
    for r in rows:
        assert r.words is not None
        by_type["ALL"].append(r.words)
        by_type[r.page_type].append(r.words)
        e = r.extraction
        tally.add(pages_by_id[r.page_id], e.title, e.authors, e.published)
    summaries = {page_type: _summarize_words(scores) for page_type, scores in by_type.items()}
    return summaries, {name: tally.rate(name) for name in ("title", "author", "date")}


def wcxb_scores(
    directory: Path, tracks: Sequence[str] = TRACKS, limit: int = 0, processes: int = MAX_PROCESSES
) -> dict[str, tuple[dict[str, WordSummary], dict[str, float]]]:
    """pagewash's wcxb-dev summaries per track (used by the quality floor test)."""
    pages = load_wcxb(directory, limit)
    results = run_jobs([("wcxb", "pagewash", track, page) for track in tracks for page in pages], processes)
    pages_by_id = {page.id: page for page in pages}
    return {track: wcxb_summary([r for r in results if r.track == track], pages_by_id) for track in tracks}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--aeb", help="article-extraction-benchmark directory ($PAGEWASH_AEB_DIR)")
    parser.add_argument("--wcxb", help="wcxb-dev directory ($PAGEWASH_WCXB_DIR)")
    parser.add_argument("--track", choices=("html", "text", "all"), default="all")
    parser.add_argument("--dataset", choices=("aeb", "wcxb", "all"), default="all")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages of each dataset")
    parser.add_argument("--worst", type=int, default=10, help="list the N worst AEB pages per track")
    parser.add_argument("--json", help="write every figure (and per-page scores) to this file")
    parser.add_argument("--baselines", action="store_true", help="also run jusText alone and trafilatura")
    parser.add_argument("--processes", type=int, default=MAX_PROCESSES)
    args = parser.parse_args(argv)

    tracks = TRACKS if args.track == "all" else (args.track,)
    extractors = EXTRACTORS if args.baselines else ("pagewash",)
    jobs: list[tuple[str, str, str, Page]] = []
    datasets: list[str] = []
    sources = (
        ("aeb", "article-extraction-benchmark", aeb_dir(args.aeb), load_aeb),
        ("wcxb", "wcxb-dev", wcxb_dir(args.wcxb), load_wcxb),
    )
    for name, label, directory, load in sources:
        if args.dataset not in (name, "all"):
            continue
        if not dataset_present(directory):
            print(f"{label} not found at {directory}; skipped", file=sys.stderr)
            continue
        datasets.append(name)
        pages = load(directory, args.limit)
        jobs += [(name, e, t, p) for e in extractors for t in tracks for p in pages]
    if not jobs:
        return 2

    results = run_jobs(jobs, args.processes)
    report: dict[str, object] = {}

    if "aeb" in datasets:
        print("\narticle-extraction-benchmark (shingle P/R averaged over pages, F1 of the averages)")
        print(f"  {'extractor':12s} {'track':5s} {'pages':>5s} {'P':>6s} {'R':>6s} {'F1':>6s}")
        for extractor in extractors:
            for track in tracks:
                rows = [
                    r for r in results if r.dataset == "aeb" and r.extractor == extractor and r.track == track
                ]
                score = average_score([r.counts for r in rows if r.counts is not None])
                print(
                    f"  {extractor:12s} {track:5s} {score.pages:5d} "
                    f"{score.precision:6.3f} {score.recall:6.3f} {score.f1:6.3f}"
                )
                report[f"aeb/{extractor}/{track}"] = asdict(score)
                if extractor == "pagewash":
                    report[f"aeb/{extractor}/{track}/pages"] = {
                        r.page_id: r.counts.f1 for r in rows if r.counts is not None
                    }
        for track in tracks:
            rows = [
                r for r in results if r.dataset == "aeb" and r.extractor == "pagewash" and r.track == track
            ]
            worst = sorted(rows, key=lambda r: r.counts.f1 if r.counts else 0.0)[: args.worst]
            if worst:
                print(f"  worst pagewash {track} pages:")
            for r in worst:
                assert r.counts is not None
                p, rc = r.counts.precision, r.counts.recall
                print(
                    f"    {r.page_id[:16]}  F1 {r.counts.f1:.3f}  "
                    f"P {'-' if p is None else f'{p:.3f}'}  R {'-' if rc is None else f'{rc:.3f}'}"
                )

    if "wcxb" in datasets:
        print("\nwcxb-dev (word P/R/F1 per page, averaged; metadata match rates)")
        pages_by_id = {p.id: p for p in load_wcxb(wcxb_dir(args.wcxb), args.limit)}
        for extractor in extractors:
            for track in tracks:
                rows = [
                    r
                    for r in results
                    if r.dataset == "wcxb" and r.extractor == extractor and r.track == track
                ]
                summaries, rates = wcxb_summary(rows, pages_by_id)
                print(f"  {extractor} {track}:")
                print(f"    {'type':14s} {'pages':>5s} {'P':>6s} {'R':>6s} {'F1':>6s}")
                for page_type in sorted(summaries, key=lambda t: (t != "ALL", t)):
                    s = summaries[page_type]
                    print(f"    {page_type:14s} {s.pages:5d} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}")
                    report[f"wcxb/{extractor}/{track}/{page_type}"] = asdict(s)
                if extractor == "pagewash" or (extractor == "trafilatura" and track == "html"):
                    print("    metadata: " + "  ".join(f"{k} {v:.3f}" for k, v in rates.items()))
                    report[f"wcxb/{extractor}/{track}/metadata"] = rates

    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
