"""Caller authentication: TLS / mutual-TLS server credentials and an optional bearer-token interceptor."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import grpc

# Load balancers and orchestrators probe health without credentials; everything else needs the token.
OPEN_METHOD_PREFIXES: tuple[str, ...] = ("/grpc.health.v1.Health/",)


def server_credentials(cert_file: str, key_file: str, client_ca_file: str = "") -> grpc.ServerCredentials:
    """TLS with this certificate chain and key; with `client_ca_file`, callers must present a certificate
    signed by that CA (mutual TLS)."""
    chain = Path(cert_file).read_bytes()
    key = Path(key_file).read_bytes()
    client_ca = Path(client_ca_file).read_bytes() if client_ca_file else None
    return grpc.ssl_server_credentials(
        [(key, chain)], root_certificates=client_ca, require_client_auth=client_ca is not None
    )


def read_token(token_file: str) -> str:
    """The shared token from its file (surrounding whitespace ignored); an empty file is an error."""
    token = Path(token_file).read_text(encoding="utf-8").strip()
    if not token:
        raise ValueError(f"--auth-token-file {token_file}: the file holds no token")
    return token


class BearerTokenInterceptor(grpc.aio.ServerInterceptor):
    """Refuses calls without `authorization: Bearer <token>` with UNAUTHENTICATED (health stays open).

    The comparison takes the same time however much of the token matches (hmac.compare_digest), so the
    token cannot be guessed byte by byte from response times.
    """

    def __init__(self, token: str, open_prefixes: tuple[str, ...] = OPEN_METHOD_PREFIXES) -> None:
        self._expected = f"Bearer {token}".encode()
        self._open_prefixes = open_prefixes

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        method = handler_call_details.method or ""
        handler = await continuation(handler_call_details)
        if handler is None or method.startswith(self._open_prefixes):
            return handler
        if hmac.compare_digest(_authorization(handler_call_details.invocation_metadata), self._expected):
            return handler
        return _refusal_like(handler)


def _authorization(metadata: Any) -> bytes:
    for key, value in metadata or ():
        if key == "authorization":
            return value.encode() if isinstance(value, str) else bytes(value)
    return b""


async def _refuse(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> None:
    await context.abort(grpc.StatusCode.UNAUTHENTICATED, "missing or wrong bearer token")


def _refusal_like(handler: grpc.RpcMethodHandler) -> grpc.RpcMethodHandler:
    """A handler of the same shape as `handler` that refuses the call."""
    if handler.request_streaming and handler.response_streaming:
        return grpc.stream_stream_rpc_method_handler(_refuse)
    if handler.request_streaming:
        return grpc.stream_unary_rpc_method_handler(_refuse)
    if handler.response_streaming:
        return grpc.unary_stream_rpc_method_handler(_refuse)
    return grpc.unary_unary_rpc_method_handler(_refuse)
