"""The thin Normalizer servicer: hand raw requests to the workers, answer with their bytes or a mapped status.

Two halves: `run_job` runs inside a worker (parse the request, call the pipeline, convert the document back,
catch every failure into a status), and `NormalizerService` runs in the front process, where it moves
bytes only: requests are never parsed there except to report a failure the worker could not report itself.
A job's answer is one status-code byte followed by a serialized `NormalizeResponse`.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import importlib.metadata
import logging
import os
import platform
import re
import signal
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import grpc
from google.protobuf.message import DecodeError
from pagewash import _convert
from pagewash.types import ServerInfo, ServerLimits
from pagewash.v1 import normalizer_pb2 as pb

from . import __version__, status
from .pipeline import errors as pipeline_errors
from .pipeline import language, normalize
from .workers import Pool

log = logging.getLogger(__name__)

SERVICE_NAME: str = pb.DESCRIPTOR.services_by_name["Normalizer"].full_name
_OK = b"\x00"
_ALL_READ = object()
_DROPPED = object()
_SLEEP_HOOK = re.compile(r"__sleep__:(\d+(?:\.\d+)?)")
_WARM_UP_PAGE = (
    b"<html lang='en'><head><title>Warm-up</title></head><body><article><p>This short page loads the "
    b"stoplists and parsers once, before the first real document is timed against its deadline, so that "
    b"the first caller does not pay for the start of the process.</p></article></body></html>"
)


# --- the worker half -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JobSettings:
    """What a worker needs to know besides the request (picklable: it travels to each worker)."""

    max_content_bytes: int
    max_message_bytes: int
    test_hooks: bool = False


def run_job(payload: bytes | memoryview, settings: JobSettings) -> bytes:
    """A serialized `NormalizeRequest` in (parsed at once, never kept: in a worker it is a view of a
    reused buffer); a status byte + `NormalizeResponse` out; never raises."""
    try:
        # The stubs say bytes; the parser reads any buffer (tests/service/test_workers.py feeds it views).
        message = pb.NormalizeRequest.FromString(payload)  # type: ignore[arg-type]
    except DecodeError:
        return encode_failure(
            "", status.Failure(grpc.StatusCode.INVALID_ARGUMENT, "request: not a NormalizeRequest")
        )
    if settings.test_hooks:
        _run_test_hook(message.id)
    try:
        request = _convert.request_from_pb(message)
        document = normalize(
            request.content,
            url=request.url,
            content_type=request.content_type,
            format=request.format,
            language=request.language,
            options=request.options,
            max_content_bytes=settings.max_content_bytes,
        )
        body = _convert.document_to_pb(document, id=message.id).SerializeToString()
    except Exception as exc:
        return encode_failure(message.id, status.failure_for(exc))
    if len(body) > settings.max_message_bytes:
        return encode_failure(message.id, status.response_too_large(len(body), settings.max_message_bytes))
    return _OK + body


def encode_failure(request_id: str, failure: status.Failure) -> bytes:
    response = pb.NormalizeResponse(
        id=request_id,
        status=pb.Status(code=failure.code_value, message=failure.message, retryable=failure.retryable),
    )
    return bytes((failure.code_value,)) + response.SerializeToString()


def warm_up() -> None:
    """Import the pipeline and run one small page through it (runs in each worker before it takes work)."""
    try:
        normalize(_WARM_UP_PAGE, content_type="text/html; charset=utf-8")
    except Exception:  # a broken pipeline must still answer each document with its error, not refuse to start
        log.exception("warm-up page failed; workers start anyway")


def _run_test_hook(request_id: str) -> None:
    """TEST ONLY (PAGEWASH_TEST_HOOKS=1): provoke a worker crash or a slow document by request id.

    "__crash__…" kills the worker; "__sleep__:SECONDS…" sleeps that long before normalizing.
    """
    if request_id.startswith("__crash__"):
        os.kill(os.getpid(), signal.SIGKILL)
    sleep = _SLEEP_HOOK.match(request_id)
    if sleep:
        time.sleep(float(sleep.group(1)))


# --- the front half --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Stats:
    """Counters for the periodic summary line."""

    documents: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    busy_seconds: float = 0.0
    codes: Counter[str] = field(default_factory=Counter)


class _ByteBudget:
    """Request bytes waiting or in work across all calls; one request is always let in, however large."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0
        self._waiters: list[asyncio.Future[None]] = []

    def try_take(self, size: int) -> bool:
        if self.used and self.used + size > self.limit:
            return False
        self.used += size
        return True

    async def take(self, size: int) -> None:
        while not self.try_take(size):
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            await waiter

    def give(self, size: int) -> None:
        self.used -= size
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)


class NormalizerService:
    """The `pagewash.v1.Normalizer` methods over a worker pool; requests and responses stay raw bytes."""

    def __init__(self, pool: Pool, *, limits: ServerLimits, info: ServerInfo, max_calls: int = 0) -> None:
        """`max_calls`: document calls (unary and streams) in progress at once, over all connections;
        past it new ones get UNAVAILABLE, "server busy" (retryable); 0 = no limit."""
        self._pool = pool
        self._limits = limits
        self._max_calls = max_calls
        self._info = _convert.server_info_to_pb(info)
        self._draining = False
        self._active_calls = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._budget = _ByteBudget(limits.max_queued_bytes or 2**62)
        self.stats = _Stats()

    def method_handlers(self) -> dict[str, grpc.RpcMethodHandler]:
        """Handlers without (de)serializers for the document calls: the front passes bytes through."""
        return {
            "Normalize": grpc.unary_unary_rpc_method_handler(self.normalize),
            "NormalizeStream": grpc.stream_stream_rpc_method_handler(self.normalize_stream),
            "GetServerInfo": grpc.unary_unary_rpc_method_handler(
                self.get_server_info,
                request_deserializer=pb.GetServerInfoRequest.FromString,
                response_serializer=pb.ServerInfo.SerializeToString,
            ),
        }

    # --- calls --------------------------------------------------------------------------------------

    async def normalize(self, raw: bytes, context: grpc.aio.ServicerContext[Any, Any]) -> bytes:
        if self._draining:
            await _abort(context, status.server_draining())
        await self._admit(context)
        if not self._budget.try_take(len(raw)):
            # Shed load at the door: holding unary calls would let any number of clients fill memory.
            await _abort(context, status.server_busy(self._budget.used, self._budget.limit))
        with self._call():
            started = time.perf_counter()
            future = self._start(raw)
            with contextlib.suppress(Exception):  # a failed job is answered with its status below
                await future
            code, body = self._finish(raw, started, future)
        if code == 0:
            return body
        failure = pb.NormalizeResponse.FromString(body).status
        await _abort(context, status.Failure(_status_code(code), failure.message, failure.retryable))
        raise AssertionError("unreachable: abort raises")

    async def normalize_stream(
        self, requests: AsyncIterator[bytes], context: grpc.aio.ServicerContext[Any, Any]
    ) -> AsyncIterator[bytes]:
        if self._draining:
            await _abort(context, status.server_draining())
        await self._admit(context)
        with self._call():
            # Read ahead only as far as the window: a fast sender cannot make the server buffer its input.
            window = asyncio.Semaphore(self._limits.max_inflight_per_stream)
            # Answers (code, body), in completion order; or _ALL_READ, _DROPPED, or the reader's exception.
            answers: asyncio.Queue[Any] = asyncio.Queue()
            in_work: set[asyncio.Future[bytes]] = set()
            read = 0

            def finished(raw: bytes, started: float, future: asyncio.Future[bytes]) -> None:
                in_work.discard(future)
                answers.put_nowait(_DROPPED if future.cancelled() else self._finish(raw, started, future))

            async def read_requests() -> None:
                nonlocal read
                try:
                    async for raw in requests:
                        await window.acquire()
                        await self._budget.take(len(raw))  # a busy server slows the stream down
                        # A callback, not a task per document: the front's CPU per document is the budget.
                        future = self._start(raw, batch=True)
                        read += 1
                        in_work.add(future)
                        future.add_done_callback(functools.partial(finished, raw, time.perf_counter()))
                except Exception as exc:
                    answers.put_nowait(exc)
                    return
                answers.put_nowait(_ALL_READ)

            reader = asyncio.ensure_future(read_requests())
            answered = 0
            reading = True
            try:
                while reading or answered < read:
                    item = await answers.get()
                    if item is _ALL_READ:
                        reading = False
                        continue
                    if isinstance(item, BaseException):
                        raise item
                    answered += 1
                    window.release()
                    if item is _DROPPED:  # only the `finally` below cancels: the call is ending anyway
                        continue
                    yield item[1]
            finally:
                reader.cancel()
                for future in list(in_work):
                    future.cancel()

    async def get_server_info(
        self, request: pb.GetServerInfoRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> pb.ServerInfo:
        return self._info

    # --- draining -----------------------------------------------------------------------------------

    async def drain(self, grace: float) -> bool:
        """Refuse new calls (UNAVAILABLE), wait up to `grace` seconds for active ones; True if they ended."""
        self._draining = True
        try:
            await asyncio.wait_for(self._idle.wait(), grace)
        except TimeoutError:
            return False
        return True

    @property
    def active_calls(self) -> int:
        return self._active_calls

    @property
    def queued_bytes(self) -> int:
        """Request bytes waiting for a worker or in work, across all calls."""
        return self._budget.used

    # --- internals ----------------------------------------------------------------------------------

    async def _admit(self, context: grpc.aio.ServicerContext[Any, Any]) -> None:
        """Refuse a call past `max_calls`: HTTP/2 bounds streams per connection only, and every call holds
        answers and read-ahead, so many connections could otherwise hold any amount of memory."""
        if self._max_calls and self._active_calls >= self._max_calls:
            await _abort(context, status.too_many_calls(self._active_calls, self._max_calls))

    @contextlib.contextmanager
    def _call(self) -> Iterator[None]:
        self._active_calls += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._active_calls -= 1
            if self._active_calls == 0:
                self._idle.set()

    def _start(self, raw: bytes, *, batch: bool = False) -> asyncio.Future[bytes]:
        """Hand one request (already counted in the byte budget) to the pool, or fail it here when its
        content is over the limit; the budget gets its bytes back however the job ends."""
        refusal = self._check_size(raw)
        if refusal is None:
            future = self._pool.submit(raw, batch=batch)
        else:
            future = asyncio.get_running_loop().create_future()
            future.set_exception(refusal)
        size = len(raw)
        future.add_done_callback(lambda _: self._budget.give(size))
        return future

    def _finish(self, raw: bytes, started: float, future: asyncio.Future[bytes]) -> tuple[int, bytes]:
        """The status code and response bytes of a finished job; every failure becomes a response."""
        error = future.exception()
        if error is None:
            answer = future.result()
            code, body = answer[0], answer[1:]
        else:
            failure = status.failure_for(error)
            code = failure.code_value
            body = encode_failure(_request_id(raw), failure)[1:]
        elapsed = time.perf_counter() - started
        stats = self.stats
        stats.documents += 1
        stats.bytes_in += len(raw)
        stats.bytes_out += len(body)
        stats.busy_seconds += elapsed
        code_name = _convert.code_name(code)
        stats.codes[code_name] += 1
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "document id=%r bytes=%d status=%s ms=%.1f",
                _request_id(raw),
                len(raw),
                code_name,
                elapsed * 1000,
            )
        return code, body

    def _check_size(self, raw: bytes) -> Exception | None:
        """Refuse an oversized page here rather than ship it to a worker (only big messages are parsed)."""
        limit = self._limits.max_content_bytes
        if len(raw) <= limit:
            return None
        try:
            size = len(pb.NormalizeRequest.FromString(raw).content)
        except DecodeError:
            return pipeline_errors.InvalidArgumentError("request", "not a NormalizeRequest")
        if size > limit:
            return pipeline_errors.ContentTooLargeError(size, limit)
        return None

    def summary(self) -> str:
        """One line of counters since start: documents by status, bytes, mean latency, pool events."""
        stats = self.stats
        codes = ", ".join(f"{name}={count}" for name, count in sorted(stats.codes.items()))
        pool = self._pool.stats
        mean_ms = 1000 * stats.busy_seconds / stats.documents if stats.documents else 0.0
        return (
            f"documents={stats.documents} [{codes}] in={stats.bytes_in} B out={stats.bytes_out} B "
            f"mean-latency={mean_ms:.1f} ms "
            f"in-work={self._pool.pending()} ({self._budget.used} B) calls={self._active_calls} "
            f"worker-spawns={pool.spawned} "
            f"timeouts={pool.timeouts} crashes={pool.crashes} recycled={pool.recycled} "
            f"through-shared-ring={pool.sent_through_ring}"
        )


def _request_id(raw: bytes) -> str:
    try:
        return pb.NormalizeRequest.FromString(raw).id
    except DecodeError:
        return ""


def _status_code(value: int) -> grpc.StatusCode:
    for code in grpc.StatusCode:
        if code.value[0] == value:
            return code
    return grpc.StatusCode.UNKNOWN


async def _abort(context: grpc.aio.ServicerContext[Any, Any], failure: status.Failure) -> None:
    context.set_trailing_metadata(
        ((status.RETRYABLE_METADATA_KEY, "true" if failure.retryable else "false"),)
    )
    await context.abort(failure.code, failure.message)


def server_info(config_limits: ServerLimits) -> ServerInfo:
    """What GetServerInfo reports: versions of the pieces that decide the output, languages, limits."""

    def version(dist: str) -> str:
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            return ""

    return ServerInfo(
        pagewash_version=__version__,
        ftfy_version=version("ftfy"),
        justext_version=version("justext"),
        lxml_version=version("lxml"),
        python_version=platform.python_version(),
        languages=tuple(sorted(language.available_languages())),
        limits=config_limits,
    )
