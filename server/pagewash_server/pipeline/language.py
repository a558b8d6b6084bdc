"""Languages: ISO codes for jusText's stoplists, stoplists loaded once, and language detection for a page."""

from __future__ import annotations

import pkgutil
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from itertools import repeat
from typing import Protocol

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
SCRIPT_LANGUAGES: frozenset[str] = frozenset(
    {"zh", "ja", "th", "lo", "km", "my", "bo", "si", "am", "pa", "or", "dv"}
)
# ISO 639-2 "undetermined": text in a language no stoplist covers; classified without stopwords too.
UNDETERMINED = "und"


def canonical_code(code: str) -> str:
    """The code detection and stoplists use: "en-US" → "en", "pt_BR" → "pt", "no" → "nb", "iw" → "he";
    "be-tarask" stays. Unknown codes come back lowercased, without region: check `available_languages()`."""
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
    return frozenset(STOPLIST_NAMES) | SCRIPT_LANGUAGES | {UNDETERMINED}


def stoplist(code: str) -> frozenset[str]:
    """The jusText stoplist for `code` (the same set `justext.get_stoplist` returns), read once per process;
    empty for the script-detected languages. Raises KeyError for an unknown code."""
    return _stoplist(canonical_code(code))


@cache
def _stoplist(code: str) -> frozenset[str]:
    if code in SCRIPT_LANGUAGES or code == UNDETERMINED:
        return frozenset()
    return frozenset(_ranked_words(code))


@cache
def _ranked_words(code: str) -> tuple[str, ...]:
    """The words of a jusText stoplist, lowercased, in file order. The files are Wikipedia word lists sorted
    by frequency, so the first words are a language's true function words and the tail holds the noise
    (the Finnish list has "the" at rank 109 and English names further down)."""
    data = pkgutil.get_data("justext", f"stoplists/{STOPLIST_NAMES[code]}.txt")
    if data is None:
        raise KeyError(code)
    words = map(str.strip, data.decode("utf-8").lower().splitlines())
    return tuple(dict.fromkeys(filter(None, words)))


# ---- detection ------------------------------------------------------------------------------------

# Bounded work per page: the longest blocks first (they are the article), up to this many words. (600 or
# 1,000 would cost less, but flipped 3-4 of the development sets' 3,356 readings, on pages with little
# prose, to a wrong language.)
_SAMPLE_WORDS = 2000
_SCRIPT_SAMPLE_CHARS = 4000
_PROSE_BLOCK_WORDS = 8  # a block of this many words is prose, not a menu item or a label
# The shortest text `_prose_first` can count as that many words: that many minus one single spaces with a
# character between each two and spaces at both ends (" a b c d e f "); counted by characters it needs
# twice the words.
_MIN_PROSE_CHARS = 2 * _PROSE_BLOCK_WORDS - 3
_MIN_PROSE_WORDS = 30  # below this much prose, every block votes
# Each language votes with only its most frequent stopwords: they are function words in every list, while
# the long tails of the bigger lists hold foreign words and names that would vote for the wrong language.
_VOTE_WORDS = 150
_MIN_VOTE_HITS = 5  # fewer stopword hits than this and the vote is inconclusive
_MIN_DISTINCT = 3  # a language needs this many different stopwords in the text to score at all
_MIN_WEIGHT = 0.1  # a list's weight for a word below this is dropped from the index (never decides)
_MIN_UNDETERMINED_WORDS = 50
_COUNT_CAP = 5  # one word counts at most this many times
# A declared language keeps its place unless the vote's winner beats it clearly.
_DECLARED_MARGIN = 0.75
# Share of letters in one of the scripts below that makes a page that language.
_SCRIPT_SHARE = 0.30
_NON_LATIN_SHARE = 0.10  # below this share of non-ASCII characters the script check stops at once
_TOKEN_PUNCTUATION = "\"'()[]{}<>«»“”„‘’‚.,;:!?¿¡…-–—/*"

_INITIAL = re.compile(r"^\w\.$")
_LETTER = re.compile(r"[^\W\d_]")
_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("kana", re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")),
    ("han", re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")),
    ("ko", re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")),
    ("th", re.compile("[\u0e00-\u0e7f]")),
    ("lo", re.compile("[\u0e80-\u0eff]")),
    ("km", re.compile("[\u1780-\u17ff]")),
    ("my", re.compile("[\u1000-\u109f]")),
    ("bo", re.compile("[\u0f00-\u0fff]")),
    ("si", re.compile("[\u0d80-\u0dff]")),
    ("am", re.compile("[\u1200-\u139f]")),
    ("pa", re.compile("[\u0a00-\u0a7f]")),  # Gurmukhi
    ("or", re.compile("[\u0b00-\u0b7f]")),
    ("dv", re.compile("[\u0780-\u07bf]")),  # Thaana
)
# The script checks count by deleting runs (a run of Han characters is one regex match, not one per
# character); the scripts are disjoint, so each check runs on what the ones before it left.
_SCRIPT_RUNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (script, re.compile(pattern.pattern + "+")) for script, pattern in _SCRIPTS
)
_NON_SCRIPT_RUN = re.compile("[^" + "".join(pattern.pattern[1:-1] for _, pattern in _SCRIPTS) + "]+")
_NON_LETTER_RUN = re.compile(r"[\W\d_]+")  # the complement of _LETTER


# Languages little written on the web (regional, historical, constructed). Their Wikipedia-derived lists
# are full of English titles and names, and a short English page without stopword-rich prose would
# otherwise often go to one of them: they need twice the evidence.
_RARE_ON_THE_WEB = frozenset(
    {
        "an", "rup", "ast", "bpy", "ceb", "cv", "io", "lmo", "nds", "nap", "new", "pms", "qu", "sgs", "sh",
        "scn", "su", "vo", "wa", "war", "fy", "be-tarask", "la", "eo", "ht", "oc", "br", "jv", "lb",
    }
)  # fmt: skip
_RARE_PRIOR = 0.5
# Written standards that share almost every function word with a bigger neighbour (Bosnian with Croatian,
# Nynorsk with Bokmål): a near tie goes to the neighbour, which far more pages are written in.
_SMALLER_TWIN = frozenset({"bs", "nn"})
_TWIN_PRIOR = 0.9


class _HasText(Protocol):
    @property
    def text(self) -> str: ...

    def lowered_words(self) -> list[str]: ...


def _prior(code: str) -> float:
    if code in _RARE_ON_THE_WEB:
        return _RARE_PRIOR
    return _TWIN_PRIOR if code in _SMALLER_TWIN else 1.0


@cache
def _stopword_index() -> dict[str, tuple[tuple[str, float], ...]]:
    """word → ((language, weight), ...) over each language's most frequent stopwords, built once per process.

    A word belongs most to the language where it ranks highest: "the" is English's first word and the
    109th of the (English-polluted) Finnish list. So a word weighs best_rank / its_rank in each list that
    holds it: 1 in its home language, little in lists it only leaked into, and about 1 in every list where
    it is equally at home ("de" in the Romance languages), which then share it."""
    ranks: dict[str, dict[str, int]] = {}
    for code in STOPLIST_NAMES:
        for rank, entry in enumerate(_ranked_words(code)[:_VOTE_WORDS], start=1):
            if _INITIAL.match(entry):
                continue  # "d.", "j.": initials of names, in every language alike
            # Keyed without the punctuation around it ("г.", "vardır." are list entries), as text words are.
            word = entry.strip(_TOKEN_PUNCTUATION) or entry
            by_code = ranks.setdefault(word, {})
            by_code[code] = min(rank, by_code.get(code, rank))
    index: dict[str, tuple[tuple[str, float], ...]] = {}
    for word, by_code in ranks.items():
        best = min(by_code.values())
        weights = ((code, best / rank * _prior(code)) for code, rank in by_code.items())
        # Weights this small never change a vote, and dropping them keeps the vote's inner loop short
        # ("of" sits in 41 lists, but is at home only in English).
        index[word] = tuple((code, weight) for code, weight in weights if weight >= _MIN_WEIGHT)
    return index


def known_word_count(words: Iterable[str]) -> int:
    """How many of `words` (lowercased, punctuation around them allowed) are a frequent stopword of some
    language. The decoder uses it to tell apart legacy charsets that differ only in a few letters: the
    right one turns "için" or "się" into words some stoplist knows, the wrong one into "iēin" or "siź"."""
    index = _stopword_index()
    return sum(1 for word in map(str.strip, words, repeat(_TOKEN_PUNCTUATION)) if word in index)


def _prose_first(texts: Sequence[str]) -> list[str]:
    """The page's prose, longest block first: a page's language is that of its sentences, not of its menu
    ("Home", "About us", "Sign in" are English on pages in every language). Short blocks count only when
    the page has too little prose to go on."""
    return [texts[index] for index in _prose_order(texts)]


def _prose_order(texts: Sequence[str]) -> list[int]:
    """`_prose_first` as positions in `texts`, so the caller can reach the blocks behind the texts."""
    # Positions sorted by their text's length as the texts themselves would sort (stable, longest first).
    ordered = sorted(range(len(texts)), key=list(map(len, texts)).__getitem__, reverse=True)
    prose: list[int] = []
    prose_words = 0
    tokens = 0
    for position in ordered:
        text = texts[position]
        if len(text) < _MIN_PROSE_CHARS:
            break  # this block and every shorter one after it are too short to be prose
        spaced = text.count(" ") + 1 if "  " not in text else len(text.split())  # blocks come collapsed
        # Chinese, Japanese, Thai: no spaces; two characters make about a word.
        words = len(text) // 2 if len(text) > 10 * spaced else spaced
        if words < _PROSE_BLOCK_WORDS:
            continue
        prose.append(position)
        prose_words += words
        tokens += spaced
        if tokens >= _SAMPLE_WORDS:
            break  # the vote reads no more than this
    return prose if prose_words >= _MIN_PROSE_WORDS else ordered


def _sample_words(blocks: Iterable[_HasText]) -> list[str]:
    """The first `_SAMPLE_WORDS` lowercased words of `blocks`; classification reads the same words later."""
    words: list[str] = []
    for block in blocks:
        words.extend(block.lowered_words())
        if len(words) >= _SAMPLE_WORDS:
            break
    return words[:_SAMPLE_WORDS]


def _script_language(texts: Iterable[str]) -> str | None:
    """The language of a script without usable stoplists (or Korean), when that script dominates."""
    parts: list[str] = []
    size = 0
    for text in texts:
        parts.append(text)
        size += len(text)
        if size >= _SCRIPT_SAMPLE_CHARS:
            break
    sample = " ".join(parts)[:_SCRIPT_SAMPLE_CHARS]
    non_ascii = len(sample) - len(sample.encode("ascii", "ignore"))
    if non_ascii < _NON_LATIN_SHARE * len(sample):
        return None
    # Only the characters of the scripts below can decide; without any (Cyrillic, Greek, Arabic, Latin
    # with accents) no script reaches its share, and the letters need not be counted.
    remaining = _NON_SCRIPT_RUN.sub("", sample)
    if not remaining:
        return None
    letters = len(_NON_LETTER_RUN.sub("", sample))
    if not letters:
        return None
    counts: dict[str, int] = {}
    for script, run in _SCRIPT_RUNS:
        rest = run.sub("", remaining)
        counts[script] = len(remaining) - len(rest)
        remaining = rest
    threshold = _SCRIPT_SHARE * letters
    # Japanese mixes kanji with kana; a few percent of kana already rules out Chinese.
    if counts["kana"] >= 0.05 * letters and counts["kana"] + counts["han"] >= threshold:
        return "ja"
    for script, count in counts.items():
        if script != "kana" and count >= threshold:
            return "zh" if script == "han" else script
    return None


def vote(words: Iterable[str]) -> tuple[dict[str, float], int]:
    """Stoplist scores over lowercased `words`, and how many words were a stopword of some language.

    Each distinct stopword adds its weight times its count, the count capped: a text shows its language
    by using many different function words, and one frequent word that happens to be a stopword elsewhere
    (a name, "bay" in a sports table, which is Vietnamese for "fly") must not carry the vote. A language
    with fewer than `_MIN_DISTINCT` distinct stopwords in the text scores nothing."""
    found = _stopword_counts(words)
    return _scores(found), sum(found.values())


def _stopword_counts(words: Iterable[str]) -> dict[str, int]:
    """How often each frequent stopword occurs in `words`, punctuation around the words stripped."""
    index = _stopword_index()
    # Punctuation stripped, stopwords kept and counted, all in C; in the order the words come, so that
    # the scores' floating-point sums do not depend on the process's string hashing.
    return Counter(filter(index.__contains__, map(str.strip, words, repeat(_TOKEN_PUNCTUATION))))


def _scores(found: dict[str, int]) -> dict[str, float]:
    """Each language's score over the page's stopword counts (see `vote`)."""
    index = _stopword_index()
    scores: defaultdict[str, float] = defaultdict(float)
    distinct: defaultdict[str, int] = defaultdict(int)
    for word, count in found.items():
        capped = min(count, _COUNT_CAP)
        for code, weight in index[word]:
            scores[code] += weight * capped
            distinct[code] += 1
    return {code: score for code, score in scores.items() if distinct[code] >= _MIN_DISTINCT}


def _declared_clearly_stands(found: dict[str, int], declared: str) -> bool:
    """True when the declared language stands whatever the other languages score, found with one pass
    over the page's stopwords instead of scoring every language (most pages declare their language right).

    Its score is summed as `_scores` sums it (same words, same order, same products). Every language's
    score is at most the sum of each word's best weight times its capped count: rounded addition and
    multiplication are monotonic, so the bound holds for the floating-point sums too, and a declared score
    within `_DECLARED_MARGIN` of the bound is within it of the best score."""
    weights = _language_weights(declared)
    best = _best_weights()
    score = 0.0
    bound = 0.0
    distinct = 0
    for word, count in found.items():
        capped = min(count, _COUNT_CAP)
        bound += best[word] * capped
        weight = weights.get(word)
        if weight is not None:
            score += weight * capped
            distinct += 1
    return distinct >= _MIN_DISTINCT and score >= _DECLARED_MARGIN * bound


@cache
def _language_weights(code: str) -> dict[str, float]:
    """word → its weight in `code`'s vote, for the words that vote for `code`."""
    return {word: weight for word, entries in _stopword_index().items() for c, weight in entries if c == code}


@cache
def _best_weights() -> dict[str, float]:
    """word → its highest weight in any language's vote (0 for a word whose weights were all dropped)."""
    return {
        word: max((weight for _, weight in entries), default=0.0)
        for word, entries in _stopword_index().items()
    }


def detect_language(blocks: Sequence[_HasText], *, hint: str = "", declared: str = "") -> tuple[str, str]:
    """The page's language and how it was found: "hint", "declared", "stoplist-vote", "script" or "default".

    The caller's hint wins. Otherwise a script without stoplists (CJK, Thai, ...) or Hangul decides;
    otherwise a vote over jusText's stoplists, where the declared language (`<html lang>`) stands when the
    vote agrees, is inconclusive or is close, and loses when the text clearly says otherwise (pages declare
    the wrong language often). "default": "und" (undetermined, classified without stopwords) for a page
    with text but no stopwords of any list, "en" when there is next to no text."""
    if hint:
        return canonical_code(hint), "hint"
    declared_code = canonical_code(declared) if declared else ""
    if declared_code not in available_languages():
        declared_code = ""
    present = [block for block in blocks if block.text]
    texts = [block.text for block in present]
    order = _prose_order(texts)
    if not order:
        return (declared_code, "declared") if declared_code else ("en", "default")

    # Both read the ordered blocks only as far as they need (a sample's worth), so they are not listed.
    by_script = _script_language(map(texts.__getitem__, order))
    if by_script is not None:
        return by_script, "declared" if declared_code == by_script else "script"

    words = _sample_words(map(present.__getitem__, order))
    found = _stopword_counts(words)
    hits = sum(found.values())
    if declared_code and (hits < _MIN_VOTE_HITS or _declared_clearly_stands(found, declared_code)):
        return declared_code, "declared"
    scores = _scores(found)
    if declared_code and (
        not scores
        or hits < _MIN_VOTE_HITS
        or scores.get(declared_code, 0.0) >= _DECLARED_MARGIN * max(scores.values())
    ):
        return declared_code, "declared"
    if not scores:
        if len(words) >= _MIN_UNDETERMINED_WORDS:
            # This much text in a language with a stoplist shows at least three of its stopwords: this
            # language has none (Somali, Hausa, Zulu, ...). Its blocks are classified without stopwords.
            return UNDETERMINED, "default"
        return "en", "default"
    return max(scores, key=lambda code: (scores[code], code == "en")), "stoplist-vote"


def language_name(code: str) -> str:
    """The jusText stoplist name for a code ("English"), or the code itself for script languages."""
    canonical = canonical_code(code)
    return STOPLIST_NAMES.get(canonical, canonical)
