"""The data model shared by every stage.

Stages never import each other; they pass these objects along. The per-page
plan (`briefing.stages`) and the cross-page plan (`briefing.runner`) fill them
in, stage by stage; a stage returns new objects and never rewrites the fields
an earlier stage filled:

    ingest   -> Page
    clean    -> Article.lines (each Line kept or dropped, with a reason)
    langid   -> Article.language, Article.fragments
    segment  -> Article.sentences
    metadata -> Article.meta
    events   -> Event (groups of articles)
    summarise-> Article.summary, Event.summary
    translate-> SummarySentence.translations, Fragment.translation
    render   -> files under out/

Every field says whether its stage has run: `Article.language` is None until
language identification, `Sentence.english` and `Fragment.translation` are None
until a translation exists, `Article.summary_method` is "" until summarising, and
`Article.stages` lists the per-page stages that have filled the article.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .errors import StageOrderError

#: Languages briefings are written in, as ISO 639-1 codes.
OUTPUT_LANGUAGES = ("en", "hy", "az")

Script = Literal["Latin", "Armenian", "Cyrillic", "Georgian", "Arabic", "Greek", "Hebrew", "Han", "Other"]
FragmentKind = Literal["interface", "content"]
FragmentAction = Literal["stripped", "translated", "untranslated"]
DatePrecision = Literal["day", "month", "year"]
ArticleKind = Literal["report", "preview", "related"]


def printable(text: str) -> str:
    """`text` as one line of valid, visible UTF-8, for file names in logs, outputs and cache keys.

    A file name is chosen by whoever fills the corpus: it may hold bytes that
    are not UTF-8 (decoded by Python as lone surrogates, which no UTF-8 writer
    accepts), or newlines, terminal escapes, bidi overrides and zero-width
    characters that forge or hide what a reader sees. Those are shown as
    escapes (`\\xe9` for the byte 0xE9, `\\n`, `\\x1b`, `\\u202e`); everything
    else, including non-Latin letters, is kept as it is.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape(c) for c in text)


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode() carries it
        return f"\\x{code - 0xDC00:02x}"
    return ascii(char)[1:-1]  # \n, \x1b, \u202e, \U000e0001


@dataclass
class Page:
    """One input file, decoded. Produced by `briefing.ingest`."""

    id: str  # file name stem, made safe for paths
    path: Path  # as given, made `printable`: the real path is used only by ingest, to open the file
    text: str  # decoded text; for HTML, the extracted main text
    sha256: str  # of the raw bytes
    format: Literal["txt", "md", "html"]
    encoding: str
    url: str | None = None  # from front matter
    published: dt.date | None = None  # from front matter
    source: str | None = None  # from front matter, else the site's name if known
    warnings: list[str] = field(default_factory=list)
    title: str | None = None  # from front matter or HTML metadata, when given

    @property
    def name(self) -> str:
        """The file name as every output, log and cache key shows it."""
        return printable(self.path.name)


@dataclass
class Line:
    """One line of `Page.text`, as cleaning judged it."""

    number: int  # 1-based, in Page.text
    text: str
    kept: bool = True
    reason: str | None = None  # why it was dropped, e.g. "share-button", "teaser"


@dataclass
class Fragment:
    """A span that is not in the page's main language."""

    page_id: str
    line: int  # 1-based line number in Page.text
    start: int  # character offsets within the line
    end: int
    text: str
    script: Script
    language: str | None  # ISO 639-1, None when unidentifiable
    confidence: float
    kind: FragmentKind
    action: FragmentAction
    translation: str | None = None  # English, when a translation backend produced one
    note: str | None = None  # why, e.g. "no translation model for ru->en"


@dataclass
class Sentence:
    """One sentence of an article's kept text."""

    text: str
    line: int  # 1-based line number where it starts
    index: int  # position in the article
    language: str = "en"
    english: str | None = None  # English text, when `text` is a translated foreign quote


@dataclass
class DateMention:
    """A date the text gives, resolved to a calendar date."""

    text: str  # as written, e.g. "November 7"
    date: dt.date
    precision: DatePrecision
    line: int
    certain: bool  # False when the year was inferred rather than written
    end: dt.date | None = None  # for ranges such as "May 1-4"
    span: tuple[int, int] | None = None  # character offsets of `text` in the line
    sentence: str = ""  # the sentence holding it (the whole line when the article has no sentences)


@dataclass
class PartialDate:
    """A day of the month written without a year, when nothing in the article gives the year."""

    text: str  # as written, e.g. "on November 7"
    month: int
    day: int
    line: int
    end_day: int | None = None  # for ranges, such as "May 1-4"
    span: tuple[int, int] | None = None  # character offsets of `text` in the line
    sentence: str = ""  # the sentence holding it (the whole line when the article has no sentences)
    end_month: int | None = None  # for ranges that end in another month ("30 November - 2 December")


@dataclass
class Person:
    name: str  # canonical English form (glossary `en` when known)
    role: str | None = None  # glossary role `en` form when known, e.g. "Foreign Minister"
    country: str | None = None  # glossary country `en` form, e.g. "Armenia" for "Armenian Foreign Minister"
    mentions: int = 1
    #: The surname's script-independent key (`briefing.lang.names.name_key`): the same person's
    #: Nurtleu, Нуртлеу and Նուրտլեու share it, so pages in different languages can be matched.
    key: str = ""


@dataclass
class Metadata:
    title: str | None = None
    published: dt.date | None = None
    published_evidence: str | None = None  # where the date came from, e.g. "front matter", "byline line 5"
    dates: list[DateMention] = field(default_factory=list)  # dates of events the text mentions
    places: list[str] = field(default_factory=list)  # canonical English names, most mentioned first
    people: list[Person] = field(default_factory=list)  # most mentioned first
    partial_dates: list[PartialDate] = field(default_factory=list)  # month-days whose year nothing gives


@dataclass
class SummarySentence:
    """One sentence of a summary, with the articles it is supported by."""

    text: str  # in `language`
    sources: list[str]  # page ids, first is where the sentence was taken from
    translations: dict[str, str] = field(default_factory=dict)  # lang -> text, only when really translated
    flags: dict[str, list[str]] = field(default_factory=dict)  # lang -> QA problems
    language: str = "en"  # ISO 639-1 of `text`: an extractive sentence keeps its page's language
    #: lang -> how the translation into it was made when not directly: "via en" (no model for the
    #: pair, pivoted through English), or "untranslated: <why>"; absent for a direct translation.
    routes: dict[str, str] = field(default_factory=dict)


#: The per-page stages, in order, as `Article.stages` records them.
PageStage = Literal["clean", "langid", "segment", "metadata", "quotes", "summarise", "translate"]


@dataclass
class Article:
    """One page as the per-page stages leave it. Each field is filled by one stage (the module docstring)."""

    page: Page
    lines: list[Line] = field(default_factory=list)
    language: str | None = None  # ISO 639-1; None until language identification has run
    fragments: list[Fragment] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    meta: Metadata = field(default_factory=Metadata)
    summary: list[SummarySentence] = field(default_factory=list)
    summary_method: str = ""  # "" until summarising has run
    stages: list[PageStage] = field(default_factory=list)  # the per-page stages that have filled this article

    @property
    def id(self) -> str:
        return self.page.id

    @property
    def main_language(self) -> str:
        """`language`, for the stages after language identification (StageOrderError before it)."""
        if self.language is None:
            raise StageOrderError(f"{self.page.name}: its language is read before language identification ran")
        return self.language

    @property
    def kept_text(self) -> str:
        return "\n".join(line.text for line in self.lines if line.kept)


@dataclass
class Event:
    """Articles that report the same meeting or round of talks."""

    slug: str  # "<start date or 'undated'>-<title slug>", used as its folder name
    title: str
    start: dt.date | None
    end: dt.date | None
    articles: list[Article]
    places: list[str] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    host: str | None = None  # hosting country
    venue: str | None = None  # where it happened, as shown: "Blair House, Washington"; None when unknown
    summary: list[SummarySentence] = field(default_factory=list)
    summary_method: str = ""
    notes: list[str] = field(default_factory=list)  # e.g. "article 004 gives no date; joined by content"
    venue_places: list[str] = field(default_factory=list)  # the venue's glossary places, most specific first
    participants: list[Person] = field(default_factory=list)  # who took part, with their roles
    mentioned: list[Person] = field(default_factory=list)  # people the reports only mention
    #: article id -> "report" (reports the meeting), "preview" (announces it: never sets its dates or
    #: title) or "related" (joined by what it shares with the event, without the meeting's day)
    article_kinds: dict[str, ArticleKind] = field(default_factory=dict)
    #: article id -> (first, last) day of the meeting as that article itself gives it: a report's days,
    #: a preview's announced days; absent for an article that gives none (a comment, an undated page)
    article_days: dict[str, tuple[dt.date, dt.date]] = field(default_factory=dict)


@dataclass
class PageFailure:
    """A page the batch could not process."""

    path: Path
    reason: str

    @property
    def name(self) -> str:
        """The file name as outputs and logs show it (see `printable`)."""
        return printable(self.path.name)


@dataclass
class Batch:
    """Everything one run produced, handed to the renderer."""

    articles: list[Article]
    events: list[Event]
    failures: list[PageFailure] = field(default_factory=list)
    languages: tuple[str, ...] = OUTPUT_LANGUAGES
    methods: dict[str, str] = field(default_factory=dict)  # stage -> method/model signature
    config: dict = field(default_factory=dict)  # Config.signature()
    warnings: list[str] = field(default_factory=list)  # run-level, e.g. "model X not present; extractive fallback"
    dropped: list[dict] = field(default_factory=list)  # summary sentences the faithfulness gate removed
