"""Encoding-damage repair with ftfy: a config cached per Options, fast paths for clean text, a page check."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, cast

import ftfy
import ftfy.bad_codecs  # registers the "sloppy-windows-*" codecs read below
from ftfy import TextFixerConfig
from ftfy.chardata import CHARMAP_ENCODINGS
from pagewash.types import Options

from .blocks import Block

# needs_document_repair() looks at this many characters from a few places of the page, no more.
_PAGE_SAMPLE_CHARS = 32_768
_PAGE_SAMPLES = 3
# A page is "heavily" damaged when at least this many non-Latin letters are seen double-encoded and the
# damage makes up at least this share of the sample's non-ASCII characters.
_HEAVY_MIN_LETTERS = 20
_HEAVY_SHARE = 0.5
_FIRST_NON_LATIN = "\u0370"  # Greek, Cyrillic, Armenian, Hebrew, Arabic, Indic, CJK, ... come after it


@dataclass(frozen=True, slots=True)
class Repaired:
    """Text after repair and the names of the ftfy steps that changed it (in order, without repeats)."""

    text: str
    repairs: tuple[str, ...]


def _mojibake_pattern() -> str:
    """A regex of every complete UTF-8 sequence (a lead byte and as many continuation bytes as it announces)
    read in one of the legacy charsets ftfy can undo. Mojibake of UTF-8 always holds one; clean text in any
    script rarely does, so text without one can skip ftfy (the slowest stage).

    Thirty alternatives tried at every position would be slow (~0.5 µs a character). The pattern starts
    with one character class, any lead, which the regex engine scans for in a tight loop without entering
    the pattern; a lookahead for any continuation follows, and only then the alternatives, each checking
    its own charset's lead by a lookbehind."""
    continuation_bytes = bytes(range(0x80, 0xC0))
    alternatives: list[str] = []
    all_leads: set[str] = set()
    all_continuations: set[str] = set()
    for encoding in CHARMAP_ENCODINGS:
        continuation_chars = continuation_bytes.decode(encoding, errors="ignore")
        all_continuations.update(continuation_chars)
        continuation = f"[{re.escape(continuation_chars)}]"
        for first, last, followers in ((0xC2, 0xDF, 1), (0xE0, 0xEF, 2), (0xF0, 0xF4, 3)):
            lead = bytes(range(first, last + 1)).decode(encoding, errors="ignore")
            all_leads.update(lead)
            alternatives.append(f"(?<=[{re.escape(lead)}]){continuation}{{{followers}}}")
    leads = re.escape("".join(sorted(all_leads)))
    continuations = re.escape("".join(sorted(all_continuations)))
    return f"[{leads}](?=[{continuations}])(?:" + "|".join(alternatives) + ")"


_MOJIBAKE = re.compile(_mojibake_pattern())


def _page_mojibake_pattern() -> bytes:
    """The page check's pattern, over the page's UTF-8 bytes: a cp1252-read UTF-8 lead byte of a non-Latin
    letter (Greek, Cyrillic, Hebrew, Arabic: "Î" "Ð" "Ñ" "×" "Ø"; Indic, Thai, CJK, Hangul: "à" "ã" "ä"-"í";
    but not "â", the lead of punctuation) followed by its continuation bytes, also cp1252-read. Every
    alternative starts with the byte 0xC3, which the regex engine finds with a fast scan: the check costs
    far less per character than a character-class scan of the text."""
    continuation_chars = bytes(range(0x80, 0xC0)).decode("sloppy-windows-1252") + "".join(
        map(chr, range(0x80, 0xA0))
    )
    continuation = b"(?:" + b"|".join(re.escape(c.encode()) for c in sorted(set(continuation_chars))) + b")"
    return (
        rb"\xc3[\x8d-\x9f]" + continuation
        + rb"|\xc3[\xa0\xa1\xa3-\xaf]" + continuation + b"{2}"
        + rb"|\xc3[\xb0-\xb4]" + continuation + b"{3}"
    )  # fmt: skip


_PAGE_MOJIBAKE = re.compile(_page_mojibake_pattern())
# What else ftfy's default steps change: C1 controls, "Ã " (a UTF-8 lead whose NBSP turned into a space),
# HTML entities, odd line breaks, control characters ftfy removes, and the replacement character that
# marks a lossy decode. Starting with one character class lets the regex engine scan for it without
# entering the pattern; the lookbehinds then tell which kind of damage the character starts (callers only
# ask whether there is any).
_DAMAGE_ALONE = r"\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\r\u2028\u2029\ufeff\ufff9-\ufffd"
_OTHER_DAMAGE = re.compile(
    rf"[{_DAMAGE_ALONE}ÂÃÅÎÐÙ&](?:(?<=[{_DAMAGE_ALONE}])|(?<=[ÂÃÅÎÐÙ]) |(?<=&)[#A-Za-z0-9])"
)


_LEFTOVER_C1 = re.compile("[\x80-\x9f]")


@lru_cache(maxsize=32)
def _config(
    uncurl_quotes: bool, fix_character_width: bool, fix_latin_ligatures: bool, normalization: str
) -> TextFixerConfig:
    """One TextFixerConfig per distinct set of options (building it per call would be waste)."""
    form = cast(Literal["NFC", "NFD", "NFKC", "NFKD"] | None, normalization or None)
    return TextFixerConfig(
        # Blocks reach us as text already unescaped by the HTML parser; "auto" still unescapes entities
        # left in plain-text dumps and metadata ("&amp;"), but never touches text that holds markup.
        unescape_html="auto",
        # Curly quotes are the author's typography, not damage: corpus pipelines (datatrove,
        # NeMo Curator) keep them. Options.uncurl_quotes turns this on.
        uncurl_quotes=uncurl_quotes,
        # Full-width forms are correct CJK punctuation; folding them changes the text of CJK pages.
        fix_character_width=fix_character_width,
        # Ligatures are legitimate characters; expanding them is typography, so off unless asked for.
        fix_latin_ligatures=fix_latin_ligatures,
        # NFC by default: one spelling for "é" so hashes and dedup agree; "" turns it off.
        normalization=form,
        explain=True,
    )


def _config_for(options: Options) -> TextFixerConfig:
    return _config(
        options.uncurl_quotes, options.fix_character_width, options.fix_latin_ligatures, options.normalization
    )


def _typography_requested(options: Options) -> bool:
    return options.uncurl_quotes or options.fix_character_width or options.fix_latin_ligatures


def might_need_repair(text: str, options: Options) -> bool:
    """False when ftfy provably has nothing to do with `text` under `options` (cheap, regex-only)."""
    if text.isascii():
        # Pure ASCII holds no mojibake and is already normalized; only entities ("&amp;" in a text dump)
        # and control characters could still change. Two C-speed checks clear almost every ASCII block.
        if "&" not in text and text.isprintable():
            return False
        return _OTHER_DAMAGE.search(text) is not None
    if _typography_requested(options):
        return True
    if _MOJIBAKE.search(text) or _OTHER_DAMAGE.search(text):
        return True
    form = options.normalization
    return bool(form) and not unicodedata.is_normalized(
        cast(Literal["NFC", "NFD", "NFKC", "NFKD"], form), text
    )


def repair_text(text: str, options: Options) -> Repaired:
    """Repair encoding damage in `text` with ftfy under `options`; list the steps that changed it."""
    if not text or not might_need_repair(text, options):
        return Repaired(text, ())
    fixed, explanation = ftfy.fix_and_explain(text, config=_config_for(options))
    names = _repair_names(explanation or [])
    if _LEFTOVER_C1.search(fixed):
        # ftfy maps C1 controls to the cp1252 characters they stand for; the five that stand for none
        # (U+0081, U+008D, U+008F, U+0090, U+009D) are left behind and are plain damage.
        fixed = _LEFTOVER_C1.sub("", fixed)
        names = (*names, "remove_c1_controls")
    if fixed == text:
        return Repaired(text, ())
    return Repaired(fixed, names)


def _repair_names(explanation: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """ftfy's explanation as step names: re-decoding UTF-8 read in a legacy charset is "fix_encoding",
    turning C1 controls into the cp1252 characters they stand for is "fix_c1_controls", applied fixers keep
    their names, and normalization is "normalize NFC" (or the form used)."""
    names: dict[str, None] = {}
    for action, parameter in explanation:
        if action == "decode":
            names["fix_encoding" if parameter.startswith("utf") else "fix_c1_controls"] = None
        elif action in ("encode", "transcode"):
            continue  # the other half of a re-decoding, named by its decode step
        elif action == "normalize":
            names[f"normalize {parameter}"] = None
        else:
            names[parameter] = None
    return tuple(names)


def repair_blocks(blocks: Iterable[Block], options: Options) -> tuple[str, ...]:
    """Repair, in place, the blocks whose text may hold damage, before they are classified: mojibake would
    hide stopwords, and jusText drops any block containing "©", which every "Ã©" (é misread) does.
    Returns the steps applied. Blocks of clean text cost one regex search each."""
    names: dict[str, None] = {}
    for block in blocks:
        text = block.text
        if not text or not might_need_repair(text, options):
            continue
        fixed = repair_text(text, options)
        if fixed.text == text:
            continue
        if block.link_chars:
            # Link text shrank or grew with the block's text; keep its share.
            block.link_chars = min(len(fixed.text), round(block.link_chars * len(fixed.text) / len(text)))
        block.text = fixed.text
        block.words = None  # split from the old text, if anything split it already
        names.update(dict.fromkeys(fixed.repairs))
    return tuple(names)


def needs_document_repair(text: str, *, utf8: bytes | None = None) -> bool:
    """True when a page is so damaged that it is better repaired whole, once, than block by block: letters
    of a non-Latin script (Cyrillic, Greek, Arabic, CJK, ...) double-encoded throughout, where no word
    would match a stoplist and every block would need ftfy. Looks at a bounded sample.

    Damaged punctuation ("â€™") or Latin accents ("Ã©") are left to `repair_blocks`, which runs before
    classification and costs ftfy only on the blocks that hold damage (3-15x less than the whole page).

    `utf8`, when given, must be `text` encoded as UTF-8 (the page's bytes, when they decoded strictly):
    every damage pattern holds the byte 0xC3, and a page without one is cleared by one memchr."""
    if utf8 is not None and b"\xc3" not in utf8:
        return False
    samples = [sample for sample in _page_samples(text) if not sample.isascii()]
    non_ascii: int | None = None  # counted only once enough damage is seen to need it
    damaged_letters = 0
    damaged_chars = 0
    for sample in samples:
        encoded = utf8 if utf8 is not None and sample is text else sample.encode("utf-8", "surrogatepass")
        for match in _PAGE_MOJIBAKE.finditer(encoded):
            mojibake = match.group().decode("utf-8", errors="ignore")
            damaged_chars += len(mojibake)
            original = mojibake.encode("sloppy-windows-1252", errors="ignore").decode("utf-8", "ignore")
            if original >= _FIRST_NON_LATIN and original.isalpha():
                damaged_letters += 1
                if damaged_letters >= _HEAVY_MIN_LETTERS:
                    if non_ascii is None:
                        non_ascii = sum(len(s) - len(s.encode("ascii", "ignore")) for s in samples)
                    if damaged_chars >= _HEAVY_SHARE * non_ascii:
                        return True
    return False


def _page_samples(text: str) -> list[str]:
    if len(text) <= _PAGE_SAMPLE_CHARS * _PAGE_SAMPLES:
        return [text]
    step = (len(text) - _PAGE_SAMPLE_CHARS) // (_PAGE_SAMPLES - 1)
    return [text[i * step : i * step + _PAGE_SAMPLE_CHARS] for i in range(_PAGE_SAMPLES)]
