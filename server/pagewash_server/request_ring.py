"""Shared memory through which the front hands large requests to a worker, freed first in, first out.

A page sent through the worker's socket is copied twice by the kernel (into the socket, out of it into the
worker) and costs socket buffers on both sides; a page written into memory the worker maps is copied once,
and the worker parses it where it lies. Each worker has its own ring: a Linux memfd the front creates,
maps read-write and passes over the worker's socket (SCM_RIGHTS); the worker maps it read-only.

A worker answers its jobs in the order it got them, so the front frees extents in the order it took them
and the space it can use is at most two runs: after the newest extent to the end of the buffer, and from
the start to the oldest extent (once the ring has wrapped, only the one between the newest and the
oldest). A request that fits in none goes through the socket as before.
"""

from __future__ import annotations

import collections
import mmap
import os


class RingSpace:
    """Offsets of extents in a buffer of `size` bytes, given back in the order they were taken."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._extents: collections.deque[tuple[int, int]] = collections.deque()

    def take(self, length: int) -> int | None:
        """The offset of `length` bytes now taken, or None when no usable run is that long."""
        if length <= 0 or length > self.size:
            return None
        if not self._extents:
            start = 0
        else:
            oldest = self._extents[0][0]
            newest, newest_length = self._extents[-1]
            end = newest + newest_length
            if end > oldest:  # the taken extents do not wrap: free after the newest, then before the oldest
                if self.size - end >= length:
                    start = end
                elif oldest >= length:
                    start = 0
                else:
                    return None
            elif oldest - end >= length:  # they wrap: the free run lies between the newest and the oldest
                start = end
            else:
                return None
        self._extents.append((start, length))
        return start

    def give_back(self) -> None:
        """Free the oldest extent still taken."""
        self._extents.popleft()

    def __len__(self) -> int:
        return len(self._extents)


class RequestRing:
    """The front's side of one worker's ring: a memfd mapped read-write, and the space taken in it.

    Raises OSError (or AttributeError without `os.memfd_create`: not Linux) when the memory cannot be made;
    the pool then sends every request through the socket."""

    def __init__(self, size: int) -> None:
        fd = os.memfd_create("pagewash-requests", os.MFD_CLOEXEC)
        try:
            os.ftruncate(fd, size)
            # Reserve the memory now: a write into a mapping the kernel cannot back later is a SIGBUS in
            # the front, where a refusal here only sends this worker's requests through its socket.
            os.posix_fallocate(fd, 0, size)
            self._map: mmap.mmap | None = mmap.mmap(fd, size)
        except BaseException:
            os.close(fd)
            raise
        self.fd: int | None = fd  # passed to the worker once, then closed here (the mapping stays)
        self.space = RingSpace(size)

    def put(self, payload: bytes) -> int | None:
        """Copy `payload` into free space and return its offset; None when it does not fit now."""
        if self._map is None:
            return None
        offset = self.space.take(len(payload))
        if offset is not None:
            self._map[offset : offset + len(payload)] = payload
        return offset

    def release_oldest(self) -> None:
        """The worker answered the oldest request in the ring: its space is free again."""
        self.space.give_back()

    def close_fd(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def close(self) -> None:
        self.close_fd()
        if self._map is not None:
            self._map.close()
            self._map = None


def map_for_reading(fd: int) -> mmap.mmap:
    """The worker's side: map the ring the front passed (its whole size), read-only, and close the fd."""
    try:
        return mmap.mmap(fd, os.fstat(fd).st_size, prot=mmap.PROT_READ)
    finally:
        os.close(fd)
