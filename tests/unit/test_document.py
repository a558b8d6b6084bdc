"""Tests for the orchestration in document.py: verdicts, removed counts and the final metadata."""

from __future__ import annotations

from dataclasses import fields

import pytest
from pagewash.types import Metadata, Options, Paragraph
from pagewash_server.pipeline import document as pipeline_document
from pagewash_server.pipeline.document import new_paragraph, normalize

PAGE = b"""<html lang="en"><head><title>Night trains return to the valley | Rail Notes</title>
<meta property="og:site_name" content="Rail Notes"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Night trains return to the valley</h1>
<p>The first sleeper service in twenty years left the old station on Friday evening, and most of its
seats had been sold weeks before the departure, the operator said in a statement to the press.</p>
<p>Passengers who had travelled on the line as children were among the first to board, and several of
them said that the trip was one they had been waiting for since the line was closed in the winter.</p>
<p>Copyright 2024 Rail Notes. All rights reserved.</p>
<p>\x01\x02</p>
</article></body></html>"""


def test_new_paragraph_is_an_ordinary_paragraph() -> None:
    built = new_paragraph("Some text.", "heading", False, "chrome:copyright", "/html/body/p[2]")
    expected = Paragraph(
        text="Some text.", kind="heading", kept=False, reason="chrome:copyright", source="/html/body/p[2]"
    )
    assert built == expected
    assert type(built) is Paragraph
    assert hash(built) == hash(expected)
    # Every slot is filled: a field added to Paragraph must be set by the builder too.
    assert all(getattr(built, item.name) == getattr(expected, item.name) for item in fields(Paragraph))


def test_paragraphs_left_out_do_not_change_text_metadata_or_removed_counts() -> None:
    full = normalize(PAGE, options=Options())
    lean = normalize(PAGE, options=Options(include_paragraphs=False))
    assert full.paragraphs and not lean.paragraphs
    assert lean.text == full.text
    assert lean.metadata == full.metadata
    assert lean.diagnostics.removed == full.diagnostics.removed
    assert lean.diagnostics.blocks_kept == full.diagnostics.blocks_kept


def test_removed_counts_match_the_paragraph_verdicts() -> None:
    document = normalize(PAGE)
    counted: dict[str, int] = {}
    for paragraph in document.paragraphs:
        if not paragraph.kept:
            counted[paragraph.reason] = counted.get(paragraph.reason, 0) + 1
    removed = dict(document.diagnostics.removed)
    for reason, count in counted.items():
        assert removed[reason] >= count  # pruned subtrees may add to the same reason
    # Most frequent first; the pruned subtrees' counts come with the blocks' own.
    assert [count for _, count in document.diagnostics.removed] == sorted(removed.values(), reverse=True)
    assert "pruned:nav" in removed
    assert document.diagnostics.blocks_kept == sum(p.kept for p in document.paragraphs)
    assert "chrome:copyright" in counted


def test_a_block_emptied_by_repair_is_removed_as_empty() -> None:
    document = normalize(PAGE)
    empty = [p for p in document.paragraphs if not p.text.strip()]
    assert empty and all(not p.kept and p.reason == "empty" for p in empty)


def test_final_metadata_carries_language_counts_and_fingerprints() -> None:
    document = normalize(PAGE, url="https://rail.example/night-trains")
    meta = document.metadata
    assert meta.title == "Night trains return to the valley"
    assert meta.site_name == "Rail Notes"
    assert meta.url == "https://rail.example/night-trains"
    assert meta.language == document.diagnostics.language == "en"
    assert meta.char_count == len(document.text)
    assert meta.word_count == len(document.text.split())
    assert len(meta.sha256) == 64 and meta.simhash != 0


def test_metadata_mojibake_is_repaired_and_reported() -> None:
    page = PAGE.replace(b"Night trains return", "Night trains returnâ€™s".encode())
    document = normalize(page)
    assert "\u2019" in document.metadata.title
    assert "fix_encoding" in document.diagnostics.repairs


def test_word_count_matches_the_text_on_a_page_classified_without_stopwords() -> None:
    sentence = "北京的冬天很冷，但是人们仍然喜欢在公园里散步。 这里 有 很多 树。"
    page = ("<html><body>" + f"<p>{sentence}</p>" * 6 + "</body></html>").encode()
    document = normalize(page, language="zh")
    # Each Chinese character counts as a word (27 of them a paragraph), punctuation as none.
    assert document.text and document.metadata.word_count == 6 * 27


def test_final_metadata_keeps_every_field_it_does_not_compute() -> None:
    # _final_metadata builds Metadata field by field: a field added to Metadata must not be dropped.
    computed = {"language", "word_count", "char_count", "sha256", "simhash"}
    sample: dict[str, object] = {}
    for item in fields(Metadata):
        default = getattr(Metadata(), item.name)
        sample[item.name] = (
            ("x",) if isinstance(default, tuple) else 7 if isinstance(default, int) else "plain value"
        )
    given = Metadata(**sample)  # type: ignore[arg-type]
    final = pipeline_document._final_metadata(given, Options(), [], "en", "body text", 2)
    for item in fields(Metadata):
        if item.name not in computed:
            assert getattr(final, item.name) == getattr(given, item.name), item.name


_ARTICLE = PAGE.split(b"<article>")[1].split(b"</article>")[0]


def test_a_page_that_shows_its_content_only_without_javascript_is_read_from_noscript() -> None:
    scripted = (
        b"<html lang='en'><head><title>Night trains return to the valley | Rail Notes</title></head><body>"
        b"<div id='app'><div class='spinner'></div></div><noscript>" + _ARTICLE + b"</noscript></body></html>"
    )
    document = normalize(scripted, format="html")
    assert "first sleeper service in twenty years" in document.text
    assert "Passengers who had travelled" in document.text
    assert document.metadata.title == "Night trains return to the valley"


def test_noscript_stays_skipped_when_the_page_has_its_text_outside() -> None:
    notice = b"<noscript><p>" + b"Please enable JavaScript to use the comment section of this site. " * 3
    document = normalize(
        PAGE.replace(b"</article>", b"</article>" + notice + b"</p></noscript>"), format="html"
    )
    assert "first sleeper service" in document.text
    assert "enable JavaScript" not in document.text


def test_quality_gate_reads_the_page_again_when_pruning_took_the_article() -> None:
    # Each section of the article sits in a box whose class names navigation: pruned one by one (none
    # holds half of the page's prose), they leave nothing.
    paragraphs = [p.split(b"</p>")[0] for p in _ARTICLE.split(b"<p>")[1:3]]
    sections = b"".join(b"<div class='content-nav-section'><p>" + p + b"</p></div>" for p in paragraphs * 2)
    page = (
        b"<html lang='en'><body><main>" + sections + b"<p>Copyright 2024 Rail Notes.</p></main></body></html>"
    )
    document = normalize(page, format="html")
    assert "first sleeper service in twenty years" in document.text
    assert "Copyright 2024" not in document.text  # jusText and the chrome rules still apply
    # A page with its article left after pruning is read once: the sidebar's text stays out.
    sidebar = (
        b"<div class='sidebar'><p>" + b"Read our other stories about trains and travel. " * 3 + b"</p></div>"
    )
    document = normalize(PAGE.replace(b"</article>", b"</article>" + sidebar), format="html")
    assert "first sleeper service in twenty years" in document.text
    assert "other stories" not in document.text


def test_a_listing_without_an_article_gives_its_items() -> None:
    items = [
        "Night trains return to the valley",
        "New timetable for the coast line",
        "Station cafe reopens after repairs",
        "Five walks from the last stop",
        "Ticket prices frozen for a year",
    ]
    listing = "".join(f"<li><a href='/story/{n}'>{item}</a></li>" for n, item in enumerate(items))
    page = (
        "<html lang='en'><head><title>Rail Notes: latest</title></head><body><nav><a href='/'>Home</a>"
        f"<a href='/about'>About</a></nav><main><h1>Latest stories</h1><ul>{listing}</ul></main>"
        "<footer>Copyright 2024 Rail Notes. All rights reserved.</footer></body></html>"
    )
    document = normalize(page.encode(), format="html")
    for item in items:
        assert item in document.text
    assert "About" not in document.text  # navigation was pruned before, and stays out
    assert "Copyright" not in document.text
    # Under 20 words of such text is no content: a bare error page stays empty.
    error_page = b"<html><body><main><p><a href='/'>Page not found</a></p></main></body></html>"
    assert normalize(error_page, format="html").text == ""
    # An introduction above the list (under 50 words that read as an article) does not hide the list.
    intro = (
        "<p>These are the stories our readers sent in this week, from all over the region. We read every "
        "one of them, and the editors chose the ones that tell us most about how the trains are run.</p>"
    )
    with_intro = normalize(page.replace("<ul>", intro + "<ul>").encode(), format="html")
    for item in items:
        assert item in with_intro.text


def test_a_dateline_under_the_standfirst_caption_and_byline_is_the_date() -> None:
    paragraph = (
        "<p>El secretario de Relaciones Exteriores expresó sus condolencias a las familias y dijo que el "
        "gobierno facilitará el apoyo necesario para la repatriación de los restos en los próximos días.</p>"
    )
    page = (
        "<html lang='es'><body><article><h1>Kenia brindará apoyo para repatriar los restos</h1>"
        "<p>Ambos fallecieron en un accidente de helicóptero ocurrido este martes en el monte Kenia, según "
        "informaron las autoridades del país africano en un comunicado.</p>"
        "<figure><img src='a.jpg'><figcaption>Equipos de rescate inspeccionan el lugar del accidente."
        "</figcaption></figure><p>Por: Redacción</p><p>24 de agosto, 2024 - 23h23</p>"
        f"{paragraph * 4}</article></body></html>"
    )
    document = normalize(page.encode(), format="html")
    assert document.metadata.published.startswith("2024-08-24")
    assert "23h23" not in document.text


def test_a_short_post_keeps_out_the_few_links_under_it() -> None:
    # Under 50 words read as an article, but what the rules left beyond it is a handful of links, not a
    # listing: the post alone is the content.
    post = (
        "The ministry for club culture informs: the planned tariff reform would raise the fees of small "
        "clubs tenfold, and we ask every member to sign the petition against it before the end of June."
    )
    page = (
        f"<html lang='en'><body><main><h1>Club culture</h1><p>{post}</p>"
        "<div><a href='/prev'>← The first monthly meeting is set!</a></div>"
        "<div><a href='/next'>Tax darling: the party as matchmaker →</a></div>"
        "<ul><li><a href='/contact'>Contact</a></li><li><a href='/imprint'>Imprint and privacy</a></li></ul>"
        "</main></body></html>"
    )
    document = normalize(page.encode(), format="html")
    assert document.text == post


def test_a_listing_below_a_short_article_gives_its_items() -> None:
    # Over 50 words read as an article (the listing's introduction), but the items below hold four times
    # as many: the article is an island in what the page is about.
    intro = (
        "<p>Every week our readers send us the stories they want to see in print, and every week we read "
        "each one of them before the editors choose. These are the ones that tell us most about how the "
        "trains in the valley are run, who runs them, and what it is like to ride them late at night in "
        "the winter, when the last train is the only way home for many of the people who wrote to us.</p>"
    )
    items = [
        f"Night train number {n} returns to the valley after a decade of closed stations" for n in range(30)
    ]
    listing = "".join(f"<li><a href='/story/{n}'>{item}</a></li>" for n, item in enumerate(items))
    page = (
        f"<html lang='en'><body><main><h1>Readers' stories</h1>{intro}<ul>{listing}</ul></main></body></html>"
    )
    document = normalize(page.encode(), format="html")
    assert "Every week our readers" in document.text
    for item in items:
        assert item in document.text
    # With a few items only, the article stands alone.
    short = page.replace(
        listing, "".join(f"<li><a href='/story/{n}'>{item}</a></li>" for n, item in enumerate(items[:5]))
    )
    document = normalize(short.encode(), format="html")
    assert "Every week our readers" in document.text
    assert items[0] not in document.text


def test_a_text_dump_of_a_listing_gives_its_items() -> None:
    items = [
        "Night trains return to the valley after a decade",
        "New timetable for the coast line starts in May",
        "Station cafe reopens after repairs to its roof",
        "Five walks from the last stop of the mountain line",
        "Ticket prices frozen for a year by the rail board",
    ]
    dump = "Latest stories\n\n" + "\n\n".join(f"{item}." for item in items) + "\n"
    document = normalize(dump.encode(), format="text")
    for item in items:
        assert item in document.text


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Night trains return", 3),
        ("Café au lait, s’il vous plaît", 6),
        ("北京市政府周二宣布，将在三年内投资。", 16),  # each character a word, punctuation none
        ("iPhone 15发布了", 5),
        ("東京都は火曜日、今後三年間で", 13),
        ("서울시는 화요일 앞으로", 3),  # Korean spaces its words
        ("รัฐบาลจะเร่งดำเนินการ แก้ไขปัญหา", 7),  # runs of Thai letters, five characters a word
        ("", 0),
    ],
)
def test_words_are_counted_in_scripts_without_spaces(text: str, words: int) -> None:
    from pagewash_server.pipeline.blocks import count_words

    assert count_words(text) == words


CHINESE_DUMP = "\n\n".join(
    [
        "首页",
        "新闻",
        "北京将投资五百亿元改善公共交通",
        "北京市政府周二宣布，将在未来三年内投资五百亿元用于改善城市公共交通系统，包括新建地铁线路和扩建公交专用道。",
        "市交通委员会负责人表示，这项计划的目标是让市民在高峰时段的通勤时间平均缩短百分之二十，同时减少私家车的使用。",
        "专家认为，这一举措有助于缓解交通拥堵和空气污染问题，但也提醒政府需要关注资金使用的透明度以及工程质量。",
        "相关文章",
        "地铁十号线将延长至机场",
        "公交票价四月起调整",
        "版权所有 © 2024 示例网",
    ]
)


def test_a_chinese_text_dump_is_an_article_not_a_page_without_one() -> None:
    # Counted by spaces, its three paragraphs would be three words: under the article threshold, the
    # page's whole text (menu, related headlines, copyright) would be kept as a listing's.
    document = normalize(CHINESE_DUMP.encode(), format="text")
    paragraphs = CHINESE_DUMP.split("\n\n")
    assert document.text == "\n\n".join(paragraphs[3:6])
    assert document.metadata.title == paragraphs[2]
    characters = sum(len(p) - p.count("，") - p.count("。") for p in paragraphs[3:6])
    assert document.metadata.word_count == characters
