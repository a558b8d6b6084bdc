"""Plain frozen dataclasses shared by the in-process pipeline and the gRPC client."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Format = Literal["auto", "html", "text"]
NormalizationForm = Literal["NFC", "NFKC", "NFD", "NFKD", ""]

FORMATS: tuple[str, ...] = ("auto", "html", "text")
NORMALIZATION_FORMS: tuple[str, ...] = ("NFC", "NFKC", "NFD", "NFKD", "")


@dataclass(frozen=True, slots=True)
class Options:
    """How one document is normalized. Every field has a default that suits corpus building.

    Output:
      include_paragraphs  -- return every block with its verdict (kept or not, and why); default True.
                             Turn off on the wire to halve response size when only `text` is wanted.
    Repair (ftfy); by default encoding damage is repaired and typography is left alone, as corpus
    pipelines (datatrove, NeMo Curator) do:
      uncurl_quotes       -- turn curly quotes into straight ones; default False.
      fix_character_width -- fold full-width characters (CJK punctuation) to half-width; default False.
      fix_latin_ligatures -- expand ligatures such as "ﬁ" into "fi"; default False.
      normalization       -- Unicode normalization form, "" for none; default "NFC".
    Classification (jusText's paragraph model; same meaning and defaults as jusText):
      length_low, length_high       -- characters below which a block is short / above which it may be good.
      stopwords_low, stopwords_high -- stopword densities bounding bad / good.
      max_link_density              -- a block with more link text than this is boilerplate.
      max_heading_distance          -- how far (characters) a heading may stand from good text and stay.
      no_headings                   -- treat headings as ordinary blocks.
    """

    include_paragraphs: bool = True
    uncurl_quotes: bool = False
    fix_character_width: bool = False
    fix_latin_ligatures: bool = False
    normalization: str = "NFC"
    length_low: int = 70
    length_high: int = 200
    stopwords_low: float = 0.30
    stopwords_high: float = 0.32
    max_link_density: float = 0.2
    max_heading_distance: int = 200
    no_headings: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One block of the page with the verdict on it.

    kind   -- "heading", "paragraph", "list_item", "quote", "code", "table" or "caption".
    kept   -- whether it is part of the article text.
    reason -- why: jusText's class ("good", "neargood", "short", "bad") or the chrome rule that removed it
              ("chrome:copyright", "metadata:title", ...).
    source -- where it came from: the element's XPath for HTML, "lines A-B" for a text dump.
    """

    text: str
    kind: str = "paragraph"
    kept: bool = True
    reason: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class Metadata:
    """What is known about the page besides its body. Empty string / empty tuple / 0 means unknown.

    word_count -- the body's words: whitespace-separated, with each Chinese or Japanese character a word
                  (as word processors count them) and Thai, Lao, Khmer and Myanmar estimated at five
                  characters a word.
    """

    title: str = ""
    authors: tuple[str, ...] = ()
    published: str = ""
    site_name: str = ""
    url: str = ""
    language: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    word_count: int = 0
    char_count: int = 0
    sha256: str = ""
    simhash: int = 0


@dataclass(frozen=True, slots=True)
class Diagnostics:
    """How the document was processed.

    encoding_source -- "content-type", "bom", "meta", "xml-declaration", "utf-8", "detector" or "fallback".
    repairs         -- the ftfy steps that changed text, e.g. "decode_inconsistent_utf8", "unescape_html".
    language_source -- "hint", "declared", "stoplist-vote", "script" or "default".
    removed         -- counts of removed blocks by reason, as (reason, count) pairs, most frequent first.
    """

    encoding: str = ""
    encoding_source: str = ""
    repairs: tuple[str, ...] = ()
    format: str = ""
    language: str = ""
    language_source: str = ""
    blocks_seen: int = 0
    blocks_kept: int = 0
    removed: tuple[tuple[str, int], ...] = ()
    elapsed_ms: float = 0.0


@dataclass(frozen=True, slots=True)
class Document:
    """The clean article: `text` is the kept paragraphs joined by a blank line."""

    text: str
    paragraphs: tuple[Paragraph, ...] = ()
    metadata: Metadata = field(default_factory=Metadata)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)


@dataclass(frozen=True, slots=True)
class Request:
    """One page to normalize, as sent by a client."""

    content: bytes
    id: str = ""
    url: str = ""
    content_type: str = ""
    format: str = "auto"
    language: str = ""
    options: Options | None = None


@dataclass(frozen=True, slots=True)
class ErrorInfo:
    """Why one document of a stream failed: the gRPC status name, its message, whether a retry may pass."""

    code: str
    message: str
    retryable: bool = False


@dataclass(frozen=True, slots=True)
class Result:
    """The answer to one request of a stream: exactly one of `document` and `error` is set."""

    id: str
    document: Document | None = None
    error: ErrorInfo | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class ServerLimits:
    """The limits a server enforces (0 means none).

    max_message_bytes        -- largest gRPC message received or sent.
    max_content_bytes        -- largest `content`; above it a document fails with RESOURCE_EXHAUSTED.
    document_timeout_seconds -- per-document processing time; above it DEADLINE_EXCEEDED.
    workers                  -- worker processes (0: the pipeline runs inside the server process).
    max_concurrent_streams   -- concurrent calls per connection.
    max_inflight_per_stream  -- documents of one stream read ahead and processed at once.
    max_queued_bytes         -- request bytes all calls together may have waiting or in work; past it
                                streams wait and unary calls get UNAVAILABLE ("server busy").
    """

    max_message_bytes: int = 0
    max_content_bytes: int = 0
    document_timeout_seconds: float = 0.0
    workers: int = 0
    max_concurrent_streams: int = 0
    max_inflight_per_stream: int = 0
    max_queued_bytes: int = 0


@dataclass(frozen=True, slots=True)
class ServerInfo:
    """What a server runs: versions, the languages it has stoplists for, and its limits."""

    pagewash_version: str = ""
    ftfy_version: str = ""
    justext_version: str = ""
    lxml_version: str = ""
    python_version: str = ""
    languages: tuple[str, ...] = ()
    limits: ServerLimits = field(default_factory=ServerLimits)
