"""The exceptions the client raises, one class per way a call can fail, mapped from gRPC status codes.

Every exception is a `PagewashError`; catch the most specific class that fits what you can handle::

    PagewashError                    .code (gRPC status name), .message, .retryable
     ├── TransportError              the call did not complete; the request itself may be fine
     │    ├── UnavailableError       UNAVAILABLE: server unreachable, restarting or draining (retryable)
     │    ├── TimeoutError           DEADLINE_EXCEEDED of the client's own timeout (a builtins.TimeoutError)
     │    └── CancelledError         CANCELLED: the call was cancelled
     ├── RequestError                the request is wrong; sending it again will fail again
     │    ├── InvalidArgumentError   INVALID_ARGUMENT: .field names ("content", "options.length_low")
     │    └── ContentTooLargeError   RESOURCE_EXHAUSTED: content or message over the server's limit
     ├── ServerError                 the server failed on this request
     │    ├── DeadlineExceededError  DEADLINE_EXCEEDED: the page took longer than the server's limit
     │    └── InternalError          INTERNAL: the worker crashed on the page (retryable) or a bug
     ├── UnauthenticatedError        UNAUTHENTICATED: missing or wrong credentials
     └── PermissionDeniedError       PERMISSION_DENIED

`from_status()` and `from_rpc_error()` are the one place where gRPC codes turn into these classes.
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Iterable
from typing import Any

import grpc

__all__ = [
    "CancelledError",
    "ContentTooLargeError",
    "DeadlineExceededError",
    "InternalError",
    "InvalidArgumentError",
    "PagewashError",
    "PermissionDeniedError",
    "RequestError",
    "ServerError",
    "TimeoutError",
    "TransportError",
    "UnauthenticatedError",
    "UnavailableError",
    "from_rpc_error",
    "from_status",
]

# Trailing metadata a pagewash server attaches to the errors it produces itself, so that the client can
# tell the server's per-document limit from its own call deadline and knows whether a retry may pass.
RETRYABLE_METADATA_KEY = "pagewash-retryable"

_FIELD_PREFIX = re.compile(r"^([a-z_][a-z0-9_.]*): ")


class PagewashError(Exception):
    """Base of every error raised by the pagewash client."""

    default_retryable = False

    def __init__(self, message: str, *, code: str = "UNKNOWN", retryable: bool | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.retryable = self.default_retryable if retryable is None else retryable

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class TransportError(PagewashError):
    """The call did not complete: the server could not be reached, went away, or the call timed out."""


class UnavailableError(TransportError):
    """UNAVAILABLE: the server is unreachable, restarting or draining; trying again later may pass."""

    default_retryable = True


class TimeoutError(TransportError, builtins.TimeoutError):
    """DEADLINE_EXCEEDED of the client's own `timeout` for the call."""

    default_retryable = True


class CancelledError(TransportError):
    """CANCELLED: the call was cancelled before it completed."""


class RequestError(PagewashError):
    """The request is wrong: sending it again unchanged will fail again."""


class InvalidArgumentError(RequestError):
    """INVALID_ARGUMENT: `field` names the offending field ("content", "language", "options.length_low")."""

    def __init__(
        self, message: str, *, code: str = "INVALID_ARGUMENT", retryable: bool | None = None
    ) -> None:
        super().__init__(message, code=code, retryable=retryable)
        match = _FIELD_PREFIX.match(message)
        self.field = match.group(1) if match else ""


class ContentTooLargeError(RequestError):
    """RESOURCE_EXHAUSTED: the content (or the whole message) is over the server's limit."""


class ServerError(PagewashError):
    """The server failed on this request."""


class DeadlineExceededError(ServerError):
    """DEADLINE_EXCEEDED: the page took longer than the server's per-document time limit."""


class InternalError(ServerError):
    """INTERNAL: the worker crashed on this page (retryable) or the server hit a bug (not retryable)."""


class UnauthenticatedError(PagewashError):
    """UNAUTHENTICATED: credentials are missing or wrong."""


class PermissionDeniedError(PagewashError):
    """PERMISSION_DENIED: the credentials do not allow this call."""


_BY_CODE: dict[str, type[PagewashError]] = {
    "UNAVAILABLE": UnavailableError,
    "CANCELLED": CancelledError,
    "INVALID_ARGUMENT": InvalidArgumentError,
    "RESOURCE_EXHAUSTED": ContentTooLargeError,
    "INTERNAL": InternalError,
    "UNAUTHENTICATED": UnauthenticatedError,
    "PERMISSION_DENIED": PermissionDeniedError,
    "UNKNOWN": ServerError,
    "UNIMPLEMENTED": ServerError,
    "DATA_LOSS": ServerError,
    "FAILED_PRECONDITION": RequestError,
    "OUT_OF_RANGE": RequestError,
    "NOT_FOUND": RequestError,
    "ALREADY_EXISTS": RequestError,
    "ABORTED": ServerError,
}


def from_status(
    code: grpc.StatusCode | str,
    message: str,
    *,
    retryable: bool | None = None,
    from_server: bool = False,
) -> PagewashError:
    """The most specific `PagewashError` for a gRPC status.

    `from_server` says the status was produced by a pagewash server for the document itself (a stream
    response's status, or an error carrying pagewash metadata), which is what tells the server's
    per-document DEADLINE_EXCEEDED from the expiry of the client's own deadline.
    """
    name = code.name if isinstance(code, grpc.StatusCode) else code
    if name == "DEADLINE_EXCEEDED":
        cls: type[PagewashError] = DeadlineExceededError if from_server else TimeoutError
    else:
        cls = _BY_CODE.get(name, PagewashError)
    return cls(message, code=name, retryable=retryable)


def from_rpc_error(exc: grpc.RpcError) -> PagewashError:
    """The most specific `PagewashError` for a failed call; raise it `from exc`."""
    code = exc.code() if isinstance(exc, grpc.Call | grpc.aio.AioRpcError) else grpc.StatusCode.UNKNOWN
    details = exc.details() if isinstance(exc, grpc.Call | grpc.aio.AioRpcError) else str(exc)
    trailing = exc.trailing_metadata() if isinstance(exc, grpc.Call | grpc.aio.AioRpcError) else None
    retryable = _metadata_flag(tuple(trailing or ()))
    return from_status(
        code if code is not None else grpc.StatusCode.UNKNOWN,
        details or "",
        retryable=retryable,
        from_server=retryable is not None,
    )


def _metadata_flag(metadata: Iterable[Any]) -> bool | None:
    for key, value in metadata:
        if key == RETRYABLE_METADATA_KEY:
            return value in ("true", b"true")
    return None
