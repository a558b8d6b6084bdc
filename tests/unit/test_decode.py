"""Tests of the decode stage: BOMs, declarations, contradicted declarations, detection, binary content."""

from __future__ import annotations

import codecs
import gzip
import random
import re
import struct
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pagewash_server.pipeline import decode as decode_module
from pagewash_server.pipeline.decode import Decoded, decode
from pagewash_server.pipeline.errors import UndecodableContentError

FRENCH = "Le café était très agréable, à côté de l'église. Où êtes-vous allés cet été ? Ça coûte 5 €."
GERMAN = "Die Straße führt über den Fluß. Größere Häuser stehen am Ufer – „Grüße“ aus Köln."
SPANISH = "¿Dónde está el niño? ¡Qué año más extraño! La señora pidió café y jamón."
RUSSIAN = "Привет, как дела? Это тестовый текст на русском языке для проверки определения кодировки."
GREEK = "Αυτό είναι ένα ελληνικό κείμενο για τον έλεγχο της κωδικοποίησης χαρακτήρων."
JAPANESE = "これは日本語のテキストです。文字コードの判定をテストしています。東京は日本の首都です。"
CHINESE = "这是一个中文文本，用于测试字符编码的检测。北京是中国的首都。"
KOREAN = "이것은 한국어 텍스트입니다. 문자 인코딩 감지를 테스트합니다. 서울은 한국의 수도입니다."
ARABIC = (
    "أعلنت بلدية القاهرة يوم الثلاثاء أنها ستستثمر خمسة مليارات جنيه خلال السنوات الثلاث المقبلة لتحسين نظام "
    "النقل العام في المدينة، وقال مدير إدارة المرور إن هدف الخطة هو تقليص وقت تنقل المواطنين في ساعات الذروة."
)
HEBREW = "זהו טקסט בעברית לבדיקת זיהוי קידוד תווים. ירושלים היא עיר הבירה."
POLISH = "Zażółć gęślą jaźń. Łódź jest dużym miastem w środkowej Polsce, słynie z przemysłu."
POLISH_LONG = (
    "Łódź jest trzecim co do wielkości miastem w Polsce. Miasto słynęło z przemysłu włókienniczego, "
    "który rozwijał się w XIX wieku. Obecnie jest ważnym ośrodkiem akademickim."
)
CZECH = (
    "Praha je hlavní a současně největší město České republiky. Žije zde přibližně 1,3 milionu obyvatel, "
    "kteří jsou hrdí na své historické centrum."
)
CZECH_WESTERN_LOOKING = (  # no š or ž, which cp1252 has at the same bytes
    "Před domem stojí velký strom. Děti si pod ním hrají a večer se tam scházejí sousedé, aby si "
    "povídali o tom, co se přes den stalo v městě."
)
TURKISH = (
    "Türkiye'nin en büyük şehri olan İstanbul, tarihi boyunca birçok medeniyete ev sahipliği yapmıştır. "
    "Şehir, Avrupa ile Asya arasında bulunduğu için çok önemli bir konuma sahiptir."
)


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>t</title></head><body><p>{body}</p></body></html>"


# --- BOMs -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bom", "codec", "expected_encoding"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    ],
)
def test_bom_decides_and_is_removed(bom: bytes, codec: str, expected_encoding: str) -> None:
    html = page(FRENCH)
    decoded = decode(bom + html.encode(codec))
    assert decoded == Decoded(html, expected_encoding, "bom")


def test_bom_beats_a_contradicting_content_type() -> None:
    html = page(RUSSIAN)
    decoded = decode(codecs.BOM_UTF8 + html.encode("utf-8"), "text/html; charset=windows-1251")
    assert (decoded.text, decoded.source) == (html, "bom")


# --- UTF-16/32 without a BOM --------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("text", [FRENCH, RUSSIAN, GREEK, JAPANESE], ids=["fr", "ru", "el", "ja"])
def test_wide_unicode_without_bom_is_sniffed(codec: str, text: str) -> None:
    html = page(text)
    decoded = decode(html.encode(codec))
    assert decoded == Decoded(html, codec, "detector")


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-16le", ""])
def test_utf16_with_lone_surrogates_decodes_with_replacement_characters(content_type: str) -> None:
    html = page(GERMAN)
    lone_high, lone_low = struct.pack("<H", 0xD800), struct.pack("<H", 0xDC00)
    cut = html.index("<p>") + 3
    content = html[:cut].encode("utf-16-le") + lone_high + html[cut:].encode("utf-16-le") + lone_low
    decoded = decode(content, content_type)
    assert decoded.encoding == "utf-16-le"
    assert decoded.text.replace("\ufffd", "") == html


def test_charset_label_with_a_nul_is_ignored() -> None:
    html = page(FRENCH)
    assert decode(html.encode("utf-8"), "text/html; charset=latin1\x00utf-8") == Decoded(
        html, "utf-8", "utf-8"
    )


def test_wide_unicode_declared_by_the_caller_uses_the_sniffed_byte_order() -> None:
    html = page(GERMAN)
    decoded = decode(html.encode("utf-16-be"), "text/html; charset=UTF-16")
    assert decoded == Decoded(html, "utf-16-be", "content-type")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_caller_declared_utf16_without_ascii_uses_the_plausible_byte_order(codec: str) -> None:
    text = JAPANESE * 3  # no ASCII, so no NUL bytes to sniff
    decoded = decode(text.encode(codec), "text/plain; charset=utf-16")
    assert decoded == Decoded(text, codec, "content-type")


def test_caller_declaring_utf16_for_a_utf8_page_is_contradicted() -> None:
    html = page(FRENCH)
    assert decode(html.encode("utf-8"), "text/html; charset=utf-16") == Decoded(html, "utf-8", "utf-8")


def test_meta_declaring_utf16_in_an_ascii_readable_page_is_ignored() -> None:
    # WHATWG: a <meta> that could be read as ASCII cannot be in UTF-16.
    html = page(FRENCH, '<meta charset="utf-16">')
    decoded = decode(html.encode("utf-8"))
    assert decoded == Decoded(html, "utf-8", "utf-8")


# --- declarations ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "text", "codec", "expected_encoding"),
    [
        ("text/html; charset=windows-1252", FRENCH, "cp1252", "cp1252"),
        ("text/html; charset=ISO-8859-1", SPANISH, "latin-1", "cp1252"),  # WHATWG: latin-1 means cp1252
        ('text/html;charset="koi8-r"', RUSSIAN, "koi8-r", "koi8-r"),
        ("text/html; charset=Shift_JIS", JAPANESE, "shift_jis", "cp932"),
        ("text/html; charset=euc-kr", KOREAN, "euc-kr", "cp949"),
        ("text/html; charset=gb2312", CHINESE, "gb2312", "gb18030"),
        ("text/html; charset=windows-1253", GREEK, "cp1253", "cp1253"),
        ("text/html; charset=iso-8859-8", HEBREW, "iso-8859-8", "iso8859-8"),
        ("text/html; charset=iso-8859-2", POLISH, "iso-8859-2", "iso8859-2"),
    ],
)
def test_content_type_charset(content_type: str, text: str, codec: str, expected_encoding: str) -> None:
    html = page(text)
    decoded = decode(html.encode(codec), content_type)
    assert decoded == Decoded(html, expected_encoding, "content-type")


def test_latin1_declaration_decodes_cp1252_punctuation() -> None:
    # Pages labelled ISO-8859-1 are written in cp1252: bytes 0x80-0x9f are curly quotes and dashes.
    html = page("“Quoted” – and the price is 5 €")
    decoded = decode(html.encode("cp1252"), "text/html; charset=iso-8859-1")
    assert decoded.text == html


def test_us_ascii_declaration_with_high_bytes_is_cp1252() -> None:
    html = page(GERMAN)
    assert decode(html.encode("cp1252"), "text/plain; charset=us-ascii").text == html


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="Shift_JIS">',
        "<meta charset=shift_jis>",
        '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">',
        "<META HTTP-EQUIV='content-type' CONTENT='text/html;charset=sjis'>",
    ],
)
def test_meta_charset(meta: str) -> None:
    html = page(JAPANESE, meta)
    decoded = decode(html.encode("shift_jis"))
    assert decoded == Decoded(html, "cp932", "meta")


def test_xml_declaration() -> None:
    xml = f'<?xml version="1.0" encoding="windows-1251"?><html><body><p>{RUSSIAN}</p></body></html>'
    decoded = decode(xml.encode("cp1251"))
    assert decoded == Decoded(xml, "cp1251", "xml-declaration")


def test_content_type_beats_meta() -> None:
    html = page(RUSSIAN, '<meta charset="koi8-r">')
    decoded = decode(html.encode("cp1251"), "text/html; charset=windows-1251")
    assert decoded == Decoded(html, "cp1251", "content-type")


def test_meta_beyond_the_scanned_head_is_not_seen() -> None:
    html = page(GERMAN, "<!--" + "x" * 5000 + '--><meta charset="koi8-r">')
    decoded = decode(html.encode("cp1252"))
    assert decoded.source != "meta"
    assert decoded.text == html


@pytest.mark.parametrize(
    ("label", "text", "codec", "expected_encoding"),
    [
        ("windows-31j", JAPANESE, "cp932", "cp932"),
        ("x-sjis", JAPANESE, "shift_jis", "cp932"),
        ("ks_c_5601-1987", KOREAN, "euc-kr", "cp949"),
        ("windows-949", KOREAN, "euc-kr", "cp949"),
        ("x-gbk", CHINESE, "gbk", "gb18030"),
        ("x-cp1251", RUSSIAN, "cp1251", "cp1251"),
        ("iso-8859-8-i", HEBREW, "iso-8859-8", "iso8859-8"),
        ("x-mac-roman", FRENCH, "mac-roman", "mac-roman"),
    ],
)
def test_whatwg_labels_python_does_not_know(
    label: str, text: str, codec: str, expected_encoding: str
) -> None:
    html = page(text, f'<meta charset="{label}">')
    assert decode(html.encode(codec)) == Decoded(html, expected_encoding, "meta")


@pytest.mark.parametrize("label", ["no-such-charset", "base64", "utf-7", ""])
def test_unknown_or_refused_charset_labels_are_ignored(label: str) -> None:
    html = page(FRENCH, f'<meta charset="{label}">')
    decoded = decode(html.encode("utf-8"), f"text/html; charset={label}")
    assert decoded == Decoded(html, "utf-8", "utf-8")


# --- declarations the bytes contradict --------------------------------------------------------------------


@pytest.mark.parametrize("declared", ["iso-8859-1", "windows-1252", "windows-1251", "shift_jis", "us-ascii"])
def test_declared_legacy_charset_but_bytes_are_utf8(declared: str) -> None:
    html = page(FRENCH + " " + RUSSIAN)
    by_header = decode(html.encode("utf-8"), f"text/html; charset={declared}")
    by_meta = decode(page(FRENCH + " " + RUSSIAN, f'<meta charset="{declared}">').encode("utf-8"))
    assert by_header == Decoded(html, "utf-8", "utf-8")
    assert (by_meta.encoding, by_meta.source) == ("utf-8", "utf-8")
    assert "Ã" not in by_meta.text and "Ð" not in by_meta.text


def test_declared_legacy_charset_but_bytes_are_utf8_with_a_stray_byte() -> None:
    body = (FRENCH + " " + RUSSIAN + " ") * 5
    content = page(body, '<meta charset="windows-1252">').encode("utf-8").replace(b"</p>", b" caf\xe9</p>")
    decoded = decode(content)
    assert (decoded.encoding, decoded.source) == ("utf-8", "utf-8")
    assert body + " café" in decoded.text


def test_declared_utf8_but_bytes_are_cp1252() -> None:
    html = page(FRENCH + " " + GERMAN, '<meta charset="utf-8">')
    decoded = decode(html.encode("cp1252"), "text/html; charset=utf-8")
    assert decoded.text == html
    assert decoded.encoding == "cp1252"
    assert decoded.source == "detector"


def test_declared_utf8_but_bytes_are_cp1251() -> None:
    text = RUSSIAN + " " + RUSSIAN.upper()
    html = page(text, '<meta charset="utf-8">')
    decoded = decode(html.encode("cp1251"))
    assert decoded.text == html
    assert (decoded.encoding, decoded.source) == ("cp1251", "detector")


def test_utf8_page_with_a_few_stray_cp1252_bytes_keeps_both_right() -> None:
    body = (FRENCH + " " + RUSSIAN + " ") * 5
    content = page(body).encode("utf-8").replace(b"</p>", b" \x93quoted\x94 caf\xe9</p>")
    decoded = decode(content)
    assert decoded.encoding == "utf-8"
    assert body in decoded.text
    assert "“quoted” café" in decoded.text


def test_declared_multibyte_charset_the_bytes_are_not_in_falls_through() -> None:
    html = page(JAPANESE)
    decoded = decode(html.encode("euc-jp"), "text/html; charset=big5")
    assert decoded.text == html
    assert decoded.source == "detector"


# --- no declaration ---------------------------------------------------------------------------------------


def test_ascii_is_utf8() -> None:
    assert decode(b"<p>plain text</p>") == Decoded("<p>plain text</p>", "utf-8", "utf-8")


@pytest.mark.parametrize(
    ("text", "codec", "expected_encoding"),
    [
        (FRENCH, "cp1252", "cp1252"),
        (SPANISH, "latin-1", "cp1252"),
        (GERMAN, "cp1252", "cp1252"),
        (RUSSIAN, "cp1251", "cp1251"),
        (RUSSIAN, "koi8-r", "koi8-r"),
        (GREEK, "cp1253", "cp1253"),
        (JAPANESE, "shift_jis", "cp932"),
        (JAPANESE, "euc-jp", "euc_jp"),
        (CHINESE, "gb18030", "gb18030"),
        (KOREAN, "euc-kr", "cp949"),
        (HEBREW, "cp1255", "cp1255"),
        (POLISH, "cp1250", "cp1250"),
        # Relatives a statistical detector confuses; the stopwords of the right reading settle them.
        (POLISH_LONG, "iso-8859-2", "iso8859-2"),
        (CZECH, "iso-8859-2", "iso8859-2"),
        (CZECH, "cp1250", "cp1250"),
        (CZECH_WESTERN_LOOKING, "cp1250", "cp1250"),  # ř, č, ě, ů read as cp1252 are ø, è, ì, ù
        (TURKISH, "cp1254", "cp1254"),
        (TURKISH, "iso-8859-9", "cp1254"),
        (ARABIC, "cp1256", "cp1256"),
        (ARABIC, "iso-8859-6", "iso8859-6"),
        (JAPANESE, "iso-2022-jp", "iso2022_jp"),  # 7-bit: valid UTF-8 bytes, told by its escapes
    ],
)
def test_undeclared_legacy_charsets_are_detected(text: str, codec: str, expected_encoding: str) -> None:
    html = page(text)
    decoded = decode(html.encode(codec))
    assert decoded == Decoded(html, expected_encoding, "detector")


def test_iso_2022_jp_escapes_outweigh_a_utf8_declaration_but_not_their_own() -> None:
    html = page(JAPANESE)
    wrong = html.replace("<head>", '<head><meta charset="utf-8">').encode("iso-2022-jp")
    assert decode(wrong).encoding == "iso2022_jp" and "東京" in decode(wrong).text
    right = decode(html.encode("iso-2022-jp"), "text/html; charset=ISO-2022-JP")
    assert (right.encoding, right.source) == ("iso2022_jp", "content-type")


def test_bytes_no_detector_can_place_fall_back_to_cp1252() -> None:
    content = b"<p>" + bytes(range(0x80, 0x100)) + b"</p>"
    decoded = decode(content)
    assert decoded.source in ("detector", "fallback")
    assert len(decoded.text) == len(content)  # every byte became one character, none was lost


# --- NUL bytes and binary content ------------------------------------------------------------------------


def test_nul_bytes_inside_text_are_stripped() -> None:
    html = page(FRENCH)
    content = html.encode("utf-8").replace(b"<p>", b"<p>\x00").replace(b"</p>", b"\x00\x00</p>")
    decoded = decode(content)
    assert decoded.text == html


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "PNG image"),
        (gzip.compress(b"<html>compressed</html>"), "gzip archive"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(40), "ZIP archive"),
        (b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "GIF image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG image"),
        (b"\x7fELF\x02\x01\x01" + bytes(32), "ELF executable"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "RIFF WEBP"),
    ],
)
def test_binary_signatures_are_rejected_with_their_kind(content: bytes, kind: str) -> None:
    with pytest.raises(UndecodableContentError, match=f"binary data \\({kind}\\)"):
        decode(content)


def test_control_heavy_bytes_are_rejected() -> None:
    content = zlib.compress(bytes(range(256)) * 8)[:2] + bytes((i * 7) % 32 for i in range(512))
    with pytest.raises(UndecodableContentError, match="control bytes"):
        decode(content)


def test_binary_error_names_the_content_field() -> None:
    with pytest.raises(UndecodableContentError) as caught:
        decode(b"%PDF-1.4\n")
    assert caught.value.field == "content"
    assert str(caught.value).startswith("content: ")


# --- scale -------------------------------------------------------------------------------------------------


def test_large_inputs_decode_whole() -> None:
    # Declarations and detection look at bounded samples, but every byte is decoded.
    body = (FRENCH + "\n") * 40_000
    decoded = decode(page(body).encode("cp1252"))
    assert decoded.encoding == "cp1252"
    assert decoded.text.count("église") == 40_000


# --- any bytes -------------------------------------------------------------------------------------------

SOURCES = {"bom", "content-type", "meta", "xml-declaration", "utf-8", "detector", "fallback"}


@settings(max_examples=300, deadline=None)
@given(
    content=st.binary(min_size=1, max_size=600),
    charset=st.sampled_from(["", "utf-8", "iso-8859-1", "shift_jis", "utf-16", "koi8-r", "bogus"]),
)
def test_any_bytes_decode_or_are_refused_as_binary(content: bytes, charset: str) -> None:
    content_type = f"text/html; charset={charset}" if charset else ""
    try:
        decoded = decode(content, content_type)
    except UndecodableContentError as error:
        assert "binary data" in str(error)
        return
    assert "\x00" not in decoded.text
    assert decoded.source in SOURCES
    assert decoded.encoding


@settings(max_examples=200, deadline=None)
@given(text=st.text(st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\n\t"), max_size=300))
def test_any_text_in_utf8_comes_back_unchanged(text: str) -> None:
    if not text or text.startswith("\ufeff"):
        return
    assert decode(text.encode("utf-8")).text == text


def test_nul_bytes_in_a_page_declared_utf8_are_stripped() -> None:
    html = page(FRENCH).replace("<head>", '<head><meta charset="utf-8">')
    content = html.encode("utf-8").replace(b"<p>", b"<p>\x00")
    decoded = decode(content)
    assert (decoded.text, decoded.source) == (html, "meta")


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.characters(exclude_categories=["Cs", "Cc"]), max_size=200))
def test_valid_utf8_decodes_to_its_text_without_nuls(text: str) -> None:
    # The NUL check looks at the bytes: in UTF-8 only the character NUL holds a 0 byte.
    html = page(FRENCH + text + "\x00" + text)
    decoded = decode(html.encode("utf-8"), "text/html; charset=utf-8")
    assert decoded == Decoded(html.replace("\x00", ""), "utf-8", "content-type")


def _reference_charset_from_page(head: bytes) -> tuple[str, str] | None:
    """The in-page declaration as first found: case-insensitive regexes over the head as it is."""
    xml = re.match(rb"^\s*<\?xml\b[^>]*?\bencoding\s*=\s*[\"']\s*([A-Za-z0-9._:\-]+)", head, re.IGNORECASE)
    if xml:
        codec = decode_module._codec_for(xml.group(1).decode("ascii", "replace"))
        if codec:
            return codec, "xml-declaration"
    meta = rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9._:\-]+)"
    for match in re.finditer(meta, head, re.IGNORECASE):
        codec = decode_module._codec_for(match.group(1).decode("ascii", "replace"))
        if codec:
            return codec, "meta"
    return None


def test_in_page_declaration_equals_the_case_insensitive_reference() -> None:
    rng = random.Random(17)
    fragments = [
        b"<META ",
        b"<meta ",
        b"<Meta",
        b"<metadata ",
        b"charset=",
        b"CHARSET = ",
        b"'",
        b'"',
        b"UTF-8",
        b"Windows-1251",
        b"bogus",
        b"iso-8859-2",
        b">",
        b" content='text/html; ",
        b"<?xml version='1.0' ",
        b"encoding=",
        b"ENCODING=",
        b"?>",
        b"  ",
        b"<title>x</title>",
        b"\xc3\xa9",
        b"Shift_JIS",
        b"<p>",
    ]
    for _ in range(3000):
        head = b"".join(rng.choice(fragments) for _ in range(rng.randrange(1, 16)))
        assert decode_module._charset_from_page(head) == _reference_charset_from_page(head), head
