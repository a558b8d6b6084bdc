"""Hypothesis fuzz of the request path against a real server: every request gets one precise answer.

Random `NormalizeRequest`s (random bytes as content, random ids, urls, content types, formats, languages
and option values including NaN and the int32 extremes, empty and huge fields) and random or mutated raw
message bytes go to the session's server on localhost, over unary calls and streams. Each must get exactly
one answer: a document echoing its id, or an error whose status names the request's own problem
(INVALID_ARGUMENT with the field in front of its message, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED) — never
INTERNAL, UNKNOWN or UNAVAILABLE — and the server must stay SERVING with no worker lost.

Short and deterministic by default. Run long with, e.g.:
    PAGEWASH_FUZZ_EXAMPLES=5000 .venv/bin/pytest tests/service/test_request_fuzz.py -p no:cacheprovider
which also randomizes the seed and keeps failing examples in .hypothesis/ to replay them.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from _service_server import ServerProcess
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase
from pagewash.v1 import normalizer_pb2 as pb

LONG_RUN_EXAMPLES = int(os.environ.get("PAGEWASH_FUZZ_EXAMPLES", "0") or 0)
LONG_RUN = LONG_RUN_EXAMPLES > 0
FUZZ_TIMEOUT_S = 0 if LONG_RUN else 240  # pytest-timeout: 0 disables it for long runs

# The session server's limits (tests/service/conftest.py).
MAX_CONTENT_BYTES = 2_000_000
MAX_MESSAGE_BYTES = 4_000_000
CALL_TIMEOUT_S = 60.0

NORMALIZE = "/pagewash.v1.Normalizer/Normalize"
NORMALIZE_STREAM = "/pagewash.v1.Normalizer/NormalizeStream"
# What a request can earn by its own fault; anything else (INTERNAL, UNKNOWN, UNAVAILABLE, …) is a bug.
REQUEST_FAULTS = {
    grpc.StatusCode.INVALID_ARGUMENT,
    grpc.StatusCode.RESOURCE_EXHAUSTED,
    grpc.StatusCode.DEADLINE_EXCEEDED,
}
# "content: is empty", "options.length_low: must not be negative", "request: not a NormalizeRequest".
NAMES_A_FIELD = re.compile(r"^[a-z_]+(\.[a-z_]+)?: \S")
TEST_HOOK_PREFIXES = ("__crash__", "__sleep__")


def fuzz_settings(default_examples: int) -> settings:
    """Bounded and reproducible by default; PAGEWASH_FUZZ_EXAMPLES makes it long, random and remembered."""
    return settings(
        max_examples=LONG_RUN_EXAMPLES or default_examples,
        deadline=None,
        derandomize=not LONG_RUN,
        database=DirectoryBasedExampleDatabase(".hypothesis/examples") if LONG_RUN else None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
        print_blob=True,
    )


# --- strategies -------------------------------------------------------------------------------------

HTML_PIECES = (
    b"<html>",
    b"<body>",
    b"<p>",
    b"</p>",
    b"<div>",
    b"</div>",
    b"<article>",
    b"<script>",
    b"</script>",
    b"<!--",
    b"-->",
    b"<![CDATA[",
    b"&amp;",
    b"&#0;",
    b"&#x110000;",
    b"&nosuch;",
    b'<meta charset="utf-16">',
    b'<meta http-equiv="content-type" content="text/html; charset=koi8-r">',
    b"<?xml version='1.0' encoding='utf-32'?>",
    b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\x00",
    b"\xc3\x28",
    b"The committee met on Tuesday to discuss the budget for the coming year. ",
    "Комитет собрался во вторник. ".encode(),
    "委员会星期二开会讨论了明年的预算。".encode(),
)


def _repeated(seed_and_size: tuple[bytes, int]) -> bytes:
    seed, size = seed_and_size
    return (seed * (size // len(seed) + 1))[:size]


contents = st.one_of(
    st.binary(max_size=2048),
    st.lists(st.sampled_from(HTML_PIECES), max_size=60).map(b"".join),
    st.tuples(
        st.text(max_size=400),
        st.sampled_from(("utf-8", "utf-16", "utf-16-be", "utf-32", "cp1252", "koi8-r", "gb18030", "big5")),
    ).map(lambda pair: pair[0].encode(pair[1], errors="replace")),
    # Large: under the content limit, just over it, and over the gRPC message limit.
    st.tuples(
        st.binary(min_size=1, max_size=64),
        st.sampled_from(
            (100_000, 1_000_000, MAX_CONTENT_BYTES, MAX_CONTENT_BYTES + 1, MAX_MESSAGE_BYTES + 10)
        ),
    ).map(_repeated),
)
ids = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=10_000, max_value=200_000).map(lambda size: "i" * size),
).filter(lambda value: not value.startswith(TEST_HOOK_PREFIXES))
short_texts = st.text(max_size=80)
content_types = st.one_of(
    st.sampled_from(
        (
            "",
            "text/html",
            "text/html; charset=utf-8",
            "text/html; charset=utf-16",
            "text/html; charset=bogus",
            "text/plain; charset=utf-7",
            "application/pdf",
            "text/html; charset=",
            "text/html; charset=\x00",
        )
    ),
    short_texts,
)
formats = st.one_of(st.sampled_from(("", "auto", "html", "text", "HTML", "pdf")), short_texts)
languages = st.one_of(
    st.sampled_from(("", "en", "de", "ru", "zh", "ar", "hi", "EN", "en-US", "zz")), short_texts
)
int32s = st.integers(min_value=-(2**31), max_value=2**31 - 1)
doubles = st.floats(allow_nan=True, allow_infinity=True)
OPTION_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "include_paragraphs": st.booleans(),
    "uncurl_quotes": st.booleans(),
    "fix_character_width": st.booleans(),
    "fix_latin_ligatures": st.booleans(),
    "normalization": st.one_of(st.sampled_from(("", "NFC", "NFKC", "NFD", "NFKD", "nfc")), short_texts),
    "length_low": int32s,
    "length_high": int32s,
    "stopwords_low": doubles,
    "stopwords_high": doubles,
    "max_link_density": doubles,
    "max_heading_distance": int32s,
    "no_headings": st.booleans(),
}
options = st.none() | st.fixed_dictionaries({}, optional=OPTION_VALUES).map(lambda given: pb.Options(**given))


@st.composite
def requests(draw: st.DrawFn, request_id: st.SearchStrategy[str] = ids) -> pb.NormalizeRequest:
    message = pb.NormalizeRequest(
        id=draw(request_id),
        content=draw(contents),
        url=draw(st.one_of(short_texts, st.just("http://" + "a" * 100_000 + ".example/"))),
        content_type=draw(content_types),
        format=draw(formats),
        language=draw(languages),
    )
    chosen = draw(options)
    if chosen is not None:
        message.options.CopyFrom(chosen)
    return message


@st.composite
def raw_messages(draw: st.DrawFn) -> bytes:
    """Bytes that are not a well-formed request: random, or a real request with bytes flipped or cut."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=1024))
    body = bytearray(draw(requests(st.text(max_size=20))).SerializeToString()[:4096])
    for position, value in draw(st.lists(st.tuples(st.integers(0, 4095), st.integers(0, 255)), max_size=8)):
        if body:
            body[position % len(body)] = value
    return bytes(body[: draw(st.integers(0, len(body)))])


# --- the server side ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def channel(server: ServerProcess) -> Iterator[grpc.Channel]:
    # The channel sends anything (its own limits are far above the server's): the server must judge.
    with grpc.insecure_channel(
        server.target,
        options=[("grpc.max_send_message_length", -1), ("grpc.max_receive_message_length", 64_000_000)],
    ) as open_channel:
        yield open_channel


def _unary(channel: grpc.Channel, raw: bytes) -> tuple[pb.NormalizeResponse | None, grpc.RpcError | None]:
    call = channel.unary_unary(NORMALIZE, request_serializer=None, response_deserializer=None)
    try:
        answer: bytes = call(raw, timeout=CALL_TIMEOUT_S)
    except grpc.RpcError as exc:
        return None, exc
    return pb.NormalizeResponse.FromString(answer), None


def _check_refusal(error: grpc.RpcError) -> None:
    code, details = error.code(), error.details() or ""
    note(f"status {code.name}: {details[:300]}")
    assert code in REQUEST_FAULTS, f"{code.name}: {details[:500]}"
    assert details
    if code is grpc.StatusCode.INVALID_ARGUMENT:
        assert NAMES_A_FIELD.match(details), details[:300]


def _expected_code(message: pb.NormalizeRequest) -> grpc.StatusCode | None:
    """The status a request must get when it is decidable from its fields alone (None: not decidable)."""
    size = message.ByteSize()
    if size > MAX_MESSAGE_BYTES:
        return grpc.StatusCode.RESOURCE_EXHAUSTED  # refused by gRPC itself
    if not message.content:
        return grpc.StatusCode.INVALID_ARGUMENT
    if len(message.content) > MAX_CONTENT_BYTES:
        return grpc.StatusCode.RESOURCE_EXHAUSTED
    return None


def _server_is_whole(server: ServerProcess, log_from: int) -> None:
    assert server.process.poll() is None, "the server died"
    new_log = "".join(server.lines[log_from:])
    for sign in ("died unexpectedly", "Traceback", "exited during start-up"):
        assert sign not in new_log, new_log[-3000:]


def _health(channel: grpc.Channel) -> None:
    check = channel.unary_unary(
        "/grpc.health.v1.Health/Check", request_serializer=None, response_deserializer=None
    )
    # HealthCheckResponse{status: SERVING} is the two bytes 08 01.
    assert check(b"", timeout=30.0) == b"\x08\x01"


# --- the targets ----------------------------------------------------------------------------------


@pytest.mark.timeout(FUZZ_TIMEOUT_S)
@fuzz_settings(default_examples=70)
@given(message=requests())
def test_any_request_gets_a_document_or_a_precise_error(
    server: ServerProcess, channel: grpc.Channel, message: pb.NormalizeRequest
) -> None:
    log_from = len(server.lines)
    response, error = _unary(channel, message.SerializeToString())
    expected = _expected_code(message)
    if error is not None:
        _check_refusal(error)
        if expected is not None:
            assert error.code() is expected
    else:
        assert response is not None
        assert expected is None, f"expected {expected}, got a document"
        assert response.id == message.id
        assert response.status.code == 0 and not response.status.message
        assert response.metadata.char_count == len(response.text)
        assert response.text == "" or response.metadata.word_count > 0
    _server_is_whole(server, log_from)


@pytest.mark.timeout(FUZZ_TIMEOUT_S)
@fuzz_settings(default_examples=60)
@given(raw=raw_messages())
def test_malformed_request_bytes_are_refused_or_served_never_crash(
    server: ServerProcess, channel: grpc.Channel, raw: bytes
) -> None:
    log_from = len(server.lines)
    response, error = _unary(channel, raw)
    if error is not None:
        _check_refusal(error)
    else:
        # The bytes happened to parse: then they were a request, and the answer echoes its id.
        parsed = pb.NormalizeRequest.FromString(raw)
        assert response is not None and response.id == parsed.id
    _server_is_whole(server, log_from)


@pytest.mark.timeout(FUZZ_TIMEOUT_S)
@fuzz_settings(default_examples=20)
@given(
    batch=st.lists(
        st.one_of(requests(st.just("")), raw_messages().map(lambda raw: raw or b"\x0a\x00")),
        min_size=1,
        max_size=8,
    ),
    window=st.integers(1, 4),
)
def test_a_stream_of_random_requests_answers_each_exactly_once(
    server: ServerProcess, channel: grpc.Channel, batch: list[pb.NormalizeRequest | bytes], window: int
) -> None:
    log_from = len(server.lines)
    sent: dict[str, grpc.StatusCode | None] = {}
    unparsable = 0
    wire: list[bytes] = []
    for index, item in enumerate(batch):
        if isinstance(item, bytes):
            try:
                parsed = pb.NormalizeRequest.FromString(item)
            except Exception:
                unparsable += 1
                wire.append(item)
                continue
            item = parsed
        item.id = f"s{index}"  # unique ids, so each answer can be matched to its request
        if item.ByteSize() > MAX_MESSAGE_BYTES:
            # gRPC ends the whole call on an oversized message; the client answers those itself.
            item.content = b""
        sent[item.id] = _expected_code(item)
        wire.append(item.SerializeToString())
    note(f"{len(wire)} messages, {unparsable} not parsable, window {window}")
    call = channel.stream_stream(NORMALIZE_STREAM, request_serializer=None, response_deserializer=None)
    answers = [pb.NormalizeResponse.FromString(raw) for raw in call(iter(wire), timeout=CALL_TIMEOUT_S)]
    assert len(answers) == len(wire)
    by_id = [answer.id for answer in answers if answer.id]
    assert sorted(by_id) == sorted(sent)
    assert sum(1 for answer in answers if not answer.id) == unparsable
    for answer in answers:
        if answer.status.code:
            code = next(c for c in grpc.StatusCode if c.value[0] == answer.status.code)
            assert code in REQUEST_FAULTS, answer.status.message
            assert not answer.status.retryable
            if code is grpc.StatusCode.INVALID_ARGUMENT:
                assert NAMES_A_FIELD.match(answer.status.message), answer.status.message[:300]
            if answer.id and sent[answer.id] is not None:
                assert code is sent[answer.id]
        else:
            assert answer.id and sent[answer.id] is None
    _server_is_whole(server, log_from)


def test_the_server_is_serving_after_the_fuzz(server: ServerProcess, channel: grpc.Channel) -> None:
    _health(channel)
    response, error = _unary(
        channel,
        pb.NormalizeRequest(id="after", content=b"The committee met on Tuesday.\n").SerializeToString(),
    )
    assert error is None and response is not None and response.id == "after"


@pytest.mark.parametrize("name", ["stopwords_low", "stopwords_high", "max_link_density"])
def test_a_nan_share_is_an_invalid_argument(channel: grpc.Channel, name: str) -> None:
    # Found by this fuzz: range checks with < and > let NaN through (every comparison with NaN is false).
    message = pb.NormalizeRequest(id="nan", content=b"The committee met on Tuesday.\n")
    setattr(message.options, name, math.nan)
    _, error = _unary(channel, message.SerializeToString())
    assert error is not None and error.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert (error.details() or "").startswith(f"options.{name}:")


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (1_000_000, None),
        (MAX_CONTENT_BYTES + 100_000, grpc.StatusCode.RESOURCE_EXHAUSTED),
        (5 * MAX_MESSAGE_BYTES, grpc.StatusCode.RESOURCE_EXHAUSTED),
    ],
)
def test_a_gzip_compressed_request_is_measured_after_decompression(
    server: ServerProcess, size: int, expected: grpc.StatusCode | None
) -> None:
    # gRPC's message compression is the one decompression on the request path: a few KB on the wire
    # that inflate to many MB must meet the same limits as the MBs themselves.
    message = pb.NormalizeRequest(id="gz", content=b"<p>" + b"a" * (size - 3))
    with grpc.insecure_channel(
        server.target, options=[("grpc.max_send_message_length", -1)], compression=grpc.Compression.Gzip
    ) as gzip_channel:
        response, error = _unary(gzip_channel, message.SerializeToString())
    if expected is None:
        assert error is None and response is not None and response.id == "gz"
    else:
        assert error is not None and error.code() is expected
    with grpc.insecure_channel(server.target) as plain:
        _health(plain)
