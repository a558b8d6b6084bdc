"""Tests of the language stage: the code ↔ stoplist table, cached stoplists and language detection."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

import justext
import pytest
from pagewash_server.pipeline import language
from pagewash_server.pipeline.document import normalize
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

    def lowered_words(self) -> list[str]:
        return self.text.lower().split()


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

# Close relatives (ca/es, cs/sk, gl/pt, ms/id, da/nb, bg/mk, uk/ru) and other scripts.
MORE_TEXTS: dict[str, str] = {
    "ca": (
        "L'ajuntament va anunciar dimarts que el nou pont no estarà acabat abans de final d'any, "
        "perquè l'empresa que el construeix s'ha quedat sense diners. Els veïns que viuen a prop del "
        "riu es queixen des de fa mesos del soroll, i molts d'ells diuen que mai no se'ls va "
        "preguntar res."
    ),
    "cs": (
        "Městská rada v úterý oznámila, že nový most nebude dokončen před koncem roku, protože "
        "společnosti, která ho staví, došly peníze. Obyvatelé, kteří žijí v blízkosti řeky, si už "
        "několik měsíců stěžují na hluk a mnozí z nich říkají, že se jich nikdo neptal."
    ),
    "sk": (
        "Mestská rada v utorok oznámila, že nový most nebude dokončený pred koncom roka, pretože "
        "spoločnosti, ktorá ho stavia, došli peniaze. Obyvatelia, ktorí žijú v blízkosti rieky, sa už "
        "niekoľko mesiacov sťažujú na hluk a mnohí z nich hovoria, že sa ich nikto nepýtal."
    ),
    "uk": (
        "Міська рада повідомила у вівторок, що новий міст не буде добудований до кінця року, тому що "
        "в компанії, яка його будує, закінчилися гроші. Мешканці, які живуть біля річки, вже багато "
        "місяців скаржаться на шум, і багато хто з них каже, що їх ніхто не питав."
    ),
    "hu": (
        "A városi tanács kedden bejelentette, hogy az új híd nem készül el az év vége előtt, mert az "
        "építő cégnek elfogyott a pénze. A folyó közelében élő lakosok hónapok óta panaszkodnak a "
        "zajra, és sokan közülük azt mondják, hogy soha nem kérdezték meg őket."
    ),
    "ro": (
        "Consiliul local a anunțat marți că noul pod nu va fi terminat înainte de sfârșitul anului, "
        "deoarece compania care îl construiește a rămas fără bani. Locuitorii care trăiesc lângă râu "
        "se plâng de luni de zile de zgomot și mulți dintre ei spun că nu au fost niciodată "
        "întrebați."
    ),
    "da": (
        "Byrådet meddelte tirsdag, at den nye bro ikke bliver færdig før årets udgang, fordi firmaet, "
        "der bygger den, er løbet tør for penge. Beboere, der bor nær floden, har i flere måneder "
        "klaget over støjen, og mange af dem siger, at de aldrig er blevet spurgt."
    ),
    "el": (
        "Το δημοτικό συμβούλιο ανακοίνωσε την Τρίτη ότι η νέα γέφυρα δεν θα ολοκληρωθεί πριν από το "
        "τέλος του έτους, επειδή η εταιρεία που την κατασκευάζει έμεινε χωρίς χρήματα. Οι κάτοικοι "
        "που ζουν κοντά στο ποτάμι παραπονιούνται εδώ και μήνες για τον θόρυβο."
    ),
    "vi": (
        "Hội đồng thành phố cho biết hôm thứ Ba rằng cây cầu mới sẽ không hoàn thành trước cuối năm, "
        "vì công ty xây dựng đã hết tiền. Những người dân sống gần con sông đã phàn nàn về tiếng ồn "
        "trong nhiều tháng, và nhiều người nói rằng họ chưa bao giờ được hỏi ý kiến."
    ),
    "ar": (
        "أعلن مجلس المدينة يوم الثلاثاء أن الجسر الجديد لن يكتمل قبل نهاية العام، لأن الشركة التي "
        "تبنيه نفدت أموالها. ويشتكي السكان الذين يعيشون بالقرب من النهر منذ أشهر من الضوضاء، ويقول "
        "كثير منهم إنه لم يسألهم أحد."
    ),
    "he": (
        "מועצת העיר הודיעה ביום שלישי כי הגשר החדש לא יושלם לפני סוף השנה, משום שלחברה שבונה אותו "
        "נגמר הכסף. התושבים שגרים ליד הנהר מתלוננים כבר חודשים על הרעש, ורבים מהם אומרים שאף אחד לא "
        "שאל אותם."
    ),
    "hi": (
        "नगर परिषद ने मंगलवार को कहा कि नया पुल साल के अंत से पहले पूरा नहीं होगा, क्योंकि इसे बनाने "
        "वाली कंपनी के पास पैसे खत्म हो गए हैं। नदी के पास रहने वाले लोग महीनों से शोर की शिकायत कर "
        "रहे हैं, और उनमें से कई का कहना है कि उनसे कभी पूछा नहीं गया।"
    ),
    "fa": (
        "شورای شهر روز سه‌شنبه اعلام کرد که پل جدید تا پایان سال تکمیل نخواهد شد، زیرا شرکتی که آن را "
        "می‌سازد پولش تمام شده است. ساکنانی که در نزدیکی رودخانه زندگی می‌کنند ماه‌هاست از سر و صدا "
        "شکایت دارند و بسیاری از آنها می‌گویند که هرگز از آنها پرسیده نشده است."
    ),
    "gl": (
        "O concello anunciou o martes que a nova ponte non estará rematada antes de que acabe o ano, "
        "porque a empresa que a constrúe quedou sen cartos. Os veciños que viven preto do río "
        "quéixanse dende hai meses do ruído, e moitos deles din que nunca se lles preguntou."
    ),
    "ms": (
        "Majlis bandaran berkata pada hari Selasa bahawa jambatan baharu itu tidak akan siap sebelum "
        "akhir tahun, kerana syarikat yang membinanya telah kehabisan wang. Penduduk yang tinggal "
        "berhampiran sungai telah mengadu tentang bunyi bising selama berbulan-bulan, dan ramai "
        "daripada mereka berkata bahawa mereka tidak pernah ditanya."
    ),
    "sr": (
        "Градско веће је у уторак саопштило да нови мост неће бити завршен пре краја године, јер је "
        "фирми која га гради нестало новца. Становници који живе у близини реке месецима се жале на "
        "буку, а многи од њих кажу да их нико никада није питао."
    ),
    "bg": (
        "Общинският съвет съобщи във вторник, че новият мост няма да бъде завършен преди края на "
        "годината, защото на фирмата, която го строи, са ѝ свършили парите. Жителите, които живеят "
        "близо до реката, от месеци се оплакват от шума и много от тях казват, че никой не ги е "
        "питал."
    ),
    "lt": (
        "Miesto taryba antradienį pranešė, kad naujasis tiltas nebus baigtas iki metų pabaigos, nes "
        "jį statančiai bendrovei baigėsi pinigai. Prie upės gyvenantys gyventojai jau kelis mėnesius "
        "skundžiasi triukšmu, ir daugelis jų sako, kad niekas jų niekada neklausė."
    ),
    "et": (
        "Linnavolikogu teatas teisipäeval, et uus sild ei valmi enne aasta lõppu, sest seda ehitaval "
        "ettevõttel on raha otsa saanud. Jõe lähedal elavad elanikud on juba kuid müra üle kurtnud ja "
        "paljud neist ütlevad, et neilt pole kunagi midagi küsitud."
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


@pytest.mark.parametrize("code", sorted(MORE_TEXTS))
def test_vote_tells_close_relatives_and_other_scripts_apart(code: str) -> None:
    assert detect_language(blocks(MORE_TEXTS[code])) == (code, "stoplist-vote")


@pytest.mark.parametrize("code", sorted(TEXTS))
def test_vote_reads_the_longest_blocks_not_the_menu(code: str) -> None:
    menu = ["Home", "About us", "Contact", "Sign in", "Search", "Privacy policy", "Terms of use"]
    assert detect_language(blocks(*menu, TEXTS[code], *menu)) == (code, "stoplist-vote")


def test_blocks_of_spaces_are_not_prose() -> None:
    padding = ["x" + " " * 600 + "y"] * 6  # uncollapsed whitespace must not pass for thousands of words
    assert detect_language(blocks(*padding, TEXTS["pt"])) == ("pt", "stoplist-vote")


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


SOMALI = (
    "Muqdisho waa caasimadda iyo magaalada ugu weyn dalka Soomaaliya. Magaaladu waxay ku taallaa xeebta "
    "Badweynta Hindiya, waxayna leedahay deked muhiim u ah ganacsiga gobolka. Dadka deggan magaalada "
    "waxay ku nool yihiin xaafado badan, suuqyaduna had iyo jeer way mashquulsan yihiin. Dowladda hoose "
    "waxay dhistay waddooyin cusub iyo iskuullo si ay u hagaajiso nolosha dadka reer magaalka ah."
)


def test_text_in_a_language_without_a_stoplist_is_undetermined() -> None:
    # English would be a wrong guess: its stoplist would find no stopwords and drop the whole article.
    assert detect_language(blocks(SOMALI)) == ("und", "default")
    assert stoplist("und") == frozenset()
    assert "und" in available_languages()


def test_gurmukhi_punjabi_is_found_by_script() -> None:
    text = "ਪੰਜਾਬ ਭਾਰਤ ਦਾ ਇੱਕ ਸੂਬਾ ਹੈ। ਇਸ ਦੀ ਰਾਜਧਾਨੀ ਚੰਡੀਗੜ੍ਹ ਹੈ ਅਤੇ ਇੱਥੇ ਦੇ ਲੋਕ ਪੰਜਾਬੀ ਬੋਲਦੇ ਹਨ।"
    assert detect_language(blocks(text)) == ("pa", "script")


def test_english_page_declared_japanese_is_english() -> None:
    assert detect_language(blocks(TEXTS["en"]), declared="ja") == ("en", "stoplist-vote")


def test_no_text_uses_the_declared_language_or_the_default() -> None:
    assert detect_language([], declared="it") == ("it", "declared")
    assert detect_language(blocks("", "")) == ("en", "default")
    assert detect_language(blocks("12345 67 — 89")) == ("en", "default")


# --- through normalize(): the declared language comes from <html lang> -----------------------------------


def article(paragraphs: list[str], lang: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    head = "<head><title>t</title></head>"
    return f'<!DOCTYPE html><html lang="{lang}">{head}<body><article>{body}</article></body></html>'


def test_german_page_declared_english_is_classified_with_the_german_stoplist() -> None:
    document = normalize(article([TEXTS["de"]] * 3, "en").encode("utf-8"))
    assert (document.diagnostics.language, document.diagnostics.language_source) == ("de", "stoplist-vote")
    assert document.metadata.language == "de"
    assert TEXTS["de"] in document.text


def test_declared_language_agreeing_with_the_page() -> None:
    document = normalize(article([TEXTS["pt"]] * 3, "pt-BR").encode("utf-8"))
    assert (document.diagnostics.language, document.diagnostics.language_source) == ("pt", "declared")


def test_shift_jis_page_is_japanese_by_script() -> None:
    text = (
        "東京は日本の首都であり、政治と経済の中心です。"
        "多くの人がこの街に住んでいて、毎日たくさんの電車が走っています。"
    )
    document = normalize(
        article([text] * 4, "").encode("shift_jis"), content_type="text/html; charset=Shift_JIS"
    )
    assert (document.diagnostics.encoding, document.diagnostics.encoding_source) == ("cp932", "content-type")
    assert (document.diagnostics.language, document.diagnostics.language_source) == ("ja", "script")


def test_language_hint_aliases_are_accepted() -> None:
    document = normalize(article([TEXTS["en"]], "en").encode("utf-8"), language="no")
    assert (document.diagnostics.language, document.diagnostics.language_source) == ("nb", "hint")


# --- detection: the fast paths equal their plain definitions ---------------------------------------------


def _reference_vote(words: list[str]) -> tuple[dict[str, float], int]:
    """vote() as first written: strip every word, count, add weight × capped count per language."""
    punctuation = language._TOKEN_PUNCTUATION
    index = language._stopword_index()
    counts = Counter(word.strip(punctuation) for word in words)
    found = {word: count for word, count in counts.items() if word in index}
    scores: dict[str, float] = {}
    distinct: Counter[str] = Counter()
    for word, count in found.items():
        for code, weight in index[word]:
            scores[code] = scores.get(code, 0.0) + weight * min(count, language._COUNT_CAP)
            distinct[code] += 1
    return {c: s for c, s in scores.items() if distinct[c] >= language._MIN_DISTINCT}, sum(found.values())


def test_vote_equals_the_reference_on_random_word_mixes() -> None:
    rng = random.Random(5)
    vocabulary = " ".join([*TEXTS.values(), *MORE_TEXTS.values()]).split()
    vocabulary += ["«the»", "(and", "der,", "—", "...", "“", "d.", "ΟΔΟΣ", "İstanbul", "'"]
    for _ in range(200):
        words = [rng.choice(vocabulary) for _ in range(rng.randrange(0, 400))]
        words = [word.upper() if rng.random() < 0.1 else word for word in words]
        lowered = [word.lower() for word in words]
        expected_scores, expected_hits = _reference_vote(lowered)
        scores, hits = language.vote(lowered)
        assert hits == expected_hits
        assert scores.keys() == expected_scores.keys()
        for code, score in scores.items():
            assert score == pytest.approx(expected_scores[code], rel=1e-12)
        # The shortcut for a declared language never lets it stand where the full vote would not.
        found = language._stopword_counts(lowered)
        full = language._scores(found)
        for declared in ("en", "de", "fr", "es", "nl", "fi", "sv", "hr", "bs", "la"):
            if language._declared_clearly_stands(found, declared):
                assert full[declared] >= language._DECLARED_MARGIN * max(full.values())


def test_script_ranges_are_disjoint() -> None:
    # The script counts remove each script's characters before counting the next.
    every_char = "".join(map(chr, range(0x30000)))
    per_script = sum(len(pattern.findall(every_char)) for _, pattern in language._SCRIPTS)
    union = len(language._NON_SCRIPT_RUN.sub("", every_char))  # what is left is every script's characters
    assert per_script == union


def _reference_script_language(sample: str) -> str | None:
    non_ascii = len(sample) - len(sample.encode("ascii", "ignore"))
    if non_ascii < language._NON_LATIN_SHARE * len(sample):
        return None
    letters = len(language._LETTER.findall(sample))
    if not letters:
        return None
    counts = {script: len(pattern.findall(sample)) for script, pattern in language._SCRIPTS}
    threshold = language._SCRIPT_SHARE * letters
    if counts["kana"] >= 0.05 * letters and counts["kana"] + counts["han"] >= threshold:
        return "ja"
    for script, count in counts.items():
        if script != "kana" and count >= threshold:
            return "zh" if script == "han" else script
    return None


def test_script_language_equals_the_reference_on_random_mixes() -> None:
    rng = random.Random(9)
    pieces = [
        "the cat ",
        "Кошка ",
        "ねこ",
        "猫",
        "고양이",
        "แมว",
        "ແມວ",
        "ឆ្មា",
        "ကြောင်",
        "ཞི་མི",
        "1234 ",
        "—",
        "é",
    ]
    for _ in range(300):
        sample = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 60)))
        assert language._script_language([sample]) == _reference_script_language(sample), sample


def test_declared_language_shortcut_is_taken_and_agrees_with_the_full_vote() -> None:
    # Taken where the language's stopwords are mostly its own; elsewhere the full vote decides.
    for code in ("en", "de", "fr", "nl"):
        assert language._declared_clearly_stands(language._stopword_counts(TEXTS[code].lower().split()), code)
    for code, text in TEXTS.items():
        found = language._stopword_counts(text.lower().split())
        if language._declared_clearly_stands(found, code):
            full = language._scores(found)
            assert full[code] >= language._DECLARED_MARGIN * max(full.values())
        assert detect_language(blocks(text), declared=code) == (code, "declared")
    # A declaration the text contradicts is never confirmed by the shortcut.
    found = language._stopword_counts(TEXTS["de"].lower().split())
    assert not language._declared_clearly_stands(found, "en")


def _reference_prose_first(texts: list[str]) -> list[str]:
    """_prose_first as first written: every block looked at, however short."""
    ordered = sorted(texts, key=len, reverse=True)
    prose: list[str] = []
    prose_words = tokens = 0
    for text in ordered:
        spaced = text.count(" ") + 1 if "  " not in text else len(text.split())
        words = len(text) // 2 if len(text) > 10 * spaced else spaced
        if words < language._PROSE_BLOCK_WORDS:
            continue
        prose.append(text)
        prose_words += words
        tokens += spaced
        if tokens >= language._SAMPLE_WORDS:
            break
    return prose if prose_words >= language._MIN_PROSE_WORDS else ordered


def test_prose_first_stops_at_short_blocks_with_the_same_result() -> None:
    rng = random.Random(21)
    alphabet = ["a", "b", " ", " ", "  ", "中", "\t", "é"]
    # The shortest prose block there can be is counted as prose.
    assert language._prose_first([" a b c d e f "] * 5 + ["menu"]) == [" a b c d e f "] * 5
    for _ in range(2000):
        texts = [
            "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
            for _ in range(rng.randrange(1, 30))
        ]
        assert language._prose_first(texts) == _reference_prose_first(texts), texts
