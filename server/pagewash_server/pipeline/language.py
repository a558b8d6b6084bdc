"""Languages: ISO codes for jusText's stoplists, stoplists loaded once, and language detection for a page."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Protocol

import justext

# ISO 639-1 code (639-3 where there is none) for each jusText stoplist. "Simple_English" is a reduced
# English and adds nothing to "English"; "Serbo_Croatian" gets its retired 639-1 code "sh".
STOPLIST_NAMES: dict[str, str] = {
    "af": "Afrikaans",
    "sq": "Albanian",
    "ar": "Arabic",
    "an": "Aragonese",
    "hy": "Armenian",
    "rup": "Aromanian",
    "ast": "Asturian",
    "az": "Azerbaijani",
    "eu": "Basque",
    "be": "Belarusian",
    "be-tarask": "Belarusian_Taraskievica",
    "bn": "Bengali",
    "bpy": "Bishnupriya_Manipuri",
    "bs": "Bosnian",
    "br": "Breton",
    "bg": "Bulgarian",
    "ca": "Catalan",
    "ceb": "Cebuano",
    "cv": "Chuvash",
    "hr": "Croatian",
    "cs": "Czech",
    "da": "Danish",
    "nl": "Dutch",
    "en": "English",
    "eo": "Esperanto",
    "et": "Estonian",
    "fi": "Finnish",
    "fr": "French",
    "gl": "Galician",
    "ka": "Georgian",
    "de": "German",
    "el": "Greek",
    "gu": "Gujarati",
    "ht": "Haitian",
    "he": "Hebrew",
    "hi": "Hindi",
    "hu": "Hungarian",
    "is": "Icelandic",
    "io": "Ido",
    "ig": "Igbo",
    "id": "Indonesian",
    "ga": "Irish",
    "it": "Italian",
    "jv": "Javanese",
    "kn": "Kannada",
    "kk": "Kazakh",
    "ko": "Korean",
    "ku": "Kurdish",
    "ky": "Kyrgyz",
    "la": "Latin",
    "lv": "Latvian",
    "lt": "Lithuanian",
    "lmo": "Lombard",
    "nds": "Low_Saxon",
    "lb": "Luxembourgish",
    "mk": "Macedonian",
    "ms": "Malay",
    "ml": "Malayalam",
    "mt": "Maltese",
    "mr": "Marathi",
    "nap": "Neapolitan",
    "ne": "Nepali",
    "new": "Newar",
    "nb": "Norwegian_Bokmal",
    "nn": "Norwegian_Nynorsk",
    "oc": "Occitan",
    "fa": "Persian",
    "pms": "Piedmontese",
    "pl": "Polish",
    "pt": "Portuguese",
    "qu": "Quechua",
    "ro": "Romanian",
    "ru": "Russian",
    "sgs": "Samogitian",
    "sr": "Serbian",
    "sh": "Serbo_Croatian",
    "scn": "Sicilian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "es": "Spanish",
    "su": "Sundanese",
    "sw": "Swahili",
    "sv": "Swedish",
    "tl": "Tagalog",
    "ta": "Tamil",
    "te": "Telugu",
    "tr": "Turkish",
    "tk": "Turkmen",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "uz": "Uzbek",
    "vi": "Vietnamese",
    "vo": "Volapuk",
    "wa": "Walloon",
    "war": "Waray_Waray",
    "cy": "Welsh",
    "fy": "West_Frisian",
    "pnb": "Western_Panjabi",
    "yo": "Yoruba",
}
# Other codes callers and pages use for the same stoplists.
ALIASES: dict[str, str] = {
    "no": "nb",  # Norwegian, unqualified: Bokmål is what most Norwegian text is written in
    "fil": "tl",  # Filipino is standardized Tagalog
    "iw": "he",  # retired code for Hebrew, still sent by old software
    "in": "id",  # retired code for Indonesian
    "simple": "en",
    "zsm": "ms",
}
# Languages written without spaces between words (or with syllable spacing), where stopword counting does
# not work: found by script, classified with an empty stoplist (the classifier's stopword-free fallback).
SCRIPT_LANGUAGES: frozenset[str] = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo", "si", "am"})


def _canonical(code: str) -> str:
    """ "en-US" → "en", "pt_BR" → "pt", "be-tarask" stays, aliases resolve; unknown codes come back as is."""
    code = code.strip().lower().replace("_", "-")
    if code in STOPLIST_NAMES:
        return code
    primary = code.split("-", 1)[0]
    return ALIASES.get(primary, primary)


def available_languages() -> frozenset[str]:
    """Every language code detection can return and a hint may name."""
    return _available()


@cache
def _available() -> frozenset[str]:
    return frozenset(STOPLIST_NAMES) | SCRIPT_LANGUAGES


def stoplist(code: str) -> frozenset[str]:
    """The jusText stoplist for `code`, read once per process; empty for script-detected languages.
    Raises KeyError for an unknown code."""
    return _stoplist(_canonical(code))


@cache
def _stoplist(code: str) -> frozenset[str]:
    if code in SCRIPT_LANGUAGES:
        return frozenset()
    return frozenset(justext.get_stoplist(STOPLIST_NAMES[code]))


class _HasText(Protocol):
    @property
    def text(self) -> str: ...


# ---- detection ------------------------------------------------------------------------------------

# Bounded work per page: the longest blocks first (they are the article), up to this many words.
_SAMPLE_WORDS = 2000
_MIN_VOTE_TOKENS = 5  # fewer stopword hits than this and the vote is "inconclusive"
# A declared language keeps its place unless the vote's winner beats it clearly.
_DECLARED_MARGIN = 0.75
# Share of letters in one of the scripts below that makes a page that language.
_SCRIPT_SHARE = 0.30
_WORD = re.compile(r"\S+")


def _script_of(char: str) -> str | None:
    cp = ord(char)
    if 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF or 0xFF66 <= cp <= 0xFF9F:
        return "kana"
    if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2FFFF or 0xF900 <= cp <= 0xFAFF:
        return "han"
    if 0xAC00 <= cp <= 0xD7AF or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F:
        return "ko"
    if 0x0E00 <= cp <= 0x0E7F:
        return "th"
    if 0x0E80 <= cp <= 0x0EFF:
        return "lo"
    if 0x1780 <= cp <= 0x17FF:
        return "km"
    if 0x1000 <= cp <= 0x109F:
        return "my"
    if 0x0F00 <= cp <= 0x0FFF:
        return "bo"
    if 0x0D80 <= cp <= 0x0DFF:
        return "si"
    if 0x1200 <= cp <= 0x139F:
        return "am"
    return None


@cache
def _stopword_index() -> dict[str, tuple[tuple[str, float], ...]]:
    """word → ((language, weight), ...), built once per process.

    A word in many stoplists says little (and polluted lists — Finnish holds English words — share many),
    so each occurrence weighs 1/(number of lists holding it); a language's score is then normalized by
    the square root of its list's size, or the biggest lists (German) would win every close vote."""
    holders: dict[str, list[str]] = {}
    for code in STOPLIST_NAMES:
        for word in _stoplist(code):
            holders.setdefault(word, []).append(code)
    index: dict[str, tuple[tuple[str, float], ...]] = {}
    for word, codes in holders.items():
        weight = 1.0 / len(codes)
        index[word] = tuple((code, weight) for code in codes)
    return index


@cache
def _size_norm() -> dict[str, float]:
    return {code: 1.0 / math.sqrt(max(len(_stoplist(code)), 1)) for code in STOPLIST_NAMES}


def _sample_words(texts: Sequence[str]) -> list[str]:
    words: list[str] = []
    for text in sorted(texts, key=len, reverse=True):
        words.extend(text.lower().split())
        if len(words) >= _SAMPLE_WORDS:
            break
    return words[:_SAMPLE_WORDS]


def _script_language(texts: Sequence[str]) -> str | None:
    """The language of a script without usable stoplists, when that script dominates the letters."""
    counts: Counter[str] = Counter()
    letters = 0
    seen = 0
    for text in sorted(texts, key=len, reverse=True):
        for char in text:
            if char.isalpha():
                letters += 1
                script = _script_of(char)
                if script:
                    counts[script] += 1
        seen += len(text)
        if seen >= 20_000:
            break
    if not letters:
        return None
    cjk = counts["han"] + counts["kana"]
    if counts["kana"] >= 0.05 * letters and cjk >= _SCRIPT_SHARE * letters:
        return "ja"
    if counts["ko"] >= _SCRIPT_SHARE * letters:
        return "ko"
    if counts["han"] >= _SCRIPT_SHARE * letters:
        return "zh"
    for script in ("th", "lo", "km", "my", "bo", "si", "am"):
        if counts[script] >= _SCRIPT_SHARE * letters:
            return script
    return None


def vote(words: Iterable[str]) -> tuple[dict[str, float], int]:
    """Stoplist scores over `words` (lowercased), and the number of words that were stopwords anywhere."""
    index = _stopword_index()
    raw: dict[str, float] = {}
    hits = 0
    for word in words:
        entries = index.get(word)
        if entries is None:
            continue
        hits += 1
        for code, weight in entries:
            raw[code] = raw.get(code, 0.0) + weight
    norm = _size_norm()
    return {code: score * norm[code] for code, score in raw.items()}, hits


def detect_language(blocks: Sequence[_HasText], *, hint: str = "", declared: str = "") -> tuple[str, str]:
    """The page's language and how it was found: "hint", "declared", "stoplist-vote", "script" or "default".

    The caller's hint wins. Otherwise a script without stoplists (CJK, Thai, ...) decides; otherwise a vote
    over jusText's stoplists, in which the page's declared language (`<html lang>`) wins unless the text
    clearly says otherwise (pages declare the wrong language often)."""
    if hint:
        return _canonical(hint), "hint"
    available = available_languages()
    declared_code = _canonical(declared) if declared else ""
    if declared_code not in available:
        declared_code = ""
    texts = [block.text for block in blocks if block.text]
    if not texts:
        return (declared_code, "declared") if declared_code else ("en", "default")

    by_script = _script_language(texts)
    if by_script is not None:
        return by_script, "declared" if declared_code == by_script else "script"

    scores, hits = vote(_sample_words(texts))
    if not scores:
        return (declared_code, "declared") if declared_code else ("en", "default")
    winner = max(scores, key=lambda code: (scores[code], code == "en"))
    if declared_code:
        if hits < _MIN_VOTE_TOKENS or declared_code == winner:
            return declared_code, "declared"
        if scores.get(declared_code, 0.0) >= _DECLARED_MARGIN * scores[winner]:
            return declared_code, "declared"
    return winner, "stoplist-vote"


def language_name(code: str) -> str:
    """The jusText stoplist name for a code ("English"), or the code itself for script languages."""
    canonical = _canonical(code)
    return STOPLIST_NAMES.get(canonical, canonical)
