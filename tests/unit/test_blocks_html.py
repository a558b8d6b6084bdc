"""Tests for the HTML block maker: parsing, the jusText-exact walk, chrome pruning, the article container."""

from __future__ import annotations

import justext
import pytest
from justext.core import ParagraphMaker, html_to_dom, preprocessor
from pagewash_server.pipeline.blocks_html import _XPaths, html_blocks, parse_html, pruned_counts

PARITY_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>A title</title><style>p { color: red }</style>
<script type="application/ld+json">{"@type": "NewsArticle"}</script></head>
<body class="home">
<div id="top">Site name <a href="/">Home</a> | <a href="/news">News</a></div>
<form action="/search"><input name="q"><button>Go</button> Search the site</form>
<h1>The <em>headline</em> of it all</h1>
<p>First paragraph with <a href="/x">a link inside</a> and more words after it.<br>Same paragraph
after one break.<br><br>A new paragraph after two breaks.</p>
<div>Loose text in a div <span>with a span</span><p>nested paragraph</p> tail text of the div</div>
<ul><li>item one</li><li>item <b>two</b></li></ul>
<table><tr><td>cell a</td><td>cell b</td></tr></table>
<blockquote>A quotation.</blockquote>
<pre>code   line</pre>
<select><option>Choice</option></select>
<iframe src="/frame">Frame fallback text</iframe>
<p>Text around a <!-- comment --> comment and a <?php echo 1 ?> processing instruction.</p>
<div>&copy; 2024 Example Inc.</div>
</body></html>"""


def page_inside_a_button(paragraphs: int) -> str:
    """A page whose menu button holds an unclosed <div>: libxml2 then leaves the button open, and the
    article after it lies inside the button (browsers close it at </button>)."""
    article = "".join(
        f"<p>Paragraph {n} of the article says what it has to say in a sentence long enough to read.</p>"
        for n in range(paragraphs)
    )
    options = "".join(f"<option>Country {n}</option>" for n in range(250))
    return (
        f"<html><body><form><select>{options}</select></form>"
        '<header class="site-header"><div class="menu-container"><button class="menu-button">'
        '<span>Open menu</span><div class="menu-inner"><div></button></div></header>'
        "<main><article><h1>The headline</h1><p>Listen to this article <button>Play</button> now.</p>"
        f"{article}</article></main>"
        "<footer><button>Back to top</button></footer></body></html>"
    )


def _justext_paragraphs(html: str) -> list[tuple[str, str, int]]:
    dom = preprocessor(html_to_dom(html))
    return [
        (" ".join(p.text.split()), p.dom_path, p.chars_count_in_links)
        for p in ParagraphMaker.make_paragraphs(dom)
        if p.text
    ]


def _texts(html: str, **kwargs: bool) -> list[str]:
    return [b.text for b in html_blocks(parse_html(html), **kwargs)]


def test_walk_without_pruning_reproduces_justext_paragraphs() -> None:
    ours = [(b.text, b.dom_path, b.link_chars) for b in html_blocks(parse_html(PARITY_PAGE), prune=False)]
    assert ours == _justext_paragraphs(PARITY_PAGE)


def test_a_button_left_open_around_the_article_does_not_take_the_article_with_it() -> None:
    root = parse_html(page_inside_a_button(200))
    assert "button" in [ancestor.tag for ancestor in root.xpath("//article")[0].iterancestors()]
    texts = [block.text for block in html_blocks(root)]
    assert texts[:2] == ["The headline", "Listen to this article now."]
    assert [text for text in texts if text.startswith("Paragraph")] == [
        f"Paragraph {n} of the article says what it has to say in a sentence long enough to read."
        for n in range(200)
    ]
    # A button (or a list of options) of ordinary size is still no text; jusText's own reading
    # kills the open button as jusText does.
    assert not any("Country" in text or "Back to top" in text for text in texts)
    assert html_blocks(root, prune=False) == []


def test_whitespace_between_inline_elements_separates_words_when_pruning() -> None:
    # jusText drops text nodes that are only whitespace, gluing "<b>Hello</b> <i>world</i>" into
    # "Helloworld"; the pipeline's walk keeps them as one space. Without pruning it stays jusText's.
    html = "<p><b>Hello</b> <i>world</i>, said <a href='/a'>Jane</a>\n<a href='/b'>Doe</a>.</p>"
    assert _texts(html) == ["Hello world, said Jane Doe."]
    assert (
        _texts(html, prune=False)
        == ["Helloworld, said JaneDoe."]
        == [t for t, _, _ in _justext_paragraphs(html)]
    )


def test_walk_without_pruning_gives_justexts_classification() -> None:
    stoplist = justext.get_stoplist("English")
    from justext.core import classify_paragraphs, revise_paragraph_classification
    from pagewash_server.pipeline.classify import _JustextView

    views = [_JustextView(b) for b in html_blocks(parse_html(PARITY_PAGE), prune=False)]
    classify_paragraphs(views, stoplist)
    revise_paragraph_classification(views)
    expected = [p.class_type for p in justext.justext(PARITY_PAGE, stoplist) if p.text]
    assert [v.class_type for v in views] == expected


def test_kinds_follow_the_element() -> None:
    html = """<html><body><h2>Heading</h2><p>Para</p><ul><li>Item</li></ul><blockquote><p>Quoted</p>
    </blockquote><pre>x = 1</pre><table><tr><td>Cell</td></tr></table>
    <figure><img src="a.png"><figcaption>Caption</figcaption></figure></body></html>"""
    kinds = {b.text: b.kind for b in html_blocks(parse_html(html))}
    assert kinds == {
        "Heading": "heading",
        "Para": "paragraph",
        "Item": "list_item",
        "Quoted": "quote",
        "x = 1": "code",
        "Cell": "table",
        "Caption": "caption",
    }


def test_source_is_an_xpath_to_the_element() -> None:
    tree = parse_html(PARITY_PAGE)
    for block in html_blocks(tree):
        found = tree.getroottree().xpath(block.source)
        assert isinstance(found, list) and len(found) == 1, block.source


def test_parse_accepts_xml_declaration_with_encoding() -> None:
    text = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<html><body><p>Grüße aus Köln</p></body></html>'
    assert _texts(text) == ["Grüße aus Köln"]


@pytest.mark.parametrize("depth", [400, 3000, 20000])
@pytest.mark.parametrize("tag", ["div", "x-box"])
def test_parse_keeps_deeply_nested_content_and_what_follows(depth: int, tag: str) -> None:
    # libxml2 stops at 256 levels by default and at 2048 even with huge trees.
    html = (
        "<html><head><script>var secret = 1;</script></head><body>"
        + f"<{tag}>" * depth
        + "<p>deep text</p>"
        + f"</{tag}>" * depth
        + "<p>after</p></body></html>"
    )
    assert _texts(html) == ["deep text", "after"]


@pytest.mark.parametrize("text", ["", "   \n ", "\x00"])
def test_parse_of_an_empty_document_gives_no_blocks(text: str) -> None:
    assert _texts(text) == []


def test_tree_is_left_intact_for_metadata() -> None:
    tree = parse_html(PARITY_PAGE)
    html_blocks(tree)
    assert tree.find(".//head/title") is not None
    assert tree.find(".//script") is not None


ARTICLE = (
    "The council voted on Tuesday to extend the harbour wall, a project that has been discussed "
    "for more than a decade and that residents of the old town have asked for since the storms."
)


def _page(body: str) -> str:
    return f"<html><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("chrome", "reason"),
    [
        ('<nav><a href="/">Home</a> <a href="/a">About the harbour</a></nav>', "pruned:nav"),
        ("<aside><p>Our newsletter is the best way to hear about everything.</p></aside>", "pruned:aside"),
        ('<div role="navigation">Sections and more sections here</div>', "pruned:role"),
        ('<div class="social-share">Share this story with your friends</div>', "pruned:class"),
        ('<section id="comments"><p>A reader wrote that it is about time.</p></section>', "pruned:comments"),
        ('<div class="related-posts"><p>Another story about walls</p></div>', "pruned:class"),
        ('<div style="display: none">Hidden text for crawlers only</div>', "pruned:hidden"),
        ("<div hidden>Later content</div>", "pruned:hidden"),
        ('<div role="region" class="cookie-banner" hidden>We use cookies</div>', "pruned:class"),
        (
            '<div class="dropdown-menu" aria-labelledby="account" hidden>Sign in or register</div>',
            "pruned:class",
        ),
        ('<div class="answer-box-ad" style="display:none">Buy now</div>', "pruned:class"),
        ("<footer>Contact us at the harbour office</footer>", "pruned:footer"),
    ],
)
def test_chrome_subtrees_are_pruned(chrome: str, reason: str) -> None:
    blocks = html_blocks(parse_html(_page(f"<p>{ARTICLE}</p>{chrome}<p>{ARTICLE}</p>")))
    assert [b.text for b in blocks] == [ARTICLE, ARTICLE]
    assert pruned_counts(blocks).get(reason) == 1


def test_aria_hidden_content_is_not_pruned() -> None:
    # aria-hidden hides from screen readers what stays on the screen: carousel slides, product cards.
    slide = "A carousel slide that is on the screen, hidden from screen readers only."
    html = _page(f'<p>{ARTICLE}</p><div aria-hidden="true"><p>{slide}</p></div><p>{ARTICLE}</p>')
    assert [b.text for b in html_blocks(parse_html(html))] == [ARTICLE, slide, ARTICLE]


@pytest.mark.parametrize(
    "panel",
    [
        '<div id="answer-1" role="region" aria-labelledby="question-1" style="display:none">',
        '<div role="tabpanel" hidden aria-labelledby="tab-python">',
        '<div id="answer-2" aria-labelledby="question-2" hidden>',
        '<div class="faq__answer" style="display: none;">',
        '<div class="chakra-collapse" style="overflow:hidden;display:none">',
    ],
    ids=["accordion section", "tab panel", "labelled by its trigger", "a FAQ's answer", "a collapsible"],
)
def test_a_hidden_tab_or_accordion_panel_is_content(panel: str) -> None:
    # A click shows it: a guide's collapsed sections, a documentation page's other languages.
    answer = "The harbour office answers every question about the wall within a week of receiving it."
    html = _page(f'<p>{ARTICLE}</p><button aria-expanded="false">When?</button>{panel}<p>{answer}</p></div>')
    assert [b.text for b in html_blocks(parse_html(html))] == [ARTICLE, answer]


def test_chrome_word_must_start_a_token() -> None:
    html = _page(f'<div class="commentary unshared"><p>{ARTICLE}</p></div><p>{ARTICLE}</p>')
    assert len(html_blocks(parse_html(html))) == 2


def test_a_chrome_word_in_a_utility_classs_bracketed_value_names_no_component() -> None:
    html = _page(
        f'<div class="sticky top-[var(--nav-height)] [&_ad]:p-2"><p>{ARTICLE}</p></div><p>{ARTICLE}</p>'
    )
    assert len(html_blocks(parse_html(html))) == 2


def test_chrome_named_wrapper_holding_the_article_is_kept() -> None:
    html = _page(
        f'<div class="single-post-with-comments"><p>{ARTICLE}</p><p>{ARTICLE}</p>'
        '<div class="comments"><p>Nice.</p></div></div>'
    )
    blocks = html_blocks(parse_html(html))
    assert [b.text for b in blocks] == [ARTICLE, ARTICLE]
    assert pruned_counts(blocks) == {"pruned:comments": 1}


def test_page_wide_form_is_not_pruned() -> None:
    html = _page(f'<form id="aspnetForm"><p>{ARTICLE}</p><p>{ARTICLE}</p></form>')
    assert len(html_blocks(parse_html(html))) == 2


def test_header_and_footer_inside_the_article_stay() -> None:
    html = _page(
        "<header>Site banner text</header>"
        f"<article><header><h1>Harbour wall extended</h1></header><p>{ARTICLE}</p>"
        "<footer>Filed under harbour</footer></article>"
    )
    assert _texts(html) == ["Harbour wall extended", ARTICLE, "Filed under harbour"]


def test_article_container_is_preferred_when_it_holds_the_prose() -> None:
    html = _page(
        "<div><p>Popular this week: a very long teaser text that is not part of the article at all.</p></div>"
        f"<article><p>{ARTICLE}</p><p>{ARTICLE}</p><p>{ARTICLE}</p></article>"
    )
    blocks = html_blocks(parse_html(html))
    assert [b.text for b in blocks] == [ARTICLE] * 3
    assert pruned_counts(blocks) == {"pruned:outside-article": 1}


def test_a_container_of_several_articles_is_not_the_article() -> None:
    teasers = "".join(f"<article><p>{ARTICLE}</p></article>" for _ in range(3))
    html = _page(f"<p>{ARTICLE}</p><section><article>{teasers}</article></section>")
    assert len(html_blocks(parse_html(html))) == 4


# A post of three paragraphs, and four teasers of other posts, each in its <article>, holding more prose.
TEASER = ARTICLE.replace("The council", "Another story: the council")
TEASERS = "".join(f"<article><p>{TEASER}</p></article>" for _ in range(4))
POST = f"<p>{ARTICLE}</p>" * 3


@pytest.mark.parametrize(
    "teaser_list",
    [
        f"<article>{TEASERS}</article>",
        # A sidebar with so much prose that it escapes pruning: its teasers are a list all the same.
        f"<aside><div>{TEASERS}</div></aside>",
    ],
)
def test_an_article_beside_a_list_of_teaser_articles_is_the_article(teaser_list: str) -> None:
    html = _page(f"<div><article>{POST}</article>{teaser_list}</div>")
    assert _texts(html) == [ARTICLE] * 3


def test_a_short_article_or_a_long_teaser_beside_a_list_of_teasers_is_not_the_article() -> None:
    # A container with less than an article's prose beside the list (a listing's intro) is not it,
    # and neither is the longest of the listed posts.
    html = _page(f"<div><article><p>{ARTICLE}</p></article><article>{TEASERS}</article></div>")
    assert _texts(html) == [ARTICLE, *[TEASER] * 4]
    long_teaser = f"<article>{POST.replace('The council', 'Another story: the council')}</article>"
    html = _page(f"<div><article><p>{ARTICLE}</p></article><article>{long_teaser}{TEASERS}</article></div>")
    assert _texts(html) == [ARTICLE, *[TEASER] * 7]


def test_html5_sections_bound_paragraphs_when_pruning() -> None:
    html = _page("<section>first part</section><section>second part</section>")
    assert _texts(html) == ["first part", "second part"]
    assert _texts(html, prune=False) == ["first partsecond part"]


def test_links_are_counted() -> None:
    html = _page('<p>Read <a href="/a">the full report</a> today</p>')
    (block,) = html_blocks(parse_html(html))
    assert block.link_chars == len("the full report")
    assert block.tag_count == 1


def _thread(posts: int) -> str:
    return "".join(f'<div class="comment"><p>{ARTICLE} Post {i}.</p></div>' for i in range(posts))


def test_comment_thread_under_an_article_is_chrome() -> None:
    html = _page(f"<article><p>{ARTICLE}</p><p>{ARTICLE}</p><p>{ARTICLE}</p></article>{_thread(6)}")
    blocks = html_blocks(parse_html(html))
    assert [b.text for b in blocks] == [ARTICLE] * 3
    assert pruned_counts(blocks)["pruned:comments"] == 6


def test_comment_thread_is_the_content_of_a_forum_page() -> None:
    html = _page(f'<h1>Harbour wall?</h1><div class="comments">{_thread(4)}</div>')
    texts = [b.text for b in html_blocks(parse_html(html))]
    assert texts == ["Harbour wall?"] + [f"{ARTICLE} Post {i}." for i in range(4)]


XPATH_PAGE = """<html><body>
<div><p>one</p><p>two <b>bold</b></p><span>x</span><p>three</p></div>
<div><h2>Heading</h2><ul><li>a</li><li>b</li></ul><table><tr><td>c</td><td>d</td></tr></table></div>
<section><p>only one paragraph here</p><?php echo 1 ?><p>after an instruction</p></section>
</body></html>
<p>text after the end of the page</p>"""


@pytest.mark.parametrize("prune", [True, False])
def test_block_sources_are_lxml_xpaths(prune: bool) -> None:
    """Sources are written without lxml's getpath (quadratic over wide parents) but must equal it:
    repeated and unique sibling names, processing instructions among siblings, content after </html>."""
    tree = parse_html(XPATH_PAGE)
    roottree = tree.getroottree()
    expected = {roottree.getpath(element) for element in tree.iter() if isinstance(element.tag, str)}
    sources = [block.source for block in html_blocks(tree, prune=prune)]
    assert sources
    assert set(sources) <= expected
    assert any(source.endswith("/p[2]") for source in sources)


def test_own_xpaths_equal_lxml_getpath() -> None:
    """The walk's own numbering (used under very wide parents) writes every element's path as lxml."""
    tree = parse_html(XPATH_PAGE + "<div>" + "<p>x</p><span>y</span>" * 300 + "</div>")
    roottree = tree.getroottree()
    paths = _XPaths()
    elements = [element for element in tree.iter() if isinstance(element.tag, str)]
    assert any(roottree.getpath(element).startswith("/html[") for element in elements)
    for element in reversed(elements):  # children before parents, then the rest from the cache
        assert paths.path(element) == roottree.getpath(element)
    for element in elements:
        assert paths.path(element) == roottree.getpath(element)


@pytest.mark.timeout(120)
def test_a_hundred_thousand_sibling_paragraphs() -> None:
    """One parent with 100,000 children: lxml's getpath rescans the siblings for every block (40,000
    took 13 s); the walk numbers them once. The timeout catches a quadratic walk."""
    count = 100_000
    page = "<html><body><div>" + "<p>word</p>" * count + "</div></body></html>"
    blocks = html_blocks(parse_html(page))
    assert len(blocks) == count
    assert blocks[-1].source == f"/html/body/div/p[{count}]"


@pytest.mark.timeout(120)
def test_an_element_with_a_hundred_thousand_attributes_parses() -> None:
    """libxml2 checks an element's attributes pairwise (100,000 took minutes): the tag is cut to its
    first attributes before parsing, and the page's text and other tags are untouched."""
    attributes = " ".join(f"data-a{i}='{i}'" for i in range(100_000))
    page = f"<html><body><article {attributes}><p>Hello there</p></article><p class=x>more</p></body></html>"
    tree = parse_html(page)
    article = tree.find(".//article")
    assert article is not None
    assert article.get("data-a0") == "0"
    assert 0 < len(article.attrib) < 100_000
    assert tree.find(".//p[@class='x']") is not None
    assert _texts(page) == ["Hello there", "more"]
