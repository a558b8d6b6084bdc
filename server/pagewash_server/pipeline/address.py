"""What a page's address says about the page: the words of its slug, and how much of it a line spells."""

from __future__ import annotations

import re
from collections.abc import Collection
from urllib.parse import unquote, urlsplit

_MIN_SLUG_WORDS = 2
_SLUG_SPLIT = re.compile(r"[-_+.,\s]+")
_PAGE_SUFFIX = re.compile(r"\.(?:s?html?|php\d?|aspx?|jsp|cfm)$", re.IGNORECASE)


def slug_words(url: str) -> frozenset[str]:
    """The words of the URL's slug: of its last two path segments, the one with more words (numbers,
    such as ids and dates, are not words here); empty when it has fewer than two words."""
    if not url:
        return frozenset()
    try:
        path = unquote(urlsplit(url).path)
    except ValueError:
        return frozenset()
    best: list[str] = []
    for segment in [s for s in path.split("/") if s][-2:]:
        words = [w for w in _SLUG_SPLIT.split(_PAGE_SUFFIX.sub("", segment).lower()) if w and not w.isdigit()]
        if len(words) > len(best):
            best = words
    return frozenset(best) if len(best) >= _MIN_SLUG_WORDS else frozenset()


def slug_share(words: Collection[str], slug: frozenset[str]) -> float:
    """The share of the slug's words among `words` (a line's lowercased words); `slug` is not empty."""
    return len(slug.intersection(words)) / len(slug)
