"""The shared ring's space accounting: extents never overlap, stay inside the buffer, and free in order."""

from __future__ import annotations

import collections

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pagewash_server.request_ring import RequestRing, RingSpace, map_for_reading


def test_extents_follow_each_other_then_wrap_to_the_start_once_the_oldest_is_free() -> None:
    space = RingSpace(100)
    assert [space.take(30), space.take(30), space.take(30)] == [0, 30, 60]
    assert space.take(20) is None  # 10 bytes left at the end, the start is taken
    space.give_back()  # [0, 30) is free again
    assert space.take(20) == 0  # wraps: the end has only 10
    assert space.take(10) == 20  # between the newest (ends at 20) and the oldest (starts at 30)
    assert space.take(1) is None  # wrapped and full up to the oldest
    for _ in range(4):
        space.give_back()
    assert len(space) == 0
    assert space.take(100) == 0  # empty: the whole buffer from the start


def test_requests_that_can_never_fit_are_refused() -> None:
    space = RingSpace(64)
    assert space.take(65) is None
    assert space.take(0) is None
    assert len(space) == 0


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.integers(min_value=1, max_value=70), st.none()), max_size=80))
def test_any_sequence_of_takes_and_frees_keeps_live_extents_apart_and_inside(steps: list[int | None]) -> None:
    size = 64
    space = RingSpace(size)
    live: collections.deque[tuple[int, int]] = collections.deque()
    for step in steps:
        if step is None:  # the oldest request is answered
            if live:
                space.give_back()
                live.popleft()
            continue
        offset = space.take(step)
        if offset is None:
            # An empty ring takes anything that fits in it; a busy one may refuse (the page takes the socket).
            assert live or step > size
            continue
        assert offset >= 0 and offset + step <= size
        for start, length in live:
            assert offset + step <= start or start + length <= offset, (offset, step, list(live))
        live.append((offset, step))


def test_what_the_front_writes_the_worker_reads_from_its_own_mapping() -> None:
    ring = RequestRing(1024 * 1024)
    try:
        assert ring.fd is not None
        import os

        reader = map_for_reading(os.dup(ring.fd))
        first = ring.put(b"a" * 300_000)
        second = ring.put(b"b" * 300_000)
        assert (first, second) == (0, 300_000)
        assert reader[first : first + 3] == b"aaa" and reader[second + 299_997 : second + 300_000] == b"bbb"
        assert ring.put(b"c" * 500_000) is None  # 424 KiB left: the page takes the socket instead
        ring.release_oldest()
        reader.close()
    finally:
        ring.close()
    assert ring.put(b"late") is None  # closed with its worker: nothing is written any more


def test_closing_twice_is_harmless_and_freeing_more_than_was_taken_is_an_error() -> None:
    ring = RequestRing(4096)
    ring.close()
    ring.close()  # twice is harmless: a worker's ring is closed wherever the worker is dropped
    with pytest.raises(IndexError):
        RingSpace(8).give_back()
