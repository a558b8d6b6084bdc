"""The front's CPU scheduling policy: Linux SCHED_BATCH, so its wake-ups wait for a worker's turn to end.

The front wakes several times per document (a request arrives, a worker answers, a write completes). Under
the default policy each wake-up preempts the worker running on that core: the pipeline loses its caches
and the front runs a few microseconds of work per switch. As SCHED_BATCH the front is never woken *into*
a running worker; it runs when a worker's time slice ends or a core is idle, and then handles every event
that has accumulated in one turn. Measured on 2 cores (BENCHMARKS.md): about 30% less front CPU per
document. The cost is latency only when every core is busy, by at most one time slice (milliseconds);
with an idle core the front runs at once. Workers keep the policy the server was started with.
"""

from __future__ import annotations

import logging
import os
from typing import NamedTuple

log = logging.getLogger(__name__)


class Policy(NamedTuple):
    """A thread's scheduling policy and its static priority (0 for the non-real-time policies)."""

    policy: int
    priority: int


def current() -> Policy | None:
    """The calling thread's policy; None where the platform has no such call (not Linux)."""
    try:
        return Policy(os.sched_getscheduler(0), os.sched_getparam(0).sched_priority)
    except (AttributeError, OSError):
        return None


def batch_this_process() -> int:
    """Move every thread of this process to SCHED_BATCH (threads they start later inherit it).

    Returns the number of threads moved: 0 where SCHED_BATCH does not exist."""
    batch = getattr(os, "SCHED_BATCH", None)
    if batch is None or not os.path.isdir("/proc/self/task"):
        return 0
    moved = 0
    for tid in os.listdir("/proc/self/task"):
        try:
            os.sched_setscheduler(int(tid), batch, os.sched_param(0))
        except OSError:  # the thread ended meanwhile; or a real-time policy that only root may leave
            continue
        moved += 1
    return moved


def restore(policy: Policy | None) -> None:
    """Put the calling process back on `policy` (a spawned worker inherits the front's SCHED_BATCH)."""
    if policy is None or current() == policy:
        return
    try:
        os.sched_setscheduler(0, policy.policy, os.sched_param(policy.priority))
    except OSError as exc:  # pragma: no cover - leaving SCHED_BATCH for the default needs no privilege
        log.warning("worker could not return to scheduling policy %s: %s", policy.policy, exc)
