"""Stage 5: an article's title, publication date, the dates it mentions, places and people, in any of its languages.

`extract(article, glossary)` reads the article's lines (kept and dropped, with
their numbers) and returns a `Metadata`. All language knowledge (month and
weekday forms, stamp labels, role titles, name inflection) comes from the
language layer, `briefing.lang`, for the article's language; names come from
the glossary, matched in their inflected forms. Everything runs in time
linear in the page's length.

Rules, in the order `extract` applies them:

1. Title: `Page.title` when front matter or HTML metadata gave one; otherwise
   the first kept line of the page's *head* (the lines before the first body
   paragraph) that looks like a headline: several words, not a date, not all
   capitals, no web address or copyright sign, no final full stop, not a
   time of day beside a date (a site's clock), in the page's main script. A
   headline shown twice (the site's title bar, then the article's own) is read
   at its last copy, where its stamp and body are.
2. Publication date: `Page.published` when given ("front matter"); otherwise a
   *stamp*: a line that is only a date and time (`lang.dates.publication_stamp`),
   one part of a "|" line, or a byline ("By Jane Doe | Nov 8, 2022",
   "Политика 9 августа 2025 01:12", "by Desk Staff May 10, 2024 in Politics,
   World": after the date only a time and furniture), or a short notice whose label
   leads a stamp ("This story was first published on March 4, 2024."). In this
   order: the first stamp within `BYLINE_WINDOW` lines under the title (a standfirst,
   a photo credit, share buttons and the author's name not counted; the window ends at
   the second body paragraph or a related heading, and a credit's bare date is the
   photo's; a date alone is taken unless the text contradicts it, `_PageDays.contradicts`:
   it reports a later day as done, or announces that very day); a stamp just above the title that
   gives a time and no weekday (a site's clock or "today" bar gives a
   weekday, or widgets such as the weather, and is never taken), or, on the
   line right above the title, a time with a weekday ("10 Temmuz 2025
   Perşembe 16:44"; a clock sits higher, among the menus), or a date alone
   that the text's days fit (`_PageDays.fit`: within `STAMP_NEWS_DAYS` of a
   day the text gives, and not before a day it reports as done); a stamp under a
   headline that the title search missed (dropped by cleaning, short, in capitals, or
   with a byline under the stamp taken for it): the last line of the head with a loose
   headline's shape and such a stamp under it (`_headline_anchor`); a line
   marked published, in any of the five languages, anywhere (not a copyright line or a
   credit); on a page without a title, a stamp in its head; a stamp with a time, or a
   date alone that the text's days fit, right under the article's last paragraph; a wire dateline
   opening the first paragraph ("WASHINGTON, Nov 7, 2022 (Reuters) -", "ЕРЕВАН, 11 мая 2024. "); a
   stamp without a year under the title ("7 ноя, 14:20") whose year a full date of the text gives,
   where the text's days fit it; and only then a line marked updated. An "updated" stamp never replaces a
   published one, and a date without a year is never the publication date.
   When nothing qualifies the date is None: it is not guessed. Numeric dates
   are read in the order the page shows (`lang.dates.date_order_evidence`),
   else the language's; on an English page that shows none, a stamp both
   orders read (07/11/2022) takes the reading the text's days fit, or is
   None with evidence that says it is ambiguous.
3. Dates mentioned: every date the kept text gives (`lang.dates.find_dates`),
   with its line, its position in the line and its sentence, except on date
   lines (stamps and clocks): days, ranges of days, and months of a year
   (a bare month or year is not read). A date without a year gets its year from an
   *anchor*: the publication date when known, else the nearest date written
   in full in the article (one outside background sentences first). The year
   chosen puts the date at the latest point not more than
   `FUTURE_MARGIN_DAYS` after the anchor; such dates are `certain=False`. A
   day that nothing can place stays a `PartialDate`, never given an invented
   year. Weekdays ("on Monday", «в понедельник», «երկուշաբթի») are the latest
   such day on or before the publication date (or a full date within
   `WEEKDAY_ANCHOR_LINES` lines), or in a sentence announcing what is to come
   (the language's preview phrases) the first such day on or after it; with
   no anchor they are dropped. Relative days ("yesterday", «сегодня», «երեկ»,
   "dünən", "yarın") count from the publication date only; without one they
   are dropped.
4. Places: glossary places mentioned in the kept text, most mentioned first.
   A place that only qualifies another name ("the Alma-Ata Declaration", "the
   Washington Post") or an office ("State Department spokesperson") is not
   counted.
5. People: glossary people in any script and inflection (surname-only
   mentions count; a surname two glossary people share counts for the one the
   page names in full), plus people the glossary does not know when a role
   names them ("Foreign Minister John Smith", «министр иностранных дел
   Казахстана Мурат Нуртлеу»). Each person carries `name_key`, so the same
   unknown person named in two scripts is one person. Roles come from the
   language layer (`Language.find_roles`), countries from the words around
   the role: "Armenian Foreign Minister X", "Foreign Ministers of A and B X and
   Y", «Ադրբեջանի ԱԳ նախարար X», "Azərbaycanın xarici işlər naziri X",
   «министр иностранных дел Армении X», "X, the US Department of State
   Spokesperson".
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from . import lang
from .document import Article, DateMention, DatePrecision, Line, Metadata, PartialDate, Person, Sentence
from .glossary import Entry, Glossary, word_language
from .lang import Language
from .lang.dates import (
    FoundDate,
    date_order_evidence,
    find_dates,
    find_relative_days,
    find_relative_months,
    find_weekdays,
    publication_stamp,
    resolve_month,
    resolve_weekday,
)
from .lang.names import latin, name_key, name_keys
from .lang.universal import TOP_LEVEL_DOMAINS, script_of

# --- tuned constants --------------------------------------------------------

#: A body paragraph has at least this many words and ends like a sentence. The
#: page's head (where the title and byline live) ends at the first one. News
#: body paragraphs in the sample and development pages have 20-120 words in
#: every language; captions and headlines rarely reach 20 and do not end with
#: a full stop.
BODY_MIN_WORDS = 20
#: Headline shape: word and character bounds. Chosen from headlines of several
#: outlets (4-25 words); menu tokens and section names are shorter.
HEADLINE_MIN_WORDS = 4
HEADLINE_MAX_WORDS = 30
HEADLINE_MIN_CHARS = 20
HEADLINE_MAX_CHARS = 220
#: A headline that cleaning dropped or that is short ("Tarihi imza") still has this many words; a site's
#: name ("Sia.az", "ODATV") has one.
LOOSE_HEADLINE_MIN_WORDS = 2
#: When a page has no body paragraph at all, only this leading share of its
#: lines is searched for a headline.
HEAD_SHARE_WITHOUT_BODY = 0.4
#: A stamp under the title is at most this many non-blank lines below it (the
#: development pages put an author or a section line between them at most), not
#: counting body paragraphs (a standfirst) or the furniture of a byline block
#: (`BYLINE_BLOCK_FAMILIES`), among the first BYLINE_SEARCH_LINES lines.
BYLINE_WINDOW = 3
BYLINE_SEARCH_LINES = 12
#: Furniture families that sit between a headline and its stamp: a photo credit, share buttons,
#: the author's name, an audio player, a view counter ("Photo: X/AP", "Share", "By Jane Doe", "Listen").
BYLINE_BLOCK_FAMILIES = frozenset({"photo", "share", "byline", "player", "counter"})
#: A stamp above the title is at most this many non-blank lines above it; the
#: site's clock sits higher, among the menus.
ABOVE_TITLE_WINDOW = 2
#: The headline and, on a page without one, a stamp are looked for among this many lines of the
#: page's head: past the menus of any page seen, short of reading a whole hostile page through dateparser.
HEAD_SEARCH_LINES = 60
#: Lines marked "Published" or "Updated" that are read for a date (the first published one is taken).
MARKED_LINES = 5
#: Bylines are short; a longer line with a date in it is a sentence.
BYLINE_MAX_CHARS = 120
#: Words a byline may hold before its date: an author's name or a section ("By Jane Doe", "Политика").
BYLINE_MAX_WORDS = 4
#: A month-day without a year may lie this far after its anchor ("the leaders
#: will meet on June 20" in a June 1 article); beyond it, the previous year is
#: meant. Two months covers announced meetings without pulling last year's
#: dates forward.
FUTURE_MARGIN_DAYS = 60
#: A date alone (no time) above the title or under the body is the article's stamp only when it is this
#: close to a day the text gives: news is published on the day or within a day or two; a site's "today"
#: bar shows the day the page was read.
STAMP_NEWS_DAYS = 3
#: A weekday is resolved against a full date only this close (in lines), so a
#: weekday in the news is not pinned to a date written paragraphs away about
#: something else.
WEEKDAY_ANCHOR_LINES = 4
#: A weekday or relative day this close to a date belongs to it ("Monday, 7 November", "today, 7 November"):
#: it is not a second mention.
WEEKDAY_DATE_GAP = 3
#: Words (other than names) allowed between a role title and the name it
#: introduces: an honorific, an institution, a first name the glossary does not
#: pair with the surname («шейху», "МИД", «Արարատ»).
ROLE_GAP_WORDS = 2
#: A line whose longer words are capitalised at least this often is in title case ("Ministers End Almaty
#: Talks"); in running text of any of the five languages fewer than half are.
TITLE_CASE_SHARE = 0.6
#: Titles that, chained with another before a name, qualify it rather than name the person's office
#: («пресс-секретарь президента», "Prezidentin köməkçisi").
HEAD_ROLES = ("President", "Prime Minister")
#: The most tokens a chain of titles and countries runs over ("Azerbaijani and Armenian Foreign Ministers",
#: «пресс-секретарь президента РФ»); longer runs are lists of something else.
MAX_CHAIN = 6
#: An unknown person introduced by a role has this many capitalised words ("John Smith", "Mohamed Ali Khan").
UNKNOWN_NAME_WORDS = (2, 3)

# --- shapes ------------------------------------------------------------------

_WORD_RE = re.compile(r"\w+(?:[-'’.]\w+)*")
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_WEB_RE = re.compile(r"(?i)https?://|www\.|\b[a-z0-9-]+\.(?:" + "|".join(TOP_LEVEL_DOMAINS) + r")\b|©|@\w")
_TIME_RE = re.compile(r"(?<!\d)\d{1,2}[:.]\d{2}(?!\d)")
_SEGMENTS = re.compile(r"\s*[|•·]\s*")
#: A numeric date that either order reads: 07/11/2022, 07-11-22 (dotted dates are day first everywhere).
_SLASHED = re.compile(r"(?<![\d./-])(?:0?[1-9]|1[0-2])([/-])(?:0?[1-9]|1[0-2])\1\d{2,4}(?!\d)")
#: A time of day right after a byline's date, with its separators: "May 10, 2024, 6:40 p.m. | ".
_TIME_AFTER = re.compile(r"[\s,|/·•–—-]*(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?[\s,|/·•–—-]*)?", re.IGNORECASE)
#: The end of a dateline that opens a paragraph without a dash: "ЕРЕВАН, 11 мая 2024. The ministers ...".
_DATELINE_END = re.compile(r"\s*(?:[.:]\s|[-–—])")
#: What a header widget shows beside a time: a word ("Baku +7°C", "USD 386,20") or a unit.
_WIDGET = re.compile(r"[^\W\d_]|[°$€₽֏₼£₺%]")
_CLOSERS = "\"'”’»)]"
#: Between the items of a list of names or countries: a comma, and a short word (`_Names._list_gap`).
_LIST_GLUE = re.compile(r"^\s*(?:,\s*)?(?:(?P<word>[^\W\d_]{1,4})\s+)?$")
#: Between a name and a title after it: "X, the ...", «X՝ ...», "X – ...".
_APPOSITION = re.compile(r"^\s*[,՝–—-]\s*$")


# --- entry point ----------------------------------------------------------------


def extract(article: Article, glossary: Glossary) -> Metadata:
    """The metadata of `article`, from its lines (see the module docstring for the rules)."""
    language = _language(article.language)
    lines = article.lines or _lines_of(article.page.text)
    kept = [line for line in lines if line.kept and line.text.strip()]
    body_start = _first_body_line(kept, language)
    shown_order = date_order_evidence(article.page.text, language)
    order = shown_order or language.date_order
    stamps = _Stamps(language, order)
    title, title_line = _title(article, lines, kept, body_start, language, stamps)
    days = _PageDays(kept, language, order, settled=shown_order is not None)
    published, evidence = _published(article, lines, stamps, title_line, body_start, days)
    sentences = _sentence_spans(article.sentences)
    dates, partial = _dates(kept, stamps.lines(), sentences, language, order, published)
    names = _Names(glossary, language, kept)
    return Metadata(
        title=title,
        published=published,
        published_evidence=evidence,
        dates=dates,
        places=names.places(),
        people=names.people(),
        partial_dates=partial,
    )


def _language(code: str | None) -> Language:
    """The article's language; one the layer does not know is read as English."""
    return lang.get(code if code in lang.LANGUAGES else "en")


def _lines_of(text: str) -> list[Line]:
    return [Line(number=i, text=t, kept=bool(t.strip())) for i, t in enumerate(text.split("\n"), start=1)]


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def _is_body_paragraph(text: str, language: Language) -> bool:
    return len(_words(text)) >= BODY_MIN_WORDS and _ends_sentence(text, language)


def _ends_sentence(text: str, language: Language) -> bool:
    return text.rstrip().rstrip(_CLOSERS)[-1:] in language.sentence_terminals + "."


def _first_body_line(kept: list[Line], language: Language) -> int | None:
    """Number of the first kept line that is a body paragraph, or None."""
    return next((line.number for line in kept if _is_body_paragraph(line.text, language)), None)


# --- title ----------------------------------------------------------------------


def _title(
    article: Article,
    lines: list[Line],
    kept: list[Line],
    body_start: int | None,
    language: Language,
    stamps: _Stamps,
) -> tuple[str | None, int | None]:
    """The title and the number of the line that shows it (None when not on a line)."""
    given = getattr(article.page, "title", None)
    head = _head(lines, body_start)
    if given and given.strip():
        return given.strip(), _last_copy(head, _normalise(given))
    script = script_of(" ".join(line.text for line in kept[:40]))
    for line in [line for line in head if line.kept][:HEAD_SEARCH_LINES]:
        if _looks_like_headline(line.text, script, language) and stamps.of(line) is None:
            return line.text.strip(), _last_copy(head, _normalise(line.text))
    return None, None


def _last_copy(head: list[Line], wanted: str) -> int | None:
    """The number of the last head line (kept or not) that shows the headline `wanted`: a page often shows
    it twice, as the site's title bar above the menus and as the article's own headline over its stamp
    (cleaning keeps the first copy); the stamp, byline and body sit under the last."""
    return next((line.number for line in reversed(head) if _normalise(line.text) == wanted), None)


def _head(lines: list[Line], body_start: int | None) -> list[Line]:
    """Lines (kept or not) before the first body paragraph."""
    if body_start is None:
        limit = max(1, int(len(lines) * HEAD_SHARE_WITHOUT_BODY))
        return [line for line in lines[:limit] if line.text.strip()]
    return [line for line in lines if line.number < body_start and line.text.strip()]


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def _looks_like_headline(text: str, script: str, language: Language) -> bool:
    """Headline shape: a few words, a capital start, no final full stop, no web furniture, main script."""
    text = text.strip()
    words = _words(text)
    if not (HEADLINE_MIN_WORDS <= len(words) <= HEADLINE_MAX_WORDS):
        return False
    if not (HEADLINE_MIN_CHARS <= len(text) <= HEADLINE_MAX_CHARS):
        return False
    if text.endswith((".", ",", ":", ";", "։")) and not text.endswith("..."):
        return False
    first = next((ch for ch in text if ch.isalpha()), "")
    if not first or first.islower():
        return False
    letters = [ch for ch in text if ch.isalpha()]
    if sum(ch.isupper() for ch in letters) > 0.8 * len(letters):
        return False  # all capitals: a section name or menu
    if _WEB_RE.search(text) or language.furniture_family(text) in ("dateline", "clock"):
        return False
    if _TIME_RE.search(text) and (find_dates(text, language) or find_weekdays(text, language)):
        # A time of day (or a dotted day and month, "11.08.2025", which the pattern also reads) beside a date or
        # a weekday: a site's clock ("2026, 30 Noyabr, bazar ertəsi, Bakı vaxtı 09:41") or a print edition's line.
        return False
    return script_of(text) == script


# --- publication date -----------------------------------------------------------


@dataclass(frozen=True)
class _Stamp:
    """A line that gives a full date as a dateline does, and what else it shows."""

    date: dt.date
    label: str  # "published", "updated" (the date is a revision's) or "" (unmarked)
    weekday: bool  # it names a weekday: the mark of a site's "today" bar
    time: bool  # it gives a time of day: the mark of an article's stamp
    widgets: bool  # weather, exchange rates or a clock share the line: the site's header
    #: The date the other order reads in it (07/11/2022 on an English page), when that differs.
    other: dt.date | None = None


@lru_cache(maxsize=16)
def _labels(code: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The language's published and updated labels, for searching folded text."""
    grammar = lang.get(code).dates
    return re.compile(grammar.published_label, re.IGNORECASE), re.compile(grammar.updated_label, re.IGNORECASE)


class _Stamps:
    """The stamps of a page's lines, each read when first asked for (dateparser, which reads them, is slow)."""

    def __init__(self, language: Language, order: str):
        self.language = language
        self.order = order
        self.read: dict[int, _Stamp | None] = {}

    def of(self, line: Line) -> _Stamp | None:
        if line.number not in self.read:
            self.read[line.number] = _stamp(line.text, self.language, self.order)
        return self.read[line.number]

    def lines(self) -> set[int]:
        """The numbers of the lines found to be stamps."""
        return {number for number, stamp in self.read.items() if stamp is not None}


def _stamp(text: str, language: Language, order: str) -> _Stamp | None:
    """The stamp `text` is: a dateline, one part of a "|" line, or a byline with a few words before its date."""
    text = text.strip()
    if not text or len(text) > BYLINE_MAX_CHARS or not any(ch.isdigit() for ch in text):
        return None
    parts = [part for part in _SEGMENTS.split(text) if part]
    folded = language.fold(text)  # as long as `text`: its offsets are the text's
    date = _stamp_date(text, folded, parts, language, order)
    if date is None:
        return None
    other = None
    if language.dates.numeric_order_follows_prose and _SLASHED.search(text):
        other = _stamp_date(text, folded, parts, language, "MDY" if order == "DMY" else "DMY")
    published, updated = _labels(language.code)
    label = "published" if published.search(folded) else ""
    revision = updated.search(folded)
    first_date = next((f.span[0] for f in find_dates(text, language, date_order=order) if f.date.year), len(text))
    if not label and revision is not None and revision.start() < first_date:
        label = "updated"
    widgets = any(_WIDGET.search(part) and language.furniture_family(part) == "clock" for part in parts)
    weekday = any(word in language.weekdays for word in _NAME_WORD.findall(folded))
    return _Stamp(date, label, weekday, bool(_TIME_RE.search(text)), widgets, other if other != date else None)


def _stamp_date(text: str, folded: str, parts: list[str], language: Language, order: str) -> dt.date | None:
    """The date of a stamp line, read with numeric dates in `order`."""
    date = publication_stamp(text, language, date_order=order)
    if date is None:
        date = next(
            (d for part in parts if (d := publication_stamp(part, language, date_order=order)) is not None), None
        )
    if date is None:
        date = _byline_date(text, language, order)
    if date is None:
        date = _after_label(text, folded, language, order)
    return date


def _after_label(text: str, folded: str, language: Language, order: str) -> dt.date | None:
    """The date of a short notice marked published or updated: "This article was first published on
    Nov 7, 2022." — the words after the label are a stamp, or a byline and its date ("by X on ...")."""
    label = next((m for pattern in _labels(language.code) if (m := pattern.search(folded))), None)
    if label is None or len(_NAME_WORD.findall(text[: label.start()])) > BYLINE_MAX_WORDS:
        return None
    rest = text[label.end() :].strip().rstrip(language.sentence_terminals + _CLOSERS).strip()
    return publication_stamp(rest, language, date_order=order) or _byline_date(rest, language, order)


def _byline_date(text: str, language: Language, order: str) -> dt.date | None:
    """The date of "By Jane Doe, Nov 8, 2022", "Политика 9 августа 2025 01:12" or "Posted on May 10, 2024
    by admin in Politics, World": a few capitalised or dateline words (a name, a section, "Posted on") or a
    byline ("by Desk Staff"), then a stamp,
    then at most a time and furniture (a byline, a list of sections, a comment count).
    A sentence ("Заявление подписали 9 ноября 2020 года.") is not one."""
    if text.rstrip()[-1:] in language.sentence_terminals:
        return None
    for found in find_dates(text, language, date_order=order):
        if found.date.year is None or found.date.day is None:
            continue
        before = text[: found.span[0]]
        words = _NAME_WORD.findall(before)
        stamp_words = all(word[0].isupper() or language.fold(word) in language.stamp_vocabulary for word in words)
        if not (stamp_words and len(words) <= BYLINE_MAX_WORDS) and (
            language.furniture_family(before.strip(" |,;/·•–—-")) != "byline"
        ):
            return None
        stamp = publication_stamp(text[found.span[0] :], language, date_order=order)
        if stamp is not None:
            return stamp
        rest = _TIME_AFTER.sub("", text[found.span[1] :], count=1)  # it matches at the start, if only emptily
        if rest.strip() and language.furniture_family(rest) is None:
            return None
        return publication_stamp(found.text, language, date_order=order)
    return None


def _published(
    article: Article,
    lines: list[Line],
    stamps: _Stamps,
    title_line: int | None,
    body_start: int | None,
    days: _PageDays,
) -> tuple[dt.date | None, str | None]:
    """(date, evidence): the article's own publication date, or (None, why) when the page gives none.

    A numeric stamp that both orders read (07/11/2022) on a page that shows neither is read in the order
    whose date the text's own days fit; when neither or both fit, it is ambiguous: no date, and the
    evidence says so.
    """
    if article.page.published is not None:
        return article.page.published, "front matter"
    date, evidence, stamp = _find_published(lines, stamps, title_line, body_start, days)
    if stamp is None or stamp.other is None or days.settled or not days.language.dates.numeric_order_follows_prose:
        return date, evidence
    fitting = [reading for reading in (stamp.date, stamp.other) if days.fit(reading)]
    if len(fitting) == 1:
        return fitting[0], f"{evidence}, in the order the text's days fit"
    return None, f"{evidence}: ambiguous, {stamp.date} or {stamp.other}"


def _find_published(
    lines: list[Line],
    stamps: _Stamps,
    title_line: int | None,
    body_start: int | None,
    days: _PageDays,
) -> tuple[dt.date | None, str | None, _Stamp | None]:
    """(date, evidence, the stamp it came from) by the rules of the module docstring."""
    language, order = days.language, days.order
    filled = [line for line in lines if line.text.strip()]
    if title_line is not None:
        bylined = _stamp_under(filled, title_line, stamps, days)
        if bylined is not None:
            return bylined[1].date, f"byline at line {bylined[0].number}", bylined[1]
        above = [line for line in filled if line.number < title_line][-ABOVE_TITLE_WINDOW:]
        for line in reversed(above):
            stamp = stamps.of(line)
            # Right above the title, a date with a time is the article's even with a weekday
            # ("10 Temmuz 2025 Perşembe 16:44"); a site's clock sits higher, among the menus. A date
            # alone there is the article's only when the days its text reports fit it (`_PageDays.fit`):
            # a site's "today" bar shows the day the page was read.
            adjacent = line is above[-1] and stamp is not None and not stamp.widgets and stamp.label != "updated"
            if stamp and (_article_stamp(stamp) or (adjacent and (stamp.time or days.fit(stamp.date)))):
                return stamp.date, f"stamp above the title at line {line.number}", stamp
    anchored = _headline_anchor(filled, body_start, title_line, stamps, days)
    if anchored is not None:
        headline, line, stamp = anchored
        return stamp.date, f"byline at line {line.number}, under a headline at line {headline}", stamp
    marked = _marked(filled, language, order)
    published = next((item for item in marked if item[1].label == "published"), None)
    if published is not None:
        return published[1].date, f"marked published at line {published[0]}", published[1]
    if title_line is None:
        head = [line for line in filled if body_start is None or line.number < body_start]
        for line in head[:HEAD_SEARCH_LINES]:
            stamp = stamps.of(line)
            if stamp and _article_stamp(stamp):
                return stamp.date, f"stamp at line {line.number}", stamp
    under = _under_the_body(filled, stamps, days)
    if under is not None:
        return under.date, "stamp under the body", under
    date, evidence = _wire_dateline(lines, body_start, language, order)
    if date is not None:
        return date, evidence, None
    if title_line is not None:
        yearless = _stamp_without_year(filled, title_line, stamps, days)
        if yearless is not None:
            return yearless[0], f"stamp without a year at line {yearless[1]}, its year from the text", None
    if not marked:
        return None, None, None
    number, updated = marked[0]  # only a revision's date is given: the article is at least that old
    return updated.date, f"marked updated at line {number}", updated


def _stamp_without_year(
    filled: list[Line], title_line: int, stamps: _Stamps, days: _PageDays
) -> tuple[dt.date, int] | None:
    """(date, line) of a stamp that gives no year ("7 ноя, 14:20"), under the title or right above it,
    when a year of a full date in the text puts it where the text's days fit (`_PageDays.fit`); a year
    is never guessed, so without such a date there is none."""
    language = days.language
    above = [line for line in filled if line.number < title_line][-1:]
    for line in [*_byline_block(filled, title_line, stamps, language), *above]:
        text = line.text.strip()
        if len(text) > BYLINE_MAX_CHARS or language.furniture_family(text) != "dateline":
            continue
        found = [f for f in find_dates(text, language, date_order=days.order) if f.date.day is not None]
        if len(found) != 1 or not found[0].partial:
            continue
        month, day = found[0].date.month, found[0].date.day
        assert day is not None
        for anchor in days.full_dates():
            candidate = resolve_month_day(month, day, anchor)
            if days.fit(candidate):
                return candidate, line.number
    return None


class _PageDays:
    """The days the article's text gives, to tell whether a date alone (no time) is its stamp.

    A page's stamp is the day of the news or a few days after it; a site's "today" bar shows the day the
    page was read, often months later, and a publication can't precede the events it reports as done.
    """

    def __init__(self, kept: list[Line], language: Language, order: str, settled: bool):
        self.kept = kept
        self.language = language
        self.order = order
        self.settled = settled  # the page shows the order of its numeric dates

    @cached_property
    def found(self) -> list[tuple[FoundDate, bool]]:
        """(date with a day, whether its line announces what is to come), in the kept lines that end like
        sentences: the article's paragraphs, short ones included."""
        days: list[tuple[FoundDate, bool]] = []
        for line in self.kept:
            if not any(ch.isdigit() for ch in line.text) or not _ends_sentence(line.text, self.language):
                continue
            announces = self.language.announces(self.language.fold(line.text))
            days.extend(
                (found, announces)
                for found in find_dates(line.text, self.language, date_order=self.order)
                if found.date.day is not None
            )
        return days

    def full_dates(self) -> list[dt.date]:
        """The days the text gives with their year, in order, each once."""
        return list(dict.fromkeys(d for found, _ in self.found if (d := found.date.to_date()) is not None))

    def fit(self, candidate: dt.date) -> bool:
        """Whether `candidate` is within `STAMP_NEWS_DAYS` of a day the text gives (a day without a year
        read from it) and after every day with a year that the text reports as done."""
        near = False
        for found, announces in self.found:
            assert found.date.day is not None
            first = found.date.to_date() or resolve_month_day(found.date.month, found.date.day, candidate)
            last = first
            if found.end is not None and found.end.day is not None:
                last = _safe_date(first.year + (found.end.month < first.month), found.end.month, found.end.day)
            if found.date.year is not None and not announces and first > candidate:
                return False
            near = near or abs((candidate - last).days) <= STAMP_NEWS_DAYS or first <= candidate <= last
        return near

    def contradicts(self, candidate: dt.date) -> bool:
        """Whether the text says `candidate` is not its publication day: it reports as done a day written
        with its year after it, or a sentence announcing what is to come names that very day with its year
        (an event page's date line: "... will host the leaders on August 8, 2025"). A yearless day proves
        nothing, nor does an earlier day in an announcing sentence ("agreed on 13 March 2025, it will be
        signed ...")."""
        for found, announces in self.found:
            day = found.date.to_date()
            if day is not None and (day > candidate if not announces else day == candidate):
                return True
        return False


def _stamp_under(
    filled: list[Line], headline: int, stamps: _Stamps, days: _PageDays, loose: bool = False
) -> tuple[Line, _Stamp] | None:
    """(line, stamp) of the first stamp in the byline block under the line `headline` that is the article's:
    not a revision's nor a header's, and, for a date alone, one the text does not contradict
    (`_PageDays.contradicts`): under the headline is a stamp's usual place, and a site's clock is not there.
    Under a `loose` headline (`_headline_anchor`), which may be a site's slogan over its "today" bar, a date
    alone must also fit the text's days (`_PageDays.fit`) when the text gives any."""
    for line in _byline_block(filled, headline, stamps, days.language):
        stamp = stamps.of(line)
        if stamp and stamp.label != "updated" and not stamp.widgets:
            alone = not stamp.time and not stamp.label
            if alone and (days.contradicts(stamp.date) or (loose and days.found and not days.fit(stamp.date))):
                continue  # the text puts the date before its own news, or far from it: not the stamp
            return line, stamp
    return None


def _headline_anchor(
    filled: list[Line], body_start: int | None, title_line: int | None, stamps: _Stamps, days: _PageDays
) -> tuple[int, Line, _Stamp] | None:
    """(headline line, stamp line, stamp) when the headline was not found where a stamp sits under it.

    With no title found (cleaning dropped the headline, or it is short or in capitals: "BORDER TALKS END",
    "Sınırda yeni tur"), the headline is the last line before the first body paragraph, kept or not, with a
    loose headline's shape (`_loose_headline`) and the article's stamp in its byline block. With a title
    found, a byline under the stamp may have been taken for it ("Ajans Dış Haberler Servisi" under a headline
    that cleaning dropped): the headline is then a line of full headline shape among the few right above it.
    """
    if body_start is None:
        return None
    head = [line for line in filled if line.number < body_start][-HEAD_SEARCH_LINES:]
    script = script_of(" ".join(line.text for line in [line for line in filled if line.kept][:40]))  # as `_title`
    if title_line is not None:
        head = [line for line in head if line.number < title_line][-(BYLINE_WINDOW + 1) :]
    shape = _loose_headline if title_line is None else _looks_like_headline
    for line in reversed(head):
        if shape(line.text, script, days.language) and stamps.of(line) is None:
            under = _stamp_under(filled, line.number, stamps, days, loose=title_line is None)
            if under is not None:
                return line.number, *under
    return None


def _loose_headline(text: str, script: str, language: Language) -> bool:
    """A headline's shape without its length and case bounds: two words or more, a capital start, no final
    stop, no web furniture, no "|" row of widgets or menu items, no furniture family, the main script."""
    text = text.strip()
    words = _words(text)
    if not (LOOSE_HEADLINE_MIN_WORDS <= len(words) <= HEADLINE_MAX_WORDS) or len(text) > HEADLINE_MAX_CHARS:
        return False
    if text.endswith((".", ",", ":", ";", "։")) or _SEGMENTS.search(text) or _WEB_RE.search(text):
        return False
    first = next((ch for ch in text if ch.isalpha()), "")
    if not first or first.islower() or language.furniture_family(text) is not None:
        return False
    return script_of(text) == script


def _byline_block(filled: list[Line], title_line: int, stamps: _Stamps, language: Language) -> list[Line]:
    """The first `BYLINE_WINDOW` lines under the title that may hold its stamp. A standfirst may sit
    between them (one body paragraph is passed over; the second is the article, and what follows it
    is no byline), and so may the byline block's furniture; a photo credit's bare date is the photo's, and
    after a "Read also" or "Most read" heading come teasers."""
    block: list[Line] = []
    paragraphs = 0
    for line in [line for line in filled if line.number > title_line][:BYLINE_SEARCH_LINES]:
        if _is_body_paragraph(line.text, language):
            paragraphs += 1
            if paragraphs > 1:
                break
            continue
        family = language.furniture_family(line.text)
        if family == "related":
            break  # teasers and their dates follow
        stamp = stamps.of(line) if family in BYLINE_BLOCK_FAMILIES else None
        if family in BYLINE_BLOCK_FAMILIES and (stamp is None or (family == "photo" and not stamp.time)):
            continue  # a credit's date without a time is the photo's ("Photo: Jane Roe, 11 May 2024")
        block.append(line)
        if len(block) == BYLINE_WINDOW:
            break
    return block


def _under_the_body(filled: list[Line], stamps: _Stamps, days: _PageDays) -> _Stamp | None:
    """A stamp on the line right under the article's last kept paragraph (teasers, which cleaning drops,
    and their dates come after a heading, not there): with a time, or a date alone that the text's days fit."""
    language = days.language
    last = max(
        (i for i, line in enumerate(filled) if line.kept and _is_body_paragraph(line.text, language)), default=None
    )
    if last is None:
        return None
    # Short closing paragraphs still belong to the article: kept lines that end like sentences.
    while last + 1 < len(filled) and filled[last + 1].kept and _ends_sentence(filled[last + 1].text, language):
        last += 1
    if last + 1 == len(filled):
        return None
    stamp = stamps.of(filled[last + 1])
    if stamp is None:
        return None
    bare = not stamp.time and not stamp.widgets and stamp.label != "updated" and days.fit(stamp.date)
    return stamp if _article_stamp(stamp) or bare else None


def _marked(filled: list[Line], language: Language, order: str) -> list[tuple[int, _Stamp]]:
    """(line number, stamp) of the lines marked published or updated, in any of the languages (the page's
    first: a Russian page of an English-speaking site says "Updated: ..."), among the first `MARKED_LINES`."""
    languages = [language, *(lang.get(code) for code in lang.LANGUAGES if code != language.code)]
    found = []
    read = 0
    for line in filled:
        if len(line.text) > BYLINE_MAX_CHARS or not any(ch.isdigit() for ch in line.text):
            continue
        marked_in = next(
            (c for c in languages if any(label.search(c.fold(line.text)) for label in _labels(c.code))), None
        )
        if marked_in is None or marked_in.furniture_family(line.text) in ("copyright", "photo"):
            continue  # "© 2024 ... Updated 30.11.2026" is the site's, a dated credit the photo's
        stamp = _stamp(line.text, marked_in, order)
        if stamp is not None and stamp.label:
            found.append((line.number, stamp))
        read += 1
        if read == MARKED_LINES:
            break
    return found


def _article_stamp(stamp: _Stamp) -> bool:
    """A stamp that is the article's, wherever it sits: marked published, or a time without a weekday or widgets."""
    if stamp.label:
        return stamp.label == "published"
    return stamp.time and not stamp.weekday and not stamp.widgets


def _wire_dateline(
    lines: list[Line], body_start: int | None, language: Language, order: str
) -> tuple[dt.date | None, str | None]:
    """ "WASHINGTON, Nov 7, 2022 (Reuters) -": a full date in the words before the first paragraph's dash;
    or "ЕРЕВАН, 11 мая 2024. ...": a full date after a place or an agency only, closed by a full stop."""
    if body_start is None:
        return None, None
    first = next(line for line in lines if line.number == body_start)
    head = first.text[:BYLINE_MAX_CHARS]
    dash = re.search(r"\s[-–—]\s", head)
    if dash is not None:
        for found in find_dates(head[: dash.start()], language, date_order=order):
            date = found.date.to_date()
            if date is not None:
                return date, f"dateline at line {first.number}"
    for found in find_dates(head, language, date_order=order):
        words = _NAME_WORD.findall(head[: found.span[0]])
        date = found.date.to_date()
        closed = _DATELINE_END.match(head, found.span[1]) is not None
        if date is not None and closed and 0 < len(words) <= BYLINE_MAX_WORDS and all(w[0].isupper() for w in words):
            return date, f"dateline at line {first.number}"
        break  # only the paragraph's first date opens it
    return None, None


# --- dates mentioned -------------------------------------------------------------------


@dataclass
class _Raw:
    """A date the text gives, before its year is inferred."""

    line: int
    text: str
    span: tuple[int, int]
    sentence: str
    background: bool  # the sentence is about war, history or the past
    preview: bool  # the sentence announces something still to come
    found: FoundDate | None = None
    weekday: int | None = None
    relation: str = ""
    offset: int | None = None  # a relative day: days after the publication date
    month: int | None = None  # a relative month ("last May"), with its `relation`


def _sentence_spans(sentences: Sequence[Sentence]) -> dict[int, list[str]]:
    """Line number -> the texts of its sentences, from the segmenter's output."""
    by_line: dict[int, list[str]] = {}
    for sentence in sentences:
        by_line.setdefault(sentence.line, []).append(sentence.text)
    return by_line


def _locate(text: str, sentences: list[str]) -> list[tuple[int, int]]:
    """Where the line's sentences lie in it, in order (from the first one not found on, none)."""
    spans, cursor = [], 0
    for sentence in sentences:
        start = text.find(sentence, cursor)
        if start < 0:
            break
        cursor = start + len(sentence)
        spans.append((start, cursor))
    return spans


def _dates(
    kept: list[Line],
    stamps: set[int],
    sentences: dict[int, list[str]],
    language: Language,
    order: str,
    published: dt.date | None,
) -> tuple[list[DateMention], list[PartialDate]]:
    """The dates the kept text mentions, resolved against the publication date or nearby full dates."""
    raws: list[_Raw] = []
    for line in kept:
        if line.number in stamps or language.furniture_family(line.text) in ("dateline", "clock"):
            continue
        if (
            not any(ch.isdigit() for ch in line.text)
            and not language.weekday_re.search(line.text)
            and not find_relative_days(line.text, language)
            and not find_relative_months(line.text, language)
        ):
            continue
        raws.extend(_raws_on(line, sentences.get(line.number, []), language, order))
    anchors = _Anchors([(raw.line, raw.background, d) for raw in raws if raw.found and (d := raw.found.date.to_date())])
    mentions: list[DateMention] = []
    partial: list[PartialDate] = []
    for raw in raws:
        resolved = _resolve(raw, published, anchors)
        if isinstance(resolved, DateMention):
            mentions.append(resolved)
        elif isinstance(resolved, PartialDate):
            partial.append(resolved)
    return mentions, partial


def _raws_on(line: Line, sentences: list[str], language: Language, order: str) -> Iterable[_Raw]:
    """The dates, weekdays and relative days one line gives, in order."""
    text = line.text
    found = find_dates(text, language, date_order=order)
    spans = _locate(text, sentences)
    sentence_starts = [start for start, _ in spans]
    date_starts = [date.span[0] for date in found]

    whole = text.strip()
    kinds: dict[int, tuple[bool, bool]] = {}  # sentence (its index; -1 for the whole line) -> (background, preview)

    def raw(span: tuple[int, int]) -> _Raw:
        k = bisect_right(sentence_starts, span[0]) - 1
        if not (k >= 0 and span[0] < spans[k][1]):
            k = -1
        sentence = text[slice(*spans[k])] if k >= 0 else whole
        if k not in kinds:
            folded = language.fold(sentence)
            kinds[k] = (bool(language.background_words.search(folded)), language.announces(folded))
        return _Raw(line.number, text[span[0] : span[1]], span, sentence, *kinds[k])

    items = []
    for date in found:
        item = raw(date.span)
        item.found = date
        items.append(item)

    def beside_date(span: tuple[int, int]) -> bool:
        """Whether a date written next to `span` says the day ("Monday, 7 November", "today, 7 November")."""
        start, end = span
        k = bisect_right(date_starts, start)
        near = found[max(0, k - 1) : k + 1]
        return any(start - WEEKDAY_DATE_GAP <= d.span[1] and d.span[0] <= end + WEEKDAY_DATE_GAP for d in near)

    for weekday in find_weekdays(text, language):
        if beside_date(weekday.span) and weekday.relation not in ("last", "next"):
            continue  # "Monday, 7 November" is one day; "on 11 August ... last Friday" are two
        item = raw(weekday.span)
        item.weekday, item.relation = weekday.weekday, weekday.relation
        items.append(item)
    for relative in find_relative_days(text, language):
        if beside_date(relative.span):
            continue
        item = raw(relative.span)
        item.offset = relative.offset
        items.append(item)
    for month in find_relative_months(text, language):
        item = raw(month.span)
        item.month, item.relation = month.month, month.relation
        items.append(item)
    return sorted(items, key=lambda item: item.span)


def _resolve(raw: _Raw, published: dt.date | None, anchors: _Anchors) -> DateMention | PartialDate | None:
    """A DateMention, a PartialDate (the year is unknown), or None when a weekday cannot be placed."""

    def mention(
        date: dt.date, certain: bool, end: dt.date | None = None, precision: DatePrecision = "day"
    ) -> DateMention:
        return DateMention(raw.text, date, precision, raw.line, certain, end, raw.span, raw.sentence)

    if raw.offset is not None:
        # "Yesterday" counts from the day the page was published, never from a date elsewhere in it.
        return mention(published + dt.timedelta(days=raw.offset), False) if published else None
    if raw.month is not None:
        # "At the end of last May": the May before the page's month, so only with its publication date.
        return (
            mention(resolve_month(raw.month, published, raw.relation), False, precision="month") if published else None
        )
    if raw.weekday is not None:
        anchor = published or anchors.nearest(raw.line, WEEKDAY_ANCHOR_LINES)
        if anchor is None:
            return None
        if raw.preview and not raw.relation:  # "talks will open on Monday": that day or the first after it
            return mention(resolve_weekday(raw.weekday, anchor - dt.timedelta(days=1), "next"), False)
        return mention(resolve_weekday(raw.weekday, anchor, raw.relation), False)
    assert raw.found is not None
    start, end = raw.found.date, raw.found.end
    if start.year is not None:
        first = dt.date(start.year, start.month, start.day or 1)
        return mention(first, True, end.to_date() if end else None, "day" if start.day else "month")
    assert start.day is not None
    anchor = published or anchors.nearest(raw.line)
    if anchor is None:
        end_month = end.month if end and end.month != start.month else None
        return PartialDate(
            raw.text, start.month, start.day, raw.line, end.day if end else None, raw.span, raw.sentence, end_month
        )
    first = resolve_month_day(start.month, start.day, anchor)
    last = None
    if end is not None and end.day is not None:
        last = _safe_date(first.year + (end.month < start.month), end.month, end.day)
    return mention(first, False, last if last and last > first else None)


class _Anchors:
    """The dates an article writes in full, to place the ones it writes without a year.

    The nearest one wins: outside background sentences first, then (on one
    line) the year written most often in the article, then the first.
    """

    def __init__(self, full: list[tuple[int, bool, dt.date]]):
        year_counts = Counter(date.year for _, _, date in full)
        preferred = [item for item in full if not item[1]] or full
        best: dict[int, dt.date] = {}
        for line, _, date in preferred:
            if line not in best or year_counts[date.year] > year_counts[best[line].year]:
                best[line] = date
        self.lines = sorted(best)
        self.best = best

    def nearest(self, line: int, max_distance: int | None = None) -> dt.date | None:
        """The anchor for a date on `line`, or None when there is none within `max_distance` lines."""
        k = bisect_right(self.lines, line)
        around = self.lines[max(0, k - 1) : k + 1]
        if not around:
            return None
        closest = min(around, key=lambda number: (abs(number - line), number))
        if max_distance is not None and abs(closest - line) > max_distance:
            return None
        return self.best[closest]


def resolve_month_day(month: int, day: int, anchor: dt.date) -> dt.date:
    """The latest `month`/`day` not more than FUTURE_MARGIN_DAYS after `anchor`.

    29 February falls back to 28 February in years without it.
    """
    limit = anchor + dt.timedelta(days=FUTURE_MARGIN_DAYS)
    candidate = _safe_date(limit.year, month, day)
    return candidate if candidate <= limit else _safe_date(limit.year - 1, month, day)


def _safe_date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return dt.date(year, month, 28)


# --- names ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    """A name or title on a line: a glossary entry, a demonym ("Armenian"), or a role title."""

    start: int
    end: int
    kind: str  # a glossary kind ("person", "country", ...), demonyms count as "country"; or "role"
    text: str
    entry: Entry | None = None
    candidates: tuple[Entry, ...] = ()
    role: str | None = None  # for kind "role": its key (`lang.ROLE_KEYS`)


class _Demonyms:
    """The glossary's demonyms as one pattern, built once per glossary."""

    def __init__(self, glossary: Glossary):
        self.entries: dict[str, Entry] = {}
        for entry in glossary.entries:
            if entry.kind == "country":
                for demonym in entry.demonyms:
                    self.entries.setdefault(demonym, entry)
        words = sorted(self.entries, key=len, reverse=True)
        self.pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, words)) + r")(?!\w)") if words else None


_DEMONYMS: dict[int, tuple[weakref.ref, _Demonyms]] = {}


def _demonyms(glossary: Glossary) -> _Demonyms:
    key = id(glossary)
    cached = _DEMONYMS.get(key)
    if cached is not None and cached[0]() is glossary:
        return cached[1]
    built = _Demonyms(glossary)
    _DEMONYMS[key] = (weakref.ref(glossary, lambda _ref: _DEMONYMS.pop(key, None)), built)
    return built


@dataclass
class _Tally:
    order: int
    key: str
    mentions: int = 0
    roles: Counter[str] = field(default_factory=Counter)
    countries: Counter[str] = field(default_factory=Counter)

    def add(self, role: str | None, country: str | None) -> None:
        self.mentions += 1
        if role:
            self.roles[role] += 1
        if country:
            self.countries[country] += 1


class _Names:
    """The places and people of an article's kept lines."""

    def __init__(self, glossary: Glossary, language: Language, kept: list[Line]):
        self.glossary = glossary
        self.language = language
        self.kept = kept
        self.demonyms = _demonyms(glossary)
        self.tokens = {line.number: self._tokens(line.text) for line in kept}
        # A surname two glossary people share counts for the one the page names in full.
        self.named_in_full = {
            t.entry.en for tokens in self.tokens.values() for t in tokens if t.entry and len(t.candidates) == 1
        }

    def _tokens(self, text: str) -> list[_Token]:
        """Glossary names, demonyms and role titles on one line, in order, not overlapping."""
        kinds = ("person", "country", "place", "organisation")
        tokens = [
            _Token(m.start, m.end, m.entry.kind, m.text, m.entry, m.candidates)
            for m in self.glossary.find(text, kinds, lang=self.language.code)
        ]
        if self.demonyms.pattern is not None:
            demonyms = [
                _Token(m.start(), m.end(), "country", m.group(), self.demonyms.entries[m.group()])
                for m in self.demonyms.pattern.finditer(text)
            ]
            tokens = _merge(tokens, demonyms)
        roles = [
            _Token(start, end, "role", text[start:end], role=role)
            for start, end, role in self.language.find_roles(text)
        ]
        return _merge(tokens, roles)

    # --- places ----------------------------------------------------------------------

    def places(self) -> list[str]:
        """Glossary places, most mentioned first (ties: first mentioned first)."""
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        for line in self.kept:
            tokens = self.tokens[line.number]
            for i, token in enumerate(tokens):
                if token.kind != "place" or token.entry is None or self._qualifies(tokens, i, line.text):
                    continue
                counts[token.entry.en] += 1
                first.setdefault(token.entry.en, len(first))
        return sorted(counts, key=lambda name: (-counts[name], first[name]))

    def _qualifies(self, tokens: list[_Token], i: int, text: str) -> bool:
        """Whether the place at tokens[i] only qualifies the name or title next to it: "State Department
        spokesperson", «представитель Госдепартамента», "the Alma-Ata Declaration", "the Washington Post"."""
        token = tokens[i]
        if _qualifier(token):
            for j in (i - 1, i + 1):
                if 0 <= j < len(tokens) and tokens[j].kind == "role":
                    first, second = sorted((token, tokens[j]), key=lambda t: t.start)
                    if not text[first.end : second.start].strip():
                        return True
        m = _NAME_WORD.match(text, token.end + 1) if text[token.end : token.end + 1] in (" ", "-") else None
        if m is None or not m.group()[0].isupper():
            return False
        word = self.language.fold(m.group())
        if word in self.language.months or word in self.language.weekdays or word in self.language.stop_words:
            return False
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        return following is None or following.start != m.start()  # "Alma-Ata Declaration", "Washington Post"

    # --- people ----------------------------------------------------------------------

    def people(self) -> list[Person]:
        """People mentioned on the kept lines, most mentioned first, with role and country when stated."""
        tallies: dict[str, _Tally] = {}
        unknown: dict[str, str] = {}  # key -> name, for people the glossary lacks
        counted: set[tuple[int, int]] = set()  # (line, start) of every mention already counted
        for line in self.kept:
            tokens, text = self.tokens[line.number], line.text
            runs = self._lists(tokens, text)
            titles: dict[int, tuple[str | None, list[str]]] = {}  # first of a list of names -> its title
            headline = _title_case(text, self.language)
            for i, token in enumerate(tokens):
                if token.kind == "person":
                    entry = self._person(token)
                    if entry is None:
                        continue
                    first, last = runs[i]
                    if first not in titles:
                        titles[first] = self._title_before(tokens, first, text)
                    role, countries = titles[first]
                    country = _pair(countries, i - first, last - first + 1)
                    if role is None:
                        role, country = self._title_after(tokens, i, text)
                    tallies.setdefault(entry.en, _Tally(len(tallies), name_key(entry.en, "en"))).add(role, country)
                    counted.add((line.number, token.start))
                elif token.kind == "role" and not headline:
                    found = self._unknown_after(tokens, i, text)
                    if found is None:
                        continue
                    name, starts, key = found
                    country = self._country_near_role(tokens, i, text)
                    tallies.setdefault(name, _Tally(len(tallies), key)).add(token.role, country)
                    counted.update((line.number, start) for start in starts)
                    if self.glossary.lookup(name, "person") is None:
                        unknown.setdefault(key, name)
        self._count_surnames(tallies, unknown, counted)
        people = [
            Person(
                name=name,
                role=t.roles.most_common(1)[0][0] if t.roles else None,
                country=t.countries.most_common(1)[0][0] if t.countries else None,
                mentions=t.mentions,
                key=t.key,
            )
            for name, t in tallies.items()
        ]
        people.sort(key=lambda p: (-p.mentions, tallies[p.name].order))
        return people

    def _person(self, token: _Token) -> Entry | None:
        """The glossary person a mention names; a shared surname only when the page names one of them in full."""
        if len(token.candidates) <= 1:
            return token.entry
        named = [entry for entry in token.candidates if entry.en in self.named_in_full]
        return named[0] if len(named) == 1 else None

    def _lists(self, tokens: list[_Token], text: str) -> list[tuple[int, int]]:
        """For each token, the first and last index of the list of names it belongs to ("X, Y and Z")."""
        runs = [(i, i) for i in range(len(tokens))]
        first = 0
        for i, token in enumerate(tokens):
            joined = i > 0 and tokens[i - 1].kind == "person" and self._list_gap(_gap(tokens, i - 1, i, text))
            if token.kind != "person" or not joined:
                first = i
            runs[i] = (first, i)
        last = len(tokens) - 1
        for i in range(len(tokens) - 1, -1, -1):
            if i == len(tokens) - 1 or runs[i + 1][0] != runs[i][0]:
                last = i
            runs[i] = (runs[i][0], last)
        return runs

    def _title_before(self, tokens: list[_Token], first: int, text: str) -> tuple[str | None, list[str]]:
        """(role, countries) of "[Countries] Role [of Countries] Name[, Name and Name]", for the list at `first`.

        Countries listed with the names pair with them in order (`_pair`):
        "Foreign Ministers of Armenia and Azerbaijan X and Y", «Հայաստանի և
        Ադրբեջանի ԱԳ նախարարներ X-ի և Y-ի».
        """
        j = first - 1
        if j < 0 or not self._name_gap(text[tokens[j].end : tokens[first].start]):
            return None, []
        after: list[str] = []
        # Countries between the title and the names: «министр иностранных дел Армении X», "of A and B X and Y".
        if self._qualifies_title(tokens, j, text):
            k = self._chain_start(tokens, j, text)
            if k == 0 or tokens[k - 1].kind != "role":
                return None, []
            if not self._qualifier_gap(_gap(tokens, k - 1, k, text), words=ROLE_GAP_WORDS):
                return None, []
            after = _countries(tokens[k : j + 1])
            j = k - 1
        if tokens[j].kind != "role":
            return None, []
        j = self._office_in_chain(tokens, j, text)
        return tokens[j].role, self._countries_before(tokens, j, text) or after

    def _office_in_chain(self, tokens: list[_Token], j: int, text: str) -> int:
        """The title a person holds in a chain of titles ending at tokens[j]: «пресс-секретарь президента РФ»,
        "Spokesperson of the President". A head of state's or government's title there only qualifies another."""
        chain = [j]
        k = j
        while k > max(0, j - MAX_CHAIN) and (tokens[k - 1].kind == "role" or _qualifier(tokens[k - 1])):
            if not self._qualifier_gap(_gap(tokens, k - 1, k, text)):
                break
            k -= 1
            if tokens[k].kind == "role":
                chain.append(k)
        return next((k for k in chain if tokens[k].role not in HEAD_ROLES), j)

    def _title_after(self, tokens: list[_Token], i: int, text: str) -> tuple[str | None, str | None]:
        """ "Name, the [US] [Department of State] Spokesperson", «Մարիա Զախարովա՝ ԱԳՆ խոսնակ»: one person's title
        in apposition (a list of countries there, "X, Azerbaijan and Armenia's ministers", is not one)."""
        if i + 1 >= len(tokens) or not _APPOSITION.match(self._without_stop_words(_gap(tokens, i, i + 1, text))):
            return None, None
        j = i + 1
        while j < len(tokens) and _qualifier(tokens[j]):
            if j + 1 >= len(tokens) or j > i + MAX_CHAIN or not self._qualifier_gap(_gap(tokens, j, j + 1, text)):
                return None, None
            j += 1
        countries = _countries(tokens[i + 1 : j])
        if j < len(tokens) and tokens[j].kind == "role" and len(countries) <= 1:
            return tokens[j].role, countries[0] if countries else self._country_after(tokens, j, text)
        return None, None

    def _countries_before(self, tokens: list[_Token], j: int, text: str) -> list[str]:
        """The countries named right before the title at tokens[j], in order: "Armenian", "Armenia's",
        "U.S. State Department", «Հայաստանի և Ադրբեջանի», "Azərbaycan və Ermənistanın"."""
        return _countries(tokens[self._chain_start(tokens, j, text) : j])

    def _chain_start(self, tokens: list[_Token], j: int, text: str) -> int:
        """The first of the qualifying tokens linked right before tokens[j] (j itself when none)."""
        k = j
        while (
            k > max(0, j - MAX_CHAIN)
            and self._qualifies_title(tokens, k - 1, text)
            and self._link(_gap(tokens, k - 1, k, text))
        ):
            k -= 1
        return k

    def _qualifies_title(self, tokens: list[_Token], k: int, text: str) -> bool:
        """Whether tokens[k] may say whose a title is: a country or institution, not a place where ("Ağ Evdə")."""
        token = tokens[k]
        return _qualifier(token) and not (
            token.kind == "place" and self.language.names_venue(text[: token.start], token.text)
        )

    def _link(self, gap: str) -> bool:
        """Between two qualifiers: a list's comma or linking word, or what joins a country to its title."""
        return self._list_gap(gap) or self._qualifier_gap(gap)

    def _list_gap(self, gap: str) -> bool:
        """Between the items of a list: a comma, and a linking word that is a function word ("and", «и», "ilə")."""
        m = _LIST_GLUE.match(gap)
        if m is None:
            return False
        return not m.group("word") or self.language.fold(m.group("word")) in self.language.stop_words

    def _country_after(self, tokens: list[_Token], j: int, text: str) -> str | None:
        """The country named right after the role at tokens[j] («министр иностранных дел Армении», "Minister of Armenia")."""
        if (
            j + 1 < len(tokens)
            and _qualifier(tokens[j + 1])
            and self._qualifier_gap(_gap(tokens, j, j + 1, text), words=ROLE_GAP_WORDS)
        ):
            return _country_of(tokens[j + 1])
        return None

    def _country_near_role(self, tokens: list[_Token], j: int, text: str) -> str | None:
        before = self._countries_before(tokens, j, text)
        return before[0] if len(before) == 1 else self._country_after(tokens, j, text)

    def _qualifier_gap(self, gap: str, words: int = 0) -> bool:
        """Between a country and its title: a hyphen, stop words ("of the"), up to `words` other words,
        and no comma or other break (", said" ends the phrase)."""
        if re.search(r"[,.!?։;:«»\"“”()]", gap):
            return False
        rest = self._without_stop_words(gap)
        return not rest.strip(" -–—") or (words > 0 and len(_NAME_WORD.findall(rest)) <= words)

    def _name_gap(self, gap: str) -> bool:
        """Between a title and the name it introduces: punctuation and a few words (a first name, «шейху», "МИД")."""
        if re.search(r"[.!?։;«»\"“”()]", gap):
            return False
        acronyms = [w for w in _NAME_WORD.findall(gap) if not (len(w) > 1 and w.isupper())]
        return len(acronyms) <= ROLE_GAP_WORDS

    def _without_stop_words(self, text: str) -> str:
        """`text` without its function words and acronyms ("of the", «МИД», «ԱԳՆ»): what is left says more."""
        return _NAME_WORD.sub(lambda m: "" if self._slight(m.group()) else m.group(), text)

    def _slight(self, word: str) -> bool:
        return (len(word) > 1 and word.isupper()) or self.language.fold(word) in self.language.stop_words

    def _unknown_after(self, tokens: list[_Token], i: int, text: str) -> tuple[str, list[int], str] | None:
        """(name, where its words start, key) of a person the glossary lacks, named right after the role at tokens[i].

        A glossary person whose surname has the same key in some spelling
        («Salivanla», Sullivan) is that person. Not called on a headline in
        title case ("Ministers End Almaty Talks"), where capitals say nothing.
        """
        position = tokens[i].end
        j = i + 1
        while j < len(tokens) and j <= i + MAX_CHAIN and _qualifier(tokens[j]):
            if not self._qualifier_gap(text[position : tokens[j].start], words=ROLE_GAP_WORDS):
                break
            position = tokens[j].end
            j += 1
        words = []
        for m in _NAME_WORD.finditer(text, position):
            if text[position : m.start()].strip(" ,:–—-") or not self._name_like(m.group()):
                break
            if j < len(tokens) and tokens[j].start < m.end():
                return None  # a glossary name or a title: a known person, or not a person
            words.append(m)
            position = m.end()
            if len(words) == UNKNOWN_NAME_WORDS[1]:
                break
        code = word_language(words[-1].group(), self.language.code) if words else self.language.code
        # A given name does not decline before its surname in most of the languages: an inflected word
        # first is a country or body the glossary lacks («Киргизии», "Administrasiyasının"), not the name.
        while words and lang.get(code).name_stems(words[0].group())[0] != words[0].group():
            words.pop(0)
        if len(words) < UNKNOWN_NAME_WORDS[0]:
            return None
        keys = name_keys(words[-1].group(), code)
        known = next((self.glossary.people_with_key(key) for key in keys if self.glossary.people_with_key(key)), ())
        starts = [m.start() for m in words]
        if len(known) == 1:
            return known[0].en, starts, keys[0]
        bases = [lang.get(code).name_stems(m.group())[0] for m in words]
        return latin(" ".join(bases), code), starts, keys[0]

    def _name_like(self, word: str) -> bool:
        """A capitalised word that is not an acronym, a month or a weekday.

        Stop words are not refused: the Turkish and Azerbaijani lists hold
        common first names (Mehmet), and after a title a capitalised word is a
        name unless the whole line is in title case (`_title_case`).
        """
        folded = self.language.fold(word)
        return (
            word[0].isupper()
            and not word.isupper()
            and folded not in self.language.months
            and folded not in self.language.weekdays
        )

    def _count_surnames(
        self, tallies: dict[str, _Tally], unknown: dict[str, str], counted: set[tuple[int, int]]
    ) -> None:
        """Add surname-only mentions, in any inflection or script, of people found through a role."""
        if not unknown:
            return
        for line in self.kept:
            for m in _NAME_WORD.finditer(line.text):
                if (line.number, m.start()) in counted or not m.group()[0].isupper():
                    continue
                code = word_language(m.group(), self.language.code)
                for key in name_keys(m.group(), code):
                    if key in unknown:
                        tallies[unknown[key]].add(None, None)
                        break


def _title_case(text: str, language: Language) -> bool:
    """Whether `text` is a headline in title case: most words capitalised, and no full stop at the end."""
    if text.rstrip().rstrip(_CLOSERS)[-1:] in language.sentence_terminals:
        return False
    words = [w for w in _NAME_WORD.findall(text) if len(w) > 3]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= TITLE_CASE_SHARE * len(words)


def _merge(tokens: list[_Token], extra: list[_Token]) -> list[_Token]:
    """`tokens` (sorted, not overlapping) with the `extra` ones that overlap none of them, in order."""
    starts = [t.start for t in tokens]
    kept = []
    for token in extra:
        k = bisect_right(starts, token.start) - 1
        before_ends = k >= 0 and tokens[k].end > token.start
        after_starts = k + 1 < len(tokens) and tokens[k + 1].start < token.end
        if not before_ends and not after_starts:
            kept.append(token)
    return sorted([*tokens, *kept], key=lambda t: t.start)


def _pair(countries: list[str], position: int, size: int) -> str | None:
    """The country of the name at `position` in a list of `size` names: the only one, or the one in that place."""
    if len(countries) == 1:
        return countries[0]
    return countries[position] if countries and len(countries) == size else None


def _gap(tokens: list[_Token], a: int, b: int, text: str) -> str:
    return text[tokens[a].end : tokens[b].start]


def _countries(tokens: Iterable[_Token]) -> list[str]:
    """The distinct countries `tokens` name, in order."""
    return list(dict.fromkeys(c for token in tokens if (c := _country_of(token))))


def _qualifier(token: _Token) -> bool:
    """Whether a token can qualify a title: a country, an institution, or a venue that stands for one ("White House")."""
    return token.kind in ("country", "organisation") or bool(token.kind == "place" and token.entry and token.entry.city)


def _country_of(token: _Token) -> str | None:
    """The country a token names: a country, or the country of a place or institution ("State Department")."""
    entry = token.entry
    if entry is None:
        return None
    if entry.kind == "country":
        return entry.en
    return entry.country if entry.kind in ("place", "organisation") else None
