"""--max-concurrent-calls: past it new document calls are shed as "server busy"; health stays open."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import grpc
import pytest
from _service_server import ServerProcess
from pagewash import Client, Request, errors
from pagewash.v1 import normalizer_pb2 as pb
from pagewash.v1 import normalizer_pb2_grpc

TEXT = b"The committee met on Tuesday to discuss the budget for the coming year.\n"


@pytest.fixture(scope="module")
def limited_server() -> Iterator[ServerProcess]:
    proc = ServerProcess("--workers", "1", "--max-concurrent-calls", "2")
    yield proc
    proc.stop()


def test_calls_past_the_limit_are_shed_and_the_limit_frees_up(limited_server: ServerProcess) -> None:
    started = [threading.Event(), threading.Event()]
    release = threading.Event()
    answered: dict[int, list[pb.NormalizeResponse]] = {0: [], 1: []}

    def hold(number: int) -> None:
        """A stream that stays in progress until released: its second document waits for the test."""

        def requests() -> Iterator[pb.NormalizeRequest]:
            yield pb.NormalizeRequest(id=f"first-{number}", content=TEXT)
            release.wait(60)
            yield pb.NormalizeRequest(id=f"second-{number}", content=TEXT)

        with grpc.insecure_channel(limited_server.target) as channel:
            stub = normalizer_pb2_grpc.NormalizerStub(channel)
            for response in stub.NormalizeStream(requests(), timeout=60):
                answered[number].append(response)
                started[number].set()

    holders = [threading.Thread(target=hold, args=(n,)) for n in range(2)]
    for holder in holders:
        holder.start()
    try:
        assert all(event.wait(60) for event in started)
        with Client(limited_server.target, timeout=30.0) as third:
            assert third.health() == "SERVING"  # probes are not document calls
            with pytest.raises(errors.UnavailableError) as caught:
                third.normalize(TEXT)
            assert caught.value.message.startswith("server busy: 2 calls in progress (limit 2)")
            assert caught.value.retryable
            with pytest.raises(errors.UnavailableError):
                list(third.normalize_many([Request(id="x", content=TEXT)]))
    finally:
        release.set()
        for holder in holders:
            holder.join(60)
    for number in range(2):
        assert [r.id for r in answered[number]] == [f"first-{number}", f"second-{number}"]
        assert all(r.status.code == 0 for r in answered[number])
    with Client(limited_server.target, timeout=30.0) as after:
        assert after.normalize(TEXT).text
