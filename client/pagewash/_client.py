"""`Client` and `AsyncClient`: twins over one base that holds the configuration and the conversions.

Both speak pagewash.v1 over one gRPC channel. Only grpcio and protobuf are needed: the standard health
messages are built in a private descriptor pool instead of importing grpcio-health-checking.
"""

from __future__ import annotations

import abc
import asyncio
import itertools
import queue
import time
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, TypeAlias

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

from . import _convert, errors
from .types import Document, ErrorInfo, Options, Request, Result, ServerInfo
from .v1 import normalizer_pb2 as pb
from .v1 import normalizer_pb2_grpc as pb_grpc

__all__ = ["DEFAULT_TARGET", "AsyncClient", "Client", "RequestLike"]

DEFAULT_TARGET = "127.0.0.1:50051"
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024
DEFAULT_WINDOW = 64

RequestLike: TypeAlias = Request | Mapping[str, Any]
_REQUEST_KEYS = frozenset(f.name for f in fields(Request))


# --- grpc.health.v1 without grpcio-health-checking -------------------------------------------------


def _health_messages() -> tuple[type[Any], type[Any]]:
    file = descriptor_pb2.FileDescriptorProto(
        name="grpc/health/v1/health.proto", package="grpc.health.v1", syntax="proto3"
    )
    request = file.message_type.add(name="HealthCheckRequest")
    request.field.add(name="service", number=1, type=descriptor_pb2.FieldDescriptorProto.TYPE_STRING, label=1)
    response = file.message_type.add(name="HealthCheckResponse")
    status = response.enum_type.add(name="ServingStatus")
    for number, name in enumerate(("UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN")):
        status.value.add(name=name, number=number)
    response.field.add(
        name="status",
        number=1,
        type=descriptor_pb2.FieldDescriptorProto.TYPE_ENUM,
        type_name=".grpc.health.v1.HealthCheckResponse.ServingStatus",
        label=1,
    )
    pool = descriptor_pool.DescriptorPool()  # private: never clashes with grpc_health's own registration
    pool.Add(file)
    return (
        message_factory.GetMessageClass(pool.FindMessageTypeByName("grpc.health.v1.HealthCheckRequest")),
        message_factory.GetMessageClass(pool.FindMessageTypeByName("grpc.health.v1.HealthCheckResponse")),
    )


_HealthCheckRequest, _HealthCheckResponse = _health_messages()
_HEALTH_CHECK_METHOD = "/grpc.health.v1.Health/Check"
_SERVING_STATUS_NAMES = ("UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN")


# --- shared configuration and stream book-keeping --------------------------------------------------


class _BaseClient(abc.ABC):
    """Configuration and conversions shared by `Client` and `AsyncClient`."""

    def __init__(
        self,
        target: str = DEFAULT_TARGET,
        *,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES,
        options: Options | None = None,
        credentials: grpc.ChannelCredentials | None = None,
        token: str | None = None,
        metadata: Sequence[tuple[str, str]] = (),
        channel_options: Sequence[tuple[str, Any]] = (),
    ) -> None:
        """Open a channel to a pagewash server (no network traffic until the first call).

        target            -- "host:port" (or any gRPC target such as "dns:///name:port").
        timeout           -- seconds for each unary call (normalize, info, health); None for no limit.
                             normalize_many takes its own `timeout` for the whole stream.
        max_message_bytes -- largest message sent or received; match the server's --max-message-bytes.
        options           -- default `Options` for every document that does not carry its own.
        credentials       -- TLS channel credentials: grpc.ssl_channel_credentials(ca_pem), or for mutual
                             TLS grpc.ssl_channel_credentials(ca_pem, client_key_pem, client_cert_pem);
                             None for a plaintext channel.
        token             -- bearer token for a server started with --auth-token-file.
        metadata          -- extra metadata sent with every call.
        channel_options   -- extra gRPC channel arguments, appended after pagewash's own.
        """
        self.target = target
        self.timeout = timeout
        self.max_message_bytes = max_message_bytes
        self.options = options
        self.credentials = credentials
        self.metadata = tuple(metadata)
        if token:
            self.metadata += (("authorization", f"Bearer {token}"),)
        # The server's max message size, learnt from GetServerInfo by the first stream (None: not yet).
        self._server_limit: int | None = None
        self._channel_options: list[tuple[str, Any]] = [
            ("grpc.max_receive_message_length", max_message_bytes),
            ("grpc.max_send_message_length", max_message_bytes),
            *channel_options,
        ]
        self._connect()

    @abc.abstractmethod
    def _connect(self) -> None:
        """Open the channel and the stubs (sync or asyncio: the one thing the twins do differently)."""

    def _request_pb(
        self,
        content: bytes,
        *,
        url: str,
        content_type: str,
        format: str,
        language: str,
        options: Options | None,
    ) -> pb.NormalizeRequest:
        request = Request(
            content=_content_bytes(content),
            url=url,
            content_type=content_type,
            format=format,
            language=language,
            options=options if options is not None else self.options,
        )
        return _convert.request_to_pb(request)

    def _coerce(self, item: RequestLike) -> Request:
        if isinstance(item, Request):
            request = item
        elif isinstance(item, Mapping):
            unknown = set(item) - _REQUEST_KEYS
            if unknown:
                raise ValueError(f"unknown request keys: {', '.join(sorted(unknown))}")
            values = dict(item)
            if "content" not in values:
                raise ValueError("a request needs 'content'")
            values["content"] = _content_bytes(values["content"])
            if isinstance(values.get("options"), Mapping):
                values["options"] = Options(**values["options"])
            request = Request(**values)
        else:
            raise TypeError(f"a request is a pagewash.Request or a dict, not {type(item).__name__}")
        if request.options is None and self.options is not None:
            request = replace(request, options=self.options)
        return request

    def _message_limit(self, server_limit: int) -> int:
        """The largest request a stream may carry: this client's limit or the server's, if smaller."""
        return min(self.max_message_bytes, server_limit) if server_limit > 0 else self.max_message_bytes

    @staticmethod
    def _health_status(response: Any) -> str:
        value = int(response.status)
        return _SERVING_STATUS_NAMES[value] if 0 <= value < len(_SERVING_STATUS_NAMES) else "UNKNOWN"


def _content_bytes(content: Any) -> bytes:
    if isinstance(content, bytes):
        return content
    if isinstance(content, bytearray | memoryview):
        return bytes(content)
    if isinstance(content, str):  # JSON has no bytes: text content travels as UTF-8
        return content.encode("utf-8")
    raise TypeError(f"content must be bytes, not {type(content).__name__}")


@dataclass(slots=True)
class _InFlight:
    request: Request
    message: pb.NormalizeRequest
    attempts: int = 1


class _StreamBook:
    """What normalize_many has sent and not yet answered; the twins differ only in how they wait."""

    def __init__(self, client: _BaseClient, retries: int, message_limit: int) -> None:
        self._client = client
        self._message_limit = message_limit
        self._retries = retries
        self._counter = itertools.count()
        self._reopened = 0
        self.in_flight: dict[str, _InFlight] = {}

    def admit(self, item: RequestLike) -> pb.NormalizeRequest | Result:
        """The message to send for one more request (an id is assigned when it has none), or its error
        `Result` when the message is over the message size limit: sent, it would end the whole stream."""
        request = self._client._coerce(item)
        index = next(self._counter)
        request_id = request.id or str(index)
        if request_id in self.in_flight:
            raise ValueError(
                f"request id {request_id!r} is already in flight on this stream; ids must be unique"
            )
        message = _convert.request_to_pb(request, id=request_id)
        size = message.ByteSize()
        if size > self._message_limit:
            error = ErrorInfo(
                code="RESOURCE_EXHAUSTED",
                message=f"request: {size} bytes is over the max message size of {self._message_limit} bytes",
            )
            return Result(id=request_id, error=error)
        self.in_flight[request_id] = _InFlight(replace(request, id=request_id), message)
        return message

    def answer(self, response: pb.NormalizeResponse) -> Result | pb.NormalizeRequest | None:
        """A `Result` to yield, a message to send again (a retryable failure), or None for an unknown id."""
        entry = self.in_flight.get(response.id)
        if entry is None:
            return None
        error = _convert.error_from_pb(response)
        if error is not None and error.retryable and entry.attempts <= self._retries:
            entry.attempts += 1
            return entry.message
        del self.in_flight[response.id]
        if error is not None:
            return Result(id=response.id, error=error)
        return Result(id=response.id, document=_convert.document_from_pb(response))

    def resend_all(self) -> list[pb.NormalizeRequest] | None:
        """The messages to send on a new stream after the old one broke, or None when out of retries."""
        if any(entry.attempts > self._retries for entry in self.in_flight.values()):
            return None
        for entry in self.in_flight.values():
            entry.attempts += 1
        return [entry.message for entry in self.in_flight.values()]

    def backoff(self) -> float:
        """Seconds to wait before reopening a broken stream: 0.2, 0.4, 0.8 … up to 5."""
        self._reopened += 1
        return min(5.0, 0.1 * 2**self._reopened)

    def fail_all(self, error: errors.PagewashError) -> list[Result]:
        """One error result for every request still unanswered (the stream broke and cannot be resumed)."""
        info = ErrorInfo(code=error.code, message=error.message, retryable=error.retryable)
        results = [Result(id=request_id, error=info) for request_id in self.in_flight]
        self.in_flight.clear()
        return results


_STREAM_END = object()
# grpc.aio.EOF marks the end of a stream being read; the installed type stubs predate it.
_EOF: Any = vars(grpc.aio)["EOF"]


# --- the synchronous client ------------------------------------------------------------------------


class Client(_BaseClient):
    """A blocking pagewash client; use it as a context manager (or call `close()`).

    >>> with Client("127.0.0.1:50051") as client:
    ...     document = client.normalize(b"<html>...</html>", url="https://example.org/a")
    """

    def _connect(self) -> None:
        if self.credentials is not None:
            self._channel = grpc.secure_channel(self.target, self.credentials, options=self._channel_options)
        else:
            self._channel = grpc.insecure_channel(self.target, options=self._channel_options)
        self._stub = pb_grpc.NormalizerStub(self._channel)
        self._health_check = self._channel.unary_unary(
            _HEALTH_CHECK_METHOD,
            request_serializer=_HealthCheckRequest.SerializeToString,
            response_deserializer=_HealthCheckResponse.FromString,
        )

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._channel.close()

    def normalize(
        self,
        content: bytes,
        *,
        url: str = "",
        content_type: str = "",
        format: str = "auto",
        language: str = "",
        options: Options | None = None,
    ) -> Document:
        """Normalize one page; raises a `pagewash.errors.PagewashError` subclass on failure."""
        message = self._request_pb(
            content, url=url, content_type=content_type, format=format, language=language, options=options
        )
        try:
            response = self._stub.Normalize(message, timeout=self.timeout, metadata=self.metadata)
        except grpc.RpcError as exc:
            raise errors.from_rpc_error(exc) from exc
        return _convert.document_from_pb(response)

    def normalize_many(
        self,
        requests: Iterable[RequestLike],
        *,
        window: int = DEFAULT_WINDOW,
        retries: int = 0,
        timeout: float | None = None,
    ) -> Iterator[Result]:
        """Stream `requests` over one call; yield one `Result` per request, in completion order.

        window  -- requests sent and not yet answered at most (bounds memory on both sides).
        retries -- how many times a request whose error is retryable (a crashed worker, a restarting
                   server) is sent again before its error is yielded.
        timeout -- seconds for the whole stream; None for no limit.
        Requests without an id get their position ("0", "1", …). If the stream breaks for good, every
        unanswered request is yielded with the error and the exception is then raised.
        """
        if window < 1:
            raise ValueError("window must be at least 1")
        book = _StreamBook(self, retries, self._message_limit(self._server_message_limit()))
        source = iter(requests)
        exhausted = False
        while True:
            outbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
            call = self._stub.NormalizeStream(
                iter(outbox.get, _STREAM_END), timeout=timeout, metadata=self.metadata
            )
            try:
                for message in [entry.message for entry in book.in_flight.values()]:
                    outbox.put(message)
                while True:
                    while not exhausted and len(book.in_flight) < window:
                        try:
                            item = next(source)
                        except StopIteration:
                            exhausted = True
                            break
                        admitted = book.admit(item)
                        if isinstance(admitted, Result):
                            yield admitted
                        else:
                            outbox.put(admitted)
                    if not book.in_flight:
                        outbox.put(_STREAM_END)
                        for _ in call:  # let the server close the call with its OK status
                            pass
                        return
                    outcome = book.answer(next(call))
                    if isinstance(outcome, Result):
                        yield outcome
                    elif outcome is not None:
                        outbox.put(outcome)
            except StopIteration:
                failure: errors.PagewashError = errors.ServerError(
                    "the server ended the stream with requests unanswered", code="INTERNAL", retryable=True
                )
                cause: BaseException | None = None
            except grpc.RpcError as exc:
                failure, cause = errors.from_rpc_error(exc), exc
            finally:
                outbox.put(_STREAM_END)
                call.cancel()
            if not (failure.retryable and book.resend_all() is not None):
                yield from book.fail_all(failure)
                raise failure from cause
            time.sleep(book.backoff())

    def _server_message_limit(self) -> int:
        if self._server_limit is None:
            try:
                self._server_limit = self.info().limits.max_message_bytes
            except errors.PagewashError:
                return 0  # unknown for now; the stream itself will report what goes wrong
        return self._server_limit

    def info(self) -> ServerInfo:
        """The server's versions, languages and limits."""
        try:
            response = self._stub.GetServerInfo(
                pb.GetServerInfoRequest(), timeout=self.timeout, metadata=self.metadata
            )
        except grpc.RpcError as exc:
            raise errors.from_rpc_error(exc) from exc
        return _convert.server_info_from_pb(response)

    def health(self, service: str = "") -> str:
        """The standard health status: "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN" or "UNKNOWN"."""
        try:
            response = self._health_check(
                _HealthCheckRequest(service=service), timeout=self.timeout, metadata=self.metadata
            )
        except grpc.RpcError as exc:
            raise errors.from_rpc_error(exc) from exc
        return self._health_status(response)


# --- the asynchronous client -----------------------------------------------------------------------


class AsyncClient(_BaseClient):
    """The `Client` twin for asyncio; use it as an async context manager (or `await close()`)."""

    def _connect(self) -> None:
        if self.credentials is not None:
            self._channel = grpc.aio.secure_channel(
                self.target, self.credentials, options=self._channel_options
            )
        else:
            self._channel = grpc.aio.insecure_channel(self.target, options=self._channel_options)
        self._stub = pb_grpc.NormalizerStub(self._channel)
        self._health_check = self._channel.unary_unary(
            _HEALTH_CHECK_METHOD,
            request_serializer=_HealthCheckRequest.SerializeToString,
            response_deserializer=_HealthCheckResponse.FromString,
        )

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        await self._channel.close(grace=None)

    async def normalize(
        self,
        content: bytes,
        *,
        url: str = "",
        content_type: str = "",
        format: str = "auto",
        language: str = "",
        options: Options | None = None,
    ) -> Document:
        """Normalize one page; raises a `pagewash.errors.PagewashError` subclass on failure."""
        message = self._request_pb(
            content, url=url, content_type=content_type, format=format, language=language, options=options
        )
        try:
            response = await self._stub.Normalize(message, timeout=self.timeout, metadata=self.metadata)
        except grpc.RpcError as exc:
            raise errors.from_rpc_error(exc) from exc
        return _convert.document_from_pb(response)

    async def normalize_many(
        self,
        requests: Iterable[RequestLike] | AsyncIterable[RequestLike],
        *,
        window: int = DEFAULT_WINDOW,
        retries: int = 0,
        timeout: float | None = None,
    ) -> AsyncIterator[Result]:
        """`Client.normalize_many` for asyncio; `requests` may be a sync or an async iterable."""
        if window < 1:
            raise ValueError("window must be at least 1")
        book = _StreamBook(self, retries, self._message_limit(await self._server_message_limit()))
        next_request = _puller(requests)
        exhausted = False
        while True:
            call = self._stub.NormalizeStream(timeout=timeout, metadata=self.metadata)
            # Writing runs beside reading: a reader that waits for a write to finish could wait for ever
            # once both directions' flow-control windows are full.
            outbox: asyncio.Queue[Any] = asyncio.Queue()
            writer = asyncio.ensure_future(_write_all(call, outbox))
            try:
                for message in [entry.message for entry in book.in_flight.values()]:
                    outbox.put_nowait(message)
                while True:
                    while not exhausted and len(book.in_flight) < window:
                        try:
                            item = await next_request()
                        except StopAsyncIteration:
                            exhausted = True
                            break
                        admitted = book.admit(item)
                        if isinstance(admitted, Result):
                            yield admitted
                        else:
                            outbox.put_nowait(admitted)
                    if not book.in_flight:
                        outbox.put_nowait(_STREAM_END)
                        await writer
                        while await call.read() is not _EOF:  # let the server close with OK
                            pass
                        return
                    response = await call.read()
                    if response is _EOF:
                        raise errors.ServerError(
                            "the server ended the stream with requests unanswered",
                            code="INTERNAL",
                            retryable=True,
                        )
                    outcome = book.answer(response)
                    if isinstance(outcome, Result):
                        yield outcome
                    elif outcome is not None:
                        outbox.put_nowait(outcome)
            except grpc.RpcError as exc:
                failure, cause = errors.from_rpc_error(exc), exc
            except errors.ServerError as exc:
                failure, cause = exc, None
            finally:
                writer.cancel()
                call.cancel()
            if not (failure.retryable and book.resend_all() is not None):
                for result in book.fail_all(failure):
                    yield result
                raise failure from cause
            await asyncio.sleep(book.backoff())

    async def _server_message_limit(self) -> int:
        if self._server_limit is None:
            try:
                self._server_limit = (await self.info()).limits.max_message_bytes
            except errors.PagewashError:
                return 0  # unknown for now; the stream itself will report what goes wrong
        return self._server_limit

    async def info(self) -> ServerInfo:
        """The server's versions, languages and limits."""
        try:
            response = await self._stub.GetServerInfo(
                pb.GetServerInfoRequest(), timeout=self.timeout, metadata=self.metadata
            )
        except grpc.RpcError as exc:
            raise errors.from_rpc_error(exc) from exc
        return _convert.server_info_from_pb(response)

    async def health(self, service: str = "") -> str:
        """The standard health status: "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN" or "UNKNOWN"."""
        try:
            response = await self._health_check(
                _HealthCheckRequest(service=service), timeout=self.timeout, metadata=self.metadata
            )
        except grpc.RpcError as exc:
            raise errors.from_rpc_error(exc) from exc
        return self._health_status(response)


def _puller(requests: Iterable[RequestLike] | AsyncIterable[RequestLike]) -> Any:
    """An awaitable `next` over a sync or an async iterable (raises StopAsyncIteration at the end)."""
    if isinstance(requests, AsyncIterable):
        iterator = aiter(requests)

        async def pull_async() -> RequestLike:
            return await anext(iterator)

        return pull_async
    sync_iterator = iter(requests)

    async def pull_sync() -> RequestLike:
        try:
            return next(sync_iterator)
        except StopIteration:
            raise StopAsyncIteration from None

    return pull_sync


async def _write_all(call: Any, outbox: asyncio.Queue[Any]) -> None:
    while True:
        message = await outbox.get()
        if message is _STREAM_END:
            await call.done_writing()
            return
        await call.write(message)
