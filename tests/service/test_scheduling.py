"""The front runs as SCHED_BATCH (every thread, so its wake-ups do not preempt workers); workers, respawned
ones included, keep the server's own policy; `--front-policy normal` and `--workers 0` leave the front
alone."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _service_server import ServerProcess
from pagewash import Client, Request
from pagewash_server import scheduling

pytestmark = pytest.mark.skipif(not hasattr(os, "SCHED_BATCH"), reason="SCHED_BATCH is Linux-only")

TEXT = b"The committee met on Tuesday to discuss the budget for the coming year.\n"


def _thread_policies(pid: int) -> set[int]:
    policies = set()
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            policies.add(os.sched_getscheduler(int(tid)))
        except OSError:  # the thread ended meanwhile
            continue
    return policies


def _worker_pids(server: ServerProcess) -> set[int]:
    pid = server.process.pid
    pids = set()
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"multiprocessing-fork" in command:
            pids.add(int(child))
    return pids


def test_front_threads_are_batch_and_workers_keep_the_default_even_when_respawned() -> None:
    server = ServerProcess("--workers", "2", env={"PAGEWASH_TEST_HOOKS": "1"})
    try:
        assert "front scheduled as batch" in server.log
        with Client(server.target, timeout=30.0) as client:
            assert client.normalize(TEXT).text  # gRPC's threads have all started by now
            assert _thread_policies(server.process.pid) == {os.SCHED_BATCH}
            first = _worker_pids(server)
            assert len(first) == 2
            assert {os.sched_getscheduler(pid) for pid in first} == {os.SCHED_OTHER}
            # A worker that dies is replaced by one the (batch) front spawns: it must not inherit batch.
            results = list(client.normalize_many([Request(id="__crash__", content=TEXT)]))
            assert results[0].error is not None and results[0].error.code == "INTERNAL"
            for _ in range(300):
                respawned = _worker_pids(server) - first
                if respawned:
                    break
                time.sleep(0.1)
            assert respawned, "no worker was respawned"
            # It starts as batch (a child of the front) and leaves batch as its first step, before warm-up.
            for _ in range(300):
                if {os.sched_getscheduler(pid) for pid in respawned} == {os.SCHED_OTHER}:
                    break
                time.sleep(0.1)
            assert {os.sched_getscheduler(pid) for pid in respawned} == {os.SCHED_OTHER}
            assert client.normalize(TEXT).text
    finally:
        server.stop()


@pytest.mark.parametrize("args", [("--workers", "1", "--front-policy", "normal"), ("--workers", "0")])
def test_front_stays_normal_when_asked_or_without_workers(args: tuple[str, ...]) -> None:
    server = ServerProcess(*args)
    try:
        assert "front scheduled as normal" in server.log
        with Client(server.target, timeout=30.0) as client:
            assert client.normalize(TEXT).text
        assert _thread_policies(server.process.pid) == {os.SCHED_OTHER}
    finally:
        server.stop()


def test_restore_brings_a_batched_process_back_to_its_policy() -> None:
    # In a child process: the test runner's own threads must keep their policy.
    script = (
        "import os; from pagewash_server import scheduling as s; "
        "before = s.current(); assert s.batch_this_process() >= 1; "
        "assert os.sched_getscheduler(0) == os.SCHED_BATCH; "
        "s.restore(before); print(os.sched_getscheduler(0) == before.policy)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "True", out.stderr
    assert scheduling.current() is not None
