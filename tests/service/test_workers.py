"""The worker pool on its own: recycling, an externally killed worker, jobs queued behind a failed one."""

from __future__ import annotations

import asyncio
import functools
import os
import signal
import sys
from typing import Any

import pytest
from pagewash.v1 import normalizer_pb2 as pb
from pagewash_server.service import JobSettings, run_job, warm_up
from pagewash_server.workers import (
    QUEUE_BEHIND_SECONDS,
    RING_BYTES,
    InProcessPool,
    JobTimeoutError,
    WorkerCrashedError,
    WorkerPool,
)

TEXT = b"The committee met on Tuesday to discuss the budget for the coming year.\n"
SETTINGS = JobSettings(max_content_bytes=1_000_000, max_message_bytes=4_000_000, test_hooks=True)
JOB = functools.partial(run_job, settings=SETTINGS)


def _request(request_id: str, content: bytes = TEXT) -> bytes:
    return pb.NormalizeRequest(id=request_id, content=content).SerializeToString()


def _answer(raw: bytes) -> tuple[int, pb.NormalizeResponse]:
    return raw[0], pb.NormalizeResponse.FromString(raw[1:])


def _pool(size: int, **kwargs: Any) -> WorkerPool:
    # forkserver here (respawns in milliseconds keep these tests quick); the service tests run the
    # server's default, spawn.
    return WorkerPool(
        size, JOB, warm_up=warm_up, start_method="forkserver", preload=["pagewash_server.service"], **kwargs
    )


async def test_workers_are_recycled_after_their_quota_and_nothing_is_lost() -> None:
    pool = _pool(1, max_docs_per_worker=3)
    await pool.start()
    try:
        first_pid = pool.worker_pids()
        answers = await asyncio.gather(*(pool.submit(_request(f"r{i}")) for i in range(10)))
        assert [_answer(a)[1].id for a in answers] == [f"r{i}" for i in range(10)]
        assert all(_answer(a)[0] == 0 for a in answers)
        assert pool.stats.recycled >= 3
        assert pool.worker_pids() != first_pid
    finally:
        await pool.close()


async def test_a_killed_worker_fails_its_job_only_and_the_queued_one_moves_on() -> None:
    pool = _pool(1, doc_timeout=30.0)
    await pool.start()
    try:
        (pid,) = pool.worker_pids()
        running = pool.submit(_request("__sleep__:30"))  # dispatched at once: the worker was idle
        queued = pool.submit(_request("behind"))  # waits in the same worker's pipe
        await asyncio.sleep(0)
        os.kill(pid, signal.SIGKILL)
        with pytest.raises(WorkerCrashedError):
            await running
        code, response = _answer(await queued)
        assert code == 0 and response.id == "behind"
        assert pool.stats.crashes == 1
        assert pool.worker_pids() and pool.worker_pids() != [pid]
    finally:
        await pool.close()


async def test_deadline_kills_the_worker_and_the_pool_recovers() -> None:
    pool = _pool(2, doc_timeout=0.5)
    await pool.start()
    try:
        slow = pool.submit(_request("__sleep__:30"))
        fast = [pool.submit(_request(f"f{i}")) for i in range(6)]
        with pytest.raises(JobTimeoutError, match=r"limit of 0\.5 s"):
            await slow
        assert [_answer(a)[1].id for a in await asyncio.gather(*fast)] == [f"f{i}" for i in range(6)]
        assert pool.stats.timeouts == 1
        code, _ = _answer(await pool.submit(_request("after")))
        assert code == 0
    finally:
        await pool.close()


async def test_a_streams_documents_queued_behind_a_timed_out_page_all_run_in_order() -> None:
    pool = _pool(1, doc_timeout=1.0)
    await pool.start()
    try:
        slow = pool.submit(_request("__sleep__:30"), batch=True)
        behind = [pool.submit(_request(f"b{i}"), batch=True) for i in range(2)]
        assert [len(worker.pending) for worker in pool._workers] == [3]  # both wait in the worker's pipe
        with pytest.raises(JobTimeoutError):
            await slow
        answers = [_answer(raw) for raw in await asyncio.gather(*behind)]
        assert [(code, response.id) for code, response in answers] == [(0, "b0"), (0, "b1")]
    finally:
        await pool.close()


async def test_cancelled_jobs_never_reach_a_worker() -> None:
    pool = _pool(1)
    await pool.start()
    try:
        busy = pool.submit(_request("__sleep__:0.3"))
        queued = pool.submit(_request("queued"))
        waiting = pool.submit(_request("never"))
        waiting.cancel()
        await asyncio.gather(busy, queued)
        assert pool.pending() == 0
        assert pool.stats.completed == 2
    finally:
        await pool.close()


async def test_in_process_pool_runs_the_same_job() -> None:
    pool = InProcessPool(JOB, warm_up=warm_up, doc_timeout=5.0)
    await pool.start()
    try:
        code, response = _answer(await pool.submit(_request("here")))
        assert code == 0 and response.id == "here" and response.text
        code, response = _answer(await pool.submit(_request("empty", b"")))
        assert code == 3 and response.status.message == "content: is empty"
    finally:
        await pool.close()


async def test_a_pool_whose_workers_cannot_start_says_so() -> None:
    # sys.exit as the warm-up: every worker exits before it is ready, as a broken installation would.
    pool = WorkerPool(
        1, JOB, warm_up=sys.exit, start_method="forkserver", preload=["pagewash_server.service"]
    )
    with pytest.raises(RuntimeError, match="every worker failed to start"):
        await pool.start(timeout=60.0)
    assert pool.stats.spawned >= 3


async def test_no_job_queues_behind_a_slow_page() -> None:
    pool = _pool(2, doc_timeout=30.0)
    await pool.start()
    try:
        slow = pool.submit(_request("__sleep__:3"))
        await asyncio.sleep(QUEUE_BEHIND_SECONDS + 0.3)  # the slow page is now past the queueing limit
        fast = await asyncio.gather(*(pool.submit(_request(f"f{i}")) for i in range(8)))
        assert [_answer(a)[1].id for a in fast] == [f"f{i}" for i in range(8)]
        assert not slow.done()  # every fast page went to the other worker, none waited behind the slow one
        assert _answer(await slow)[0] == 0
    finally:
        await pool.close()


async def test_under_light_load_a_job_waits_for_the_first_free_worker_not_behind_a_long_page() -> None:
    pool = _pool(2, doc_timeout=30.0)
    await pool.start()
    try:
        long_page = pool.submit(_request("__sleep__:2"))
        short_page = pool.submit(_request("__sleep__:0.2"))
        # One job waiting for two workers is not a backlog: it goes to whichever worker frees up first
        # (the one with the short page), not into the long page's pipe.
        after = await pool.submit(_request("after"))
        assert _answer(after)[1].id == "after"
        assert short_page.done() and not long_page.done()
        assert _answer(await long_page)[0] == 0
    finally:
        await pool.close()


async def test_a_streams_documents_queue_in_the_workers_so_none_idles_between_documents() -> None:
    pool = _pool(2, doc_timeout=30.0)
    await pool.start()
    try:
        futures = [pool.submit(_request(f"__sleep__:0.5#{i}"), batch=True) for i in range(7)]
        # Two running, two more behind each in the workers' pipes (filled evenly), the seventh waits.
        assert [len(worker.pending) for worker in pool._workers] == [3, 3]
        assert pool.pending() == 7
        # Single calls piling up queue one deep only: a call must not wait behind two pages.
        calls = [pool.submit(_request(f"__sleep__:0.1#{i}")) for i in range(2)]
        assert pool.pending() == 9 and [len(worker.pending) for worker in pool._workers] == [3, 3]
        await asyncio.gather(*futures, *calls)
    finally:
        await pool.close()


async def test_single_calls_piling_up_queue_one_deep_in_each_worker() -> None:
    pool = _pool(2, doc_timeout=30.0)
    await pool.start()
    try:
        calls = [pool.submit(_request(f"__sleep__:0.5#{i}")) for i in range(6)]
        assert [len(worker.pending) for worker in pool._workers] == [2, 2]
        assert pool.pending() == 6
        await asyncio.gather(*calls)
    finally:
        await pool.close()


async def test_a_retiring_worker_that_times_out_is_not_replaced_twice() -> None:
    pool = _pool(1, doc_timeout=0.5, max_docs_per_worker=2)
    await pool.start()
    try:
        first = pool.submit(_request("first"))
        slow = pool.submit(_request("__sleep__:30"))  # queued behind "first": the worker's quota is reached
        await first  # answered: the worker retires (a successor starts) with the slow page still to run
        with pytest.raises(JobTimeoutError):
            await slow
        for i in range(5):
            assert _answer(await pool.submit(_request(f"after-{i}")))[0] == 0
        await asyncio.sleep(0.5)
        assert len(pool.worker_pids()) == 1
    finally:
        await pool.close()


async def test_a_worker_over_its_memory_limit_asks_to_be_recycled_and_loses_nothing() -> None:
    # A 1-byte limit: every worker is over it after its first page, asks to retire, finishes its queue.
    pool = _pool(1, max_rss_bytes=1)
    await pool.start()
    try:
        answers = await asyncio.gather(*(pool.submit(_request(f"m{i}")) for i in range(6)))
        assert [_answer(a)[1].id for a in answers] == [f"m{i}" for i in range(6)]
        assert all(_answer(a)[0] == 0 for a in answers)
        assert pool.stats.recycled >= 2
        assert pool.stats.crashes == 0
    finally:
        await pool.close()


@pytest.mark.parametrize("ring_bytes", [RING_BYTES, 0], ids=["shared-ring", "socket-only"])
async def test_requests_of_every_size_reach_the_worker_intact(ring_bytes: int) -> None:
    # Sizes around the worker's first buffer (256 KiB), past the size it keeps (4 MiB: that one gets a
    # buffer of its own, and is over this pool's content limit), then small again: each answer must carry
    # its own request's id and text, so no frame was cut or read from a stale buffer. With the shared ring
    # the large ones go through it and the small ones through the socket, interleaved.
    pool = _pool(1, ring_bytes=ring_bytes)
    await pool.start()
    try:
        sizes = [10, 300_000, 5_000_000, 700_000, 10, 262_144]
        futures = []
        for index, size in enumerate(sizes):
            content = (
                f"Paragraph {index} of the committee's report on the budget. " * (size // 60 + 1)
            ).encode()
            futures.append(pool.submit(_request(f"doc-{index}", content[:size]), batch=True))
        answers = [_answer(raw) for raw in await asyncio.gather(*futures)]
        assert [response.id for _, response in answers] == [f"doc-{i}" for i in range(len(sizes))]
        assert [code for code, _ in answers] == [0, 0, 8, 0, 0, 0]  # 8: RESOURCE_EXHAUSTED, over 1 MB
        for index, (code, response) in enumerate(answers):
            if code == 0 and sizes[index] > 100:
                assert response.text.startswith(f"Paragraph {index} of"), response.text[:80]
        assert pool.stats.sent_through_ring == (4 if ring_bytes else 0)
    finally:
        await pool.close()


def _big_request(request_id: str, index: int, size: int) -> bytes:
    content = f"Paragraph {index} of the committee's report on the budget. " * (size // 60 + 1)
    return _request(request_id, content[:size].encode())


async def test_a_stream_of_large_pages_wraps_around_the_shared_ring_without_mixing_pages() -> None:
    # 30 pages of 900 kB through one worker with a 4 MiB ring: queued three deep, they fill the ring and
    # wrap to its start again and again; every answer must be its own page's.
    pool = _pool(1, ring_bytes=4 * 1024 * 1024)
    await pool.start()
    try:
        futures = [pool.submit(_big_request(f"doc-{i}", i, 900_000), batch=True) for i in range(30)]
        answers = [_answer(raw) for raw in await asyncio.gather(*futures)]
        assert [code for code, _ in answers] == [0] * 30
        for index, (_, response) in enumerate(answers):
            assert response.id == f"doc-{index}"
            assert response.text.startswith(f"Paragraph {index} of"), response.text[:80]
        assert pool.stats.sent_through_ring >= 20
    finally:
        await pool.close()


async def test_pages_queued_in_a_crashed_workers_ring_are_sent_again_to_its_successor() -> None:
    pool = _pool(1, ring_bytes=4 * 1024 * 1024)
    await pool.start()
    try:
        crash = pool.submit(_big_request("__crash__", 0, 300_000), batch=True)
        queued = [pool.submit(_big_request(f"doc-{i}", i, 300_000), batch=True) for i in range(1, 4)]
        with pytest.raises(WorkerCrashedError):
            await crash
        answers = [_answer(raw) for raw in await asyncio.gather(*queued)]
        assert [(code, response.id) for code, response in answers] == [(0, f"doc-{i}") for i in range(1, 4)]
        for index, (_, response) in enumerate(answers, start=1):
            assert response.text.startswith(f"Paragraph {index} of"), response.text[:80]
        assert pool.stats.crashes == 1
        assert pool.stats.sent_through_ring >= 6  # four to the first worker, the three again to the next
        # The dead worker's ring is gone, the new worker's mapped once (Python's mmap keeps a dup of its fd).
        assert _rings_held() == (1, 1)
    finally:
        await pool.close()
    assert _rings_held() == (0, 0)


def _rings_held() -> tuple[int, int]:
    """(mappings, open fds) of shared rings in this process (Linux: /proc/self)."""
    from pathlib import Path

    mappings = sum("pagewash-requests" in line for line in Path("/proc/self/maps").read_text().splitlines())
    fds = 0
    for link in Path("/proc/self/fd").iterdir():
        try:
            fds += "pagewash-requests" in os.readlink(link)
        except OSError:  # the directory's own fd, closed by the time it is read
            continue
    return mappings, fds


def test_workers_tune_glibcs_allocator() -> None:
    import platform
    import subprocess

    script = "from pagewash_server.workers import _tune_allocator; print(_tune_allocator())"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    expected = "True" if platform.libc_ver()[0] == "glibc" else "False"
    assert out.stdout.strip() == expected, out.stderr


def test_worker_channel_reads_both_header_forms_and_ends_at_eof() -> None:
    import multiprocessing.connection
    import socket
    import struct

    from pagewash_server.workers import _WorkerChannel

    front, worker_end = socket.socketpair()
    with front:
        channel = _WorkerChannel(multiprocessing.connection.Connection(worker_end.detach()))
        # The long form (-1, then an 8-byte size) is what frames of 2 GiB or more use; any size may use it.
        front.sendall(struct.pack("!i", -1) + struct.pack("!Q", 5) + b"hello" + struct.pack("!i", 0))
        front.sendall(struct.pack("!i", 3) + b"abc")
        assert bytes(channel.receive()) == b"hello"
        assert bytes(channel.receive()) == b""  # an empty request is a valid job
        assert bytes(channel.receive()) == b"abc"
        channel.send(b"answer")
        assert front.recv(64) == struct.pack("!i", 6) + b"answer"
        front.shutdown(socket.SHUT_WR)
        with pytest.raises(EOFError):
            channel.receive()


def test_worker_channel_reads_requests_from_the_ring_the_front_passed() -> None:
    import multiprocessing.connection
    import socket
    import struct

    from pagewash_server.request_ring import RequestRing
    from pagewash_server.workers import _WorkerChannel

    front, worker_end = socket.socketpair()
    ring = RequestRing(64 * 1024)
    with front:
        channel = _WorkerChannel(multiprocessing.connection.Connection(worker_end.detach()))
        assert ring.fd is not None
        socket.send_fds(front, [b"R"], [ring.fd])
        assert channel.accept_ring()
        offset = ring.put(b"x" * 20_000 + b"end")
        assert offset == 0
        front.sendall(struct.pack("!iQQ", -2, offset, 20_003) + struct.pack("!i", 3) + b"abc")
        view = channel.receive()
        assert len(view) == 20_003 and bytes(view[-3:]) == b"end"
        assert bytes(channel.receive()) == b"abc"  # the socket still carries small requests
        front.sendall(struct.pack("!iQQ", -2, 60_000, 20_000))  # past the ring's end: refused loudly
        with pytest.raises(ValueError, match="outside the shared ring"):
            channel.receive()
    ring.close()


def test_worker_channel_without_a_ring_reads_everything_from_the_socket() -> None:
    import multiprocessing.connection
    import socket

    from pagewash_server.workers import _WorkerChannel

    front, worker_end = socket.socketpair()
    with front:
        channel = _WorkerChannel(multiprocessing.connection.Connection(worker_end.detach()))
        socket.send_fds(front, [b"R"], [])
        assert not channel.accept_ring()
    closed_front, worker_end = socket.socketpair()
    closed_front.close()  # the front went away before the worker started: the worker just exits
    with pytest.raises(EOFError):
        _WorkerChannel(multiprocessing.connection.Connection(worker_end.detach())).accept_ring()


async def test_without_shared_memory_large_requests_take_the_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    import pagewash_server.workers as workers_module

    def no_memfd(size: int) -> None:
        raise OSError(38, "memfd_create not implemented")  # as on a kernel or sandbox without it

    monkeypatch.setattr(workers_module, "RequestRing", no_memfd)
    pool = _pool(1)
    await pool.start()
    try:
        code, response = _answer(await pool.submit(_big_request("big", 1, 300_000), batch=True))
        assert (code, response.id) == (0, "big")
        assert response.text.startswith("Paragraph 1 of")
        assert pool.stats.sent_through_ring == 0
    finally:
        await pool.close()
