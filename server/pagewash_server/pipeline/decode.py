"""Bytes to text: BOM, the caller's charset, in-page declarations, strict UTF-8, a detector, cp1252."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import UndecodableContentError

# How much of the page the in-page declarations and the sniffers look at: declarations sit in the head,
# and a bounded sample keeps every check linear and cheap even on 20 MB inputs.
DECLARATION_SCAN_BYTES = 4096
SNIFF_BYTES = 8192
DETECTOR_SAMPLE_BYTES = 64 * 1024
UTF8_WINDOW_BYTES = 64 * 1024
RELATIVE_SAMPLE_BYTES = 8192

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# File signatures of formats that are never a page dump.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 (legacy Office) document"),
    (b"\x00asm", "WebAssembly module"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"fLaC", "FLAC audio"),
    (b"\x1aE\xdf\xa3", "Matroska/WebM video"),
)
_MAGIC_PREFIXES = tuple(magic for magic, _ in _MAGIC)
_BZIP2 = re.compile(rb"BZh[1-9]1AY&SY")

# WHATWG's encoding standard: these labels mean windows-1252 on the web, and a few legacy multi-byte
# labels mean their Microsoft supersets, which decode everything the narrower charset does.
_WEB_SUPERSETS = {
    "ascii": "cp1252",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "big5": "big5hkscs",
}
# Labels of the WHATWG encoding standard (what browsers accept) that Python's codec registry lacks.
_WHATWG_LABELS = {
    "unicode-1-1-utf-8": "utf-8",
    "unicode11utf8": "utf-8",
    "unicode20utf8": "utf-8",
    "x-unicode20utf8": "utf-8",
    "unicode": "utf-16-le",
    "unicodefeff": "utf-16-le",
    "csunicode": "utf-16-le",
    "ucs-2": "utf-16-le",
    "iso-10646-ucs-2": "utf-16-le",
    "x-cp1250": "cp1250",
    "x-cp1251": "cp1251",
    "x-cp1252": "cp1252",
    "x-cp1253": "cp1253",
    "x-cp1254": "cp1254",
    "x-cp1255": "cp1255",
    "x-cp1256": "cp1256",
    "x-cp1257": "cp1257",
    "x-cp1258": "cp1258",
    "koi": "koi8-r",
    "koi8": "koi8-r",
    "koi8-ru": "koi8-u",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "x-euc-jp": "euc_jp",
    "cseucpkdfmtjapanese": "euc_jp",
    "x-gbk": "gb18030",
    "csgb2312": "gb18030",
    "x-x-big5": "big5hkscs",
    "cn-big5": "big5hkscs",
    "ks_c_5601-1989": "cp949",
    "ksc_5601": "cp949",
    "windows-949": "cp949",
    "cseuckr": "cp949",
    "iso-ir-149": "cp949",
    "windows-874": "cp874",
    "dos-874": "cp874",
    "iso-8859-8-i": "iso8859-8",
    "csiso88598i": "iso8859-8",
    "logical": "iso8859-8",
    "visual": "iso8859-8",
    "iso-8859-6-i": "iso8859-6",
    "iso-8859-6-e": "iso8859-6",
    "mac": "mac-roman",
    "x-mac-roman": "mac-roman",
    "x-mac-cyrillic": "mac-cyrillic",
    "x-mac-ukrainian": "mac-cyrillic",
}
# UTF-7 is a known XSS vector and never a real page charset; WHATWG refuses it too.
_REFUSED_CODECS = frozenset({"utf-7"})
_WIDE_CODECS = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"})

_CONTENT_TYPE_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([^\s;\"',]+)", re.IGNORECASE)
# Matched against the lowercased head (bytes.lower() folds ASCII only, as re.IGNORECASE does on bytes;
# charset labels are case-insensitive): faster than case-insensitive matching.
_META_CHARSET = re.compile(rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([a-z0-9._:\-]+)")
_XML_DECLARATION = re.compile(rb"^\s*<\?xml\b[^>]*?\bencoding\s*=\s*[\"']\s*([a-z0-9._:\-]+)")

# The legacy charsets a detector may choose from: what pages in the wild use (Mac, DOS and exotic ISO
# charsets are practically absent from the web and are what detectors wrongly pick on short samples).
_WEB_LEGACY_CHARSETS = (
    "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "cp874",
    "iso8859_2", "iso8859_15", "koi8_r", "koi8_u", "shift_jis", "cp932", "euc_jp", "iso2022_jp",
    "gb18030", "big5", "cp949", "euc_kr", "iso8859_6",
)  # fmt: skip
_SINGLE_BYTE_FAMILIES: tuple[tuple[str, ...], ...] = (
    ("cp1252", "cp1250", "iso8859-2", "cp1254", "cp1257", "iso8859-15", "iso8859-13"),
    ("cp1251", "koi8-r", "koi8-u", "iso8859-5", "cp866", "mac-cyrillic"),
    ("cp1253", "iso8859-7"),
    ("cp1256", "iso8859-6"),
)
# The 7-bit ISO-2022 encodings switch to their double-byte sets with these escape sequences; the bytes are
# otherwise ASCII, so they decode as UTF-8 without an error, into garbage.
_ISO2022_ESCAPES = ((b"\x1b$B", "iso2022_jp"), (b"\x1b$@", "iso2022_jp"), (b"\x1b$)C", "iso2022_kr"))
# A symbol right before a letter ("gę¶l±", "®ije") marks a wrong reading of a relative charset; opening
# quotes and dashes, degrees ("°C") and the middle dot ("l·l") stand there in real text.
_SYMBOL_BEFORE_LETTER = re.compile("[^\\w\\s\\x00-\\x7f\u00a0‘“„‚«¿¡—–…°·•](?=[^\\W\\d_])")
_WESTERN_LETTERS = "àâäáãåæçèéêëìíîïñòóôöõøùúûüýÿßœ" + "àâäáãåæçèéêëìíîïñòóôöõøùúûüýœ".upper()
_WESTERN_PUNCTUATION = "\u00a0‘’‚“”„–—…€«»°©®™·•¡¿§£¥¢"
_NOT_WESTERN = re.compile(f"[^\\x00-\\x7f{_WESTERN_LETTERS}{_WESTERN_PUNCTUATION}]")
_NON_ASCII_RUN = re.compile(f"[{_WESTERN_LETTERS}]{{3}}")

# Control bytes that never occur in text (tab, line breaks, form feed and ESC are left out on purpose).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_BINARY_CONTROL_SHARE = 0.10
_MIN_BINARY_CONTROLS = 8  # a few control bytes in a tiny input are not evidence of binary data


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from a page's bytes.

    encoding -- the Python codec used ("utf-8", "cp1252", "shift_jis", "utf-16-le", ...).
    source   -- how it was found, one of the words of `Diagnostics.encoding_source`: "bom",
                "content-type", "meta", "xml-declaration", "utf-8" (the bytes are valid UTF-8, whatever a
                declaration claimed), "detector" or "fallback" (cp1252, which decodes any byte).
    """

    text: str
    encoding: str
    source: str
    # The page's bytes when `text` is exactly their strict UTF-8 decoding, else None: later stages scan
    # bytes far faster than text (memchr), and need not encode the text again to do it.
    utf8: bytes | None = field(default=None, compare=False, repr=False)


def _sloppy_single_byte(error: UnicodeError) -> tuple[str, int]:
    """Decode a byte the codec leaves undefined as the Latin-1 character of the same value (WHATWG's
    windows-1252 does the same), so a single-byte decode never fails."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("latin-1"), error.end


def _utf8_else_cp1252(error: UnicodeError) -> tuple[str, int]:
    """In mostly-UTF-8 text, read a stray invalid byte as cp1252 (a page pasted together from two sources)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("cp1252", errors="pagewash-sloppy"), error.end


codecs.register_error("pagewash-sloppy", _sloppy_single_byte)
codecs.register_error("pagewash-utf8-cp1252", _utf8_else_cp1252)


def decode(content: bytes, content_type: str = "") -> Decoded:
    """Decode a page dump. Order: BOM, the caller's `content_type` charset, `<meta charset>` /
    http-equiv / XML declaration, strict UTF-8, the charset-normalizer detector on a sample, cp1252.

    A declaration the bytes contradict loses: bytes that are valid UTF-8 with non-ASCII characters are
    UTF-8 whatever the page claims, and a declared charset that cannot decode the bytes is skipped.
    Raises `UndecodableContentError` for binary data (images, archives, executables).
    """
    data = bytes(content)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return Decoded(_clean(data[len(bom) :].decode(codec, errors="replace")), codec, "bom")

    head = data[:SNIFF_BYTES]
    _reject_binary_signature(head)
    wide = _sniff_wide_unicode(head)

    declared: list[tuple[str, str]] = []
    caller = _charset_from_content_type(content_type)
    if caller:
        declared.append((caller, "content-type"))
    in_page = _charset_from_page(data[:DECLARATION_SCAN_BYTES]) if wide is None else None
    if in_page:
        declared.append(in_page)
    if b"\x1b$" in head and not any(codec.startswith("iso2022") for codec, _ in declared):
        # Whatever else a page declares (UTF-8, which its ASCII bytes would pass for), only an ISO-2022
        # text is made of these escapes.
        for escape, codec in _ISO2022_ESCAPES:
            if escape in head:
                return Decoded(_clean(data.decode(codec, errors="replace")), codec, "detector")

    for codec, source in declared:
        if codec in _WIDE_CODECS:
            # A page whose declaration could be read as ASCII is not UTF-16/32 (WHATWG: meta utf-16 = utf-8);
            # only the caller may declare a wide charset; the bytes settle its byte order.
            if source != "content-type":
                continue
            order = wide
            if order is None:
                if _reads_as_utf8_text(head):
                    continue  # UTF-16 without NUL bytes has no spaces or line breaks: this is not it
                order = _most_plausible_wide(head[: len(head) - len(head) % 4], _byte_orders(codec))
                if order is None:
                    continue
            return Decoded(_clean(data.decode(order, errors="replace")), order, source)
        if wide is not None:
            continue  # a single-byte declaration contradicted by a UTF-16/32 NUL pattern
        decoded = _decode_declared(data, codec, source)
        if decoded is not None:
            return decoded

    if wide is not None:
        return Decoded(_clean(data.decode(wide, errors="replace")), wide, "detector")

    _reject_control_heavy(head)
    utf8 = _decode_utf8(data)
    if utf8 is not None:
        return utf8
    return _detect(data)


def _clean(text: str) -> str:
    # NUL bytes inside text are debris (a C string writer, a truncated UTF-16 copy); no parser wants them.
    return text.replace("\x00", "") if "\x00" in text else text


def _codec_for(label: str) -> str | None:
    """The Python codec for a charset label, mapped to its web superset; None for unknown/refused ones."""
    label = label.strip().strip("\"'").lower()
    if not label:
        return None
    label = _WHATWG_LABELS.get(label, label)
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError):  # ValueError: a label holding a NUL byte
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None  # "base64", "rot13", "zlib": codecs, but not charsets
    name = info.name
    if name in _REFUSED_CODECS:
        return None
    return _WEB_SUPERSETS.get(name, name)


def _charset_from_content_type(content_type: str) -> str | None:
    match = _CONTENT_TYPE_CHARSET.search(content_type or "")
    return _codec_for(match.group(1)) if match else None


def _charset_from_page(head: bytes) -> tuple[str, str] | None:
    lowered = head.lower()
    xml = _XML_DECLARATION.match(lowered)
    if xml:
        codec = _codec_for(xml.group(1).decode("ascii", "replace"))
        if codec:
            return codec, "xml-declaration"
    # A declaration starts at a "<meta" and names a charset: memchr-speed finds skip the regex where
    # there is none, and start it at the first tag that can hold one.
    first_meta = lowered.find(b"<meta")
    if first_meta < 0 or b"charset" not in lowered:
        return None
    for match in _META_CHARSET.finditer(lowered, first_meta):
        codec = _codec_for(match.group(1).decode("ascii", "replace"))
        if codec:
            return codec, "meta"
    return None


def _decode_declared(data: bytes, codec: str, source: str) -> Decoded | None:
    """Decode with a declared charset unless the bytes contradict it; None to fall through."""
    if codec == "utf-8":
        return _decode_utf8(data, source=source)
    if not data.isascii():
        # Valid multi-byte UTF-8 practically never happens by chance in a legacy charset: the declaration
        # is wrong (a template's stale meta tag), and trusting it would make mojibake of every character.
        utf8 = _decode_utf8(data)
        if utf8 is not None:
            return utf8
    if _is_single_byte(codec):
        return Decoded(_clean(data.decode(codec, errors="pagewash-sloppy")), codec, source)
    try:
        return Decoded(_clean(data.decode(codec)), codec, source)
    except UnicodeDecodeError:
        return None  # declared multi-byte charset that the bytes are not in


def _decode_utf8(data: bytes, *, source: str = "utf-8") -> Decoded | None:
    """Strict UTF-8; or UTF-8 with stray cp1252 bytes when valid sequences clearly dominate; else None."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        first_error = error.start
    else:
        # In UTF-8 a NUL character is the byte 0 and no other byte holds a 0, so memchr over the bytes
        # answers what a search of the text (up to 4 bytes a character) would, several times faster.
        if 0 in data:
            return Decoded(text.replace("\x00", ""), "utf-8", source)
        return Decoded(text, "utf-8", source, utf8=data)
    # Judge on a bounded window around the first invalid byte, not the whole (maybe 20 MB) page.
    window = data[max(0, first_error - UTF8_WINDOW_BYTES // 2) : first_error + UTF8_WINDOW_BYTES // 2]
    replaced = window.decode("utf-8", errors="replace")
    invalid = replaced.count("\ufffd")
    non_ascii = len(replaced) - len(replaced.encode("ascii", "ignore"))
    valid_multibyte = non_ascii - invalid
    if valid_multibyte >= 4 * invalid:
        # A UTF-8 page with a few bytes pasted in from a cp1252 source: reading the whole page as cp1252
        # would turn every valid character into mojibake; reading only the stray bytes so keeps both right.
        return Decoded(_clean(data.decode("utf-8", errors="pagewash-utf8-cp1252")), "utf-8", source)
    return None


def _detect(data: bytes) -> Decoded:
    """Bytes that are not UTF-8 and declare nothing usable: plain Western text in cp1252 (the web's most
    common legacy charset, which generic detectors confuse with Mac and Central European ones on short
    samples), else charset-normalizer over a bounded sample among the charsets the web uses, else cp1252."""
    sample = _non_ascii_sample(data)
    if _looks_like_western_cp1252(sample):
        # Czech or Polish in cp1250 also reads as "Western" letters (ř as ø, č as è): words decide.
        western = _closest_relative(sample, "cp1252")
        return Decoded(_clean(data.decode(western, errors="pagewash-sloppy")), western, "detector")
    from charset_normalizer import from_bytes  # heavy import, needed only for the rare undeclared legacy page

    best = from_bytes(sample, cp_isolation=list(_WEB_LEGACY_CHARSETS)).best() if sample else None
    if best is not None and best.encoding:
        detected = _codec_for(best.encoding)
        if detected and detected not in _WIDE_CODECS:
            codec = _closest_relative(sample, detected)
            errors = "pagewash-sloppy" if _is_single_byte(codec) else "replace"
            return Decoded(_clean(data.decode(codec, errors=errors)), codec, "detector")
    return Decoded(_clean(data.decode("cp1252", errors="pagewash-sloppy")), "cp1252", "fallback")


def _closest_relative(sample: bytes, codec: str) -> str:
    """Among the single-byte charsets of the detector's pick's family (Latin, Cyrillic, Greek), the one whose
    reading of the sample holds the most non-ASCII words some stoplist knows, then the fewest stray symbols.
    Relatives differ in a few letters (ş/ţ, ś at another byte), which statistical detectors confuse on
    short samples; the right reading makes "için" or "są" of what the wrong one makes "iēin" or "s±"."""
    family = next((members for members in _SINGLE_BYTE_FAMILIES if codec in members), None)
    if family is None:
        return codec
    from .language import known_word_count

    head = sample[:RELATIVE_SAMPLE_BYTES]

    def score(candidate: str) -> tuple[int, int]:
        text = head.decode(candidate, errors="pagewash-sloppy").lower()
        words = known_word_count(word for word in text.split() if not word.isascii())
        return words, -len(_SYMBOL_BEFORE_LETTER.findall(text))

    return max((codec, *(c for c in family if c != codec)), key=score)


def _looks_like_western_cp1252(sample: bytes) -> bool:
    """True when cp1252 turns every non-ASCII byte of the sample into a Western European letter or common
    punctuation, never three in a row. Central European, Cyrillic, Greek and CJK bytes read as cp1252 give
    symbols ("³", "¹", "¤") or long runs of accented letters, so they fail this test."""
    if not sample:
        return False
    text = sample.decode("cp1252", errors="pagewash-sloppy")
    return _NOT_WESTERN.search(text) is None and _NON_ASCII_RUN.search(text) is None


def _non_ascii_sample(data: bytes) -> bytes:
    """A bounded sample of the page that holds its non-ASCII bytes: markup is ASCII and tells a detector
    nothing, so start just before the first non-ASCII byte."""
    first = re.search(rb"[\x80-\xff]", data)
    if first is None:
        return b""
    start = max(0, first.start() - 256)
    return data[start : start + DETECTOR_SAMPLE_BYTES]


@lru_cache(maxsize=64)
def _is_single_byte(codec: str) -> bool:
    try:
        return len(bytes(range(256)).decode(codec, errors="pagewash-sloppy")) == 256
    except (UnicodeDecodeError, LookupError):
        return False


def _reject_binary_signature(head: bytes) -> None:
    if head.startswith(_MAGIC_PREFIXES):  # one C call for the common case of none
        kind = next(kind for magic, kind in _MAGIC if head.startswith(magic))
        raise UndecodableContentError(f"content looks like binary data ({kind})")
    if _BZIP2.match(head):
        raise UndecodableContentError("content looks like binary data (bzip2 archive)")
    if head[4:8] == b"ftyp":
        raise UndecodableContentError("content looks like binary data (MP4/ISO media)")
    if head.startswith(b"RIFF") and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        raise UndecodableContentError(f"content looks like binary data (RIFF {head[8:12].decode().strip()})")


def _reject_control_heavy(head: bytes) -> None:
    if not head:
        return
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    share = controls / len(head)
    if controls >= _MIN_BINARY_CONTROLS and share > _BINARY_CONTROL_SHARE:
        raise UndecodableContentError(
            f"content looks like binary data ({share:.0%} control bytes in the first {len(head)} bytes)"
        )


def _sniff_wide_unicode(head: bytes) -> str | None:
    """UTF-16/32 without a BOM. Text with ASCII in it shows it by where the NUL bytes fall; text in another
    script (Cyrillic, Greek, Arabic in UTF-16) shows it by control bytes (the high byte of its code points)
    and then decodes to few Unicode blocks in the right byte order and to many in the wrong one."""
    n = len(head) - len(head) % 4
    if n < 8:
        return None
    sample = head[:n]
    controls = n - len(sample.translate(None, _CONTROL_BYTES))
    # Most pages hold no NUL byte at all: one memchr instead of two strided copies.
    has_nul = 0 in sample
    nuls_even = sample[0::2].count(0) if has_nul else 0
    nuls_odd = sample[1::2].count(0) if has_nul else 0
    # A few NULs all on one side are the ASCII characters (markup) of CJK text in UTF-16.
    one_sided_nuls = nuls_even + nuls_odd >= 4 and min(nuls_even, nuls_odd) == 0
    nul_rich = nuls_even + nuls_odd >= n // 8
    # Without NULs, only a control byte in every other or fourth place (the high byte of Cyrillic, Greek or
    # Arabic code points) is evidence; a stray control byte in UTF-8 text is not.
    control_rich = controls >= n // 4 and n >= 16
    if not (nul_rich or one_sided_nuls or control_rich):
        return None  # single-byte or UTF-8 text
    quarter = n // 4
    lanes = [sample[i::4].count(0) / quarter for i in range(4)]
    even = (lanes[0] + lanes[2]) / 2
    odd = (lanes[1] + lanes[3]) / 2
    if lanes[0] < 0.1 and min(lanes[1:]) > 0.9:
        candidates: tuple[str, ...] = ("utf-32-le",)
    elif lanes[3] < 0.1 and min(lanes[:3]) > 0.9:
        candidates = ("utf-32-be",)
    elif (odd > 0.4 and even < 0.05) or (one_sided_nuls and nuls_even == 0):
        candidates = ("utf-16-le",)
    elif (even > 0.4 and odd < 0.05) or (one_sided_nuls and nuls_odd == 0):
        candidates = ("utf-16-be",)
    else:
        candidates = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
    return _most_plausible_wide(sample, candidates)


def _most_plausible_wide(sample: bytes, candidates: tuple[str, ...]) -> str | None:
    """The candidate UTF-16/32 byte order that decodes the sample to printable text in the fewest Unicode
    blocks (the wrong order scatters characters over many); None when none decodes to printable text."""
    best: tuple[int, str] | None = None
    for codec in candidates:
        text = _decode_wide_sample(sample, codec)
        if text is None or not text:
            continue
        printable = sum(char.isprintable() or char in "\n\r\t" for char in text)
        if printable < 0.95 * len(text):
            continue
        blocks = len({ord(char) >> 7 for char in text})
        if best is None or blocks < best[0]:
            best = (blocks, codec)
    return best[1] if best else None


def _reads_as_utf8_text(head: bytes) -> bool:
    """Valid UTF-8 (allowing a cut sequence at the end) with the spaces and line breaks of text, and without
    the NUL bytes of UTF-16/32."""
    if head.count(0) * 16 > len(head):
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:
            return False
        text = head[: error.start].decode("utf-8")
    whitespace = text.count(" ") + text.count("\n")
    return whitespace >= 0.05 * max(len(text), 1)


def _byte_orders(codec: str) -> tuple[str, ...]:
    if codec.endswith(("-le", "-be")):
        return (codec,)
    return (f"{codec}-le", f"{codec}-be")


def _decode_wide_sample(sample: bytes, codec: str) -> str | None:
    """The sample in `codec`, or None when it is not: lone surrogates (a cut pair, a buggy writer) are
    tolerated, more than one code unit in twenty going wrong is not."""
    text = sample.decode(codec, errors="replace")
    if text.count("\ufffd") > 2 + len(text) // 20:
        return None
    return text
