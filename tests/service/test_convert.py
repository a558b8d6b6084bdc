"""The protobuf ⇄ dataclass converters lose nothing, and unset options mean the defaults."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from pagewash import _convert
from pagewash.types import (
    Diagnostics,
    Document,
    ErrorInfo,
    Metadata,
    Options,
    Paragraph,
    Request,
    ServerInfo,
    ServerLimits,
)
from pagewash.v1 import normalizer_pb2 as pb

words = st.text(max_size=30)
counts = st.integers(min_value=0, max_value=2**31 - 1)

documents = st.builds(
    Document,
    text=st.text(max_size=200),
    paragraphs=st.lists(
        st.builds(Paragraph, text=words, kind=words, kept=st.booleans(), reason=words, source=words),
        max_size=5,
    ).map(tuple),
    metadata=st.builds(
        Metadata,
        title=words,
        authors=st.lists(words, max_size=3).map(tuple),
        published=words,
        site_name=words,
        url=words,
        language=words,
        description=words,
        tags=st.lists(words, max_size=3).map(tuple),
        word_count=counts,
        char_count=counts,
        sha256=words,
        simhash=st.integers(min_value=0, max_value=2**64 - 1),
    ),
    diagnostics=st.builds(
        Diagnostics,
        encoding=words,
        encoding_source=words,
        repairs=st.lists(words, max_size=3).map(tuple),
        format=words,
        language=words,
        language_source=words,
        blocks_seen=counts,
        blocks_kept=counts,
        removed=st.lists(st.tuples(words, counts), max_size=4).map(tuple),
        elapsed_ms=st.floats(min_value=0, max_value=1e6),
    ),
)

options = st.builds(
    Options,
    include_paragraphs=st.booleans(),
    uncurl_quotes=st.booleans(),
    normalization=st.sampled_from(["NFC", "NFKC", "NFD", "NFKD", ""]),
    length_low=st.integers(min_value=0, max_value=1000),
    stopwords_high=st.floats(min_value=0, max_value=1),
    no_headings=st.booleans(),
)


@given(documents, words)
def test_documents_survive_the_wire(document: Document, request_id: str) -> None:
    wire = pb.NormalizeResponse.FromString(
        _convert.document_to_pb(document, id=request_id).SerializeToString()
    )
    assert wire.id == request_id
    assert _convert.document_from_pb(wire) == document
    assert _convert.error_from_pb(wire) is None


@given(options, st.binary(max_size=100), words, st.sampled_from(["auto", "html", "text"]))
def test_requests_survive_the_wire(opts: Options, content: bytes, url: str, fmt: str) -> None:
    request = Request(
        content=content, id="r", url=url, content_type="text/html", format=fmt, language="en", options=opts
    )
    wire = pb.NormalizeRequest.FromString(_convert.request_to_pb(request).SerializeToString())
    back = _convert.request_from_pb(wire)
    # Options equal to the defaults travel as "nothing set" and come back as None (= the defaults).
    assert back == (request if opts != Options() else Request(**{**_fields(request), "options": None}))


def test_unset_options_are_the_defaults_and_set_ones_are_kept() -> None:
    assert _convert.options_to_pb(Options()) == pb.Options()
    assert _convert.options_from_pb(pb.Options()) is None
    partial = pb.Options(length_low=10, include_paragraphs=False)
    assert _convert.options_from_pb(partial) == Options(length_low=10, include_paragraphs=False)
    # Explicit zero / false / empty values are distinguishable from unset ones.
    zero = _convert.options_to_pb(Options(length_low=0, normalization=""))
    assert zero is not None and zero.HasField("length_low") and zero.HasField("normalization")


def test_errors_and_server_info_survive_the_wire() -> None:
    error = ErrorInfo(code="DEADLINE_EXCEEDED", message="too slow", retryable=False)
    wire = _convert.error_to_pb(error, id="x")
    assert wire.status.code == 4
    assert _convert.error_from_pb(wire) == error
    info = ServerInfo(
        pagewash_version="1",
        ftfy_version="2",
        justext_version="3",
        lxml_version="4",
        python_version="5",
        languages=("de", "en"),
        limits=ServerLimits(1, 2, 3.5, 4, 5, 6),
    )
    assert _convert.server_info_from_pb(_convert.server_info_to_pb(info)) == info
    assert _convert.code_name(_convert.code_value("RESOURCE_EXHAUSTED")) == "RESOURCE_EXHAUSTED"
    assert _convert.code_name(999) == "UNKNOWN"


def _fields(request: Request) -> dict[str, object]:
    return {name: getattr(request, name) for name in Request.__dataclass_fields__}
