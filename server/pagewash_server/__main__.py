"""`pagewash-server` entry point: read flags and PAGEWASH_* variables, configure logging, serve."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable, Sequence

from .config import ServerConfig


def main(argv: Sequence[str] | None = None) -> int:
    config = ServerConfig.from_args(argv)
    logging.basicConfig(
        level=config.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # gRPC's and asyncio's own debug chatter would drown the one line per document.
    for noisy in ("grpc", "asyncio"):
        logging.getLogger(noisy).setLevel(max(logging.INFO, logging.getLogger().level))
    from .app import serve

    with asyncio.Runner(loop_factory=loop_factory(config.event_loop)) as runner:
        return runner.run(serve(config))


def loop_factory(choice: str) -> Callable[[], asyncio.AbstractEventLoop] | None:
    """What makes the front's event loop for `--event-loop`; None is asyncio's own."""
    if choice == "asyncio":
        return None
    try:
        import uvloop
    except ImportError:
        if choice == "uvloop":
            raise SystemExit("pagewash-server: --event-loop uvloop, but uvloop is not installed") from None
        return None
    return uvloop.new_event_loop


if __name__ == "__main__":
    sys.exit(main())
