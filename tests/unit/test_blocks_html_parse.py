"""Tests for parse_html's UTF-8 parse: the same tree as lxml's parse of the str, declarations ignored."""

from __future__ import annotations

import pytest
from lxml import etree
from pagewash_server.pipeline.blocks_html import _PARSER, html_blocks, parse_html

WORDS = "café – ω 日本 😀"


def _page(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>t</title></head><body>{body}</body></html>"


def _str_tree(text: str) -> str:
    """The tree lxml builds from the str itself."""
    return etree.tostring(etree.fromstring(text, _PARSER).getroottree(), encoding="unicode")


def _tree(text: str) -> str:
    return etree.tostring(parse_html(text).getroottree(), encoding="unicode")


@pytest.mark.parametrize(
    "text",
    [
        _page(f"<p>{WORDS}</p>"),
        _page("<p>café only Latin-1</p>"),
        _page("<p>plain ASCII</p>"),
        _page(f"<p>a\x01\x0b\x0c\x1b\x7f\x85b {WORDS}</p><p>\ufffe\uffff\U0010ffff</p>"),
        _page(f"<p>&#0;&#xD800;&#x110000;&nbsp;&bogus; {WORDS}</p><![CDATA[x]]>"),
        _page(f"<p>{WORDS}</p>", '<meta charset="utf-16">'),
    ],
)
def test_utf8_parse_builds_the_tree_of_the_str(text: str) -> None:
    assert _tree(text) == _str_tree(text)


@pytest.mark.parametrize(
    "head",
    [
        '<meta charset="iso-8859-1">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
        '<meta charset="shift_jis">',
    ],
)
def test_a_declared_charset_does_not_decode_the_text_again(head: str) -> None:
    (block,) = html_blocks(parse_html(_page(f"<p>{WORDS}</p>", head)))
    assert block.text == WORDS


def test_an_xml_declaration_naming_another_encoding_is_ignored() -> None:
    declarations = '<?xml version="1.0" encoding="iso-8859-1"?><?xml version="1.0" encoding="utf-16"?>'
    (block,) = html_blocks(parse_html(declarations + _page(f"<p>{WORDS}</p>")))
    assert block.text == WORDS


def test_nul_characters_are_dropped_from_a_wide_page() -> None:
    (block,) = html_blocks(parse_html(_page(f"<p>\x00{WORDS}\x00!</p>")))
    assert block.text == WORDS + "!"


def test_a_page_with_a_lone_surrogate_is_parsed_as_the_str_was() -> None:
    text = _page(f"<p>{WORDS}</p><p>before\ud800after</p><p>later</p>")
    assert _tree(text) == _str_tree(text)
    assert html_blocks(parse_html(text))[0].text == WORDS


def test_a_deep_page_with_a_lone_surrogate_is_still_flattened() -> None:
    # The depth check must read the log of the parser that parsed (here the str one).
    text = "<p>start ω</p>" + "<div>" * 3000 + "deep \ud800" + "</div>" * 3000
    texts = [block.text for block in html_blocks(parse_html(text))]
    assert texts[0] == "start ω"
    assert texts[1].startswith("deep")


@pytest.mark.parametrize(
    "text",
    [
        _page(f"<p>{WORDS}</p>"),
        '<?xml version="1.0" encoding="iso-8859-1"?>' + _page(f"<p>{WORDS}</p>"),
        "\ufeff" + _page(f"<p>{WORDS}</p>"),
    ],
)
def test_the_callers_utf8_bytes_give_the_tree_of_the_text(text: str) -> None:
    given = parse_html(text, utf8=text.encode("utf-8"))
    assert etree.tostring(given.getroottree(), encoding="unicode") == _tree(text)


@pytest.mark.parametrize(
    "after",
    [
        "<p>The article goes on after the end of the page.</p>trailing words",
        '<html><head><meta name="author" content="Jane Doe"></head>'
        "<body><p>The article goes on after the end of the page.</p>trailing words</body></html>",
        "<?php echo 1 ?>The article goes on after the end of the page.<p>trailing words</p>",
        "<html><body>The article goes on after the end of the page.<p>trailing words</p></body></html>",
    ],
    ids=[
        "content after </html>",
        "a second page after the first",
        "text after a processing instruction",
        "a second page's text before its first element",
    ],
)
def test_what_follows_the_end_of_the_page_joins_its_body(after: str) -> None:
    # libxml2 puts it in a second <html> beside the root, out of the walk's reach; a browser shows it.
    root = parse_html(_page("<p>The page's own paragraph.</p>") + after)
    assert [block.text for block in html_blocks(root, prune=False)] == [
        "The page's own paragraph.",
        "The article goes on after the end of the page.",
        "trailing words",
    ]
    head = [element.tag for element in root.find("head")]
    assert head == (["title", "meta"] if "<meta" in after else ["title"])


def _streamed_page(segment: str, script: str, template: str = '<template id="B:0"></template>') -> str:
    """A page as React's streamed rendering sends it: the middle of the article comes last, hidden."""
    return _page(
        "<article><h1>Headline</h1><p>The part rendered at once.</p>"
        f"{template}<div>Loading...</div><p>The last words.</p></article><footer>Footer</footer>"
        f'<div hidden id="{segment}"><p>The streamed middle.</p></div><script>{script}</script>'
    )


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (
            _streamed_page("S:0", '$RC("B:0","S:0")'),
            [
                "Headline",
                "The part rendered at once.",
                "The streamed middle.",
                "Loading...",
                "The last words.",
            ],
        ),
        (  # the script names the boundary: the numbers need not agree
            _streamed_page("S:4", '$RC("B:0","S:4")'),
            [
                "Headline",
                "The part rendered at once.",
                "The streamed middle.",
                "Loading...",
                "The last words.",
            ],
        ),
        (  # a placeholder, filled by $RS
            _streamed_page("S:2", '$RS("S:2","P:2")', template='<template id="P:2"></template>'),
            [
                "Headline",
                "The part rendered at once.",
                "The streamed middle.",
                "Loading...",
                "The last words.",
            ],
        ),
        (  # no script: the template of the same number
            _streamed_page("S:0", ""),
            [
                "Headline",
                "The part rendered at once.",
                "The streamed middle.",
                "Loading...",
                "The last words.",
            ],
        ),
    ],
    ids=["by script", "by script, other numbers", "placeholder", "by number"],
)
def test_reacts_streamed_segments_are_put_where_its_scripts_put_them(page: str, expected: list[str]) -> None:
    texts = [block.text for block in html_blocks(parse_html(page), prune=False)]
    assert [text for text in texts if text != "Footer"] == expected


@pytest.mark.parametrize(
    "page",
    [
        _streamed_page("S:0", "", template='<template id="B:7"></template>'),  # another segment's
        # A segment holding its own template cannot go inside itself.
        _page('<div hidden id="S:0"><p>Inside.</p><template id="B:0"></template></div>'),
    ],
    ids=["no template of its own", "its own template"],
)
def test_a_streamed_segment_with_nowhere_to_go_is_shown_where_it_is(page: str) -> None:
    root = parse_html(page)
    html_blocks(root)
    assert [segment.get("hidden") for segment in root.iter("div") if segment.get("id") == "S:0"] == [None]
