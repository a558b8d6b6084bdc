"""Inside the front: a stream reads ahead only its window, and a client that goes away frees its work."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterator

import grpc
import pytest
from pagewash import AsyncClient, Request, errors
from pagewash.types import ServerInfo, ServerLimits
from pagewash.v1 import normalizer_pb2, normalizer_pb2_grpc
from pagewash_server.app import build_server
from pagewash_server.config import ServerConfig
from pagewash_server.service import JobSettings, NormalizerService, run_job
from pagewash_server.workers import InProcessPool

TEXT = b"The committee met on Tuesday to discuss the budget for the coming year.\n"
JOB = functools.partial(
    run_job, settings=JobSettings(max_content_bytes=1_000_000, max_message_bytes=4_000_000, test_hooks=True)
)


class CountingPool(InProcessPool):
    """The real in-process pool, noting the most jobs it ever held at once."""

    most_in_work = 0

    def submit(self, payload: bytes, *, batch: bool = False) -> asyncio.Future[bytes]:
        future = super().submit(payload, batch=batch)
        self.most_in_work = max(self.most_in_work, self.pending())
        return future


async def _serve(window: int) -> tuple[grpc.aio.Server, NormalizerService, CountingPool, str]:
    config = ServerConfig(listen="127.0.0.1:0", workers=0, max_inflight_per_stream=window)
    pool = CountingPool(JOB, doc_timeout=30.0)
    await pool.start()
    limits = ServerLimits(
        max_content_bytes=1_000_000, max_message_bytes=4_000_000, max_inflight_per_stream=window
    )
    service = NormalizerService(pool, limits=limits, info=ServerInfo(limits=limits))
    server, _ = build_server(config, service)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    return server, service, pool, f"127.0.0.1:{port}"


async def test_a_stream_reads_ahead_only_its_window() -> None:
    server, _, pool, target = await _serve(window=3)
    try:
        async with AsyncClient(target) as client:
            requests = [Request(id=f"r{i}", content=TEXT) for i in range(200)]
            results = [r async for r in client.normalize_many(requests, window=100)]
        assert sorted(r.id for r in results) == sorted(f"r{i}" for i in range(200))
        assert 1 <= pool.most_in_work <= 3
    finally:
        await server.stop(None)
        await pool.close()


async def test_a_client_that_goes_away_frees_its_work() -> None:
    server, service, pool, target = await _serve(window=4)
    try:

        async def slow_requests() -> AsyncIterator[Request]:
            for i in range(50):
                yield Request(id=f"__sleep__:0.5#{i}", content=TEXT)

        async with AsyncClient(target) as client:
            async for first in client.normalize_many(slow_requests(), window=50):
                assert first.ok  # a slow document, answered
                break  # the consumer stops after the first answer: the generator closes and cancels the call
        # Running all 50 would take 25 s: an empty pool within the 10 s below means the work was dropped.
        for _ in range(200):
            if service.active_calls == 0 and pool.pending() == 0:
                break
            await asyncio.sleep(0.05)
        assert service.active_calls == 0
        assert pool.pending() == 0
        assert pool.stats.completed < 20
        assert pool.stats.timeouts == 0
    finally:
        await server.stop(None)
        await pool.close()


async def test_the_byte_budget_sheds_unary_calls_and_slows_streams() -> None:
    config = ServerConfig(listen="127.0.0.1:0", workers=0, max_inflight_per_stream=8)
    pool = CountingPool(JOB, doc_timeout=30.0)
    await pool.start()
    limits = ServerLimits(
        max_content_bytes=1_000_000,
        max_message_bytes=4_000_000,
        max_inflight_per_stream=8,
        max_queued_bytes=1500,
    )
    service = NormalizerService(pool, limits=limits, info=ServerInfo(limits=limits))
    server, _ = build_server(config, service)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    page = TEXT * 12  # ~900 bytes: one fits in the budget, two do not
    try:
        async with AsyncClient(f"127.0.0.1:{port}", timeout=30.0) as client:
            slow = asyncio.ensure_future(_call_with_id(f"127.0.0.1:{port}", "__sleep__:1", page))
            while service.queued_bytes == 0:
                await asyncio.sleep(0.01)
            with pytest.raises(errors.UnavailableError) as caught:
                await client.normalize(page)
            assert caught.value.message.startswith("server busy:") and caught.value.retryable
            await slow
            # A stream is never refused for load: it waits for room, one page at a time here.
            results = [
                r async for r in client.normalize_many([Request(id=str(i), content=page) for i in range(10)])
            ]
            assert sorted(r.id for r in results) == [str(i) for i in range(10)] and all(r.ok for r in results)
            assert pool.most_in_work == 1
            assert service.queued_bytes == 0
    finally:
        await server.stop(None)
        await pool.close()


async def _call_with_id(target: str, request_id: str, content: bytes) -> None:
    async with grpc.aio.insecure_channel(target) as channel:
        stub = normalizer_pb2_grpc.NormalizerStub(channel)
        await stub.Normalize(normalizer_pb2.NormalizeRequest(id=request_id, content=content), timeout=30)
