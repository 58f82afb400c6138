"""Stage 5: an article's title, publication date, event dates, places and people.

`extract(article, glossary)` reads the article's lines (kept and dropped, with
their numbers) and returns a `Metadata`. Everything is pattern based and runs
in time linear in the page's length; the glossary's names are matched once per
line.

Rules, in the order `extract` applies them:

1. Title: `Page.title` when front matter or HTML metadata gave one; otherwise
   the first kept line of the page's *head* (the lines before the first body
   paragraph) that looks like a headline: several words, not a date, not a
   menu token, not all capitals, no web address or copyright sign, no final
   full stop, and in the page's main script.
2. Publication date: `Page.published` when given ("front matter"); otherwise a
   byline or dateline just under the title (a line that is only a date and
   time, "By X | Nov 8, 2022", "Published: ..."), or a line marked "Published",
   "Posted" or "Updated" in the head. A date-only line *above* the title is
   the site's "today" stamp and is never used. A date without a year is never
   used. When nothing qualifies the date is None: it is not guessed.
3. Event dates: every date the kept text mentions, except date-only lines
   (page furniture) and birth years. A date without a year gets its year from
   an *anchor*: the publication date when known, else the nearest date in the
   article that is written in full (day, month and year). The year chosen is
   the one that puts the date at the latest point not more than
   `FUTURE_MARGIN_DAYS` after the anchor ("most recent such date, allowing
   for near-future plans"). Such dates are `certain=False`. Weekdays ("on
   Monday") are resolved to the latest such weekday not after the anchor,
   and only against the publication date or a full date within
   `WEEKDAY_ANCHOR_LINES` lines; "yesterday"/"today" only against the
   publication date. A month-day that nothing can place is kept in
   `Metadata.partial_dates`, never given an invented year.
4. Places: glossary places mentioned in the kept text, most mentioned first.
   A place name that only qualifies a document ("the Alma-Ata Declaration")
   is not counted.
5. People: glossary people (surname-only mentions count), plus people the
   glossary does not know when a role names them ("Foreign Minister John
   Smith"). Roles and countries come from the words around a mention:
   "Armenian Foreign Minister X", "Foreign Ministers of A and B X and Y",
   "X, the US Department of State Spokesperson", "A's Prime Minister X".
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import weakref
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .document import Article, DateMention, Line, Metadata, PartialDate, Person
from .glossary import Entry, Glossary

log = logging.getLogger(__name__)

# --- tuned constants --------------------------------------------------------

#: A body paragraph has at least this many words and ends like a sentence. The
#: page's head (where the title and byline live) ends at the first one. News
#: body paragraphs in the sample and test pages have 20-120 words; captions
#: and headlines rarely reach 20 and do not end with a full stop.
BODY_MIN_WORDS = 20
#: Headline shape: word and character bounds. Chosen from headlines of several
#: outlets (4-25 words); menu tokens and section names are shorter.
HEADLINE_MIN_WORDS = 4
HEADLINE_MAX_WORDS = 30
HEADLINE_MIN_CHARS = 20
HEADLINE_MAX_CHARS = 220
#: When a page has no body paragraph at all, only this leading share of its
#: lines is searched for a headline.
HEAD_SHARE_WITHOUT_BODY = 0.4
#: A byline or dateline is at most this many non-blank lines under the title.
BYLINE_WINDOW = 3
#: Bylines are short; a longer line with a date in it is a sentence.
BYLINE_MAX_CHARS = 120
#: A line that is only a timestamp is short ("Friday, 31 May 2023, 09:17 GMT+4 | Updated ...").
DATE_ONLY_MAX_CHARS = 80
#: A month-day without a year may lie this far after its anchor ("the leaders
#: will meet on June 20" in a June 1 article); beyond it, the previous year is
#: meant. Two months covers announced meetings without pulling last year's
#: dates forward.
FUTURE_MARGIN_DAYS = 60
#: A weekday is resolved against a full date only this close (in lines), so a
#: weekday in the news is not pinned to a date written paragraphs away about
#: something else.
WEEKDAY_ANCHOR_LINES = 4
#: Characters before/after a mention searched for a role ("Foreign Minister").
ROLE_CONTEXT_CHARS = 120

# --- date patterns ----------------------------------------------------------

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

# Month names are matched case-sensitively (capitalised), so "may" the verb is not May.
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
)
_YEAR = r"(?:1[89]\d\d|20\d\d)(?!\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DASH = r"\s*(?:-|–|—|to|through|until)\s*"

# Every alternative starts at a word boundary; testing it first makes the scan fail fast mid-word.
DATE_RE = re.compile(
    r"\b(?:"
    + "|".join(
        [
            rf"(?P<iso>(?<![\d-])(?P<iy>{_YEAR})-(?P<im>0[1-9]|1[0-2])-(?P<id>[0-2]\d|3[01])(?![\d]))",
            rf"(?P<dot>(?<![\d.])(?P<dd>[0-2]?\d|3[01])\.(?P<dm>0?[1-9]|1[0-2])\.(?P<dy>{_YEAR}))",
            # 7 November 2022; 1-4 May; 7th of November
            rf"(?P<dmy>(?<![\d.,])(?P<d2>{_DAY})(?:{_DASH}(?P<d2b>{_DAY}))?\s+(?:of\s+)?(?P<m2>{_MONTH})(?:,?\s+(?P<y2>{_YEAR}))?)",
            # November 7, 2022; May 1-4; Nov. 30 - Dec. 2; May 1 and 2
            rf"(?P<mdy>(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})"
            rf"(?:(?:{_DASH}(?:(?P<m1b>{_MONTH})\s+)?|\s*(?:and|&)\s*)(?P<d1b>{_DAY}))?(?:,?\s+(?P<y1>{_YEAR}))?)",
            # September 2020
            rf"(?P<my>(?P<m3>{_MONTH}),?\s+(?P<y3>{_YEAR}))",
            # last May; earlier in October; in early October; in May
            rf"(?P<relm>(?P<rel>(?i:(?:earlier|later|early|late)\s+(?:in\s+)?|(?:in|since|until|by|during|from|through)\s+"
            rf"(?:(?:early|late|mid)[\s-]+)?|(?:last|this|next)\s+|mid-))(?P<m4>{_MONTH})(?!\.?\s*\d))",
            # in 2020; since 1991; a 2020 war
            rf"(?P<yr>(?P<ypre>\b(?i:in|since|until|till|by|from|during|before|after|of|the|a|an))\s+(?P<y5>{_YEAR})"
            r"(?!s\b|['’]s\b|\s*[-–]\s*\d))",
            # on Monday; last Thursday; Monday's meeting
            rf"(?P<wk>(?P<wpre>\b(?i:on|last|this|next|since|until|by|from|late on|early on|earlier on))\s+(?P<wd>{_WEEKDAY})\b)",
            rf"(?P<wkp>\b(?P<wd2>{_WEEKDAY})['’]s\b)",
            r"(?P<relday>\b(?i:the day before yesterday|yesterday|today|tomorrow)\b)",
        ]
    )
    + ")"
)
# Cheap test a line must pass before DATE_RE runs on it: a digit, a month, a weekday or "-day".
_DATE_HINT_RE = re.compile(r"\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)|(?i:day|tomorrow)\b")
_RELDAY_OFFSET = {"the day before yesterday": -2, "yesterday": -1, "today": 0, "tomorrow": 1}

# What may surround a date on a line that is nothing but a timestamp.
_TIME_RE = re.compile(r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[AaPp]\.?\s?[Mm]\.?)?")
_TZ_RE = re.compile(r"\b(?:GMT|UTC|EST|EDT|CET|CEST|BST|MSK|AMT|AZT)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?")
_STAMP_WORDS_RE = re.compile(
    r"(?i)\b(?:published|posted|updated|last updated|modified|date|on|at)\b|" + _WEEKDAY + r"|[|•·,/:–—()\-\s]"
)
_BYLINE_MARKER_RE = re.compile(r"(?i)^\s*(?:by\s+\S|published\b|posted\b|updated\b|last updated\b|date\s*:)")
_PUBLISHED_MARKER_RE = re.compile(r"(?i)\b(?:published|posted)\b")
# "WASHINGTON, Nov 7, 2022 (Reuters) -": a wire dateline opening the first paragraph.
_WIRE_DATELINE_RE = re.compile(
    r"^\s*[A-Z][A-Z.' ]{2,40}(?:,\s*[A-Z][A-Za-z.' ]+)?[,.]?\s+(?P<date>[^()–—-]{6,30}?)\s*(?:\([^)]{2,30}\)\s*)?[–—-]"
)

# --- headline shape ---------------------------------------------------------

_WEB_RE = re.compile(
    r"(?i)https?://|www\.|\b[a-z0-9-]+\.(?:com|org|net|am|az|ru|ge|info|io|news|tv)\b|©|\ball rights reserved\b|@\w"
)
_SENTENCE_END_RE = re.compile(r"[.!?][\"'”’»)]*\s*$")
_WORD_RE = re.compile(r"\w+(?:[-'’.]\w+)*")
_CAP_FUNCTION_WORDS = frozenset(
    "The A An On In At And But Or Of For To From With By Said Says Told Who Was Is Are Has Had Will Would "
    "During After Before Last This Next Earlier Later Also However Meanwhile".split()
)

# --- people patterns ----------------------------------------------------------

_LIST_GLUE = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)$")
_NAME_SEP = re.compile(r"^\s*(?:[,:–—-]\s*)?$")
_OF_GLUE = re.compile(r"^\s+of\s+(?:the\s+)?$")
_TO_GLUE = re.compile(r"^\s+(?:to|in)\s+(?:the\s+)?$")
_QUAL_GLUE = re.compile(r"^(?:['’]s)?\s+$")
_APPOSITION_GLUE = re.compile(r"^\s*,\s*(?:the\s+|a\s+|an\s+)?$")
_UNKNOWN_NAME_RE = re.compile(
    r"\s+((?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?)(?:\s+[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?){1,2})\b(?![-'’]?\w)"
)
_DOCUMENT_AFTER_PLACE_RE = re.compile(
    r"^[\s-]*(?:Declaration|Agreement|Accords?|Protocol|Format|Process|Principles|Group|Statement|Communiqué)\b"
)

_KINDS = ("person", "country", "organisation", "role", "place")


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    kind: str  # a glossary kind; demonyms count as "country"
    entry: Entry | None
    text: str


class _Index:
    """Per-glossary lookups built once: demonyms -> country entry."""

    def __init__(self, glossary: Glossary):
        self.demonyms: dict[str, Entry] = {}
        for entry in glossary.entries:
            if entry.kind == "country":
                for demonym in entry.demonyms:
                    self.demonyms.setdefault(demonym, entry)
        words = sorted(self.demonyms, key=len, reverse=True)
        self.demonym_re = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, words)) + r")(?!\w)") if words else None


_INDEXES: dict[int, tuple[weakref.ref, _Index]] = {}


def _index(glossary: Glossary) -> _Index:
    key = id(glossary)
    cached = _INDEXES.get(key)
    if cached is not None and cached[0]() is glossary:
        return cached[1]
    index = _Index(glossary)
    _INDEXES[key] = (weakref.ref(glossary, lambda _ref: _INDEXES.pop(key, None)), index)
    return index


# --- entry point --------------------------------------------------------------


def extract(article: Article, glossary: Glossary) -> Metadata:
    """The metadata of `article`, from its lines (see the module docstring for the rules)."""
    lines = article.lines or _lines_of(article.page.text)
    kept = [line for line in lines if line.kept and line.text.strip()]
    body_start = _first_body_line(kept)
    title, title_line = _title(article, lines, kept, body_start)
    published, evidence, byline_line = _published(article, lines, title_line, body_start)
    skip = {byline_line} if byline_line else set()
    dates, partial = _dates(kept, published, skip)
    tokens_by_line = {line.number: _tokens(line.text, glossary) for line in kept}
    places = _places(kept, tokens_by_line)
    people = _people(kept, tokens_by_line, glossary)
    return Metadata(
        title=title,
        published=published,
        published_evidence=evidence,
        dates=dates,
        places=places,
        people=people,
        partial_dates=partial,
    )


def _lines_of(text: str) -> list[Line]:
    return [Line(number=i, text=t, kept=bool(t.strip())) for i, t in enumerate(text.split("\n"), start=1)]


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def _is_body_paragraph(text: str) -> bool:
    return len(_words(text)) >= BODY_MIN_WORDS and bool(_SENTENCE_END_RE.search(text))


def _first_body_line(kept: list[Line]) -> int | None:
    """Number of the first kept line that is a body paragraph, or None."""
    for line in kept:
        if _is_body_paragraph(line.text):
            return line.number
    return None


# --- title ----------------------------------------------------------------------


def _title(
    article: Article, lines: list[Line], kept: list[Line], body_start: int | None
) -> tuple[str | None, int | None]:
    """The title and the number of the line that shows it (None when not on a line)."""
    given = getattr(article.page, "title", None)
    head = _head(lines, kept, body_start)
    if given and given.strip():
        wanted = _normalise(given)
        for line in head:
            if _normalise(line.text) == wanted:
                return given.strip(), line.number
        return given.strip(), None
    script = _main_script(kept)
    for line in head:
        if line.kept and _looks_like_headline(line.text, script):
            return line.text.strip(), line.number
    return None, None


def _head(lines: list[Line], kept: list[Line], body_start: int | None) -> list[Line]:
    """Lines (kept or not) before the first body paragraph."""
    if body_start is None:
        limit = max(1, int(len(lines) * HEAD_SHARE_WITHOUT_BODY))
        return [line for line in lines[:limit] if line.text.strip()]
    return [line for line in lines if line.number < body_start and line.text.strip()]


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


_SCRIPT_LETTERS = {
    "Latin": re.compile(r"[A-Za-z\u00c0-\u024f]"),
    "Armenian": re.compile(r"[\u0531-\u058f\ufb13-\ufb17]"),
    "Cyrillic": re.compile(r"[\u0400-\u052f]"),
    "Georgian": re.compile(r"[\u10a0-\u10ff]"),
}


def _script_of(ch: str) -> str:
    code = ord(ch)
    if code < 0x250:
        return "Latin"
    if 0x530 <= code < 0x590 or 0xFB13 <= code <= 0xFB17:
        return "Armenian"
    if 0x400 <= code < 0x530:
        return "Cyrillic"
    if 0x10A0 <= code < 0x1100:
        return "Georgian"
    return "Other"


def _main_script(kept: list[Line], sample_chars: int = 4000) -> str:
    """The script most letters of the kept text are written in (a sample of it)."""
    sample, seen = [], 0
    for line in kept:
        sample.append(line.text)
        seen += len(line.text)
        if seen > sample_chars:
            break
    text = "\n".join(sample)
    counts = {script: len(pattern.findall(text)) for script, pattern in _SCRIPT_LETTERS.items()}
    best = max(counts, key=lambda script: counts[script])
    return best if counts[best] else "Latin"


def _looks_like_headline(text: str, script: str) -> bool:
    """Headline shape: a few words, a capital start, no final full stop, no web furniture, main script."""
    text = text.strip()
    words = _words(text)
    if not (HEADLINE_MIN_WORDS <= len(words) <= HEADLINE_MAX_WORDS):
        return False
    if not (HEADLINE_MIN_CHARS <= len(text) <= HEADLINE_MAX_CHARS):
        return False
    if text.endswith((".", ",", ":", ";")) and not text.endswith("..."):
        return False
    first = next((ch for ch in text if ch.isalpha()), "")
    if not first or (first.islower() and script != "Other"):
        return False
    letters = [ch for ch in text if ch.isalpha()]
    if sum(ch.isupper() for ch in letters) > 0.8 * len(letters):
        return False  # all capitals: a section name or menu
    if _WEB_RE.search(text) or _is_date_only(text):
        return False
    same_script = sum(_script_of(ch) == script for ch in letters)
    return same_script >= 0.7 * len(letters)


# --- publication date -----------------------------------------------------------


def _full_dates(text: str) -> list[dt.date]:
    """Dates on `text` written with day, month and year."""
    found = []
    for m in DATE_RE.finditer(text):
        date = _explicit_day(m)
        if date is not None:
            found.append(date)
    return found


def _explicit_day(m: re.Match[str]) -> dt.date | None:
    """The date of a match that gives day, month and year, else None."""
    try:
        if m.group("iso"):
            return dt.date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        if m.group("dot"):
            return dt.date(int(m.group("dy")), int(m.group("dm")), int(m.group("dd")))
        if m.group("dmy") and m.group("y2"):
            return dt.date(int(m.group("y2")), _month(m.group("m2")), _day(m.group("d2")))
        if m.group("mdy") and m.group("y1"):
            return dt.date(int(m.group("y1")), _month(m.group("m1")), _day(m.group("d1")))
    except ValueError:
        return None
    return None


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


def _is_date_only(text: str) -> bool:
    """True for a line that is just a timestamp: a date (with or without year) and time, weekday, markers."""
    if len(text) > DATE_ONLY_MAX_CHARS or not DATE_RE.search(text):
        return False
    rest = DATE_RE.sub(" ", text)
    rest = _TZ_RE.sub(" ", _TIME_RE.sub(" ", rest))
    rest = _STAMP_WORDS_RE.sub("", rest)
    return not rest.strip()


def _published(
    article: Article, lines: list[Line], title_line: int | None, body_start: int | None
) -> tuple[dt.date | None, str | None, int | None]:
    """(date, evidence, line number of the byline used) — all None when the page gives no date."""
    if article.page.published is not None:
        return article.page.published, "front matter", None
    usable = [line for line in lines if line.text.strip() and line.reason != "dateline-header"]
    if title_line is not None:
        found = _byline_under_title(usable, title_line)
        if found:
            return found
    marked = _marked_line(usable, body_start)
    if marked:
        return marked
    if body_start is not None:
        first = next(line for line in lines if line.number == body_start)
        wire = _WIRE_DATELINE_RE.match(first.text)
        if wire:
            dates = _full_dates(wire.group("date"))
            if dates:
                return dates[0], f"dateline at line {first.number}", None
    return None, None, None


def _byline_under_title(usable: list[Line], title_line: int) -> tuple[dt.date, str, int] | None:
    """A timestamp or byline with a full date within BYLINE_WINDOW non-blank lines under the title."""
    below = [line for line in usable if line.number > title_line][:BYLINE_WINDOW]
    for line in below:
        if _is_body_paragraph(line.text):
            break
        if len(line.text) > BYLINE_MAX_CHARS:
            continue
        if _is_date_only(line.text) or _BYLINE_MARKER_RE.match(line.text):
            dates = _full_dates(line.text)
            if dates:
                return dates[0], f"byline at line {line.number}", line.number
    return None


def _marked_line(usable: list[Line], body_start: int | None) -> tuple[dt.date, str, int] | None:
    """A "Published/Posted/Updated/By" line with a full date in the head; "Published" wins over "Updated"."""
    limit = body_start if body_start is not None else (usable[-1].number + 1 if usable else 0)
    best: tuple[int, dt.date, int] | None = None
    for line in usable:
        if line.number >= limit:
            break
        if len(line.text) > BYLINE_MAX_CHARS or not _BYLINE_MARKER_RE.match(line.text):
            continue
        dates = _full_dates(line.text)
        if not dates:
            continue
        rank = 0 if _PUBLISHED_MARKER_RE.search(line.text) else 1
        if best is None or rank < best[0]:
            best = (rank, dates[0], line.number)
    if best is None:
        return None
    return best[1], f"byline at line {best[2]}", best[2]


# --- event dates -------------------------------------------------------------------


@dataclass
class _Raw:
    """A date match before year inference."""

    text: str
    line: int
    kind: str  # "full", "monthday", "month", "monthyear", "year", "weekday", "relday"
    date: dt.date | None = None  # for full / monthyear / year
    end: dt.date | None = None
    month: int | None = None
    day: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    rel: str = ""  # the word before a month/weekday ("last", "next", ...)
    weekday: int | None = None
    offset: int = 0  # for relday


def _dates(kept: list[Line], published: dt.date | None, skip: set[int]) -> tuple[list[DateMention], list[PartialDate]]:
    """Event dates mentioned on the kept lines, resolved against the publication date or nearby full dates."""
    raws: list[_Raw] = []
    for line in kept:
        if line.number in skip or _is_date_only(line.text):
            continue
        if not _DATE_HINT_RE.search(line.text):
            continue
        for m in DATE_RE.finditer(line.text):
            raw = _raw(m, line)
            if raw is not None:
                raws.append(raw)
    full = [(r.line, r.date) for r in raws if r.kind == "full" and r.date is not None]
    mentions: list[DateMention] = []
    partial: list[PartialDate] = []
    for raw in raws:
        mention = _resolve(raw, published, full)
        if isinstance(mention, DateMention):
            mentions.append(mention)
        elif isinstance(mention, PartialDate):
            partial.append(mention)
    return mentions, partial


def _raw(m: re.Match[str], line: Line) -> _Raw | None:
    """Parse one DATE_RE match; None for matches that are not event dates or not valid."""
    text = m.group().strip()
    n = line.number
    try:
        if m.group("iso") or m.group("dot"):
            return _Raw(text, n, "full", date=_explicit_day(m))
        if m.group("dmy") or m.group("mdy"):
            return _raw_day_month(m, text, n)
        if m.group("my"):
            return _Raw(text, n, "monthyear", date=dt.date(int(m.group("y3")), _month(m.group("m3")), 1))
        if m.group("relm"):
            rel = " ".join(m.group("rel").lower().split())
            return _Raw(text, n, "month", month=_month(m.group("m4")), rel=rel)
        if m.group("yr"):
            if re.search(r"(?i)\bborn\s*$", line.text[: m.start()]):
                return None  # a birth year is not an event
            return _Raw(text, n, "year", date=dt.date(int(m.group("y5")), 1, 1))
        if m.group("wk") or m.group("wkp"):
            name = (m.group("wd") or m.group("wd2")).lower()
            rel = (m.group("wpre") or "").lower()
            return _Raw(text, n, "weekday", weekday=WEEKDAYS[name], rel=rel)
        if m.group("relday"):
            return _Raw(text, n, "relday", offset=_RELDAY_OFFSET[" ".join(text.lower().split())])
    except ValueError:
        return None
    return None


def _raw_day_month(m: re.Match[str], text: str, n: int) -> _Raw | None:
    if m.group("dmy"):
        month, day, day2, year = _month(m.group("m2")), _day(m.group("d2")), m.group("d2b"), m.group("y2")
        month2 = month
    else:
        month, day, day2, year = _month(m.group("m1")), _day(m.group("d1")), m.group("d1b"), m.group("y1")
        month2 = _month(m.group("m1b")) if m.group("m1b") else month
    end_day = _day(day2) if day2 else None
    if year:
        start = dt.date(int(year), month, day)
        end = None
        if end_day is not None:
            end = dt.date(start.year + (month2 < month), month2, end_day)
            if end <= start:
                end = None
        return _Raw(text, n, "full", date=start, end=end)
    dt.date(2000, month, day)  # validates the day (2000 is a leap year)
    return _Raw(text, n, "monthday", month=month, day=day, end_month=month2 if end_day else None, end_day=end_day)


def _resolve(raw: _Raw, published: dt.date | None, full: list[tuple[int, dt.date]]) -> DateMention | PartialDate | None:
    """A DateMention, a PartialDate (year unknown), or None when the mention cannot be placed."""
    if raw.kind == "full" and raw.date is not None:
        return DateMention(raw.text, raw.date, "day", raw.line, True, raw.end)
    if raw.kind == "monthyear" and raw.date is not None:
        return DateMention(raw.text, raw.date, "month", raw.line, True)
    if raw.kind == "year" and raw.date is not None:
        return DateMention(raw.text, raw.date, "year", raw.line, True)
    if raw.kind == "relday":
        if published is None:
            return None
        return DateMention(raw.text, published + dt.timedelta(days=raw.offset), "day", raw.line, False)
    if raw.kind == "weekday":
        anchor = published or _nearest_full(full, raw.line, WEEKDAY_ANCHOR_LINES)
        if anchor is None:
            return None
        return DateMention(raw.text, resolve_weekday(raw.weekday or 0, anchor, raw.rel), "day", raw.line, False)
    anchor = published or _nearest_full(full, raw.line, None)
    if raw.kind == "monthday" and raw.month and raw.day:
        if anchor is None:
            return PartialDate(
                raw.text, raw.month, raw.day, raw.line, raw.end_day if raw.end_month == raw.month else None
            )
        start = resolve_month_day(raw.month, raw.day, anchor)
        end = None
        if raw.end_day and raw.end_month:
            end = dt.date(start.year + (raw.end_month < raw.month), raw.end_month, raw.end_day)
            end = end if end > start else None
        return DateMention(raw.text, start, "day", raw.line, False, end)
    if raw.kind == "month" and raw.month:
        if anchor is None:
            return None
        return DateMention(raw.text, resolve_month(raw.month, anchor, raw.rel), "month", raw.line, False)
    return None


def _nearest_full(full: list[tuple[int, dt.date]], line: int, max_distance: int | None) -> dt.date | None:
    """The full date written nearest `line` (ties: the year written most often, then the earlier line)."""
    if not full:
        return None
    year_counts = Counter(date.year for _, date in full)
    best = min(full, key=lambda item: (abs(item[0] - line), -year_counts[item[1].year], item[0]))
    if max_distance is not None and abs(best[0] - line) > max_distance:
        return None
    return best[1]


def resolve_month_day(month: int, day: int, anchor: dt.date) -> dt.date:
    """The latest `month`/`day` not more than FUTURE_MARGIN_DAYS after `anchor`.

    29 February falls back to 28 February in years without it.
    """
    limit = anchor + dt.timedelta(days=FUTURE_MARGIN_DAYS)
    for year in (limit.year, limit.year - 1, limit.year - 2):
        candidate = _safe_date(year, month, day)
        if candidate <= limit:
            return candidate
    return _safe_date(limit.year - 2, month, day)  # unreachable: two years back is always earlier


def resolve_month(month: int, anchor: dt.date, rel: str = "") -> dt.date:
    """The first day of the month `rel month` means, seen from `anchor`.

    "last May": the latest May before the anchor's month; "next May": the first
    May after it; "this May" or "earlier in May": the anchor's year; otherwise the
    latest May whose first day is not more than FUTURE_MARGIN_DAYS after the anchor.
    """
    rel = rel.strip()
    if rel.startswith("last"):
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif rel.startswith("next"):
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif rel.startswith("this") or rel.startswith("earlier"):
        year = anchor.year
    else:
        limit = anchor + dt.timedelta(days=FUTURE_MARGIN_DAYS)
        year = limit.year if dt.date(limit.year, month, 1) <= limit else limit.year - 1
    return dt.date(year, month, 1)


def resolve_weekday(weekday: int, anchor: dt.date, rel: str = "") -> dt.date:
    """The date of a weekday mention seen from `anchor`.

    "on Monday": the latest Monday not after the anchor (the anchor itself if a
    Monday); "last Monday": the latest Monday before the anchor; "next Monday":
    the first Monday after it.
    """
    back = (anchor.weekday() - weekday) % 7
    if rel.startswith("next"):
        return anchor + dt.timedelta(days=(weekday - anchor.weekday()) % 7 or 7)
    if rel.startswith("last") and back == 0:
        back = 7
    return anchor - dt.timedelta(days=back)


def _safe_date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return dt.date(year, month, 28)


# --- names ------------------------------------------------------------------------


def _tokens(text: str, glossary: Glossary) -> list[_Token]:
    """Glossary names and country demonyms on one line, in order, not overlapping."""
    tokens = [_Token(m.start, m.end, m.entry.kind, m.entry, m.text) for m in glossary.find(text, _KINDS)]
    index = _index(glossary)
    if index.demonym_re is not None:
        taken = [(t.start, t.end) for t in tokens]
        for m in index.demonym_re.finditer(text):
            if not any(s < m.end() and m.start() < e for s, e in taken):
                tokens.append(_Token(m.start(), m.end(), "country", index.demonyms[m.group()], m.group()))
        tokens.sort(key=lambda t: t.start)
    return tokens


def _places(kept: list[Line], tokens_by_line: dict[int, list[_Token]]) -> list[str]:
    """Glossary places, most mentioned first (ties: first mentioned first)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    order = 0
    for line in kept:
        for token in tokens_by_line[line.number]:
            if token.kind != "place" or token.entry is None:
                continue
            if _DOCUMENT_AFTER_PLACE_RE.match(line.text[token.end :]):
                continue  # "the Alma Ata Declaration" names a document, not a place
            counts[token.entry.en] += 1
            first.setdefault(token.entry.en, order)
            order += 1
    return sorted(counts, key=lambda name: (-counts[name], first[name]))


@dataclass
class _PersonTally:
    order: int
    mentions: int = 0
    roles: Counter[str] | None = None
    countries: Counter[str] | None = None

    def add(self, role: str | None, country: str | None) -> None:
        self.mentions += 1
        if role:
            self.roles = self.roles or Counter()
            self.roles[role] += 1
        if country:
            self.countries = self.countries or Counter()
            self.countries[country] += 1


def _people(kept: list[Line], tokens_by_line: dict[int, list[_Token]], glossary: Glossary) -> list[Person]:
    """People mentioned on the kept lines, most mentioned first, with role and country when stated."""
    tallies: dict[str, _PersonTally] = {}
    unknown_surnames: dict[str, str] = {}  # surname -> full name, for people the glossary lacks
    index = _index(glossary)
    for line in kept:
        tokens = [t for t in tokens_by_line[line.number] if t.kind != "place"]
        for i, token in enumerate(tokens):
            if token.kind == "person" and token.entry is not None:
                role, country = _role_of(tokens, i, line.text, index)
                tallies.setdefault(token.entry.en, _PersonTally(len(tallies))).add(role, country)
            elif token.kind == "role" and token.entry is not None:
                name = _unknown_person_after(token, tokens, line.text)
                if name:
                    country = _qualifier_country(tokens, i, line.text, index)
                    tallies.setdefault(name, _PersonTally(len(tallies))).add(token.entry.en, country)
                    unknown_surnames.setdefault(name.split()[-1], name)
    _count_unknown_surnames(kept, tallies, unknown_surnames)
    people = [
        Person(
            name=name,
            role=t.roles.most_common(1)[0][0] if t.roles else None,
            country=t.countries.most_common(1)[0][0] if t.countries else None,
            mentions=t.mentions,
        )
        for name, t in tallies.items()
    ]
    people.sort(key=lambda p: (-p.mentions, tallies[p.name].order))
    return people


def _glue(tokens: list[_Token], a: int, b: int, text: str) -> str:
    return text[tokens[a].end : tokens[b].start]


def _role_of(tokens: list[_Token], i: int, text: str, index: _Index) -> tuple[str | None, str | None]:
    """(role, country) stated next to the person at tokens[i]: before the name, else as an apposition."""
    found = _role_before(tokens, i, text, index)
    if found[0] is None:
        found = _role_after(tokens, i, text, index)
    return found


def _role_before(tokens: list[_Token], i: int, text: str, index: _Index) -> tuple[str | None, str | None]:
    """ "[Demonym] Role [of A and B] [Name, ...] Name"."""
    first = i
    while first > 0 and tokens[first - 1].kind == "person" and _LIST_GLUE.match(_glue(tokens, first - 1, first, text)):
        first -= 1
    last = i
    while (
        last + 1 < len(tokens)
        and tokens[last + 1].kind == "person"
        and _LIST_GLUE.match(_glue(tokens, last, last + 1, text))
    ):
        last += 1
    position, size = i - first, last - first + 1
    j = first - 1
    if (
        j < 0
        or not _NAME_SEP.match(_glue(tokens, j, first, text))
        or tokens[first].start - tokens[j].end > ROLE_CONTEXT_CHARS
    ):
        return None, None
    listed: list[_Token] = []
    if tokens[j].kind == "country":
        k = j
        while k > 0 and tokens[k - 1].kind == "country" and _LIST_GLUE.match(_glue(tokens, k - 1, k, text)):
            k -= 1
        if k > 0 and tokens[k - 1].kind == "role" and _OF_GLUE.match(_glue(tokens, k - 1, k, text)):
            listed = tokens[k : j + 1]
            j = k - 1
        elif k == j and k > 0 and tokens[k - 1].kind == "role" and _TO_GLUE.match(_glue(tokens, k - 1, k, text)):
            j = k - 1  # "Ambassador to France": France is where they serve, not their country
        else:
            return None, None
    entry = tokens[j].entry
    if tokens[j].kind != "role" or entry is None:
        return None, None
    role = entry.en
    if listed:
        if len(listed) == 1:
            return role, _country_name(listed[0])
        if len(listed) == size:
            return role, _country_name(listed[position])
        return role, None
    return role, _qualifier_country(tokens, j, text, index)


def _role_after(tokens: list[_Token], i: int, text: str, index: _Index) -> tuple[str | None, str | None]:
    """ "Name, the [US] [Department of State] Spokesperson"."""
    if i + 1 >= len(tokens) or not _APPOSITION_GLUE.match(_glue(tokens, i, i + 1, text)):
        return None, None
    country = None
    j = i + 1
    while j < len(tokens) and tokens[j].kind in ("country", "organisation"):
        country = country or _country_of_token(tokens[j], index)
        if j + 1 >= len(tokens) or not _QUAL_GLUE.match(_glue(tokens, j, j + 1, text)):
            return None, None
        j += 1
    entry = tokens[j].entry if j < len(tokens) else None
    if entry is not None and tokens[j].kind == "role":
        return entry.en, country
    return None, None


def _qualifier_country(tokens: list[_Token], j: int, text: str, index: _Index) -> str | None:
    """The country named right before the role at tokens[j] ("Armenian", "Armenia's", "U.S. State Department")."""
    country = None
    k = j
    while (
        k > 0 and tokens[k - 1].kind in ("country", "organisation") and _QUAL_GLUE.match(_glue(tokens, k - 1, k, text))
    ):
        country = _country_of_token(tokens[k - 1], index) or country
        k -= 1
    return country


def _country_name(token: _Token) -> str | None:
    return token.entry.en if token.entry is not None and token.entry.kind == "country" else None


def _country_of_token(token: _Token, index: _Index) -> str | None:
    """A country token's name; for an organisation, a country named inside it ("U.S. State Department")."""
    if token.kind == "country":
        return _country_name(token)
    if index.demonym_re is not None:
        m = index.demonym_re.search(token.text)
        if m:
            return index.demonyms[m.group()].en
    return None


def _unknown_person_after(role: _Token, tokens: list[_Token], text: str) -> str | None:
    """ "Foreign Minister John Smith": a capitalised 2-3 word name right after a role, unknown to the glossary."""
    m = _UNKNOWN_NAME_RE.match(text, role.end)
    if not m:
        return None
    start, end = m.start(1), m.end(1)
    if any(t.start < end and start < t.end for t in tokens):
        return None  # overlaps a glossary name: handled as a known person, or not a person
    parts = m.group(1).split()
    if any(p in _CAP_FUNCTION_WORDS or p.lower() in MONTHS or p.lower() in WEEKDAYS for p in parts):
        return None
    return m.group(1)


def _count_unknown_surnames(kept: Iterable[Line], tallies: dict[str, _PersonTally], surnames: dict[str, str]) -> None:
    """Add surname-only mentions ("Smith said") of people found through a role."""
    if not surnames:
        return
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, surnames)) + r")(?![\w-])")
    for line in kept:
        for m in pattern.finditer(line.text):
            full = surnames[m.group(1)]
            before = line.text[max(0, m.start() - len(full) - 1) : m.start()]
            if full.rsplit(" ", 1)[0] not in before:  # the full-name mention was counted already
                tallies[full].add(None, None)
