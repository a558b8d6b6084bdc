"""Faults around the service: a server that dies mid-stream loses no answer; settings from flags and env;
the front runs on either event loop."""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator

import pytest
from _service_server import ServerProcess
from pagewash import Client, Request, Result, errors
from pagewash_server.__main__ import loop_factory
from pagewash_server.config import ServerConfig

TEXT = b"The committee met on Tuesday to discuss the budget for the coming year.\n"


def test_server_killed_mid_stream_every_sent_request_still_gets_a_result() -> None:
    server = ServerProcess("--workers", "1", env={"PAGEWASH_TEST_HOOKS": "1"})
    results: list[Result] = []
    try:

        def requests() -> Iterator[Request]:
            yield Request(id="quick", content=TEXT)
            yield Request(id="__sleep__:60", content=TEXT)

        with Client(server.target, timeout=30.0) as client, pytest.raises(errors.UnavailableError):
            for result in client.normalize_many(requests(), window=2):
                results.append(result)
                if result.id == "quick":
                    server.signal(signal.SIGKILL)
    finally:
        server.stop()
    assert [r.id for r in results] == ["quick", "__sleep__:60"]
    assert results[0].ok
    lost = results[1].error
    assert lost is not None and lost.code == "UNAVAILABLE" and lost.retryable


def test_settings_come_from_flags_then_environment_then_defaults() -> None:
    env = {"PAGEWASH_WORKERS": "3", "PAGEWASH_DOC_TIMEOUT": "2.5", "PAGEWASH_LISTEN": "0.0.0.0:6000"}
    config = ServerConfig.from_args(["--workers", "5"], env)
    assert config.workers == 5  # the flag wins over PAGEWASH_WORKERS
    assert config.doc_timeout == 2.5
    assert config.listen == "0.0.0.0:6000"
    assert config.max_inflight_per_stream == 15  # three per worker unless set
    assert config.start_method == "spawn"
    assert config.event_loop == "auto"
    assert config.front_policy == "batch"
    assert config.shared_ring_mib == 8
    assert ServerConfig.from_args([], {"PAGEWASH_SHARED_RING_MIB": "0"}).shared_ring_mib == 0
    assert ServerConfig.from_args([], {"PAGEWASH_EVENT_LOOP": "asyncio"}).event_loop == "asyncio"
    assert not config.test_hooks
    assert ServerConfig.from_args([], {"PAGEWASH_TEST_HOOKS": "1"}).test_hooks
    defaults = ServerConfig.from_args([], {})
    assert defaults.workers >= 1 and defaults.max_content_bytes <= defaults.max_message_bytes


@pytest.mark.parametrize(
    ("argv", "env"),
    [
        (["--listen", "nowhere"], {}),
        (["--max-content-bytes", "10", "--max-message-bytes", "5"], {}),
        (["--log-level", "chatty"], {}),
        (["--start-method", "fork"], {}),
        (["--event-loop", "trio"], {}),
        (["--front-policy", "realtime"], {}),
        (["--shared-ring-mib", "-1"], {}),
        ([], {"PAGEWASH_DOC_TIMEOUT": "soon"}),
        (["--workers", "many"], {}),
    ],
)
def test_bad_settings_are_refused_with_a_message(
    argv: list[str], env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        ServerConfig.from_args(argv, env)
    assert caught.value.code == 2
    assert "pagewash-server: error:" in capsys.readouterr().err


@pytest.mark.parametrize("choice", ["asyncio", "uvloop"])
def test_the_front_serves_and_drains_on_either_event_loop(choice: str) -> None:
    server = ServerProcess("--workers", "1", "--event-loop", choice)
    try:
        assert f"{choice} event loop" in server.log
        with Client(server.target, timeout=30.0) as client:
            assert client.normalize(TEXT).text
            results = list(client.normalize_many(Request(id=str(k), content=TEXT) for k in range(20)))
            assert sorted(int(r.id) for r in results if r.ok) == list(range(20))
        server.signal(signal.SIGTERM)
        assert server.wait(30) == 0
    finally:
        server.stop()


def test_auto_prefers_uvloop_and_falls_back_to_asyncio(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvloop

    assert loop_factory("auto") is uvloop.new_event_loop
    assert loop_factory("asyncio") is None
    monkeypatch.setitem(sys.modules, "uvloop", None)  # as if it were not installed: importing it fails
    assert loop_factory("auto") is None
    with pytest.raises(SystemExit, match="uvloop is not installed"):
        loop_factory("uvloop")
