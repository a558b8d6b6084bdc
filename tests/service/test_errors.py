"""Each status of the error model, over unary calls and in streams, with its message and exception class."""

from __future__ import annotations

from collections.abc import Iterator

import grpc
import pytest
from _service_server import ServerProcess
from pagewash import Client, Options, Request, errors
from pagewash.v1 import normalizer_pb2, normalizer_pb2_grpc

TEXT = b"The committee met on Tuesday to discuss the budget for the coming year.\n"


@pytest.mark.parametrize(
    ("kwargs", "field", "fragment"),
    [
        ({"content": b""}, "content", "is empty"),
        ({"content": TEXT, "format": "pdf"}, "format", "must be one of auto, html, text"),
        ({"content": TEXT, "language": "xx"}, "language", "unknown language 'xx'"),
        ({"content": TEXT, "options": Options(normalization="X")}, "options.normalization", "must be one of"),
        ({"content": TEXT, "options": Options(length_low=-1)}, "options.length_low", "must not be negative"),
        (
            {"content": TEXT, "options": Options(length_low=300, length_high=200)},
            "options.length_low",
            "greater than options.length_high",
        ),
        (
            {"content": TEXT, "options": Options(max_link_density=1.5)},
            "options.max_link_density",
            "between 0 and 1",
        ),
    ],
)
def test_invalid_argument_names_the_field(
    client: Client, kwargs: dict[str, object], field: str, fragment: str
) -> None:
    content = kwargs.pop("content")
    assert isinstance(content, bytes)
    with pytest.raises(errors.InvalidArgumentError) as caught:
        client.normalize(content, **kwargs)
    error = caught.value
    assert error.code == "INVALID_ARGUMENT"
    assert error.field == field
    assert fragment in error.message
    assert not error.retryable
    assert isinstance(error.__cause__, grpc.RpcError)


def test_binary_content_is_an_invalid_argument_or_a_document(client: Client) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    try:
        document = client.normalize(png)
    except errors.InvalidArgumentError as exc:
        assert exc.field == "content"
    else:
        assert document.text == ""


def test_content_over_the_limit_is_resource_exhausted(client: Client) -> None:
    content = b"word " * 420_000  # 2.1 MB: over --max-content-bytes 2000000, under the message limit
    with pytest.raises(errors.ContentTooLargeError) as caught:
        client.normalize(content)
    assert caught.value.code == "RESOURCE_EXHAUSTED"
    assert "2100000 bytes is over the limit of 2000000 bytes" in caught.value.message
    assert not caught.value.retryable


def test_message_over_the_grpc_limit_is_resource_exhausted(client: Client) -> None:
    content = b"word " * 1_000_000  # 5 MB: over the server's --max-message-bytes 4000000
    with pytest.raises(errors.ContentTooLargeError) as caught:
        client.normalize(content)
    assert caught.value.code == "RESOURCE_EXHAUSTED"


def test_client_message_limit_is_enforced_on_its_side(server: ServerProcess) -> None:
    with Client(server.target, max_message_bytes=1000) as small, pytest.raises(errors.ContentTooLargeError):
        small.normalize(b"x" * 5000)


def test_stream_errors_are_per_document_and_the_stream_goes_on(client: Client) -> None:
    requests = [
        Request(id="good-1", content=TEXT),
        Request(id="empty", content=b""),
        Request(id="format", content=TEXT, format="pdf"),
        Request(id="large", content=b"word " * 420_000),
        Request(id="options", content=TEXT, options=Options(stopwords_low=0.9, stopwords_high=0.1)),
        Request(id="good-2", content=TEXT),
    ]
    results = {r.id: r for r in client.normalize_many(requests, window=3)}
    assert set(results) == {r.id for r in requests}
    assert results["good-1"].ok and results["good-2"].ok
    expected = {
        "empty": ("INVALID_ARGUMENT", "content: is empty"),
        "format": ("INVALID_ARGUMENT", "format: must be one of"),
        "large": ("RESOURCE_EXHAUSTED", "content: 2100000 bytes is over the limit"),
        "options": ("INVALID_ARGUMENT", "options.stopwords_low: must not be greater"),
    }
    for request_id, (code, prefix) in expected.items():
        error = results[request_id].error
        assert error is not None and results[request_id].document is None
        assert error.code == code
        assert error.message.startswith(prefix)
        assert not error.retryable


def test_a_request_over_the_message_limit_fails_alone_and_the_stream_goes_on(client: Client) -> None:
    # 5 MB: over the server's --max-message-bytes 4000000. Sent, gRPC would end the whole stream; the
    # client knows the server's limit (GetServerInfo) and answers that request itself.
    requests = [
        Request(id="before", content=TEXT),
        Request(id="huge", content=b"word " * 1_000_000),
        Request(id="after", content=TEXT),
    ]
    for window in (1, 3):
        results = {r.id: r for r in client.normalize_many(requests, window=window)}
        assert results["before"].ok and results["after"].ok
        error = results["huge"].error
        assert error is not None and error.code == "RESOURCE_EXHAUSTED"
        assert "over the max message size of 4000000 bytes" in error.message


def test_worker_crash_fails_only_its_document_and_is_retryable(client: Client) -> None:
    requests = [Request(id=f"ok-{i}", content=TEXT) for i in range(20)]
    requests.insert(7, Request(id="__crash__", content=TEXT))
    results = {r.id: r for r in client.normalize_many(requests, window=8)}
    assert len(results) == 21
    crashed = results["__crash__"].error
    assert crashed is not None
    assert crashed.code == "INTERNAL" and crashed.retryable
    assert "worker process died" in crashed.message
    assert all(results[f"ok-{i}"].ok for i in range(20))

    with pytest.raises(errors.InternalError) as caught:
        _normalize_with_id(client.target, "__crash__", timeout=60.0)
    assert caught.value.retryable
    # The pool replaced the worker: the server keeps serving.
    assert client.normalize(TEXT).text
    assert client.health() == "SERVING"


def _normalize_with_id(target: str, request_id: str, *, timeout: float) -> None:
    """The public `normalize` has no id parameter; test hooks key on the id, so call the stub directly."""
    with grpc.insecure_channel(target) as channel:
        stub = normalizer_pb2_grpc.NormalizerStub(channel)
        try:
            stub.Normalize(normalizer_pb2.NormalizeRequest(id=request_id, content=TEXT), timeout=timeout)
        except grpc.RpcError as exc:
            raise errors.from_rpc_error(exc) from exc


def test_retries_resend_documents_whose_worker_crashed(client: Client) -> None:
    # "__crash__" crashes every time: with retries it is sent 1 + 2 times, then its error is yielded.
    requests = [Request(id="__crash__", content=TEXT), Request(id="fine", content=TEXT)]
    results = {r.id: r for r in client.normalize_many(requests, retries=2)}
    assert results["fine"].ok
    error = results["__crash__"].error
    assert error is not None and error.code == "INTERNAL"


def test_client_deadline_is_a_timeout_error(client: Client) -> None:
    with pytest.raises(errors.TimeoutError) as caught:
        _normalize_with_id(client.target, "__sleep__:2", timeout=0.3)
    assert caught.value.code == "DEADLINE_EXCEEDED"
    assert isinstance(caught.value, TimeoutError)  # the builtin one too
    assert client.normalize(TEXT).text


def test_unreachable_server_is_unavailable() -> None:
    with Client("127.0.0.1:1", timeout=5.0) as nowhere, pytest.raises(errors.UnavailableError) as caught:
        nowhere.health()
    assert caught.value.retryable
    assert isinstance(caught.value, errors.TransportError)


def test_error_tree_maps_every_code_to_one_class() -> None:
    expected: dict[str, type[errors.PagewashError]] = {
        "UNAVAILABLE": errors.UnavailableError,
        "CANCELLED": errors.CancelledError,
        "INVALID_ARGUMENT": errors.InvalidArgumentError,
        "RESOURCE_EXHAUSTED": errors.ContentTooLargeError,
        "INTERNAL": errors.InternalError,
        "UNAUTHENTICATED": errors.UnauthenticatedError,
        "PERMISSION_DENIED": errors.PermissionDeniedError,
    }
    for name, cls in expected.items():
        assert type(errors.from_status(name, "x")) is cls
    assert type(errors.from_status(grpc.StatusCode.DEADLINE_EXCEEDED, "x")) is errors.TimeoutError
    assert (
        type(errors.from_status(grpc.StatusCode.DEADLINE_EXCEEDED, "x", from_server=True))
        is errors.DeadlineExceededError
    )
    for code in grpc.StatusCode:
        if code is not grpc.StatusCode.OK:
            assert isinstance(errors.from_status(code, "x"), errors.PagewashError)


@pytest.fixture(scope="module")
def strict_server() -> Iterator[ServerProcess]:
    """One worker and a 50 ms per-document limit: a large page cannot make it."""
    proc = ServerProcess("--workers", "1", "--doc-timeout", "0.05", "--max-content-bytes", "8000000")
    yield proc
    proc.stop()


def _large_page() -> bytes:
    paragraph = (
        "<p>The committee met on Tuesday to discuss the budget, and the members agreed that the plan "
        "should go ahead after a long debate about its costs and benefits for the town.</p>\n"
    )
    return ("<html><body><article>" + paragraph * 20_000 + "</article></body></html>").encode()


def test_document_over_the_time_limit_is_deadline_exceeded_and_its_worker_replaced(
    strict_server: ServerProcess,
) -> None:
    page = _large_page()
    with Client(strict_server.target, timeout=60.0, max_message_bytes=16_000_000) as client:
        for _ in range(2):  # the second one runs on the replacement worker
            with pytest.raises(errors.DeadlineExceededError) as caught:
                client.normalize(page)
            assert caught.value.code == "DEADLINE_EXCEEDED"
            assert "longer than the limit of 0.05 s" in caught.value.message
            assert not caught.value.retryable
        results = list(client.normalize_many([Request(id="slow", content=page)]))
        assert results[0].error is not None and results[0].error.code == "DEADLINE_EXCEEDED"
        assert client.health() == "SERVING"
    assert "over the 0.05 s document limit: killing it" in strict_server.log
