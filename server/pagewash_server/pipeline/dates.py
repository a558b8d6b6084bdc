"""Dates to ISO 8601: found in running text (datelines) and normalized from metadata values."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from .values import clean_value

# ------------------------------------------------------------------------------------------------
# Dates in running text (a dateline of a text block): the first date a line holds, with its time.
# The month table reads more languages than the metadata one below: a text line is the page's own
# wording, while metadata values are mostly English or ISO.
# ------------------------------------------------------------------------------------------------

_TEXT_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan januar janvier enero janeiro gennaio januari januar stycznia январь января ocak",
        "february feb februar février fevrier febrero fevereiro febbraio februari lutego февраль февраля "
        "şubat",
        "march mar märz maerz mars marzo março marco maart maret marca март марта mart",
        "april apr avril abril aprile kwietnia апрель апреля nisan",
        "may mai mayo maio maggio mei maja май мая mayıs",
        "june jun juni juin junio junho giugno czerwca июнь июня haziran",
        "july jul juli juillet julio julho luglio lipca июль июля temmuz",
        "august aug août aout agosto agustus augustus sierpnia август августа ağustos",
        "september sep sept septembre septiembre setiembre setembro settembre września сентябрь сентября "
        "eylül",
        "october oct oktober octobre octubre outubro ottobre października октябрь октября ekim",
        "november nov novembre noviembre novembro listopada ноябрь ноября kasım",
        "december dec dezember décembre decembre diciembre dezembro dicembre desember grudnia декабрь "
        "декабря aralık",
    ),
    start=1,
):
    for _name in _names.split():
        _TEXT_MONTHS.setdefault(_name, _number)


def is_month_name(word: str) -> bool:
    """Whether `word` names a month ("March", "mar", "März", "janvier") in a language the dates read."""
    return word.lower().rstrip(".") in _TEXT_MONTHS


_MONTH = "(?P<month>" + "|".join(sorted(map(re.escape, _TEXT_MONTHS), key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|º|\.)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_TIME = (
    r"(?:\s*(?:,|-|–|—|\||at|um|à|às|a las|alle|pukul|o)?\s*"
    r"(?P<hour>[0-2]?\d)(?:[:h](?P<minute>[0-5]\d)|\.(?P<minute2>[0-5]\d)(?=\s*(?:[ap]\.?m|gmt|utc|[a-z]{2,4}t\b|uhr|h\b|wib)))"
    r"(?::[0-5]\d)?\s*(?P<ampm>[ap]\.?\s?m\.?)?)?"
)
# A word boundary, or a month glued to what comes before it ("HealthDECEMBER 22", "2019January 18").
_GLUED_START = r"(?:\b|(?<=\d)|(?<=(?-i:[a-z]))(?=(?-i:[A-Z])))"
_DATE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p + _TIME, re.IGNORECASE)
    for p in (
        r"\b(?P<year>(?:19|20)\d\d)-(?P<month_n>[01]?\d)-(?P<day>[0-3]?\d)(?:T|\b)",
        # A text dump glues the next element to a year ("April 26, 2024Updated on: ..."): no \b after it.
        _GLUED_START + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"(?!\d)",
        r"\b" + _DAY + r"\s*(?:de\s+|of\s+)?" + _MONTH + r",?\s*(?:de\s+)?" + _YEAR + r"(?!\d)",
        r"\b(?P<year>(?:19|20)\d\d)\s*[年년.]\s*(?P<month_n>[01]?\d)\s*[月월.]\s*(?P<day>[0-3]?\d)\s*[日일]?",
        r"\b(?P<day>[0-3]?\d)\.(?P<month_n>[01]?\d)\.(?P<year>(?:19|20)\d\d)\b",
        r"\b(?P<us_month>[01]?\d)/(?P<day>[0-3]?\d)/(?P<year>(?:19|20)\d\d)\b",
    )
)


_ANY_YEAR = re.compile(r"(?:19|20)\d\d")


def find_date(text: str) -> str:
    """The first date in `text` as ISO 8601 ("2021-03-25" or "2021-03-25T09:23"), or ""."""
    found = search_date(text)
    return found[0] if found else ""


def search_date(text: str) -> tuple[str, int, int] | None:
    """The first date in `text` as (ISO 8601, start, end), or None."""
    if _ANY_YEAR.search(text) is None:
        return None  # every pattern needs a year: the month-name alternations are costly to try
    best: tuple[str, int, int] | None = None
    for pattern in _DATE_PATTERNS:
        if best is not None and best[1] == 0:
            break  # nothing starts before the start of the text
        for match in pattern.finditer(text):
            if best is not None and match.start() >= best[1]:
                break  # this pattern's later matches start later still: none can come first
            iso = _iso_from_text_match(match)
            if iso:
                best = (iso, match.start(), match.end())
                break
    return best


def _iso_from_text_match(match: re.Match[str]) -> str:
    groups = match.groupdict()
    year = int(groups["year"])
    day = int(groups["day"])
    if groups.get("month"):
        month = _TEXT_MONTHS.get(groups["month"].lower().rstrip("."), 0)
    elif groups.get("us_month"):
        month = int(groups["us_month"])
        if month > 12 and day <= 12:  # 25/03/2021: day first after all
            month, day = day, month
    else:
        month = int(groups["month_n"])
    try:
        date(year, month, day)
    except ValueError:  # 2021-02-30, or a month number that was a day
        return ""
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    hour_text = groups.get("hour")
    minute_text = groups.get("minute") or groups.get("minute2")
    if hour_text is not None and minute_text is not None:
        hour = int(hour_text)
        ampm = (groups.get("ampm") or "").lower().replace(".", "").replace(" ", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if hour <= 23:
            iso += f"T{hour:02d}:{int(minute_text):02d}"
    return iso


# ------------------------------------------------------------------------------------------------
# Date values of metadata (attributes, JSON-LD, <time>, short date elements).
# ------------------------------------------------------------------------------------------------

_METADATA_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january jan janvier janv januar enero ene gennaio genn janeiro januari jänner",
            "february feb february février févr februar febrero febbraio fevereiro fev februari",
            "march mar mars märz marzo março maart",
            "april apr avril abril aprile abr",
            "may mai mayo maggio maio mei",
            "june jun juin juni junio giugno junho",
            "july jul juillet juil juli julio luglio julho",
            "august aug août august agosto ago augustus",
            "september sep sept septembre septiembre settembre setembro set",
            "october oct octobre oktober octubre ottobre outubro out okt",
            "november nov novembre noviembre novembro",
            "december dec décembre déc dezember diciembre dic dicembre dezembro dez",
        ),
        start=1,
    )
    for name in names.split()
}
_MONTH_NAMES = "|".join(sorted(_METADATA_MONTHS, key=len, reverse=True))
ISO_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?",
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,4})[./](\d{1,2})[./](\d{1,4})(?!\d)")
_NAMED_DATE_DMY = re.compile(
    rf"(?<![\w])(\d{{1,2}})(?:st|nd|rd|th|er|\.)?\s+(?:de\s+)?({_MONTH_NAMES})\.?,?\s+(?:de\s+)?((?:19|20)\d{{2}})(?!\d)",
    re.IGNORECASE,
)
_NAMED_DATE_MDY = re.compile(
    rf"\b({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{{2}})(?!\d)", re.IGNORECASE
)
_COMPACT_DATE = re.compile(r"^((?:19|20)\d{2})(\d{2})(\d{2})(?:\d{4,6})?$")
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")
_MIN_YEAR = 1993


def valid_date(year: int, month: int, day: int) -> date | None:
    """The date when it exists and its year is plausible for a web page, else None."""
    if not _MIN_YEAR <= year <= datetime.now(tz=UTC).year + 1:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def normalize_date(raw: str) -> str:
    """A date as ISO 8601 ("2024-03-05", or "2024-03-05T14:30:00+01:00" when a time is given); "" if none."""
    text = clean_value(raw)
    if not text:
        return ""
    match = ISO_DATE.search(text)
    if match:
        year, month, day, hour, minute, second, zone = match.groups()
        found = valid_date(int(year), int(month), int(day))
        if found is None:
            return ""
        out = found.isoformat()
        if hour is not None and int(hour) < 24 and int(minute) < 60:
            out += f"T{int(hour):02d}:{minute}" + (f":{second}" if second else ":00")
            if zone:
                zone = zone.upper()
                if zone in ("Z", "UTC", "GMT"):
                    out += "Z" if zone == "Z" else "+00:00"
                else:
                    out += zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"
        return out
    compact = _COMPACT_DATE.match(text)
    if compact:
        found = valid_date(int(compact[1]), int(compact[2]), int(compact[3]))
        return found.isoformat() if found else ""
    if _EPOCH.match(text):
        seconds = int(text[:10])
        stamp = datetime.fromtimestamp(seconds, tz=UTC)
        return stamp.isoformat().replace("+00:00", "Z") if valid_date(stamp.year, 1, 1) else ""
    found = named_date(text) or numeric_date(text)
    if found is None:
        return ""
    return found.isoformat()


def named_date(text: str) -> date | None:
    """The first date with a month name ("5 March 2024", "March 5, 2024") in `text`, or None."""
    match = _NAMED_DATE_MDY.search(text)
    if match:
        month = _METADATA_MONTHS.get(match[1].lower())
        if month:
            return valid_date(int(match[3]), month, int(match[2]))
    match = _NAMED_DATE_DMY.search(text)
    if match:
        month = _METADATA_MONTHS.get(match[2].lower())
        if month:
            return valid_date(int(match[3]), month, int(match[1]))
    return None


def numeric_date(text: str) -> date | None:
    """The first all-digit date ("05.03.2024", "3/5/24") in `text`, or None."""
    match = _NUMERIC_DATE.search(text)
    if not match:
        return None
    first, second, third = (int(g) for g in match.groups())
    if len(match[1]) == 4:  # 2024/03/05
        return valid_date(first, second, third)
    if len(match[3]) == 2:
        third += 2000
    elif len(match[3]) != 4:
        return None
    if "." in match[0] or first > 12:  # 05.03.2024 and 25/03/2024 are day first
        return valid_date(third, second, first)
    return valid_date(third, first, second)  # 03/05/2024: month first, as most such pages are American
