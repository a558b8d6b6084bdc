"""The only converters between pagewash.v1 protobuf messages and the plain dataclasses (to_pb/from_pb)."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import grpc

from .types import (
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
from .v1 import normalizer_pb2 as pb

DEFAULT_OPTIONS = Options()
_OPTION_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Options))

_CODE_BY_NAME: dict[str, int] = {code.name: code.value[0] for code in grpc.StatusCode}
_NAME_BY_CODE: dict[int, str] = {value: name for name, value in _CODE_BY_NAME.items()}


# --- options ---------------------------------------------------------------------------------------


def options_to_pb(options: Options | None) -> pb.Options | None:
    """Only the fields that differ from the defaults are set, so an unset field means "server default"."""
    if options is None:
        return None
    changed = {
        name: getattr(options, name)
        for name in _OPTION_NAMES
        if getattr(options, name) != getattr(DEFAULT_OPTIONS, name)
    }
    return pb.Options(**changed)


def options_from_pb(message: pb.Options) -> Options | None:
    """None when no option is set (the pipeline's defaults apply)."""
    given = {name: getattr(message, name) for name in _OPTION_NAMES if message.HasField(name)}
    return Options(**given) if given else None


# --- requests --------------------------------------------------------------------------------------


def request_to_pb(request: Request, *, id: str | None = None) -> pb.NormalizeRequest:
    message = pb.NormalizeRequest(
        id=request.id if id is None else id,
        content=bytes(request.content),
        url=request.url,
        content_type=request.content_type,
        format="" if request.format == "auto" else request.format,
        language=request.language,
    )
    opts = options_to_pb(request.options)
    if opts is not None:
        message.options.CopyFrom(opts)
    return message


def request_from_pb(message: pb.NormalizeRequest) -> Request:
    return Request(
        content=message.content,
        id=message.id,
        url=message.url,
        content_type=message.content_type,
        format=message.format or "auto",
        language=message.language,
        options=options_from_pb(message.options) if message.HasField("options") else None,
    )


# --- documents -------------------------------------------------------------------------------------


def metadata_to_pb(meta: Metadata) -> pb.Metadata:
    return pb.Metadata(**_metadata_fields(meta))


def _metadata_fields(meta: Metadata) -> dict[str, Any]:
    return {
        "title": meta.title,
        "authors": meta.authors,
        "published": meta.published,
        "site_name": meta.site_name,
        "url": meta.url,
        "language": meta.language,
        "description": meta.description,
        "tags": meta.tags,
        "word_count": meta.word_count,
        "char_count": meta.char_count,
        "sha256": meta.sha256,
        "simhash": meta.simhash,
    }


def metadata_from_pb(message: pb.Metadata) -> Metadata:
    return Metadata(
        title=message.title,
        authors=tuple(message.authors),
        published=message.published,
        site_name=message.site_name,
        url=message.url,
        language=message.language,
        description=message.description,
        tags=tuple(message.tags),
        word_count=message.word_count,
        char_count=message.char_count,
        sha256=message.sha256,
        simhash=message.simhash,
    )


def diagnostics_to_pb(diag: Diagnostics) -> pb.Diagnostics:
    return pb.Diagnostics(**_diagnostics_fields(diag))


def _diagnostics_fields(diag: Diagnostics) -> dict[str, Any]:
    return {
        "encoding": diag.encoding,
        "encoding_source": diag.encoding_source,
        "repairs": diag.repairs,
        "format": diag.format,
        "language": diag.language,
        "language_source": diag.language_source,
        "blocks_seen": diag.blocks_seen,
        "blocks_kept": diag.blocks_kept,
        "removed": [{"reason": reason, "count": count} for reason, count in diag.removed],
        "elapsed_ms": diag.elapsed_ms,
    }


def diagnostics_from_pb(message: pb.Diagnostics) -> Diagnostics:
    return Diagnostics(
        encoding=message.encoding,
        encoding_source=message.encoding_source,
        repairs=tuple(message.repairs),
        format=message.format,
        language=message.language,
        language_source=message.language_source,
        blocks_seen=message.blocks_seen,
        blocks_kept=message.blocks_kept,
        removed=tuple((item.reason, item.count) for item in message.removed),
        elapsed_ms=message.elapsed_ms,
    )


def paragraph_to_pb(paragraph: Paragraph) -> pb.Paragraph:
    return pb.Paragraph(
        text=paragraph.text,
        kind=paragraph.kind,
        kept=paragraph.kept,
        reason=paragraph.reason,
        source=paragraph.source,
    )


def paragraph_from_pb(message: pb.Paragraph) -> Paragraph:
    return Paragraph(
        text=message.text, kind=message.kind, kept=message.kept, reason=message.reason, source=message.source
    )


def document_to_pb(document: Document, *, id: str = "") -> pb.NormalizeResponse:
    # Plain dicts for the sub-messages: the response is built in one go instead of building each
    # sub-message and then copying it in (a worker does this once per document).
    return pb.NormalizeResponse(
        id=id,
        text=document.text,
        paragraphs=[paragraph_to_pb(p) for p in document.paragraphs],
        metadata=_metadata_fields(document.metadata),
        diagnostics=_diagnostics_fields(document.diagnostics),
    )


def document_from_pb(message: pb.NormalizeResponse) -> Document:
    return Document(
        text=message.text,
        paragraphs=tuple(paragraph_from_pb(p) for p in message.paragraphs),
        metadata=metadata_from_pb(message.metadata),
        diagnostics=diagnostics_from_pb(message.diagnostics),
    )


# --- errors ----------------------------------------------------------------------------------------


def code_value(name: str) -> int:
    """The numeric gRPC status code of a status name ("INVALID_ARGUMENT" -> 3); UNKNOWN for others."""
    return _CODE_BY_NAME.get(name, _CODE_BY_NAME["UNKNOWN"])


def code_name(value: int) -> str:
    """The gRPC status name of a numeric code (3 -> "INVALID_ARGUMENT"); "UNKNOWN" for others."""
    return _NAME_BY_CODE.get(value, "UNKNOWN")


def error_to_pb(error: ErrorInfo, *, id: str = "") -> pb.NormalizeResponse:
    return pb.NormalizeResponse(
        id=id, status=pb.Status(code=code_value(error.code), message=error.message, retryable=error.retryable)
    )


def error_from_pb(message: pb.NormalizeResponse) -> ErrorInfo | None:
    """The document's error, or None when the response carries a document."""
    if not message.HasField("status") or message.status.code == 0:
        return None
    status = message.status
    return ErrorInfo(code=code_name(status.code), message=status.message, retryable=status.retryable)


# --- server info -----------------------------------------------------------------------------------


def server_info_to_pb(info: ServerInfo) -> pb.ServerInfo:
    limits = info.limits
    return pb.ServerInfo(
        pagewash_version=info.pagewash_version,
        ftfy_version=info.ftfy_version,
        justext_version=info.justext_version,
        lxml_version=info.lxml_version,
        python_version=info.python_version,
        languages=info.languages,
        limits=pb.Limits(
            max_message_bytes=limits.max_message_bytes,
            max_content_bytes=limits.max_content_bytes,
            document_timeout_seconds=limits.document_timeout_seconds,
            workers=limits.workers,
            max_concurrent_streams=limits.max_concurrent_streams,
            max_inflight_per_stream=limits.max_inflight_per_stream,
            max_queued_bytes=limits.max_queued_bytes,
        ),
    )


def server_info_from_pb(message: pb.ServerInfo) -> ServerInfo:
    limits = message.limits
    return ServerInfo(
        pagewash_version=message.pagewash_version,
        ftfy_version=message.ftfy_version,
        justext_version=message.justext_version,
        lxml_version=message.lxml_version,
        python_version=message.python_version,
        languages=tuple(message.languages),
        limits=ServerLimits(
            max_message_bytes=limits.max_message_bytes,
            max_content_bytes=limits.max_content_bytes,
            document_timeout_seconds=limits.document_timeout_seconds,
            workers=limits.workers,
            max_concurrent_streams=limits.max_concurrent_streams,
            max_inflight_per_stream=limits.max_inflight_per_stream,
            max_queued_bytes=limits.max_queued_bytes,
        ),
    )
