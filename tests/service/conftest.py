"""Real pagewash servers on localhost (subprocesses on port 0) and clients connected to them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from _service_server import ServerProcess
from pagewash import Client

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"


@pytest.fixture(scope="session")
def server() -> Iterator[ServerProcess]:
    """Two workers, small limits so that limit tests stay cheap, test hooks on, frequent recycling."""
    proc = ServerProcess(
        "--workers",
        "2",
        "--doc-timeout",
        "20",
        "--max-content-bytes",
        "2000000",
        "--max-message-bytes",
        "4000000",
        "--max-docs-per-worker",
        "400",
        # Crash and recycling tests respawn workers often: forkserver respawns in milliseconds. The other
        # servers of these tests run the default, spawn.
        "--start-method",
        "forkserver",
        env={"PAGEWASH_TEST_HOOKS": "1"},
    )
    yield proc
    proc.stop()


@pytest.fixture
def client(server: ServerProcess) -> Iterator[Client]:
    with Client(server.target, timeout=60.0, max_message_bytes=16_000_000) as c:
        yield c


@pytest.fixture(scope="session")
def seeds() -> list[tuple[str, bytes, dict[str, object]]]:
    expected = json.loads((SEEDS / "expected.json").read_text(encoding="utf-8"))
    return [(name, (SEEDS / name).read_bytes(), truth) for name, truth in sorted(expected.items())]
