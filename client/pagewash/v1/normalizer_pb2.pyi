from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Options(_message.Message):
    __slots__ = ("include_paragraphs", "uncurl_quotes", "fix_character_width", "fix_latin_ligatures", "normalization", "length_low", "length_high", "stopwords_low", "stopwords_high", "max_link_density", "max_heading_distance", "no_headings")
    INCLUDE_PARAGRAPHS_FIELD_NUMBER: _ClassVar[int]
    UNCURL_QUOTES_FIELD_NUMBER: _ClassVar[int]
    FIX_CHARACTER_WIDTH_FIELD_NUMBER: _ClassVar[int]
    FIX_LATIN_LIGATURES_FIELD_NUMBER: _ClassVar[int]
    NORMALIZATION_FIELD_NUMBER: _ClassVar[int]
    LENGTH_LOW_FIELD_NUMBER: _ClassVar[int]
    LENGTH_HIGH_FIELD_NUMBER: _ClassVar[int]
    STOPWORDS_LOW_FIELD_NUMBER: _ClassVar[int]
    STOPWORDS_HIGH_FIELD_NUMBER: _ClassVar[int]
    MAX_LINK_DENSITY_FIELD_NUMBER: _ClassVar[int]
    MAX_HEADING_DISTANCE_FIELD_NUMBER: _ClassVar[int]
    NO_HEADINGS_FIELD_NUMBER: _ClassVar[int]
    include_paragraphs: bool
    uncurl_quotes: bool
    fix_character_width: bool
    fix_latin_ligatures: bool
    normalization: str
    length_low: int
    length_high: int
    stopwords_low: float
    stopwords_high: float
    max_link_density: float
    max_heading_distance: int
    no_headings: bool
    def __init__(self, include_paragraphs: _Optional[bool] = ..., uncurl_quotes: _Optional[bool] = ..., fix_character_width: _Optional[bool] = ..., fix_latin_ligatures: _Optional[bool] = ..., normalization: _Optional[str] = ..., length_low: _Optional[int] = ..., length_high: _Optional[int] = ..., stopwords_low: _Optional[float] = ..., stopwords_high: _Optional[float] = ..., max_link_density: _Optional[float] = ..., max_heading_distance: _Optional[int] = ..., no_headings: _Optional[bool] = ...) -> None: ...

class NormalizeRequest(_message.Message):
    __slots__ = ("id", "content", "url", "content_type", "format", "language", "options")
    ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    id: str
    content: bytes
    url: str
    content_type: str
    format: str
    language: str
    options: Options
    def __init__(self, id: _Optional[str] = ..., content: _Optional[bytes] = ..., url: _Optional[str] = ..., content_type: _Optional[str] = ..., format: _Optional[str] = ..., language: _Optional[str] = ..., options: _Optional[_Union[Options, _Mapping]] = ...) -> None: ...

class Status(_message.Message):
    __slots__ = ("code", "message", "retryable")
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    RETRYABLE_FIELD_NUMBER: _ClassVar[int]
    code: int
    message: str
    retryable: bool
    def __init__(self, code: _Optional[int] = ..., message: _Optional[str] = ..., retryable: _Optional[bool] = ...) -> None: ...

class Paragraph(_message.Message):
    __slots__ = ("text", "kind", "kept", "reason", "source")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    KEPT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    text: str
    kind: str
    kept: bool
    reason: str
    source: str
    def __init__(self, text: _Optional[str] = ..., kind: _Optional[str] = ..., kept: _Optional[bool] = ..., reason: _Optional[str] = ..., source: _Optional[str] = ...) -> None: ...

class Metadata(_message.Message):
    __slots__ = ("title", "authors", "published", "site_name", "url", "language", "description", "tags", "word_count", "char_count", "sha256", "simhash")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    AUTHORS_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_FIELD_NUMBER: _ClassVar[int]
    SITE_NAME_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    WORD_COUNT_FIELD_NUMBER: _ClassVar[int]
    CHAR_COUNT_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    SIMHASH_FIELD_NUMBER: _ClassVar[int]
    title: str
    authors: _containers.RepeatedScalarFieldContainer[str]
    published: str
    site_name: str
    url: str
    language: str
    description: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    word_count: int
    char_count: int
    sha256: str
    simhash: int
    def __init__(self, title: _Optional[str] = ..., authors: _Optional[_Iterable[str]] = ..., published: _Optional[str] = ..., site_name: _Optional[str] = ..., url: _Optional[str] = ..., language: _Optional[str] = ..., description: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., word_count: _Optional[int] = ..., char_count: _Optional[int] = ..., sha256: _Optional[str] = ..., simhash: _Optional[int] = ...) -> None: ...

class RemovedCount(_message.Message):
    __slots__ = ("reason", "count")
    REASON_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    reason: str
    count: int
    def __init__(self, reason: _Optional[str] = ..., count: _Optional[int] = ...) -> None: ...

class Diagnostics(_message.Message):
    __slots__ = ("encoding", "encoding_source", "repairs", "format", "language", "language_source", "blocks_seen", "blocks_kept", "removed", "elapsed_ms")
    ENCODING_FIELD_NUMBER: _ClassVar[int]
    ENCODING_SOURCE_FIELD_NUMBER: _ClassVar[int]
    REPAIRS_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_SOURCE_FIELD_NUMBER: _ClassVar[int]
    BLOCKS_SEEN_FIELD_NUMBER: _ClassVar[int]
    BLOCKS_KEPT_FIELD_NUMBER: _ClassVar[int]
    REMOVED_FIELD_NUMBER: _ClassVar[int]
    ELAPSED_MS_FIELD_NUMBER: _ClassVar[int]
    encoding: str
    encoding_source: str
    repairs: _containers.RepeatedScalarFieldContainer[str]
    format: str
    language: str
    language_source: str
    blocks_seen: int
    blocks_kept: int
    removed: _containers.RepeatedCompositeFieldContainer[RemovedCount]
    elapsed_ms: float
    def __init__(self, encoding: _Optional[str] = ..., encoding_source: _Optional[str] = ..., repairs: _Optional[_Iterable[str]] = ..., format: _Optional[str] = ..., language: _Optional[str] = ..., language_source: _Optional[str] = ..., blocks_seen: _Optional[int] = ..., blocks_kept: _Optional[int] = ..., removed: _Optional[_Iterable[_Union[RemovedCount, _Mapping]]] = ..., elapsed_ms: _Optional[float] = ...) -> None: ...

class NormalizeResponse(_message.Message):
    __slots__ = ("id", "status", "text", "paragraphs", "metadata", "diagnostics")
    ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    PARAGRAPHS_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    DIAGNOSTICS_FIELD_NUMBER: _ClassVar[int]
    id: str
    status: Status
    text: str
    paragraphs: _containers.RepeatedCompositeFieldContainer[Paragraph]
    metadata: Metadata
    diagnostics: Diagnostics
    def __init__(self, id: _Optional[str] = ..., status: _Optional[_Union[Status, _Mapping]] = ..., text: _Optional[str] = ..., paragraphs: _Optional[_Iterable[_Union[Paragraph, _Mapping]]] = ..., metadata: _Optional[_Union[Metadata, _Mapping]] = ..., diagnostics: _Optional[_Union[Diagnostics, _Mapping]] = ...) -> None: ...

class GetServerInfoRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class Limits(_message.Message):
    __slots__ = ("max_message_bytes", "max_content_bytes", "document_timeout_seconds", "workers", "max_concurrent_streams", "max_inflight_per_stream", "max_queued_bytes")
    MAX_MESSAGE_BYTES_FIELD_NUMBER: _ClassVar[int]
    MAX_CONTENT_BYTES_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TIMEOUT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    WORKERS_FIELD_NUMBER: _ClassVar[int]
    MAX_CONCURRENT_STREAMS_FIELD_NUMBER: _ClassVar[int]
    MAX_INFLIGHT_PER_STREAM_FIELD_NUMBER: _ClassVar[int]
    MAX_QUEUED_BYTES_FIELD_NUMBER: _ClassVar[int]
    max_message_bytes: int
    max_content_bytes: int
    document_timeout_seconds: float
    workers: int
    max_concurrent_streams: int
    max_inflight_per_stream: int
    max_queued_bytes: int
    def __init__(self, max_message_bytes: _Optional[int] = ..., max_content_bytes: _Optional[int] = ..., document_timeout_seconds: _Optional[float] = ..., workers: _Optional[int] = ..., max_concurrent_streams: _Optional[int] = ..., max_inflight_per_stream: _Optional[int] = ..., max_queued_bytes: _Optional[int] = ...) -> None: ...

class ServerInfo(_message.Message):
    __slots__ = ("pagewash_version", "ftfy_version", "justext_version", "lxml_version", "python_version", "languages", "limits")
    PAGEWASH_VERSION_FIELD_NUMBER: _ClassVar[int]
    FTFY_VERSION_FIELD_NUMBER: _ClassVar[int]
    JUSTEXT_VERSION_FIELD_NUMBER: _ClassVar[int]
    LXML_VERSION_FIELD_NUMBER: _ClassVar[int]
    PYTHON_VERSION_FIELD_NUMBER: _ClassVar[int]
    LANGUAGES_FIELD_NUMBER: _ClassVar[int]
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    pagewash_version: str
    ftfy_version: str
    justext_version: str
    lxml_version: str
    python_version: str
    languages: _containers.RepeatedScalarFieldContainer[str]
    limits: Limits
    def __init__(self, pagewash_version: _Optional[str] = ..., ftfy_version: _Optional[str] = ..., justext_version: _Optional[str] = ..., lxml_version: _Optional[str] = ..., python_version: _Optional[str] = ..., languages: _Optional[_Iterable[str]] = ..., limits: _Optional[_Union[Limits, _Mapping]] = ...) -> None: ...
