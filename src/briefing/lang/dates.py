"""Dates in the five languages: datelines, dates mentioned in sentences, and weekdays.

- `publication_stamp(line, lang)`: the date of a line that is a dateline or
  publication stamp ("Published June 27, 2023 | 07:30 PM", "12:19, 06 հունիս
  2023", "Опубликовано: 7 ноября 2022 г., 11:07"), else None. dateparser reads
  the stamp where it can; the rules below read what it cannot
  ("7 ноября 2022 г., 11:07 мск", "2023 թ. հունիսի 6").
- `find_dates(text, lang)`: every date a text mentions, with its span: full
  dates, day and month without a year, month and year, and ranges
  ("1–4 May", "մայիսի 1-4-ը", "27-29 Haziran", "30 November – 2 December 2022").
  A date without a year stays without one: no year is ever guessed here.
- `find_weekdays(text, lang)` and `resolve_weekday(weekday, reference)`.
- `find_relative_months(text, lang)` and `resolve_month`: "at the end of last May", «անցյալ մայիսին».
- `find_relative_days(text, lang)`: "yesterday", «сегодня», «երեկ», "dünən", "yarın",
  each with its offset in days from the page's publication date.

The rules are built from each language's tables (`Language.months`,
`Language.dates`): a handful of shapes (day month year, month day year, year
month day, month year, numeric), each a linear regex, then overlapping
matches resolved longest first and adjacent dates joined into ranges.
Numeric dates with slashes or dashes are read in the order the page itself
shows (`page_date_order`, `date_order_evidence`); dotted dates (07.11.2022)
are day first everywhere. A stamp may shorten the year ("11.05.24 14:20");
prose may not.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from . import Language, get
from ._common import alternation

#: A dateline is a short line: the longest seen, a date and time with "Published"
#: and "Updated" stamps in two time zones, runs to about 100 characters.
STAMP_MAX_CHARS = 120

_YEAR_RANGE = range(1800, 2100)
#: Written dates tell a page's numeric order when one order outnumbers the other this many times (a
#: quotation or a wire copy may bring a date in the other style).
WRITTEN_ORDER_RATIO = 2
#: A stamp's two-digit year ("11.05.24") is in this century: news sites that shorten the year print
#: the current one, and no page this tool reads was published before 2000.
SHORT_YEAR_CENTURY = 2000


@dataclass(frozen=True)
class DatePoint:
    """A calendar date, possibly without its year or day."""

    year: int | None
    month: int
    day: int | None

    @property
    def precision(self) -> str:
        """How much it says: "day" or "month"."""
        return "day" if self.day is not None else "month"

    def to_date(self) -> dt.date | None:
        """The full date, or None when the year or the day is missing."""
        if self.year is None or self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)


@dataclass(frozen=True)
class FoundDate:
    """A date mentioned in a text: what it says, where, and (for ranges) where it ends."""

    text: str
    span: tuple[int, int]
    date: DatePoint
    end: DatePoint | None = None

    @property
    def partial(self) -> bool:
        """True when the text gives no year for it."""
        return self.date.year is None


@dataclass(frozen=True)
class FoundWeekday:
    """A weekday mentioned in a text ("on Monday", "в прошлую среду", "pazartesi günü")."""

    text: str
    span: tuple[int, int]
    weekday: int  # 0 = Monday
    relation: str  # "" (on), "last", "next" or "this", from the words before it


@dataclass(frozen=True)
class FoundRelativeDay:
    """A day named by its distance from the page's date ("yesterday", «сегодня», "bu gün")."""

    text: str
    span: tuple[int, int]
    offset: int  # days after the publication date: -1 yesterday, 0 today, 1 tomorrow


@dataclass(frozen=True)
class FoundRelativeMonth:
    """A month named by its place before or after the page's date ("last May", «անցյալ մայիսին», "geçen mayıs")."""

    text: str
    span: tuple[int, int]
    month: int
    relation: str  # "last" or "next"


# --- patterns -----------------------------------------------------------------------


class _Patterns:
    """The compiled date shapes of one language, for folded text or (capitalised names) for text as written.

    Datelines (`stamp`) also get the month-day shape in languages whose prose
    does not use it: CMS templates print "Haziran 29, 2023" on Turkish pages.
    """

    def __init__(self, language: Language, folded: bool, stamp: bool = False):
        g = language.dates
        if language.capitalised_names and not folded:
            months = alternation(v for form in language.months for v in (form[:1].upper() + form[1:], form.upper()))
        else:
            months = alternation(language.months)
        before = r"(?<![\w.,:/])"

        day = r"3[01]|[12]\d|0?[1-9]"
        day_suffix = f"(?:{g.day_suffix})"

        def month(name: str) -> str:
            # A dot after the month belongs to it only before a number ("Nov. 30"), not at a sentence's end.
            return rf"(?P<{name}>{months})(?:\.(?=\s*\d))?(?![^\W\d_])"

        year_suffix = f"(?:{g.year_suffix})?" if g.year_suffix else ""

        def year(name: str, ends_date: bool = False) -> str:
            # In languages that write the year first, a year followed by a month begins the next date.
            end = rf"(?!{year_suffix}[\s,]+(?:{months}))" if ends_date and g.year_first else ""
            return rf"(?P<{name}>(?:1[89]|20)\d\d)(?![\d:]){end}{year_suffix}"

        # One day or a range of days. The first day's ending is tried last, so that in "1-ից 4-ը" (from 1 to 4)
        # the ablative joins the range instead of ending the date.
        days = (
            rf"(?P<d>{day})(?![\d:]){day_suffix}??(?:(?:{g.range_joiner})(?P<d2>{day})(?![\d:]){day_suffix}?)?{day_suffix}?"
            r"(?![^\W\d_])"
        )
        shapes = {
            "iso": r"(?<![\d-])(?P<y>(?:1[89]|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?!\d)",
            "numeric": rf"(?<![\d./-])(?P<a>\d{{1,2}})(?P<s>[./-])(?P<b>\d{{1,2}})(?P=s){year('y')}",
            "numeric_ymd": r"(?<![\d./-])(?P<y>(?:1[89]|20)\d\d)(?P<s>[./])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?![\d.])",
            "day_month": rf"{before}{days}{g.day_month_glue}{month('m')}(?:,?\s*{year('y', ends_date=True)})?",
            "month_year": rf"{before}{month('m')},?\s+{year('y')}",
        }
        if stamp:
            # A stamp may shorten the year: "11.05.24 14:20", "08/11/22 - 10:24" (never read in prose, where
            # "11.05.24" may be a score or a version).
            shapes["numeric_short"] = (
                r"(?<![\d./-])(?P<a>\d{1,2})(?P<s>[./-])(?P<b>\d{1,2})(?P=s)(?P<y2>\d\d)(?![\d./-]|:\d)"
            )
        if g.month_day or stamp:
            shapes["month_day"] = rf"{before}{month('m')}\s+{days}(?:,?\s+{year('y', ends_date=True)})?"
        if g.year_first:
            shapes["year_month_day"] = rf"{before}{year('y')}[\s,]+{month('m')}\s+{days}"
            shapes["year_month"] = rf"{before}{year('y')}[\s,]+{month('m')}"
        flags = 0 if language.capitalised_names and not folded else re.IGNORECASE
        self.shapes = {name: re.compile(pattern, flags) for name, pattern in shapes.items()}
        self.joiner = re.compile(rf"(?:{g.range_joiner})", re.IGNORECASE)
        self.published = re.compile(g.published_label, re.IGNORECASE)
        self.updated = re.compile(g.updated_label, re.IGNORECASE)
        self.numeric = self.shapes["numeric"]


@cache
def _patterns(code: str, folded: bool, stamp: bool = False) -> _Patterns:
    return _Patterns(get(code), folded, stamp)


@cache
def _weekday_pattern(code: str) -> re.Pattern[str]:
    language = get(code)
    g = language.dates
    forms = [
        form
        for form in language.weekdays
        if form not in language.weekday_abbreviations and g.weekday_context.get(form) != "never"
    ]
    if language.capitalised_names:
        names = alternation(v for form in forms for v in (form[:1].upper() + form[1:], form.upper()))
        cues = f"(?i:{alternation(g.weekday_cues)})"
        flags = 0
    else:
        names, cues, flags = alternation(forms), alternation(g.weekday_cues), re.IGNORECASE
    return re.compile(
        rf"(?<![^\W\d_])(?:(?P<cue>{cues})\s+)?(?P<day>{names})(?![^\W\d_])(?:\s+(?P<after>{g.weekday_after})(?![^\W\d_]))?",
        flags,
    )


@cache
def _relative_month_pattern(code: str) -> re.Pattern[str]:
    """A month after a cue word that places it before or after the page's date ("last May", "geçen mayıs")."""
    language = get(code)
    cues = alternation(cue for cue, relation in language.dates.weekday_cues.items() if relation in ("last", "next"))
    forms = [form for form in language.months if form not in language.month_abbreviations]
    if language.capitalised_names:
        months = alternation(v for form in forms for v in (form[:1].upper() + form[1:], form.upper()))
        cues = f"(?i:{cues})"
    else:
        months = alternation(forms)
    return re.compile(rf"(?<![^\W\d_])(?P<cue>{cues or '(?!)'})\s+(?P<month>{months})(?![^\W\d_]|\s*\d)")


@cache
def _relative_day_pattern(code: str) -> re.Pattern[str]:
    """The language's relative-day words as whole words, on folded text (longest first: "the day before yesterday")."""
    words = alternation(get(code).dates.relative_days) or "(?!)"
    return re.compile(rf"(?<![^\W\d_])(?:{words})(?![^\W\d_])")


# --- public API --------------------------------------------------------------------------


def page_date_order(text: str, lang: str | Language) -> str:
    """How the page writes numeric dates: "DMY" or "MDY", from the page's own evidence
    (`date_order_evidence`), else the language's default."""
    language = get(lang)
    return date_order_evidence(text, language) or language.date_order


def date_order_evidence(text: str, lang: str | Language) -> str | None:
    """The order the page itself shows for numeric dates, or None when it shows none.

    First, dates only one order can read (25/12, 12/25); dotted dates say
    nothing (they are day first everywhere). Then, in a language where either
    order is in use (`DateGrammar.numeric_order_follows_prose`), the order of
    the dates it writes with a month name: "14 September" twice as often as
    "September 14" says day first. Evidence both ways is none.
    """
    language = get(lang)
    votes = set()
    for m in _patterns(language.code, True).numeric.finditer(text):
        if m.group("s") == ".":
            continue
        a, b = int(m.group("a")), int(m.group("b"))
        if a > 12 >= b:
            votes.add("DMY")
        elif b > 12 >= a:
            votes.add("MDY")
    if votes:
        return votes.pop() if len(votes) == 1 else None
    if not language.dates.numeric_order_follows_prose:
        return None
    folded = not language.capitalised_names
    patterns = _patterns(language.code, folded)
    scanned = language.fold(text) if folded else text
    day_first = sum(1 for m in patterns.shapes["day_month"].finditer(scanned) if m.group("d"))
    month_first = sum(1 for m in patterns.shapes["month_day"].finditer(scanned) if m.group("d"))
    if day_first and day_first >= WRITTEN_ORDER_RATIO * month_first:
        return "DMY"
    if month_first and month_first >= WRITTEN_ORDER_RATIO * day_first:
        return "MDY"
    return None


def find_dates(text: str, lang: str | Language, *, date_order: str | None = None) -> list[FoundDate]:
    """Every date `text` mentions, left to right, ranges joined (see the module docstring).

    `date_order` reads numeric dates with slashes or dashes; give the page's
    (`page_date_order` of the whole page) when `text` is one sentence of it.
    """
    language = get(lang)
    folded = not language.capitalised_names
    scanned = language.fold(text) if folded else text
    order = date_order or page_date_order(text, language)
    return _scan(text, scanned, language, order, _patterns(language.code, folded))


def find_weekdays(text: str, lang: str | Language) -> list[FoundWeekday]:
    """Every weekday `text` names in running text, with the cue before it ("on", "в прошлую", "geçen")."""
    language = get(lang)
    g = language.dates
    scanned = text if language.capitalised_names else language.fold(text)
    found = []
    for m in _weekday_pattern(language.code).finditer(scanned):
        form = language.fold(m.group("day"))
        need = g.weekday_context.get(form)
        if (need == "after" and not m.group("after")) or (need == "cue" and not (m.group("cue") or m.group("after"))):
            continue
        cue = " ".join(language.fold(m.group("cue") or "").split())
        found.append(
            FoundWeekday(text[m.start() : m.end()], m.span(), language.weekdays[form], g.weekday_cues.get(cue, ""))
        )
    return found


def find_relative_days(text: str, lang: str | Language) -> list[FoundRelativeDay]:
    """Every day `text` names by its distance from today ("yesterday", «завтра», "bugün"), left to right."""
    language = get(lang)
    table = language.dates.relative_days
    return [
        FoundRelativeDay(text[m.start() : m.end()], m.span(), table[" ".join(m.group().split())])
        for m in _relative_day_pattern(language.code).finditer(language.fold(text))
        if not _in_name(text, m.start())
    ]


#: A capitalised word just before: "USA Today", "Azerbaijan Today", "Türkiye Bugün" (a title, not a day).
_NAME_BEFORE = re.compile(r"(?:^|[\s(«\"“])[^\W\d_]*[A-ZА-ЯЁԱ-ՖÇƏĞİÖŞÜ][^\W\d_]*\s+$")


def _in_name(text: str, start: int) -> bool:
    """Whether the relative-day word at `start` is part of a name: capitalised after a capitalised word
    ("USA Today", "Azerbaijan Today"). At a sentence's start ("Today, the ministers ...") it is a day."""
    return text[start : start + 1].isupper() and bool(_NAME_BEFORE.search(text[max(0, start - 40) : start]))


def find_relative_months(text: str, lang: str | Language) -> list[FoundRelativeMonth]:
    """Every month `text` names by the language's "last"/"next" cue words ("at the end of last May"), left to right.

    A month with a day or year after it is a date (`find_dates`), not this: "last May 5" is not read here.
    """
    language = get(lang)
    scanned = text if language.capitalised_names else language.fold(text)
    found = []
    for m in _relative_month_pattern(language.code).finditer(scanned):
        relation = language.dates.weekday_cues[" ".join(language.fold(m.group("cue")).split())]
        found.append(
            FoundRelativeMonth(
                text[m.start() : m.end()], m.span(), language.months[language.fold(m.group("month"))], relation
            )
        )
    return found


def resolve_month(month: int, reference: dt.date, relation: str) -> dt.date:
    """The first day of the `month` last before (or next after) the month of `reference`: "last May" said in
    June 2023 is May 2023, said in May 2023 it is May 2022."""
    if relation == "next":
        return dt.date(reference.year + (month <= reference.month), month, 1)
    return dt.date(reference.year - (month >= reference.month), month, 1)


def resolve_weekday(weekday: int, reference: dt.date, relation: str = "") -> dt.date:
    """The date of a weekday seen from `reference` (a page's publication date).

    The latest such day on or before `reference`: a page published on a
    Tuesday saying "on Monday" means the day before. "last" excludes the
    reference day itself; "next" looks forward instead.
    """
    if relation == "next":
        return reference + dt.timedelta(days=(weekday - reference.weekday()) % 7 or 7)
    back = (reference.weekday() - weekday) % 7
    if relation == "last" and back == 0:
        back = 7
    return reference - dt.timedelta(days=back)


def publication_stamp(line: str, lang: str | Language, *, date_order: str | None = None) -> dt.date | None:
    """The date of `line` when the whole line is a dateline or publication stamp, else None.

    A stamp holds a full date and only date words besides: a weekday, a
    time, a time zone, "Published"/"Опубликовано"/"Yayın tarihi"/"Դրված է",
    "|" separators. With "Published ... | Updated ...", the published date.
    A day and month without a year is not a publication date: None.
    """
    language = get(lang)
    if not line.strip() or len(line.strip()) > STAMP_MAX_CHARS:
        return None
    text = language.furniture_text(line)
    if not language.furniture["dateline"].fullmatch(text):
        return None
    patterns = _patterns(language.code, True, stamp=True)
    segment = _published_part(text, patterns)
    order = date_order or page_date_order(segment, language)
    parsed = _dateparser(segment, language, order, patterns)
    if parsed is not None:
        return parsed
    for found in _scan(segment, segment, language, order, patterns):
        date = found.date.to_date()
        if date is not None:
            return date
    return None


# --- rules -------------------------------------------------------------------------------


def _published_part(text: str, patterns: _Patterns) -> str:
    """The part of a stamp that gives the publication date: after "Published", before "Updated"."""
    published = patterns.published.search(text)
    start = published.end() if published else 0
    updated = patterns.updated.search(text, start)
    end = updated.start() if updated and updated.start() > start else len(text)
    return text[start:end]


def _dateparser(segment: str, language: Language, order: str, patterns: _Patterns) -> dt.date | None:
    """dateparser's reading of a stamp, when it gives a full date whose year is written in it."""
    import dateparser

    cleaned = patterns.updated.sub(" ", patterns.published.sub(" ", segment)).replace("|", " ").strip(" :-–—,")
    if _DOTTED.search(cleaned):
        order = "DMY"
    settings = {
        "DATE_ORDER": order,
        "PREFER_LOCALE_DATE_ORDER": False,
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PARSERS": ["absolute-time"],
    }
    parsed = dateparser.parse(cleaned, languages=[language.code], settings=settings)
    if parsed is None or parsed.year not in _YEAR_RANGE or str(parsed.year) not in cleaned:
        return None
    return parsed.date()


_DOTTED = re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}\.\d{2,4}(?![\d.])")


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    date: DatePoint
    end_date: DatePoint | None
    valid: bool = True


def _scan(text: str, scanned: str, language: Language, order: str, patterns: _Patterns) -> list[FoundDate]:
    """Dates in `scanned` (`text` folded, or as written), longest match first where shapes overlap.

    A longest match that is no date (31 June 2023) hides the shorter ones
    inside it (June 2023): it is not a date at all.
    """
    candidates: list[_Candidate] = []
    for shape, pattern in patterns.shapes.items():
        candidates.extend(_read(shape, m, language, order) for m in pattern.finditer(scanned))
    candidates.sort(key=lambda c: (c.start, -(c.end - c.start)))
    chosen: list[_Candidate] = []
    for candidate in candidates:
        if not chosen or candidate.start >= chosen[-1].end:
            chosen.append(candidate)
    merged = _join_ranges([c for c in chosen if c.valid], scanned, patterns)
    return [FoundDate(text[c.start : c.end], (c.start, c.end), c.date, c.end_date) for c in merged]


def _read(shape: str, m: re.Match[str], language: Language, order: str) -> _Candidate:
    """The dates a shape's match says; not `valid` when they are not real dates (31 June, month 13)."""
    groups = m.groupdict()
    year = int(groups["y"]) if groups.get("y") else None
    if groups.get("y2"):
        year = SHORT_YEAR_CENTURY + int(groups["y2"])
    day: int | None
    if shape in ("numeric", "numeric_short"):
        a, b = int(groups["a"]), int(groups["b"])
        day, month = (a, b) if groups["s"] == "." or order != "MDY" else (b, a)
        if not _valid(year, month, day):
            day, month = month, day
    elif shape in ("iso", "numeric_ymd"):
        month, day = int(groups["m"]), int(groups["d"])
    else:
        month = language.months[language.fold(groups["m"]).rstrip(".")]
        day = int(groups["d"]) if groups.get("d") else None
    start = DatePoint(year, month, day)
    if not _valid(year, month, day):
        return _Candidate(m.start(), m.end(), start, None, valid=False)
    end = None
    if groups.get("d2"):
        end_day = int(groups["d2"])
        if day is None or end_day <= day or not _valid(year, month, end_day):
            return _Candidate(m.start(), m.end(), start, None, valid=False)
        end = DatePoint(year, month, end_day)
    return _Candidate(m.start(), m.end(), start, end)


def _valid(year: int | None, month: int, day: int | None) -> bool:
    if not 1 <= month <= 12 or (year is not None and year not in _YEAR_RANGE):
        return False
    try:
        dt.date(year or 2000, month, day or 1)  # 2000: a leap year, so 29 February passes without a year
    except ValueError:
        return False
    return True


def _join_ranges(chosen: list[_Candidate], scanned: str, patterns: _Patterns) -> list[_Candidate]:
    """Join "30 November – 2 December 2022" and "Nov. 30 - Dec. 2": two day dates linked by a range joiner.

    The first takes the second's year when it has none (the year before, when
    the range crosses New Year).
    """
    joined: list[_Candidate] = []
    for candidate in chosen:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.end_date is None
            and candidate.end_date is None
            and previous.date.day is not None
            and candidate.date.day is not None
            and patterns.joiner.fullmatch(scanned, previous.end, candidate.start)
        ):
            first, last = previous.date, candidate.date
            if first.year is None and last.year is not None:
                first = DatePoint(last.year - (first.month > last.month), first.month, first.day)
            if last.year is None and first.year is not None:
                last = DatePoint(first.year + (last.month < first.month), last.month, last.day)
            a, b = first.to_date(), last.to_date()
            if a is None or b is None or a < b:
                joined[-1] = _Candidate(previous.start, candidate.end, first, last)
                continue
        joined.append(candidate)
    return joined
