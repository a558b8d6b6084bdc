"""Hypothesis fuzzing of normalize(): any input gives a Document whose invariants hold, or a pipeline error.

Short and deterministic by default (CI). Run long with, e.g.:
    PAGEWASH_FUZZ_EXAMPLES=20000 .venv/bin/pytest tests/robustness/test_fuzz.py -p no:cacheprovider
which also randomizes the seed and keeps failing examples in .hypothesis/ to replay them.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, fields
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase
from pagewash.types import FORMATS, NORMALIZATION_FORMS, Document, Options
from pagewash_server.pipeline.document import DEFAULT_MAX_CONTENT_BYTES, normalize
from pagewash_server.pipeline.errors import (
    ContentTooLargeError,
    InvalidArgumentError,
    UndecodableContentError,
)
from pagewash_server.pipeline.language import available_languages

from .corpus import ARTICLES, EN, article_html, check_document

LONG_RUN_EXAMPLES = int(os.environ.get("PAGEWASH_FUZZ_EXAMPLES", "0") or 0)
LONG_RUN = LONG_RUN_EXAMPLES > 0


def fuzz_settings(default_examples: int) -> settings:
    """Bounded and reproducible by default; PAGEWASH_FUZZ_EXAMPLES makes it long, random and remembered."""
    return settings(
        max_examples=LONG_RUN_EXAMPLES or default_examples,
        deadline=None,
        derandomize=not LONG_RUN,
        database=DirectoryBasedExampleDatabase(".hypothesis/examples") if LONG_RUN else None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
        print_blob=True,
        phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    )


FUZZ_TIMEOUT_S = 0 if LONG_RUN else 240  # pytest-timeout: 0 disables it for long runs

# ------------------------------------------------------------------------------------------------
# Vocabularies
# ------------------------------------------------------------------------------------------------
CHARSETS = (
    "utf-8",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "cp1252",
    "iso-8859-1",
    "iso-8859-5",
    "shift_jis",
    "euc-jp",
    "euc-kr",
    "gb18030",
    "big5",
    "koi8-r",
    "windows-1251",
    "windows-1256",
    "iso-8859-7",
    "tis-620",
)
CHARSET_LABELS = (
    *CHARSETS,
    "",
    "bogus",
    "utf-7",
    "UTF8",
    "latin1",
    "x-user-defined",
    "unicode-1-1-utf-8",
    "ascii",
)
MIMES = (
    "text/html",
    "text/plain",
    "application/xhtml+xml",
    "application/octet-stream",
    "image/png",
    "",
    "text/*",
)
TAGS = (
    "html",
    "head",
    "body",
    "title",
    "meta",
    "link",
    "p",
    "div",
    "span",
    "a",
    "b",
    "i",
    "em",
    "strong",
    "br",
    "hr",
    "table",
    "tr",
    "td",
    "th",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h6",
    "script",
    "style",
    "article",
    "main",
    "nav",
    "footer",
    "header",
    "aside",
    "section",
    "pre",
    "code",
    "blockquote",
    "figure",
    "figcaption",
    "img",
    "form",
    "input",
    "iframe",
    "svg",
    "math",
    "template",
    "noscript",
    "textarea",
    "select",
    "option",
    "time",
    "plaintext",
    "xmp",
    "frameset",
    "frame",
    "object",
    "button",
    "label",
    "caption",
    "sup",
)
ATTRS = (
    "class",
    "id",
    "lang",
    "charset",
    "content",
    "name",
    "property",
    "href",
    "src",
    "itemprop",
    "role",
    "hidden",
    "style",
    "datetime",
    "http-equiv",
    "rel",
    "dir",
    "type",
    "aria-hidden",
    "xml:lang",
    "xmlns",
    "alt",
)
ATTR_VALUES = (
    "share",
    "social",
    "nav",
    "menu",
    "article",
    "articleBody",
    "navigation",
    "banner",
    "contentinfo",
    "main",
    "complementary",
    "utf-8",
    "koi8-r",
    "en",
    "de",
    "ru",
    "zh-Hans",
    "xx",
    "display:none",
    "visibility: hidden",
    "og:title",
    "og:site_name",
    "article:published_time",
    "author",
    "description",
    "keywords",
    "canonical",
    "2024-01-01T10:00:00Z",
    "yesterday",
    "content-type",
    "text/html; charset=shift_jis",
    "application/ld+json",
    "true",
    "rtl",
    "comment",
    "related",
    "cookie-banner",
    "newsletter",
    "breadcrumb",
    "most-popular",
)
ENTITIES = (
    "&amp;",
    "&lt;",
    "&gt;",
    "&nbsp;",
    "&quot;",
    "&apos;",
    "&copy;",
    "&mdash;",
    "&hellip;",
    "&eacute;",
    "&notanentity;",
    "&amp",
    "&#",
    "&#x;",
    "&;",
)
CHROME_LINES = (
    "Copyright © 2024 The Daily Example. All rights reserved.",
    "Most Popular",
    "Load more",
    "See all stories",
    "Share this article",
    "Follow us on social media",
    "Subscribe to our newsletter",
    "(AP Photo/Jane Doe)",
    "Getty Images",
    "From",
    "Send to",
    "By Yonhap",
    "By",
    "March 25, 2021 - 09:23",
    "Tags: library, city",
    "Updated: 2023-13-45",
    "Published 31/02/2023",
)
WORDS = tuple(
    sorted({w for code in ("en", "fr", "de", "ru", "el") for p in ARTICLES[code] for w in p.split()})
)
LANGUAGES = tuple(sorted(available_languages()))
VALID_LANGUAGE_SPELLINGS = ("", "EN", "en-US", "en_GB", " de ", "pt-BR")
INVALID_LANGUAGES = ("xx", "klingon", "zz-ZZ", "123", "e n", "english")

# ------------------------------------------------------------------------------------------------
# Strategies
# ------------------------------------------------------------------------------------------------
words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=60).map(" ".join)
free_text = st.text(max_size=40)
numeric_entity = st.one_of(
    st.integers(min_value=-5, max_value=0x11_0000 + 5).map(lambda n: f"&#{n};"),
    st.integers(min_value=0, max_value=2**40).map(lambda n: f"&#x{n:X};"),
    st.integers(min_value=0xD800, max_value=0xDFFF).map(lambda n: f"&#{n};"),
)
attribute = st.builds(
    lambda name, value, quote: f" {name}={quote}{value}{quote}",
    st.sampled_from(ATTRS),
    st.one_of(st.sampled_from(ATTR_VALUES), free_text),
    st.sampled_from(('"', "'", "")),
)
open_tag = st.builds(
    lambda tag, attrs, close: f"<{tag}{''.join(attrs)}{close}>",
    st.sampled_from(TAGS),
    st.lists(attribute, max_size=3),
    st.sampled_from(("", "", "/")),
)
close_tag = st.sampled_from(TAGS).map(lambda tag: f"</{tag}>")
token = st.one_of(
    open_tag,
    close_tag,
    words,
    free_text,
    st.sampled_from(ENTITIES),
    numeric_entity,
    st.sampled_from(
        (
            "<!DOCTYPE html>",
            "<?xml version='1.0'?>",
            "<!-- c -->",
            "<!--",
            "-->",
            "<![CDATA[",
            "]]>",
            "<?php x ?>",
            "<",
            ">",
            "</",
            "<!",
            "\x00",
            "\n\n",
            "<br><br>",
            "\ufeff",
            "\r",
        )
    ),
    st.sampled_from(EN),
)
BLOCK_TAGS = ("div", "section", "article", "td", "li", "blockquote", "span", "b", "table", "ul", "p", "main")
# Nesting stays below libxml2's depth limit of 2048, a known bug the corpus keeps (article_nested_5000_divs).
nesting = st.tuples(st.lists(st.sampled_from(BLOCK_TAGS), min_size=1, max_size=4), st.integers(0, 400))


def _nest(soup: str, wrap: tuple[list[str], int]) -> str:
    tags, repeat = wrap
    opening = "".join(f"<{t}>" for t in tags) * repeat
    closing = "".join(f"</{t}>" for t in reversed(tags)) * repeat
    return opening + soup + closing


html_soup = st.builds(
    _nest,
    st.lists(token, min_size=1, max_size=80).map("".join),
    st.one_of(st.just(([""], 0)), nesting),
).map(lambda page: page.replace("<>", "").replace("</>", ""))
text_dump = st.lists(
    st.one_of(st.sampled_from(CHROME_LINES), words, free_text, st.sampled_from(EN), st.just("")),
    max_size=40,
).flatmap(lambda lines: st.sampled_from(("\n", "\r\n", "\r", "\n\n")).map(lambda sep: sep.join(lines)))
content_type = st.one_of(
    st.just(""),
    st.builds(
        lambda mime, label: f"{mime}; charset={label}",
        st.sampled_from(MIMES),
        st.sampled_from(CHARSET_LABELS),
    ),
    st.sampled_from(MIMES),
    st.text(max_size=30),
)
MAGIC = (
    b"",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xff\xfe\x00\x00",
    b"\x89PNG\r\n\x1a\n",
    b"%PDF-1.4\n",
    b"PK\x03\x04",
    b"\x1f\x8b\x08",
    b"GIF89a",
    b"<html>",
    b"<?xml",
    b"\x00\x00",
)


@st.composite
def encoded(draw: st.DrawFn, text: st.SearchStrategy[str]) -> tuple[bytes, str]:
    """Text in a random charset (characters it cannot hold become numeric references), with that charset."""
    charset = draw(st.sampled_from(CHARSETS))
    raw = draw(text).encode(charset, errors="xmlcharrefreplace")
    return raw, charset


@st.composite
def valid_options(draw: st.DrawFn) -> Options:
    """Options that make sense: every form, thresholds in order, shares within 0..1."""
    share = st.floats(min_value=0, max_value=1, allow_nan=False)
    low, high = sorted(
        (draw(st.integers(min_value=0, max_value=400)), draw(st.integers(min_value=0, max_value=600)))
    )
    sw_low, sw_high = sorted((draw(share), draw(share)))
    return Options(
        include_paragraphs=draw(st.booleans()),
        uncurl_quotes=draw(st.booleans()),
        fix_character_width=draw(st.booleans()),
        fix_latin_ligatures=draw(st.booleans()),
        normalization=draw(st.sampled_from(NORMALIZATION_FORMS)),
        length_low=low,
        length_high=high,
        stopwords_low=sw_low,
        stopwords_high=sw_high,
        max_link_density=draw(share),
        max_heading_distance=draw(st.integers(min_value=0, max_value=2000)),
        no_headings=draw(st.booleans()),
    )


@st.composite
def wild_options(draw: st.DrawFn) -> Options:
    """Options across valid and invalid values (NaN left out: see the corpus case options_nan_share)."""
    share = st.floats(min_value=-0.5, max_value=1.5, allow_nan=False)
    return Options(
        include_paragraphs=draw(st.booleans()),
        uncurl_quotes=draw(st.booleans()),
        fix_character_width=draw(st.booleans()),
        fix_latin_ligatures=draw(st.booleans()),
        normalization=draw(st.sampled_from((*NORMALIZATION_FORMS, "nfc", "NFX", " NFC"))),
        length_low=draw(st.integers(min_value=-5, max_value=400)),
        length_high=draw(st.integers(min_value=-5, max_value=600)),
        stopwords_low=draw(share),
        stopwords_high=draw(share),
        max_link_density=draw(share),
        max_heading_distance=draw(st.integers(min_value=-5, max_value=2000)),
        no_headings=draw(st.booleans()),
    )


# Mostly valid options, so that most examples reach the whole pipeline; None is the defaults.
options = st.one_of(st.none(), valid_options(), valid_options(), wild_options())


def invalid_option_fields(opts: Options) -> set[str]:
    """The options the brief calls bad values: unknown form, negatives, low above high, shares past 1."""
    bad: set[str] = set()
    if opts.normalization not in NORMALIZATION_FORMS:
        bad.add("options.normalization")
    for f in fields(opts):
        value = getattr(opts, f.name)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
            bad.add(f"options.{f.name}")
    if opts.length_low > opts.length_high:
        bad.update({"options.length_low", "options.length_high"})
    if opts.stopwords_low > opts.stopwords_high:
        bad.update({"options.stopwords_low", "options.stopwords_high"})
    for name in ("stopwords_low", "stopwords_high", "max_link_density"):
        value = getattr(opts, name)
        if value > 1 or math.isnan(value):
            bad.add(f"options.{name}")
    return bad


# Characters a url may not carry (it is copied into the metadata, which travels as a protobuf string).
CONTROL_OR_SURROGATE = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")


@dataclass(frozen=True)
class Call:
    content: bytes
    content_type: str = ""
    format: str = "auto"
    language: str = ""
    url: str = ""
    options: Options | None = None
    max_content_bytes: int = DEFAULT_MAX_CONTENT_BYTES


def run(call: Call) -> Document | None:
    """normalize() must return a Document that keeps every invariant or raise one of the pipeline's errors,
    and a bad argument must be reported as exactly that argument."""
    bad: set[str] = set()
    if not call.content:
        bad.add("content")
    if call.format not in FORMATS:
        bad.add("format")
    if call.language in INVALID_LANGUAGES:
        bad.add("language")
    if call.options is not None:
        bad |= invalid_option_fields(call.options)
    if CONTROL_OR_SURROGATE.search(call.url):
        bad.add("url")
    # A limit of 0 means no limit.
    too_large = bool(call.content) and 0 < call.max_content_bytes < len(call.content)
    try:
        doc = normalize(
            call.content,
            url=call.url,
            content_type=call.content_type,
            format=call.format,
            language=call.language,
            options=call.options,
            max_content_bytes=call.max_content_bytes,
        )
    except InvalidArgumentError as exc:
        event(f"InvalidArgumentError({exc.field})")
        assert exc.field in bad, (
            f"InvalidArgumentError names {exc.field!r} ({exc}); bad arguments were {bad or 'none'}"
        )
        return None
    except ContentTooLargeError as exc:
        event("ContentTooLargeError")
        assert too_large, f"ContentTooLargeError for {len(call.content)} bytes under the limit: {exc}"
        return None
    except UndecodableContentError as exc:
        event("UndecodableContentError")
        assert str(exc).startswith("content:"), str(exc)
        assert not bad and not too_large, f"undecodable reported before the bad arguments {bad}"
        return None
    assert not bad, f"returned a Document although {sorted(bad)} are bad"
    assert not too_large, "returned a Document for content over the limit"
    check_document(doc, call.options)
    event(f"document format={doc.diagnostics.format} kept={'some' if doc.text else 'none'}")
    return doc


# ------------------------------------------------------------------------------------------------
# Targets
# ------------------------------------------------------------------------------------------------
@pytest.mark.timeout(FUZZ_TIMEOUT_S)
@fuzz_settings(300)
@given(
    prefix=st.sampled_from(MAGIC),
    body=st.binary(max_size=4096),
    content_type=content_type,
    fmt=st.sampled_from(FORMATS),
)
def test_fuzz_random_bytes(prefix: bytes, body: bytes, content_type: str, fmt: str) -> None:
    run(Call(prefix + body, content_type=content_type, format=fmt))


@pytest.mark.timeout(FUZZ_TIMEOUT_S)
@fuzz_settings(300)
@given(
    page=encoded(html_soup),
    declare=st.sampled_from(("none", "right", "wrong")),
    wrong=st.sampled_from(CHARSET_LABELS),
    fmt=st.sampled_from(FORMATS),
    language=st.sampled_from(("", "", *LANGUAGES[:5])),
)
def test_fuzz_html_soup(page: tuple[bytes, str], declare: str, wrong: str, fmt: str, language: str) -> None:
    raw, charset = page
    declared = {"none": "", "right": f"text/html; charset={charset}", "wrong": f"text/html; charset={wrong}"}[
        declare
    ]
    run(Call(raw, content_type=declared, format=fmt, language=language))


@pytest.mark.timeout(FUZZ_TIMEOUT_S)
@fuzz_settings(200)
@given(page=encoded(text_dump), fmt=st.sampled_from(("auto", "text")), opts=options)
def test_fuzz_text_dump(page: tuple[bytes, str], fmt: str, opts: Options | None) -> None:
    raw, charset = page
    run(Call(raw, content_type=f"text/plain; charset={charset}", format=fmt, options=opts))


@pytest.mark.timeout(FUZZ_TIMEOUT_S)
@fuzz_settings(200)
@given(
    opts=options,
    fmt=st.sampled_from((*FORMATS, *FORMATS, *FORMATS, "HTML", "pdf", "", "markdown")),
    language=st.sampled_from((*VALID_LANGUAGE_SPELLINGS, *INVALID_LANGUAGES, *LANGUAGES)),
    url=st.sampled_from(
        ("", "https://example.invalid/news/2024/01/02/story.html", "relative/path", "//x", "x:y")
    ),
    content_type=content_type,
    limit=st.sampled_from((DEFAULT_MAX_CONTENT_BYTES,) * 8 + (0, 1, 500, 5000)),
    empty=st.sampled_from((False,) * 9 + (True,)),
)
def test_fuzz_arguments(
    opts: Options | None, fmt: str, language: str, url: str, content_type: str, limit: int, empty: bool
) -> None:
    content = b"" if empty else article_html(EN).encode()
    run(
        Call(
            content,
            content_type=content_type,
            format=fmt,
            language=language,
            url=url,
            options=opts,
            max_content_bytes=limit,
        )
    )


def _seed_documents() -> list[bytes]:
    seeds_dir = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
    docs = [path.read_bytes()[:20_000] for path in sorted(seeds_dir.glob("*.txt"))]
    for code in ("en", "ru", "zh", "ar"):
        page = article_html(ARTICLES[code])
        docs.append(page.encode("utf-8"))
    docs.append(article_html(ARTICLES["fr"], charset="windows-1252").encode("cp1252"))
    docs.append(b"\xff\xfe" + article_html(ARTICLES["el"], charset="").encode("utf-16-le"))
    return docs


SEED_DOCUMENTS = _seed_documents()
mutation = st.tuples(
    st.sampled_from(("flip", "insert", "delete", "duplicate")),
    st.floats(min_value=0, max_value=1, exclude_max=True),
    st.binary(min_size=1, max_size=16),
)


@pytest.mark.timeout(FUZZ_TIMEOUT_S)
@fuzz_settings(250)
@given(
    index=st.integers(min_value=0, max_value=len(SEED_DOCUMENTS) - 1),
    mutations=st.lists(mutation, min_size=1, max_size=12),
    fmt=st.sampled_from(FORMATS),
)
def test_fuzz_mutated_pages(index: int, mutations: list[tuple[str, float, bytes]], fmt: str) -> None:
    data = bytearray(SEED_DOCUMENTS[index])
    for op, where, blob in mutations:
        at = int(where * len(data)) if data else 0
        if op == "flip" and data:
            data[at] ^= blob[0] or 0x80
        elif op == "insert":
            data[at:at] = blob
        elif op == "delete":
            del data[at : at + len(blob) * 8]
        else:
            data[at:at] = data[at : at + 64] * 4
    run(Call(bytes(data), format=fmt))


@pytest.mark.timeout(FUZZ_TIMEOUT_S)
@fuzz_settings(100)
@given(
    url=st.one_of(st.text(max_size=60), st.sampled_from(("http://[::1", "A://[", "\x00", "http://x/\ud800")))
)
def test_fuzz_url(url: str) -> None:
    run(Call(article_html(EN).encode(), url=url))
