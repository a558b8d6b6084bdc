"""Tests of the repair stage (ftfy): what is repaired, what is left alone, and repair through normalize()."""

from __future__ import annotations

import random
import re

import pytest
from ftfy.chardata import CHARMAP_ENCODINGS
from pagewash.types import Options
from pagewash_server.pipeline import repair
from pagewash_server.pipeline.blocks import Block
from pagewash_server.pipeline.document import normalize
from pagewash_server.pipeline.repair import (
    Repaired,
    might_need_repair,
    needs_document_repair,
    repair_blocks,
    repair_text,
)

DEFAULT = Options()


def mojibake(text: str, codec: str = "sloppy-windows-1252") -> str:
    """`text` as it looks when its UTF-8 bytes are read as `codec` (the common damage; ftfy's sloppy
    cp1252 keeps the five bytes cp1252 leaves undefined, as browsers do)."""
    return text.encode("utf-8").decode(codec)


FRENCH = "Le café était très agréable, à côté de l'église, où nous avons déjeuné."
RUSSIAN = "Городской совет сообщил во вторник, что новый мост не будет достроен до конца года."
GREEK = "Το δημοτικό συμβούλιο ανακοίνωσε την Τρίτη ότι η νέα γέφυρα δεν θα ολοκληρωθεί φέτος."
UKRAINIAN = "Міська рада повідомила у вівторок, що новий міст не буде добудований до кінця року, і її жителі"
CHINESE = "北京是中华人民共和国的首都，也是全国的政治和文化中心。"


# --- repair_text ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "clean",
    [FRENCH, RUSSIAN, GREEK, "“Quoted” – isn’t it… 5 €", "Straße, Größe, Ökonomie"],
    ids=["fr", "ru", "el", "punctuation", "de"],
)
def test_mojibake_is_repaired(clean: str) -> None:
    result = repair_text(mojibake(clean), DEFAULT)
    assert result == Repaired(clean, ("fix_encoding",))


def test_mojibake_read_as_latin1_with_c1_controls_is_repaired() -> None:
    result = repair_text(mojibake("“smart” quotes", "latin-1"), DEFAULT)
    assert result.text == "“smart” quotes"
    assert result.repairs


def test_double_mojibake_is_repaired() -> None:
    twice = mojibake(mojibake("café"))
    assert repair_text(twice, DEFAULT).text == "café"


def test_c1_control_characters_become_cp1252_characters() -> None:
    result = repair_text("It costs 5 \x80 and \x93more\x94", DEFAULT)
    assert result.text == "It costs 5 € and “more”"
    assert result.repairs == ("fix_c1_controls",)


def test_html_entities_left_in_text_are_unescaped_but_not_in_markup() -> None:
    assert repair_text("AT&amp;T and caf&eacute;", DEFAULT) == Repaired("AT&T and café", ("unescape_html",))
    markup = "<p>AT&amp;T</p>"
    assert repair_text(markup, DEFAULT) == Repaired(markup, ())


@pytest.mark.parametrize(
    "clean",
    [FRENCH, RUSSIAN, GREEK, UKRAINIAN, CHINESE, "plain ASCII text", "", "À propos: Ça va? Où? Ô!"],
)
def test_clean_text_is_untouched(clean: str) -> None:
    assert repair_text(clean, DEFAULT) == Repaired(clean, ())


def test_ascii_fast_path_returns_the_same_object() -> None:
    text = "Nothing to repair here, just ASCII words."
    assert repair_text(text, DEFAULT).text is text
    assert not might_need_repair(text, DEFAULT)


@pytest.mark.parametrize("clean", [FRENCH, CHINESE, GREEK, "Straße über Köln"])
def test_text_without_mojibake_candidates_skips_ftfy(clean: str) -> None:
    assert not might_need_repair(clean, DEFAULT)


@pytest.mark.parametrize("damaged", [mojibake(FRENCH), mojibake(RUSSIAN), "Ã cÃ´tÃ©", "5 \x80", "a&amp;b"])
def test_damaged_text_goes_to_ftfy(damaged: str) -> None:
    assert might_need_repair(damaged, DEFAULT)


# --- options: typography stays by default, changes on request -----------------------------------------------

TYPOGRAPHY = "“Curly” ‘quotes’, ＦＵＬＬ－ｗｉｄｔｈ，ｐｕｎｃｔｕａｔｉｏｎ and the ﬁne ligature"


def test_typography_stays_by_default() -> None:
    assert repair_text(TYPOGRAPHY, DEFAULT) == Repaired(TYPOGRAPHY, ())


def test_cjk_full_width_punctuation_stays_by_default() -> None:
    text = "你好，世界！（测试）"
    assert repair_text(text, DEFAULT) == Repaired(text, ())


@pytest.mark.parametrize(
    ("options", "expected", "step"),
    [
        (
            Options(uncurl_quotes=True),
            "\"Curly\" 'quotes', ＦＵＬＬ－ｗｉｄｔｈ，ｐｕｎｃｔｕａｔｉｏｎ and the ﬁne ligature",
            "uncurl_quotes",
        ),
        (
            Options(fix_character_width=True),
            "“Curly” ‘quotes’, FULL-width,punctuation and the ﬁne ligature",
            "fix_character_width",
        ),
        (
            Options(fix_latin_ligatures=True),
            "“Curly” ‘quotes’, ＦＵＬＬ－ｗｉｄｔｈ，ｐｕｎｃｔｕａｔｉｏｎ and the fine ligature",
            "fix_latin_ligatures",
        ),
    ],
)
def test_typographic_fixes_on_request(options: Options, expected: str, step: str) -> None:
    assert repair_text(TYPOGRAPHY, options) == Repaired(expected, (step,))


def test_nfc_by_default_and_other_forms_on_request() -> None:
    decomposed = "Cafe\u0301 cre\u0300me"
    assert repair_text(decomposed, DEFAULT) == Repaired("Café crème", ("normalize NFC",))
    assert repair_text(decomposed, Options(normalization="")) == Repaired(decomposed, ())
    assert repair_text("ﬁ ²", Options(normalization="NFKC")) == Repaired("fi 2", ("normalize NFKC",))
    assert repair_text("Café", Options(normalization="NFD")).text == "Cafe\u0301"


def test_one_config_per_distinct_options() -> None:
    assert repair._config_for(Options()) is repair._config_for(Options(length_low=10))
    assert repair._config_for(Options()) is not repair._config_for(Options(uncurl_quotes=True))


# --- needs_document_repair ----------------------------------------------------------------------------


@pytest.mark.parametrize("clean", [RUSSIAN, GREEK, UKRAINIAN, CHINESE], ids=["ru", "el", "uk", "zh"])
def test_whole_non_latin_page_double_encoded_needs_page_repair(clean: str) -> None:
    page = "<html><body>" + "".join(f"<p>{mojibake(clean)}</p>" for _ in range(20)) + "</body></html>"
    assert needs_document_repair(page)


def test_damaged_latin_accents_and_punctuation_are_left_to_the_blocks() -> None:
    # Stopwords still match ("le", "de", "the"), and block repair costs ftfy only where damage is.
    assert not needs_document_repair(mojibake(FRENCH * 10))
    assert not needs_document_repair(mojibake("It’s “quoted” — and so on. " * 40))


@pytest.mark.parametrize("clean", [FRENCH, RUSSIAN, GREEK, UKRAINIAN, CHINESE, "ascii only"])
def test_clean_pages_need_no_page_repair(clean: str) -> None:
    assert not needs_document_repair(f"<html><body><p>{clean * 30}</p></body></html>")


def test_light_damage_is_left_to_the_paragraphs() -> None:
    page = f"<title>{mojibake('Café')}</title>" + f"<p>{FRENCH}</p>" * 40
    assert not needs_document_repair(page)


def test_repair_blocks_repairs_in_place_and_keeps_link_share() -> None:
    damaged = Block(text=mojibake("Городской совет сообщил во вторник"), link_chars=10)
    clean = Block(text=FRENCH)
    ascii_block = Block(text="Home")
    steps = repair_blocks([damaged, clean, ascii_block], DEFAULT)
    assert steps == ("fix_encoding",)
    assert damaged.text == "Городской совет сообщил во вторник"
    assert damaged.link_chars == round(10 * len(damaged.text) / len(mojibake(damaged.text)))
    assert (clean.text, ascii_block.text) == (FRENCH, "Home")


def test_page_check_looks_at_a_bounded_sample_of_big_pages() -> None:
    damaged = "<p>" + mojibake(RUSSIAN) + "</p>"
    page = damaged * 5000  # ~1 MB: sampled from its start, middle and end
    assert needs_document_repair(page)
    assert not needs_document_repair("<p>" + RUSSIAN + "</p>" * 5000)


# --- through normalize(): kept paragraphs, titles and metadata ---------------------------------------------

ARTICLE = [
    "Le conseil municipal a annoncé mardi que le nouveau pont ne serait pas terminé avant la fin de "
    "l'année, car l'entreprise qui le construit n'a plus d'argent pour payer ses ouvriers et ses "
    "fournisseurs.",
    "Les habitants qui vivent près de la rivière se plaignent depuis des mois du bruit des machines, et "
    "beaucoup d'entre eux disent qu'on ne leur a jamais demandé leur avis sur ce projet très coûteux.",
    "Le maire a promis une réunion publique à l'école du quartier, où chacun pourra poser ses questions "
    "aux ingénieurs et aux élus, mais la date de cette réunion n'a pas encore été fixée par la mairie.",
]
TITLE = "Le pont de la rivière ne sera pas prêt cette année"
AUTHOR = "Hélène Côté"
DESCRIPTION = "Le chantier du pont s'arrête : l'entreprise n'a plus d'argent."


def html_page(paragraphs: list[str], title: str, author: str, description: str, lang: str = "fr") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta name="author" content="{author}"><meta name="description" content="{description}">'
        f'<meta property="og:title" content="{title}"></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def test_mojibake_in_kept_paragraphs_title_and_metadata_is_repaired_end_to_end() -> None:
    damaged = html_page(
        [mojibake(p) for p in ARTICLE], mojibake(TITLE), mojibake(AUTHOR), mojibake(DESCRIPTION)
    )
    document = normalize(damaged.encode("utf-8"))
    assert document.text == "\n\n".join(ARTICLE)
    assert document.metadata.title == TITLE
    assert document.metadata.description == DESCRIPTION
    assert AUTHOR in document.metadata.authors
    assert "fix_encoding" in document.diagnostics.repairs
    assert document.diagnostics.language == "fr"


def test_one_damaged_paragraph_among_clean_ones_is_repaired() -> None:
    paragraphs = [ARTICLE[0], mojibake(ARTICLE[1]), ARTICLE[2]]
    document = normalize(html_page(paragraphs, TITLE, AUTHOR, DESCRIPTION).encode("utf-8"))
    assert document.text == "\n\n".join(ARTICLE)
    assert document.diagnostics.repairs == ("fix_encoding",)


def test_clean_page_reports_no_repairs() -> None:
    document = normalize(html_page(ARTICLE, TITLE, AUTHOR, DESCRIPTION).encode("utf-8"))
    assert document.text == "\n\n".join(ARTICLE)
    assert document.diagnostics.repairs == ()


def test_page_declared_latin1_holding_utf8_is_not_mojibake() -> None:
    page = html_page(ARTICLE, TITLE, AUTHOR, DESCRIPTION).replace('charset="utf-8"', 'charset="iso-8859-1"')
    document = normalize(page.encode("utf-8"), content_type="text/html; charset=ISO-8859-1")
    assert document.text == "\n\n".join(ARTICLE)
    assert document.diagnostics.encoding == "utf-8"
    assert document.diagnostics.repairs == ()


def test_whole_page_double_encoded_is_repaired_before_language_detection() -> None:
    russian = [
        "Городской совет сообщил во вторник, что новый мост не будет достроен до конца года, потому что у "
        "компании, которая его строит, закончились деньги на оплату рабочих и поставщиков.",
        "Жители, которые живут рядом с рекой, уже много месяцев жалуются на шум, и многие из них говорят, "
        "что их никто не спрашивал о том, нужен ли этот дорогой проект их району.",
        "Мэр обещал провести общественное собрание в школе, где каждый сможет задать вопросы инженерам и "
        "депутатам, но дата этого собрания пока не назначена, и жители ждут ответа.",
    ]
    title = "Новый мост не будет готов в этом году"
    damaged = html_page([mojibake(p) for p in russian], mojibake(title), "", "", lang="en")
    document = normalize(damaged.encode("utf-8"))
    assert document.diagnostics.language == "ru"
    assert document.text == "\n\n".join(russian)
    assert document.metadata.title == title
    assert "fix_encoding" in document.diagnostics.repairs


def test_mojibake_in_a_text_dump_is_repaired() -> None:
    dump = "\n\n".join(mojibake(p) for p in ARTICLE) + "\n"
    document = normalize(dump.encode("utf-8"), format="text", language="fr")
    assert document.text == "\n\n".join(ARTICLE)
    assert "fix_encoding" in document.diagnostics.repairs


def test_typography_options_reach_the_output() -> None:
    quoted = [p.replace("l'année", "l’année").replace("avis", "« avis »") for p in ARTICLE]
    page = html_page(quoted, TITLE, AUTHOR, DESCRIPTION).encode("utf-8")
    kept = normalize(page)
    uncurled = normalize(page, options=Options(uncurl_quotes=True))
    assert "l’année" in kept.text
    assert "l'année" in uncurled.text
    assert "uncurl_quotes" in uncurled.diagnostics.repairs


def test_ligatures_and_width_stay_by_default_and_fold_on_request_end_to_end() -> None:
    styled = [p.replace("fin de", "ﬁn de").replace("mardi", "ｍａｒｄｉ") for p in ARTICLE]
    page = html_page(styled, TITLE, AUTHOR, DESCRIPTION).encode("utf-8")
    kept = normalize(page)
    folded = normalize(page, options=Options(fix_latin_ligatures=True, fix_character_width=True))
    assert "ﬁn de" in kept.text and "ｍａｒｄｉ" in kept.text
    assert folded.text == "\n\n".join(ARTICLE)
    assert {"fix_latin_ligatures", "fix_character_width"} <= set(folded.diagnostics.repairs)


# --- the fast checks equal their plain definitions ---------------------------------------------------------


def _reference_mojibake_pattern() -> re.Pattern[str]:
    """The candidate check as first written: an alternation guarded by a lookahead."""
    alternatives: list[str] = []
    for encoding in CHARMAP_ENCODINGS:
        continuation = f"[{re.escape(bytes(range(0x80, 0xC0)).decode(encoding, errors='ignore'))}]"
        for first, last, followers in ((0xC2, 0xDF, 1), (0xE0, 0xEF, 2), (0xF0, 0xF4, 3)):
            lead = bytes(range(first, last + 1)).decode(encoding, errors="ignore")
            alternatives.append(f"[{re.escape(lead)}]{continuation}{{{followers}}}")
    return re.compile("|".join(alternatives))


_REFERENCE_OTHER_DAMAGE = re.compile(
    r"[\x80-\x9f]|[ÂÃÅÎÐÙ] |&[#A-Za-z0-9]+;?|[\r\u2028\u2029]|[\x00-\x08\x0b\x0e-\x1f\x7f\ufeff\ufff9-\ufffd]"
)


def test_damage_checks_find_what_their_plain_patterns_find() -> None:
    reference_mojibake = _reference_mojibake_pattern()
    rng = random.Random(13)
    # Clean text and its misreadings in several charsets, cut at random places and mixed.
    sources = [FRENCH, RUSSIAN, GREEK, CHINESE, "Ã cÃ´tÃ© &amp; \r\x80 \ufeff 5 € – “x”"]
    pieces = [*sources, *(mojibake(s) for s in sources[:4]), mojibake(RUSSIAN, "sloppy-windows-1251")]
    for _ in range(500):
        text = "".join(
            piece[start : start + rng.randrange(1, 12)]
            for piece in rng.choices(pieces, k=rng.randrange(1, 6))
            for start in [rng.randrange(len(piece))]
        )
        assert bool(repair._MOJIBAKE.search(text)) == bool(reference_mojibake.search(text)), text
        assert bool(repair._OTHER_DAMAGE.search(text)) == bool(_REFERENCE_OTHER_DAMAGE.search(text)), text


@pytest.mark.parametrize(
    "text",
    [
        FRENCH,
        mojibake(FRENCH),
        mojibake(RUSSIAN) * 3,
        RUSSIAN,
        mojibake(GREEK) * 4,
        "ascii only",
        "x" * 200_000 + mojibake(UKRAINIAN) * 40,
    ],
)
def test_page_check_on_the_pages_bytes_agrees_with_the_text_check(text: str) -> None:
    # Given the page's UTF-8 bytes, a page without the byte 0xC3 is cleared at once; the verdict is the same.
    assert needs_document_repair(text, utf8=text.encode("utf-8")) == needs_document_repair(text)


def test_repair_blocks_drops_words_split_from_the_damaged_text() -> None:
    damaged = Block(text=mojibake("Le café est très bon"))
    stale = damaged.lowered_words()
    repair_blocks([damaged], DEFAULT)
    assert damaged.lowered_words() == ["le", "café", "est", "très", "bon"] != stale
