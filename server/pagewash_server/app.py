"""Assembles the grpc.aio server: workers first, then the Normalizer, health, reflection, limits, signals."""

from __future__ import annotations

import asyncio
import functools
import logging
import signal
import time
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from pagewash.types import ServerLimits

from . import scheduling
from .auth import BearerTokenInterceptor, read_token, server_credentials
from .config import ServerConfig
from .service import SERVICE_NAME, JobSettings, NormalizerService, run_job, server_info, warm_up
from .workers import InProcessPool, Pool, WorkerPool

log = logging.getLogger("pagewash_server")

HEALTH_SERVICE_NAME: str = health_pb2.DESCRIPTOR.services_by_name["Health"].full_name


def make_pool(config: ServerConfig) -> Pool:
    job = functools.partial(
        run_job,
        settings=JobSettings(
            max_content_bytes=config.max_content_bytes,
            max_message_bytes=config.max_message_bytes,
            test_hooks=config.test_hooks,
        ),
    )
    if config.workers == 0:
        return InProcessPool(job, warm_up=warm_up, doc_timeout=config.doc_timeout)
    return WorkerPool(
        config.workers,
        job,
        warm_up=warm_up,
        doc_timeout=config.doc_timeout,
        max_docs_per_worker=config.max_docs_per_worker,
        max_rss_bytes=config.max_worker_rss_mib * 1024 * 1024,
        # Never plain fork: workers must not inherit the front's gRPC state (gRPC's fork support is
        # client-side only). Both methods start from a clean interpreter.
        start_method=config.start_method,
        preload=["pagewash_server.service", "pagewash_server.pipeline"],
        ring_bytes=config.shared_ring_mib * 1024 * 1024,
    )


def limits_of(config: ServerConfig) -> ServerLimits:
    return ServerLimits(
        max_message_bytes=config.max_message_bytes,
        max_content_bytes=config.max_content_bytes,
        document_timeout_seconds=config.doc_timeout,
        workers=config.workers,
        max_concurrent_streams=config.max_concurrent_streams,
        max_inflight_per_stream=config.max_inflight_per_stream,
        max_queued_bytes=config.max_queued_bytes,
    )


def build_server(config: ServerConfig, service: NormalizerService) -> tuple[grpc.aio.Server, Any]:
    interceptors = (
        [BearerTokenInterceptor(read_token(config.auth_token_file))] if config.auth_token_file else []
    )
    server = grpc.aio.server(
        interceptors=interceptors,
        options=[
            ("grpc.max_receive_message_length", config.max_message_bytes),
            ("grpc.max_send_message_length", config.max_message_bytes),
            ("grpc.max_concurrent_streams", config.max_concurrent_streams),
            # A second server on a busy port must fail to start, not silently share it.
            ("grpc.so_reuseport", 0),
            # A caller whose machine vanished sends no FIN: a ping unanswered for 20 s closes its
            # connection, so its calls end and free their read-ahead instead of waiting for TCP's hours.
            ("grpc.keepalive_time_ms", 60_000),
            ("grpc.keepalive_timeout_ms", 20_000),
        ],
    )
    handlers = service.method_handlers()
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(SERVICE_NAME, handlers),))
    server.add_registered_method_handlers(SERVICE_NAME, handlers)  # type: ignore[attr-defined]
    health_servicer = health.aio.HealthServicer()  # type: ignore[attr-defined]
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    reflection.enable_server_reflection((SERVICE_NAME, HEALTH_SERVICE_NAME, reflection.SERVICE_NAME), server)
    return server, health_servicer


async def serve(config: ServerConfig) -> int:
    """Run until SIGTERM or SIGINT, then drain: NOT_SERVING, new calls UNAVAILABLE, in-flight ones finish."""
    # The workers start before any gRPC object exists in this process.
    pool = make_pool(config)
    await pool.start()
    limits = limits_of(config)
    service = NormalizerService(
        pool, limits=limits, info=server_info(limits), max_calls=config.max_concurrent_calls
    )
    server, health_servicer = build_server(config, service)
    try:
        if config.tls_cert:
            credentials = server_credentials(config.tls_cert, config.tls_key, config.tls_client_ca)
            port = server.add_secure_port(config.listen, credentials)
        else:
            port = server.add_insecure_port(config.listen)
    except RuntimeError as exc:
        await pool.close(timeout=1.0)
        log.error("cannot listen on %s: %s", config.listen, exc)
        return 2
    await server.start()
    for name in ("", SERVICE_NAME):
        await health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    # After the start: every gRPC thread exists by now; threads started later inherit the policy.
    batched = config.workers > 0 and config.front_policy == "batch" and scheduling.batch_this_process() > 0
    host = config.listen.rpartition(":")[0]
    security = ("mutual TLS" if config.tls_client_ca else "TLS") if config.tls_cert else "plaintext"
    log.info(
        "pagewash-server listening on %s:%d with %d workers (%s%s), %s event loop, front scheduled as %s",
        host,
        port,
        config.workers,
        security,
        ", bearer token required" if config.auth_token_file else "",
        type(asyncio.get_running_loop()).__module__.partition(".")[0],
        "batch" if batched else "normal",
    )

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    summary = asyncio.create_task(_log_summaries(service, config.stats_interval))
    await stop.wait()

    started = time.monotonic()
    log.info("draining: health NOT_SERVING, new calls UNAVAILABLE, %d calls in flight", service.active_calls)
    await health_servicer.enter_graceful_shutdown()
    if not await service.drain(config.grace):
        log.warning(
            "%d calls still in flight after the %g s grace period: cancelling them",
            service.active_calls,
            config.grace,
        )
    await server.stop(grace=max(0.5, config.grace - (time.monotonic() - started)))
    summary.cancel()
    await pool.close()
    log.info("stopped: %s", service.summary())
    return 0


async def _log_summaries(service: NormalizerService, interval: float) -> None:
    if interval <= 0:
        return
    last = -1
    while True:
        await asyncio.sleep(interval)
        if service.stats.documents != last:
            last = service.stats.documents
            log.info("summary: %s", service.summary())
