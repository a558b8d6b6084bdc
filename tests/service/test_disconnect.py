"""Clients that go away or stop reading: the server frees the work and memory, and no worker stays stuck.

The server runs in this process over a real worker pool, so the test can look inside it: calls still
active, jobs waiting for or inside a worker, request bytes held (the byte budget), documents finished.
test_flow_control.py covers the in-process pool and an async client that breaks off; these cover a
client process that is killed, a client that never reads its answers, and a unary call given up on.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable

import grpc
from pagewash import AsyncClient, Request
from pagewash.types import ServerInfo, ServerLimits
from pagewash.v1 import normalizer_pb2 as pb
from pagewash_server.app import build_server
from pagewash_server.config import ServerConfig
from pagewash_server.service import JobSettings, NormalizerService, run_job, warm_up
from pagewash_server.workers import WorkerPool

TEXT = b"The committee met on Tuesday to discuss the budget for the coming year.\n"
WINDOW = 4
JOB = functools.partial(
    run_job, settings=JobSettings(max_content_bytes=4_000_000, max_message_bytes=16_000_000, test_hooks=True)
)
NORMALIZE = "/pagewash.v1.Normalizer/Normalize"
NORMALIZE_STREAM = "/pagewash.v1.Normalizer/NormalizeStream"


class Served:
    """A server in this process over two real worker processes, and what it holds right now."""

    def __init__(self, server: grpc.aio.Server, service: NormalizerService, pool: WorkerPool, target: str):
        self.server = server
        self.service = service
        self.pool = pool
        self.target = target

    def holding(self) -> tuple[int, int, int]:
        """(active calls, jobs waiting or in a worker, request bytes held)."""
        return self.service.active_calls, self.pool.pending(), self.service.queued_bytes

    async def settle(self, condition: Callable[[], bool], seconds: float = 30.0) -> bool:
        for _ in range(int(seconds / 0.05)):
            if condition():
                return True
            await asyncio.sleep(0.05)
        return condition()

    async def close(self) -> None:
        await self.server.stop(None)
        await self.pool.close()


async def _serve() -> Served:
    pool = WorkerPool(
        2,
        JOB,
        warm_up=warm_up,
        doc_timeout=30.0,
        start_method="forkserver",
        preload=["pagewash_server.service"],
    )
    await pool.start()
    limits = ServerLimits(
        max_content_bytes=4_000_000,
        max_message_bytes=16_000_000,
        max_inflight_per_stream=WINDOW,
        workers=2,
    )
    config = ServerConfig(
        listen="127.0.0.1:0",
        workers=2,
        max_inflight_per_stream=WINDOW,
        max_content_bytes=4_000_000,
        max_message_bytes=16_000_000,
    )
    service = NormalizerService(pool, limits=limits, info=ServerInfo(limits=limits))
    server, _ = build_server(config, service)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    return Served(server, service, pool, f"127.0.0.1:{port}")


CLIENT_SCRIPT = textwrap.dedent(
    """
    import sys
    from pagewash import Client, Request

    def requests():
        for i in range(200):
            yield Request(id=f"__sleep__:0.3#{i}", content=b"The committee met on Tuesday.\\n")

    with Client(sys.argv[1], timeout=120.0) as client:
        for result in client.normalize_many(requests(), window=50):
            print("answered", result.id, flush=True)
    """
)


async def test_a_killed_client_process_frees_its_work_and_the_workers() -> None:
    served = await _serve()
    client: subprocess.Popen[str] | None = None
    try:
        client = await asyncio.to_thread(
            subprocess.Popen,
            [sys.executable, "-c", CLIENT_SCRIPT, served.target],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert client.stdout is not None
        first = await asyncio.to_thread(client.stdout.readline)
        assert first.startswith("answered __sleep__:0.3#")
        assert served.service.active_calls == 1 and served.pool.pending() > 0
        client.send_signal(signal.SIGKILL)  # no goodbye: the kernel closes its socket
        await asyncio.to_thread(client.wait, 30)
        # All 200 would take 30 s on two workers; the server lets go of the call as soon as it sees the
        # connection gone, and only the jobs already inside a worker finish.
        assert await served.settle(lambda: served.holding() == (0, 0, 0)), served.holding()
        assert served.pool.stats.completed < 40
        assert served.pool.stats.crashes == 0 and served.pool.stats.timeouts == 0
        async with AsyncClient(served.target, timeout=30.0) as fresh:
            assert (await fresh.normalize(TEXT)).text
            results = [
                r async for r in fresh.normalize_many(Request(id=str(i), content=TEXT) for i in range(20))
            ]
            assert sorted(r.id for r in results) == sorted(str(i) for i in range(20))
            assert all(r.ok for r in results)
    finally:
        if client is not None and client.poll() is None:
            client.kill()
            client.wait()
        await served.close()


async def test_a_client_that_stops_reading_holds_only_its_window_and_blocks_no_one() -> None:
    served = await _serve()
    # A page of ~200 KB asked back with its paragraphs: each answer is a few hundred KB, so the unread
    # answers fill gRPC's flow-control windows after a few dozen documents.
    page = b"<html><body><article>" + (b"<p>" + TEXT * 30 + b"</p>") * 90 + b"</article></body></html>"
    request = pb.NormalizeRequest(content=page, options=pb.Options(include_paragraphs=True))
    total = 400
    try:
        async with grpc.aio.insecure_channel(
            served.target, options=[("grpc.max_receive_message_length", 64_000_000)]
        ) as channel:
            call = channel.stream_stream(
                NORMALIZE_STREAM, request_serializer=None, response_deserializer=None
            )(timeout=300)

            async def write_all() -> None:
                for i in range(total):
                    request.id = f"stalled-{i}"
                    await call.write(request.SerializeToString())
                await call.done_writing()

            writer = asyncio.ensure_future(write_all())
            # The server answers until the answers it cannot send fill the windows, then stops reading.
            last = -1
            for _ in range(600):
                await asyncio.sleep(0.1)
                finished = served.service.stats.documents
                if finished == last and finished > 0:
                    break
                last = finished
            await asyncio.sleep(1.0)
            stalled_at = served.service.stats.documents
            assert 0 < stalled_at < total // 2, stalled_at
            active, in_work, held = served.holding()
            assert active == 1
            assert in_work <= WINDOW
            assert held <= WINDOW * len(request.SerializeToString())
            assert not writer.done()  # the client's own writes are held back too: nothing piles up

            # The stalled caller holds no worker: another client is served in full meanwhile.
            async with AsyncClient(served.target, timeout=60.0) as other:
                results = [
                    r async for r in other.normalize_many(Request(id=str(i), content=TEXT) for i in range(30))
                ]
            assert len(results) == 30 and all(r.ok for r in results)

            call.cancel()
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError, grpc.aio.AioRpcError):
                await writer
        assert await served.settle(lambda: served.holding() == (0, 0, 0)), served.holding()
        assert served.service.stats.documents < total // 2 + 30
        assert served.pool.stats.crashes == 0 and served.pool.stats.timeouts == 0
    finally:
        await served.close()


async def test_a_unary_call_given_up_on_releases_its_bytes_and_the_worker_finishes() -> None:
    served = await _serve()
    try:
        async with grpc.aio.insecure_channel(served.target) as channel:
            normalize = channel.unary_unary(NORMALIZE, request_serializer=None, response_deserializer=None)
            slow = pb.NormalizeRequest(id="__sleep__:2", content=TEXT).SerializeToString()
            try:
                await normalize(slow, timeout=0.3)
            except grpc.aio.AioRpcError as exc:
                assert exc.code() is grpc.StatusCode.DEADLINE_EXCEEDED
            else:
                raise AssertionError("a 2 s document answered within 0.3 s")
            # The call ends at its deadline on the server too: its bytes are given back at once; the
            # worker finishes the page (a running page cannot be taken back) and is free again.
            assert await served.settle(
                lambda: served.service.active_calls == 0 and served.service.queued_bytes == 0
            )
            assert await served.settle(lambda: served.pool.pending() == 0)
            assert served.pool.stats.crashes == 0
            answer = await normalize(
                pb.NormalizeRequest(id="next", content=TEXT).SerializeToString(), timeout=30
            )
            assert pb.NormalizeResponse.FromString(answer).id == "next"
    finally:
        await served.close()
