"""Workers running the pipeline off the event loop: per-document deadline, crash isolation, recycling.

Why not `concurrent.futures.ProcessPoolExecutor`: it cannot kill one stuck task, and one dead worker fails
every pending future. Here each worker owns one socket pair to the front; the front keeps at most
`queue_depth` jobs in a worker (one running, one waiting in the pipe so the worker never idles between
documents, when a job waits for every worker), `stream_queue_depth` for a stream's documents (two waiting:
a front scheduled as SCHED_BATCH may reach the pipe only when a time slice ends, and a short page can end
before that), dispatches to an idle worker first (page times vary eightfold), and arms a deadline for the
job a worker is running. Over the deadline the worker is SIGKILLed and replaced; its document fails with
`JobTimeoutError` and the jobs queued behind it go back to the head of the line. A worker that dies fails
only the document it was running (`WorkerCrashedError`). A worker is retired and replaced after
`max_docs_per_worker` documents, so slow leaks in C libraries cannot grow without bound, and sooner when its
resident memory passes `max_rss_bytes` (one huge page can leave a worker bloated for good).

Frames from a worker: an empty one first ("ready", after warm-up), then one answer per job in order; an
empty frame after that asks to be retired (its memory is over the limit). A job therefore never answers
with empty bytes.

The front never parses a request: jobs are opaque bytes in, opaque bytes out (the caller's `job` function,
run in the worker, does the parsing). Frames use `multiprocessing.connection`'s layout; the front reads
them through an asyncio transport, without threads, and a worker reads each request into one buffer it
keeps (`_WorkerChannel`), so its job gets a view of that buffer, valid for the call only. On Linux a
request of 16 KiB or more is written into the worker's shared ring instead (request_ring.py) and the
socket carries only where it lies; the job then gets a view of the ring, and the front frees that space
when the answer arrives.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import ctypes
import logging
import multiprocessing
import multiprocessing.connection
import os
import resource
import signal
import socket
import struct
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from . import scheduling
from .request_ring import RequestRing, map_for_reading

log = logging.getLogger(__name__)

# A job's payload is bytes, or in a worker a view of its reused request buffer: parse it, do not keep it.
Job = Callable[[bytes | memoryview], bytes]
WarmUp = Callable[[], None]

# A job is queued behind a running one only while that one has run less than this: pages take milliseconds,
# so a page past a second may run to its deadline, and a job written into that worker's pipe cannot be
# taken back when another worker frees up.
QUEUE_BEHIND_SECONDS = 1.0
# Jobs a worker holds for one stream's documents: the running one and two waiting (see the docstring).
STREAM_QUEUE_DEPTH = 3
_PR_SET_PDEATHSIG = 1
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
_HEADER = struct.Struct("!i")
_LONG_HEADER = struct.Struct("!Q")
# A request in the worker's shared ring (request_ring.py): this mark in place of a size, then offset and size.
_RING_MARK = -2
_RING_FRAME = struct.Struct("!iQQ")
_RING_EXTENT = struct.Struct("!QQ")
# Each worker's ring: room for a stream's queued pages (median ~100 KB, some MBs). A page that does not fit
# at the moment goes through the socket; so do small requests, whose copies cost little, leaving the room
# to the pages.
RING_BYTES = 8 * 1024 * 1024
_RING_MIN_PAYLOAD = 16 * 1024
# A worker keeps a request buffer up to this size (a bigger page gets a buffer of its own, then dropped).
_KEPT_BUFFER_BYTES = 4 * 1024 * 1024
# glibc mallopt parameters (malloc.h) and the values a worker sets; see _tune_allocator.
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_HEAP_BUFFER_LIMIT = 4 * 1024 * 1024
_KEPT_FREE_BYTES = 32 * 1024 * 1024


class JobTimeoutError(Exception):
    """The document took longer than the per-document limit; the worker running it was replaced."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"document took longer than the limit of {seconds:g} s; its worker was replaced")
        self.seconds = seconds


class WorkerCrashedError(Exception):
    """The worker process died while running this document; it was replaced."""

    def __init__(self, detail: str = "") -> None:
        message = "worker process died while normalizing this document; it was replaced"
        super().__init__(f"{message} ({detail})" if detail else message)


class PoolClosedError(Exception):
    """The pool is shutting down and takes no more work."""

    def __init__(self) -> None:
        super().__init__("server is shutting down")


@dataclass(slots=True)
class PoolStats:
    """Counters since the pool started."""

    spawned: int = 0
    completed: int = 0
    timeouts: int = 0
    crashes: int = 0
    recycled: int = 0
    sent_through_ring: int = 0  # requests a worker read from its shared ring rather than its socket


class Pool(Protocol):
    """What the service needs from a pool: submit opaque bytes, get opaque bytes back."""

    size: int
    stats: PoolStats

    async def start(self) -> None: ...

    def submit(self, payload: bytes, *, batch: bool = False) -> asyncio.Future[bytes]:
        """`batch`: one of many documents of one call (a stream), where throughput matters more than
        the latency of any one of them."""
        ...

    def pending(self) -> int: ...

    async def close(self, timeout: float = 5.0) -> None: ...


# --- the worker process ----------------------------------------------------------------------------


def _worker_main(
    conn: multiprocessing.connection.Connection,
    job: Job,
    warm_up: WarmUp | None,
    max_rss_bytes: int = 0,
    policy: scheduling.Policy | None = None,
) -> None:
    # Ctrl-C in a terminal reaches the whole process group; only the front decides when workers stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    scheduling.restore(policy)
    _tune_allocator()
    if warm_up is not None:
        warm_up()
    channel = _WorkerChannel(conn)
    try:
        channel.accept_ring()
    except EOFError:
        return
    channel.send(b"")  # ready: warm-up time never counts against a document's deadline
    asked_to_retire = False
    while True:
        try:
            payload = channel.receive()
        except EOFError:  # the front closed its end: retire (an empty payload is a valid job)
            return
        channel.send(job(payload))
        if max_rss_bytes and not asked_to_retire and _resident_bytes() > max_rss_bytes:
            # Not exit: jobs may already wait in the pipe. The front stops sending and closes the pipe.
            asked_to_retire = True
            channel.send(b"")


class _WorkerChannel:
    """The worker's end of its socket: requests read into one kept buffer, answers written whole.

    `Connection.recv_bytes` would allocate (and fault in) fresh memory for every page and copy it twice;
    here the kernel copies each request straight into a buffer the worker reuses."""

    def __init__(self, conn: multiprocessing.connection.Connection) -> None:
        self._socket = socket.socket(fileno=os.dup(conn.fileno()))
        conn.close()
        self._header = bytearray(_RING_EXTENT.size)
        self._buffer = bytearray(256 * 1024)
        self._ring: memoryview | None = None

    def accept_ring(self) -> bool:
        """Read the front's first message: one byte, with the ring's fd attached when it made one."""
        message, fds, _, _ = socket.recv_fds(self._socket, 1, 1)
        if not message:
            raise EOFError
        if not fds:
            return False
        self._ring = memoryview(map_for_reading(fds[0]))
        return True

    def receive(self) -> memoryview:
        """The next request, as a view of the buffer (valid until the next call); EOFError at the end."""
        header = memoryview(self._header)
        self._read_into(header[: _HEADER.size])
        (size,) = _HEADER.unpack_from(header)
        if size == -1:  # the long form, for a frame of 2 GiB or more
            self._read_into(header[: _LONG_HEADER.size])
            (size,) = _LONG_HEADER.unpack_from(header)
        elif size == _RING_MARK:
            self._read_into(header)
            offset, size = _RING_EXTENT.unpack_from(header)
            if self._ring is None or offset + size > len(self._ring):
                raise ValueError(f"a request at {offset}+{size} outside the shared ring")
            return self._ring[offset : offset + size]
        buffer = self._buffer
        if size > len(buffer):
            buffer = bytearray(size)
            if size <= _KEPT_BUFFER_BYTES:
                self._buffer = buffer
        view = memoryview(buffer)[:size]
        self._read_into(view)
        return view

    def send(self, answer: bytes) -> None:
        size = len(answer)
        header = _HEADER.pack(size) if size <= 0x7FFFFFFF else _HEADER.pack(-1) + _LONG_HEADER.pack(size)
        self._socket.sendall(header + answer)

    def _read_into(self, view: memoryview) -> None:
        filled = 0
        while filled < len(view):
            count = self._socket.recv_into(view[filled:])
            if count == 0:
                raise EOFError
            filled += count


def _tune_allocator() -> bool:
    """glibc: serve a page's large buffers from the heap, and keep some freed memory for the next page.

    By default glibc maps a buffer over its threshold fresh from the kernel and unmaps it when freed, so
    each page faults its buffers in again, 4 KiB at a time: about 20 faults per document in a worker
    against 3 for the same pipeline in a plain loop (BENCHMARKS.md). Here buffers up to 4 MiB come from
    the heap and at most 32 MiB of freed memory stays; the RSS limit still recycles a bloated worker.
    Returns whether the settings were applied (False without glibc: musl, macOS)."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    applied = mallopt(_M_MMAP_THRESHOLD, _HEAP_BUFFER_LIMIT) == 1
    return mallopt(_M_TRIM_THRESHOLD, _KEPT_FREE_BYTES) == 1 and applied


def _resident_bytes() -> int:
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE_SIZE
    except OSError:  # pragma: no cover - not Linux: the peak is the closest figure there is
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _die_with_parent() -> None:
    """Linux: the kernel SIGKILLs this worker when its parent dies, even by SIGKILL, so no orphan runs on."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: workers still exit at end-of-file on their socket
        return


# --- the front's side of one worker ----------------------------------------------------------------


@dataclass(slots=True)
class _Job:
    payload: bytes
    future: asyncio.Future[bytes]
    batch: bool = False
    in_ring: bool = False  # sent through the worker's shared ring (set anew each time it is sent)


class _FrameReader(asyncio.Protocol):
    """Splits the worker's byte stream into `multiprocessing.connection` frames."""

    def __init__(self, worker: _Worker) -> None:
        self._worker = worker
        self._buffer = bytearray()

    def data_received(self, data: bytes) -> None:
        buffer = self._buffer
        buffer += data
        while True:
            if len(buffer) < 4:
                return
            (size,) = _HEADER.unpack_from(buffer)
            start = 4
            if size == -1:
                if len(buffer) < 12:
                    return
                (size,) = _LONG_HEADER.unpack_from(buffer, 4)
                start = 12
            end = start + size
            if len(buffer) < end:
                return
            frame = bytes(buffer[start:end])
            del buffer[:end]
            self._worker.on_frame(frame)

    def connection_lost(self, exc: Exception | None) -> None:
        self._worker.on_lost()


class _Worker:
    def __init__(
        self, pool: WorkerPool, process: multiprocessing.process.BaseProcess, ring: RequestRing | None
    ) -> None:
        self.pool = pool
        self.process = process
        self.ring = ring
        self.transport: asyncio.Transport | None = None
        self.pending: collections.deque[_Job] = collections.deque()
        self.ready = False
        self.retiring = False
        self.dead = False
        self.assigned = 0
        self.timer: asyncio.TimerHandle | None = None
        self.head_started = 0.0

    @property
    def available(self) -> bool:
        return self.ready and not self.retiring and not self.dead

    def send(self, job: _Job) -> None:
        assert self.transport is not None
        size = len(job.payload)
        offset = None
        if self.ring is not None and size >= _RING_MIN_PAYLOAD:
            offset = self.ring.put(job.payload)
        job.in_ring = offset is not None
        if offset is not None:
            self.transport.write(_RING_FRAME.pack(_RING_MARK, offset, size))
            self.pool.stats.sent_through_ring += 1
        else:
            if size > 0x7FFFFFFF:
                self.transport.write(_HEADER.pack(-1) + _LONG_HEADER.pack(size))
            else:
                self.transport.write(_HEADER.pack(size))
            self.transport.write(job.payload)
        self.pending.append(job)
        self.assigned += 1
        if len(self.pending) == 1:
            self._arm()

    def _arm(self) -> None:
        self.head_started = time.monotonic()
        if self.pool.doc_timeout > 0:
            head = self.pending[0]
            self.timer = asyncio.get_running_loop().call_later(self.pool.doc_timeout, self._on_timeout, head)

    def on_frame(self, frame: bytes) -> None:
        if not self.ready:
            self.ready = True
            self.pool.on_ready(self)
            return
        if not frame:
            self.pool.on_retire_request(self)
            return
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        job = self.pending.popleft()
        if job.in_ring and self.ring is not None:
            self.ring.release_oldest()
        if not job.future.done():
            job.future.set_result(frame)
        self.pool.stats.completed += 1
        if self.pending:
            self._arm()
        self.pool.on_job_done(self)

    def _on_timeout(self, job: _Job) -> None:
        if self.dead or not self.pending or self.pending[0] is not job:
            return
        self.timer = None
        log.warning(
            "worker pid %s over the %g s document limit: killing it", self.process.pid, self.pool.doc_timeout
        )
        self.pool.stats.timeouts += 1
        self._die(JobTimeoutError(self.pool.doc_timeout), kill=True)

    def on_lost(self) -> None:
        if self.dead:
            return
        if self.retiring and not self.pending:
            self.dead = True
            self.pool.forget(self)
            return
        if not self.ready:
            self.dead = True
            self.pool.on_startup_failure(self)
            return
        self.pool.stats.crashes += 1
        log.error("worker pid %s died unexpectedly", self.process.pid)
        self._die(WorkerCrashedError(), kill=False)

    def _die(self, error: Exception, *, kill: bool) -> None:
        self.dead = True
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if kill:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()
        if self.transport is not None:
            self.transport.abort()
        running = self.pending.popleft() if self.pending else None
        if running is not None and not running.future.done():
            running.future.set_exception(error)
        # Jobs queued behind the failed one never started: they go back to the head of the line.
        self.pool.requeue(list(self.pending))
        self.pending.clear()
        self.pool.on_worker_gone(self)

    def close_ring(self) -> None:
        if self.ring is not None:
            self.ring.close()
            self.ring = None

    def retire(self) -> None:
        """Ask the worker to exit once its pending jobs are answered: it reads end-of-file after them."""
        self.retiring = True
        if self.transport is not None and not self.dead and not self.transport.is_closing():
            self.transport.write_eof()


class WorkerPool:
    """`size` worker processes running `job(payload) -> bytes`; see the module docstring."""

    def __init__(
        self,
        size: int,
        job: Job,
        *,
        warm_up: WarmUp | None = None,
        doc_timeout: float = 0.0,
        max_docs_per_worker: int = 0,
        max_rss_bytes: int = 0,
        queue_depth: int = 2,
        stream_queue_depth: int = STREAM_QUEUE_DEPTH,
        start_method: str = "spawn",
        preload: Sequence[str] = (),
        ring_bytes: int = RING_BYTES,
    ) -> None:
        if size < 1:
            raise ValueError("a WorkerPool needs at least one worker; use InProcessPool for none")
        self.size = size
        self.doc_timeout = doc_timeout
        self.max_docs_per_worker = max_docs_per_worker
        self.max_rss_bytes = max_rss_bytes
        self.queue_depth = max(1, queue_depth)
        self.stream_queue_depth = max(1, stream_queue_depth)
        self.ring_bytes = ring_bytes  # 0: every request through the socket
        self.stats = PoolStats()
        self._job = job
        self._warm_up = warm_up
        # Any: typeshed's BaseContext lacks the Process attribute every concrete context has.
        self._context: Any = multiprocessing.get_context(start_method)
        if start_method == "forkserver" and preload:
            # Children fork from a server that already imported the pipeline: a respawn takes milliseconds.
            self._context.set_forkserver_preload(list(preload))
        self._workers: list[_Worker] = []
        self._waiting: collections.deque[_Job] = collections.deque()
        self._closed = False
        self._ready = asyncio.Event()
        self._startup_failures = 0
        self._background: set[asyncio.Task[None]] = set()
        # Workers run at the policy the pool was made under, whatever the front switches to later.
        self._worker_policy = scheduling.current()

    async def start(self, timeout: float = 120.0) -> None:
        """Start every worker and wait until all have warmed up."""
        for _ in range(self.size):
            await self._spawn()
        try:
            await asyncio.wait_for(self._ready.wait(), timeout)
        except TimeoutError:
            await self.close(timeout=1.0)
            raise RuntimeError(f"workers did not start within {timeout:g} s") from None
        if self._startup_failures and not any(w.available for w in self._workers):
            await self.close(timeout=1.0)
            raise RuntimeError("every worker failed to start; run with --workers 0 to see the error")

    def submit(self, payload: bytes, *, batch: bool = False) -> asyncio.Future[bytes]:
        future: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        if self._closed:
            future.set_exception(PoolClosedError())
            return future
        self._waiting.append(_Job(payload, future, batch))
        self._dispatch()
        return future

    def pending(self) -> int:
        """Jobs waiting for a worker or inside one."""
        return len(self._waiting) + sum(len(w.pending) for w in self._workers)

    def worker_pids(self) -> list[int]:
        return [w.process.pid for w in self._workers if not w.dead and w.process.pid is not None]

    async def close(self, timeout: float = 5.0) -> None:
        """Stop taking work, fail what never reached a worker, let workers exit, kill the ones that do not."""
        self._closed = True
        self._fail_waiting(PoolClosedError())
        for worker in self._workers:
            if not worker.dead:
                worker.retire()
        deadline = time.monotonic() + timeout
        for worker in list(self._workers):
            remaining = max(0.0, deadline - time.monotonic())
            await asyncio.to_thread(worker.process.join, remaining)
            if worker.process.is_alive():
                worker.process.kill()
                await asyncio.to_thread(worker.process.join, 1.0)
            for job in worker.pending:
                if not job.future.done():
                    job.future.set_exception(PoolClosedError())
            worker.pending.clear()
            if worker.transport is not None:
                worker.transport.abort()
            worker.close_ring()
        for task in list(self._background):
            task.cancel()

    # --- events from workers ----------------------------------------------------------------------

    def on_ready(self, worker: _Worker) -> None:
        self._startup_failures = 0
        if sum(1 for w in self._workers if w.available) >= self.size:
            self._ready.set()
        self._dispatch()

    def on_job_done(self, worker: _Worker) -> None:
        if self.max_docs_per_worker and worker.assigned >= self.max_docs_per_worker:
            self._recycle(worker)
        if worker.retiring and not worker.pending and not worker.dead:
            worker.retire()
        self._dispatch()

    def on_retire_request(self, worker: _Worker) -> None:
        log.info(
            "worker pid %s is over %d MiB resident: recycling it",
            worker.process.pid,
            self.max_rss_bytes >> 20,
        )
        self._recycle(worker)
        if not worker.pending and not worker.dead:
            worker.retire()
        self._dispatch()

    def _recycle(self, worker: _Worker) -> None:
        """Send the worker no more jobs and start its successor at once (it exits when its queue is done)."""
        if worker.retiring or self._closed:
            return
        self.stats.recycled += 1
        worker.retiring = True
        self._spawn_later(0.0)

    def on_worker_gone(self, worker: _Worker) -> None:
        self.forget(worker)
        if not self._closed and not worker.retiring:  # a retiring worker's successor already started
            self._spawn_later(0.0)
        self._dispatch()

    def on_startup_failure(self, worker: _Worker) -> None:
        self._startup_failures += 1
        self.forget(worker)
        log.error(
            "worker pid %s exited during start-up (%d in a row)", worker.process.pid, self._startup_failures
        )
        if self._startup_failures >= 3 * self.size:
            # Something is wrong with the installation, not with a page: tell whoever waits, keep trying.
            self._ready.set()
            if not any(w.available for w in self._workers):
                self._fail_waiting(WorkerCrashedError("no worker process could start; see the server log"))
        if not self._closed:
            self._spawn_later(min(30.0, 0.1 * 2 ** min(self._startup_failures, 9)))

    def _fail_waiting(self, error: Exception) -> None:
        while self._waiting:
            job = self._waiting.popleft()
            if not job.future.done():
                job.future.set_exception(error)

    def requeue(self, jobs: list[_Job]) -> None:
        for job in reversed(jobs):
            self._waiting.appendleft(job)

    # --- internals --------------------------------------------------------------------------------

    def _dispatch(self) -> None:
        waiting = self._waiting
        while waiting:
            job = waiting[0]
            if job.future.done():  # cancelled by its caller while waiting
                waiting.popleft()
                continue
            worker = self._pick(
                queue_behind=job.batch or len(waiting) >= len(self._workers),
                depth_limit=self.stream_queue_depth if job.batch else self.queue_depth,
            )
            if worker is None:
                return
            waiting.popleft()
            worker.send(job)

    def _pick(self, *, queue_behind: bool, depth_limit: int) -> _Worker | None:
        """An idle worker; else, with `queue_behind`, the one with the shortest queue below `depth_limit`
        whose current page is not a slow one.

        Queueing behind a running page saves the worker the gap between two documents: that pays for a
        stream's documents and when work piles up (a job waiting per worker). A single call under
        lighter load would instead wait for a long page while another worker frees up first: it waits
        here and goes to whichever worker is idle first."""
        queued: _Worker | None = None
        recent = time.monotonic() - QUEUE_BEHIND_SECONDS
        for worker in self._workers:
            if worker.available:
                depth = len(worker.pending)
                if depth == 0:
                    return worker
                if (
                    queue_behind
                    and depth < depth_limit
                    and (queued is None or depth < len(queued.pending))
                    and worker.head_started > recent
                ):
                    queued = worker
        return queued

    def _spawn_later(self, delay: float) -> None:
        async def spawn() -> None:
            if delay:
                await asyncio.sleep(delay)
            if self._closed:
                return
            try:
                await self._spawn()
            except Exception:  # e.g. fork refused under memory pressure: the slot must not stay empty
                log.exception("could not start a worker; trying again")
                self._spawn_later(1.0)

        task = asyncio.get_running_loop().create_task(spawn())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _spawn(self) -> None:
        parent_end, child_end = multiprocessing.Pipe(duplex=True)
        for end in (parent_end, child_end):
            _enlarge_send_buffer(end.fileno())
        process = self._context.Process(
            target=_worker_main,
            args=(child_end, self._job, self._warm_up, self.max_rss_bytes, self._worker_policy),
            name="pagewash-worker",
            daemon=True,
        )
        process.start()
        child_end.close()
        self.stats.spawned += 1
        ring = self._make_ring()
        worker = _Worker(self, process, ring)
        self._workers.append(worker)
        sock = socket.socket(fileno=os.dup(parent_end.fileno()))
        parent_end.close()
        try:
            # The worker's first read: the ring's fd, or a byte alone when requests all take the socket.
            socket.send_fds(sock, [b"R"], [ring.fd] if ring is not None and ring.fd is not None else [])
        except OSError:
            # The worker is already gone; its socket's end-of-file makes it a start-up failure below.
            log.debug("could not reach a starting worker", exc_info=True)
            worker.close_ring()
        if ring is not None:
            ring.close_fd()
        transport, _ = await asyncio.get_running_loop().create_unix_connection(
            lambda: _FrameReader(worker), sock=sock
        )
        worker.transport = transport
        log.debug("started worker pid %s", process.pid)

    def forget(self, worker: _Worker) -> None:
        """Drop a worker that has exited or is being killed, and collect its exit status."""
        worker.close_ring()
        if worker in self._workers:
            self._workers.remove(worker)
        self._reap(worker)

    def _make_ring(self) -> RequestRing | None:
        if self.ring_bytes <= 0:
            return None
        try:
            return RequestRing(self.ring_bytes)
        except (OSError, AttributeError):  # not Linux, or no memory for it: requests take the socket
            log.debug("no shared ring for a worker; its requests go through its socket", exc_info=True)
            return None

    def _reap(self, worker: _Worker) -> None:
        # The exit status arrives a moment after the socket closes; collect it off the event loop.
        def join() -> None:
            worker.process.join(10.0)
            log.debug("worker pid %s exited with %s", worker.process.pid, worker.process.exitcode)

        threading.Thread(target=join, name="pagewash-reaper", daemon=True).start()


class InProcessPool:
    """`--workers 0`: the pipeline runs in one thread of the server process (development, debugging).

    The deadline is reported (DEADLINE_EXCEEDED) but a thread cannot be killed: the stuck document keeps
    the thread busy until it finishes. Use worker processes in production.
    """

    size = 0

    def __init__(self, job: Job, *, warm_up: WarmUp | None = None, doc_timeout: float = 0.0) -> None:
        self.doc_timeout = doc_timeout
        self.stats = PoolStats()
        self._job = job
        self._warm_up = warm_up
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pagewash-pipeline")
        self._inflight = 0
        self._closed = False

    async def start(self) -> None:
        if self._warm_up is not None:
            await asyncio.get_running_loop().run_in_executor(self._executor, self._warm_up)

    def submit(self, payload: bytes, *, batch: bool = False) -> asyncio.Future[bytes]:
        loop = asyncio.get_running_loop()
        outer: asyncio.Future[bytes] = loop.create_future()
        if self._closed:
            outer.set_exception(PoolClosedError())
            return outer

        timer: list[asyncio.TimerHandle] = []

        def expire() -> None:
            if not outer.done():
                self.stats.timeouts += 1
                outer.set_exception(JobTimeoutError(self.doc_timeout))

        def arm() -> None:
            timer.append(loop.call_later(self.doc_timeout, expire))

        def run() -> bytes:
            if outer.done():  # cancelled or expired while waiting for the thread
                return b""
            if self.doc_timeout > 0:
                # The clock starts when the job does; `arm` runs on the loop before `finished` can.
                loop.call_soon_threadsafe(arm)
            return self._job(payload)

        def finished(inner: asyncio.Future[bytes]) -> None:
            self._inflight -= 1
            self.stats.completed += 1
            for handle in timer:
                handle.cancel()
            if outer.done():
                return
            if inner.exception() is not None:
                outer.set_exception(WorkerCrashedError(repr(inner.exception())))
            else:
                outer.set_result(inner.result())

        self._inflight += 1
        asyncio.wrap_future(self._executor.submit(run), loop=loop).add_done_callback(finished)
        return outer

    def pending(self) -> int:
        return self._inflight

    async def close(self, timeout: float = 5.0) -> None:
        self._closed = True
        await asyncio.to_thread(self._executor.shutdown, wait=True, cancel_futures=True)


# A page (median ~100 KB, some MBs) goes into the socket in one write instead of many partial writes, each
# costing the event loop a wake-up; the kernel caps the request at net.core.wmem_max.
_SEND_BUFFER_BYTES = 1024 * 1024


def _enlarge_send_buffer(fd: int) -> None:
    sock = socket.socket(fileno=os.dup(fd))
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, _SEND_BUFFER_BYTES)
    except OSError:  # pragma: no cover - a kernel that refuses keeps its default; only speed changes
        log.debug("could not enlarge the worker socket's send buffer", exc_info=True)
    finally:
        sock.close()


def default_worker_count() -> int:
    """One worker per core the process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)
