"""The one table from pipeline and worker failures to gRPC status codes (see DESIGN.md, error model)."""

from __future__ import annotations

from dataclasses import dataclass

import grpc
from pagewash.errors import RETRYABLE_METADATA_KEY

from .pipeline.errors import ContentTooLargeError, InvalidArgumentError, UndecodableContentError
from .workers import JobTimeoutError, PoolClosedError, WorkerCrashedError

__all__ = [
    "RETRYABLE_METADATA_KEY",
    "Failure",
    "failure_for",
    "response_too_large",
    "server_busy",
    "server_draining",
    "too_many_calls",
]


@dataclass(frozen=True, slots=True)
class Failure:
    """A document's error as the wire carries it: status code, message, whether a retry may pass."""

    code: grpc.StatusCode
    message: str
    retryable: bool = False

    @property
    def code_value(self) -> int:
        value: int = self.code.value[0]
        return value


# Checked in order; the first class the exception is an instance of decides. A retry of the same request
# can pass only when the failure came from the process running it, not from the request.
_TABLE: tuple[tuple[type[BaseException], grpc.StatusCode, bool], ...] = (
    (InvalidArgumentError, grpc.StatusCode.INVALID_ARGUMENT, False),
    (UndecodableContentError, grpc.StatusCode.INVALID_ARGUMENT, False),
    (ContentTooLargeError, grpc.StatusCode.RESOURCE_EXHAUSTED, False),
    # The same page will take as long again; retrying it only burns another worker.
    (JobTimeoutError, grpc.StatusCode.DEADLINE_EXCEEDED, False),
    # A crash may come from the machine (memory pressure, a killed process) as much as from the page.
    (WorkerCrashedError, grpc.StatusCode.INTERNAL, True),
    (PoolClosedError, grpc.StatusCode.UNAVAILABLE, True),
)


def failure_for(exc: BaseException) -> Failure:
    """The failure to report for an exception raised while normalizing one document."""
    for cls, code, retryable in _TABLE:
        if isinstance(exc, cls):
            return Failure(code, str(exc), retryable)
    # Anything else is a bug in the pipeline: the same page will hit it again.
    return Failure(grpc.StatusCode.INTERNAL, f"internal error: {type(exc).__name__}: {exc}", False)


def server_draining() -> Failure:
    return Failure(grpc.StatusCode.UNAVAILABLE, "server is shutting down; retry on another instance", True)


def server_busy(queued: int, limit: int) -> Failure:
    return Failure(
        grpc.StatusCode.UNAVAILABLE,
        f"server busy: {queued} request bytes already queued (limit {limit}); retry later or use a stream",
        True,
    )


def too_many_calls(active: int, limit: int) -> Failure:
    return Failure(
        grpc.StatusCode.UNAVAILABLE,
        f"server busy: {active} calls in progress (limit {limit}); retry later",
        True,
    )


def response_too_large(size: int, limit: int) -> Failure:
    return Failure(
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        f"response: {size} bytes is over the max message size of {limit} bytes; "
        "set options.include_paragraphs=false or raise --max-message-bytes",
        False,
    )
