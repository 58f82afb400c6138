"""Stage 6: group the articles that report one meeting or round of talks, in any language, into events.

`group(articles, glossary)` returns events ordered by start date (undated
last), then title. How an event is decided (the README quotes this):

1. **Sentences.** Each article is read sentence by sentence in its own
   language (`briefing.lang`): a sentence *reports* a meeting (meeting words),
   *announces* one (preview words: "will meet", "to host"), or is other text. A
   meeting sentence that also speaks of war, history or an earlier meeting
   ("last met", «Напомним», "Xatırladaq ki") is background and weighs little.
2. **Anchor: the days of the meeting.** Day-precision dates in meeting
   sentences vote, not inside a quotation, not after the publication date (a
   later date is a plan) and at most `ANCHOR_MAX_AGE_DAYS` before it. A date
   written with its day number counts `EXPLICIT_WEIGHT` times a bare weekday
   ("Miller said on Monday" is when someone spoke), and where a sentence names
   two days, the one beside a verb of speaking or commenting, not beside the
   meeting word, does not vote ("on Wednesday, 21 February, commented on the
   talks held last Saturday"; a day counted back, "last Saturday", is never the
   speaker's); news leads with its meeting, so a date counts less the further
   down it comes (`POSITION_DECAY`); a date named only in background never
   anchors, except a day of the last days in the lead ("met at the White House
   on Tuesday to shore up a fragile ceasefire"); a wire dateline opening the
   lead ("ЕРЕВАН, 9 авг. ...") is the page's day; nor do written days whose
   sentence places its meeting in another country than the lead does
   (under "... at Brussels talks", "negotiated outside Washington from May 1
   to 4" is an earlier meeting). The winner, with the written
   meeting days next to it ("began on 27 June", "ended on 29 June"), is the
   article's meeting. The lead (the first meeting or preview sentence) says
   what the article is: under a preview's lead, dates of a plan ("will meet on
   Friday": the coming Friday) make it a *preview*, and earlier meetings are
   background. Failing all that, a month-day without a year, a month, or the
   publication date say only roughly when; else the article is undated.
3. **Signals that do not depend on language.** The glossary's people, places
   and countries (found in any inflected form by `Glossary.find`), the people
   metadata found that the glossary does not know (by surname key), and
   numbers (30,000; 17) make a vector per article; a name in the sentence of
   the meeting date weighs most, one only in the rest of the text least. The
   *venue* is the place named as where something happens ("in Geneva",
   "Ժնևում", "Cenevrədə": `Language.names_venue`) in the meeting sentences;
   in the sentence of the meeting's date, only the place next to that date
   ("speaking in Baku on Monday, he said the talks held in Geneva on 14 March").
   Words count only within one language, and only as a tie-breaker
   (`WORD_TIE_WEIGHT`).
4. **Grouping, in passes, strongest evidence first.** Reports with written
   meeting days (longest rounds first) join the event whose days lie within
   `DAY_TOLERANCE_DAYS` of theirs and that shares their people, places and
   numbers (`JOIN_SCORE`), unless something rules it out (`_misfit`: the
   article names another country as the venue in its lead; for an article
   without days, the weekday or the length of the meeting it names does not
   fit); otherwise they found a new event. The founding report fixes the
   event's window: a later report widens the event's days only when its own
   days overlap that window, so an event never grows by chaining, and rounds
   weeks apart (or a meeting of the same people elsewhere) stay apart. Then,
   against those events: reports dated by a weekday (looking back
   `LOOKBACK_DAYS` for the meeting they comment on), month-days without a year
   (which take the event's year), then previews (which look ahead
   `PREVIEW_AHEAD_DAYS` and never set an event's dates or title), months and
   publication dates, which join only an event that holds a meeting and share
   at least `MIN_SHARED_WITHOUT_DAYS` people, places or numbers with it.
   Undated articles come last: one joins the event that shares most with it
   only when nothing rules that event out and it clearly leads the runner-up;
   otherwise it stays alone, "date unknown". An unrelated page therefore stays
   alone.
5. **Facts of the event.** When: the days its reports give (None: unknown).
   Where: the venue its reports name most, in the venue's country, with its
   city ("Blair House, Washington": the glossary's `city`). Who: the people
   named in the meeting sentences of the event's reports, with their roles,
   down to `PARTICIPANT_SHARE` of the best supported; the others are
   `mentioned`. Host: the venue's country, or, when no participant is of it,
   the organisation named beside a third party who took part ("European
   Council President Charles Michel" in Brussels: the European Council). `article_kinds` says which articles
   report the meeting, which announce it and which only relate to it; notes
   record the clues that placed each article that gave no days of its own.

Cost stays near-linear in the number of articles: an article is compared
only with the events registered on the days of its window (a day index), an
undated one only with the `MAX_CANDIDATES` events that share the most of its
entities (an inverted index; entities in more than `MAX_POSTINGS` events are
too common to narrow anything).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache

from . import lang
from .document import Article, ArticleKind, DateMention, Event, Person
from .fsutil import slugify
from .glossary import Entry, Glossary
from .lang.dates import find_weekdays, resolve_weekday
from .lang.names import name_key

# --- tuned constants (calibrated as a set on tests/devset and the tests' own examples) --------------

#: Reports of one meeting give its days within a day or two of each other (time
#: zones, "on Monday" resolved from the page's date, one day of a round). Rounds
#: of talks are weeks apart.
DAY_TOLERANCE_DAYS = 2
#: Written meeting days this close in one article are one round ("began on 27 June", "ended on 29 June").
ROUND_MAX_GAP_DAYS = 2
#: A comment, or a report dated only by a weekday or its publication date, follows the meeting by up to a week.
LOOKBACK_DAYS = 7
#: A preview without a date of its own announces a meeting within two weeks of its publication.
PREVIEW_AHEAD_DAYS = 14
#: A meeting date more than this long before the publication date is background.
ANCHOR_MAX_AGE_DAYS = 60
#: A report may carry the next day's date (time zones, a late-night meeting).
PUBLISHED_SLACK_DAYS = 1
#: In the sentence of the meeting's date, the place nearest to that date (and any as near, give or take this
#: many characters) is its venue, with the names chained to it ("at the ... Center in Arlington, Virginia",
#: at most `NAME_CHAIN_CHARS` apart); venues farther off are where someone spoke ("in Baku on Monday, he said").
NEAR_DATE_CHARS = 10
NAME_CHAIN_CHARS = 20
#: An organisation named this close to a person heads their title ("European Council President Charles Michel",
#: «председатель Европейского совета Шарль Мишель»).
ORGANISATION_GAP_CHARS = 25
#: A date written with its day number is surer than a weekday resolved from the page's clock.
EXPLICIT_WEIGHT = 2.0
#: News leads with its meeting: the date in the k-th meeting or preview sentence counts 1 / (1 + k * this),
#: so "met on Monday" in the lead outweighs "a week after they met in Sochi on October 31" further down.
POSITION_DECAY = 0.5
#: A date or name in a sentence that also speaks of war or history counts this much.
BACKGROUND_WEIGHT = 0.25
#: Names: in the sentence of the meeting date, in other meeting or preview sentences, elsewhere.
ANCHOR_SENTENCE_WEIGHT = 2.0
MEETING_SENTENCE_WEIGHT = 1.0
OTHER_SENTENCE_WEIGHT = 0.5
#: Same-language word similarity adds at most this to a join score: a tie-breaker only.
WORD_TIE_WEIGHT = 0.1
#: Score (entity cosine + word tie-breaker) an article needs to join an event in its date window.
#: Reports of one meeting share its participants and venue (0.35-0.9 on tests/devset); pages
#: about something else on the same days share at most a country (under 0.1).
JOIN_SCORE = 0.2
#: An undated article has only its entities to go on: it must share more, and clearly lead.
UNDATED_SCORE = 0.3
UNDATED_MARGIN = 0.1
UNDATED_RUNNER_UP_SHARE = 0.75
#: A weekday an undated article names for its meeting fits an event day up to a day after it.
WEEKDAY_LAG_DAYS = 1
#: An article without the meeting's days must share at least this many people, places or numbers
#: with an event to join it: one city ("Yerevan") is shared by unrelated news too.
MIN_SHARED_WITHOUT_DAYS = 2
#: Who took part: people whose support from meeting sentences is at least this share of the best
#: supported one (see `_participants`); on tests/devset this separates hosts and ministers from
#: spokespeople and leaders named in background.
PARTICIPANT_SHARE = 0.5
#: The lead: the first meeting or preview sentences (headline and first paragraph), where a venue is sure.
LEAD_SENTENCES = 2
#: Candidate generation for undated articles (see the module docstring).
TOP_TERMS = 12
MAX_CANDIDATES = 64
MAX_POSTINGS = 1000
#: Longest anchor range registered in the day index (a round of talks lasts days).
MAX_RANGE_DAYS = 31
SLUG_MAX = 60

_TOKEN_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_NUMBER_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:[ ,.]\d{3})+(?![\d])|(?<![\d.,])\d+(?![\d])")
_OPEN_QUOTES = "“«„"
_CLOSE_QUOTES = "”»"
#: Weekday names for notes, whatever the machine's locale (`calendar.day_name` follows it).
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# --- sentences ----------------------------------------------------------------------


@dataclass
class _Sentence:
    text: str
    line: int
    language: lang.Language
    kind: str  # "meeting" | "preview" | "other"
    weight: float  # how much a date or name in it says about the meeting


def _language(code: str | None) -> lang.Language:
    try:
        return lang.get(code or "en")
    except lang.UnknownLanguage:
        return lang.get("en")


def _sentences(article: Article) -> list[_Sentence]:
    """The article's sentences (from the segment stage; else its kept lines), each with its kind."""
    pieces = (
        [(s.text, s.line, s.language) for s in article.sentences]
        if article.sentences
        else [(line.text, line.number, article.language) for line in article.lines if line.kept and line.text.strip()]
    )
    return [_classify(text, number, _language(code or article.language)) for text, number, code in pieces]


def _classify(text: str, line: int, language: lang.Language) -> _Sentence:
    folded = language.fold(text)
    if language.announces(folded):
        return _Sentence(text, line, language, "preview", MEETING_SENTENCE_WEIGHT)
    if language.meeting_words.search(folded):
        background = language.background_words.search(folded)
        return _Sentence(text, line, language, "meeting", BACKGROUND_WEIGHT if background else MEETING_SENTENCE_WEIGHT)
    return _Sentence(text, line, language, "other", OTHER_SENTENCE_WEIGHT)


def _inside_quote(text: str, pos: int) -> bool:
    depth, straight = 0, False
    for ch in text[:pos]:
        if ch in _OPEN_QUOTES:
            depth += 1
        elif ch in _CLOSE_QUOTES:
            depth = max(0, depth - 1)
        elif ch == '"':
            straight = not straight
    return depth > 0 or straight


def _sentence_of(sentences: list[_Sentence], line: int, text: str) -> tuple[int, int] | None:
    """(index of the sentence on `line` holding `text`, position of `text` in it)."""
    for index, sentence in enumerate(sentences):
        if sentence.line == line:
            pos = sentence.text.find(text)
            if pos >= 0:
                return index, pos
    return None


# --- the anchor -----------------------------------------------------------------------


_Span = tuple[dt.date, dt.date]


@dataclass
class _Anchor:
    #: "report" (written meeting days), "weekday" (days from a weekday), "preview", "yearless",
    #: "month", "published" or "undated".
    kind: str
    start: dt.date | None = None
    end: dt.date | None = None
    month_day: tuple[int, int] | None = None
    text: str = ""  # the mention, for notes
    sentence: int | None = None  # index of the sentence holding it

    @property
    def dated(self) -> bool:
        """Whether it gives the meeting's days (previews, months and publication dates do not)."""
        return self.kind in ("report", "weekday")


@dataclass
class _Votes:
    """What an article's dates say, span by span (a span is a day or the days of a round)."""

    report: dict[_Span, float] = field(default_factory=lambda: defaultdict(float))
    foreground: set[_Span] = field(default_factory=set)  # named in a sentence that is not about the past
    explicit: set[_Span] = field(default_factory=set)  # written with a day number
    preview: dict[_Span, float] = field(default_factory=lambda: defaultdict(float))
    first: dict[_Span, tuple[int, str]] = field(default_factory=dict)  # sentence and text of the first mention
    months: list[tuple[DateMention, int]] = field(default_factory=list)


def _explicit(mention: DateMention) -> bool:
    """A date written with its day number ("7 November"), not a weekday or "yesterday" resolved by the page's clock."""
    return any(ch.isdigit() for ch in mention.text)


def _votes(article: Article, sentences: list[_Sentence]) -> _Votes:
    """Each day-precision date in a meeting or preview sentence votes for its span (rule 2)."""
    published = article.meta.published
    votes = _Votes()
    rank = {index: r for r, index in enumerate(i for i, s in enumerate(sentences) if s.kind != "other")}
    located = []
    for mention in article.meta.dates:
        found = _sentence_of(sentences, mention.line, mention.text)
        if found is None or _inside_quote(sentences[found[0]].text, found[1]):
            continue
        index, sentence = found[0], sentences[found[0]]
        if mention.precision == "month":
            if _about_meeting(sentence, found[1]):
                votes.months.append((mention, index))
            continue
        if (
            mention.precision != "day"
            or sentence.kind == "other"
            or _dateline(sentence.text, found[1], mention, published)
        ):
            continue
        located.append((mention, index, _spoken(sentence, found[1], found[1] + len(mention.text))))
    comment = _comment_days(located, sentences, published)
    for k, (mention, index, spoken) in enumerate(located):
        sentence = sentences[index]
        if spoken and sentence.kind == "preview" and not _explicit(mention):
            continue  # «Պետդեպարտամենտը հինգշաբթի հաստատել էր, որ ... կհյուրընկալի»: when someone spoke, not the plan
        if k in comment:
            continue  # "Zakharova on Wednesday, 21 September, commented on the talks held last Monday": the comment's day
        date = mention.date
        if sentence.kind == "preview" and published and date <= published < _LAST_WEEK and not _explicit(mention):
            date = resolve_weekday(date.weekday(), published, "next")  # "will meet on Monday": the coming one
        span = (date, max(mention.end or date, date))
        lead = 1.0 / (1.0 + POSITION_DECAY * rank[index])
        future = published is not None and date > _shift(published, PUBLISHED_SLACK_DAYS)
        if future and sentence.weight < MEETING_SENTENCE_WEIGHT:
            continue  # a date after the page in a sentence about the past is misread, not a plan
        votes.first.setdefault(span, (index, mention.text))
        if sentence.kind == "preview" or future:
            votes.preview[span] += lead
            continue
        if published is not None and date < _shift(published, -ANCHOR_MAX_AGE_DAYS):
            continue
        weight = sentence.weight
        if rank[index] < LEAD_SENTENCES and published is not None and date <= published and _fresh(span, published):
            # The lead's own day of the last days is the news, whatever context the lead gives: "met ... at the
            # White House on Tuesday to shore up a fragile ceasefire" (context words make other sentences background).
            weight = max(weight, MEETING_SENTENCE_WEIGHT)
        explicit = _explicit(mention)
        votes.report[span] += weight * (EXPLICIT_WEIGHT if explicit else 1.0) * lead
        if weight >= MEETING_SENTENCE_WEIGHT:
            votes.foreground.add(span)
        if explicit:
            votes.explicit.add(span)
    return votes


_LAST_WEEK = dt.date.max - dt.timedelta(days=7)
_FIRST_DAY, _LAST_DAY = dt.date.min.toordinal(), dt.date.max.toordinal()


def article_anchor(article: Article, sentences: list[_Sentence] | None = None) -> _Anchor:
    """The days of the meeting `article` reports (rule 2 of the module docstring).

    The article is what its lead (its first meeting or preview sentence, often the headline) says:
    a preview's report dates are earlier meetings (or the day a spokesman spoke), unless one is
    written out and of the last days (the headline "agree to meet again" over a report of talks
    on 14 March); a report's future dates are plans mentioned in passing.
    """
    sentences = _sentences(article) if sentences is None else sentences
    votes = _votes(article, sentences)
    meta = article.meta
    lead = next((s.kind for s in sentences if s.kind != "other"), None)
    report = _best_span(votes.report, votes.first, votes.foreground)
    preview = _best_span(votes.preview, votes.first, set(votes.preview)) if lead == "preview" else None
    if report and lead == "preview" and not (report in votes.explicit and _fresh(report, meta.published)):
        report = None
    if report:
        start, end = report
        if report in votes.explicit:  # one round: the other written meeting days next to it
            for other_start, other_end in sorted(votes.explicit):
                if other_start <= _shift(end, ROUND_MAX_GAP_DAYS) and other_end >= _shift(start, -ROUND_MAX_GAP_DAYS):
                    start, end = min(start, other_start), max(end, other_end)
        index, text = votes.first[report]
        return _Anchor("report" if report in votes.explicit else "weekday", start, end, text=text, sentence=index)
    if preview:
        index, text = votes.first[preview]
        return _Anchor("preview", preview[0], preview[1], text=text, sentence=index)
    if lead == "preview" and meta.published is not None:
        return _Anchor("preview", text="announced, no date given")
    for partial in meta.partial_dates:
        found = _sentence_of(sentences, partial.line, partial.text)
        if found is not None and _about_meeting(sentences[found[0]], found[1]):
            return _Anchor("yearless", month_day=(partial.month, partial.day), text=partial.text, sentence=found[0])
    for mention, index in votes.months:
        if meta.published is None or mention.date >= _shift(meta.published, -ANCHOR_MAX_AGE_DAYS):
            return _Anchor("month", mention.date, _month_end(mention.date), text=mention.text, sentence=index)
    if meta.published is None:
        return _Anchor("undated")
    return _Anchor("published", meta.published, meta.published, text=meta.published.isoformat())


def _spoken(sentence: _Sentence, start: int, end: int) -> bool:
    """Whether the weekday or relative day at `start`-`end` says when someone spoke: the word nearest to it
    is a verb of speaking, not a meeting or preview word ("said on Monday", not "met on Monday, he said")."""
    language, folded = sentence.language, sentence.language.fold(sentence.text)

    def distance(pattern: re.Pattern[str]) -> int:
        gaps = [max(m.start() - end, start - m.end(), 0) for m in pattern.finditer(folded)]
        return min(gaps, default=len(folded) + 1)

    spoken = distance(language.speech_words)
    meeting = min(distance(language.meeting_words), distance(language.preview_words))
    return spoken < meeting


_DATELINE_HEAD = re.compile(r"\W*[^\W\d_]+(?:[\s,/-]+[^\W\d_]+){0,3}\s*,\s*")


def _dateline(text: str, pos: int, mention: DateMention, published: dt.date | None) -> bool:
    """Whether the date at `pos` is the wire dateline that opens the lead ("ЕРЕВАН, 9 авг. Пашинян и Алиев в пятницу
    ..."): the page's day after its place, not the meeting's, though the lead's sentence runs on."""
    head = _DATELINE_HEAD.fullmatch(text, 0, pos)
    return (
        head is not None and mention.date == published and all(w[0].isupper() for w in _TOKEN_RE.findall(head.group()))
    )


def _comment_days(
    located: list[tuple[DateMention, int, bool]], sentences: list[_Sentence], published: dt.date | None
) -> set[int]:
    """Which of the `located` days (mention, sentence, beside a verb of speaking) are when someone spoke about the
    meeting, in a meeting sentence that also names a day of the meeting: the day beside a verb of speaking or
    commenting ("on Wednesday, 21 September, commented on the talks held last Monday"), and, where the sentence
    speaks and counts a day back from the page ("last Friday"), the page's own later day («avqustun 11-də ötən
    cümə Ağ Evdə keçirilən görüşü şərh edib»: the verb closes the sentence, far from its day)."""
    back = {k for k, (mention, index, _) in enumerate(located) if _back_reference(mention, sentences[index])}
    counted_from: dict[int, dt.date] = {}  # sentence -> the earliest day it counts back to
    for k in back:
        mention, index, _ = located[k]
        counted_from[index] = min(counted_from.get(index, mention.date), mention.date)
    spoke = set()
    for k, (mention, index, spoken) in enumerate(located):
        sentence = sentences[index]
        if k in back or sentence.kind != "meeting":
            continue
        if spoken or (
            index in counted_from
            and published is not None
            and counted_from[index] < mention.date
            and abs((mention.date - published).days) <= PUBLISHED_SLACK_DAYS
            and sentence.language.speech_words.search(sentence.language.fold(sentence.text))
        ):
            spoke.add(k)
    told = {index for k, (_, index, _) in enumerate(located) if k not in spoke}  # sentences naming the meeting's day
    return {k for k in spoke if located[k][1] in told}


def _back_reference(mention: DateMention, sentence: _Sentence) -> bool:
    """Whether the date is named as a past day counted back from the page ("last Tuesday", «в минувший
    понедельник», "ötən çərşənbə axşamı"): it points at what is reported, never at when the speaker spoke."""
    return any(found.relation == "last" for found in find_weekdays(mention.text, sentence.language))


def _fresh(span: _Span, published: dt.date | None) -> bool:
    """Whether a meeting on `span` is news on `published`: it ended at most `DAY_TOLERANCE_DAYS` before."""
    return published is None or span[1] >= _shift(published, -DAY_TOLERANCE_DAYS)


def _about_meeting(sentence: _Sentence, pos: int) -> bool:
    """Whether a date at `pos` says when a meeting was: a meeting sentence, not of war or history, not quoted."""
    return (
        sentence.kind == "meeting"
        and sentence.weight >= MEETING_SENTENCE_WEIGHT
        and not _inside_quote(sentence.text, pos)
    )


def _support(votes: dict[_Span, float], span: _Span) -> float:
    """The votes for `span` and for the days inside it (a mention of one day of a round supports the round)."""
    return sum(w for (s, e), w in votes.items() if s >= span[0] and e <= span[1])


def _best_span(votes: dict[_Span, float], first: dict[_Span, tuple[int, str]], eligible: set[_Span]) -> _Span | None:
    """The eligible span with most support, then the longer, then the first named.

    Candidates are taken in the order they were named (`first` keeps it), never in
    the set's order: two spans named in one sentence tie on every measure, and
    `max` keeps the first of equals, so the choice must not depend on string
    hashing, which differs from one process to the next.
    """
    candidates = [span for span in first if span in eligible]
    if not candidates:
        return None
    return max(candidates, key=lambda span: (_support(votes, span), (span[1] - span[0]).days, -first[span][0]))


def _month_end(date: dt.date) -> dt.date:
    return date.replace(day=calendar.monthrange(date.year, date.month)[1])


def _shift(date: dt.date, days: int) -> dt.date:
    """`date` moved by `days`, held within 0001-01-01..9999-12-31: an edge date must not end the run."""
    ordinal = date.toordinal() + days
    return dt.date.fromordinal(min(max(ordinal, dt.date.min.toordinal()), dt.date.max.toordinal()))


# --- entities ---------------------------------------------------------------------------


#: Entity terms by kind: people, places (cities, venues), countries, numbers.
_PREFIX = {"person": "p:", "place": "l:", "country": "c:", "number": "n:"}


@dataclass
class _Mention:
    kind: str  # "person" | "place" | "country"
    key: str  # a glossary name's `en` form; an unknown person's surname key
    sentence: int
    venue: bool  # named as where something happens ("in Geneva", "Ժնևում")
    start: int = -1  # where in the sentence
    end: int = -1


def _locate(
    sentences: list[_Sentence], wanted: Iterable[int], glossary: Glossary, unknown: dict[str, str]
) -> list[_Mention]:
    """The glossary's people, places and countries in the `wanted` sentences (any inflected form), and the
    people metadata found that the glossary does not know (`unknown`: surname key -> key), by surname."""
    found = []
    for number in wanted:
        sentence = sentences[number]
        text, code = sentence.text, sentence.language.code
        for match in glossary.find(text, ("person", "place", "country"), lang=code):
            entry = match.entry
            venue = entry.kind != "person" and sentence.language.names_venue(
                text[: match.start], match.text.split()[-1]
            )
            found.append(_Mention(entry.kind, entry.en, number, venue, match.start, match.end))
        if unknown:
            for word in _TOKEN_RE.findall(text):
                key = _surname_key(word, code) if word[0].isupper() else ""
                if key in unknown:
                    found.append(_Mention("person", unknown[key], number, False))
    return found


@lru_cache(maxsize=65536)
def _surname_key(word: str, code: str) -> str:
    return name_key(word, code)


def _numbers(text: str) -> Iterator[str]:
    """Numbers that can tell one meeting from another: not years, days or small counts (30,000; 286; 17-point)."""
    for m in _NUMBER_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        value = int(digits)
        if value >= 32 and not (len(digits) == 4 and 1800 <= value <= 2100):
            yield digits


# --- per-article features ------------------------------------------------------------------


@dataclass
class Features:
    """What grouping reads of one article (`features`): its anchor, weighted names and words, venues.

    It depends on the article and the glossary alone, so it is made beside the article,
    wherever the page was analysed; `group` only reads it.
    """

    article: Article
    anchor: _Anchor
    language: str
    entities: dict[str, float]  # "p:<person>", "l:<place>", "c:<country>", "n:<number>" -> weight
    words: dict[str, float]  # content words of its meeting sentences, in its language
    people: dict[str, Person]  # person key -> Person (from metadata)
    meeting_people: dict[str, float]  # person key -> weight of the best meeting sentence naming them
    venues: dict[str, float]  # place -> weight as where the meeting was
    countries: dict[str, float]  # country -> weight as where the meeting was ("talks in the US")
    places: dict[str, Entry]  # glossary places it names as venues, by `en` form
    weekdays: set[int]  # weekdays its meeting sentences name (read when it gives no days of its own)
    days: int | None  # how many days it says the meeting lasted (likewise)
    venue_country: str | None = None
    sure_countries: set[str] = field(default_factory=set)  # of venues named in its lead or its meeting date's sentence
    top: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def venue_countries(self) -> set[str]:
        """Every country it names as where a meeting happened ("talks in Washington, a week after Sochi")."""
        found = {e.country for p, e in self.places.items() if p in self.venues and e.country}
        return found | set(self.countries)


def _top(counts: Counter[str] | dict[str, float]) -> str | None:
    if not counts:
        return None
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _person_key(person: Person, code: str, glossary: Glossary) -> str:
    """A person as the glossary names them in English, or, unknown to it, by the key of their surname
    ("~nurtleu" for Nurtleu, Нуртлеу and Նուրտլեու alike)."""
    entry = glossary.lookup(person.name, "person")
    if entry is not None:
        return entry.en
    return "~" + (person.key or _surname_key(person.name.split()[-1], code if not person.name.isascii() else "en"))


def features(article: Article, glossary: Glossary) -> Features:
    """What grouping reads of `article` (see `Features`)."""
    sentences = _sentences(article)
    anchor = _anchor_in_the_leads_country(article, sentences, glossary)
    code = _language(article.language).code
    elsewhere = _other_date_sentences(article, sentences, anchor)
    people = {_person_key(p, code, glossary): p for p in article.meta.people if p.name.split()}
    entities: dict[str, float] = defaultdict(float)
    for key, person in people.items():
        entities[_PREFIX["person"] + key] += OTHER_SENTENCE_WEIGHT * person.mentions
    for place in article.meta.places:
        entities[_PREFIX["place"] + place] += OTHER_SENTENCE_WEIGHT
    report_kinds = ("meeting", "preview") if anchor.kind == "preview" else ("meeting",)
    meeting = [i for i, s in enumerate(sentences) if s.kind in ("meeting", "preview")]
    unknown = {key[1:]: key for key in people if key.startswith("~")}
    meeting_people: dict[str, float] = {}
    venues: dict[str, float] = defaultdict(float)
    countries: dict[str, float] = defaultdict(float)
    lead = set(meeting[:LEAD_SENTENCES])
    sure: set[str] = set()  # places and countries named as the venue in the lead or the anchor's sentence
    for mention in _venue_of_the_date(_locate(sentences, meeting, glossary, unknown), sentences, anchor):
        sentence = sentences[mention.sentence]
        weight = _name_weight(mention.sentence, sentence, anchor, elsewhere)
        entities[_PREFIX[mention.kind] + mention.key] += weight
        if sentence.kind not in report_kinds or mention.sentence in elsewhere:
            continue
        if mention.kind == "person":
            meeting_people[mention.key] = max(meeting_people.get(mention.key, 0.0), weight)
        elif mention.venue:
            (venues if mention.kind == "place" else countries)[mention.key] += weight
            if mention.sentence in lead or mention.sentence == anchor.sentence:
                sure.add(mention.key)
    for index in meeting:
        for number in _numbers(sentences[index].text):
            entities[_PREFIX["number"] + number] += sentences[index].weight
    places = {p: e for p in venues if (e := glossary.lookup(p, "place")) is not None}
    return Features(
        article=article,
        anchor=anchor,
        language=code,
        entities=dict(entities),
        words=_words([sentences[i] for i in meeting], code),
        people=people,
        meeting_people=meeting_people,
        venues=dict(venues),
        countries=dict(countries),
        places=places,
        weekdays=set() if anchor.dated else _weekday_cues(sentences),
        days=None if anchor.dated else _meeting_length([sentences[i] for i in meeting]),
        venue_country=_venue_country(venues, countries, places),
        sure_countries={places[k].country or "" if k in places else k for k in sure} - {""},
    )


def _anchor_in_the_leads_country(article: Article, sentences: list[_Sentence], glossary: Glossary) -> _Anchor:
    """The article's anchor, not taken from a sentence that places its meeting in another country than the
    lead does: under "Aliyev and Pashinyan meet at Brussels talks", "the ministers negotiated outside Washington
    from May 1 to 4" is an earlier meeting (the sentence then counts as background, and the anchor is read again)."""
    anchor = article_anchor(article, sentences)
    meeting = [i for i, s in enumerate(sentences) if s.kind != "other"]
    lead = meeting[:LEAD_SENTENCES]
    if anchor.sentence is None or anchor.kind != "report" or anchor.sentence in lead:
        return anchor  # a weekday far from the lead is when someone spoke: it only looks back for the meeting
    mentions = _locate(sentences, [*lead, anchor.sentence], glossary, {})

    def countries(found: Iterable[_Mention]) -> set[str]:
        named = set()
        for m in found:
            entry = glossary.lookup(m.key, "place") if m.kind == "place" else None
            named.add(entry.country or "" if entry else m.key)
        return named - {""}

    led = countries(m for m in mentions if m.venue and m.sentence in lead)
    dated = countries(_places_by_the_date(mentions, sentences, anchor)[1])
    if not led or not dated or led & dated:
        return anchor
    moved = list(sentences)
    moved[anchor.sentence] = replace(sentences[anchor.sentence], weight=BACKGROUND_WEIGHT)
    return article_anchor(article, moved)


def _venue_of_the_date(mentions: list[_Mention], sentences: list[_Sentence], anchor: _Anchor) -> list[_Mention]:
    """`mentions`, where the sentence of the meeting's date names several places, with only those next to that
    date kept as venues: in "speaking in Baku on Monday, he said the talks held in Geneva on 14 March" or
    "in Yerevan on Monday, he said the Geneva talks of 14 March ...", Baku and Yerevan are where he spoke."""
    places, near = _places_by_the_date(mentions, sentences, anchor)
    if len({m.key for m in places}) < 2:
        return mentions
    far = {id(m) for m in places if m.venue and m not in near}
    return [_Mention(m.kind, m.key, m.sentence, False, m.start, m.end) if id(m) in far else m for m in mentions]


def _places_by_the_date(
    mentions: list[_Mention], sentences: list[_Sentence], anchor: _Anchor
) -> tuple[list[_Mention], list[_Mention]]:
    """(the places named in the sentence of the anchor's date, those of them next to that date)."""
    if anchor.sentence is None or not anchor.text:
        return [], []
    at = sentences[anchor.sentence].text.find(anchor.text)
    # Cities and venues, and countries named as where something happens ("in the US"), not "Minister of Armenia".
    places = [
        m
        for m in mentions
        if (m.venue or m.kind == "place") and m.kind != "person" and m.sentence == anchor.sentence and m.start >= 0
    ]
    if at < 0 or not places:
        return places, []
    end = at + len(anchor.text)

    def gap(m: _Mention) -> int:
        return max(m.start - end, at - m.end, 0)

    nearest = min(gap(m) for m in places)
    near = [m for m in places if gap(m) <= nearest + NEAR_DATE_CHARS]
    grown = True
    while grown:  # "at the ... Center in Arlington, Virginia": a chain of names is one venue
        more = [m for m in places if m not in near and any(_apart(m, n) <= NAME_CHAIN_CHARS for n in near)]
        near.extend(more)
        grown = bool(more)
    return places, near


def _apart(a: _Mention, b: _Mention) -> int:
    """Characters between two mentions in one sentence."""
    return max(a.start - b.end, b.start - a.end, 0)


def _venue_country(venues: dict[str, float], countries: dict[str, float], places: dict[str, Entry]) -> str | None:
    """The country where the meeting was: of the places and countries named as where it happened."""
    votes: dict[str, float] = defaultdict(float, countries)
    for place, weight in venues.items():
        country = places[place].country if place in places else None
        if country:
            votes[country] += weight
    return _top(votes)


def _other_date_sentences(article: Article, sentences: list[_Sentence], anchor: _Anchor) -> set[int]:
    """Sentences holding a date other than the anchor's: about another occasion (the Sochi summit, the 2020 war)."""
    indices = set()
    for mention in article.meta.dates:
        found = _sentence_of(sentences, mention.line, mention.text)
        if found is None:
            continue
        within = anchor.start is not None and anchor.end is not None and anchor.start <= mention.date <= anchor.end
        if not within and found[0] != anchor.sentence:
            indices.add(found[0])
    for partial in article.meta.partial_dates:
        found = _sentence_of(sentences, partial.line, partial.text)
        if found is not None and found[0] != anchor.sentence and anchor.month_day != (partial.month, partial.day):
            indices.add(found[0])
    return indices


def _name_weight(index: int, sentence: _Sentence, anchor: _Anchor, elsewhere: set[int]) -> float:
    if index == anchor.sentence:
        return ANCHOR_SENTENCE_WEIGHT
    if index in elsewhere:
        return BACKGROUND_WEIGHT
    return sentence.weight


def _words(sentences: list[_Sentence], code: str) -> dict[str, float]:
    """Content words of the sentences in the article's own language (stop words out), weighted by sentence kind."""
    counts: dict[str, float] = defaultdict(float)
    for sentence in sentences:
        language = sentence.language
        if language.code != code:
            continue
        stop = language.stop_words
        for word in _TOKEN_RE.findall(language.fold(sentence.text)):
            if len(word) > 2 and word not in stop:
                counts[word] += sentence.weight
    return counts


def _weekday_cues(sentences: list[_Sentence]) -> set[int]:
    """Weekdays named in meeting sentences ("said on Thursday that the talks..."), outside quotations."""
    cues = set()
    for sentence in sentences:
        if sentence.kind != "meeting" or sentence.weight < MEETING_SENTENCE_WEIGHT:
            continue
        for found in find_weekdays(sentence.text, sentence.language):
            if found.relation in ("", "last") and not _inside_quote(sentence.text, found.span[0]):
                cues.add(found.weekday)
    return cues


def _meeting_length(sentences: list[_Sentence]) -> int | None:
    """How many days the meeting sentences say it lasted ("three days of negotiations"), when one length is given."""
    lengths = {n for s in sentences if (n := s.language.meeting_length(s.text)) is not None}
    return lengths.pop() if len(lengths) == 1 else None


def _unit(counts: dict[str, float], idf: dict[str, float]) -> dict[str, float]:
    vector = {t: math.log1p(c) * idf[t] for t, c in counts.items() if c > 0}
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {t: w / norm for t, w in vector.items()} if norm else {}


def _idf(counts: Iterable[dict[str, float]]) -> dict[str, float]:
    df: Counter[str] = Counter()
    n = 0
    for c in counts:
        df.update(c.keys())
        n += 1
    return {t: math.log((n + 1) / (d + 1)) + 1 for t, d in df.items()}


def _dot(small: dict[str, float], big: dict[str, float]) -> float:
    if len(small) > len(big):
        small, big = big, small
    return sum(w * big.get(t, 0.0) for t, w in small.items())


# --- events under construction -------------------------------------------------------------


@dataclass
class _Centroid:
    vector: dict[str, float] = field(default_factory=dict)
    norm2: float = 0.0

    def add(self, unit: dict[str, float]) -> None:
        if not unit:
            return
        self.norm2 += 2 * _dot(unit, self.vector) + 1.0
        for term, weight in unit.items():
            self.vector[term] = self.vector.get(term, 0.0) + weight

    def cosine(self, unit: dict[str, float]) -> float:
        return _dot(unit, self.vector) / math.sqrt(self.norm2) if self.norm2 > 0 else 0.0


@dataclass
class _Cluster:
    core: tuple[int, int] | None  # ordinals of the founding report's days: the window never moves
    items: list[Features] = field(default_factory=list)
    kinds: dict[str, ArticleKind] = field(default_factory=dict)  # article id -> "report" | "preview" | "related"
    days: set[int] = field(default_factory=set)  # the meeting's days, from reports that overlap the core
    reported: dict[str, tuple[int, int]] = field(default_factory=dict)  # article id -> the days it gives
    entities: _Centroid = field(default_factory=_Centroid)
    words: dict[str, _Centroid] = field(default_factory=dict)  # per language
    venues: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    countries: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    places: dict[str, Entry] = field(default_factory=dict)
    venue_country: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def meeting(self) -> bool:
        """Whether it holds a meeting: days from a report, or a preview (not only pages that give no days)."""
        return bool(self.days) or "preview" in self.kinds.values()

    def score(self, item: Features) -> float:
        """How close `item` is: the cosine of their entities, plus the same-language word cosine as a tie-breaker."""
        words = self.words.get(item.language)
        return self.entities.cosine(item.entities) + (WORD_TIE_WEIGHT * words.cosine(item.words) if words else 0.0)


class _Grouping:
    """The passes of rule 4, with the day, month-day and entity indexes that keep them near-linear."""

    def __init__(self) -> None:
        self.clusters: list[_Cluster] = []
        self.by_day: dict[int, list[int]] = defaultdict(list)
        self.by_month_day: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.by_term: dict[str, list[int]] = defaultdict(list)

    # -- building ----------------------------------------------------------------------

    def found(self, core: tuple[int, int] | None, month_day: tuple[int, int] | None = None) -> int:
        """A new event, registered on the days of its fixed window `core` (or on a month-day without a year)."""
        cluster = _Cluster(core=core)
        self.clusters.append(cluster)
        target = len(self.clusters) - 1
        if core is not None:
            first, last = max(core[0], _FIRST_DAY), min(core[1], core[0] + MAX_RANGE_DAYS, _LAST_DAY)
            for day in range(first, last + 1):
                self.by_day[day].append(target)
                date = dt.date.fromordinal(day)
                self.by_month_day[(date.month, date.day)].append(target)
        if month_day is not None:
            self.by_month_day[month_day].append(target)
        return target

    def place(self, item: Features, target: int, kind: ArticleKind) -> None:
        cluster = self.clusters[target]
        cluster.items.append(item)
        cluster.kinds[item.id] = kind
        cluster.entities.add(item.entities)
        cluster.words.setdefault(item.language, _Centroid()).add(item.words)
        for term in item.top:
            postings = self.by_term[term]
            if not postings or postings[-1] != target:
                postings.append(target)
        share = 1.0 if kind == "report" else 0.5  # the venue is what reports of the meeting say
        for place, weight in item.venues.items():
            cluster.venues[place] += share * weight
        for country, weight in item.countries.items():
            cluster.countries[country] += share * weight
        cluster.places.update(item.places)
        cluster.venue_country = _venue_country(cluster.venues, cluster.countries, cluster.places)

    # -- candidates ----------------------------------------------------------------------

    def in_window(self, first: int, last: int) -> list[int]:
        found: set[int] = set()
        for day in range(max(first, _FIRST_DAY), min(last, _LAST_DAY) + 1):
            found.update(self.by_day.get(day, ()))
        return sorted(found)

    def around_month_day(self, month_day: tuple[int, int]) -> list[int]:
        centre = dt.date(2000, *month_day)  # a leap year, so 29 February exists
        found: set[int] = set()
        for offset in range(-DAY_TOLERANCE_DAYS, DAY_TOLERANCE_DAYS + 1):
            day = centre + dt.timedelta(days=offset)
            found.update(self.by_month_day.get((day.month, day.day), ()))
        return sorted(found)

    def sharing_terms(self, item: Features) -> list[int]:
        """Clusters sharing the most of the item's top entities (entities in too many clusters are skipped)."""
        shared: Counter[int] = Counter()
        for term in item.top:
            postings = self.by_term.get(term, ())
            if len(postings) <= MAX_POSTINGS:
                shared.update(postings)
        return sorted(c for c, _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES])

    def best(
        self, item: Features, candidates: Iterable[int], shared: int = 1, meeting: bool = False
    ) -> tuple[int | None, float, float]:
        """(best compatible cluster sharing at least `shared` people, places or numbers with `item` (and,
        with `meeting`, holding a report or a preview of a meeting), its score, the runner-up's score);
        ties go to the earlier cluster."""
        best, best_score, second = None, 0.0, 0.0
        for index in candidates:
            cluster = self.clusters[index]
            if meeting and not cluster.meeting:
                continue
            if _misfit(item, cluster) or _shared_entities(item, cluster) < shared:
                continue
            score = cluster.score(item)
            if best is None or score > best_score:
                best, best_score, second = index, score, best_score if best is not None else 0.0
            elif score > second:
                second = score
        return best, best_score, second


def _shared_entities(item: Features, cluster: _Cluster) -> int:
    """How many people, places and numbers `item` shares with the event (countries are shared by all)."""
    vector = cluster.entities.vector
    return sum(1 for term in item.entities if term[0] in "pln" and term in vector)


def _misfit(item: Features, cluster: _Cluster) -> str | None:
    """Why `item` cannot report the meeting of `cluster`, or None when nothing rules it out:

    - both say where the meeting was, the article in its lead or in the sentence of its meeting
      date, and the countries differ (Sochi, not Washington);
    - an article without days of its own names the weekday of its meeting, and none of the
      event's days (or the day after one: a statement) falls on it;
    - it says how long the meeting lasted, and the event is a round of another length
      ("three days of negotiations" is not the four-day round of 1-4 May).
    """
    theirs = cluster.venue_country
    if item.sure_countries and theirs and theirs not in item.venue_countries:
        return f"it was held in {theirs}, and {item.id} places its meeting in {item.venue_country}"
    if item.anchor.dated or not cluster.days:
        return None
    if item.weekdays and not any(
        _shift(dt.date.fromordinal(day), lag).weekday() in item.weekdays
        for day in cluster.days
        for lag in range(WEEKDAY_LAG_DAYS + 1)
    ):
        named = " or ".join(_WEEKDAYS[d] for d in sorted(item.weekdays))
        held = ", ".join(sorted({_WEEKDAYS[dt.date.fromordinal(d).weekday()] for d in cluster.days}))
        return f"it was held on {held}, and {item.id} names {named} for its meeting"
    length = max(cluster.days) - min(cluster.days) + 1
    if item.days is not None and length > 1 and length != item.days:
        return f"it lasted {length} days, and {item.id} says its meeting lasted {item.days}"
    return None


# --- grouping ----------------------------------------------------------------------------------


def group(articles: list[Article], glossary: Glossary, made: Mapping[str, Features] | None = None) -> list[Event]:
    """Events of `articles` (see the module docstring for the rule). Deterministic for a given input.

    `made`: the articles' `Features` by article id, made beside them; an article without
    them is read here.
    """
    items = [_features_of(a, glossary, made) for a in sorted(articles, key=lambda a: a.id)]
    _vectorise(items)
    g = _Grouping()
    _join_reports(g, [i for i in items if i.anchor.kind == "report"], DAY_TOLERANCE_DAYS)
    _join_reports(g, [i for i in items if i.anchor.kind == "weekday"], LOOKBACK_DAYS)
    _join_yearless(g, [i for i in items if i.anchor.kind == "yearless"])
    _join_windowed(g, [i for i in items if i.anchor.kind in ("preview", "month", "published")])
    _join_undated(g, [i for i in items if i.anchor.kind == "undated"])
    events = [_event(c, glossary) for c in g.clusters]
    events.sort(key=lambda e: (e.start is None, e.start or dt.date.min, e.title.casefold(), e.articles[0].id))
    _unique_slugs(events)
    return events


def _features_of(article: Article, glossary: Glossary, made: Mapping[str, Features] | None) -> Features:
    """The article's features, made earlier (from a copy of it: this article object takes its place) or now.
    A copy, as `_vectorise` rewrites the vectors in place."""
    if made is None or article.id not in made:
        return features(article, glossary)
    return replace(made[article.id], article=article)


def _vectorise(items: list[Features]) -> None:
    """Unit TF-IDF vectors over this batch: entities over all articles, words within each language."""
    idf = _idf(i.entities for i in items)
    by_language: dict[str, list[Features]] = defaultdict(list)
    for item in items:
        item.entities = _unit(item.entities, idf)
        item.top = [t for t, _ in sorted(item.entities.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_TERMS]]
        by_language[item.language].append(item)
    for group_items in by_language.values():
        word_idf = _idf(i.words for i in group_items)
        for item in group_items:
            item.words = _unit(item.words, word_idf)


def _ordinals(anchor: _Anchor) -> tuple[int, int]:
    """The anchor's first and last day as ordinals, at most `MAX_RANGE_DAYS` apart."""
    assert anchor.start is not None
    start = anchor.start.toordinal()
    end = (anchor.end or anchor.start).toordinal()
    return start, min(end, start + MAX_RANGE_DAYS)


def _join_reports(g: _Grouping, items: list[Features], lookback: int) -> None:
    """Reports, longest rounds first, then by date: join the best event in their window, else found one."""
    spans = {item.id: _ordinals(item.anchor) for item in items}
    for item in sorted(items, key=lambda i: (spans[i.id][0] - spans[i.id][1], spans[i.id][0], i.id)):
        start, end = spans[item.id]
        candidates = g.in_window(start - lookback, end + DAY_TOLERANCE_DAYS)
        best, score, _ = g.best(item, candidates)
        if best is not None and score >= JOIN_SCORE:
            cluster = g.clusters[best]
            assert cluster.core is not None
            overlaps = start <= cluster.core[1] and end >= cluster.core[0]
            g.place(item, best, "report" if overlaps else "related")
            if overlaps:
                cluster.days.update(range(start, end + 1))
                cluster.reported[item.id] = (start, end)
            else:
                cluster.notes.append(
                    f"{item.id} dates its meeting {_days_text(start, end)} ({item.anchor.text!r}); joined as a later "
                    f"comment on it (score {score:.2f}), which does not change its dates"
                )
            continue
        target = g.found((start, end))
        g.place(item, target, "report")
        g.clusters[target].days.update(range(start, end + 1))
        g.clusters[target].reported[item.id] = (start, end)
        if item.anchor.kind == "weekday":
            g.clusters[target].notes.append(
                f"{item.id} gives the day only as {item.anchor.text!r}, resolved from its publication date"
            )


def _join_yearless(g: _Grouping, items: list[Features]) -> None:
    for item in items:
        month_day = item.anchor.month_day
        assert month_day is not None
        best, score, _ = g.best(item, g.around_month_day(month_day))
        if best is not None and score >= JOIN_SCORE and g.clusters[best].days:
            cluster = g.clusters[best]
            year = _year_of(cluster, month_day)
            kind: ArticleKind = "related"
            if year is not None:
                day = _safe_date(year, month_day)
                if day is not None and cluster.core and cluster.core[0] <= day.toordinal() <= cluster.core[1]:
                    kind = "report"
                    cluster.reported[item.id] = (day.toordinal(), day.toordinal())
            g.place(item, best, kind)
            cluster.notes.append(
                f"{item.id} gives {item.anchor.text!r} without a year; {year} from this event's other reports"
                f" (score {score:.2f})"
            )
            continue
        target = g.found(None, month_day)
        g.place(item, target, "report")
        g.clusters[target].notes.append(f"{item.id} gives {item.anchor.text!r} without a year; year unknown")


def _join_windowed(g: _Grouping, items: list[Features]) -> None:
    """Previews, months and publication dates: join the best event in their window; they never set its dates."""
    for item in items:
        first, last = _window(item)
        best, score, _ = g.best(item, g.in_window(first, last), shared=MIN_SHARED_WITHOUT_DAYS, meeting=True)
        kind: ArticleKind = "preview" if item.anchor.kind == "preview" else "related"
        announced = _ordinals(item.anchor) if kind == "preview" and item.anchor.start else None
        if best is not None and score >= JOIN_SCORE:
            g.place(item, best, kind)
            if announced:
                g.clusters[best].reported[item.id] = announced
            g.clusters[best].notes.append(
                f"{item.id} {_window_text(item)}; joined by the people, places and numbers it shares with this"
                f" event (score {score:.2f}); it does not set the event's dates"
            )
            continue
        target = g.found((first, min(last, first + MAX_RANGE_DAYS)))
        g.place(item, target, kind)
        if announced:
            g.clusters[target].reported[item.id] = announced
        g.clusters[target].notes.append(f"{item.id} {_window_text(item)}; no report of the meeting")


def _window(item: Features) -> tuple[int, int]:
    anchor = item.anchor
    published = item.article.meta.published
    if anchor.kind == "preview" and anchor.start is not None:
        first, last = _ordinals(anchor)
        return first - DAY_TOLERANCE_DAYS, last + DAY_TOLERANCE_DAYS
    if anchor.kind == "preview" and published is not None:
        return published.toordinal(), published.toordinal() + PREVIEW_AHEAD_DAYS
    if anchor.kind == "month" and anchor.start is not None and anchor.end is not None:
        return anchor.start.toordinal(), anchor.end.toordinal()
    assert anchor.start is not None
    return anchor.start.toordinal() - LOOKBACK_DAYS, anchor.start.toordinal() + DAY_TOLERANCE_DAYS


def _window_text(item: Features) -> str:
    anchor = item.anchor
    if anchor.kind == "preview" and anchor.start is not None:
        return f"announces the meeting for {_days_text(anchor.start.toordinal(), (anchor.end or anchor.start).toordinal())}"
    if anchor.kind == "preview":
        return f"announces a meeting without a date (published {item.article.meta.published})"
    if anchor.kind == "month":
        return f"gives only the month ({anchor.text!r})"
    return f"gives no meeting date (published {anchor.text})"


def _join_undated(g: _Grouping, items: list[Features]) -> None:
    """Undated articles: the event that shares most with them, when nothing rules it out and it clearly leads."""
    for item in items:
        pool = range(len(g.clusters)) if len(g.clusters) <= MAX_CANDIDATES else g.sharing_terms(item)
        best, score, second = g.best(item, pool, shared=MIN_SHARED_WITHOUT_DAYS, meeting=True)
        ruled_out = _ruled_out(g, item, pool, score)
        if best is not None and _clearly_best(score, second):
            g.place(item, best, "related")
            cluster = g.clusters[best]
            cluster.notes.append(
                f"{item.id} gives no date; joined by the {_shared(item, cluster)} it shares with this event"
                f" (score {score:.2f}, next best {second:.2f}){ruled_out}"
            )
            continue
        target = g.found(None)
        g.place(item, target, "report")
        closest = f"no event is clearly closest (best {score:.2f}, next best {second:.2f})" if best is not None else ""
        g.clusters[target].notes.append(
            "; ".join(filter(None, [f"{item.id} gives no date{ruled_out}", closest, "date unknown"]))
        )


def _ruled_out(g: _Grouping, item: Features, pool: Iterable[int], score: float) -> str:
    """The clues that ruled out events about as close to `item` as the one it joins (or closer): for its note."""
    reasons = []
    for index in pool:
        cluster = g.clusters[index]
        reason = _misfit(item, cluster) if cluster.meeting else None
        closeness = cluster.score(item) if reason else 0.0
        if reason and closeness >= UNDATED_RUNNER_UP_SHARE * score:  # close enough to have mattered
            reasons.append((closeness, f"{_label(cluster)}: {reason}"))
    reasons.sort(key=lambda r: -r[0])
    return "; ruled out " + "; ".join(r for _, r in reasons[:3]) if reasons else ""


def _label(cluster: _Cluster) -> str:
    """An event as a note names it: its days, or its first article."""
    if cluster.days:
        return "the event of " + _days_text(min(cluster.days), max(cluster.days))
    return f"the event of {cluster.items[0].id}"


def _shared(item: Features, cluster: _Cluster) -> str:
    """The entities an article shares with an event, for the note that says why it joined."""
    shared = [t for t in item.top if cluster.entities.vector.get(t)]
    people = [item.people[t[2:]].name.split()[-1] for t in shared if t.startswith("p:") and t[2:] in item.people]
    places = [t[2:] for t in shared if t[:2] in ("l:", "c:")]
    parts = []
    if people:
        parts.append("people (" + ", ".join(people[:4]) + ")")
    if places:
        parts.append("places (" + ", ".join(places[:3]) + ")")
    numbers = [t[2:] for t in shared if t.startswith("n:")]
    if numbers:
        parts.append("numbers (" + ", ".join(numbers[:3]) + ")")
    return " and ".join(parts) or "words"


def _clearly_best(score: float, second: float) -> bool:
    """The undated-join rule: close enough, and clearly ahead of the runner-up."""
    return score >= UNDATED_SCORE and score - second >= UNDATED_MARGIN and second <= UNDATED_RUNNER_UP_SHARE * score


def _year_of(cluster: _Cluster, month_day: tuple[int, int]) -> int | None:
    """The year of the cluster's day closest to `month_day`."""
    best = None
    for day in sorted(cluster.days):
        date = dt.date.fromordinal(day)
        candidate = _safe_date(date.year, month_day)
        if candidate is None:
            continue
        gap = abs((date - candidate).days)
        if best is None or gap < best[0]:
            best = (gap, date.year)
    return best[1] if best else None


def _safe_date(year: int, month_day: tuple[int, int]) -> dt.date | None:
    try:
        return dt.date(year, *month_day)
    except ValueError:
        return None


def _days_text(start: int, end: int) -> str:
    first, last = dt.date.fromordinal(start), dt.date.fromordinal(end)
    return first.isoformat() if first == last else f"{first.isoformat()}..{last.isoformat()}"


# --- event fields --------------------------------------------------------------------------------


def _event(cluster: _Cluster, glossary: Glossary) -> Event:
    items = sorted(cluster.items, key=lambda i: i.id)
    articles = [i.article for i in items]
    start = dt.date.fromordinal(min(cluster.days)) if cluster.days else None
    end = dt.date.fromordinal(max(cluster.days)) if cluster.days else None
    people = _merge_people(articles)
    participants, mentioned = _participants(cluster, items)
    where = _where(cluster)
    host = _host(cluster, items, participants, glossary)
    title = _title(cluster, items, people, where)
    notes = list(cluster.notes)
    if start is None:
        notes.append("date unknown: no report gives the day of this meeting")
    slug = f"{start.isoformat() if start else 'undated'}-{slugify(title, max_len=SLUG_MAX - 11)}"
    return Event(
        slug=slug,
        title=title,
        start=start,
        end=end,
        articles=articles,
        places=_merge_places(articles),
        people=people,
        host=host,
        venue=", ".join(where) if where else None,
        venue_places=where,
        participants=participants,
        mentioned=mentioned,
        article_kinds={i.id: cluster.kinds[i.id] for i in items},
        article_days={
            article_id: (dt.date.fromordinal(first), dt.date.fromordinal(last))
            for article_id, (first, last) in sorted(cluster.reported.items())
        },
        notes=notes,
    )


def _host(cluster: _Cluster, items: list[Features], participants: list[Person], glossary: Glossary) -> str | None:
    """Who hosted: the venue's country, unless no participant is of that country and a third party took part
    as the head of an organisation named beside them ("European Council President Charles Michel" hosting
    in Brussels: the European Council, not Belgium)."""
    country = cluster.venue_country
    if any(p.country == country for p in participants):
        return country
    sides = {"Armenia", "Azerbaijan"}
    third = {p.name for p in participants if p.country not in sides and not p.country}
    if not third:
        return country
    votes: Counter[str] = Counter()
    for item in items:
        for sentence in _sentences(item.article):
            found = glossary.find(sentence.text, ("person", "organisation"), lang=sentence.language.code)
            people = [m for m in found if m.entry.kind == "person" and m.entry.en in third]
            for org in (m for m in found if m.entry.kind == "organisation"):
                if any(max(org.start - p.end, p.start - org.end) <= ORGANISATION_GAP_CHARS for p in people):
                    votes[org.entry.en] += 1
    return votes.most_common(1)[0][0] if votes else country


def _where(cluster: _Cluster) -> list[str]:
    """The venue: the place its reports most name as where the meeting was, in the venue's country; with
    the building before its city when a report names one there ("Blair House", "Washington")."""
    country = cluster.venue_country
    candidates = {
        p: w for p, w in cluster.venues.items() if p in cluster.places and cluster.places[p].country == country
    }
    top = _top(candidates)
    if top is None:
        return []
    city = cluster.places[top].city
    if city:
        return [top, city]
    buildings = {p: w for p, w in candidates.items() if cluster.places[p].city == top and w >= MEETING_SENTENCE_WEIGHT}
    building = _top(buildings)
    return [building, top] if building else [top]


def _participants(cluster: _Cluster, items: list[Features]) -> tuple[list[Person], list[Person]]:
    """(who took part, who is only mentioned), by support from the meeting sentences of the event's reports.

    A name in the sentence that dates the meeting counts fully, one in another meeting sentence half
    (previews and related articles half that). Where some report dates the meeting, only people named
    in such a sentence took part: "Miller said the talks..." names a spokesman, not a participant.
    """
    support: dict[str, float] = defaultdict(float)
    dating: set[str] = set()  # named in a sentence that dates the meeting
    persons: dict[str, list[Person]] = defaultdict(list)
    for item in items:
        share = 1.0 if cluster.kinds[item.id] == "report" else 0.5
        for key, weight in item.meeting_people.items():
            support[key] += share * min(weight, ANCHOR_SENTENCE_WEIGHT) / ANCHOR_SENTENCE_WEIGHT
            if weight >= ANCHOR_SENTENCE_WEIGHT:
                dating.add(key)
        for key, person in item.people.items():
            persons[key].append(person)
    best = max(support.values(), default=0.0)
    took_part = {
        k for k, s in support.items() if s >= PARTICIPANT_SHARE * best and k in persons and (k in dating or not dating)
    }
    merged = {key: _merge_person(found) for key, found in persons.items()}
    order = sorted(merged, key=lambda k: (-support.get(k, 0.0), -merged[k].mentions, merged[k].name))
    return [merged[k] for k in order if k in took_part], [merged[k] for k in order if k not in took_part]


def _merge_person(found: list[Person]) -> Person:
    """One person from the articles' mentions: the most common name, role and country (mentions summed)."""
    names: dict[str, float] = defaultdict(float)
    roles: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    for person in found:
        names[person.name] += person.mentions + (0.5 if person.name.isascii() else 0)  # the glossary's English form
        if person.role:
            roles[person.role] += person.mentions
        if person.country:
            countries[person.country] += person.mentions
    return Person(
        name=_top(names) or found[0].name,
        role=_top(roles),
        country=_top(countries),
        mentions=sum(p.mentions for p in found),
    )


def _title(cluster: _Cluster, items: list[Features], people: list[Person], where: list[str]) -> str:
    """The headline of the most central report with one (never a preview's); else one made from the event's facts."""
    ranked = sorted(
        items,
        key=lambda i: (cluster.kinds[i.id] != "report", -cluster.score(i), i.id),
    )
    for item in ranked:
        if item.article.meta.title and cluster.kinds[item.id] != "preview":
            return item.article.meta.title
    names = [p.name for p in people[:2]]
    if names and where:
        return f"{' and '.join(names)} in {where[-1]}"
    for item in ranked:
        if item.article.meta.title:
            return item.article.meta.title
    for item in ranked:
        sentence = next((s.text for s in item.article.sentences), None) or next(
            (line.text for line in item.article.lines if line.kept and line.text.strip()), ""
        )
        if sentence.strip():
            words = sentence.split()
            return " ".join(words[:12]) + ("…" if len(words) > 12 else "")
    return "Untitled event"


def _merge_people(articles: list[Article]) -> list[Person]:
    merged: dict[str, Person] = {}
    roles: dict[str, Counter[str]] = defaultdict(Counter)
    countries: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        for person in article.meta.people:
            entry = merged.setdefault(person.name, Person(name=person.name, mentions=0))
            entry.mentions += person.mentions
            if person.role:
                roles[person.name][person.role] += person.mentions
            if person.country:
                countries[person.name][person.country] += person.mentions
    order = {name: i for i, name in enumerate(merged)}
    for name, person in merged.items():
        person.role = _top(roles[name])
        person.country = _top(countries[name])
    return sorted(merged.values(), key=lambda p: (-p.mentions, order[p.name]))


def _merge_places(articles: list[Article]) -> list[str]:
    """Places by how many articles name them, then by rank within them (earlier = more mentioned)."""
    reach: Counter[str] = Counter()
    rank: Counter[str] = Counter()
    first: dict[str, int] = {}
    for article in articles:
        size = len(article.meta.places)
        for i, place in enumerate(article.meta.places):
            reach[place] += 1
            rank[place] += size - i
            first.setdefault(place, len(first))
    return sorted(reach, key=lambda p: (-reach[p], -rank[p], first[p]))


def _unique_slugs(events: list[Event]) -> None:
    """Make slugs unique in event order: a repeated slug takes the first free -2, -3, ...

    Free means used by no earlier event and by no other event's own slug, so
    "peace-talks" twice and "peace-talks-2" give three folders, not two.
    """
    own = {event.slug for event in events}
    taken: set[str] = set()
    for event in events:
        slug, n = event.slug, 2
        while slug in taken or (slug != event.slug and slug in own):
            slug, n = f"{event.slug}-{n}", n + 1
        taken.add(slug)
        event.slug = slug
