"""Chrome rules: furniture removed after jusText, and title, dateline, byline and tags lifted out."""

from __future__ import annotations

import re

import pytest
from pagewash.types import Metadata
from pagewash_server.pipeline.blocks import Block
from pagewash_server.pipeline.chrome import apply_chrome_rules
from pagewash_server.pipeline.dates import find_date
from pagewash_server.pipeline.text_metadata import parse_byline, split_tags, take_tags

PROSE = [
    "The council voted on Tuesday to extend the opening hours of the public library, after a year in which "
    "the number of visitors doubled and the reading rooms were full most evenings of the week.",
    "Supporters said the change would help students who work during the day, while critics argued that the "
    "money would be better spent on repairing the roof, which has leaked since the storm of last winter.",
    "The new hours start next month. The library will stay open until ten o'clock on weekdays and until six "
    "on Saturdays, and a second librarian will be hired to cover the evening shifts in the building.",
]


def _dump(*items: str | tuple[str, str], adjacent: bool = False) -> list[Block]:
    """Blocks as a text dump would give them, one per line (blank lines between unless `adjacent`), with
    jusText's context-free class: long prose "good", lines under 70 characters "short", else as given."""
    blocks = []
    line = 1
    for item in items:
        text, cf_class = item if isinstance(item, tuple) else (item, "")
        if not cf_class:
            cf_class = "good" if len(text) > 200 else "short" if len(text) < 70 else "neargood"
        block = Block(text=text, source=f"lines {line}-{line}", cf_class=cf_class, class_type=cf_class)
        blocks.append(block)
        line += 1 if adjacent else 2
    return blocks


def _kept(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks if b.kept]


def _reason(blocks: list[Block], text: str) -> str:
    return next(b.reason or b.class_type for b in blocks if b.text == text)


# --- dates and bylines ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("March 25, 2021 - 09:23", "2021-03-25T09:23"),
        ("25 March 2021", "2021-03-25"),
        ("2021-03-25", "2021-03-25"),
        ("Mar. 25, 2021 at 9:23 a.m.", "2021-03-25T09:23"),
        ("Nov. 19, 2019, 8:41 PM UTC", "2019-11-19T20:41"),
        ("Updated 12:30 PM ET, Tue November 19, 2019", "2019-11-19"),
        ("2019-11-20T13:05:00Z", "2019-11-20T13:05"),
        ("11/20/2019 01:14 PM", "2019-11-20T13:14"),
        ("19.11.2019", "2019-11-19"),
        ("25. März 2021", "2021-03-25"),
        ("25 de marzo de 2021", "2021-03-25"),
        ("segunda-feira, 22 de janeiro de 2018 às 0:13", "2018-01-22T00:13"),
        ("2021년 3월 25일", "2021-03-25"),
        ("2021年3月25日", "2021-03-25"),
        # Month names of more languages, in the forms their dates use.
        ("5. března 2024", "2024-03-05"),
        ("15 września 2021, 10:30", "2021-09-15T10:30"),
        ("5 марта 2024 г.", "2024-03-05"),
        ("12 листопада 2023", "2023-11-12"),
        ("3 Μαΐου 2022", "2022-05-03"),
        ("7 أكتوبر 2023", "2023-10-07"),
        ("5 मार्च 2024", "2024-03-05"),
        ("12 de març de 2024", "2024-03-12"),
        ("5 d’abril de 2024", "2024-04-05"),
        ("2. joulukuuta 2020", "2020-12-02"),
        ("14 augusti 2019", "2019-08-14"),
        ("3 juil. 2023", "2023-07-03"),
        ("2024. március 5.", "2024-03-05"),  # year first, with the dot Hungarian writes
        ("2021. gada 3. janvārī", "2021-01-03"),  # ... and as Latvian and Lithuanian write it
        ("2020 m. sausio 3 d.", "2020-01-03"),
        ("3. siječnja 2020.", "2020-01-03"),
        ("3 ביוני 2020", "2020-06-03"),
        ("الأربعاء، 28 آب/اغسطس 2013، آخر تحديث 14:00", "2013-08-28"),  # two names of one month
        ("5 تشرين الأول 2019", "2019-10-05"),
        ("18 հունվարի 2018 - 15:01 AMT", "2018-01-18T15:01"),
        ("5 მარტს 2021", "2021-03-05"),
        ("12 listopada 2023", "2023-11-12"),  # Polish and Ukrainian November, Croatian October: left out
        ("in 2019 April 20 people came", ""),
        ("Cập nhật ngày 5 tháng 3 năm 2024", "2024-03-05"),
        ("2024/3/5 10:30", "2024-03-05T10:30"),  # year first with slashes (Japan, Taiwan)
        ("05-03-2024", "2024-05-03"),  # dashes, month first unless the language says otherwise
        ("5. 3. 2024", "2024-03-05"),
        ("5 мар. 2024", "2024-03-05"),
        ("12 Δεκ 2023", "2023-12-12"),
        ("call 555-12-2024 now", ""),
        ("February 30, 2021", ""),
        ("April 26, 2024Updated on: October 28, 2024", "2024-04-26"),  # a text dump glued the next word
        ("March 3, 2024512 items", ""),  # seven digits: no year and a glued number
        ("October 17, 20236:01 PM ET", "2023-10-17T18:01"),  # ... nor to a time
        ("Mar 27, 20255 min read", "2025-03-27"),  # ... nor to a number
        ("Mental HealthDECEMBER 22, 2022", "2022-12-22"),  # ... and the previous word to the month
        ("Dismay 5, 2024 was the word", ""),
        ("the 25 ships of the fleet", ""),
    ],
)
def test_find_date(text: str, iso: str) -> None:
    assert find_date(text) == iso


def test_all_digit_dates_read_day_first_outside_english() -> None:
    from pagewash_server.pipeline.dates import reads_day_first

    assert find_date("Thứ ba, 5/3/2024, 10:30") == "2024-05-03T10:30"  # American order by default
    assert find_date("Thứ ba, 5/3/2024, 10:30", day_first=True) == "2024-03-05T10:30"
    assert find_date("25/03/2024", day_first=False) == find_date("25/03/2024", day_first=True) == "2024-03-25"
    assert find_date("03-25-2024", day_first=True) == "2024-03-25"  # no 25th month: month first after all
    assert find_date("05-03-2024", day_first=True) == "2024-03-05"
    assert [reads_day_first(code) for code in ("en", "", "vi", "fr", "pt")] == [
        False,
        False,
        True,
        True,
        True,
    ]


def test_each_month_name_names_one_month_and_the_pattern_reads_it_whole() -> None:
    from pagewash_server.pipeline import dates

    words = [word for names in dates._MONTH_NAMES_BY_NUMBER for word in names.split()]
    assert len(words) == len(set(words))  # a word listed twice could name two months
    pattern = re.compile(dates._alternation(dates.MONTHS), re.IGNORECASE)
    assert all(pattern.fullmatch(word) for word in words)
    assert all(pattern.fullmatch(word.upper()) for word in words if word.isascii())


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("By Yonhap", ("Yonhap",)),
        ("By Jane Doe and John Roe", ("Jane Doe", "John Roe")),
        ("By Jane Doe, John Roe & Ann Poe", ("Jane Doe", "John Roe", "Ann Poe")),
        ("Posted by Michael David Smith on November 19, 2019, 6:21 AM EST", ("Michael David Smith",)),
        ("By Troy L. Smith, Cleveland.com", ("Troy L. Smith",)),
        ("By: Paul Fenaroli", ("Paul Fenaroli",)),
        ("Von Anna Müller und Peter Schmidt", ("Anna Müller", "Peter Schmidt")),
        ("Written by Lisa Kaczke | Updated 3 hours ago", ("Lisa Kaczke",)),
        ("-- By Michael Russell Follow @mrussell", ("Michael Russell",)),  # the follow button after it
        ("Le Monde | 04.05.2015 à 13h36 | Par Jane Doe", ("Jane Doe",)),  # the byline cell of a row
        ("Home | By State | Contact", ()),
        ("Go by train if you can", ()),
        # What stands before "by" decides: a date, or words saying the name is the writer's ...
        ("Published August 7, 2023 by Nicole Burke", ("Nicole Burke",)),
        ("May 21, 2025April 24, 2025 by Jane Doe", ("Jane Doe",)),
        ("[jane-doe-portrait-1] By Jane Doe", ("Jane Doe",)),
        ("View all posts by Jane Doe", ("Jane Doe",)),
        ("Started by Jane Doe, June 04, 2024, 11:23:55 AM", ("Jane Doe",)),
        ("Geschrieben von Anna Müller", ("Anna Müller",)),
        ("Escrito por Juan Pérez", ("Juan Pérez",)),
        ("Ditulis oleh Budi Santoso", ("Budi Santoso",)),
        ("Af Jens Hansen", ("Jens Hansen",)),
        ("Автор: Иван Петров", ("Иван Петров",)),
        ("Yazar: Ayşe Yılmaz", ("Ayşe Yılmaz",)),
        ("Piše: Marko Marković", ("Marko Marković",)),
        ("Autorin: Anna Müller", ("Anna Müller",)),  # labels the HTML bylines knew first
        ("Writer: Jane Doe", ("Jane Doe",)),
        ("A cura di Maria Rossi", ("Maria Rossi",)),
        # Scripts without capitals: a label vouches for the name.
        ("作者：张伟", ("张伟",)),
        ("بقلم أحمد علي", ("أحمد علي",)),
        ("लेखक: राहुल शर्मा", ("राहुल शर्मा",)),
        ("홍길동 기자", ("홍길동",)),
        ("Tác giả: Nguyễn Văn An", ("Nguyễn Văn An",)),
        ("Του Γιώργου Παπαδόπουλου", ("Γιώργου Παπαδόπουλου",)),
        # ... other words make a filter, a seller, a reviewer or a headline of it.
        ("Filter By Topic", ()),
        ("Search By ZIP Code", ()),
        ("Property Taxes by State, City and County", ()),
        ("Recommended by Consumer Reports", ()),
        ("Fact checked by Jane Doe", ()),
        ("4 Best Book Subscriptions, Tested by Bibliophiles", ()),
        ("© 2025 by Example Studio", ()),
        # Text dumps glue a label to the name and a name to the date.
        ("ByJane DoeMar 5, 2025 | 6 comments", ("Jane Doe",)),
        ("By Jane Doe December 2, 2025", ("Jane Doe",)),
        ("Byline profile image", ()),
        ("Author Jane Doe Jane Doe", ("Jane Doe",)),  # ... and a portrait's text to the name
        ("Authors:Jane Doe, John Roe", ("Jane Doe", "John Roe")),  # ... and a label to the names
        # A user name alone after a "by" label; after "Author" a lowercase word is a heading's.
        ("by jdoe", ("jdoe",)),
        ("Posted by jdoe42 on 07/03/24 02:57 PM", ("jdoe42",)),
        ("Author information", ()),
        ("5 Comments by jdoe", ()),  # a lone user name opens the line with its label
    ],
)
def test_parse_byline(text: str, names: tuple[str, ...]) -> None:
    assert parse_byline(text) == names


def test_a_lowercase_word_after_by_is_a_user_name_only_when_the_article_never_writes_it() -> None:
    # Enough article to tell its everyday words: a user name is not among them.
    more = (
        "Volunteers from three schools painted murals along the reading corridor, chose furniture for a "
        "quiet study area, and asked local bakers to donate coffee and biscuits during examination weeks "
        "when crowds grow largest and patience runs thin among tired pupils and their worried parents."
    )
    blocks = _dump("Council Extends Library Opening Hours", "by jdoe", *PROSE, more)
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).authors == ("jdoe",)
    blocks = _dump("Council Extends Library Opening Hours", "by hours", *PROSE, more)  # the article's word
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).authors == ()


@pytest.mark.parametrize("menu_line", ["BY COMPANY TYPE", "By Company Size", "Appointment Only"])
def test_a_menu_filter_is_not_a_byline(menu_line: str) -> None:
    blocks = _dump("Products", menu_line, "Brands", "Agencies", "Council extends library hours", *PROSE)
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.authors == ()


@pytest.mark.parametrize(
    ("line", "tags"),
    [
        ("Теги: политика, экономика", ("политика", "экономика")),
        ("标签：经济、交通、北京", ("经济", "交通", "北京")),
        ("Schlagworte: Berlin, Verkehr", ("Berlin", "Verkehr")),
        ("Etiketler: İstanbul, ulaşım", ("İstanbul", "ulaşım")),
    ],
)
def test_tags_lines_in_more_languages(line: str, tags: tuple[str, ...]) -> None:
    blocks = _dump(*PROSE, line)
    assert take_tags(blocks, 0) == tags
    assert _reason(blocks, line) == "metadata:tags"


def test_split_tags_on_separators() -> None:
    assert split_tags("Politics, Climate change | Europe") == ("Politics", "Climate change", "Europe")


def test_split_tags_without_separators_uses_phrases_the_page_spells() -> None:
    context = "Ministers of the European Union met in Paris with envoys of the United Kingdom."
    tags = split_tags("Canada European Union France United Kingdom", context)
    assert tags == ("Canada", "European Union", "France", "United Kingdom")


# --- text dumps -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headline", "dateline", "paragraphs"),
    [
        (
            "القاهرة تستثمر خمسة مليارات جنيه في النقل العام",
            "5 مارس 2024",
            [
                "أعلنت بلدية القاهرة يوم الثلاثاء أنها ستستثمر خمسة مليارات جنيه خلال السنوات الثلاث المقبلة "
                "لتحسين نظام النقل العام في المدينة، بما في ذلك خطوط مترو جديدة.",
                "وقال مدير إدارة المرور إن هدف الخطة هو تقليص وقت تنقل المواطنين في ساعات الذروة بنسبة عشرين "
                "في المئة في المتوسط وتقليل استخدام السيارات الخاصة.",
            ],
        ),
        (
            "北京将投资五百亿元改善公共交通",
            "2024年3月5日 10:30",
            [
                "北京市政府周二宣布，将在未来三年内投资五百亿元用于改善城市公共交通系统，包括新建地铁线路。",
                "市交通委员会负责人表示，这项计划的目标是让市民在高峰时段的通勤时间平均缩短百分之二十。",
            ],
        ),
    ],
)
def test_a_headline_in_a_script_without_capitals_is_found(
    headline: str, dateline: str, paragraphs: list[str]
) -> None:
    blocks = _dump("Home", "News", headline, dateline, *[(text, "good") for text in paragraphs])
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.title == headline
    assert found.published.startswith("2024-03-05")
    assert _kept(blocks) == paragraphs


def test_headline_dateline_and_byline_go_to_metadata() -> None:
    blocks = _dump(
        "From",
        "Send to",
        "Council Extends Library Opening Hours",
        "March 25, 2021 - 09:23 By Jane Doe",
        *PROSE,
    )
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.title == "Council Extends Library Opening Hours"
    assert found.published == "2021-03-25T09:23"
    assert found.authors == ("Jane Doe",)
    assert _kept(blocks) == PROSE
    assert _reason(blocks, "Council Extends Library Opening Hours") == "metadata:title"
    assert _reason(blocks, "March 25, 2021 - 09:23 By Jane Doe") == "metadata:dateline"


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("Posted on March 25, 2021 by jdoe - 5 Comments on Council Extends Library Hours", "2021-03-25"),
        ("Jane Doe, Library Correspondent ⋅ Updated March 25, 2021", "2021-03-25"),
        ("Aus der Lokalredaktion der Stadt, veröffentlicht am 25. März 2021", "2021-03-25"),
        ("Posted by jdoe on Thursday March 25, 2021 @08:00PM from the libraries dept.", "2021-03-25"),
        ("By jdoe March 25, 2021 No Comments", "2021-03-25"),  # a comment count is filler
        # A date amid other words, with nothing saying it is the page's, is not a dateline.
        ("Council vote of March 25, 2021 extends library opening hours", ""),
    ],
)
def test_a_labelled_date_amid_other_words_is_the_dateline(line: str, published: str) -> None:
    blocks = _dump("Council Extends Library Opening Hours", line, *PROSE)
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).published == published


def test_a_dateline_labelled_posted_by_a_name_gives_the_author_too() -> None:
    line = "Posted by Jane Doe on Thursday March 25, 2021 @08:00PM from the libraries dept."
    blocks = _dump("Council Extends Library Opening Hours", line, *PROSE)
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert (found.published, found.authors) == ("2021-03-25", ("Jane Doe",))


def test_headline_prefers_the_standalone_line_sharing_words_with_the_article() -> None:
    blocks = _dump("Library hours extended after council vote", *PROSE)
    # An image caption right above the article, with its photo credit on the next line.
    caption = Block(text="Readers in the main hall", source="lines 3-3", cf_class="short")
    credit = Block(text="Getty Images", source="lines 4-4", cf_class="short")
    blocks = [blocks[0], caption, credit, *blocks[1:]]
    for index, block in enumerate(blocks[3:], start=6):
        block.source = f"lines {index}-{index}"
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.title == "Library hours extended after council vote"


def test_headline_matching_the_url_slug_wins_over_a_promo_line() -> None:
    headline = "Evenings At The Library Grow Longer"
    promo = "Public Library Opening Hours Explained"
    blocks = _dump(headline, promo, *PROSE)
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.title == promo  # nearer the article and closer to its words: without the slug it wins
    blocks = _dump(headline, promo, *PROSE)
    known = Metadata(url="https://example.org/2021/03/evenings-at-the-library-grow-longer/")
    found = apply_chrome_rules(blocks, fmt="text", known=known)
    assert found.title == headline


def test_headline_far_above_the_article_is_found() -> None:
    # A table of contents of fifty entries between the headline and the first paragraph.
    contents = [(f"Chapter {n}", "short") for n in range(1, 51)]
    blocks = _dump("Council Extends Library Opening Hours", *contents, *PROSE)
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.title == "Council Extends Library Opening Hours"
    # The search is bounded: a dump of endless short lines must not cost seconds per page.
    contents = [(f"{n}.", "short") for n in range(1, 601)]
    blocks = _dump("Council Extends Library Opening Hours", *contents, *PROSE)
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).title == ""


def test_headline_said_twice_above_the_article_wins_over_a_promo_line() -> None:
    headline = "Council Extends Opening Hours"
    promo = "Library Opening Hours Extended By Council"  # longer, and nearer the article
    blocks = _dump(headline, "Menu", "Search", headline, "Share", promo, *PROSE)
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.title == headline
    blocks = _dump("Menu", "Search", headline, "Share", promo, *PROSE)
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.title == promo  # said once, the headline loses to it


def test_breadcrumb_trail_is_not_the_headline() -> None:
    headline = "Council Extends Opening Hours"
    blocks = _dump(headline, f"Library / {headline}", *PROSE)  # nearer, longer, more of the article's words
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.title == headline


def test_headline_under_a_disclosure_read_as_the_first_paragraph_is_found() -> None:
    disclosure = (
        "Our reviewers research, test and recommend the products on this page independently; when you buy "
        "through our links we may earn a commission, which never decides what we recommend to readers."
    )
    headline = "Council Extends Library Opening Hours"
    blocks = _dump("Home", "Share", disclosure, headline, "By Jane Doe", *PROSE)
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert (found.title, found.authors) == (headline, ("Jane Doe",))
    # Without a byline or a dateline under it, a line there is the article's own: a caption, a step.
    blocks = _dump("Home", "Share", disclosure, headline, *PROSE)
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).title == ""
    assert headline in _kept(blocks)
    # Further down it is a heading inside the article, not the headline.
    blocks = _dump("Home", "Share", disclosure, PROSE[0], PROSE[1], PROSE[2], headline, "By Jane Doe")
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).title == ""
    # Under the first paragraph a heading weighs less than a headline above it.
    subheading = "Library Opening Hours Change Next Month"
    blocks = _dump("Home", headline, PROSE[0], subheading, "Updated March 25, 2021", PROSE[1], PROSE[2])
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).title == headline


def test_a_headline_read_as_the_articles_first_block_is_found_above_its_dateline() -> None:
    # Long and wordy enough for the classifier to keep it, it is where the article seems to start.
    headline = "Council Extends Library Opening Hours After Winter Storms - What Changes for Readers"
    blocks = _dump("Library logo", "About", "Get started", (headline, "good"), "March 25, 2021", *PROSE)
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert (found.title, found.published) == (headline, "2021-03-25")
    assert headline not in _kept(blocks)
    # With no dateline or byline under it, it stays the article's first paragraph.
    blocks = _dump("Library logo", "About", "Get started", (headline, "good"), *PROSE)
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).title != headline
    assert headline in _kept(blocks)


def test_headline_with_a_byline_under_it_wins_over_a_nearer_subtitle() -> None:
    headline = "Council Extends Opening Hours"
    subtitle = "Library opening hours extended after the council vote"  # nearer, more of the article's words
    blocks = _dump("Menu", headline, "By Jane Doe", "March 25, 2021", "5 min read", subtitle, *PROSE)
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.title == headline
    blocks = _dump("Menu", headline, "Share", "Print", "Save", subtitle, *PROSE)
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).title == subtitle


def test_a_metadata_row_under_a_headline_is_its_byline_however_long() -> None:
    headline = "Council Extends Opening Hours"
    subtitle = "Library opening hours extended after the council vote"
    row = (
        "Harbour Gazette | 04.05.2015 à 13h36 • Mis à jour le 05.05.2015 à 20h13 | Par Jane Doe "
        "(avec John Roe et Mary Major)"
    )
    blocks = _dump("Menu", headline, row, "5 min read", subtitle, *PROSE)
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).title == headline
    found = apply_chrome_rules(_dump("Menu", headline, row, *PROSE), fmt="text", known=Metadata())
    assert found.authors == ("Jane Doe",)
    assert found.published == "2015-05-04T13:36"
    # A date inside a cell's sentence is no dateline.
    offer = "Tickets from March 25, 2021 at the box office | Book now"
    blocks = _dump("Menu", headline, "Share", offer, "Save", subtitle, *PROSE)
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).title == subtitle


def test_a_chinese_headline_shares_its_article_s_character_pairs() -> None:
    # \w makes one word of a whole Chinese clause: by words a headline shares nothing with its article
    # (and a caption with a Latin name in it would win), by character pairs it does.
    from pagewash_server.pipeline.text_metadata import _body_vocabulary, _shared_share

    headline = "北京将投资五百亿元改善公共交通"
    paragraphs = [
        "北京市政府周二宣布，将在未来三年内投资五百亿元用于改善城市公共交通系统，包括新建地铁线路。",
        "专家认为，这一举措有助于缓解交通拥堵和空气污染问题，但也提醒政府关注资金使用的透明度。",
    ]
    blocks = _dump(headline, *((paragraph, "good") for paragraph in paragraphs))
    vocabulary = _body_vocabulary(blocks, 1)
    assert _shared_share(headline, vocabulary) > 0.5
    assert _shared_share("上海将举办国际电影节", vocabulary) < 0.2
    assert _shared_share("Council Extends Opening Hours", vocabulary) == 0.0


@pytest.mark.parametrize(
    "line", ["Library / Council Extends Opening Hours", "Council Extends Opening Hours | Gazette"]
)
def test_a_trail_or_a_titled_line_above_a_byline_does_not_win_by_it(line: str) -> None:
    # A breadcrumb trail ending in the headline, or a "Headline | Site" line, may have the byline under it.
    subtitle = "Library opening hours extended after the council vote"
    blocks = _dump("Menu", line, "By Jane Doe", "March 25, 2021", subtitle, *PROSE)
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).title == subtitle


def test_line_spelling_the_whole_slug_is_the_headline_in_any_case() -> None:
    known = Metadata(url="https://example.org/products/white-speckle-mug")
    blocks = _dump("Shop", "white speckle mug", *PROSE)
    assert apply_chrome_rules(blocks, fmt="text", known=known).title == "white speckle mug"
    blocks = _dump("Shop", "white speckle mug", *PROSE)
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).title == ""  # lower case: no headline


@pytest.mark.parametrize(
    "rendered",
    [
        "Re: Council Extends Library Opening Hours",
        "Home » Local News » Council Extends Library Opening Hours",
        "Council Extends Library Opening Hours¶",
    ],
)
def test_headline_loses_what_the_page_rendered_around_it(rendered: str) -> None:
    blocks = _dump("Menu", rendered, *PROSE)
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.title == "Council Extends Library Opening Hours"


def test_a_headline_loses_a_list_items_mark() -> None:
    # w3m marks a third-level list item with "☆"; the line spelling the page's slug is its headline.
    known = Metadata(url="https://shop.example/bike-helmets")
    blocks = _dump("Menu", "☆ Bike Helmets", *PROSE)
    assert apply_chrome_rules(blocks, fmt="text", known=known).title == "Bike Helmets"


def test_a_lone_cookie_notice_above_the_article_is_not_where_it_starts() -> None:
    notice = (
        "We use cookies and similar technologies on our website to improve your experience, to analyse "
        "how the site is used and to show you content that is relevant to your interests."
    )
    menu = ["Home", "News", "Sport", "Weather", "Contact"]
    blocks = _dump(notice, ("Accept all", "short"), *menu, "Council Extends Library Opening Hours", *PROSE)
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.title == "Council Extends Library Opening Hours"


def test_a_name_said_twice_beside_the_dateline_is_the_author() -> None:
    blocks = _dump(
        "Council Extends Library Opening Hours",
        "Picture of Jane Doe",
        "Jane Doe",
        "March 25, 2021",
        *PROSE,
    )
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.authors == ("Jane Doe",)
    assert found.published == "2021-03-25"
    assert _reason(blocks, "Jane Doe") == "metadata:byline"
    assert _kept(blocks) == PROSE


def test_a_glued_double_name_beside_the_dateline_is_the_author() -> None:
    blocks = _dump("Council Extends Library Opening Hours", "Jane Doe Jane Doe", "March 25, 2021", *PROSE)
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.authors == ("Jane Doe",)


@pytest.mark.parametrize("label", ["Local News", "Contact Us", "Travel Tips"])
def test_a_title_case_label_said_once_beside_the_dateline_is_no_author(label: str) -> None:
    blocks = _dump("Council Extends Library Opening Hours", label, "March 25, 2021", *PROSE)
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.authors == ()
    assert found.published == "2021-03-25"


# Enough prose for the article's lowercase words to tell a name from a title-case category.
LONGER_PROSE = [
    *PROSE,
    "Opening the doors later costs about forty thousand pounds a year, most of it wages, according to "
    "figures published by the finance committee, which also expects modest savings from cheaper heating.",
    "Local schools welcomed the decision; several teachers said pupils often had nowhere quiet to study "
    "at home, and that homework clubs could now meet in the building twice a week.",
]


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Jane Doe", "Jane Doe"),
        ("Jane Doe, Managing Editor", "Jane Doe"),
        ("Jane Doe - Staff Writer", "Jane Doe"),
    ],
)
def test_a_name_alone_between_the_headline_and_the_dateline_is_the_author(line: str, name: str) -> None:
    blocks = _dump("Council Extends Library Opening Hours", line, "March 25, 2021", *LONGER_PROSE)
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata(), language="en")
    assert found.authors == (name,)
    assert found.published == "2021-03-25"
    assert _reason(blocks, line) == "metadata:byline"
    assert _kept(blocks) == LONGER_PROSE


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Autori: Anna Ūdre (LTV Ziņu dienesta ārzemju ziņu redaktore)", "Anna Ūdre"),
        ("By Jane Doe (Senior Correspondent, Northern Region)", "Jane Doe"),
    ],
)
def test_a_role_in_brackets_after_the_byline_is_the_bylines_too(line: str, name: str) -> None:
    blocks = _dump("Council Extends Library Opening Hours", "March 25, 2021", line, *LONGER_PROSE)
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata(), language="en")
    assert found.authors == (name,)
    assert _reason(blocks, line) == "metadata:byline"
    assert _kept(blocks) == LONGER_PROSE


@pytest.mark.parametrize(
    "label",
    [
        "Public Library",  # words the article writes in lowercase
        "Among Friends",  # a stopword
        "HR Strategy",  # an acronym beside a word
        "Associate Editor",  # a role
        "Updated Tuesday",  # a date word
        "MarketsGet Quotes",  # two words glued by the dump
    ],
)
def test_a_title_case_category_between_the_headline_and_the_dateline_is_no_author(label: str) -> None:
    blocks = _dump("Council Extends Library Opening Hours", label, "March 25, 2021", *LONGER_PROSE)
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata(), language="en")
    assert found.authors == ()
    assert found.published == "2021-03-25"


def test_a_name_alone_beside_the_dateline_is_not_judged_by_case_in_german() -> None:
    # German writes every noun with a capital: "Wirtschaft Politik" never shows in lowercase either.
    blocks = _dump("Council Extends Library Opening Hours", "Jane Doe", "March 25, 2021", *LONGER_PROSE)
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata(), language="de").authors == ()


def test_a_name_alone_beside_the_dateline_needs_an_article_long_enough_to_judge_it() -> None:
    # Three paragraphs use too few distinct words to say that "Jane" or "Doe" is not a common word.
    blocks = _dump("Council Extends Library Opening Hours", "Jane Doe", "March 25, 2021", *PROSE)
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata(), language="en").authors == ()


def test_a_name_alone_beside_the_dateline_away_from_the_headline_is_no_author() -> None:
    menu = [f"Section {letter}" for letter in "ABCDEF"]
    blocks = _dump(
        "Council Extends Library Opening Hours", *menu, "Jane Doe", "March 25, 2021", *LONGER_PROSE
    )
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata(), language="en")
    assert found.published == "2021-03-25"
    assert found.authors == ()


@pytest.mark.parametrize(
    ("label", "date"), [("Published", "2021-03-25"), ("Last updated:", "2021-03-25"), ("", "")]
)
def test_a_date_under_a_publication_label_below_the_article_is_its_date(label: str, date: str) -> None:
    # Below the article's start a bare date is a comment's or a related post's, unless a label says.
    labelled = [label] if label else []
    more = [f"{sentence} More." for sentence in PROSE] * 4
    blocks = _dump(
        "Council Extends Library Opening Hours", *PROSE, *more, *labelled, "March 25, 2021", "Share"
    )
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.published == date
    if label:
        assert _reason(blocks, label) == "metadata:dateline"


def test_the_date_beside_a_byline_far_from_the_article_is_its_date() -> None:
    more = [f"{sentence} More." for sentence in PROSE] * 5
    blocks = _dump(
        "Council Extends Library Opening Hours",
        *PROSE,
        *more,
        "Written by Jane Doe and John Roe",
        "April 8, 2024",
    )
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.authors == ("Jane Doe", "John Roe")
    assert found.published == "2024-04-08"
    assert _reason(blocks, "April 8, 2024") == "metadata:dateline"


def test_a_name_beside_a_dateline_far_above_the_article_is_the_author() -> None:
    # A table of contents between the header and the article: the dateline is found "elsewhere".
    contents = [f"Chapter {number}: Opening Hours Part {number}" for number in range(1, 46)]
    blocks = _dump(
        "Council Extends Library Opening Hours", "Jane Doe", "March 25, 2021", *contents, *LONGER_PROSE
    )
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata(), language="en")
    assert found.published == "2021-03-25"
    assert found.authors == ("Jane Doe",)


@pytest.mark.parametrize(
    "line",
    [
        "Jane Doe • Oct 20, 2025",
        "Jane Doe October 20, 2025",
        "[jd] Jane Doe | Oct 20, 2025",
        "Jane Doe | Senior Writer | Oct 20, 2025",
    ],
)
def test_a_name_beside_the_date_on_one_line_is_the_author(line: str) -> None:
    blocks = _dump("Council Extends Library Opening Hours", line, *LONGER_PROSE)
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata(), language="en")
    assert found.authors == ("Jane Doe",)
    assert found.published == "2025-10-20"
    assert _kept(blocks) == LONGER_PROSE


@pytest.mark.parametrize("line", ["Public Library • Oct 20, 2025", "Oct 20, 2025 Public Library"])
def test_a_category_beside_the_date_on_one_line_is_no_author(line: str) -> None:
    blocks = _dump("Council Extends Library Opening Hours", line, *LONGER_PROSE)
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata(), language="en")
    assert found.authors == ()
    assert found.published == "2025-10-20"


def test_a_name_and_role_under_a_by_label_far_from_the_article_is_the_author() -> None:
    more = [f"{sentence} More." for sentence in PROSE] * 4
    blocks = _dump(
        "Council Extends Library Opening Hours", *PROSE, *more, "By:", "Jane Doe , Contributor", "Share"
    )
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.authors == ("Jane Doe",)


@pytest.mark.parametrize(
    ("portrait", "line", "authors"),
    [
        ("Picture of Jane Doe", "Jane Doe", ("Jane Doe",)),
        ("Headshot of Jane Doe, MD, smiling in front of the library", "Jane Doe, MD", ("Jane Doe",)),
        ("Picture of the reading room", "Jane Doe", ()),  # the picture is not of her
        ("Picture of Jane Doe", "Subscribe Now", ()),  # nor is the line under it a name
        ("Photo of the reading room", "the reading room", ()),  # ... though it says what the picture shows
    ],
)
def test_a_portrait_over_a_name_is_an_author_box(portrait: str, line: str, authors: tuple[str, ...]) -> None:
    more = [f"{sentence} More." for sentence in PROSE] * 4
    blocks = _dump("Council Extends Library Opening Hours", *PROSE, *more, portrait, line, "Share")
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).authors == authors


def test_a_listed_name_under_an_author_label_is_no_author() -> None:
    # A list under "Author" is a filter's: the site's authors, not this article's.
    more = [f"{sentence} More." for sentence in PROSE] * 4
    blocks = _dump("Council Extends Library Opening Hours", *PROSE, *more, "Author", "Jane Doe", "John Roe")
    blocks[-2].kind = blocks[-1].kind = "list_item"
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).authors == ()


def test_a_listed_name_under_a_by_label_is_the_author() -> None:
    more = [f"{sentence} More." for sentence in PROSE] * 4
    blocks = _dump("Council Extends Library Opening Hours", *PROSE, *more, "by", "Jane Doe", "Share")
    blocks[-2].kind = "list_item"  # "by" over "• Jane Doe"
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.authors == ("Jane Doe",)


@pytest.mark.parametrize("label", ["Written by", "By", "Author:", "• By"])
def test_name_under_an_author_label_far_from_the_article_is_the_author(label: str) -> None:
    more = [f"{sentence} More." for sentence in PROSE] * 4
    blocks = _dump("Council Extends Library Opening Hours", *PROSE, *more, label, "Jane Doe", "Share")
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.authors == ("Jane Doe",)
    assert _reason(blocks, label) == _reason(blocks, "Jane Doe") == "metadata:byline"


@pytest.mark.parametrize(
    ("label", "below"),
    [
        ("By: [                    ]", "Search Advanced"),  # a search form's field
        ("Written by", "Lauren"),  # one word: a label as often as a name
        ("Author", "Recent Posts"),  # a menu
    ],
)
def test_line_under_a_label_that_is_no_name_is_no_author(label: str, below: str) -> None:
    blocks = _dump("Council Extends Library Opening Hours", *PROSE, label, below)
    if label == "Author":
        blocks[-2].kind = blocks[-1].kind = "list_item"
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.authors == ()


def test_byline_of_its_own_far_below_the_dateline_window_is_found() -> None:
    more = [f"{sentence} More." for sentence in PROSE] * 5
    blocks = _dump("Council Extends Library Opening Hours", *PROSE, *more, "By Jane Doe")
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.authors == ("Jane Doe",)
    blocks = _dump(
        "Council Extends Library Opening Hours",
        *PROSE,
        *more,
        "By using this site you agree to our Terms and Privacy Policy",
    )
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).authors == ()
    blocks = _dump("Council Extends Library Opening Hours", *PROSE, *more, "By Jane Doe")
    declared = Metadata(authors=("John Roe",))  # the page named its author: the text is not searched
    assert apply_chrome_rules(blocks, fmt="text", known=declared).authors == ()


def test_a_publication_date_wins_over_an_update_standing_nearer() -> None:
    blocks = _dump(
        "Council Extends Library Opening Hours", "Published March 2, 2024", "Updated on June 18, 2025", *PROSE
    )
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).published == "2024-03-02"
    blocks = _dump("Council Extends Library Opening Hours", "Updated on June 18, 2025", *PROSE)
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).published == "2025-06-18"


def test_a_byline_in_a_cell_of_a_metadata_row_is_the_author() -> None:
    row = "by Jane Doe | Mar 11, 2023 | Brakes, Repair Tips | 0 comments"
    blocks = _dump("Council Extends Library Opening Hours", row, *PROSE)
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert (found.authors, found.published) == (("Jane Doe",), "2023-03-11")


def test_a_dateline_glued_to_its_byline_gives_both() -> None:
    blocks = _dump("Council Extends Library Opening Hours", "ByJane Doe | March 5, 2025", *PROSE)
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert (found.authors, found.published) == (("Jane Doe",), "2025-03-05")


def test_an_author_box_link_far_below_the_article_names_the_author() -> None:
    more = [f"{sentence} More {n}." for n in range(50) for sentence in PROSE]
    assert len(more) > 120  # beyond a byline's reach, within an author box's
    blocks = _dump("Council Extends Library Opening Hours", *PROSE, *more, "More articles by Jane Doe")
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).authors == ("Jane Doe",)
    blocks = _dump("Council Extends Library Opening Hours", *PROSE, *more, "By Jane Doe")
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).authors == ()
    blocks = _dump("Council Extends Library Opening Hours", *PROSE, *more, "Written by Jane Doe")
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).authors == ("Jane Doe",)
    link = "More Articles By This Author"
    blocks = _dump("Council Extends Library Opening Hours", *PROSE, *more[:20], link)
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).authors == ()


@pytest.mark.parametrize(
    ("header", "opened"),
    [
        (("• Thread starter jdoe42",), ""),
        (("• Ersteller jdoe42",), ""),
        (("Iniciado por jdoe42, 26 de mayo de 2025",), "2025-05-26"),
        (("• Thread starter jdoe42", "• Start date Jul 9, 2022"), "2022-07-09"),
        (("Discussion in 'Help' started by jdoe42, May 26, 2025.",), "2025-05-26"),
        (("jdoe42 (Jane Doe) May 3, 2024, 8:45am 1",), "2024-05-03T08:45"),
        (("jdoe42 2 May 2024 18:48 #1",), "2024-05-02T18:48"),
        (("#1 2025-11-01 15:14:37", "jdoe42", "Member"), "2025-11-01T15:14"),  # the header on two lines
    ],
)
def test_the_user_who_opened_a_forum_thread_is_its_author(header: tuple[str, ...], opened: str) -> None:
    blocks = _dump("Which Bus Goes To The Library?", *header, *PROSE)
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.authors == ("jdoe42",)
    if opened:
        assert found.published == opened
    # The first post's date wins over a reply's standing nearer the text's start.
    blocks = _dump("Which Bus Goes To The Library?", *header, "June 1, 2024", *PROSE)
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).published == (opened or "2024-06-01")
    blocks = _dump("Which Bus Goes To The Library?", *header, *PROSE)
    declared = Metadata(authors=("John Roe",))
    assert apply_chrome_rules(blocks, fmt="text", known=declared).authors == ()


def test_a_thread_starter_row_far_above_the_first_post_names_the_author() -> None:
    # A forum's menus may print well over a hundred lines between the thread's header row and its post.
    menu = [f"Forum section number {n}" for n in range(200)]
    header = ("• Thread starter jdoe42", "• Start date Jul 9, 2022")
    blocks = _dump("Which Bus Goes To The Library?", *header, *menu, *PROSE)
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert (found.authors, found.published) == (("jdoe42",), "2022-07-09")
    # Only the forum software's own row, at the start of a line: not a sentence that quotes the label.
    quoted = "Who was the thread starter jdoe42 talking to"
    blocks = _dump("Which Bus Goes To The Library?", quoted, *menu, *PROSE)
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).authors == ()


def test_a_ranking_entry_is_no_first_post_header() -> None:
    blocks = _dump("The Best Coffee Grinders", "#1 Best Value", "Baratza", *PROSE)
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).authors == ()


def test_a_link_aggregators_submitted_by_line_names_the_author() -> None:
    blocks = _dump("Which Bus Goes To The Library?", "submitted 17 hours ago by SkyWatcher99", *PROSE)
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).authors == ("SkyWatcher99",)


def test_the_first_post_header_of_a_phpbb_page_names_the_thread_starter() -> None:
    reply = "I had the same question last week. The number 12 stops at the library every twenty minutes."
    blocks = _dump(
        "Which Bus Goes To The Library?",
        "Post by jdoe42 » 11. Sep 2024, 18:36",
        *PROSE,
        "Post by busfan » 12. Sep 2024, 09:00",
        reply,
    )
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert (found.authors, found.published[:10]) == (("jdoe42",), "2024-09-11")


@pytest.mark.parametrize(
    "header",
    [
        "jdoe42 May 3, 2024, 8:45am 11",  # the eleventh post's header
        "answered Feb 4, 2014 at 13:01",  # a minute, not a post number
        "Updated March 3, 2021 1",
        "Photos from the trip of May 3, 2024 #1",  # the date must follow the user name
    ],
)
def test_a_later_post_or_a_dateline_names_no_thread_starter(header: str) -> None:
    blocks = _dump("Which Bus Goes To The Library?", header, *PROSE)
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).authors == ()


def test_dateline_far_from_the_article_says_what_its_date_is() -> None:
    more = [f"{sentence} More." for sentence in PROSE] * 5
    blocks = _dump("Council Extends Library Opening Hours", *PROSE, *more, "Last updated: March 25, 2021")
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).published == "2021-03-25"
    assert _reason(blocks, "Last updated: March 25, 2021") == "metadata:dateline"
    blocks = _dump("Council Extends Library Opening Hours", *PROSE, *more, "March 25, 2021")
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).published == ""  # a comment's, say
    menu = [(f"Section {n}", "short") for n in range(1, 51)]
    blocks = _dump("March 25, 2021", *menu, "Council Extends Library Opening Hours", *PROSE)
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).published == "2021-03-25"
    # Further than a bare date may stand, a line that says what its date is still counts.
    longer = [f"{sentence} More {n}." for n in range(52) for sentence in PROSE]
    assert 150 < len(longer) < 200
    blocks = _dump("Council Extends Library Opening Hours", *PROSE, *longer, "Posted on March 25, 2021")
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).published == "2021-03-25"
    # A question's date on a Q&A page, under the question.
    blocks = _dump("Which Bus Goes To The Library?", *PROSE, *more, "asked Mar 25, 2021 at 10:51")
    assert apply_chrome_rules(blocks, fmt="text", known=Metadata()).published == "2021-03-25T10:51"
    # A byline far below the article's start brings its date.
    blocks = _dump("Council Extends Library Opening Hours", *PROSE, *more, "March 25, 2021 By Jane Doe")
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert (found.authors, found.published) == (("Jane Doe",), "2021-03-25")


def test_dateline_under_a_standfirst_and_a_caption_is_found() -> None:
    standfirst = (
        "Evening opening, a second librarian and a new reading room: what the council's vote means for the "
        "thousands of students who use the library every week, and what it will cost the town."
    )
    blocks = _dump(
        "Council Extends Library Opening Hours",
        standfirst,
        "Readers in the main hall",
        "Photo: Jane Roe",
        "Updated: March 25, 2021",
        *PROSE,
    )
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.published == "2021-03-25"
    assert _reason(blocks, "Updated: March 25, 2021") == "metadata:dateline"


@pytest.mark.parametrize(
    "row",
    [
        "On behalf of Smith Lawyers LLP | Apr 21, 2017 | Products Liability",
        "Lifestyle Desk of the Daily Courier / Updated: March 25, 2021, 09:23",
    ],
)
def test_date_in_its_own_cell_of_a_metadata_row(row: str) -> None:
    blocks = _dump("Council Extends Library Opening Hours", row, *PROSE)
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.published[:4] in {"2017", "2021"}
    assert row not in _kept(blocks)


def test_a_date_inside_a_sentence_is_no_dateline() -> None:
    line = "The vote of March 25, 2021 was the council's third attempt"
    blocks = _dump("Council Extends Library Opening Hours", line, *PROSE)
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.published == ""


def test_tags_line_goes_to_metadata() -> None:
    blocks = _dump(*PROSE, "Tags: libraries, council, budget")
    found = apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert found.tags == ("libraries", "council", "budget")
    assert _kept(blocks) == PROSE


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Copyright 2023 Example Media Inc. All rights reserved.", "chrome:copyright"),
        ("© 2021 Example News", "chrome:copyright"),
        ("Alle Rechte vorbehalten", "chrome:copyright"),
        ("Tous droits réservés", "chrome:copyright"),
        ("Advertisement", "chrome:advertisement"),
        ("Load more", "chrome:more-link"),
        ("See all Video", "chrome:more-link"),
        ("Read more", "chrome:more-link"),
        ("Share this article", "chrome:social"),
        ("Facebook Twitter Email", "chrome:social"),
        ("Sign up for our newsletter", "chrome:social"),
        ("Getty Images", "chrome:photo-credit"),
        ("(AP Photo/Jane Doe)", "chrome:photo-credit"),
        ("Photo: Jane Doe", "chrome:photo-credit"),
        (
            "We use cookies to improve your experience. By using this site you accept our policy.",
            "chrome:cookies",
        ),
    ],
)
def test_furniture_lines_between_paragraphs_are_removed(line: str, reason: str) -> None:
    blocks = _dump(PROSE[0], (line, "short"), PROSE[1], PROSE[2])
    apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert _reason(blocks, line) == reason
    assert _kept(blocks) == PROSE


def test_a_sentence_that_mentions_cookies_or_sharing_is_prose() -> None:
    sentence = (
        "The bakery shares its cookies with the shelter every Friday, and the owner says she would "
        "follow the example of the library and stay open later if the council paid for the heating."
    )
    blocks = _dump(PROSE[0], sentence, PROSE[1])
    apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert sentence in _kept(blocks)


def test_caption_above_a_photo_credit_goes_with_it() -> None:
    blocks = _dump(PROSE[0], PROSE[1])
    caption = Block(text="The reading room on Tuesday", source="lines 5-5", cf_class="short")
    credit = Block(text="Getty Images", source="lines 6-6", cf_class="short")
    tail = Block(text=PROSE[2], source="lines 8-8", cf_class="good")
    blocks = [*blocks, caption, credit, tail]
    apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert _reason(blocks, "The reading room on Tuesday") == "chrome:caption"


def test_most_popular_header_and_its_headlines_are_removed() -> None:
    headlines = ["Storm closes schools across the county", "Mayor opens new bridge", "Team wins the cup"]
    blocks = _dump(
        *PROSE, ("Most Popular", "short"), *[(h, "short") for h in headlines], PROSE[0] + " Again."
    )
    apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert _reason(blocks, "Most Popular") in ("chrome:section", "bad")
    for headline in headlines:
        assert headline not in _kept(blocks)


def test_comment_section_below_the_article_is_cut() -> None:
    comments = [
        ("12 Comments", "short"),
        ("jane says:", "short"),
        (
            "I went there last night and it was lovely to see so many people reading in the evening.",
            "neargood",
        ),
        ("bob says:", "short"),
        (PROSE[1].replace("Supporters", "My neighbours"), "good"),
    ]
    blocks = _dump(*PROSE, *comments)
    apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert _kept(blocks) == PROSE
    assert _reason(blocks, "jane says:") == "chrome:comments"


@pytest.mark.parametrize(
    ("line", "cut"),
    [
        ("59 Comments on “Council Extends Library Opening Hours to Ten in the Evening from March”", True),
        ("One thought on “Council Extends Library Opening Hours to Ten in the Evening from March”", True),
        # A sentence of the article that counts comments is not a header, however long.
        (
            "12 comments on the proposal reached the council before the deadline passed, officials said.",
            False,
        ),
    ],
)
def test_a_blog_comment_count_quoting_the_title_starts_the_comments(line: str, cut: bool) -> None:
    comment = "I went there last night and it was lovely to see so many people reading in the evening."
    blocks = _dump(*PROSE, (line, "short"), ("jane", "short"), (comment, "neargood"))
    apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert (comment not in _kept(blocks)) == cut


def test_numbered_signatures_with_an_avatar_placeholder_start_the_comments() -> None:
    comment = "I went there last night and it was lovely to see so many people reading in the evening."
    blocks = _dump(
        *PROSE, ("1. [svg]Jane says", "short"), (comment, "neargood"), ("2. [svg]Bob says", "short")
    )
    apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert _kept(blocks) == PROSE


def test_a_comment_link_under_every_post_does_not_cut_the_answers() -> None:
    # A Q&A page: "Add a comment" under the question and under each answer is the posts' link.
    answer = PROSE[2].replace("The new hours", "As an answer: the new hours")
    blocks = _dump(PROSE[0], PROSE[1], "Add a comment |", answer, "Add a comment |")
    apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert _kept(blocks) == [PROSE[0], PROSE[1], answer]
    # Printed with a separator under the question only, it is the same link.
    blocks = _dump(PROSE[0], PROSE[1], "Add a comment |", answer, "Add a comment")
    apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert answer in _kept(blocks)
    # Said once, below the article, it starts the comments; so does a title said twice.
    for header in (["Add a comment"], ["Comments", "Comments"]):
        blocks = _dump(PROSE[0], PROSE[1], *header, answer)
        apply_chrome_rules(blocks, fmt="text", known=Metadata())
        assert _kept(blocks) == [PROSE[0], PROSE[1]]


@pytest.mark.parametrize(
    ("counts", "cut"),
    [
        (["6 Comments", "3 Comments"], False),  # each post's own count, on a Q&A page
        (["76 Replies"], False),  # a forum thread's posts
        (["5 Comments", "5 Comments"], True),  # a blog's count in the byline and over its comments
        (["0 replies"], True),  # no thread follows
    ],
)
def test_a_count_of_each_post_or_of_a_threads_replies_cuts_nothing(counts: list[str], cut: bool) -> None:
    answer = PROSE[2].replace("The new hours", "As an answer: the new hours")
    blocks = _dump(PROSE[0], PROSE[1], counts[0], answer, *counts[1:])
    apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert (answer not in _kept(blocks)) == cut


def test_a_long_run_of_short_lines_between_prose_is_a_menu() -> None:
    menu = ["World", "Business", "Sports", "Weather", "Opinion", "Video", "Podcasts"]
    blocks = _dump(PROSE[0], *menu, PROSE[1], PROSE[2])
    apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert _kept(blocks) == PROSE


def test_a_long_run_of_menu_entries_in_chinese_or_japanese_is_a_menu() -> None:
    # Each character counts as a word, but an entry of a few characters is no wordy line.
    menu = ["国際・アジア", "中国・台湾", "北米", "朝鮮半島", "中南米", "東南アジア", "ヨーロッパ"]
    blocks = _dump(PROSE[0], *menu, PROSE[1], PROSE[2])
    apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert _kept(blocks) == PROSE


def test_a_long_list_of_wordy_lines_between_prose_stays() -> None:
    steps = [f"Step {n}: bring the card to the front desk" for n in range(1, 9)]
    blocks = _dump(PROSE[0], *steps, PROSE[1], PROSE[2])
    apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert _kept(blocks) == [PROSE[0], *steps, PROSE[1], PROSE[2]]


def test_a_long_table_between_prose_stays() -> None:
    rows = [f"{name}_id String Required Max {n} chars" for n, name in enumerate(["item", "brand"] * 20, 10)]
    blocks = _dump(PROSE[0], *rows, PROSE[1], PROSE[2])
    apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert _kept(blocks) == [PROSE[0], *rows, PROSE[1], PROSE[2]]


@pytest.mark.parametrize(
    ("chrome", "reason", "after"),
    [
        # A forum's note on each poster, between two posts of a thread.
        (
            ["Posts: 1,725", "Reaction score: 12"],
            "chrome:poster-stats",
            "Same here: the router dropped the connection after the last update, sadly.",
        ),
        # A listing's controls, between its introduction and its items.
        (
            ["Filters", "Sort by"],
            "chrome:controls",
            "Trail helmet with a visor and a magnetic buckle, in three sizes for rides.",
        ),
        # A reply's time of day.
        (
            ["Today at 3:26 AM", "Yesterday at 9:05 PM"],
            "chrome:timestamp",
            "Same here: the router dropped the connection after the last update, sadly.",
        ),
    ],
)
def test_chrome_inside_the_content_goes_and_keeps_it_together(
    chrome: list[str], reason: str, after: str
) -> None:
    # A short block under such lines would be cut off as an island if they counted as furniture.
    blocks = _dump(*PROSE, *chrome, after)
    apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert _kept(blocks) == [*PROSE, after]
    assert _reason(blocks, chrome[0]) == reason


def test_a_few_short_lines_between_prose_stay() -> None:
    quote = ["“We will stay open.”", "Figures: 1,200 visitors a week."]
    blocks = _dump(PROSE[0], *quote, PROSE[1], PROSE[2])
    apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert _kept(blocks) == [PROSE[0], *quote, PROSE[1], PROSE[2]]


def test_render_artifacts_and_repeated_lines_are_removed() -> None:
    teaser = "Storm closes schools across the county"
    blocks = _dump(PROSE[0], "[photo-of-library]", "[ ] [Submit]", PROSE[1], teaser, teaser, PROSE[2])
    apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert _kept(blocks) == PROSE
    assert _reason(blocks, "[photo-of-library]") == "chrome:render-artifact"


def test_a_tracking_tags_markup_and_escaped_addresses_are_render_artifacts() -> None:
    # A renderer prints a <noscript> tracking pixel as text, its address wrapped over several lines.
    pixel = '<img src="https://stats.example.net/?c1=2&amp;c2=1974&amp;name=story" height="1" width="1">'
    hidden = '<p style="top: -999em"><img src="https://stats.example.net/s?name=story&lang=my&first_pub=2018'
    escaped = "%E1%80%94%E1%80%AD%E1%80%AF%E1%80%84%E1%80%BA%E1%80%84%E1%80%B6%E1%80%90%E1%80%B1"
    blocks = _dump(PROSE[0], pixel, hidden, escaped, *PROSE[1:])
    apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert _kept(blocks) == PROSE
    assert {_reason(blocks, line) for line in (pixel, hidden, escaped)} == {"chrome:render-artifact"}
    # A documentation page's markup example stays, as does a sentence quoting one escaped character.
    example = '<img src="/images/library.png?w=600" alt="The library" width="600">'
    escaped_space = "A space in a web address is written as %20, so the file becomes my%20file.pdf in a link."
    blocks = _dump(PROSE[0], (example, "good"), (escaped_space, "good"), *PROSE[1:])
    apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert _kept(blocks) == [PROSE[0], example, escaped_space, *PROSE[1:]]


def test_an_island_of_text_far_from_the_article_is_dropped() -> None:
    island = "Subscribers get unlimited access to every story, the daily puzzle and our weekly magazine."
    menu = [(f"Section {n}", "bad") for n in range(12)]
    more = ["Elsewhere in the county, " + p[0].lower() + p[1:] for p in PROSE]
    blocks = _dump(*PROSE, *more, *menu, (island, "neargood"), *menu)
    apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert island not in _kept(blocks)
    assert _kept(blocks) == PROSE + more


def test_a_page_of_short_paragraphs_only_is_not_emptied() -> None:
    short_prose = [p[:150] + "." for p in PROSE]
    blocks = _dump(*[(p, "neargood") for p in short_prose])
    for block in blocks:
        block.class_type = "bad"  # what jusText makes of near-good blocks with no good neighbour
    apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert _kept(blocks) == short_prose


# --- HTML: pruning already happened; only safe rules run ----------------------------------------


def _html_blocks(*items: tuple[str, str, str]) -> list[Block]:
    return [
        Block(text=text, kind=kind, source=f"/html/body/p[{n}]", cf_class=cls, class_type=cls)
        for n, (text, kind, cls) in enumerate(items, start=1)
    ]


def test_html_heading_equal_to_the_known_title_is_removed() -> None:
    blocks = _html_blocks(
        ("Council Extends Library Opening Hours", "heading", "good"),
        (PROSE[0], "paragraph", "good"),
        (PROSE[1], "paragraph", "good"),
    )
    found = apply_chrome_rules(
        blocks, fmt="html", known=Metadata(title="Council extends library opening hours")
    )
    assert blocks[0].reason == "metadata:title"
    assert found.title == ""  # already known
    assert _kept(blocks) == PROSE[:2]


def test_html_keeps_short_lines_between_paragraphs_and_unlinked_lists() -> None:
    items = ["Opening hours until ten", "A second librarian", "Repairs to the roof"]
    blocks = _html_blocks(
        (PROSE[0], "paragraph", "good"),
        ("What changes", "heading", "good"),
        *[(i, "list_item", "good") for i in items],
        (PROSE[1], "paragraph", "good"),
        ("Related", "heading", "good"),
        (PROSE[2], "paragraph", "good"),
    )
    apply_chrome_rules(blocks, fmt="html", known=Metadata())
    assert _kept(blocks) == [PROSE[0], "What changes", *items, PROSE[1], PROSE[2]]


COMMENT = "I went there last night and it was lovely to see so many people reading in the evening, honestly."


@pytest.mark.parametrize(
    ("headings", "cut"),
    [
        (["Top Rated Comments"], True),
        (["12 Comments"], True),
        # The count in more languages.
        (["3 Kommentare"], True),
        (["12 commentaires"], True),
        (["5 комментариев"], True),
        (["3 Kommentarfelder"], False),
        # A blog's count over the comments carries the post's title, and a form heading follows them.
        (
            [
                "12 Comments on “Council Extends Library Opening Hours to Ten in the Evening from March”",
                "Leave a Reply",
            ],
            True,
        ),
        (["Leave a Reply"], True),
        # A reply form under each post is each post's own.
        (["Leave a Reply", "Leave a Reply"], False),
        # One "Comments" heading over each answer of a Q&A page: each post's comments, not a section.
        (["Comments", "3 Comments"], False),
        # A thread's replies are a forum's content.
        (["76 Replies"], False),
    ],
)
def test_html_comments_heading_below_the_article_cuts_the_comments(headings: list[str], cut: bool) -> None:
    items: list[tuple[str, str, str]] = [(PROSE[0], "paragraph", "good"), (PROSE[1], "paragraph", "good")]
    for heading in headings:
        items += [(heading, "heading", "short"), (COMMENT, "paragraph", "good")]
    blocks = _html_blocks(*items)
    apply_chrome_rules(blocks, fmt="html", known=Metadata())
    comments = [COMMENT] * len(headings)
    assert _kept(blocks) == (PROSE[:2] if cut else [*PROSE[:2], *comments])


BIO = "Jane Doe has covered the council for the Harbour Times since 2015 and writes about transport."


@pytest.mark.parametrize(("heading", "under_it"), [("Comments", COMMENT), ("About the author", BIO)])
def test_html_comments_or_author_heading_under_a_short_lead_cuts_nothing(heading: str, under_it: str) -> None:
    blocks = _html_blocks(
        ("A short lead.", "paragraph", "good"),
        (heading, "heading", "short"),
        (under_it, "paragraph", "good"),
    )
    apply_chrome_rules(blocks, fmt="html", known=Metadata())
    assert under_it in _kept(blocks)


def test_html_section_header_takes_only_linked_headlines_with_it() -> None:
    blocks = _html_blocks(
        (PROSE[0], "paragraph", "good"),
        ("More from the council", "heading", "good"),
        ("Mayor opens new bridge", "list_item", "good"),
    )
    blocks[2].link_chars = len(blocks[2].text)
    apply_chrome_rules(blocks, fmt="html", known=Metadata())
    assert _kept(blocks) == [PROSE[0]]


@pytest.mark.parametrize(
    "text",
    [
        "Hello, World! it's 2024_05 -- ok",
        "tabs\tand\x0bcontrols\x1f here",
        "UPPER lower MiXeD 42x",
        "Ünïcödé wörds and straße",
        "日本語のテキスト 2024年",
        "",
        "   ",
    ],
)
def test_line_words_are_the_lowercased_regex_words(text: str) -> None:
    from pagewash_server.pipeline.line_rules import WORD, line_words

    assert line_words(text) == tuple(WORD.findall(text.lower()))


@pytest.mark.parametrize(
    ("text", "top", "reason"),
    [
        ("The council met on Tuesday to discuss the new budget.", False, ""),
        ("Home", True, "chrome:navigation"),
        ("Home", False, ""),
        ("© 2024 Example Media", False, "chrome:copyright"),
        ("版权所有 2024", False, "chrome:copyright"),
        ("We use cookies to improve your experience.", False, "chrome:cookies"),
        ("Photo: Jane Roe/Reuters", False, "chrome:photo-credit"),
        # The same furniture in more languages.
        ("Minden jog fenntartva.", False, "chrome:copyright"),
        ("Tüm hakları saklıdır", False, "chrome:copyright"),
        ("جميع الحقوق محفوظة لموقع المثال", False, "chrome:copyright"),
        ("सर्वाधिकार सुरक्षित", False, "chrome:copyright"),
        ("สงวนลิขสิทธิ์ 2024", False, "chrome:copyright"),
        ("Читайте также", False, "chrome:more-link"),
        ("Czytaj więcej »", False, "chrome:more-link"),
        ("もっと見る", False, "chrome:more-link"),
        ("और पढ़ें", False, "chrome:more-link"),
        ("Lesen Sie auch: Der Hafen wird größer", False, "chrome:more-link"),
        ("Tovább", False, "chrome:more-link"),
        ("Tovább nőtt az infláció", False, ""),  # the same word starting a headline
        ("Daha fazla insan bu yıl oy verdi", False, ""),
        ("Поделиться", False, "chrome:social"),
        ("Chia sẻ Facebook", False, "chrome:social"),
        ("新浪微博", False, "chrome:social"),  # a share button of a network of another country
        ("ВКонтакте Одноклассники", False, "chrome:social"),
        ("Folgen Sie uns auf Facebook", False, "chrome:social"),
        ("Folgen der Krise sind noch unklar.", False, ""),
        ("Nous utilisons des cookies pour améliorer votre expérience.", False, "chrome:cookies"),
        ("Die Cookies des Bäckers schmecken gut.", False, ""),
        ('Informējam, ka portālā tiek izmantotas sīkdatnes ("cookies").', False, "chrome:cookies"),
        ("Tämä sivusto käyttää evästeitä (cookies), jotka hyväksyt jatkamalla.", False, "chrome:cookies"),
        ("本网站使用Cookie来改善您的体验。", False, "chrome:cookies"),  # no space around the word
        ("Babcia upiekła cookies dla całej ulicy.", False, ""),
        # A consent dialog's category headings name no context word; a recipe's heading stays.
        ("Strictly Necessary Cookies", False, "chrome:cookies"),
        ("Analytics cookies", False, "chrome:cookies"),
        ("Chocolate Chip Cookies", False, ""),
        # Status lines: reading time, a widget loading.
        ("5 min read", False, "chrome:status"),
        ("Reading time: 6 minutes", False, "chrome:status"),
        ("8-minute read", False, "chrome:status"),
        ("Lesezeit: 4 Min.", False, "chrome:status"),
        ("4 min de lecture", False, "chrome:status"),
        ("Loading…", False, "chrome:status"),
        ("Reading the report took the council 5 minutes.", False, ""),
        ("Loading the ferry took an hour", False, ""),
        (
            "You are using an out of date browser. It may not display this or other websites correctly.",
            False,
            "chrome:status",
        ),
        (
            "JavaScript is disabled. For a better experience, please enable JavaScript in your browser.",
            False,
            "chrome:status",
        ),
        ("The browser wars of the 1990s shaped JavaScript as we know it.", False, ""),
        # What a forum says about each post's author; a profile's own "Joined Oct 2018" stays.
        ("Posts: 1,077", False, "chrome:poster-stats"),
        ("Joined: Wed Feb 04, 2015 6:38 pm", False, "chrome:poster-stats"),
        ("Reaction score: 12", False, "chrome:poster-stats"),
        ("Beiträge: 386", False, "chrome:poster-stats"),
        ("Joined Oct 2018", False, ""),
        ("1,99222 gold badges1414 silver badges1818 bronze badges", False, "chrome:poster-stats"),
        ("23.8k 14 gold badges 88 silver badges", False, "chrome:poster-stats"),
        ("She won 2 gold medals and 1 silver", False, ""),
        # A post's counters and a listing's controls; a listing's own item count stays.
        ("12 likes", False, "chrome:controls"),
        ("(3) 3 replies", False, "chrome:controls"),
        ("Sort: Best Match", False, "chrome:controls"),
        ("Filters", False, "chrome:controls"),
        ("Trier par", False, "chrome:controls"),
        ("Verified Buyer", False, "chrome:controls"),
        ("12 products", False, ""),
        ("Filter the water before you drink it.", False, ""),
        ("Everyone likes the new bridge", False, ""),
        ("1.2k likes", False, "chrome:controls"),
        ("Posts about the election: see below", False, ""),
        # A request to switch the ad blocker off; an article naming ad blockers stays.
        ("Please disable your ad blocker to support us.", False, "chrome:status"),
        ("Wenn Sie unser Angebot schätzen, schalten Sie bitte den Adblocker ab.", False, "chrome:status"),
        ("Like other VPNs, it has a built-in ad blocker, too.", False, ""),
        # A site's notice on how to view it, in Chinese; news about browsers stays.
        ("如欲取得最佳浏览效果，请使用最新的浏览器。", False, "chrome:status"),
        ("谷歌建议用户升级浏览器。", False, ""),
        # A search box's label; a heading about searching stays.
        ("Search Example.com", False, "chrome:navigation"),
        ("Search this site", False, "chrome:navigation"),
        ("Rechercher sur le site", False, "chrome:navigation"),
        ("Search engine optimization", False, ""),
        ("Search engines", False, ""),
        # An image's file name for text; a sentence naming a file stays.
        ("IMG_0042.JPG", False, "chrome:image-name"),
        ("Western Ice Cave 4.jpgWestern Ice Cave 4.jpg", False, "chrome:image-name"),
        ("logo.png banner 2.png", False, "chrome:image-name"),
        ("Save the file as photo.jpg and upload it.", False, ""),
        ("Figure 1: the setup.png", False, ""),
        ("Here is the view we had from the top of the hill at dawn view.jpg", False, ""),
        # The typo-report widget; a tutorial's shortcut stays.
        ("Нашли ошибку? Выделите её и нажмите Ctrl+Enter", False, "chrome:controls"),
        ("If you found a typo, select it and press Ctrl + Enter.", False, "chrome:controls"),
        ("Press Ctrl+Enter to run the cell", False, ""),
        ("Iezīmējiet tekstu, spiediet Ctrl+Enter, lai nosūtītu labojamo fragmentu", False, "chrome:controls"),
        ("Select the query and press Ctrl+Enter to run it", False, ""),
        # A time of day relative to the fetch; a sentence opening with "Today" stays.
        ("Today at 3:26 AM", False, "chrome:timestamp"),
        ("Šodien, 17:40", False, "chrome:timestamp"),
        ("Heute um 14:30 Uhr", False, "chrome:timestamp"),
        ("Aujourd’hui à 10h30", False, "chrome:timestamp"),
        ("Today 12 people came to the meeting", False, ""),
        ("Today at the 10:30 meeting", False, ""),
        # A Chinese site's copyright notice under its label; news about copyright law stays.
        ("日报网版权说明：凡注明来源为“日报网”的作品，未经允许禁止转载。", False, "chrome:copyright"),
        ("版权保护：本网登载的内容版权属本网独家所有。", False, "chrome:copyright"),
        ("本文未经作者同意禁止转载。", False, "chrome:copyright"),
        ("国家版权局表示，将加强版权保护工作。", False, ""),
        ("未经核实的报道已被多家媒体转载。", False, ""),
    ],
)
def test_line_rules_behind_the_trigger_word_shortcut(text: str, top: bool, reason: str) -> None:
    from pagewash_server.pipeline.line_rules import line_chrome_reason

    assert line_chrome_reason(text, top=top) == reason


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("x = compute(y);", True),
        ("if (ready) {", True),
        ("  // a comment", True),
        ("# heading or comment", True),
        ("print(value)", True),
        ("A sentence (with an aside) ends here.", False),
        ("A plain line of prose.", False),
        ("", False),
        ("ends with equals =\u2003", True),
    ],
)
def test_code_lines_are_told_apart(text: str, code: bool) -> None:
    from pagewash_server.pipeline.chrome import _looks_like_code

    assert _looks_like_code(text) is code


@pytest.mark.parametrize(
    ("text", "notice"),
    [
        ("Copyright 2024 Example Media. All rights reserved.", True),
        ("Todos los derechos reservados.", True),
        ("Alle Rechte vorbehalten.", True),
        ("© 2024 Exemple Médias, tous droits réservés.", True),
        ("版权所有 2024", True),
        ("The rights of tenants were reserved for a later debate.", False),  # the stems, not the phrase
        ("The council met on Tuesday to discuss the new budget.", False),
    ],
)
def test_copyright_notices_are_told_without_running_every_rule(text: str, notice: bool) -> None:
    from pagewash_server.pipeline.line_rules import is_copyright_notice

    assert is_copyright_notice(text) is notice


@pytest.mark.timeout(60)  # a hang guard, not a speed target
def test_a_long_run_of_digits_before_a_counter_word_does_not_hang_the_line_rules() -> None:
    from pagewash_server.pipeline.line_rules import line_chrome_reason

    # A repeated group of digit runs backtracks exponentially on a line that almost matches (seconds at
    # 22 digits, days at 60); one run of counts is judged at once.
    for text in ("1" * 60 + " likes x", "1" * 60 + " gold badges x"):
        assert line_chrome_reason(text, top=False) == ""


def test_a_line_without_a_year_holds_no_date() -> None:
    from pagewash_server.pipeline.dates import search_date

    assert search_date("Posted on March 5 at 10:30") is None
    assert search_date("Posted on March 5, 2024 at 10:30") == ("2024-03-05T10:30", 10, 32)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Updated 2024-03-05, first published March 4, 2024", ("2024-03-05", 8, 18)),
        ("First published March 4, 2024; updated 2024-03-05", ("2024-03-04", 16, 29)),
        ("2021-02-30 was no day, but 2021-03-01 was", ("2021-03-01", 27, 37)),
        ("31.02.2024 or rather 01.03.2024", ("2024-03-01", 21, 31)),
    ],
)
def test_the_first_valid_date_wins_whatever_pattern_finds_it(
    text: str, expected: tuple[str, int, int]
) -> None:
    from pagewash_server.pipeline.dates import search_date

    assert search_date(text) == expected


def test_long_lines_reach_only_the_cookie_and_legal_rules() -> None:
    from pagewash_server.pipeline.line_rules import line_chrome_reason

    prose = "The harbour board met again on Monday to weigh the cost of the new pier. " * 6
    assert len(prose) > 400 and line_chrome_reason(prose, top=False) == ""
    cookies = "We use cookies to improve your experience and to measure traffic. " + prose
    assert line_chrome_reason(cookies[:590], top=False) == "chrome:cookies"
    legal = "By using this site you agree to our privacy policy and terms of use. " + prose
    assert len(legal[:480]) > 400 and line_chrome_reason(legal[:480], top=False) == "chrome:legal"
    assert line_chrome_reason(legal[:560], top=False) == ""  # legal lines stop at 500 characters


def test_a_long_consent_notice_goes_when_it_names_its_buttons() -> None:
    prose = "The harbour board met again on Monday to weigh the cost of the new pier. " * 12
    notice = "We and our partners use cookies to personalise ads and measure traffic. " + prose
    answer = " Select Accept all to agree, or manage your preferences at any time."
    blocks = _html_blocks(
        (PROSE[0], "paragraph", "good"),
        (PROSE[1], "paragraph", "good"),
        (notice[:900] + answer, "paragraph", "good"),
        # A policy's own paragraph about cookies, as long, names no button.
        (notice[:900], "paragraph", "good"),
        # Past the length where a banner ends, the rule does not look.
        (notice + prose + answer, "paragraph", "good"),
    )
    apply_chrome_rules(blocks, fmt="html", known=Metadata())
    assert _kept(blocks) == [PROSE[0], PROSE[1], notice[:900], notice + prose + answer]
    assert blocks[2].reason == "chrome:cookies"


@pytest.mark.parametrize(
    ("text", "header"),
    [
        ("Most Popular", True),
        ("Related stories", True),
        # A shop's recommendations.
        ("Customers who bought this item also bought", True),
        ("People who viewed this item also viewed", True),
        ("Similar items", True),
        ("Frequently bought together", True),
        ("Recently viewed", True),
        ("Similar to the ones above, these are larger", False),
        ("  Most Popular", False),  # the first word must open the line
        ("“Most Popular”", False),
        ("Mostly sunny today", False),
        ("", False),
    ],
)
def test_section_headers_open_with_their_word(text: str, header: bool) -> None:
    import re

    from pagewash_server.pipeline.chrome import _SECTION_FIRST_WORDS, _SECTION_HEADER, _is_section_header

    first = re.match(r"\w+", text.lower())
    expected = (
        first is not None
        and first.group() in _SECTION_FIRST_WORDS
        and bool(_SECTION_HEADER.match(text.strip()))
    )
    assert _is_section_header(text) is expected is header


@pytest.mark.parametrize(
    ("text", "header"),
    [
        ("Ähnliche Artikel", True),
        ("Читайте также:", True),
        ("Najczęściej czytane", True),
        ("関連記事", True),
        ("संबंधित खबरें", True),
        ("Bài viết liên quan »", True),
        ("Saistītie raksti", True),
        ("相关内容", True),
        ("Povezane vijesti", True),
        ("Lo más leído", True),
        ("เรื่องที่เกี่ยวข้อง", True),
        ("Lesen Sie auch die Berichte der Woche", False),  # a whole line, not the start of one
        ("Artículos relacionados con la reforma", False),
    ],
)
def test_section_headers_in_more_languages_are_whole_lines(text: str, header: bool) -> None:
    from pagewash_server.pipeline.chrome import _is_section_header

    assert _is_section_header(text) is header


def test_a_comment_header_in_another_language_cuts_the_comments() -> None:
    comments = [("Комментарии (2)", "short"), ("jane says:", "short"), (PROSE[1] + " Yes.", "good")]
    blocks = _dump(*PROSE, *comments)
    apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert _kept(blocks) == PROSE


@pytest.mark.parametrize(
    "header",
    ["Deja un comentario", "Comentar", "Kommentar schreiben", "Laisser un commentaire",
     "Оставить комментарий", "แสดงความคิดเห็น", "コメントを書く", "הוסף תגובה"],
)  # fmt: skip
def test_a_comment_forms_call_in_another_language_cuts_the_comments(header: str) -> None:
    comment = (PROSE[1] + " Yes, I agree.", "good")
    blocks = _dump(*PROSE, (header, "short"), comment)
    apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert _kept(blocks) == PROSE


def test_a_comment_forms_call_must_be_the_whole_line() -> None:
    line = ("Comentar es gratis y fácil de hacer hoy", "short")
    blocks = _dump(*PROSE, line, PROSE[1] + " Yes, I agree.")
    apply_chrome_rules(blocks, fmt="text", known=Metadata())
    assert _kept(blocks)[-1] == PROSE[1] + " Yes, I agree."


JAPANESE_PARAGRAPHS = [
    "政府は武装勢力が劣勢にあると繰り返し主張しているが、あるアナリストは北東部の村々で攻撃が今後も続くと見ていると話している",
    "【6月18日 AFP】ナイジェリア北東部ボルノ州で16日夜、自爆攻撃とロケット弾による攻撃があり、"
    "31人が死亡した。",
    "攻撃はボルノ州の町ダンボアで、断食月の終わりを祝う祭りの最中に起きたと地元の民兵指導者は話した。",
]


def test_a_section_header_above_the_article_does_not_take_sentences_of_scripts_without_spaces() -> None:
    # The headlines under a "most read" header run to the first sentence; in Japanese a sentence ends in
    # "。" (not "."), and a line of sixty characters without it is no headline either.
    for paragraphs in (JAPANESE_PARAGRAPHS, JAPANESE_PARAGRAPHS[1:]):
        blocks = _dump(("人気記事", "good"), *((paragraph, "good") for paragraph in paragraphs))
        apply_chrome_rules(blocks, fmt="text", known=Metadata(), language="ja")
        assert _reason(blocks, "人気記事") == "chrome:section"
        assert _kept(blocks) == paragraphs


def _sourced(*items: tuple[str, str, str, str]) -> list[Block]:
    """HTML blocks as (XPath, kind, class, text)."""
    return [
        Block(text=text, kind=kind, source=source, cf_class=cls, class_type=cls)
        for source, kind, cls, text in items
    ]


def test_linked_list_between_two_paragraphs_of_the_article_is_kept() -> None:
    article = "/html/body/div[2]/article"
    blocks = _sourced(
        (f"{article}/p[1]", "paragraph", "good", PROSE[0]),
        (f"{article}/ul/li[1]", "list_item", "bad", "11.1. Introduction"),
        (f"{article}/ul/li[2]", "list_item", "bad", "11.2. Index Types"),
        (f"{article}/p[2]", "paragraph", "good", PROSE[1]),
        ("/html/body/div[3]/ul/li[1]", "list_item", "bad", "Related: Mayor opens new bridge"),
    )
    apply_chrome_rules(blocks, fmt="html", known=Metadata())
    assert _kept(blocks) == [PROSE[0], "11.1. Introduction", "11.2. Index Types", PROSE[1]]


def test_linked_heading_right_above_kept_text_of_the_article_is_kept() -> None:
    listing = "/html/body/main/section"
    blocks = _sourced(
        (f"{listing}/p[1]", "paragraph", "good", PROSE[0]),
        (f"{listing}/article[1]/h3", "heading", "bad", "Night trains return to the valley"),
        (f"{listing}/article[1]/p", "paragraph", "good", PROSE[1]),
        (f"{listing}/article[2]/h3", "heading", "bad", "Read more stories"),
        (f"{listing}/article[2]/ul/li", "list_item", "bad", "More"),
        (f"{listing}/p[2]", "paragraph", "good", PROSE[2]),
    )
    apply_chrome_rules(blocks, fmt="html", known=Metadata())
    # The second heading stands above a link, not above kept text.
    assert _kept(blocks) == [PROSE[0], "Night trains return to the valley", PROSE[1], "More", PROSE[2]]


def test_list_between_paragraphs_of_different_containers_stays_out() -> None:
    blocks = _sourced(
        ("/html/body/div[2]/p", "paragraph", "good", PROSE[0]),
        ("/html/body/nav/ul/li[1]", "list_item", "bad", "Home"),
        ("/html/body/div[3]/p", "paragraph", "good", PROSE[1]),
    )
    apply_chrome_rules(blocks, fmt="html", known=Metadata())
    assert _kept(blocks) == [PROSE[0], PROSE[1]]  # their shared container is <body>


FILLER = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore."
)


@pytest.mark.parametrize("fmt", ["html", "text"])
@pytest.mark.parametrize("filler", [FILLER, FILLER.upper()])
def test_template_filler_is_not_article_text(fmt: str, filler: str) -> None:
    blocks = _html_blocks(
        (PROSE[0], "paragraph", "good"), (filler, "paragraph", "good"), (PROSE[1], "paragraph", "good")
    )
    apply_chrome_rules(blocks, fmt=fmt, known=Metadata())
    assert _kept(blocks) == PROSE[:2]
    assert _reason(blocks, filler) == "chrome:placeholder"


@pytest.mark.parametrize("fmt", ["html", "text"])
@pytest.mark.parametrize("heading", ["About the Author", "Über den Autor", "Об авторе"])
def test_an_author_box_below_the_article_goes(fmt: str, heading: str) -> None:
    later = "Harbour works: what happens next"
    blocks = _html_blocks(
        (PROSE[0], "paragraph", "good"),
        (PROSE[1], "paragraph", "good"),
        (heading, "heading", "good"),
        (BIO, "paragraph", "good"),
        (later, "heading", "good"),
        (PROSE[2], "paragraph", "good"),
    )
    apply_chrome_rules(blocks, fmt=fmt, known=Metadata())
    assert _reason(blocks, BIO) == "chrome:author-box"
    assert later in _kept(blocks) and PROSE[2] in _kept(blocks)  # the box ends at the next heading
