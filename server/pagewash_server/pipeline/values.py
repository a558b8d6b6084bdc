"""Cleaning of text values read from HTML attributes, elements and JSON-LD."""

from __future__ import annotations

import html
import re

_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]{2,8});")


def clean_value(value: object) -> str:
    """Whitespace collapsed, a leftover second layer of HTML escaping undone."""
    if not isinstance(value, str):
        return ""
    text = value
    if "&" in text and _ENTITY.search(text):
        text = html.unescape(text)
    # split() and \s agree on what whitespace is (str.isspace); join/split costs a quarter of re.sub.
    return " ".join(text.split())
