"""Tests of the language stage: the code ↔ stoplist table, cached stoplists and language detection."""

from __future__ import annotations

from dataclasses import dataclass

import justext
import pytest
from pagewash_server.pipeline.language import (
    SCRIPT_LANGUAGES,
    STOPLIST_NAMES,
    available_languages,
    detect_language,
    stoplist,
)


@dataclass
class Text:
    text: str


TEXTS: dict[str, str] = {
    "en": (
        "The council said on Tuesday that the new bridge would not be finished before the end of the year, "
        "because the company that was building it had run out of money. Residents who live near the river "
        "have complained for months about the noise, and many of them say they were never asked."
    ),
    "de": (
        "Der Stadtrat hat am Dienstag mitgeteilt, dass die neue Brücke nicht vor dem Ende des Jahres fertig "
        "wird, weil der Firma, die sie baut, das Geld ausgegangen ist. Die Anwohner, die in der Nähe des "
        "Flusses wohnen, beschweren sich seit Monaten über den Lärm und sagen, man habe sie nie gefragt."
    ),
    "fr": (
        "Le conseil municipal a annoncé mardi que le nouveau pont ne serait pas terminé avant la fin de "
        "l'année, car l'entreprise qui le construit n'a plus d'argent. Les habitants qui vivent près de la "
        "rivière se plaignent depuis des mois du bruit, et beaucoup disent qu'on ne leur a jamais demandé."
    ),
    "es": (
        "El ayuntamiento anunció el martes que el nuevo puente no estará terminado antes de que acabe el "
        "año, porque la empresa que lo construye se ha quedado sin dinero. Los vecinos que viven cerca del "
        "río se quejan desde hace meses del ruido, y muchos de ellos dicen que nunca se les preguntó."
    ),
    "it": (
        "Il consiglio comunale ha annunciato martedì che il nuovo ponte non sarà finito prima della fine "
        "dell'anno, perché la società che lo sta costruendo ha finito i soldi. Gli abitanti che vivono "
        "vicino al fiume si lamentano da mesi del rumore, e molti di loro dicono che non sono mai stati "
        "consultati."
    ),
    "pt": (
        "A câmara municipal anunciou na terça-feira que a nova ponte não ficará pronta antes do fim do ano, "
        "porque a empresa que a está a construir ficou sem dinheiro. Os moradores que vivem perto do rio "
        "queixam-se há meses do barulho, e muitos deles dizem que nunca foram consultados sobre a obra."
    ),
    "nl": (
        "De gemeenteraad heeft dinsdag gezegd dat de nieuwe brug niet voor het einde van het jaar klaar zal "
        "zijn, omdat het bedrijf dat hem bouwt geen geld meer heeft. Bewoners die in de buurt van de rivier "
        "wonen klagen al maanden over het lawaai, en veel van hen zeggen dat het hun nooit is gevraagd."
    ),
    "ru": (
        "Городской совет сообщил во вторник, что новый мост не будет достроен до конца года, потому что у "
        "компании, которая его строит, закончились деньги. Жители, которые живут рядом с рекой, уже много "
        "месяцев жалуются на шум, и многие из них говорят, что их никто не спрашивал."
    ),
    "pl": (
        "Rada miasta poinformowała we wtorek, że nowy most nie zostanie ukończony przed końcem roku, "
        "ponieważ firmie, która go buduje, skończyły się pieniądze. Mieszkańcy, którzy mieszkają w pobliżu "
        "rzeki, od miesięcy skarżą się na hałas i wielu z nich mówi, że nikt ich nie pytał o zdanie."
    ),
    "sv": (
        "Kommunfullmäktige meddelade på tisdagen att den nya bron inte kommer att bli klar före årets slut, "
        "eftersom företaget som bygger den har fått slut på pengar. Invånare som bor nära floden har i "
        "månader klagat på bullret, och många av dem säger att de aldrig har blivit tillfrågade."
    ),
    "fi": (
        "Kaupunginvaltuusto kertoi tiistaina, että uusi silta ei valmistu ennen vuoden loppua, koska sitä "
        "rakentavalta yhtiöltä ovat loppuneet rahat. Joen lähellä asuvat ihmiset ovat valittaneet melusta jo "
        "kuukausien ajan, ja monet heistä sanovat, ettei heiltä koskaan kysytty mitään."
    ),
    "id": (
        "Dewan kota mengatakan pada hari Selasa bahwa jembatan baru itu tidak akan selesai sebelum akhir "
        "tahun, karena perusahaan yang membangunnya sudah kehabisan uang. Warga yang tinggal di dekat sungai "
        "telah mengeluh selama berbulan-bulan tentang kebisingan, dan banyak dari mereka mengatakan bahwa "
        "mereka tidak pernah ditanya."
    ),
    "tr": (
        "Belediye meclisi salı günü yeni köprünün yıl sonundan önce bitmeyeceğini açıkladı, çünkü köprüyü "
        "inşa eden şirketin parası bitti. Nehrin yakınında yaşayan sakinler aylardır gürültüden şikayet "
        "ediyor ve birçoğu kendilerine hiçbir zaman sorulmadığını söylüyor."
    ),
}


def blocks(*texts: str) -> list[Text]:
    return [Text(t) for t in texts]


# --- the table and the stoplists ------------------------------------------------------------------------


def test_every_jusText_stoplist_has_a_code() -> None:
    names = set(justext.get_stoplists()) - {"Simple_English"}  # a reduced English, nothing of its own
    assert set(STOPLIST_NAMES.values()) == names
    assert len(STOPLIST_NAMES) == len(names)


def test_available_languages_are_the_stoplists_and_the_script_languages() -> None:
    langs = available_languages()
    assert set(STOPLIST_NAMES) <= langs
    assert {"zh", "ja", "th"} <= langs
    assert "ko" in STOPLIST_NAMES  # Korean has a jusText stoplist; words are space-separated
    assert "xx" not in langs


@pytest.mark.parametrize(("code", "name"), [("en", "English"), ("de", "German"), ("fi", "Finnish")])
def test_stoplist_is_jusTexts_and_is_loaded_once(code: str, name: str) -> None:
    assert stoplist(code) == justext.get_stoplist(name)
    assert stoplist(code) is stoplist(code)


def test_stoplist_accepts_regional_codes_and_aliases() -> None:
    assert stoplist("en-GB") is stoplist("en")
    assert stoplist("pt_BR") is stoplist("pt")
    assert stoplist("no") is stoplist("nb")


@pytest.mark.parametrize("code", sorted(SCRIPT_LANGUAGES))
def test_script_languages_have_an_empty_stoplist(code: str) -> None:
    assert stoplist(code) == frozenset()


def test_unknown_code_raises() -> None:
    with pytest.raises(KeyError):
        stoplist("xx")


# --- detection: stoplist vote ------------------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(TEXTS))
def test_vote_finds_the_language(code: str) -> None:
    assert detect_language(blocks(TEXTS[code])) == (code, "stoplist-vote")


@pytest.mark.parametrize("code", sorted(TEXTS))
def test_vote_reads_the_longest_blocks_not_the_menu(code: str) -> None:
    menu = ["Home", "About us", "Contact", "Sign in", "Search", "Privacy policy", "Terms of use"]
    assert detect_language(blocks(*menu, TEXTS[code], *menu)) == (code, "stoplist-vote")


def test_english_full_of_names_is_not_finnish() -> None:
    # The Finnish list holds ~100 English words and names (the, and, of, John, London, city, school, ...).
    text = (
        "John Williams of London won the race at the new city school, and David Brown of New York was "
        "second. James King, the British team coach, said the young runners from the university club "
        "will go to the national and international games in August, with George and Robert as reserves."
    )
    code, source = detect_language(blocks(text))
    assert (code, source) == ("en", "stoplist-vote")


def test_english_with_little_prose_is_not_a_rare_language() -> None:
    text = (
        "Recommended routes in the city - 6. Cypress Creek Trail, intermediate, 9.4 miles. Memorial Park "
        "loop, easy, 3 miles. East End village walk. West side river path of the university."
    )
    assert detect_language(blocks(text))[0] == "en"


def test_initials_do_not_vote() -> None:
    # "d." and "j." stand in several stoplists; in a results table they are initials of names.
    rows = [f"{name} d. {other} {a}-{b}" for name, other, a, b in [("J. Smith", "K. Jones", 6, 4)] * 12]
    text = " ".join(rows) + " The results of the matches on Friday and Saturday are below."
    assert detect_language(blocks(text), declared="en") == ("en", "declared")


# --- detection: declared language ------------------------------------------------------------------------


def test_declared_language_agreeing_with_the_text() -> None:
    assert detect_language(blocks(TEXTS["fr"]), declared="fr-FR") == ("fr", "declared")


def test_german_page_declared_english_is_german() -> None:
    assert detect_language(blocks(TEXTS["de"]), declared="en") == ("de", "stoplist-vote")


def test_english_page_declared_german_is_english() -> None:
    assert detect_language(blocks(TEXTS["en"]), declared="de") == ("en", "stoplist-vote")


def test_declared_language_stands_when_the_text_says_little() -> None:
    assert detect_language(blocks("Fotos", "Kontakt 2024"), declared="de") == ("de", "declared")


def test_declared_close_relative_stands() -> None:
    # Norwegian Bokmål and Danish share most function words: the page's own word decides between them.
    norwegian = (
        "Bystyret sa tirsdag at den nye broen ikke blir ferdig før slutten av året, fordi selskapet som "
        "bygger den har gått tom for penger. Beboere som bor i nærheten av elven har klaget på støyen i "
        "flere måneder, og mange av dem sier at de aldri ble spurt."
    )
    assert detect_language(blocks(norwegian), declared="nb") == ("nb", "declared")
    assert detect_language(blocks(norwegian), declared="no") == ("nb", "declared")


def test_unknown_declared_language_is_ignored() -> None:
    assert detect_language(blocks(TEXTS["es"]), declared="xx-YY") == ("es", "stoplist-vote")


# --- detection: scripts, hint, nothing -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("北京是中华人民共和国的首都，也是全国的政治和文化中心。这座城市有三千多年的历史。", "zh"),
        ("東京は日本の首都であり、政治と経済の中心です。多くの人がこの街に住んでいます。", "ja"),
        ("กรุงเทพมหานครเป็นเมืองหลวงของประเทศไทย และเป็นศูนย์กลางทางเศรษฐกิจของประเทศ", "th"),
        ("서울은 대한민국의 수도이며 정치와 경제의 중심지이다. 많은 사람들이 이 도시에 살고 있다.", "ko"),
    ],
)
def test_scripts_without_usable_stoplists(text: str, code: str) -> None:
    assert detect_language(blocks(text, "Home", "Login")) == (code, "script")
    assert detect_language(blocks(text), declared=code) == (code, "declared")


def test_chinese_page_declared_english_is_chinese() -> None:
    text = "北京是中华人民共和国的首都，也是全国的政治和文化中心。这座城市有三千多年的历史。"
    assert detect_language(blocks(text, "Home"), declared="en") == ("zh", "script")


def test_hint_wins_over_everything() -> None:
    assert detect_language(blocks(TEXTS["de"]), hint="fr", declared="de") == ("fr", "hint")
    assert detect_language(blocks(TEXTS["de"]), hint="pt-BR") == ("pt", "hint")


def test_no_text_uses_the_declared_language_or_the_default() -> None:
    assert detect_language([], declared="it") == ("it", "declared")
    assert detect_language(blocks("", "")) == ("en", "default")
    assert detect_language(blocks("12345 67 — 89")) == ("en", "default")
