"""`pagewash-server` entry point: read flags and PAGEWASH_* variables, configure logging, serve."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Sequence

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

    return asyncio.run(serve(config))


if __name__ == "__main__":
    sys.exit(main())
