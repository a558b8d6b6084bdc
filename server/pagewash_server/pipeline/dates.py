"""Dates to ISO 8601: found in running text (datelines) and normalized from metadata values."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from .values import clean_value

# ------------------------------------------------------------------------------------------------
# Dates in running text (a dateline of a text block): the first date a line holds, with its time.
# ------------------------------------------------------------------------------------------------

# Month names and abbreviations by month, in the forms dates use (the genitive where a language puts the
# month in it: "5 марта", "5. března", "5 Μαρτίου"). One table serves text lines and metadata values.
# A language whose word for one month is another language's word for a different month (Croatian
# "listopad" is October, Polish and Czech "listopad" November) keeps out of it.
_MONTH_NAMES_BY_NUMBER = (
    # English, German, French, Spanish, Portuguese, Italian, Dutch, Indonesian, Polish, Russian, Turkish,
    # Czech, Slovak, Hungarian, Romanian, Swedish, Danish/Norwegian, Finnish, Ukrainian, Bulgarian,
    # Serbian, Slovenian, Catalan, Greek, Arabic, Hindi, Croatian, Latvian, Lithuanian, Hebrew; then
    # abbreviations; last Armenian (named and in a date's genitive) and Georgian (and its "-ს" form).
    # Arabic has Egyptian and Levantine names for the months, and spellings with and without hamza;
    # Hebrew writes "in" before the month ("ביוני").
    "january januar jänner janvier enero janeiro gennaio januari stycznia январь января ocak ledna "
    "januára január ianuarie tammikuuta січня януари јануар januara gener ιανουαρίου يناير जनवरी "
    "siječnja janvāris janvārī sausio ינואר בינואר "
    "jan janv ene gen genn янв січ ιαν "
    "հունվար հունվարի იანვარი იანვარს",
    "february februar février fevrier febrero fevereiro febbraio februari lutego февраль февраля şubat "
    "února februára február februarie helmikuuta лютого февруари фебруар februara febrer φεβρουαρίου "
    "فبراير شباط फ़रवरी फरवरी veljače februāris februārī vasario פברואר בפברואר feb févr fevr fev фев лют φεβ "
    "փետրվար փետրվարի თებერვალი თებერვალს",
    "march märz maerz mars marzo março marco maart maret marca март марта mart března marec március "
    "martie marts maaliskuuta березня marta març μαρτίου مارس آذار मार्च ožujka martā kovo מרץ במרץ "
    "mar mär mrt мар бер μαρ "
    "մարտ մարտի მარტი მარტს",
    "april avril abril aprile kwietnia апрель апреля nisan dubna apríla április aprilie huhtikuuta "
    "квітня април aprila απριλίου أبريل ابريل إبريل نيسان अप्रैल travnja aprīlis aprīlī "
    "balandžio אפריל באפריל apr avr abr апр квіт απρ "
    "ապրիլ ապրիլի აპრილი აპრილს",
    "may mai mayo maio maggio mei maja май мая mayıs května mája május maj toukokuuta травня мај maig "
    "μαΐου مايو أيار मई svibnja maijs maijā gegužės במאי mag трав "
    "մայիս մայիսի მაისი მაისს",
    "june juni juin junio junho giugno czerwca июнь июня haziran června júna június iunie kesäkuuta "
    "червня юни јун juna junij juny ιουνίου يونيو يونيه حزيران जून lipnja "
    "jūnijs jūnijā birželio יוני ביוני jun giu июн черв ιουν "
    "հունիս հունիսի ივნისი ივნისს",
    "july juli juillet julio julho luglio lipca июль июля temmuz července júla július iulie "
    "heinäkuuta липня юли јул jula julij juliol ιουλίου يوليو يوليه تموز जुलाई srpnja jūlijs "
    "jūlijā liepos יולי ביולי jul juil lug июл лип ιουλ "
    "հուլիս հուլիսի ივლისი ივლისს",
    "august août aout agosto agustus augustus sierpnia август августа ağustos srpna augusta augusztus "
    "augusti elokuuta серпня avgust avgusta agost αυγούστου أغسطس اغسطس آب अगस्त kolovoza augusts "
    "augustā rugpjūčio אוגוסט באוגוסט aug ago авг серп αυγ "
    "օգոստոս օգոստոսի აგვისტო აგვისტოს",
    "september septembre septiembre setiembre setembro settembre września сентябрь сентября eylül září "
    "septembra szeptember septembrie syyskuuta вересня септември септембар septembar setembre "
    "σεπτεμβρίου سبتمبر أيلول सितंबर सितम्बर rujna septembris septembrī rugsėjo ספטמבר בספטמבר "
    "sep sept set szept сен сент вер σεπ "
    "սեպտեմբեր սեպտեմբերի სექტემბერი სექტემბერს",
    "october oktober octobre octubre outubro ottobre października октябрь октября ekim října októbra "
    "október octombrie lokakuuta жовтня октомври октобар oktobar oktobra οκτωβρίου أكتوبر "
    "اكتوبر अक्टूबर oktobris oktobrī spalio אוקטובר באוקטובר oct okt out ott окт жовт οκτ "
    "հոկտեմբեր հոկտեմբերի ოქტომბერი ოქტომბერს",
    "november novembre noviembre novembro listopada ноябрь ноября kasım listopadu novembra noiembrie "
    "marraskuuta листопада ноември новембар novembar νοεμβρίου نوفمبر नवंबर नवम्बर studenoga "
    "novembris novembrī lapkričio נובמבר בנובמבר nov ноя лист νοε "
    "նոյեմբեր նոյեմբերի ნოემბერი ნოემბერს",
    "december dezember décembre decembre diciembre dezembro dicembre desember grudnia декабрь декабря "
    "aralık prosince decembra decembrie joulukuuta грудня декември децембар decembar desembre "
    "δεκεμβρίου ديسمبر दिसंबर दिसम्बर prosinca decembris decembrī gruodžio דצמבר בדצמבר "
    "dec déc dez dic дек груд δεκ "
    "դեկտեմբեր դեկտեմբերի დეკემბერი დეკემბერს",
)
MONTHS: dict[str, int] = {
    name: number for number, names in enumerate(_MONTH_NAMES_BY_NUMBER, start=1) for name in names.split()
} | {
    # The Levantine Arabic months of two words.
    "كانون الثاني": 1,
    "تشرين الأول": 10,
    "تشرين الثاني": 11,
    "كانون الأول": 12,
}


def _alternation(words: Iterable[str]) -> str:
    """A regex matching any of `words`, as a trie: an alternation of many literals is tried word by word
    at every position of the text, a trie a character at a time. Longer words are tried first."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in node.items() if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


def is_month_name(word: str) -> bool:
    """Whether `word` names a month ("March", "mar", "März", "janvier") in a language the dates read."""
    return word.lower().rstrip(".") in MONTHS


_MONTH = "(?P<month>" + _alternation(MONTHS) + r")\.?"
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
        # Not inside an address's path (".../2015/03/30/slug"): the page it links to has that date.
        r"(?<!/)\b(?P<year>(?:19|20)\d\d)(?P<sep>[-/])(?P<month_n>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)(?:T|\b)",
        # A text dump glues the next element to a year ("April 26, 2024Updated on: ..."): no \b after it;
        # even a number or a time ("Oct 17, 20236:01 PM", "Mar 27, 20255 min read"): after a month and a
        # day, a run of five or six digits is a year and what follows it, never a year of its own.
        _GLUED_START + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"(?!\d{3})",
        # A second name of the same month may follow the first ("28 آب/أغسطس 2013").
        r"\b"
        + _DAY
        + r"\s*(?:de\s+|d['’]\s*|of\s+)?"
        + _MONTH
        + r"(?:/[^\W\d]{2,12})?,?\s*(?:de\s+)?"
        + _YEAR
        + r"(?!\d{3})",
        # Year first, as Hungarian writes it: "2024. március 5." (the dot keeps "in 2019 May 20 people" out).
        r"\b" + _YEAR + r"\.\s+" + _MONTH + r"\s+(?P<day>[0-3]?\d)\b(?![.,:]?\d)",
        # Latvian "2021. gada 3. janvārī" and Lithuanian "2020 m. sausio 3 d.".
        r"\b" + _YEAR + r"\.\s*gada\s+(?P<day>[0-3]?\d)\.\s*" + _MONTH,
        r"\b" + _YEAR + r"\s*m\.\s+" + _MONTH + r"\s+(?P<day>[0-3]?\d)\s*d\.",
        # Vietnamese: "ngày 5 tháng 3 năm 2024", "5 tháng 3, 2024".
        r"\b(?P<day>[0-3]?\d)\s+tháng\s+(?P<month_n>[01]?\d),?\s+(?:năm\s+)?(?P<year>(?:19|20)\d\d)\b",
        r"\b(?P<year>(?:19|20)\d\d)\s*[年년.]\s*(?P<month_n>[01]?\d)\s*[月월.]\s*(?P<day>[0-3]?\d)\s*[日일]?",
        r"\b(?P<day>[0-3]?\d)\.\s?(?P<month_n>[01]?\d)\.\s?(?P<year>(?:19|20)\d\d)\b",
        r"(?<!/)\b(?P<us_month>[0-3]?\d)(?P<sep>[/-])(?P<day>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)\b",
    )
)


_ANY_YEAR = re.compile(r"(?:19|20)\d\d")


def find_date(text: str, *, day_first: bool = False) -> str:
    """The first date in `text` as ISO 8601 ("2021-03-25" or "2021-03-25T09:23"), or ""."""
    found = search_date(text, day_first=day_first)
    return found[0] if found else ""


# Languages whose pages write an all-digit date month first ("03/25/2021"): American English. Every other
# language reads "05/03/2024" as the 5th of March (see `reads_day_first`).
_MONTH_FIRST_LANGUAGES = frozenset(("en", "und", ""))


def reads_day_first(language: str) -> bool:
    """Whether pages in `language` (ISO 639-1) put the day first in "05/03/2024"."""
    return language not in _MONTH_FIRST_LANGUAGES


def search_date(text: str, *, day_first: bool = False) -> tuple[str, int, int] | None:
    """The first date in `text` as (ISO 8601, start, end), or None. `day_first` reads "05/03/2024" as
    the 5th of March; without it, as May 3 unless the first number cannot be a month ("25/03/2024")."""
    if _ANY_YEAR.search(text) is None:
        return None  # every pattern needs a year: the month-name alternations are costly to try
    best: tuple[str, int, int] | None = None
    for pattern in _DATE_PATTERNS:
        if best is not None and best[1] == 0:
            break  # nothing starts before the start of the text
        for match in pattern.finditer(text):
            if best is not None and match.start() >= best[1]:
                break  # this pattern's later matches start later still: none can come first
            iso = _iso_from_text_match(match, day_first)
            if iso:
                best = (iso, match.start(), match.end())
                break
    return best


def _iso_from_text_match(match: re.Match[str], day_first: bool) -> str:
    groups = match.groupdict()
    year = int(groups["year"])
    day = int(groups["day"])
    if groups.get("month"):
        month = MONTHS.get(groups["month"].lower().rstrip("."), 0)
    elif groups.get("us_month"):
        month, day = _month_and_day(int(groups["us_month"]), day, day_first=day_first)
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

_MONTH_NAMES = _alternation(MONTHS)
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


def normalize_date(raw: str, *, day_first: bool = False) -> str:
    """A date as ISO 8601 ("2024-03-05", or "2024-03-05T14:30:00+01:00" when a time is given); "" if none.
    `day_first`: see `numeric_date`."""
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
    found = named_date(text) or numeric_date(text, day_first=day_first)
    if found is not None:
        return found.isoformat()
    # The running-text patterns read more ("5th of March 2024", "2024년 3월 5일", "5 марта 2024 г.").
    hit = search_date(text, day_first=day_first)
    return hit[0][:10] if hit and valid_date(*map(int, hit[0][:10].split("-"))) else ""


def named_date(text: str) -> date | None:
    """The first date with a month name ("5 March 2024", "March 5, 2024") in `text`, or None."""
    match = _NAMED_DATE_MDY.search(text)
    if match:
        month = MONTHS.get(match[1].lower())
        if month:
            return valid_date(int(match[3]), month, int(match[2]))
    match = _NAMED_DATE_DMY.search(text)
    if match:
        month = MONTHS.get(match[2].lower())
        if month:
            return valid_date(int(match[3]), month, int(match[1]))
    return None


def numeric_date(text: str, *, day_first: bool = False) -> date | None:
    """The first all-digit date ("05.03.2024", "3/5/24") in `text`, or None. A slashed date is read
    month first unless it cannot be or `day_first` (the page's language writes the day first) says so."""
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
    # 05.03.2024: dots are European, day first.
    month, day = (second, first) if "." in match[0] else _month_and_day(first, second, day_first=day_first)
    return valid_date(third, month, day)


def _month_and_day(first: int, second: int, *, day_first: bool) -> tuple[int, int]:
    """(month, day) of a slashed date's first two numbers ("03/05/2024"): month first, as most such pages
    are American, unless the first cannot be a month ("25/03/2024") or the page's language writes the
    day first (`day_first`) and the second can be one."""
    if first > 12 or (day_first and second <= 12):
        return second, first
    return first, second
