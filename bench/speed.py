"""Single-process speed benchmark: pagewash's pipeline against jusText, trafilatura and a bare lxml parse.

Run from the repository root (or via `make bench`):

    .venv/bin/python bench/speed.py                 # 181 AEB pages, HTML and text tracks, 7 passes
    .venv/bin/python bench/speed.py --limit 20 --passes 3      # a quick look while developing

Every contender runs over the same pages in the same process; passes are interleaved (each pass runs
every contender once, in a rotated order) and the median pass is reported, so a noisy neighbour slows
every contender alike instead of one. Peak RSS is measured in a fresh child process per contender, so
one library's allocations never show up in another's figure. The per-stage profile comes from a
separate, instrumented pass: the stage functions `pipeline/document.py` calls are wrapped with timers
in this process only (the pipeline itself is not changed), and each stage is charged its own time
only (time spent in a nested stage goes to that stage).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import gzip
import html
import importlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_AEB_DIR = REPO_ROOT.parent / "shared" / "datasets" / "article-extraction-benchmark"

# The targets: pagewash pages/s divided by the baseline's pages/s, on the same pages.
TARGETS: tuple[tuple[str, float], ...] = (("trafilatura", 4.0), ("justext", 3.0))

Extractor = Callable[[Any], object]


# --- the pages ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Page:
    """One page of a track: the bytes pagewash receives and the inputs each baseline is given."""

    page_id: str
    content: bytes  # what pagewash.normalize() and justext get (bytes as fetched / as dumped)
    markup: str  # what trafilatura gets: the page as str (for the text track, lines wrapped in <p>)
    markup_bytes: bytes  # what lxml / selectolax get


def aeb_dir() -> Path:
    """The AEB dataset directory: $PAGEWASH_AEB_DIR, else ../shared/datasets/... beside the repo."""
    configured = os.environ.get("PAGEWASH_AEB_DIR")
    return Path(configured) if configured else DEFAULT_AEB_DIR


def lines_as_html(text: str) -> str:
    """A text dump as HTML with one <p> per non-empty line: how a line-based extractor would be fed it."""
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.splitlines() if line.strip())
    return f"<html><head><meta charset='utf-8'></head><body>\n{body}</body></html>"


def load_pages(track: str, limit: int | None = None, directory: Path | None = None) -> list[Page]:
    """The pages of one track ("html" or "text"), sorted by id, at most `limit` of them."""
    root = directory or aeb_dir()
    if track == "html":
        paths = sorted((root / "html").glob("*.html.gz"))
    elif track == "text":
        paths = sorted((root / "text").glob("*.txt"))
    else:
        raise ValueError(f"unknown track {track!r}")
    if not paths:
        raise FileNotFoundError(f"no {track} pages under {root} (set PAGEWASH_AEB_DIR)")
    pages: list[Page] = []
    for path in paths[:limit] if limit else paths:
        if track == "html":
            raw = gzip.decompress(path.read_bytes())
            # trafilatura is handed an already decoded str (decoding is not charged to it).
            markup = raw.decode("utf-8", errors="replace")
            pages.append(Page(path.name.split(".")[0], raw, markup, raw))
        else:
            raw = path.read_bytes()
            markup = lines_as_html(raw.decode("utf-8", errors="replace"))
            pages.append(Page(path.stem, raw, markup, markup.encode("utf-8")))
    return pages


# --- the contenders ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Contender:
    """A named extractor: `make(track)` imports what it needs and returns a function of one Page."""

    name: str
    label: str
    make: Callable[[str], Callable[[Page], object]]


def _make_pagewash(track: str) -> Callable[[Page], object]:
    from pagewash_server.pipeline import normalize

    fmt = "html" if track == "html" else "text"
    return lambda page: normalize(page.content, format=fmt)


def _make_justext(track: str) -> Callable[[Page], object]:
    import justext

    # Loaded once: get_stoplist() re-reads its file on every call, which is not what we measure.
    stoplist = justext.get_stoplist("English")
    if track == "html":
        return lambda page: justext.justext(page.content, stoplist)
    return lambda page: justext.justext(page.markup_bytes, stoplist, encoding="utf-8")


def _make_trafilatura(track: str) -> Callable[[Page], object]:
    import trafilatura

    return lambda page: trafilatura.extract(page.markup)


def _make_lxml(track: str) -> Callable[[Page], object]:
    import lxml.html

    return lambda page: lxml.html.fromstring(page.markup_bytes).text_content()  # type: ignore[attr-defined]


def _make_lexbor(track: str) -> Callable[[Page], object]:
    from selectolax.lexbor import LexborHTMLParser

    def extract(page: Page) -> object:
        body = LexborHTMLParser(page.markup_bytes).body
        return body.text() if body is not None else ""

    return extract


CONTENDERS: tuple[Contender, ...] = (
    Contender("pagewash", "pagewash pipeline (in-process)", _make_pagewash),
    Contender("justext", "justext.justext() English", _make_justext),
    Contender("trafilatura", "trafilatura.extract() defaults", _make_trafilatura),
    Contender("lxml", "lxml fromstring+text_content", _make_lxml),
    Contender("lexbor", "selectolax lexbor parse+text", _make_lexbor),
)
CONTENDER_BY_NAME = {c.name: c for c in CONTENDERS}


def import_problem(name: str) -> str:
    """Why the contender's library does not import here ("" when it does; selectolax is optional)."""
    module = {"pagewash": "pagewash_server.pipeline", "lexbor": "selectolax.lexbor"}.get(name, name)
    try:
        importlib.import_module(module)
    except ImportError as exc:
        return f"{type(exc).__name__}: {exc}"
    return ""


# --- timing ------------------------------------------------------------------------------------------
@dataclass(slots=True)
class Timing:
    """The passes of one contender on one track."""

    name: str
    pass_seconds: list[float] = field(default_factory=list)
    pass_cpu_seconds: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""

    def pages_per_second(self, pages: int) -> float:
        median = statistics.median(self.pass_seconds)
        return pages / median if median > 0 else float("inf")

    def cpu_ms_per_page(self, pages: int) -> float:
        return 1000 * statistics.median(self.pass_cpu_seconds) / pages


def run_pass(extract: Callable[[Page], object], pages: list[Page], timing: Timing) -> None:
    """Run one contender over every page once and record the pass time (a failing page is counted)."""
    gc.collect()
    clock = time.perf_counter
    cpu_started = time.process_time()
    started = clock()
    for page in pages:
        try:
            extract(page)
        except Exception as exc:  # a baseline that fails a page still paid for it; count, don't stop
            timing.errors += 1
            if not timing.first_error:
                timing.first_error = f"{page.page_id}: {type(exc).__name__}: {exc}"[:200]
    timing.pass_seconds.append(clock() - started)
    timing.pass_cpu_seconds.append(time.process_time() - cpu_started)


def time_track(
    names: list[str], pages: list[Page], track: str, passes: int, warmup: int
) -> dict[str, Timing]:
    """Interleaved passes: every pass runs each contender once, the order rotated from pass to pass."""
    extractors = {name: CONTENDER_BY_NAME[name].make(track) for name in names}
    for name in names:  # warm-up: imports, lazy tables, stoplists, first-call caches
        scratch = Timing(name)
        run_pass(extractors[name], pages[:warmup], scratch)
    timings = {name: Timing(name) for name in names}
    for index in range(passes):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            run_pass(extractors[name], pages, timings[name])
    return timings


# --- peak RSS in a fresh child process ---------------------------------------------------------------
def maxrss_mib() -> float:
    """This process's peak resident set size in MiB.

    Linux keeps ru_maxrss across execve(), so a child forked from a big parent would report the
    parent's peak; VmHWM in /proc/self/status belongs to the new program's memory only.
    """
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def rss_child_main(name: str, track: str, limit: int | None) -> None:
    """In a fresh process: peak RSS after importing the contender, and after one pass over the pages."""
    pages = load_pages(track, limit)
    baseline = maxrss_mib()
    extract = CONTENDER_BY_NAME[name].make(track)
    imported = maxrss_mib()
    timing = Timing(name)
    run_pass(extract, pages, timing)
    print(json.dumps({"data": baseline, "imported": imported, "peak": maxrss_mib(), "errors": timing.errors}))


def measure_rss(name: str, track: str, limit: int | None) -> dict[str, float] | None:
    """Run `rss_child_main` in a child process; None when it fails (the reason goes to stderr)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--rss-child", name, "--track", track]
    if limit:
        command += ["--limit", str(limit)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    if done.returncode != 0:
        print(f"  (RSS child for {name} failed: {done.stderr.strip()[-300:]})", file=sys.stderr)
        return None
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# --- per-stage profile -------------------------------------------------------------------------------
# (stage, module under pagewash_server.pipeline, function names). Missing names are skipped, so the
# table can list helpers a stage module may or may not split out.
STAGES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("decode", "decode", ("decode",)),
    ("parse", "blocks_html", ("parse_html",)),
    ("prune+walk (blocks)", "blocks_html", ("html_blocks", "pruned_counts")),
    ("prune+walk (blocks)", "blocks_text", ("text_blocks",)),
    ("classify", "classify", ("classify",)),
    ("chrome", "chrome", ("apply_chrome_rules",)),
    ("repair", "repair", ("needs_document_repair", "repair_text")),
    ("language", "language", ("detect_language", "stoplist")),
    ("metadata", "metadata", ("html_metadata", "merge")),
    ("fingerprint", "fingerprint", ("sha256_hex", "simhash64")),
)
OTHER_STAGE = "other (orchestration, results)"


class StageClock:
    """Exclusive time per stage: a stage called from inside another is charged to itself only."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._stack: list[list[float]] = []  # per open call: [started, time spent in nested stages]

    def wrap(self, stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        # CPU time of this process: a busy neighbour on the machine does not inflate a stage.
        clock = time.process_time
        stack = self._stack

        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            frame = [clock(), 0.0]
            stack.append(frame)
            try:
                return function(*args, **kwargs)
            finally:
                stack.pop()
                elapsed = clock() - frame[0]
                self.seconds[stage] = self.seconds.get(stage, 0.0) + elapsed - frame[1]
                self.calls[stage] = self.calls.get(stage, 0) + 1
                if stack:
                    stack[-1][1] += elapsed

        return timed


@contextlib.contextmanager
def instrumented(clock: StageClock) -> Iterator[list[str]]:
    """Wrap the stage functions on their modules for the duration; yields the names that were wrapped."""
    originals: list[tuple[object, str, object]] = []
    wrapped: list[str] = []
    try:
        for stage, module_name, functions in STAGES:
            try:
                module = importlib.import_module(f"pagewash_server.pipeline.{module_name}")
            except ImportError:
                continue
            for function_name in functions:
                original = getattr(module, function_name, None)
                if not callable(original):
                    continue
                originals.append((module, function_name, original))
                setattr(module, function_name, clock.wrap(stage, original))
                wrapped.append(f"{module_name}.{function_name}")
        yield wrapped
    finally:
        for owner, function_name, original in reversed(originals):
            setattr(owner, function_name, original)


def print_hot_functions(pages: list[Page], track: str, count: int) -> None:
    """cProfile of one pagewash pass: the `count` functions with the most own time (for tuning work)."""
    import cProfile
    import pstats

    extract = _make_pagewash(track)
    profiler = cProfile.Profile()
    profiler.enable()
    for page in pages:
        with contextlib.suppress(Exception):
            extract(page)
    profiler.disable()
    print(
        f"\npagewash hot functions, {track.upper()} track (cProfile, one pass; its overhead inflates calls)"
    )
    pstats.Stats(profiler, stream=sys.stdout).strip_dirs().sort_stats("tottime").print_stats(count)


def profile_stages(pages: list[Page], track: str, passes: int) -> tuple[StageClock, float, list[str]]:
    """Instrumented passes of the pipeline: stage clock, total CPU seconds per pass, wrapped functions."""
    extract = _make_pagewash(track)
    clock = StageClock()
    totals: list[float] = []
    with instrumented(clock) as wrapped:
        for _ in range(passes):
            timing = Timing("pagewash")
            run_pass(extract, pages, timing)
            totals.append(timing.pass_cpu_seconds[0])
    return clock, sum(totals) / len(totals), wrapped


# --- report ------------------------------------------------------------------------------------------
def machine_line() -> str:
    """CPU model, core count, load average and Python version, for the header of the report."""
    model = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{model}; {os.cpu_count()} cores; load average {load}; Python {platform.python_version()}"


def git_revision() -> str:
    """The checked-out commit (with "+dirty" when the tree has changes), or "unknown"."""
    try:
        head = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


def print_track(
    track: str,
    pages: list[Page],
    passes: int,
    timings: dict[str, Timing],
    rss: dict[str, dict[str, float] | None],
) -> dict[str, Any]:
    """Print one track's table and target lines; return the same figures for --json."""
    count = len(pages)
    rates = {name: t.pages_per_second(count) for name, t in timings.items()}
    reference = rates.get("pagewash")
    cpu_reference = timings["pagewash"].cpu_ms_per_page(count) if "pagewash" in timings else 0.0
    print(f"\n{track.upper()} track: {count} pages, {passes} interleaved passes, median pass")
    header = (
        f"{'contender':34} {'pages/s':>9} {'ms/page':>9} {'pagewash ×':>11} {'spread':>8} "
        f"{'CPU ms/page':>12} {'CPU ×':>7} {'peak RSS':>9}"
    )
    print(header)
    print("-" * len(header))
    rows: dict[str, Any] = {}
    for name, timing in timings.items():
        rate = rates[name]
        ms = 1000.0 / rate if rate else float("nan")
        speedup = f"{reference / rate:10.2f}×" if reference and rate else f"{'-':>11}"
        # The pass-to-pass spread (max/min - 1) says how far the median can be trusted on this machine.
        spread = max(timing.pass_seconds) / min(timing.pass_seconds) - 1.0
        cpu_ms = timing.cpu_ms_per_page(count)
        cpu_ratio = f"{cpu_ms / cpu_reference:6.2f}×" if cpu_reference else f"{'-':>7}"
        child = rss.get(name)
        peak = f"{child['peak']:7.1f}Mi" if child else f"{'-':>9}"
        errors = f"  ({timing.errors} errors; first: {timing.first_error})" if timing.errors else ""
        print(
            f"{CONTENDER_BY_NAME[name].label:34} {rate:9.1f} {ms:9.2f} {speedup} {spread:7.1%} "
            f"{cpu_ms:12.2f} {cpu_ratio} {peak}{errors}"
        )
        rows[name] = {
            "pages_per_s": rate,
            "ms_per_page": ms,
            "pass_seconds": timing.pass_seconds,
            "cpu_ms_per_page": cpu_ms,
            "errors": timing.errors,
            "rss_mib": child,
        }
    if any(max(t.pass_seconds) / min(t.pass_seconds) > 1.2 for t in timings.values()):
        print(
            "warning: passes differ by more than 20%: the machine is busy and these ratios are not reliable"
        )
    targets: dict[str, Any] = {}
    if reference:
        for name, wanted in TARGETS:
            if name in rates:
                ratio = reference / rates[name]
                verdict = "PASS" if ratio >= wanted else "FAIL"
                cpu_ratio_of = timings[name].cpu_ms_per_page(count) / cpu_reference
                print(
                    f"target: pagewash ≥ {wanted:.0f}× {CONTENDER_BY_NAME[name].label}: "
                    f"{ratio:.2f}× {verdict} (in CPU time: {cpu_ratio_of:.2f}×)"
                )
                targets[name] = {"wanted": wanted, "ratio": ratio, "pass": ratio >= wanted}
    floors = [child["data"] for child in rss.values() if child]
    floor = f"; Python with the pages loaded alone: {min(floors):.1f} MiB" if floors else ""
    print(
        "peak RSS: high-water RSS (VmHWM) of a fresh child that imported one contender and ran "
        f"one pass{floor}"
    )
    return {"pages": count, "passes": passes, "contenders": rows, "targets": targets}


def print_profile(
    track: str, clock: StageClock, total: float, count: int, wrapped: list[str]
) -> dict[str, Any]:
    """Print the per-stage breakdown of one instrumented pass; return it for --json."""
    print(
        f"\npagewash per-stage profile, {track.upper()} track "
        f"({count} pages, instrumented pass, exclusive time)"
    )
    header = f"{'stage':34} {'ms/page':>9} {'share':>7} {'calls/page':>11}"
    print(header)
    print("-" * len(header))
    accounted = 0.0
    stages: dict[str, Any] = {}
    order = list(dict.fromkeys(stage for stage, _, _ in STAGES))
    for stage in order:
        if stage not in clock.seconds:
            continue
        seconds = clock.seconds[stage]
        accounted += seconds
        calls = clock.calls[stage] / count
        print(f"{stage:34} {1000 * seconds / count:9.3f} {seconds / total:7.1%} {calls:11.1f}")
        stages[stage] = {
            "ms_per_page": 1000 * seconds / count,
            "share": seconds / total,
            "calls_per_page": calls,
        }
    other = max(total - accounted, 0.0)
    print(f"{OTHER_STAGE:34} {1000 * other / count:9.3f} {other / total:7.1%}")
    print(f"{'total (instrumented)':34} {1000 * total / count:9.3f} {1.0:7.1%}")
    stages[OTHER_STAGE] = {"ms_per_page": 1000 * other / count, "share": other / total}
    missing = [f"{m}.{f}" for _, m, fs in STAGES for f in fs if f"{m}.{f}" not in wrapped]
    if missing:
        print(f"(not found, not timed: {', '.join(missing)})")
    return {"total_ms_per_page": 1000 * total / count, "stages": stages}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--passes", type=int, default=7, help="interleaved timed passes (median reported)")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N pages of each track")
    parser.add_argument("--track", choices=("html", "text", "both"), default="both")
    parser.add_argument(
        "--contenders",
        default=",".join(c.name for c in CONTENDERS),
        help="comma-separated subset of: " + ", ".join(c.name for c in CONTENDERS),
    )
    parser.add_argument("--warmup", type=int, default=10, help="pages run untimed per contender first")
    parser.add_argument(
        "--profile-passes", type=int, default=1, help="instrumented passes for the stage profile"
    )
    parser.add_argument("--no-rss", action="store_true", help="skip the per-contender RSS child processes")
    parser.add_argument("--no-profile", action="store_true", help="skip the per-stage profile")
    parser.add_argument(
        "--hot", type=int, default=0, metavar="N", help="also print pagewash's N hottest functions (cProfile)"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target line says FAIL")
    parser.add_argument("--rss-child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    track_names = ["html", "text"] if args.track == "both" else [args.track]
    if args.rss_child:
        rss_child_main(args.rss_child, track_names[0], args.limit)
        return 0

    names = [n for n in args.contenders.split(",") if n]
    unknown = [n for n in names if n not in CONTENDER_BY_NAME]
    if unknown:
        parser.error(f"unknown contenders: {', '.join(unknown)}")
    problems = {n: import_problem(n) for n in names}
    skipped = {n: problem for n, problem in problems.items() if problem}
    names = [n for n in names if n not in skipped]
    print(f"pagewash speed benchmark — commit {git_revision()}")
    print(f"machine: {machine_line()}")
    print(f"dataset: {aeb_dir()}")
    for name, problem in skipped.items():
        print(f"skipped {name}: it does not import ({problem})")

    report: dict[str, Any] = {"commit": git_revision(), "machine": machine_line(), "tracks": {}}
    failed = False
    for track in track_names:
        pages = load_pages(track, args.limit)
        timings = time_track(names, pages, track, args.passes, args.warmup)
        rss = {name: None if args.no_rss else measure_rss(name, track, args.limit) for name in names}
        figures = print_track(track, pages, args.passes, timings, rss)
        failed |= any(not t["pass"] for t in figures["targets"].values())
        if "pagewash" in names and not args.no_profile:
            clock, total, wrapped = profile_stages(pages, track, args.profile_passes)
            figures["profile"] = print_profile(track, clock, total, len(pages), wrapped)
            plain = figures["contenders"]["pagewash"]["cpu_ms_per_page"]
            print(
                f"(stages are CPU time; instrumentation overhead: {1000 * total / len(pages) - plain:+.3f} "
                "ms/page vs the timed median's CPU time)"
            )
        if "pagewash" in names and args.hot:
            print_hot_functions(pages, track, args.hot)
        report["tracks"][track] = figures
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    if "pagewash" in skipped:
        return 2  # the baselines alone are not the benchmark
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
