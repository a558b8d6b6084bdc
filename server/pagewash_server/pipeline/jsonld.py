"""Robust JSON-LD parsing: every object in a page's ld+json scripts, sorted into articles, pages and sites."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

_ARTICLE_TYPES = frozenset(
    t.lower()
    for t in (
        "Article",
        "NewsArticle",
        "BlogPosting",
        "Report",
        "ScholarlyArticle",
        "TechArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "ReportageNewsArticle",
        "ReviewNewsArticle",
        "BackgroundNewsArticle",
        "LiveBlogPosting",
        "SocialMediaPosting",
        "DiscussionForumPosting",
        "Review",
        "Recipe",
        "QAPage",
        "PodcastEpisode",
        "MedicalWebPage",
        "Guide",
    )
)
_PAGE_TYPES = frozenset(
    t.lower() for t in ("WebPage", "ItemPage", "AboutPage", "CollectionPage", "ProfilePage", "FAQPage")
)
_ORGANIZATION_TYPES = frozenset(
    t.lower() for t in ("Organization", "NewsMediaOrganization", "Corporation", "LocalBusiness", "WebSite")
)

_JSON_OPENERS = ("<!--", "/*<![CDATA[*/", "<![CDATA[", "//<![CDATA[")
_JSON_CLOSERS = ("-->", "/*]]>*/", "]]>", "//]]>")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _load_json(text: str) -> list[Any]:
    """Every JSON value in one ld+json script, tolerating the usual breakage; [] when hopeless."""
    raw = text.strip()
    for opener in _JSON_OPENERS:
        if raw.startswith(opener):
            raw = raw[len(opener) :].lstrip()
    for closer in _JSON_CLOSERS:
        if raw.endswith(closer):
            raw = raw[: -len(closer)].rstrip()
    raw = raw.rstrip(";")
    if not raw:
        return []
    for attempt in _json_attempts(raw):
        try:
            return [_DECODER.decode(attempt)]
        except (ValueError, RecursionError):
            pass
        # Several objects written one after another.
        values: list[Any] = []
        position = 0
        while position < len(attempt):
            while position < len(attempt) and attempt[position] in " \t\r\n,;":
                position += 1
            if position >= len(attempt):
                break
            try:
                value, position = _DECODER.raw_decode(attempt, position)
            except (ValueError, RecursionError):
                break
            values.append(value)
        if values:
            return values
    return []


_DECODER = json.JSONDecoder(strict=False)


def _json_attempts(raw: str) -> Iterator[str]:
    """The script as written, then with control characters, trailing commas and HTML escaping undone."""
    yield raw
    fixed = _TRAILING_COMMA.sub(r"\1", _CONTROL.sub(" ", raw))
    if fixed != raw:
        yield fixed
    if "&quot;" in raw or "&#" in raw:
        yield html.unescape(fixed)


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    if isinstance(kind, str):
        return {kind.rsplit("/", 1)[-1].lower()}
    if isinstance(kind, list):
        return {k.rsplit("/", 1)[-1].lower() for k in kind if isinstance(k, str)}
    return set()


def _walk(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object in a value, @graph members and nested objects included."""
    if depth > 12:
        return
    if isinstance(value, list):
        for item in value:
            yield from _walk(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        for key, item in value.items():
            if isinstance(item, (dict, list)) and key not in ("@context",):
                yield from _walk(item, depth + 1)


@dataclass
class JsonLd:
    """The JSON-LD objects of one page: articles, web pages and sites/organisations, and all by @id."""

    articles: list[dict[str, Any]] = field(default_factory=list)
    pages: list[dict[str, Any]] = field(default_factory=list)
    sites: list[dict[str, Any]] = field(default_factory=list)
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)

    def resolve(self, value: Any) -> Any:
        """A {"@id": …} reference replaced by the object it names, when the page defines it."""
        if isinstance(value, dict) and "@id" in value and len(value) <= 2:
            target = self.by_id.get(str(value["@id"]))
            if target is not None:
                return target
        return value

    def main_nodes(self) -> list[dict[str, Any]]:
        return self.articles + self.pages


_MAX_JSONLD_NODES = 3000  # a product listing can hold thousands of offers; the article is near the top


def parse_jsonld(texts: list[str]) -> JsonLd:
    """The JSON-LD objects in the texts of a page's ld+json scripts (at most the first few thousand)."""
    found = JsonLd()
    seen = 0
    for text in texts:
        for value in _load_json(text):
            for node in _walk(value):
                seen += 1
                if seen > _MAX_JSONLD_NODES:
                    return found
                node_id = node.get("@id")
                if isinstance(node_id, str) and len(node) > 2:
                    found.by_id.setdefault(node_id, node)
                kinds = _types(node)
                if kinds & _ARTICLE_TYPES:
                    found.articles.append(node)
                elif kinds & _PAGE_TYPES:
                    found.pages.append(node)
                elif kinds & _ORGANIZATION_TYPES:
                    found.sites.append(node)
    return found
