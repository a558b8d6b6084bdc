"""Types of the compiled walk (_walk.pyx)."""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from lxml import etree

class _Rules: ...

def rules(
    roles: Mapping[str, int],
    kind_by_tag: Mapping[str, str],
    unprunable: frozenset[str],
    region_tags: frozenset[str],
    region_reason: Callable[[Sequence[tuple[Any, Any]], str, bool], str],
    chrome_name_reason: Callable[[str], str],
    chrome_name_cache: dict[str, str],
    swallowing_tags: frozenset[str],
    swallowing_elements: int,
    streamed_boundary_tag: str,
) -> _Rules: ...
def walk(
    root: etree._Element, prune: bool, rules: _Rules
) -> tuple[list[tuple[str, str, str, int, int, int, etree._Element]], list[int], list[str], int, bool]: ...

class XPaths:
    def __init__(self, root: etree._Element) -> None: ...
    def path(self, element: etree._Element) -> str: ...
