"""Service load benchmark: a real pagewash-server on loopback, driven by a load generator in this process.

Run from the repository root (or via `make bench`):

    .venv/bin/python bench/load.py                    # 2 workers, 10 s per scenario, 3 alternating rounds
    .venv/bin/python bench/load.py --quick            # 2 s per scenario, one round: a smoke run

What it does, in order, against one server started as `pagewash-server --listen 127.0.0.1:PORT --workers N`:
1. closed-loop unary `Normalize` at concurrency 1/4/16/64 and `NormalizeStream` with one and several
   streams, each for --duration seconds over the AEB HTML pages (cycled): throughput, p50/p95/p99
   latency, errors (must be 0), the server front process's CPU per document;
2. scaling efficiency, alternating in the same run (median of --rounds): N plain processes running
   the pipeline in a loop with no gRPC at all, then the service with one `NormalizeStream`, then unary
   calls at concurrency 16 — service throughput ÷ plain throughput;
3. open loop: unary calls issued at a fixed rate of 70% of the peak throughput seen in step 1,
   latency counted from each call's scheduled send time (no coordinated omission): p99/p50;
4. worker RSS (the server's child processes) after warm-up and at the end, with documents served.

The load generator sends pre-serialized requests and parses only the response message, so the few
tenths of a millisecond a client costs per document are spent once, in one process, as a lean real
client would; it shares the machine's cores with the server, as the issue's definition asks.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
from pagewash.v1 import normalizer_pb2 as pb

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed import git_revision, load_pages, machine_line  # bench/ is not a package: import by path

NORMALIZE = "/pagewash.v1.Normalizer/Normalize"
NORMALIZE_STREAM = "/pagewash.v1.Normalizer/NormalizeStream"
GET_SERVER_INFO = "/pagewash.v1.Normalizer/GetServerInfo"
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
CALL_TIMEOUT_S = 120.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


# --- processes seen through /proc --------------------------------------------------------------------
def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process (all its threads) from /proc/<pid>/stat."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat.rsplit(")", 1)[1].split()  # the command name may hold spaces; fields start after ")"
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def process_rss_mib(pid: int) -> float:
    """Current resident set size of one process in MiB, from /proc/<pid>/statm."""
    return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE / (1024 * 1024)


def descendant_pids(root: int) -> dict[int, int]:
    """Every process below `root` (workers may hang under a forkserver), as {pid: parent pid}."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: dict[int, int] = {}
    frontier = [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in found:
                found[pid] = parent
                frontier.append(pid)
    return dict(sorted(found.items()))


def process_name(pid: int) -> str:
    """A short command line of a process, for telling workers from helper processes."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "?"
    command = " ".join(part.decode(errors="replace") for part in raw.split(b"\0") if part)
    return command if len(command) <= 60 else f"{command[:20]}…{command[-39:]}"


def workers_cpu_seconds(server_pid: int) -> dict[int, float]:
    """CPU seconds of each process below the server, alive now."""
    seconds: dict[int, float] = {}
    for pid in descendant_pids(server_pid):
        with contextlib.suppress(OSError):
            seconds[pid] = process_cpu_seconds(pid)
    return seconds


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of all cores from /proc/stat, for the machine's utilisation in a window."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    total = sum(values[:8])
    return float(total - idle), float(total)


def self_cpu_seconds() -> float:
    """CPU seconds of this (load generator) process, gRPC's own threads included."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# --- requests ----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Workload:
    """Pre-serialized request bodies (without an id) and the raw pages they carry."""

    bodies: list[bytes]
    contents: list[bytes]

    def request(self, index: int, request_id: str) -> bytes:
        # Concatenated protobuf messages merge, so prefixing the serialized id field to a serialized
        # body gives a complete request without re-encoding the page for every call.
        return pb.NormalizeRequest(id=request_id).SerializeToString() + self.bodies[index % len(self.bodies)]


def build_workload(limit: int | None, paragraphs: bool) -> Workload:
    """The AEB HTML pages as Normalize requests (format auto, as a caller with unknown pages sends)."""
    pages = load_pages("html", limit)
    options = pb.Options(include_paragraphs=paragraphs)
    bodies = [
        pb.NormalizeRequest(content=p.content, format="auto", options=options).SerializeToString()
        for p in pages
    ]
    return Workload(bodies, [p.content for p in pages])


# --- one scenario's figures --------------------------------------------------------------------------
@dataclass(slots=True)
class Tally:
    """What one load scenario saw, client side."""

    latencies: list[float] = field(default_factory=list)
    pipeline_ms: list[float] = field(default_factory=list)  # diagnostics.elapsed_ms of each answer
    errors: Counter[str] = field(default_factory=Counter)
    first_error: str = ""
    sent: int = 0

    def fail(self, kind: str, message: str) -> None:
        self.errors[kind] += 1
        if not self.first_error:
            self.first_error = f"{kind}: {message}"[:300]

    def record(self, latency: float, response: pb.NormalizeResponse) -> None:
        if response.HasField("status") and response.status.code != 0:
            self.fail(grpc.StatusCode(_code_tuple(response.status.code)).name, response.status.message)
            return
        self.latencies.append(latency)
        self.pipeline_ms.append(response.diagnostics.elapsed_ms)


def _code_tuple(code: int) -> Any:
    for status in grpc.StatusCode:
        if status.value[0] == code:
            return status.value
    return grpc.StatusCode.UNKNOWN.value


@dataclass(slots=True)
class Figures:
    """One scenario's results."""

    name: str
    seconds: float
    done: int
    errors: dict[str, int]
    p50_ms: float
    p95_ms: float
    p99_ms: float
    front_cpu_ms_per_doc: float
    workers_cpu_ms_per_doc: float
    client_cpu_ms_per_doc: float
    machine_busy: float
    pipeline_ms: float
    first_error: str = ""
    target_rate: float = 0.0

    @property
    def throughput(self) -> float:
        return self.done / self.seconds if self.seconds > 0 else 0.0


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile of `values` (share in 0..1); NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))
    return ordered[rank]


class Probe:
    """CPU of the server front, its workers, this process and the machine over one scenario."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid
        self.front = process_cpu_seconds(server_pid)
        self.workers = workers_cpu_seconds(server_pid)
        self.client = self_cpu_seconds()
        self.busy, self.total = machine_busy()
        self.started = time.perf_counter()

    def finish(self, name: str, tally: Tally, target_rate: float = 0.0) -> Figures:
        seconds = time.perf_counter() - self.started
        busy, total = machine_busy()
        done = max(len(tally.latencies), 1)
        front = process_cpu_seconds(self.server_pid) - self.front
        # Per process, so a worker started mid-scenario counts from zero; one that exited (recycled)
        # took its CPU with it: this figure can only undercount.
        workers = sum(
            cpu - self.workers.get(pid, 0.0) for pid, cpu in workers_cpu_seconds(self.server_pid).items()
        )
        client = self_cpu_seconds() - self.client
        lat_ms = [1000 * x for x in tally.latencies]
        return Figures(
            name=name,
            seconds=seconds,
            done=len(tally.latencies),
            errors=dict(tally.errors),
            p50_ms=percentile(lat_ms, 0.50),
            p95_ms=percentile(lat_ms, 0.95),
            p99_ms=percentile(lat_ms, 0.99),
            front_cpu_ms_per_doc=1000 * front / done,
            workers_cpu_ms_per_doc=1000 * workers / done,
            client_cpu_ms_per_doc=1000 * client / done,
            machine_busy=(busy - self.busy) / max(total - self.total, 1.0),
            pipeline_ms=statistics.fmean(tally.pipeline_ms) if tally.pipeline_ms else float("nan"),
            first_error=tally.first_error,
            target_rate=target_rate,
        )


# --- load generators ---------------------------------------------------------------------------------
class Generator:
    """Closed- and open-loop load over one channel to the server."""

    def __init__(self, channel: grpc.aio.Channel, workload: Workload, max_docs: int) -> None:
        self.workload = workload
        self.max_docs = max_docs
        self.sequence = 0
        self.unary = channel.unary_unary(
            NORMALIZE, request_serializer=None, response_deserializer=pb.NormalizeResponse.FromString
        )
        self.stream = channel.stream_stream(
            NORMALIZE_STREAM, request_serializer=None, response_deserializer=pb.NormalizeResponse.FromString
        )

    def _next(self) -> tuple[str, bytes]:
        self.sequence += 1
        request_id = str(self.sequence)
        return request_id, self.workload.request(self.sequence, request_id)

    async def _call(self, tally: Tally, started: float) -> None:
        _, body = self._next()
        try:
            response = await self.unary(body, timeout=CALL_TIMEOUT_S)
        except grpc.aio.AioRpcError as exc:
            tally.fail(exc.code().name, str(exc.details()))
            return
        tally.record(time.perf_counter() - started, response)

    async def unary_closed(self, concurrency: int, duration: float) -> Tally:
        """`concurrency` callers, each sending its next call as soon as the previous one answers."""
        tally = Tally()
        deadline = time.perf_counter() + duration

        async def caller() -> None:
            while time.perf_counter() < deadline and tally.sent < self.max_docs:
                tally.sent += 1
                await self._call(tally, time.perf_counter())

        await asyncio.gather(*(caller() for _ in range(concurrency)))
        return tally

    async def unary_open(self, rate: float, duration: float, max_inflight: int = 512) -> Tally:
        """Calls issued at fixed intervals whatever the answers do; latency from the scheduled time."""
        tally = Tally()
        interval = 1.0 / rate
        started = time.perf_counter()
        pending: set[asyncio.Task[None]] = set()
        for index in range(min(int(duration * rate), self.max_docs)):
            scheduled = started + index * interval
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if len(pending) >= max_inflight:  # the server fell far behind: count it, don't pile on
                tally.fail("CLIENT_BACKLOG", f"{max_inflight} calls unanswered")
                continue
            tally.sent += 1
            task = asyncio.create_task(self._call(tally, scheduled))
            pending.add(task)
            task.add_done_callback(pending.discard)
        if pending:
            await asyncio.gather(*pending)
        return tally

    def client_stream(self, target: str, window: int, duration: float, paragraphs: bool) -> Tally:
        """One `pagewash.Client.normalize_many` stream: the thin client's own path, dataclasses and all.

        Blocking; run it in a thread. Latency runs from the moment the client pulls a request from
        the iterator (it pulls only when its window has room) to the moment its result is yielded.
        """
        from pagewash import Client, Options, Request

        tally = Tally()
        deadline = time.perf_counter() + duration
        pulled: dict[str, float] = {}
        contents = self.workload.contents

        def requests() -> Iterator[Request]:
            while time.perf_counter() < deadline and tally.sent < self.max_docs:
                self.sequence += 1
                request_id = str(self.sequence)
                pulled[request_id] = time.perf_counter()
                tally.sent += 1
                yield Request(content=contents[self.sequence % len(contents)], id=request_id)

        options = Options(include_paragraphs=paragraphs)
        with Client(target, options=options, max_message_bytes=MAX_MESSAGE_BYTES) as client:
            try:
                for result in client.normalize_many(
                    requests(), window=window, timeout=duration + CALL_TIMEOUT_S
                ):
                    latency = time.perf_counter() - pulled.pop(result.id, time.perf_counter())
                    if result.document is not None:
                        tally.latencies.append(latency)
                        tally.pipeline_ms.append(result.document.diagnostics.elapsed_ms)
                    else:
                        error = result.error
                        tally.fail(error.code if error else "UNKNOWN", error.message if error else "")
            except Exception as exc:  # the client raises after yielding every unanswered request
                tally.fail(type(exc).__name__, str(exc))
        if pulled:
            tally.fail("MISSING", f"{len(pulled)} requests got no result")
        return tally

    async def streams(self, count: int, window: int, duration: float) -> Tally:
        """`count` concurrent NormalizeStream calls, each keeping `window` requests unanswered."""
        tally = Tally()
        deadline = time.perf_counter() + duration

        async def one_stream() -> None:
            call = self.stream(timeout=duration + CALL_TIMEOUT_S)  # type: ignore[call-arg]  # written below
            room = asyncio.Semaphore(window)
            sent_at: dict[str, float] = {}

            async def write() -> None:
                try:
                    while time.perf_counter() < deadline and tally.sent < self.max_docs:
                        await room.acquire()
                        request_id, body = self._next()
                        sent_at[request_id] = time.perf_counter()
                        tally.sent += 1
                        await call.write(body)
                    await call.done_writing()
                except grpc.aio.AioRpcError:
                    return  # the call failed: the reading side sees and counts its status

            writer = asyncio.create_task(write())
            try:
                async for response in call:
                    tally.record(
                        time.perf_counter() - sent_at.pop(response.id, time.perf_counter()), response
                    )
                    room.release()
            except grpc.aio.AioRpcError as exc:
                tally.fail(f"stream {exc.code().name}", str(exc.details()))
                writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer
            if sent_at:  # every request must get exactly one answer
                tally.fail("MISSING", f"{len(sent_at)} requests of a stream got no answer")

        await asyncio.gather(*(one_stream() for _ in range(count)))
        return tally


# --- the plain-process baseline ----------------------------------------------------------------------
def plain_child_main(limit: int | None, paragraphs: bool, offset: int) -> None:
    """Child process: warm up, say "ready", wait for "go <seconds>", run the pipeline in a loop, report."""
    from pagewash.types import Options
    from pagewash_server.pipeline import normalize

    contents = build_workload(limit, paragraphs).contents
    options = Options(include_paragraphs=paragraphs)
    for content in contents[:20]:
        normalize(content, format="auto", options=options)
    print("ready", flush=True)
    duration = float(sys.stdin.readline().split()[1])
    done = 0
    index = offset
    cpu_started = self_cpu_seconds()
    started = time.perf_counter()
    deadline = started + duration
    while time.perf_counter() < deadline:
        normalize(contents[index % len(contents)], format="auto", options=options)
        index += 1
        done += 1
    seconds = time.perf_counter() - started
    print(json.dumps({"done": done, "seconds": seconds, "cpu": self_cpu_seconds() - cpu_started}), flush=True)


def plain_processes(count: int, duration: float, limit: int | None, paragraphs: bool) -> tuple[float, float]:
    """`count` plain pipeline processes running in parallel for `duration` seconds: their summed
    pages/s, and their CPU milliseconds per page."""
    command = [sys.executable, str(Path(__file__).resolve()), "--plain-child"]
    if limit:
        command += ["--limit", str(limit)]
    if paragraphs:
        command += ["--paragraphs"]
    children = [
        subprocess.Popen(
            [*command, "--offset", str(37 * k)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        for k in range(count)
    ]
    try:
        for child in children:  # all warmed up before any starts the clock
            assert child.stdout is not None
            if child.stdout.readline().strip() != "ready":
                raise RuntimeError("a plain pipeline process failed to start")
        for child in children:
            assert child.stdin is not None
            child.stdin.write(f"go {duration}\n")
            child.stdin.flush()
        rate = cpu = 0.0
        done = 0
        for child in children:
            out, _ = child.communicate(timeout=duration + 120)
            result = json.loads(out.strip().splitlines()[-1])
            rate += result["done"] / result["seconds"]
            done += result["done"]
            cpu += result["cpu"]
        return rate, 1000 * cpu / max(done, 1)
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()


# --- the server --------------------------------------------------------------------------------------
def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def server_command(listen: str, workers: int) -> list[str]:
    """`pagewash-server` from this interpreter's environment (or `-m pagewash_server` without it)."""
    script = Path(sys.executable).parent / "pagewash-server"
    base = [str(script)] if script.exists() else [sys.executable, "-m", "pagewash_server"]
    # No recycling: the RSS verdict must see the same workers from warm-up to the end, or a leak would
    # hide behind the replacement of a worker every --max-docs-per-worker documents.
    return [
        *base,
        "--listen", listen,
        "--workers", str(workers),
        "--max-docs-per-worker", "0",
        "--max-worker-rss-mib", "0",
    ]  # fmt: skip


@contextlib.contextmanager
def running_server(workers: int, port: int, log: Path) -> Any:
    """Start the server as a subprocess; stop it with SIGTERM (SIGKILL after a grace period)."""
    listen = f"127.0.0.1:{port}"
    with log.open("wb") as sink:
        process = subprocess.Popen(server_command(listen, workers), stdout=sink, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


async def wait_ready(channel: grpc.aio.Channel, process: subprocess.Popen[bytes], log: Path) -> pb.ServerInfo:
    """GetServerInfo once the server answers (60 s at most)."""
    info = channel.unary_unary(
        GET_SERVER_INFO,
        request_serializer=pb.GetServerInfoRequest.SerializeToString,
        response_deserializer=pb.ServerInfo.FromString,
    )
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text()[-2000:]}")
        try:
            answer: pb.ServerInfo = await info(pb.GetServerInfoRequest(), timeout=2, wait_for_ready=True)
            return answer
        except grpc.aio.AioRpcError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.2)


def worker_rss(server_pid: int) -> dict[int, float]:
    """RSS in MiB of each process below the server (its workers and multiprocessing helpers)."""
    rss: dict[int, float] = {}
    for pid in descendant_pids(server_pid):
        with contextlib.suppress(OSError):
            rss[pid] = process_rss_mib(pid)
    return rss


# --- report ------------------------------------------------------------------------------------------
HEADER = (
    f"{'scenario':28} {'docs/s':>8} {'docs':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} "
    f"{'front CPU':>10} {'workers':>8} {'pipeline':>9} {'client':>7} {'busy':>5}"
)


def print_row(figures: Figures) -> None:
    errors = sum(figures.errors.values())
    print(
        f"{figures.name:28} {figures.throughput:8.1f} {figures.done:7d} {figures.p50_ms:8.2f} "
        f"{figures.p95_ms:8.2f} {figures.p99_ms:8.2f} {errors:7d} {figures.front_cpu_ms_per_doc:8.3f}ms "
        f"{figures.workers_cpu_ms_per_doc:6.2f}ms {figures.pipeline_ms:7.2f}ms "
        f"{figures.client_cpu_ms_per_doc:5.2f}ms "
        f"{figures.machine_busy:5.0%}"
        + (f"  {figures.errors} first: {figures.first_error}" if errors else ""),
        flush=True,
    )


def as_dict(figures: Figures) -> dict[str, Any]:
    data = {name: getattr(figures, name) for name in Figures.__slots__}
    data["throughput"] = figures.throughput
    return data


@dataclass(slots=True)
class Settings:
    """The run's knobs, from the command line."""

    workers: int
    duration: float
    rounds: int
    concurrency: list[int]
    streams: list[int]
    window: int
    limit: int | None
    paragraphs: bool
    max_docs: int
    open_share: float


async def drive(
    settings: Settings, workload: Workload, process: subprocess.Popen[bytes], port: int, log: Path
) -> dict[str, Any]:
    """Every scenario against one running server; prints as it goes and returns the figures."""
    options = [
        ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
        ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
    ]
    pid = process.pid
    report: dict[str, Any] = {"scenarios": [], "efficiency": []}
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}", options=options) as channel:
        info = await wait_ready(channel, process, log)
        # Enough unanswered requests per stream to keep every worker busy with one more queued;
        # the server's own read-ahead bounds what it takes beyond that.
        window = settings.window or max(4 * max(settings.workers, 1), 8)
        print(
            f"server: pagewash {info.pagewash_version}, {info.limits.workers} workers, "
            f"read-ahead per stream {info.limits.max_inflight_per_stream}, front pid {pid}; "
            f"client window {window}"
        )
        generator = Generator(channel, workload, settings.max_docs)
        rss_idle = worker_rss(pid)
        await generator.streams(1, window, min(settings.duration, 3.0))  # warm every worker up
        rss_start = worker_rss(pid)
        served_start = generator.sequence
        report["workers_rss_idle"] = rss_idle
        report["workers_rss_start"] = rss_start

        def run(figures: Figures) -> Figures:
            print_row(figures)
            report["scenarios"].append(as_dict(figures))
            return figures

        print(f"\nclosed loop, {settings.duration:g} s each")
        print(HEADER)
        print("-" * len(HEADER))
        peak = 0.0  # the best unary throughput: the open-loop rate is a share of it
        single_stream: Figures | None = None
        overhead_c1 = float("nan")
        for concurrency in settings.concurrency:
            probe = Probe(pid)
            tally = await generator.unary_closed(concurrency, settings.duration)
            figures = run(probe.finish(f"unary c={concurrency}", tally))
            peak = max(peak, figures.throughput)
            if concurrency == 1 and tally.latencies:
                # Everything that is not pipeline work: client, HTTP/2, front, IPC, pickling.
                overhead_c1 = statistics.median(
                    1000 * lat - ms for lat, ms in zip(tally.latencies, tally.pipeline_ms, strict=True)
                )
        for count in settings.streams:
            probe = Probe(pid)
            tally = await generator.streams(count, window, settings.duration)
            figures = run(probe.finish(f"stream ×{count} (window {window})", tally))
            if count == 1:
                single_stream = figures
        probe = Probe(pid)
        tally = await asyncio.to_thread(
            generator.client_stream, f"127.0.0.1:{port}", window, settings.duration, settings.paragraphs
        )
        run(probe.finish("pagewash.Client stream ×1", tally))
        print(
            "front CPU / workers / client = CPU ms per document of the server front process, of its worker "
            "processes, of this load generator; pipeline = the pipeline's own time per document as the "
            "answers report it (diagnostics.elapsed_ms); busy = both cores' utilisation"
        )
        if single_stream is not None:
            # CPU a worker spends per document beyond the pipeline itself: reading the job, building and
            # serializing the answer, the pipe. An estimate: wall-clock pipeline time against CPU time.
            beyond = single_stream.workers_cpu_ms_per_doc - single_stream.pipeline_ms
            print(
                f"one stream: front {single_stream.front_cpu_ms_per_doc:.3f} ms CPU/doc; workers beyond the "
                f"pipeline ≈ {beyond:.3f} ms/doc ({beyond / single_stream.pipeline_ms:.0%} of pipeline time; "
                "the issue's IPC budget is 10%)"
            )
            report["front_cpu_ms_per_doc_stream"] = single_stream.front_cpu_ms_per_doc
            report["worker_ms_beyond_pipeline_stream"] = beyond
        if overhead_c1 == overhead_c1:
            print(
                "per-call cost outside the pipeline at c=1 (latency − pipeline time, median): "
                f"{overhead_c1:.2f} ms"
            )
        report["overhead_c1_ms"] = overhead_c1

        print(
            f"\nscaling efficiency: {settings.workers} plain processes (no gRPC) vs the service, "
            f"alternating, {settings.rounds} round(s) of {settings.duration:g} s"
        )
        plain_rates: list[float] = []
        plain_cpu: list[float] = []
        service_cpu: list[float] = []
        client_cpu: list[float] = []
        stream_rates: list[float] = []
        unary_rates: list[float] = []
        for round_index in range(settings.rounds):
            plain, plain_cpu_ms = plain_processes(
                max(settings.workers, 1), settings.duration, settings.limit, settings.paragraphs
            )
            plain_rates.append(plain)
            plain_cpu.append(plain_cpu_ms)
            probe = Probe(pid)
            stream = run(
                probe.finish(
                    f"round {round_index + 1}: stream ×1",
                    await generator.streams(1, window, settings.duration),
                )
            )
            stream_rates.append(stream.throughput)
            service_cpu.append(stream.front_cpu_ms_per_doc + stream.workers_cpu_ms_per_doc)
            client_cpu.append(stream.client_cpu_ms_per_doc)
            probe = Probe(pid)
            unary = run(
                probe.finish(
                    f"round {round_index + 1}: unary c=16",
                    await generator.unary_closed(16, settings.duration),
                )
            )
            unary_rates.append(unary.throughput)
            print(
                f"round {round_index + 1}: plain {settings.workers} processes {plain:.1f} docs/s, "
                f"{plain_cpu_ms:.2f} ms CPU per document; this round's stream {stream.throughput / plain:.1%}"
                f" and unary {unary.throughput / plain:.1%} of it",
                flush=True,
            )
        plain_median = statistics.median(plain_rates)
        stream_share = statistics.median(stream_rates) / plain_median
        unary_share = statistics.median(unary_rates) / plain_median
        print(f"plain pipeline, {settings.workers} processes, median: {plain_median:.1f} docs/s")
        # The verdicts below compare medians, as the issue defines them; the per-round ratios show how
        # much the machine's own speed drifted between rounds.
        print(
            "per-round ratios (service ÷ the same round's plain): stream "
            + ", ".join(f"{s / p:.0%}" for s, p in zip(stream_rates, plain_rates, strict=True))
            + "; unary "
            + ", ".join(f"{u / p:.0%}" for u, p in zip(unary_rates, plain_rates, strict=True))
        )
        print(
            f"target: NormalizeStream ≥ 80% of plain: {statistics.median(stream_rates):.1f} docs/s = "
            f"{stream_share:.0%} {'PASS' if stream_share >= 0.8 else 'FAIL'}"
        )
        print(
            f"target: unary c=16 ≥ 75% of plain: {statistics.median(unary_rates):.1f} docs/s = "
            f"{unary_share:.0%} {'PASS' if unary_share >= 0.75 else 'FAIL'}"
        )
        # The same comparison in CPU time per document: it does not depend on what else the machine
        # is running, which throughput on shared cores does.
        plain_ms, service_ms, client_ms = (statistics.median(x) for x in (plain_cpu, service_cpu, client_cpu))
        print(
            f"CPU per document (medians): plain pipeline {plain_ms:.2f} ms; service with one stream "
            f"{service_ms:.2f} ms (front + workers) + load generator {client_ms:.2f} ms; "
            f"plain ÷ (service + generator) = {plain_ms / (service_ms + client_ms):.0%}"
        )
        report["efficiency"] = {
            "plain_cpu_ms_per_doc": plain_cpu,
            "stream_service_cpu_ms_per_doc": service_cpu,
            "stream_client_cpu_ms_per_doc": client_cpu,
            "plain": plain_rates,
            "stream": stream_rates,
            "unary16": unary_rates,
            "stream_share": stream_share,
            "unary16_share": unary_share,
        }
        peak = max(peak, *unary_rates)

        rate = settings.open_share * peak
        if rate <= 0:
            raise RuntimeError("no unary call succeeded: no peak to take a share of")
        print(
            f"\nopen loop: unary calls at {rate:.1f}/s = {settings.open_share:.0%} "
            f"of the best closed-loop unary throughput ({peak:.1f} docs/s)"
        )
        print(HEADER)
        print("-" * len(HEADER))
        probe = Probe(pid)
        figures = run(
            probe.finish(f"open loop {rate:.0f}/s", await generator.unary_open(rate, settings.duration), rate)
        )
        tail = figures.p99_ms / figures.p50_ms if figures.p50_ms else float("nan")
        print(
            f"target: p99 ≤ 3× p50 at {settings.open_share:.0%} of peak: p99/p50 = {tail:.2f} "
            + ("PASS" if tail <= 3 else "FAIL")
        )
        report["open_loop_p99_over_p50"] = tail

        rss_end = worker_rss(pid)
        served = generator.sequence - served_start
        report["workers_rss_end"] = rss_end
        report["documents_between_rss"] = served
        print(f"\nserver child processes, RSS MiB: idle → after warm-up → after {served} more documents")
        tree = descendant_pids(pid)
        changes: list[float] = []
        for child in sorted(set(rss_idle) | set(rss_start) | set(rss_end)):
            steps = [f"{rss[child]:.1f}" if child in rss else "-" for rss in (rss_idle, rss_start, rss_end)]
            change = ""
            # Workers only: the multiprocessing resource tracker is a child too, and it never grows.
            if child in rss_start and child in rss_end and "resource_tracker" not in process_name(child):
                changes.append(rss_end[child] / rss_start[child] - 1)
                change = f" ({changes[-1]:+.1%} since warm-up)"
            parent = f", parent {tree[child]}" if child in tree else ""
            print(f"  pid {child}{parent} [{process_name(child)}]: {' → '.join(steps)}{change}")
        print('  ("-": not alive then — started later, or recycled/replaced by the server)')
        if changes:
            growth = max(changes)
            print(
                f"target: worker RSS flat within 15%: largest growth {growth:+.1%} over {served} documents "
                f"{'PASS' if growth <= 0.15 else 'FAIL'}"
                + ("" if served >= 20_000 else " (the target is set over 20,000 documents: run longer)")
            )
            report["worker_rss_growth"] = growth
        else:
            print(
                "target: worker RSS flat within 15%: not measured (no worker lived from warm-up to the end) "
                "FAIL"
            )
        errors = sum(sum(s["errors"].values()) for s in report["scenarios"])
        print(f"errors over the whole run: {errors} {'PASS' if errors == 0 else 'FAIL'}")
        report["errors"] = errors
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--workers", type=int, default=2, help="server worker processes (and plain processes)"
    )
    parser.add_argument("--duration", type=float, default=None, help="seconds per scenario (10; quick: 2)")
    parser.add_argument(
        "--rounds", type=int, default=None, help="rounds for scaling efficiency (3; quick: 1)"
    )
    parser.add_argument(
        "--concurrency", default=None, help="unary concurrency levels (1,4,16,64; quick: 1,16)"
    )
    parser.add_argument("--streams", default="1,4", help="numbers of concurrent NormalizeStream calls")
    parser.add_argument(
        "--window", type=int, default=0, help="unanswered requests per stream (0: 4 × workers, at least 8)"
    )
    parser.add_argument("--limit", type=int, default=None, help="use only the first N AEB pages")
    parser.add_argument("--max-docs", type=int, default=200_000, help="cap on documents per scenario")
    parser.add_argument("--open-share", type=float, default=0.7, help="open-loop rate as a share of peak")
    parser.add_argument("--paragraphs", action="store_true", help="ask for paragraphs too (bigger answers)")
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: shorter defaults (flags still win)"
    )
    parser.add_argument("--port", type=int, default=0, help="loopback port (0: pick a free one)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target says FAIL or errors > 0")
    parser.add_argument("--plain-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--offset", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.plain_child:
        plain_child_main(args.limit, args.paragraphs, args.offset)
        return 0
    # --quick changes the defaults only: an explicit flag still wins.
    if args.duration is None:
        args.duration = 2.0 if args.quick else 10.0
    if args.rounds is None:
        args.rounds = 1 if args.quick else 3
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if args.concurrency is None:
        args.concurrency = "1,16" if args.quick else "1,4,16,64"
    settings = Settings(
        workers=args.workers,
        duration=args.duration,
        rounds=args.rounds,
        concurrency=[int(c) for c in args.concurrency.split(",") if c],
        streams=[int(s) for s in args.streams.split(",") if s],
        window=args.window,
        limit=args.limit,
        paragraphs=args.paragraphs,
        max_docs=args.max_docs,
        open_share=args.open_share,
    )
    print(f"pagewash load benchmark — commit {git_revision()}")
    print(f"machine: {machine_line()}")
    workload = build_workload(args.limit, args.paragraphs)
    print(
        f"workload: {len(workload.bodies)} AEB HTML pages, cycled; "
        f"paragraphs {'on' if args.paragraphs else 'off'}"
    )
    port = args.port or free_port()
    with tempfile.TemporaryDirectory(prefix="pagewash-load-") as scratch:
        log = Path(scratch) / "server.log"
        with running_server(settings.workers, port, log) as process:
            try:
                report = asyncio.run(drive(settings, workload, process, port, log))
            except Exception:
                print(f"server log (tail):\n{log.read_text(errors='replace')[-3000:]}", file=sys.stderr)
                raise
    report.update(commit=git_revision(), machine=machine_line(), workers=settings.workers)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str))
    failed = report["errors"] > 0 or report["efficiency"]["stream_share"] < 0.8
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
