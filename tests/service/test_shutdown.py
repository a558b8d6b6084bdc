"""SIGTERM: health NOT_SERVING, new calls UNAVAILABLE, the call in flight completes, exit status 0."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator

import pytest
from _service_server import ServerProcess
from pagewash import Client, Request, Result, errors

TEXT = b"The committee met on Tuesday to discuss the budget for the coming year.\n"


def test_sigterm_drains_gracefully() -> None:
    server = ServerProcess("--workers", "1", "--grace", "60")
    try:
        first_half = threading.Event()
        release = threading.Event()
        results: list[Result] = []

        def requests() -> Iterator[Request]:
            for i in range(5):
                yield Request(id=f"before-{i}", content=TEXT)
            # The stream stays open (in flight) until the test has checked the draining server.
            release.wait(60)
            for i in range(5):
                yield Request(id=f"after-{i}", content=TEXT)

        def consume() -> None:
            with Client(server.target, timeout=60.0) as client:
                for result in client.normalize_many(requests(), window=1):
                    results.append(result)
                    if len(results) == 5:
                        first_half.set()

        consumer = threading.Thread(target=consume)
        consumer.start()
        assert first_half.wait(60)

        server.signal(signal.SIGTERM)
        with Client(server.target, timeout=10.0) as probe:
            status = "SERVING"
            for _ in range(200):  # the signal is handled asynchronously: poll until it lands
                status = probe.health()
                if status != "SERVING":
                    break
                threading.Event().wait(0.05)
            assert status == "NOT_SERVING"
            with pytest.raises(errors.UnavailableError) as caught:
                probe.normalize(TEXT)
            assert "shutting down" in caught.value.message
            assert caught.value.retryable
            with pytest.raises(errors.UnavailableError):
                list(probe.normalize_many([{"content": TEXT}]))

        release.set()
        consumer.join(60)
        assert not consumer.is_alive()
        expected = [f"before-{i}" for i in range(5)] + [f"after-{i}" for i in range(5)]
        assert sorted(r.id for r in results) == sorted(expected)
        assert all(r.ok for r in results)
        assert server.wait(60) == 0
        assert "draining" in server.log
    finally:
        server.stop()
