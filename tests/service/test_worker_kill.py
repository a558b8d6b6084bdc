"""A worker SIGKILLed from outside mid-stream: its document fails retryably, the rest are answered, the
pool recovers, and `normalize_many(retries=...)` resends the failed document by itself.

test_errors.py and test_stream.py crash workers from inside (the "__crash__" hook); here the kill comes
from outside, as the kernel's OOM killer or an operator would send it, at a moment the test does not pick
per document, with the server's default start method (spawn: workers are the server's own children).
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from _service_server import ServerProcess
from pagewash import Client, Request, Result

TEXT = b"The committee met on Tuesday to discuss the budget for the coming year.\n"
DOCS = 40


def _worker_pids(server: ServerProcess) -> set[int]:
    """The server's worker processes: its children running multiprocessing's spawn entry point."""
    pid = server.process.pid
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    workers = set()
    for child in children:
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"multiprocessing" in command and b"resource_tracker" not in command:
            workers.add(int(child))
    return workers


def _wait_for_workers(server: ServerProcess, count: int, avoid: set[int]) -> set[int]:
    for _ in range(600):
        pids = _worker_pids(server) - avoid
        if len(pids) == count:
            return pids
        time.sleep(0.1)
    raise AssertionError(f"the pool did not come back to {count} workers: {_worker_pids(server)}")


@pytest.fixture(scope="module")
def spawn_server() -> Iterator[ServerProcess]:
    # Two slow documents per worker at most, so each worker always has one running when the kill lands.
    proc = ServerProcess(
        "--workers",
        "2",
        "--max-inflight-per-stream",
        "4",
        "--doc-timeout",
        "30",
        env={"PAGEWASH_TEST_HOOKS": "1"},
    )
    yield proc
    proc.stop()


def _stream_with_a_kill(server: ServerProcess, retries: int) -> tuple[list[Result], int]:
    """Stream DOCS slow documents; SIGKILL one worker when the first answer arrives."""
    victim = min(_wait_for_workers(server, 2, set()))
    results: list[Result] = []

    def requests() -> Iterator[Request]:
        for i in range(DOCS):
            yield Request(id=f"__sleep__:0.2#{i}", content=TEXT)

    with Client(server.target, timeout=120.0) as client:
        for result in client.normalize_many(requests(), window=8, retries=retries):
            results.append(result)
            if len(results) == 1:
                os.kill(victim, signal.SIGKILL)
    return results, victim


def test_a_killed_worker_fails_only_its_document_retryably_and_the_pool_recovers(
    spawn_server: ServerProcess,
) -> None:
    log_from = len(spawn_server.lines)
    results, victim = _stream_with_a_kill(spawn_server, retries=0)
    assert sorted(r.id for r in results) == sorted(f"__sleep__:0.2#{i}" for i in range(DOCS))
    failed = [r for r in results if not r.ok]
    # The document the worker was running fails; the one queued behind it goes to another worker.
    assert len(failed) == 1, [(r.id, r.error) for r in failed]
    error = failed[0].error
    assert error is not None and error.code == "INTERNAL" and error.retryable
    assert "worker process died" in error.message
    assert victim not in _wait_for_workers(spawn_server, 2, {victim})
    with Client(spawn_server.target, timeout=60.0) as client:
        assert client.health() == "SERVING"
        assert client.normalize(TEXT).text
    assert "".join(spawn_server.lines[log_from:]).count("died unexpectedly") == 1


def test_normalize_many_with_retries_resends_what_a_killed_worker_lost(spawn_server: ServerProcess) -> None:
    log_from = len(spawn_server.lines)
    results, victim = _stream_with_a_kill(spawn_server, retries=2)
    assert sorted(r.id for r in results) == sorted(f"__sleep__:0.2#{i}" for i in range(DOCS))
    assert all(r.ok for r in results), [(r.id, r.error) for r in results if not r.ok]
    assert victim not in _wait_for_workers(spawn_server, 2, {victim})
    # The kill did cost a document its worker: the retry, not luck, got every document through.
    assert "".join(spawn_server.lines[log_from:]).count("died unexpectedly") == 1
