"""Server settings from command-line flags and PAGEWASH_* environment variables (flags win)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from .workers import RING_BYTES, STREAM_QUEUE_DEPTH, default_worker_count

MIB = 1024 * 1024
LOG_LEVELS = ("debug", "info", "warning", "error")
START_METHODS = ("spawn", "forkserver")
EVENT_LOOPS = ("auto", "uvloop", "asyncio")
FRONT_POLICIES = ("batch", "normal")


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """Everything the server can be told. Each field has a flag (`--max-content-bytes`) and an environment
    variable (`PAGEWASH_MAX_CONTENT_BYTES`); the flag wins.

    listen                  -- HOST:PORT to listen on; port 0 picks a free port (logged at start).
    workers                 -- worker processes running the pipeline; 0 runs it in a thread of the server.
    max_message_bytes       -- largest gRPC message received or sent (gRPC's own default is only 4 MiB).
    max_content_bytes       -- largest page accepted; larger ones fail with RESOURCE_EXHAUSTED.
    doc_timeout             -- seconds one page may take; over it DEADLINE_EXCEEDED, the worker is replaced.
    max_concurrent_streams  -- concurrent calls per client connection (HTTP/2 setting).
    max_concurrent_calls    -- document calls in progress at once over all connections; past it new calls
                               get UNAVAILABLE, "server busy" (retryable). Health checks are not counted.
    max_inflight_per_stream -- documents of one stream read ahead and in work at once; 0 = 3 per worker
                               (one running and two queued in each, so no worker waits for the front).
    max_queued_bytes        -- request bytes all calls together may have waiting or in work (bounds the
                               server's memory whatever the number of clients): past it streams wait
                               and unary calls get UNAVAILABLE, "server busy" (retryable).
    max_docs_per_worker     -- recycle a worker after this many pages (bounds slow leaks); 0 = never.
    max_worker_rss_mib      -- recycle a worker whose resident memory passes this after a page; 0 = never.
    start_method            -- how workers start: "spawn" (default: a fresh interpreter, the workers are the
                               server's direct children, a respawn takes about a second) or "forkserver"
                               (a respawn forks from a process that already imported the pipeline:
                               tens of milliseconds, but the workers are the fork server's children).
    event_loop              -- the front's event loop: "uvloop" (libuv: about 3% more documents per second
                               through the front), "asyncio" (the standard library's), or "auto" (uvloop
                               when it is installed, as the server extra does; else asyncio).
    front_policy            -- "batch" (Linux SCHED_BATCH for the front process: its wake-ups wait for a
                               worker's time slice instead of preempting it, about 30% less front CPU
                               per document; see scheduling.py) or "normal" (the front preempts workers:
                               lowest latency when every core is busy). Ignored with --workers 0.
    shared_ring_mib         -- MiB of shared memory per worker through which the front hands it pages of
                               16 KiB or more (Linux memfd; see request_ring.py); 0 = every page through
                               the worker's socket. A page that does not fit takes the socket anyway.
    grace                   -- seconds in-flight calls get to finish after SIGTERM.
    tls_cert, tls_key       -- PEM certificate chain and private key: serve TLS instead of plaintext.
    tls_client_ca           -- PEM CA bundle: callers must present a certificate it signed (mutual TLS).
    auth_token_file         -- a file holding a shared token: calls need "authorization: Bearer <token>"
                               (UNAUTHENTICATED without it); health checks stay open for probes.
    log_level               -- debug (one line per document), info (periodic summary), warning, error.
    stats_interval          -- seconds between summary lines at info; 0 = none.
    test_hooks              -- TEST ONLY, environment only (PAGEWASH_TEST_HOOKS=1): honour the request ids
                               "__crash__" (the worker kills itself) and "__sleep__:SECONDS" so tests can
                               provoke crashes and slow documents. Never enable it in production.
    """

    listen: str = "127.0.0.1:50051"
    workers: int = -1
    max_message_bytes: int = 64 * MIB
    max_content_bytes: int = 32 * MIB
    doc_timeout: float = 20.0
    max_concurrent_streams: int = 100
    max_concurrent_calls: int = 1000
    max_inflight_per_stream: int = 0
    max_queued_bytes: int = 512 * MIB
    max_docs_per_worker: int = 10_000
    max_worker_rss_mib: int = 1024
    start_method: str = "spawn"
    event_loop: str = "auto"
    front_policy: str = "batch"
    shared_ring_mib: int = RING_BYTES // MIB
    grace: float = 30.0
    tls_cert: str = ""
    tls_key: str = ""
    tls_client_ca: str = ""
    auth_token_file: str = ""
    log_level: str = "info"
    stats_interval: float = 60.0
    test_hooks: bool = False

    def __post_init__(self) -> None:
        if self.workers < 0:
            object.__setattr__(self, "workers", default_worker_count())
        if self.max_inflight_per_stream <= 0:
            per_worker = STREAM_QUEUE_DEPTH
            object.__setattr__(self, "max_inflight_per_stream", max(per_worker, per_worker * self.workers))
        host, sep, port = self.listen.rpartition(":")
        if not sep or not host or not port.isdigit():
            raise ValueError(f"--listen must be HOST:PORT, not {self.listen!r}")
        if self.start_method not in START_METHODS:
            raise ValueError(
                f"--start-method must be one of {', '.join(START_METHODS)}, not {self.start_method!r}"
            )
        if self.event_loop not in EVENT_LOOPS:
            raise ValueError(f"--event-loop must be one of {', '.join(EVENT_LOOPS)}, not {self.event_loop!r}")
        if self.front_policy not in FRONT_POLICIES:
            raise ValueError(
                f"--front-policy must be one of {', '.join(FRONT_POLICIES)}, not {self.front_policy!r}"
            )
        if self.log_level.lower() not in LOG_LEVELS:
            raise ValueError(f"--log-level must be one of {', '.join(LOG_LEVELS)}, not {self.log_level!r}")
        for name in (
            "max_message_bytes",
            "max_content_bytes",
            "max_concurrent_streams",
            "max_concurrent_calls",
            "max_queued_bytes",
        ):
            if getattr(self, name) <= 0:
                raise ValueError(f"--{name.replace('_', '-')} must be positive")
        for name in (
            "doc_timeout",
            "grace",
            "stats_interval",
            "max_docs_per_worker",
            "max_worker_rss_mib",
            "shared_ring_mib",
        ):
            if getattr(self, name) < 0:
                raise ValueError(f"--{name.replace('_', '-')} must not be negative")
        if bool(self.tls_cert) != bool(self.tls_key):
            raise ValueError("--tls-cert and --tls-key go together")
        if self.tls_client_ca and not self.tls_cert:
            raise ValueError("--tls-client-ca needs --tls-cert and --tls-key (mutual TLS is TLS first)")
        for name in ("tls_cert", "tls_key", "tls_client_ca", "auth_token_file"):
            path = getattr(self, name)
            if path and not os.path.isfile(path):
                raise ValueError(f"--{name.replace('_', '-')} {path}: no such file")
        if self.max_content_bytes > self.max_message_bytes:
            raise ValueError("--max-content-bytes must not be larger than --max-message-bytes")

    @classmethod
    def from_args(
        cls, argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None
    ) -> ServerConfig:
        """Flags from `argv`, defaults from `environ` (PAGEWASH_<FIELD>), then the built-in defaults."""
        env = os.environ if environ is None else environ
        parser = build_parser()
        args = parser.parse_args(argv)
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name == "test_hooks":
                values[f.name] = env.get("PAGEWASH_TEST_HOOKS", "") in ("1", "true", "yes")
                continue
            flag_value = getattr(args, f.name)
            if flag_value is not None:
                values[f.name] = flag_value
                continue
            raw = env.get(f"PAGEWASH_{f.name.upper()}")
            if raw is not None and raw != "":
                try:
                    values[f.name] = _PARSERS[f.name](raw)
                except ValueError:
                    parser.error(f"PAGEWASH_{f.name.upper()}={raw!r} is not a valid value")
        try:
            return cls(**values)
        except ValueError as exc:
            parser.error(str(exc))
            raise  # unreachable: parser.error exits


_PARSERS: dict[str, Callable[[str], Any]] = {
    "listen": str,
    "workers": int,
    "max_message_bytes": int,
    "max_content_bytes": int,
    "doc_timeout": float,
    "max_concurrent_streams": int,
    "max_concurrent_calls": int,
    "max_inflight_per_stream": int,
    "max_queued_bytes": int,
    "max_docs_per_worker": int,
    "max_worker_rss_mib": int,
    "start_method": str,
    "event_loop": str,
    "front_policy": str,
    "shared_ring_mib": int,
    "grace": float,
    "tls_cert": str,
    "tls_key": str,
    "tls_client_ca": str,
    "auth_token_file": str,
    "log_level": str,
    "stats_interval": float,
}


_SHOWN_DEFAULTS = {"workers": "one per core", "max_inflight_per_stream": f"{STREAM_QUEUE_DEPTH} per worker"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pagewash-server",
        description="Serve the pagewash normalizer over gRPC. Every flag can also be set as PAGEWASH_<FLAG> "
        "(e.g. PAGEWASH_WORKERS=4); flags win.",
    )
    defaults = ServerConfig.__dataclass_fields__
    helps = {
        "listen": "HOST:PORT to listen on; port 0 picks a free one",
        "workers": "worker processes; 0 runs the pipeline in-process",
        "max_message_bytes": "largest gRPC message received or sent",
        "max_content_bytes": "largest page accepted (RESOURCE_EXHAUSTED above)",
        "doc_timeout": "seconds one page may take (DEADLINE_EXCEEDED above; the worker is replaced)",
        "max_concurrent_streams": "concurrent calls per client connection",
        "max_concurrent_calls": "document calls in progress over all connections; past it new calls get "
        "UNAVAILABLE (server busy)",
        "max_inflight_per_stream": "documents of one stream read ahead and in work at once",
        "max_queued_bytes": "request bytes of all calls waiting or in work; past it streams wait and unary "
        "calls get UNAVAILABLE",
        "max_docs_per_worker": "recycle a worker after this many pages; 0 = never",
        "max_worker_rss_mib": "recycle a worker whose resident memory passes this many MiB; 0 = never",
        "start_method": "spawn (workers are direct children) or forkserver (faster respawns)",
        "event_loop": "auto (uvloop when installed), uvloop or asyncio",
        "front_policy": "batch (the front waits for a worker's time slice: less CPU per document) or normal",
        "shared_ring_mib": "MiB of shared memory per worker for pages of 16 KiB or more; 0 = all through "
        "the worker's socket",
        "grace": "seconds in-flight calls get to finish after SIGTERM",
        "tls_cert": "PEM certificate chain: serve TLS",
        "tls_key": "PEM private key of --tls-cert",
        "tls_client_ca": "PEM CA bundle: require client certificates it signed (mutual TLS)",
        "auth_token_file": "file with a shared token; calls need 'authorization: Bearer <token>'",
        "log_level": "debug, info, warning or error",
        "stats_interval": "seconds between summary log lines; 0 = none",
    }
    for name, parse in _PARSERS.items():
        default = defaults[name].default
        shown = _SHOWN_DEFAULTS.get(name, default if default != "" else "none")
        parser.add_argument(
            f"--{name.replace('_', '-')}",
            dest=name,
            type=parse,
            default=None,
            help=f"{helps[name]} [env PAGEWASH_{name.upper()}; default {shown}]",
        )
    return parser
