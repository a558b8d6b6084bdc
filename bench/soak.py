"""Soak test: mixed good and bad documents over several streams against a real server, checked and timed.

Run from the repository root (or via `make soak`):

    .venv/bin/python bench/soak.py                  # 10 minutes, 2 workers, 4 streams + 1 unary caller
    .venv/bin/python bench/soak.py --duration 120   # a 2-minute check

Loopback only: the server is `pagewash-server --listen 127.0.0.1:PORT --workers N` started here. Good
documents are the AEB HTML pages ($PAGEWASH_AEB_DIR, default ../shared/datasets/article-extraction-benchmark;
generated article pages when it is absent); bad ones are empty, binary, oversized, carry bad options or an
unknown language, or are pathological HTML (deep nesting, entity floods, huge attributes, a flood of tiny
elements, script only). Every stream is a fresh `NormalizeStream` call of --stream-docs documents; the
streams run back to back until --duration is over.

Checks (any failure makes the exit status 1):
- every id sent is answered exactly once (none missing, none twice, none unknown);
- no good document gets an error; each bad kind gets its own status (pathological pages: a document or a
  non-retryable error, never a crash);
- the server is still SERVING at the end and exits 0 on SIGTERM;
- RSS is flat: the median of the last quarter of the samples taken after the warm-up is within 15% of the
  median of the first quarter, for the front process and for the workers (their mean, since a worker is
  recycled every --max-docs-per-worker pages); the peaks are printed beside them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from pagewash import AsyncClient, Options, Request, Result, errors
from pagewash.types import ErrorInfo

REPO_ROOT = Path(__file__).resolve().parent.parent
AEB_DEFAULT = REPO_ROOT.parent / "shared" / "datasets" / "article-extraction-benchmark"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
MIB = 1024 * 1024
FLAT_TOLERANCE = 0.15
# The first line of /etc/passwd: a page that declares it as an external entity must never get it back.
LOCAL_FILE_MARK = "root:x:0:0"
GENERATED_WORDS = (
    "the committee met on tuesday to discuss budget for coming year residents said that new bus line "
    "would make it easier reach hospital council voted build school district after long debate"
)
MAX_CONTENT_BYTES = 2_000_000
MAX_MESSAGE_BYTES = 8_000_000

# Each bad kind and the statuses it may get ("OK": a document). Pathological pages must be answered, by a
# document or an error that names the page (never a crash: INTERNAL, UNAVAILABLE).
ALLOWED: dict[str, frozenset[str]] = {
    "good": frozenset({"OK"}),
    "empty": frozenset({"INVALID_ARGUMENT"}),
    "bad-options": frozenset({"INVALID_ARGUMENT"}),
    "bad-language": frozenset({"INVALID_ARGUMENT"}),
    "oversized": frozenset({"RESOURCE_EXHAUSTED"}),
    "binary": frozenset({"OK", "INVALID_ARGUMENT"}),
    "pathological": frozenset({"OK", "INVALID_ARGUMENT", "RESOURCE_EXHAUSTED", "DEADLINE_EXCEEDED"}),
}


# --- the documents ---------------------------------------------------------------------------------


def good_pages(directory: Path) -> tuple[list[bytes], str]:
    """The AEB HTML pages, or generated article pages when the dataset is absent; and where they came from."""
    paths = sorted((directory / "html").glob("*.html.gz"))
    if paths:
        return [gzip.decompress(path.read_bytes()) for path in paths], f"{len(paths)} AEB pages ({directory})"
    rng = random.Random(1)
    words = GENERATED_WORDS.split()
    pages = []
    for index in range(60):
        paragraphs = "".join(
            "<p>" + " ".join(rng.choice(words) for _ in range(rng.randint(25, 80))).capitalize() + ".</p>"
            for _ in range(rng.randint(3, 20))
        )
        page = (
            f"<html lang='en'><head><title>Page {index}</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>Page {index}</h1>{paragraphs}</article><footer>Contact</footer></body></html>"
        )
        pages.append(page.encode())
    return pages, f"{len(pages)} generated pages (no dataset at {directory})"


def pathological_pages() -> list[bytes]:
    """Pages built to hurt a parser; each must still get an answer within the per-document limit."""
    prose = b"<p>The committee met on Tuesday to discuss the budget for the coming year in the town hall.</p>"
    return [
        b"<html><body>" + b"<div>" * 20_000 + prose + b"</div>" * 20_000 + b"</body></html>",
        b"<html><body>" + b"<span>" * 5_000 + prose,  # never closed
        b"<html><body><p>" + b"&amp;&lt;&#x41;&#1234;&nbsp;" * 50_000 + b"</p></body></html>",
        b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
        b"<html><body><p>&d;&d;&d;&d;&d;&d;&d;&d;</p>" + prose + b"</body></html>",
        b'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
        b"<html><body><p>&ext;</p>" + prose + b"</body></html>",
        b"<html><body><div title='" + b"x" * 1_000_000 + b"'>" + prose + b"</div></body></html>",
        b"<html><body>" + b"<i>a</i>" * 150_000 + b"</body></html>",
        b"<html><head><script>" + b"var a = 1;" * 20_000 + b"</script><style>p{}</style></head></html>",
        b"<html><body>" + prose * 3 + b"\x00\xff\xfe" * 1000 + b"</body></html>",
        "<html><body><p>".encode("utf-16")
        + "Привет, мир. 你好世界。 مرحبا بالعالم".encode("utf-16-le") * 500,
        b"<" * 200_000,
    ]


def binary_pages() -> list[bytes]:
    rng = random.Random(2)
    noise = bytes(rng.randrange(256) for _ in range(50_000))
    return [
        b"\x89PNG\r\n\x1a\n" + noise,
        gzip.compress(b"<html><body><p>compressed, not decoded</p></body></html>" * 200),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + noise,
        b"\x00" * 10_000,
    ]


@dataclass(slots=True)
class Mix:
    """Picks the next document: about one in five is bad, of a kind chosen at random."""

    good: list[bytes]
    source: str
    pathological: list[bytes] = field(default_factory=pathological_pages)
    binary: list[bytes] = field(default_factory=binary_pages)
    oversized: bytes = b"<p>" + b"word " * (MAX_CONTENT_BYTES // 5 + 100) + b"</p>"

    def pick(self, rng: random.Random, request_id: str) -> tuple[Request, str]:
        roll = rng.random()
        if roll < 0.80:
            return Request(id=request_id, content=rng.choice(self.good)), "good"
        if roll < 0.83:
            return Request(id=request_id, content=b""), "empty"
        if roll < 0.86:
            content = rng.choice(self.good)
            options = rng.choice(
                [
                    Options(length_low=-1),
                    Options(stopwords_low=0.9, stopwords_high=0.1),
                    Options(normalization="X"),
                ]
            )
            return Request(id=request_id, content=content, options=options), "bad-options"
        if roll < 0.88:
            return Request(id=request_id, content=rng.choice(self.good), language="zz"), "bad-language"
        if roll < 0.89:
            return Request(id=request_id, content=self.oversized), "oversized"
        if roll < 0.93:
            return Request(id=request_id, content=rng.choice(self.binary)), "binary"
        return Request(id=request_id, content=rng.choice(self.pathological)), "pathological"


# --- the ledger ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Ledger:
    """Every id sent with its kind, every answer seen, and what broke the rules."""

    sent: dict[str, str] = field(default_factory=dict)
    answers: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)
    violations: list[str] = field(default_factory=list)
    streams: int = 0
    unary_calls: int = 0

    def record(self, result: Result) -> None:
        self.answers[result.id] += 1
        kind = self.sent.get(result.id)
        if kind is None:
            self.violate(f"answer for an id never sent: {result.id!r}")
            return
        if self.answers[result.id] > 1:
            self.violate(f"{result.id} answered {self.answers[result.id]} times")
        code = "OK" if result.error is None else result.error.code
        if result.document is not None and LOCAL_FILE_MARK in result.document.text:
            self.violate(f"{result.id} ({kind}): a local file's content came out (external entity expanded)")
        self.outcomes[(kind, code)] += 1
        if code not in ALLOWED[kind]:
            message = "" if result.error is None else f": {result.error.message[:160]}"
            self.violate(f"{result.id} ({kind}) got {code}{message}")

    def violate(self, message: str) -> None:
        self.violations.append(message)
        if len(self.violations) <= 20:
            print(f"VIOLATION {message}", file=sys.stderr, flush=True)

    def missing(self) -> list[str]:
        return [request_id for request_id in self.sent if self.answers[request_id] == 0]


# --- the load --------------------------------------------------------------------------------------


async def stream_loop(
    client: AsyncClient, number: int, mix: Mix, ledger: Ledger, deadline: float, docs: int, window: int
) -> None:
    """Streams of `docs` documents, one after the other, until the deadline."""
    rng = random.Random(number)
    call = 0
    while time.monotonic() < deadline:
        call += 1
        ledger.streams += 1

        async def requests(prefix: str) -> AsyncIterator[Request]:
            for index in range(docs):
                if time.monotonic() >= deadline:
                    return
                request, kind = mix.pick(rng, f"{prefix}-{index}")
                ledger.sent[request.id] = kind
                yield request

        try:
            async for result in client.normalize_many(requests(f"s{number}.{call}"), window=window):
                ledger.record(result)
        except Exception as exc:
            ledger.violate(f"stream s{number}.{call} broke: {type(exc).__name__}: {exc}")
            await asyncio.sleep(1.0)


async def unary_loop(client: AsyncClient, mix: Mix, ledger: Ledger, deadline: float) -> None:
    """Single `Normalize` calls of the same mix, one at a time."""
    rng = random.Random(1000)
    index = 0
    while time.monotonic() < deadline:
        index += 1
        request, kind = mix.pick(rng, f"u-{index}")
        ledger.sent[request.id] = kind
        ledger.unary_calls += 1
        try:
            document = await client.normalize(
                request.content, language=request.language, options=request.options
            )
        except errors.PagewashError as exc:
            ledger.record(Result(id=request.id, error=ErrorInfo(code=exc.code, message=exc.message)))
        except Exception as exc:
            ledger.record(Result(id=request.id, error=ErrorInfo(code=type(exc).__name__, message=str(exc))))
        else:
            ledger.record(Result(id=request.id, document=document))


# --- memory ----------------------------------------------------------------------------------------


def rss_mib(pid: int) -> float:
    return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE / MIB


def worker_pids(server_pid: int) -> list[int]:
    """The server's worker processes (its children that run the multiprocessing spawn entry point)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
        if ppid == server_pid and b"multiprocessing" in command and b"resource_tracker" not in command:
            pids.append(int(entry.name))
    return sorted(pids)


@dataclass(slots=True)
class Sample:
    elapsed: float
    front_mib: float
    workers_mib: dict[int, float]
    documents: int


@dataclass(slots=True)
class Memory:
    samples: list[Sample] = field(default_factory=list)

    def take(self, server_pid: int, elapsed: float, documents: int) -> None:
        workers: dict[int, float] = {}
        for pid in worker_pids(server_pid):
            with contextlib.suppress(OSError, ValueError):
                workers[pid] = rss_mib(pid)
        with contextlib.suppress(OSError, ValueError):
            self.samples.append(Sample(elapsed, rss_mib(server_pid), workers, documents))


async def sample_loop(memory: Memory, server_pid: int, ledger: Ledger, deadline: float, every: float) -> None:
    started = time.monotonic()
    while True:
        memory.take(server_pid, time.monotonic() - started, sum(ledger.answers.values()))
        if time.monotonic() >= deadline:
            return
        await asyncio.sleep(min(every, max(0.0, deadline - time.monotonic())))


def flat_report(name: str, series: list[tuple[float, float]], warm_up: float) -> tuple[str, bool]:
    """One line: start and end are the medians of the first and last quarter of the samples after the
    warm-up (one sample catches a worker holding its largest page, a quarter's median does not); flat when
    the end is within 15% of the start."""
    settled = [value for elapsed, value in series if elapsed >= warm_up] or [value for _, value in series]
    quarter = max(1, len(settled) // 4)
    start, end = statistics.median(settled[:quarter]), statistics.median(settled[-quarter:])
    peak = max(settled)
    flat = abs(end - start) <= start * FLAT_TOLERANCE
    growth = 100 * (end - start) / start if start else 0.0
    line = (
        f"{name:16} first {series[0][1]:6.1f}  start {start:6.1f}  end {end:6.1f}  max {peak:6.1f} MiB"
        f"  ({growth:+.1f}%)  {'flat' if flat else 'NOT FLAT'}"
    )
    return line, flat


# --- the server ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(args: argparse.Namespace, port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "pagewash_server",
        "--listen",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--max-content-bytes",
        str(MAX_CONTENT_BYTES),
        "--max-message-bytes",
        str(MAX_MESSAGE_BYTES),
        "--doc-timeout",
        str(args.doc_timeout),
        "--max-docs-per-worker",
        str(args.max_docs_per_worker),
        "--stats-interval",
        "60",
        "--log-level",
        "info",
    ]
    with log.open("wb") as sink:
        return subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)


async def wait_serving(client: AsyncClient, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(Exception):
            if await client.health() == "SERVING":
                return
        if time.monotonic() > deadline:
            raise RuntimeError("server did not become SERVING within 120 s")
        await asyncio.sleep(0.3)


# --- main ------------------------------------------------------------------------------------------


async def soak(
    args: argparse.Namespace, mix: Mix, process: subprocess.Popen[bytes], port: int, log: Path
) -> int:
    ledger = Ledger()
    memory = Memory()
    async with AsyncClient(f"127.0.0.1:{port}", timeout=120.0, max_message_bytes=MAX_MESSAGE_BYTES) as client:
        await wait_serving(client, process, log)
        started = time.monotonic()
        deadline = started + args.duration
        tasks = [
            stream_loop(client, n, mix, ledger, deadline, args.stream_docs, args.window)
            for n in range(args.streams)
        ]
        if args.unary:
            tasks.append(unary_loop(client, mix, ledger, deadline))
        tasks.append(sample_loop(memory, process.pid, ledger, deadline, args.sample_every))
        await asyncio.gather(*tasks)
        elapsed = time.monotonic() - started
        health = await client.health()
        final_pids = worker_pids(process.pid)
    if health != "SERVING":
        ledger.violate(f"health is {health} after the soak")
    if len(final_pids) != args.workers:
        ledger.violate(f"{len(final_pids)} workers at the end, not {args.workers}")
    missing = ledger.missing()
    for request_id in missing[:10]:
        ledger.violate(f"{request_id} never answered")
    if len(missing) > 10:
        ledger.violate(f"... and {len(missing) - 10} more never answered")

    process.send_signal(signal.SIGTERM)
    try:
        exit_code = process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        exit_code = process.wait()
    if exit_code != 0:
        ledger.violate(f"server exited with {exit_code} after SIGTERM")

    answered = sum(ledger.answers.values())
    print(
        f"\nsoak: {elapsed:.0f} s, {args.workers} workers, {args.streams} streams (window {args.window})"
        f"{' + 1 unary caller' if args.unary else ''}; good pages: {mix.source}"
    )
    print(
        f"documents sent {len(ledger.sent)}, answered {answered} ({answered / elapsed:.1f}/s), "
        f"missing {len(missing)}, streams opened {ledger.streams}, unary calls {ledger.unary_calls}"
    )
    print("outcomes by kind:")
    for kind in ALLOWED:
        codes = {code: n for (k, code), n in ledger.outcomes.items() if k == kind}
        if codes:
            shown = ", ".join(f"{code}={n}" for code, n in sorted(codes.items()))
            print(f"  {kind:13} {sum(codes.values()):7}  {shown}")
    good_errors = sum(n for (kind, code), n in ledger.outcomes.items() if kind == "good" and code != "OK")
    print(f"errors on good documents: {good_errors}")

    warm_up = min(60.0, args.duration / 5)
    samples = memory.samples
    rss_flat = True
    if samples:
        print(
            f"RSS ({len(samples)} samples every {args.sample_every:g} s; after {warm_up:.0f} s of warm-up, "
            f"start/end = median of the first/last quarter; flat = end within "
            f"{100 * FLAT_TOLERANCE:.0f}% of start):"
        )
        front_line, front_flat = flat_report("front", [(s.elapsed, s.front_mib) for s in samples], warm_up)
        worker_series = [
            (s.elapsed, statistics.fmean(s.workers_mib.values())) for s in samples if s.workers_mib
        ]
        worker_line, workers_flat = flat_report("workers (mean)", worker_series, warm_up)
        total_series = [(s.elapsed, sum(s.workers_mib.values())) for s in samples if s.workers_mib]
        total_line, _ = flat_report("workers (sum)", total_series, warm_up)
        print("  " + front_line)
        print("  " + worker_line)
        print("  " + total_line)
        seen_workers = {pid for s in samples for pid in s.workers_mib}
        per_worker_peak = max(v for s in samples for v in s.workers_mib.values()) if seen_workers else 0.0
        print(
            f"  worker processes seen {len(seen_workers)} (recycled every {args.max_docs_per_worker} docs); "
            f"largest worker sample {per_worker_peak:.1f} MiB"
        )
        for sample in samples[:: max(1, len(samples) // 10)] + samples[-1:]:
            workers = " ".join(f"{v:.0f}" for v in sample.workers_mib.values())
            print(
                f"    t={sample.elapsed:6.0f}s docs={sample.documents:7}  front {sample.front_mib:6.1f}  "
                f"workers {workers}"
            )
        rss_flat = front_flat and workers_flat
        if not front_flat:
            ledger.violate("front RSS not flat")
        if not workers_flat:
            ledger.violate("worker RSS not flat")
    summary_lines = [
        line
        for line in log.read_text(errors="replace").splitlines()
        if "summary:" in line or "stopped:" in line
    ]
    if summary_lines:
        print("server: " + summary_lines[-1].split(": ", 2)[-1])
    print(f"violations: {len(ledger.violations)}")
    for message in ledger.violations[:20]:
        print(f"  - {message}")
    print("RESULT:", "PASS" if not ledger.violations and rss_flat else "FAIL")
    return 0 if not ledger.violations else 1


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=600.0, help="seconds of load (default 600)")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (default 2)")
    parser.add_argument("--streams", type=int, default=4, help="concurrent streams (default 4)")
    parser.add_argument("--window", type=int, default=16, help="requests in flight per stream (default 16)")
    parser.add_argument(
        "--stream-docs", type=int, default=400, help="documents per stream call (default 400)"
    )
    parser.add_argument(
        "--no-unary", dest="unary", action="store_false", help="no unary caller beside the streams"
    )
    parser.add_argument("--doc-timeout", type=float, default=20.0, help="server --doc-timeout (default 20)")
    parser.add_argument(
        "--max-docs-per-worker", type=int, default=10_000, help="server recycling (default 10000)"
    )
    parser.add_argument(
        "--sample-every", type=float, default=5.0, help="seconds between RSS samples (default 5)"
    )
    parser.add_argument("--aeb-dir", type=Path, default=None, help="AEB dataset (default $PAGEWASH_AEB_DIR)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    directory = args.aeb_dir or Path(os.environ.get("PAGEWASH_AEB_DIR") or AEB_DEFAULT)
    pages, source = good_pages(directory)
    mix = Mix(good=pages, source=source)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="pagewash-soak-") as tmp:
        log = Path(tmp) / "server.log"
        process = start_server(args, port, log)
        try:
            return asyncio.run(soak(args, mix, process, port, log))
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


if __name__ == "__main__":
    sys.exit(main())
