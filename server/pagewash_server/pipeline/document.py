"""The pipeline's entry point: bytes of a page dump in, a `Document` out."""

from __future__ import annotations

import math
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, fields, replace

from lxml import etree
from pagewash.types import FORMATS, NORMALIZATION_FORMS, Diagnostics, Document, Metadata, Options, Paragraph

from . import blocks_html, blocks_text, chrome, classify, decode, fingerprint, metadata, repair
from . import language as languages
from .blocks import Block
from .errors import ContentTooLargeError, InvalidArgumentError

DEFAULT_OPTIONS = Options()
DEFAULT_MAX_CONTENT_BYTES = 64 * 1024 * 1024
# The url is copied into the metadata: control characters mean nothing in a URL, and a lone surrogate
# cannot travel in a protobuf string. (A garbled content_type is only a charset hint and is ignored.)
_BAD_URL_CHARS = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
# The quality gate: an HTML reading with fewer words than this, on a page where pruning left out at
# least this much prose, is compared with a reading without pruning, which replaces it when it has at
# least this many times as many words.
_GATE_WORDS = 50
_GATE_PRUNED_PROSE_CHARS = 120
_GATE_RATIO = 3
# A page with fewer words than this reading as an article gives the text the rules left (a listing,
# whose introduction may run to a few sentences; the shortest articles of both development sets have
# more).
_ARTICLE_MIN_WORDS = 50
# An HTML page with fewer words than this reading as an article gives the text the rules left too, when
# that holds this many times as many words: the article found is an island (a listing's introduction, a
# product's blurb) in what the page is about. (Not a text dump: there the rules leave the menus in.)
_SHORT_ARTICLE_WORDS = 200
_PAGE_TEXT_RATIO = 4


def normalize(
    content: bytes,
    *,
    url: str = "",
    content_type: str = "",
    format: str = "auto",
    language: str = "",
    options: Options | None = None,
    max_content_bytes: int = DEFAULT_MAX_CONTENT_BYTES,
) -> Document:
    """Turn one raw page dump (HTML as fetched, or text rendered from a page) into a clean `Document`.

    Raises `InvalidArgumentError` naming the field for bad arguments, `ContentTooLargeError` over
    `max_content_bytes`, and `UndecodableContentError` for bytes that are not text.
    A page with no article is not an error: when fewer than 50 of its words read as an article (a
    listing's introduction), a page keeps the text that pruning and the chrome rules left (the
    listing's items) if that has 20 words or more; so does an HTML page where fewer than 200 words read
    as an article and the text left holds four times as many.
    """
    started = time.perf_counter()
    opts = options or DEFAULT_OPTIONS
    _check_arguments(content, format, opts, max_content_bytes)
    if _BAD_URL_CHARS.search(url):
        raise InvalidArgumentError("url", "must not contain control characters or lone surrogates")
    lang_hint = language_hint(language)

    decoded = decode.decode(content, content_type)
    text = decoded.text
    repairs: list[str] = []
    # Heavy, page-wide mojibake has to be undone before words can be matched against stoplists;
    # light damage is repaired block by block below (ftfy over a whole page is the slowest stage).
    if repair.needs_document_repair(text, utf8=decoded.utf8):
        fixed = repair.repair_text(text, opts)
        text = fixed.text
        repairs.extend(fixed.repairs)

    fmt = format if format != "auto" else detect_format(text)
    if fmt == "html":
        # The page's bytes spare the parser an encode, unless repair rewrote the text.
        page = blocks_html.parse_html(text, utf8=decoded.utf8 if text is decoded.text else None)
        blocks = blocks_html.blocks_or_noscript_content(page, blocks_html.html_blocks(page))
        page_meta = metadata.html_metadata(page, url=url)
        declared_language = page_meta.language
    else:
        blocks = blocks_text.text_blocks(text)
        page_meta = Metadata(url=url)
        declared_language = ""
    extraction = _extract(blocks, fmt, page_meta, declared_language, lang_hint, opts)
    if fmt == "html":
        extraction = _settle_html_reading(extraction, page, page_meta, declared_language, lang_hint, opts)
    else:
        extraction = _keep_page_text(extraction, opts)
    repairs.extend(extraction.repairs)
    body = "\n\n".join(extraction.kept_texts)
    page_meta = _final_metadata(
        extraction.metadata, opts, repairs, extraction.language, body, extraction.word_count
    )
    removed = Counter(extraction.removed_reasons)
    removed.update(blocks_html.pruned_counts(extraction.blocks) if fmt == "html" else {})
    diagnostics = Diagnostics(
        encoding=decoded.encoding,
        encoding_source=decoded.source,
        repairs=tuple(dict.fromkeys(repairs)),
        format=fmt,
        language=extraction.language,
        language_source=extraction.language_source,
        blocks_seen=len(extraction.blocks),
        blocks_kept=len(extraction.kept_texts),
        removed=tuple(removed.most_common()),
        elapsed_ms=(time.perf_counter() - started) * 1000.0,
    )
    return Document(text=body, paragraphs=extraction.paragraphs, metadata=page_meta, diagnostics=diagnostics)


@dataclass(frozen=True, slots=True)
class _Extraction:
    """One reading of a page's blocks: classified, chrome removed, metadata merged, verdicts counted."""

    blocks: list[Block]
    repairs: list[str]
    language: str
    language_source: str
    metadata: Metadata
    paragraphs: tuple[Paragraph, ...]
    kept_texts: list[str]
    removed_reasons: list[str]
    word_count: int


def _settle_html_reading(
    extraction: _Extraction,
    page: etree._Element,
    page_meta: Metadata,
    declared_language: str,
    lang_hint: str,
    opts: Options,
) -> _Extraction:
    """The HTML page's reading after the quality gate, and with its remaining text kept when nothing
    reads as an article.

    Pruning by tag and class/id names can take the article with the chrome (a layout called
    "content-sidebar"): when next to nothing is left but prose was pruned, the page is read again
    without pruning, and that reading is kept if it finds several times as much. Then, on a page where
    next to nothing reads as an article (a listing), the text the rules left is kept (`_keep_page_text`);
    after the gate, so that an unpruned reading never brings the navigation in."""
    if (
        extraction.word_count < _GATE_WORDS
        and blocks_html.pruned_prose(extraction.blocks) >= _GATE_PRUNED_PROSE_CHARS
    ):
        unpruned = blocks_html.html_blocks(page, prune=False)
        second = _extract(unpruned, "html", page_meta, declared_language, lang_hint, opts)
        if second.word_count >= _GATE_RATIO * max(extraction.word_count, 1):
            extraction = second
    return _keep_page_text(extraction, opts, short_article_words=_SHORT_ARTICLE_WORDS)


def _keep_page_text(extraction: _Extraction, opts: Options, short_article_words: int = 0) -> _Extraction:
    """The reading with the text the rules left kept (`keep_text_of_page_without_article`) when fewer
    than _ARTICLE_MIN_WORDS of its words read as an article: a listing, a catalogue, a product grid.
    Also when fewer than `short_article_words` do and the text left holds _PAGE_TEXT_RATIO times as many."""
    words = extraction.word_count
    if words >= max(_ARTICLE_MIN_WORDS, short_article_words):
        return extraction
    at_least = _PAGE_TEXT_RATIO * words if words >= _ARTICLE_MIN_WORDS else 0
    if not chrome.keep_text_of_page_without_article(extraction.blocks, at_least=at_least):
        return extraction
    paragraphs, kept_texts, removed_reasons, word_count = _verdicts(
        extraction.blocks, with_paragraphs=opts.include_paragraphs
    )
    return replace(
        extraction,
        paragraphs=paragraphs,
        kept_texts=kept_texts,
        removed_reasons=removed_reasons,
        word_count=word_count,
    )


def _extract(
    blocks: list[Block], fmt: str, page_meta: Metadata, declared_language: str, lang_hint: str, opts: Options
) -> _Extraction:
    # Before classification: mojibake hides stopwords, and jusText drops any block holding "©", which
    # every misread "é" ("Ã©") does. Clean blocks cost one regex search each.
    repairs = repair.repair_blocks(blocks, opts)
    lang, lang_source = languages.detect_language(blocks, hint=lang_hint, declared=declared_language)
    classify.classify(blocks, languages.stoplist(lang), opts)
    found = chrome.apply_chrome_rules(blocks, fmt=fmt, known=page_meta, language=lang)
    paragraphs, kept_texts, removed_reasons, word_count = _verdicts(
        blocks, with_paragraphs=opts.include_paragraphs
    )
    return _Extraction(
        blocks,
        list(repairs),
        lang,
        lang_source,
        metadata.merge(page_meta, found),
        paragraphs,
        kept_texts,
        removed_reasons,
        word_count,
    )


def detect_format(text: str) -> str:
    """Say "html" when the start of the text looks like markup, else "text"."""
    head = text[:4096].lstrip().lower()
    if head.startswith(("<!doctype", "<html", "<?xml", "<head", "<body", "<meta", "<!--")):
        return "html"
    markers = sum(
        head.count(tag) for tag in ("<div", "<p>", "<p ", "<a ", "<span", "<br", "<script", "<title")
    )
    return "html" if markers >= 2 else "text"


def language_hint(language: str) -> str:
    """The caller's language hint as a known code ("" for none); an unknown code is an error."""
    code = languages.canonical_code(language) if language.strip() else ""
    if code and code not in languages.available_languages():
        raise InvalidArgumentError(
            "language", f"unknown language {language!r}; GetServerInfo lists the known ones"
        )
    return code


def _check_arguments(content: bytes, fmt: str, opts: Options, max_content_bytes: int) -> None:
    if not isinstance(content, (bytes, bytearray, memoryview)):
        raise InvalidArgumentError("content", f"must be bytes, not {type(content).__name__}")
    if len(content) == 0:
        raise InvalidArgumentError("content", "is empty")
    if max_content_bytes and len(content) > max_content_bytes:
        raise ContentTooLargeError(len(content), max_content_bytes)
    if fmt not in FORMATS:
        raise InvalidArgumentError("format", f"must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if opts is not DEFAULT_OPTIONS:  # the defaults are valid, and the check costs ~8 µs a page
        check_options(opts)


def check_options(opts: Options) -> None:
    """Raise `InvalidArgumentError` naming the first option whose value makes no sense."""
    if opts.normalization not in NORMALIZATION_FORMS:
        raise InvalidArgumentError(
            "options.normalization",
            f"must be one of NFC, NFKC, NFD, NFKD or empty, not {opts.normalization!r}",
        )
    for f in fields(opts):
        value = getattr(opts, f.name)
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidArgumentError(f"options.{f.name}", f"must be a finite number, got {value}")
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
            raise InvalidArgumentError(f"options.{f.name}", f"must not be negative, got {value}")
    if opts.length_low > opts.length_high:
        raise InvalidArgumentError("options.length_low", "must not be greater than options.length_high")
    if opts.stopwords_low > opts.stopwords_high:
        raise InvalidArgumentError("options.stopwords_low", "must not be greater than options.stopwords_high")
    for name in ("stopwords_low", "stopwords_high", "max_link_density"):
        if getattr(opts, name) > 1:
            raise InvalidArgumentError(f"options.{name}", "is a share and must be between 0 and 1")


def _verdicts(
    blocks: list[Block], *, with_paragraphs: bool
) -> tuple[tuple[Paragraph, ...], list[str], list[str], int]:
    """The paragraphs with their verdicts (only when asked for: hundreds of frozen objects a page), the
    kept texts, the reason of each removed block (counted for the diagnostics either way), and the words
    of the kept texts (`Block.word_count`: mostly split already for classification)."""
    paragraphs: list[Paragraph] = []
    kept_texts: list[str] = []
    removed_reasons: list[str] = []
    word_count = 0
    for block in blocks:
        text = block.text
        # Repair can empty a block (one of control characters only); an empty paragraph is not content.
        # (text.isspace() is the same test as text.strip() == "" without building the stripped copy.)
        has_text = bool(text) and not text.isspace()
        kept = has_text and not block.reason and block.class_type == "good"  # block.kept, inlined
        if kept:
            kept_texts.append(text)
            word_count += block.word_count()
            reason = block.reason or block.class_type
        else:
            reason = block.reason or (block.class_type if has_text else "empty")
            removed_reasons.append(reason)
        if with_paragraphs:
            paragraphs.append(new_paragraph(text, block.kind, kept, reason, block.source))
    return tuple(paragraphs), kept_texts, removed_reasons, word_count


def _paragraph_builder() -> Callable[[str, str, bool, str, str], Paragraph]:
    """A `Paragraph` constructor that fills the slots directly.

    The frozen dataclass's own __init__ routes every field through object.__setattr__, which costs
    about twice as much, and a page makes hundreds of paragraphs. The slots are taken from the
    dataclass's fields, so a field added to `Paragraph` fails loudly here instead of staying unset."""
    names = tuple(item.name for item in fields(Paragraph))
    if names != ("text", "kind", "kept", "reason", "source"):
        raise RuntimeError(f"Paragraph's fields changed to {names}: update _paragraph_builder")
    set_text, set_kind, set_kept, set_reason, set_source = (
        getattr(Paragraph, name).__set__ for name in names
    )
    allocate = Paragraph.__new__

    def build(text: str, kind: str, kept: bool, reason: str, source: str) -> Paragraph:
        paragraph = allocate(Paragraph)
        set_text(paragraph, text)
        set_kind(paragraph, kind)
        set_kept(paragraph, kept)
        set_reason(paragraph, reason)
        set_source(paragraph, source)
        return paragraph

    return build


new_paragraph = _paragraph_builder()


def _final_metadata(
    meta: Metadata, opts: Options, repairs: list[str], lang: str, body: str, word_count: int
) -> Metadata:
    """The page's metadata with its text fields repaired and the body's language, counts and fingerprints,
    built in one go (each dataclasses.replace() rebuilds the whole frozen object)."""

    def fix(value: str) -> str:
        # Metadata values are short and almost always clean: the cheap check spares ftfy's call.
        if not value or not repair.might_need_repair(value, opts):
            return value
        fixed = repair.repair_text(value, opts)
        repairs.extend(fixed.repairs)
        return fixed.text

    return Metadata(
        title=fix(meta.title),
        authors=tuple(fix(a) for a in meta.authors),
        published=meta.published,
        site_name=fix(meta.site_name),
        url=meta.url,
        language=lang,
        description=fix(meta.description),
        tags=tuple(fix(t) for t in meta.tags),
        word_count=word_count,
        char_count=len(body),
        sha256=fingerprint.sha256_hex(body),
        simhash=fingerprint.simhash64(body),
    )
