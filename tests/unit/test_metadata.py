"""Tests for HTML metadata: each field's chain of sources, robust JSON-LD, dates, bylines, merge."""

from __future__ import annotations

from typing import Any

import pytest
from pagewash.types import Metadata
from pagewash_server.pipeline.address import slug_words
from pagewash_server.pipeline.blocks_html import parse_html
from pagewash_server.pipeline.bylines import (
    AUTHOR_NOUNS,
    BY_PHRASES,
    BY_WORDS,
    COLON_LABELS,
    ONE_CASE_LABELS,
    author_names,
)
from pagewash_server.pipeline.dates import normalize_date
from pagewash_server.pipeline.metadata import html_metadata, merge
from pagewash_server.pipeline.text_metadata import parse_byline


def meta_of(html: str, url: str = "") -> Metadata:
    return html_metadata(parse_html(html), url=url)


NEWS_ARTICLE = """<!doctype html>
<html lang="en-GB"><head>
<title>Harbour bridge to close for repairs | The Coastal Herald</title>
<meta property="og:title" content="Harbour bridge to close for repairs | The Coastal Herald">
<meta property="og:site_name" content="The Coastal Herald">
<meta name="description" content="The bridge will shut for six weeks from May.">
<meta property="article:published_time" content="2023-01-01T00:00:00Z">
<meta property="article:tag" content="Transport"><meta property="article:tag" content="Harbour">
<meta name="keywords" content="transport, roads , harbour">
<link rel="canonical" href="/news/harbour-bridge">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Harbour bridge to close for repairs",
 "datePublished": "2024-03-05T14:30:00+01:00", "dateModified": "2024-04-01T09:00:00+01:00",
 "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "John Roe"}],
 "publisher": {"@type": "Organization", "name": "The Coastal Herald"},
 "keywords": ["Bridges", "transport"]}
</script>
</head><body><header><a href="/">The Coastal Herald</a></header>
<article><h1>Harbour bridge to close for repairs</h1><p>The bridge will shut for six weeks.</p></article>
</body></html>"""


def test_news_article_fields_come_from_their_best_sources() -> None:
    meta = meta_of(NEWS_ARTICLE, url="https://herald.example/news/harbour-bridge?utm=x")
    assert meta.title == "Harbour bridge to close for repairs"
    assert meta.authors == ("Jane Doe", "John Roe")
    # JSON-LD's datePublished wins, with its time and offset kept; never the modification date.
    assert meta.published == "2024-03-05T14:30:00+01:00"
    assert meta.site_name == "The Coastal Herald"
    assert meta.url == "https://herald.example/news/harbour-bridge"
    assert meta.language == "en"
    assert meta.description == "The bridge will shut for six weeks from May."
    assert meta.tags == ("Transport", "Harbour", "roads", "Bridges")


def test_jsonld_graph_resolves_author_references() -> None:
    html = """<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@graph": [
      {"@type": "WebSite", "@id": "https://ex.example/#site", "name": "Garden Notes"},
      {"@type": "BlogPosting", "@id": "https://ex.example/p#post", "headline": "Pruning roses in winter",
       "author": {"@id": "https://ex.example/#/person/1"}, "datePublished": "2022-12-01"},
      {"@type": "Person", "@id": "https://ex.example/#/person/1", "name": "Ana Lima", "url": "https://ex.example/ana"}
    ]}</script></head><body><p>text</p></body></html>"""
    meta = meta_of(html)
    assert meta.title == "Pruning roses in winter"
    assert meta.authors == ("Ana Lima",)
    assert meta.published == "2022-12-01"
    assert meta.site_name == "Garden Notes"


@pytest.mark.parametrize(
    "script",
    [
        # wrapped in an HTML comment, with a trailing comma
        '<!-- {"@type": "Article", "headline": "Tidal power, explained",'
        ' "author": {"name": "Kim Park"},} -->',
        # CDATA wrapper and a raw newline inside a string
        '/*<![CDATA[*/{"@type": "Article", "headline": "Tidal power,\n explained",'
        ' "author": "Kim Park"}/*]]>*/',
        # a list of objects, HTML-escaped quotes
        "[{&quot;@type&quot;: &quot;Article&quot;, &quot;headline&quot;: &quot;Tidal power, explained&quot;,"
        " &quot;author&quot;: {&quot;name&quot;: &quot;Kim Park&quot;}}]",
        # two objects one after another
        '{"@type": "Organization", "name": "Sea Watch"} {"@type": "Article",'
        ' "headline": "Tidal power, explained", "author": {"name": "Kim Park"}}',
    ],
)
def test_broken_jsonld_is_still_read(script: str) -> None:
    html = f'<html><head><script type="application/ld+json">{script}</script></head><body></body></html>'
    meta = meta_of(html)
    assert meta.title == "Tidal power, explained"
    assert meta.authors == ("Kim Park",)


def test_hopeless_jsonld_falls_back_to_meta_tags() -> None:
    html = """<html><head><script type="application/ld+json">{"@type": "Article", "headline": </script>
    <meta property="og:title" content="Night trains return">
    <meta name="author" content="Lea Martin">
    <meta name="date" content="2021-06-30">
    </head><body></body></html>"""
    meta = meta_of(html)
    assert (meta.title, meta.authors, meta.published) == (
        "Night trains return",
        ("Lea Martin",),
        "2021-06-30",
    )


def test_jsonld_entities_are_unescaped() -> None:
    html = """<html><head><script type="application/ld+json">
    {"@type": "Article", "headline": "Cross&#8211;country skiing &amp; you"}</script></head></html>"""
    assert meta_of(html).title == "Cross–country skiing & you"


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Ten ways to save water | Green Living", "Green Living", "Ten ways to save water"),
        ("Green Living - Ten ways to save water", "Green Living", "Ten ways to save water"),
        ("Ten ways to save water — Green Living", "", "Ten ways to save water"),
        ("Ten ways to save water - Tips and tricks - Green Living", "", "Ten ways to save water"),
        ("Acme | Ten ways to save water at home", "", "Ten ways to save water at home"),
        ("Water: a user's guide", "", "Water: a user's guide"),
        ("Self-driving cars arrive", "", "Self-driving cars arrive"),
        # A part without a letter numbers or dates the page.
        ("15 - Tutorial: Sweep and Loft - Headphones", "", "Tutorial: Sweep and Loft"),
        ("2024 | Annual water report", "", "Annual water report"),
    ],
)
def test_title_loses_the_site_suffix(title: str, site: str, expected: str) -> None:
    site_tag = f'<meta property="og:site_name" content="{site}">' if site else ""
    html = f"<html><head><title>{title}</title>{site_tag}</head><body><p>x</p></body></html>"
    assert meta_of(html).title == expected


def test_h1_that_agrees_with_the_title_wins_and_a_logo_h1_does_not() -> None:
    html = """<html><head><title>Snow closes schools - Valley Times</title>
    <meta property="og:site_name" content="Valley Times"></head>
    <body><h1>Valley Times</h1><h1>Snow closes schools across the valley</h1></body></html>"""
    assert meta_of(html).title == "Snow closes schools across the valley"
    broken = (
        "<html><head><title>Bees in the city</title></head><body><h1>Bees in<br>the city</h1></body></html>"
    )
    assert meta_of(broken).title == "Bees in the city"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        (
            "https://example.org/news/2021/03/council-extends-library-hours/",
            {"council", "extends", "library", "hours"},
        ),
        ("https://example.org/blog/library_hours.html", {"library", "hours"}),
        ("https://example.org/council-extends-library-hours/amp", {"council", "extends", "library", "hours"}),
        ("https://example.org/story/48213", set()),
        ("https://example.org/news", set()),
        ("", set()),
        ("http://[broken/url", set()),
    ],
)
def test_slug_words(url: str, words: set[str]) -> None:
    assert slug_words(url) == frozenset(words)


def _disagreeing(h1: str, address: str) -> str:
    return f"""<html><head><title>Fix a flat tyre fast: the 2025 guide | Pedal Shop</title>
    <link rel="canonical" href="{address}"></head>
    <body><article><h1>{h1}</h1><p>Tyres go flat.</p></article></body></html>"""


def test_url_slug_decides_for_an_h1_that_differs_from_the_title() -> None:
    h1 = "How to repair a bicycle puncture"
    # Sharing too few words with the title, the h1 loses to it ...
    assert meta_of(_disagreeing(h1, "")).title == "Fix a flat tyre fast: the 2025 guide"
    # ... unless the page's address spells it.
    address = "https://example.org/blog/how-to-repair-a-bicycle-puncture"
    assert meta_of(_disagreeing(h1, address)).title == h1


def test_url_slug_decides_for_the_title_over_a_similar_h1() -> None:
    h1 = "Fix a flat tyre at home"
    # Sharing most of its words with the title, the h1 wins ...
    assert meta_of(_disagreeing(h1, "")).title == h1
    # ... unless the page's address spells the title.
    address = "https://example.org/blog/fix-flat-tyre-fast-2025-guide/"
    assert meta_of(_disagreeing(h1, address)).title == "Fix a flat tyre fast: the 2025 guide"


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("北京将投资五百亿元改善公共交通_新闻中心_示例网", "示例网", "北京将投资五百亿元改善公共交通"),
        ("北京将投资五百亿元改善公共交通-示例网", "示例网", "北京将投资五百亿元改善公共交通"),
        ("東京都、公共交通に投資へ｜Example News", "", "東京都、公共交通に投資へ"),
        ("엘제이-류화영 진흙탕 싸움", "", "엘제이-류화영 진흙탕 싸움"),  # a hyphen inside the headline
        ("Python snake_case naming - Dev Blog", "Dev Blog", "Python snake_case naming"),
    ],
)
def test_title_separators_of_chinese_japanese_and_korean_sites(title: str, site: str, expected: str) -> None:
    site_meta = f'<meta property="og:site_name" content="{site}">' if site else ""
    assert (
        meta_of(f"<html><head><title>{title}</title>{site_meta}</head><body></body></html>").title == expected
    )


def test_authors_from_meta_are_cleaned_and_split() -> None:
    html = """<html><head><meta name="author" content="By Maria Gomez, Tom Baker and Li Wei">
    </head><body></body></html>"""
    assert meta_of(html).authors == ("Maria Gomez", "Tom Baker", "Li Wei")


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("Автор: Иван Петров", "Иван Петров"),
        ("Yazar: Ayşe Yılmaz", "Ayşe Yılmaz"),
        ("Autorka: Anna Nowak", "Anna Nowak"),
        ("作者：张伟", "张伟"),
        ("بقلم أحمد علي", "أحمد علي"),
        ("홍길동 기자", "홍길동"),
        # Labels the text-dump bylines knew before the HTML ones did (one label table feeds both now).
        ("Oleh Budi Santoso", "Budi Santoso"),
        ("Penulis: Budi Santoso", "Budi Santoso"),
        ("Autore: Mario Rossi", "Mario Rossi"),
    ],
)
def test_author_labels_of_more_languages_are_dropped(value: str, name: str) -> None:
    html = f'<html><head><meta name="author" content="{value}"></head></html>'
    assert meta_of(html).authors == (name,)


@pytest.mark.parametrize("label", [*BY_WORDS, *BY_PHRASES, *AUTHOR_NOUNS])
def test_every_byline_label_is_read_in_html_values_and_in_text_lines(label: str) -> None:
    written = ONE_CASE_LABELS.get(label, label[:1].upper() + label[1:])
    assert author_names(f"{written}: Jane Doe") == ["Jane Doe"]
    assert parse_byline(f"{written} Jane Doe") == ("Jane Doe",)


@pytest.mark.parametrize("label", COLON_LABELS)
def test_every_colon_label_is_read_in_html_values_and_in_text_lines(label: str) -> None:
    assert author_names(f"{label}：张伟") == ["张伟"]
    assert parse_byline(f"{label}：张伟") == ("张伟",)


def test_author_urls_handles_and_emails_are_dropped() -> None:
    html = """<html><head>
    <meta property="article:author" content="https://social.example/jdoe">
    <meta name="author" content="@jdoe">
    </head><body><h1>A title here</h1>
    <div class="byline">Written by Jane Doe (jane@news.example) | March 3, 2020</div></body></html>"""
    assert meta_of(html).authors == ("Jane Doe",)


@pytest.mark.parametrize(
    ("byline", "name"),
    [
        # "on" ends the name's last word: only a whole word "on" starts the date.
        (
            '<a href="/a/cw">Colin Watson</a> on <time>2025-12-18</time> in <a href="/c">news</a>',
            "Colin Watson",
        ),
        # Elements glued by their text: "Reyan PerumalPublished on ...".
        ("By <span>Reyan Perumal</span><span>Published on July 18, 2025</span>", "Reyan Perumal"),
    ],
)
def test_a_byline_element_gives_the_whole_name(byline: str, name: str) -> None:
    html = f'<html><body><h1>A title here</h1><p class="byline">{byline}</p><p>Text.</p></body></html>'
    assert meta_of(html).authors == (name,)


@pytest.mark.parametrize(
    ("inner", "authors"),
    [
        # The role beside the name, in its own element, spaced or glued.
        (
            '<span class="author-name">Jane Doe</span> <span class="author-title">Founder</span>',
            ("Jane Doe",),
        ),
        ('<a class="byline-name">Jane Doe</a><span>Senior Writer</span>', ("Jane Doe",)),
        # Inner names trim the container's, never add to it or replace it.
        (
            'By <span class="author">Jane Doe</span> and <span class="author">John Roe</span>',
            ("Jane Doe", "John Roe"),
        ),
    ],
)
def test_a_byline_container_yields_the_names_its_inner_elements_hold(
    inner: str, authors: tuple[str, ...]
) -> None:
    html = f'<html><body><h1>A title here</h1><div class="byline">{inner}</div><p>Text.</p></body></html>'
    assert meta_of(html).authors == authors


@pytest.mark.parametrize("href", ["/", "https://forum.example/", "https://forum.example"])
def test_an_h1_that_only_links_to_the_front_page_is_the_logo_not_the_title(href: str) -> None:
    html = f"""<html><head><title>Why does my kernel panic / Help / Example Linux Forums</title></head>
    <body><h1><a href="{href}">Example Linux</a></h1><h1>Why does my kernel panic</h1></body></html>"""
    assert meta_of(html).title == "Why does my kernel panic"


def test_an_h1_linking_to_its_own_story_is_the_title() -> None:
    html = """<html><head><title>Example Linux Forums</title></head>
    <body><h1><a href="/t/why-does-my-kernel-panic">Why does my kernel panic</a></h1></body></html>"""
    url = "https://forum.example/t/why-does-my-kernel-panic"
    assert meta_of(html, url).title == "Why does my kernel panic"


def test_an_h1_linking_to_a_post_by_its_query_is_the_title() -> None:
    html = '<html><body><h1><a href="/?p=123">Why does my kernel panic</a></h1><p>Text.</p></body></html>'
    assert meta_of(html).title == "Why does my kernel panic"


def test_an_h1_the_declared_title_names_is_the_title_wherever_it_stands_in_the_title_tag() -> None:
    html = """<html><head><title>backup - How do I back up my whole system? - Ask Example</title>
    <meta property="og:title" content="How do I back up my whole system?"></head>
    <body><h1>How do I back up my whole system?</h1><p>Text.</p><h1>Backup</h1></body></html>"""
    assert meta_of(html).title == "How do I back up my whole system?"


@pytest.mark.parametrize(
    ("paragraph", "authors"),
    [
        ("By jdoe42", ("jdoe42",)),
        ("By <a href='/u/jdoe42'>jdoe42</a>", ("jdoe42",)),
        # A sentence that starts with "By" and goes on past a link names no one.
        ("By integrating <a href='/p'>our tools</a> the team saved a week.", ()),
    ],
)
def test_a_user_name_after_by_near_the_headline(paragraph: str, authors: tuple[str, ...]) -> None:
    article = f"<article><h1>A title here</h1><p>{paragraph}</p><p>Text of the article.</p></article>"
    html = f"<html><body>{article}</body></html>"
    assert meta_of(html).authors == authors


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("Jane Doe, Staff Writer", ["Jane Doe"]),
        ("Jane Doe Senior Editor", ["Jane Doe"]),
        # A role that is all the name there is stays whole.
        ("Community Editor", ["Community Editor"]),
        ("Our Editors", ["Our Editors"]),
        ("The Currency editors", ["The Currency editors"]),
        # A dot operator sets a role or a section apart, as a dash does.
        ("Jane Doe ⋅ Founder and Editor-in-Chief", ["Jane Doe"]),
        # A template's unfilled slot is no one; a dotted user name is someone.
        ("page.head.extra.author", []),
        ("{{ author.name }}", []),
        ("sara.r.peter", ["sara.r.peter"]),
        # A user name may carry several digits; a name followed by a number is no one.
        ("ggailey777", ["ggailey777"]),
        ("user447274", ["user447274"]),
        ("Jane Doe 12345", []),
    ],
)
def test_author_values_are_cleaned_to_names(value: str, names: list[str]) -> None:
    assert author_names(value) == names


@pytest.mark.parametrize("value", ["Sign In", "Logged", "Register"])
def test_interface_words_in_a_byline_element_are_not_names(value: str) -> None:
    html = f'<html><body><h1>A title here</h1><p class="author">{value}</p><p>Text.</p></body></html>'
    assert meta_of(html).authors == ()


def test_credentials_after_a_name_are_not_authors() -> None:
    html = '<html><head><meta name="author" content="Ruth Adler, MD, PhD"></head></html>'
    assert meta_of(html).authors == ("Ruth Adler",)


@pytest.mark.parametrize(
    ("pairs", "authors"),
    [
        ((("Written by", "Jane Doe"),), ("Jane Doe",)),
        ((("Est. reading time", "5 minutes"), ("Geschrieben von", "Anna Schmidt")), ("Anna Schmidt",)),
        ((("Est. reading time", "5 minutes"), ("Price", "$20")), ()),  # other labels name no writer
    ],
)
def test_a_twitter_card_label_naming_the_writer_gives_the_author(
    pairs: tuple[tuple[str, str], ...], authors: tuple[str, ...]
) -> None:
    tags = "".join(
        f'<meta name="twitter:label{n}" content="{label}"><meta name="twitter:data{n}" content="{data}">'
        for n, (label, data) in enumerate(pairs, start=1)
    )
    assert meta_of(f"<html><head>{tags}</head><body><h1>Tide tables</h1></body></html>").authors == authors


def test_a_microdata_author_named_by_a_meta_element() -> None:
    html = """<html><body><h1>Which pump for a small pond?</h1><article>
    <div itemprop="author" itemscope itemtype="https://schema.org/Person">
    <meta itemprop="name" content="pondkeeper42"><a href="/u/pondkeeper42">profile</a></div>
    <p>I have a pond of two thousand litres and the old pump has failed.</p></article></body></html>"""
    assert meta_of(html).authors == ("pondkeeper42",)


def test_a_forum_post_author_named_by_microdata_may_be_a_user_name_with_digits() -> None:
    html = """<html><body><h1>Suggestions for a beginner bike</h1><article>
    <div itemprop="author" itemscope itemtype="https://schema.org/Person">
    <span class="username" itemprop="name">Ejp55230</span></div>
    <p>I am looking to get into mountain biking and would like advice on a first bike.</p></article>
    </body></html>"""
    assert meta_of(html).authors == ("Ejp55230",)


@pytest.mark.parametrize("key", ["og:author", "article-author", "creator", "cXenseParse:author"])
def test_more_meta_tags_that_name_the_author(key: str) -> None:
    html = f'<html><head><meta name="{key}" content="Jane Doe"></head><body><h1>Tides</h1></body></html>'
    assert meta_of(html).authors == ("Jane Doe",)


def test_citation_authors_are_turned_around() -> None:
    html = """<html><head><meta name="citation_author" content="Curie, Marie">
    <meta name="citation_author" content="Pierre Curie"></head></html>"""
    assert meta_of(html).authors == ("Marie Curie", "Pierre Curie")


def test_byline_person_beats_the_publisher_named_as_author() -> None:
    html = """<html><head><meta property="og:site_name" content="City Clinic">
    <script type="application/ld+json">{"@type": "Article", "author": {"@type": "Organization",
    "name": "City Clinic"}}</script></head>
    <body><article><h1>Sleep and memory</h1>
    <p class="article-author">By <a rel="author" href="/staff/ng">Helen Ng</a></p></article></body></html>"""
    assert meta_of(html).authors == ("Helen Ng",)


def test_organisation_author_is_kept_when_nothing_better_exists() -> None:
    html = """<html><head><meta property="og:site_name" content="City Clinic">
    <meta name="author" content="City Clinic"></head><body><h1>Sleep</h1></body></html>"""
    assert meta_of(html).authors == ("City Clinic",)


@pytest.mark.parametrize(
    ("tag", "published"),
    [
        ('<meta name="published" content="July 17, 2025">', "2025-07-17"),
        (
            '<meta property="og:published_time" content="2024-10-08T00:00:00-04:00">',
            "2024-10-08T00:00:00-04:00",
        ),
        ('<meta name="date-pub" content="2023-02-01">', "2023-02-01"),
        ('<meta name="published" content="true">', ""),  # a flag, not a date
    ],
)
def test_more_meta_tags_that_give_the_publication_date(tag: str, published: str) -> None:
    assert meta_of(f"<html><head>{tag}</head><body><h1>Tide tables</h1></body></html>").published == published


def test_time_element_in_the_article_gives_the_date() -> None:
    html = """<html><head><title>Frogs</title></head><body><article><h1>Frogs</h1>
    <time class="updated" datetime="2020-02-02">Updated</time>
    <time class="published" datetime="2019-11-20T08:15">Nov 20</time></article></body></html>"""
    assert meta_of(html).published == "2019-11-20T08:15:00"


def test_visible_date_near_the_headline() -> None:
    html = """<html><body><main><h1>Kayaking the fjords</h1>
    <div class="post-meta"><span class="posted-on">Posted on March 5, 2024</span></div>
    <p>Story.</p></main></body></html>"""
    assert meta_of(html).published == "2024-03-05"


def test_bare_date_text_near_the_headline() -> None:
    html = """<html><body><div><h1>Trail running for beginners</h1>
    <div><span>12.11.2023</span><span>5 min read</span></div><p>Story.</p></div></body></html>"""
    assert meta_of(html).published == "2023-11-12"


def test_modification_date_only_as_a_last_resort() -> None:
    modified_only = """<html><head><meta property="article:modified_time" content="2022-05-06T10:00:00Z">
    </head><body></body></html>"""
    assert meta_of(modified_only).published == "2022-05-06T10:00:00Z"
    both = """<html><head><meta property="article:modified_time" content="2022-05-06T10:00:00Z">
    <meta name="pubdate" content="2021-01-02"></head><body></body></html>"""
    assert meta_of(both).published == "2021-01-02"


def test_date_in_the_url_when_the_page_declares_none() -> None:
    html = "<html><body><p>Nothing dated here.</p></body></html>"
    assert meta_of(html, url="https://blog.example/2019/07/14/a-post/").published == "2019-07-14"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-05T14:30:00+01:00", "2024-03-05T14:30:00+01:00"),
        ("2024-03-05T14:30:00.123Z", "2024-03-05T14:30:00Z"),
        ("2024-03-05 14:30:00 +0000", "2024-03-05T14:30:00+00:00"),
        ("2024-3-5", "2024-03-05"),
        ("March 5, 2024", "2024-03-05"),
        ("Tue, 5 Mar 2024 10:00:00 GMT", "2024-03-05"),
        ("5th March 2024", "2024-03-05"),
        ("5 mars 2024", "2024-03-05"),
        ("5th of March 2024", "2024-03-05"),
        ("2024년 03월 05일", "2024-03-05"),
        ("5. März 2024", "2024-03-05"),
        ("5 de março de 2024", "2024-03-05"),
        ("5 марта 2024", "2024-03-05"),
        ("05 out. 2024", "2024-10-05"),
        ("05.03.2024", "2024-03-05"),
        ("2024/03/05", "2024-03-05"),
        ("03/25/2024", "2024-03-25"),
        ("25/03/2024", "2024-03-25"),
        ("20240305", "2024-03-05"),
        ("1709647200", "2024-03-05T14:00:00Z"),
        ("2024-13-45", ""),
        ("1850-01-01", ""),
        ("no date here", ""),
        ("", ""),
    ],
)
def test_normalize_date(raw: str, expected: str) -> None:
    assert normalize_date(raw) == expected


@pytest.mark.parametrize(
    ("lang", "published"), [("en", "2024-05-03"), ("fr", "2024-03-05"), ("", "2024-05-03")]
)
def test_an_all_digit_date_reads_in_the_pages_language(lang: str, published: str) -> None:
    html = f"""<html lang="{lang}"><body><article><h1>Un titre</h1>
    <p class="date">05/03/2024</p><p>Le texte.</p></article></body></html>"""
    assert meta_of(html).published == published
    # A dashed date reaches the running-text patterns, which read it the same way.
    assert meta_of(html.replace("05/03/2024", "05-03-2024")).published == published
    assert normalize_date("03/25/2024", day_first=True) == "2024-03-25"  # no 25th month: month first


def test_language_from_declarations() -> None:
    assert meta_of('<html lang="pt-BR"><body></body></html>').language == "pt"
    assert meta_of('<html><head><meta property="og:locale" content="de_DE"></head></html>').language == "de"
    equiv = '<html><head><meta http-equiv="content-language" content="fr"></head></html>'
    assert meta_of(equiv).language == "fr"
    assert meta_of('<html lang="x-default"><body></body></html>').language == ""


def test_page_without_metadata() -> None:
    meta = meta_of("<html><body><p>Just a paragraph.</p></body></html>", url="https://ex.example/a")
    assert meta == Metadata(url="https://ex.example/a")


def test_description_falls_back_to_og() -> None:
    html = '<html><head><meta property="og:description" content="  Two   lines\n of text "></head></html>'
    assert meta_of(html).description == "Two lines of text"


def test_merge_fills_only_empty_fields() -> None:
    base = Metadata(title="Kept title", authors=(), published="", url="https://ex.example/")
    found = Metadata(title="Other title", authors=("Ann Bell",), published="2020-01-01", tags=("a",))
    merged = merge(base, found)
    assert merged.title == "Kept title"
    assert merged.authors == ("Ann Bell",)
    assert merged.published == "2020-01-01"
    assert merged.url == "https://ex.example/"
    assert merged.tags == ("a",)
    assert merge(base, Metadata()) is base


def test_heading_furniture_is_not_part_of_the_title() -> None:
    permalink = """<html><head><title>Quickstart — Widget 2.0 documentation</title></head>
    <body><h1>Quickstart<a class="headerlink" href="#quickstart">¶</a></h1></body></html>"""
    assert meta_of(permalink).title == "Quickstart"
    styled = """<html><head><title>Garden chair</title></head>
    <body><h1><style>.c1{font-weight:700}</style>Garden chair</h1></body></html>"""
    assert meta_of(styled).title == "Garden chair"
    book = """<html><head><title>What is a closure? - The Little Book of Code</title></head>
    <body><h1>The Little Book of Code</h1><p>text</p></body></html>"""
    assert meta_of(book).title == "What is a closure?"


def test_machine_readable_stamp_on_a_byline_element() -> None:
    html = """<html><body><div class="post"><h1>Small adventures</h1>
    <span class="post-timestamp"><abbr class="published" title="2021-12-19T15:18:00-05:00">December 19</abbr>
    </span></div></body></html>"""
    assert meta_of(html).published == "2021-12-19T15:18:00-05:00"


def test_iso_date_written_as_text_near_the_headline() -> None:
    html = """<html><body><div><h2><span>2020-08-03 10:59:47</span></h2><h1>Kernel panic on boot</h1>
    </div></body></html>"""
    assert meta_of(html).published == "2020-08-03T10:59:47"


def test_date_inside_a_url_slug() -> None:
    url = "https://blog.example/articles/2023-04-15+release+notes.html"
    assert meta_of("<html><body></body></html>", url=url).published == "2023-04-15"
    assert meta_of("<html><body></body></html>", url="https://ex.example/v1.2020-01-01.5").published == ""


def test_pathological_jsonld_and_headings_do_not_break_extraction() -> None:
    nested = "[" * 50_000 + "]" * 50_000
    deep_heading = "<span>" * 200 + "Deep <br>heading<style>.x{}</style>" + "</span>" * 200
    html = f"""<html><head><title>Deep heading</title>
    <script type="application/ld+json">{nested}</script>
    <script type="application/ld+json">{{"@type": "Article", "author": {{"name": 42}}, "headline": ["a"],
    "datePublished": {{"@value": 1}}, "keywords": {{"x": 1}},
    "publisher": [null, {{"name": "Pub"}}]}}</script>
    </head><body><h1>{deep_heading}</h1></body></html>"""
    meta = meta_of(html)
    assert meta.title == "Deep heading"
    assert meta.authors == ()
    assert meta.site_name == "Pub"


def test_unmarked_by_line_near_the_headline() -> None:
    html = """<html><body><div><h1>Why queues back up</h1>
    <p class="text-sm font-semibold">By Priya Raman</p><p>Story.</p></div></body></html>"""
    assert meta_of(html).authors == ("Priya Raman",)
    split = """<html><body><div><h1>Why queues back up</h1>
    <p class="text-sm">by <a href="/u/1">qsmith</a></p><p>Story.</p></div></body></html>"""
    assert meta_of(split).authors == ("qsmith",)


def test_byline_with_date_and_time_after_the_name() -> None:
    html = """<html><body><article><h1>Release day</h1>
    <div class="post-byline">Posted by Omar Haddad on Friday March 5, 2021 @ 10:00 • 4 min read</div>
    </article></body></html>"""
    assert meta_of(html).authors == ("Omar Haddad",)


def test_form_labels_and_lone_words_are_not_authors() -> None:
    html = """<html><body><article><h1>Recipe</h1><p>Text.</p>
    <div class="comment-author"><label>Name *</label></div>
    <span class="author-label">Category</span>
    <span class="author">Tomás Ortega</span></article></body></html>"""
    assert meta_of(html).authors == ("Tomás Ortega",)


@pytest.mark.parametrize("every", [7, 1])
def test_marked_elements_are_found_lazily_within_the_scope_limits(every: int) -> None:
    from pagewash_server.pipeline.metadata import _MAX_MARKED, _MarkedElements

    limit = 400
    spans = "".join(
        f'<span class="{"post-Byline" if i % every == 0 else "plain"}">{i}</span>' for i in range(limit + 50)
    )
    scope = parse_html(f"<html><body><div>{spans}</div></body></html>").find(".//div")
    assert scope is not None
    # The marked ones among the first `limit` candidates (the <div> itself is the first), at most
    # _MAX_MARKED of them.
    expected = [i for i in range(limit - 1) if i % every == 0][:_MAX_MARKED]
    marked = _MarkedElements(scope, limit, {}, {})
    first_two = []
    for element in marked:
        first_two.append(int(element.text))
        if len(first_two) == 2:
            break
    assert first_two == expected[:2]
    # A second reader gets the cached ones and then the rest, found on from where the scan stopped.
    assert [int(element.text) for element in marked] == expected
    assert [int(element.text) for element in marked] == expected


def test_scopes_sharing_elements_share_their_verdicts() -> None:
    from pagewash_server.pipeline.metadata import _MarkedElements

    page = parse_html(
        """<html><body><article><div><h1>Headline</h1><span class="byline">Ann Lee</span></div>
        <p class="plain">Text.</p><span class="post-date">May 1, 2024</span></article></body></html>"""
    )
    headline_block, article = page.find(".//article/div"), page.find(".//article")
    assert headline_block is not None and article is not None
    known: dict[Any, bool] = {}
    assert [e.text for e in _MarkedElements(headline_block, 400, {}, known)] == ["Ann Lee"]
    assert [(e.tag, marked) for e, marked in known.items()] == [("div", False), ("span", True)]
    # The article's scan reuses the verdicts of the elements it shares with the headline's block
    # (lxml hands out the same element objects while they are held) and tests the others.
    assert [e.text for e in _MarkedElements(article, 400, {}, known)] == ["Ann Lee", "May 1, 2024"]
    assert len(known) == 4


def test_first_elements_of_a_scope_are_met_lazily_and_kept_for_the_next_reader() -> None:
    from pagewash_server.pipeline.metadata import _MAX_TEXT_ELEMENTS, _FirstElements

    items = "".join(f"<li>{i}</li>" for i in range(_MAX_TEXT_ELEMENTS + 10))
    scope = parse_html(f"<html><body><ul>{items}</ul></body></html>").find(".//ul")
    assert scope is not None
    expected = list(scope.iter())[:_MAX_TEXT_ELEMENTS]  # the <ul> itself first, as scope.iter() gives
    first = _FirstElements(scope)
    partial: list[Any] = []  # a reader stopping early...
    for element in first:
        partial.append(element)
        if len(partial) == 3:
            break
    assert partial == expected[:3]
    assert len(first._found) == 3  # met only as far as read
    # The next readers get those, then the rest up to the limit.
    assert list(first) == expected and list(first) == expected


def test_clean_value_collapses_every_kind_of_whitespace_as_the_regex_did() -> None:
    import re

    from pagewash_server.pipeline.values import clean_value

    text = " \t Jane\u00a0\u00a0Doe\u2003and\x1c\x1fJohn\r\n Roe &amp;amp; co \u3000"
    unescaped = text.replace("&amp;amp;", "&amp;")
    assert clean_value(text) == re.sub(r"\s+", " ", unescaped).strip() == "Jane Doe and John Roe &amp; co"
    assert clean_value(None) == "" and clean_value("   ") == ""
