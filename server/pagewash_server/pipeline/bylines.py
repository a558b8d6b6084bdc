"""Author names from HTML bylines and metadata values: prefixes, roles, emails and handles dropped."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from .values import clean_value

# Byline labels: one table for every pattern that reads them (HTML bylines here, the lines of text dumps
# in text_metadata), so that a label known to one of them is known to all.
# Words put before the author's name: "By Jane Doe", "von Anna Schmidt", "Oleh Budi Santoso".
BY_WORDS = (
    "by", "von", "par", "por", "di", "oleh", "door", "av", "af",
    "του", "της", "بقلم", "كتب", "كتبت", "מאת", "โดย",
)  # fmt: skip
# English phrases ending in "by" ("Written by Jane Doe").
BY_PHRASES = ("written by", "posted by", "words by", "story by", "text by", "reported by")
# Nouns the name follows, mostly after a colon: "Author: Jane Doe", "Autorin: Anna Schmidt".
AUTHOR_NOUNS = (
    "author", "authors", "writer", "autor", "autorin", "autorka", "auteur", "autore", "penulis", "yazar",
    "szerző", "piše", "автор", "авторка", "tác giả",
    # Plurals, and the Baltic and Nordic nouns ("Autori: Anna Ūdre", "Autoren: Anna Müller und Max Weber").
    "autoren", "auteurs", "autores", "autori", "autorzy", "авторы", "autors", "autorius", "författare",
    "forfatter", "tekijä",
)  # fmt: skip
# Labels of scripts that need no space after a colon, read only with one: "作者：张伟".
COLON_LABELS = ("作者", "记者", "記者", "著者", "筆者", "文", "लेखक", "نویسنده", "ผู้เขียน")
# How a line of text may write a label. English ones in any case (all-capital bylines are common);
# these four only as written here: a capital "Di" begins names ("Di Maio"), "Av" abbreviates "avenue",
# and lowercase Greek "του"/"της" are everyday words ("of the"); the others lowercase or capitalised.
ANY_CASE_LABELS = frozenset(("by", *BY_PHRASES, "author", "authors", "writer"))
ONE_CASE_LABELS = {"di": "di", "av": "av", "του": "Του", "της": "Της"}


def label_alternation(labels: Iterable[str], written: Callable[[str], str] = re.escape) -> str:
    """A regex alternation of `labels`, each as `written` spells it, longest first (so that "autorin" is
    not read as "autor")."""
    return "|".join(written(label) for label in sorted(set(labels), key=lambda label: (-len(label), label)))


# A byline's label, stripped from the start of an author value: "By", "Written by", "Recipe by:",
# "Author:", "von", "par", "ByJane" (a tag boundary lost).
_BY_PREFIX = re.compile(
    rf"^(?:[^\W\d_]+\s+){{0,2}}?(?:(?:{label_alternation(BY_WORDS)})\b\s*:?\s*"
    rf"|(?:{label_alternation(AUTHOR_NOUNS + COLON_LABELS)})\s*[:：]\s*)"
    r"|^By(?=[A-Z])",
    re.IGNORECASE,
)
# A writer's role: "Senior Staff Writer", "Contributors".
_ROLE = (
    r"(?:(?:senior|staff|contributing|guest|associate|managing|chief|executive|freelance)\s+)*"
    r"(?:writer|reporter|editor|contributor|correspondent|columnist|journalist|author)s?"
)
# The role after a name ("Jane Doe, Staff Writer"), and a piece that is a role alone.
_ROLE_SUFFIX = re.compile(rf"(?:,?\s+{_ROLE}|\s+says|\s+wrote|\s*기자)\s*:?$", re.IGNORECASE)
_ROLE_ONLY = re.compile(rf"^{_ROLE}\s*:?$", re.IGNORECASE)
# Words of a byline's furniture, never of a name.
_NOT_NAME_WORDS = frozenset(
    {
        "bio",
        "profile",
        "says",
        "said",
        "wrote",
        "posts",
        "comments",
        "comment",
        "follow",
        "share",
        "subscribe",
        "login",
        "menu",
        "view",
        "more",
        "topic",
        "author",
        "authors",
        "read",
        "minutes",
        "min",
        "updated",
        "published",
        "posted",
        "name",
        "email",
        "website",
        "reply",
        "leave",
        "category",
        "categories",
        "tags",
        "anonymous",
        "using",
        "authorized",
        "dealer",
        "seller",
        "stage",
        "required",
        "sign",
        "logged",
        "logout",
        "register",
    }
)
_HANDLE_NAME = re.compile(r"^(?=.*[^\W\d_])[\w.\-]{2,32}$")
_LONE_PREFIX = re.compile(r"^(?:by|von|par|por|author|authors|written by|posted by)$", re.IGNORECASE)
# "Jane Doe - Staff Writer", "Jane Doe | The Daily": a role or an outlet after the name.
_ROLE_SEPARATOR = re.compile(r"\s+[-–—|⋅]\s+")
_UNBALANCED = re.compile(r"\([^)]*$|^[^(]*\)")
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\||&|•|·|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bi\b)\s*", re.IGNORECASE)
_EMAIL = re.compile(r"[^\s()<>\[\]]+@[^\s()<>\[\]]+\.\w+")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]|<\s*>")
_URLISH = re.compile(r"^(?:https?:|www\.|/)|\.(?:com|org|net)/", re.IGNORECASE)
_HANDLE = re.compile(r"^@\w+$")
# A user name with digits: letters first, then letters and digits, in one word ("Ejp55230", "user447274").
_USER_HANDLE = re.compile(r"^[^\W\d_]{2,}[\w.\-]*\d[\w.\-]*$")
# A template's unfilled slot: a translation key ("page.head.extra.author") or a placeholder ("{{author}}").
_TEMPLATE_KEY = re.compile(r"^[a-z_]+(?:\.[a-z_]+){3,}$|\{\{|\$\{|%\w+%")
_CREDENTIAL = re.compile(
    r"^(?:[A-Z][A-Za-z]?\.?){1,5}(?:\s*\d+)?$|^(?:ph\.?d\.?|m\.?d\.?|jr\.?|sr\.?)$", re.I
)
_DIGITS = re.compile(r"\d")
_TRAILING_DATE = re.compile(
    r"\s*(?:[-|,•·]\s*)?(?:\bon\s+)?(?:updated|published|posted)?\s*(?:\bon\s+)?\d{1,4}[./-]\d{1,2}[./-]\d{1,4}.*$",
    re.IGNORECASE,
)
# Text dumps and text_content() glue neighbouring elements: "By Jane DoePublished: June 25".
_GLUED_DATE_WORD = re.compile(
    r"([a-z])((?:Published|Updated|Posted|Last updated|Modified|Reviewed|Fact checked|In|On)\b"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d)"
)
# "Jane Doe on Friday, March 5", "David at 11:02", "Niko Matsakis on behalf of the team".
_TRAILING_WHEN = re.compile(r"\s+(?:on|at)\s+(?:[A-Z\d]|behalf\b).*$")


def unglue_date_words(text: str) -> str:
    """A " | " put back between a name and the date word glued to it ("Jane DoePublished" → "Jane Doe |
    Published")."""
    return _GLUED_DATE_WORD.sub(r"\1 | \2", text)


def author_names(raw: str) -> list[str]:
    """A byline split into clean names: "By A, B and C" → [A, B, C]; emails, URLs and handles dropped."""
    text = unglue_date_words(clean_value(raw))
    if not text or _URLISH.search(text):
        return []
    text = _EMPTY_BRACKETS.sub(" ", _EMAIL.sub(" ", text))
    text = _TRAILING_WHEN.sub("", _TRAILING_DATE.sub("", text))
    text = _BY_PREFIX.sub("", text.strip(" :|-–—")).strip()
    text = _ROLE_SEPARATOR.split(text, maxsplit=1)[0]
    names: list[str] = []
    for piece in _AUTHOR_SPLIT.split(text):
        name = _BY_PREFIX.sub("", piece.strip(" .:|-–—[]\"'／｜：・")).strip()
        name = _without_role(name)
        if "(" in name or ")" in name:
            name = _UNBALANCED.sub("", name).strip()
        if (
            not name
            or _LONE_PREFIX.match(name)
            or _HANDLE.match(name)
            or _URLISH.search(name)
            or _TEMPLATE_KEY.search(name)
        ):
            continue
        if _CREDENTIAL.match(name) and len(names) > 0:
            continue  # "Jane Doe, MD, PhD": the letters after the name are not authors
        if len(name) > 80 or len(name.split()) > 6:
            continue
        # Digits belong to dates and numbers, not names; a user name may carry several ("ggailey777").
        if len(_DIGITS.findall(name)) > 2 and not _USER_HANDLE.match(name):
            continue
        names.append(name)
    return names


def _without_role(name: str) -> str:
    """A name without the role after it ("Jane Doe Senior Writer" → "Jane Doe"); "" for a role alone
    ("Staff Writer" after "Jane Doe,"); a role that is all the name there is ("Community Editor", "Our
    Editors", "The Currency editors") stays."""
    if _ROLE_ONLY.match(name):
        return ""
    stripped = _ROLE_SUFFIX.sub("", name).strip()
    if stripped == name:
        return name
    words = stripped.split()
    # In a script with capitals a person's name is two words or more; one left is a team or an outlet.
    # (A Korean name is one: "홍길동 기자".)
    one_cased_word = len(words) == 1 and not is_caseless_letter(words[0][:1])
    if not words or one_cased_word or words[0].casefold() in _COLLECTIVE_OPENERS:
        return name
    return stripped


_COLLECTIVE_OPENERS = frozenset(("the", "our", "your"))


BY_START = re.compile(rf"^\s*(?:{label_alternation(BY_PHRASES)}|by)\b", re.IGNORECASE)


def byline_names(text: str, *, explicit: bool, whole: bool = True) -> list[str]:
    """The names in a byline's text; a lone user name ("jdoe42") only when the element or the text
    says it is the author ("By jdoe42", class="username"), and the text is the whole line (`whole`):
    "By integrating" is how a sentence with a link in it starts."""
    candidates = author_names(text)
    names = [n for n in candidates if _looks_like_name(n)]
    if not names and len(candidates) == 1 and (explicit or (whole and BY_START.match(text))):
        names = [n for n in candidates if _looks_like_handle(n)]
    return names


def _looks_like_name(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 5 or _DIGITS.search(name) or "*" in name:
        return False
    if any(word.casefold().strip(".:,") in _NOT_NAME_WORDS for word in words):
        return False
    # Words of a script without capitals (Arabic, Hindi, Chinese) count as capitalised: no sign either way.
    capitalised = sum(
        1 for w in words if w[:1].isupper() or (w[:1].isalpha() and w[:1].lower() == w[:1].upper())
    )
    return capitalised >= max(1, len(words) - 1)


def is_caseless_letter(char: str) -> bool:
    """A letter of a script without capitals (Arabic, Devanagari, Chinese): its case says nothing."""
    return char.isalpha() and char.lower() == char.upper()


def _looks_like_handle(name: str) -> bool:
    """A user name such as "jdoe42" or "mary.k" (forum posts are signed with these)."""
    return bool(_HANDLE_NAME.match(name)) and name.casefold().strip(".") not in _NOT_NAME_WORDS
