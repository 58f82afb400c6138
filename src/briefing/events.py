"""Stage 6: group articles that report the same event (one meeting or round of talks).

`group(articles, glossary)` returns events ordered by start date (undated
last), then title. The rule, as the README quotes it:

1. Each article gets an *anchor*, the date of the meeting it reports: the
   day-precision date it mentions most often in a sentence about meeting
   ("met", "talks", "held", "hosted", ...), not inside a quotation and not in
   a sentence about war or history, and, when the publication date is known,
   no more than `ANCHOR_MAX_AGE_DAYS` before it. Failing that, a month named
   in such a sentence, then the publication date. Background dates (the 2020
   war, 1991) are never anchors. An anchor can be a month-day whose year the
   article does not give ("met on November 7"), or missing altogether.
2. Content similarity is the cosine between an article's TF-IDF vector and an
   event's centroid. Terms are the kept text's content words (stop words
   removed, crude plural folding) plus glossary names as single canonical
   tokens, so "Pashinian" and "Pashinyan" are one term; names weigh
   `NAME_WEIGHT` times a word.
3. Dated articles, in date order, join the most similar event whose dates lie
   within `WINDOW_DAYS` of their anchor if the similarity is at least
   `JOIN_SIMILARITY`; otherwise they start a new event. Articles whose anchor
   lacks a year then do the same against events with a date within the window
   of that month-day in any year, and take that year. Where both an article
   and an event say where the meeting was ("met in Washington on ..."), the
   countries must agree, so same-week meetings in Sochi and Washington stay
   apart however alike their wording.
4. Undated articles last: one joins the most similar event only when the
   similarity is at least `UNDATED_SIMILARITY` *and* beats the runner-up by
   `UNDATED_MARGIN`, the runner-up reaching at most `UNDATED_RUNNER_UP_SHARE`
   of it. An article that names the weekday of its meeting ("said on
   Thursday that the talks...") is only compared with events that have a day
   on that weekday (or the day before it). Otherwise it forms its own event,
   "date unknown". An unrelated page therefore never joins: it stays alone,
   so nothing is lost.

Cost stays near-linear in the number of articles: a dated article is compared
only with events registered on the days in its window (a day index), and an
undated article only with the `MAX_CANDIDATES` events that share the most of
its top terms (an inverted index of each event's top terms; terms found in more
than `MAX_POSTINGS` events are too common to narrow anything and are skipped).
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .document import Article, Event, Person
from .fsutil import slugify
from .glossary import Entry, Glossary

log = logging.getLogger(__name__)

# --- tuned constants --------------------------------------------------------

#: Reports of one meeting date it within a few days of each other (the meeting
#: day, "on Monday", the publication day, multi-day rounds). A week separates
#: rounds of talks, which are weeks or months apart.
WINDOW_DAYS = 7
#: Cosine a dated article needs to join an event in its date window. On the
#: sample corpus (noise lines left in), reports of the same meeting from
#: different outlets score 0.27-0.44, articles on the same conflict about other
#: meetings 0.18-0.24, and unrelated news (storms, football; synthetic tests)
#: under 0.08. Dates do most of the work for dated articles; this only keeps
#: unrelated news out of a busy week. Same-week meetings in different
#: countries are kept apart by the venue check, not by this threshold.
JOIN_SIMILARITY = 0.15
#: An undated article has only content to go on: it must clear the unrelated
#: level and beat the runner-up clearly. Topic-level similarity (~0.2) is
#: enough when only one event fits, which is what the margin rule checks; an
#: article equally close to two events stays alone.
UNDATED_SIMILARITY = 0.15
UNDATED_MARGIN = 0.05
#: ... and the runner-up may reach at most this share of the best: two events
#: at 0.62 and 0.53 are both plausible, whatever the absolute gap.
UNDATED_RUNNER_UP_SHARE = 0.75
#: Sentences about war or history (shared by every article on the conflict)
#: count this much: they say little about which meeting an article reports.
#: 0.3 keeps an all-background article comparable with others rather than empty.
BACKGROUND_WEIGHT = 0.3
#: An undated article that names the weekday of its meeting or statement fits
#: an event only if that weekday is one of the event's days or up to this many
#: days after (a statement the day after talks).
WEEKDAY_LAG_DAYS = 1
#: Glossary names (people, places, countries) count this many times a word:
#: shared names are stronger evidence of one event than shared vocabulary.
NAME_WEIGHT = 1.5
#: A meeting date more than this long before the publication date is background.
ANCHOR_MAX_AGE_DAYS = 60
#: Candidate generation for undated articles (see the module docstring).
TOP_TERMS = 15
MAX_CANDIDATES = 64
MAX_POSTINGS = 1000
#: Longest anchor range registered in the day index (a round of talks is days).
MAX_RANGE_DAYS = 31
SLUG_MAX = 60

_MEETING_RE = re.compile(
    r"(?i)\b(?:met|meet|meets|meeting|meetings|talks|negotiat\w*|summit|held|hold|hosted|hosting|hosts|host"
    r"|convened|visit|visited|round|discussions|gathered|sign(?:ed)?)\b"
)
_BACKGROUND_RE = re.compile(
    r"(?i)\b(?:war|wars|conflict|clash\w*|cease-?fire|truce|killed|independence|collapse|dissolution|erupted"
    r"|escalat\w*|fighting|offensive|occupation|occupied|born|died|anniversary)\b"
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_CUE_RE = re.compile(
    r"\b(?i:on|late on|early on)\s+(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
_IN_BEFORE_RE = re.compile(r"(?i)\b(?:in|at)\s+(?:the\s+)?$")
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])[\"'”’»]*\s+")
_OPEN_QUOTES = "“«„"
_CLOSE_QUOTES = "”»"
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_STOP_WORDS = frozenset(
    """a about above after again against all also although am among an and any are around as at back be because been
    before being below between both but by can could did do does doing down during each either even ever every few for
    from further had has have having he her here hers herself him himself his how however i if in into is it its itself
    just last later least less like made make many may me might more most much must my myself near never new no nor not
    now of off on once one only or other others our ours ourselves out over own per rather said same say says she should
    since so some still such than that the their theirs them themselves then there these they this those though three
    through thus to told too two under until up upon us very via was we were what when where whether which while who whom
    whose why will with within without would yet you your yours also according added stated noted week weeks day days
    year years time today yesterday monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december mr ms mrs""".split()
)
_HOST_BY_RE = re.compile(r"(?i)\b(?:hosted|organi[sz]ed|convened)\s+by\s+(?:the\s+)?$")
_HOSTED_AFTER_RE = re.compile(r"(?i)^\s*(?:[\"'”»]\s*)?(?:hosted|hosts|organi[sz]ed|will host|is hosting|to host)\b")
_FOR_HOSTING_RE = re.compile(r"(?i)^\s*[\"'“«]?\s*for hosting\b")
_TALKS_IN_RE = re.compile(
    r"(?i)\b(?:talks|meeting|meetings|negotiations|summit|met|meet|hosted)\b[^.;]{0,40}?\b(?:in|at)\s+(?:the\s+)?$"
)


# --- per-article features -------------------------------------------------------


@dataclass
class _Anchor:
    start: dt.date | None = None
    end: dt.date | None = None
    month_day: tuple[int, int] | None = None  # when the year is unknown
    text: str = ""  # the mention, for notes
    source: str = ""  # "meeting date", "month", "publication date"
    venue: str | None = None  # country of the place named with the meeting date ("met in Washington on ...")


@dataclass
class _Item:
    article: Article
    anchor: _Anchor
    vector: dict[str, float]
    top_terms: list[str]


@dataclass
class _Cluster:
    items: list[_Item] = field(default_factory=list)
    centroid: dict[str, float] = field(default_factory=dict)
    norm2: float = 0.0
    days: set[int] = field(default_factory=set)  # ordinals of anchor days
    terms: set[str] = field(default_factory=set)  # top terms registered in the term index
    venues: set[str] = field(default_factory=set)  # venue countries of its dated articles
    notes: list[str] = field(default_factory=list)

    def similarity(self, vector: dict[str, float]) -> float:
        if self.norm2 <= 0:
            return 0.0
        return _dot(vector, self.centroid) / math.sqrt(self.norm2)

    def add(self, item: _Item) -> None:
        dot = _dot(item.vector, self.centroid)
        self.norm2 += 2 * dot + 1.0  # item vectors are unit length
        for term, weight in item.vector.items():
            self.centroid[term] = self.centroid.get(term, 0.0) + weight
        self.items.append(item)


def _dot(small: dict[str, float], big: dict[str, float]) -> float:
    if len(small) > len(big):
        small, big = big, small
    return sum(w * big.get(t, 0.0) for t, w in small.items())


#: A candidate anchor: a day (with the end of its range), or a month-day without a year.
_Candidate = tuple[dt.date, dt.date | None] | tuple[int, int]


def article_anchor(article: Article, glossary: Glossary) -> _Anchor:
    """The date of the meeting `article` reports (see rule 1 of the module docstring)."""
    meta = article.meta
    texts = {line.number: line.text for line in article.lines}
    published = meta.published
    votes: Counter[_Candidate] = Counter()
    first: dict[_Candidate, tuple[int, str]] = {}  # line and text of each candidate's first mention
    for mention in meta.dates:
        if mention.precision != "day" or not _meeting_context(texts.get(mention.line, ""), mention.text):
            continue
        if published and not (
            _shift(published, -ANCHOR_MAX_AGE_DAYS) <= mention.date <= _shift(published, WINDOW_DAYS)
        ):
            continue
        votes[(mention.date, mention.end)] += 1
        first.setdefault((mention.date, mention.end), (mention.line, mention.text))
    for partial in meta.partial_dates:
        if _meeting_context(texts.get(partial.line, ""), partial.text):
            votes[(partial.month, partial.day)] += 1
            first.setdefault((partial.month, partial.day), (partial.line, partial.text))
    if votes:
        best = max(votes, key=lambda c: (votes[c], -first[c][0]))
        line, text = first[best]
        venue = _venue(texts.get(line, ""), text, glossary)
        match best:
            case (dt.date() as start, end):
                return _Anchor(start=start, end=end or start, text=text, source="meeting date", venue=venue)
            case (int() as month, int() as day):
                return _Anchor(month_day=(month, day), text=text, source="meeting date without a year", venue=venue)
    for mention in meta.dates:
        if mention.precision == "month" and _meeting_context(texts.get(mention.line, ""), mention.text):
            if published and mention.date < _shift(published, -ANCHOR_MAX_AGE_DAYS):
                continue
            last = _month_end(mention.date)
            return _Anchor(start=mention.date, end=last, text=mention.text, source="month")
    if published:
        return _Anchor(start=published, end=published, text=published.isoformat(), source="publication date")
    return _Anchor()


def _venue(line: str, mention: str, glossary: Glossary) -> str | None:
    """The country of the first place named "in/at <place>" in the sentence of the meeting date."""
    pos = line.find(mention)
    sentence = _sentence_at(line, pos) if pos >= 0 else ""
    for match in glossary.find(sentence, ("place", "country")):
        if not _IN_BEFORE_RE.search(sentence[: match.start]):
            continue  # "officials from Baku" is not where they met
        if match.entry.kind == "place" and match.entry.country:
            return match.entry.country
        if match.entry.kind == "country":
            return match.entry.en
    return None


def _month_end(date: dt.date) -> dt.date:
    return date.replace(day=calendar.monthrange(date.year, date.month)[1])


def _shift(date: dt.date, days: int) -> dt.date:
    """`date` moved by `days`, held within 0001-01-01..9999-12-31: an edge date must not end the run."""
    ordinal = date.toordinal() + days
    return dt.date.fromordinal(min(max(ordinal, dt.date.min.toordinal()), dt.date.max.toordinal()))


def _meeting_context(line: str, mention: str) -> bool:
    """True when the sentence holding `mention` is about meeting, not quoted, and not about war or history."""
    pos = line.find(mention)
    if pos < 0:
        return False
    if _inside_quote(line, pos):
        return False
    sentence = _sentence_at(line, pos)
    return bool(_MEETING_RE.search(sentence)) and not _BACKGROUND_RE.search(sentence)


def _inside_quote(line: str, pos: int) -> bool:
    depth, straight = 0, False
    for ch in line[:pos]:
        if ch in _OPEN_QUOTES:
            depth += 1
        elif ch in _CLOSE_QUOTES:
            depth = max(0, depth - 1)
        elif ch == '"':
            straight = not straight
    return depth > 0 or straight


def _sentence_at(line: str, pos: int) -> str:
    start = 0
    for m in _SENTENCE_SPLIT_RE.finditer(line):
        if m.end() > pos:
            return line[start : m.start()]
        start = m.end()
    return line[start:]


def _sentences(article: Article) -> list[str]:
    """The article's kept sentences (from the segment stage, else split from kept lines)."""
    if article.sentences:
        return [s.english or s.text for s in article.sentences]
    return [s for line in article.lines if line.kept and line.text.strip() for s in _SENTENCE_SPLIT_RE.split(line.text)]


def _terms(article: Article, glossary: Glossary) -> dict[str, float]:
    """Weighted content-word and canonical-name counts of the article's kept sentences.

    Names weigh NAME_WEIGHT; sentences about war or history weigh BACKGROUND_WEIGHT.
    """
    counts: dict[str, float] = defaultdict(float)
    for sentence in _sentences(article):
        weight = BACKGROUND_WEIGHT if _BACKGROUND_RE.search(sentence) else 1.0
        last = 0
        pieces = []
        for match in glossary.find(sentence):
            pieces.append(sentence[last : match.start])
            last = match.end
            if match.entry.kind != "role":
                counts["@" + match.entry.en.casefold()] += NAME_WEIGHT * weight
        pieces.append(sentence[last:])
        for word in _WORD_RE.findall(" ".join(pieces)):
            word = _fold(word.casefold())
            if len(word) > 2 and word not in _STOP_WORDS:
                counts[word] += weight
    return counts


def _weekday_cues(article: Article) -> set[int]:
    """Weekdays the article names for a meeting or statement ("said on Thursday that the talks...")."""
    cues = set()
    for sentence in _sentences(article):
        for m in _WEEKDAY_CUE_RE.finditer(sentence):
            if _MEETING_RE.search(sentence) and not _BACKGROUND_RE.search(sentence):
                cues.add(_WEEKDAYS.index(m.group(1).lower()))
    return cues


def _weekday_compatible(cues: set[int], cluster: _Cluster) -> bool:
    """False when the article names weekdays and none falls on (or just after) a day of the event."""
    if not cues or not cluster.days:
        return True
    return any(
        _shift(dt.date.fromordinal(day), lag).weekday() in cues
        for day in cluster.days
        for lag in range(WEEKDAY_LAG_DAYS + 1)
    )


def _fold(word: str) -> str:
    """Crude plural and possessive folding, enough for "talk/talks", "minister/ministers"."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _vectors(term_counts: list[dict[str, float]]) -> list[dict[str, float]]:
    """Unit TF-IDF vectors: log(1 + tf) * smoothed idf (log((n+1)/(df+1)) + 1) over this batch."""
    df: Counter[str] = Counter()
    for counts in term_counts:
        df.update(counts.keys())
    n = len(term_counts)
    vectors = []
    for counts in term_counts:
        vec = {t: math.log1p(c) * (math.log((n + 1) / (df[t] + 1)) + 1) for t, c in counts.items() if c > 0}
        norm = math.sqrt(sum(w * w for w in vec.values()))
        vectors.append({t: w / norm for t, w in vec.items()} if norm else {})
    return vectors


# --- grouping --------------------------------------------------------------------


def group(articles: list[Article], glossary: Glossary) -> list[Event]:
    """Events of `articles` (see the module docstring for the rule). Deterministic for a given input."""
    ordered = sorted(articles, key=lambda a: a.id)
    vectors = _vectors([_terms(a, glossary) for a in ordered])
    items = [
        _Item(
            a,
            article_anchor(a, glossary),
            v,
            [t for t, _ in sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_TERMS]],
        )
        for a, v in zip(ordered, vectors)
    ]
    clusters: list[_Cluster] = []
    by_day: dict[int, list[int]] = defaultdict(list)
    by_month_day: dict[tuple[int, int], list[int]] = defaultdict(list)
    by_term: dict[str, list[int]] = defaultdict(list)

    def place(item: _Item, target: int | None) -> int:
        if target is None:
            clusters.append(_Cluster())
            target = len(clusters) - 1
        cluster = clusters[target]
        cluster.add(item)
        if item.anchor.venue:
            cluster.venues.add(item.anchor.venue)
        for day in _anchor_days(item.anchor):
            if day not in cluster.days:
                cluster.days.add(day)
                by_day[day].append(target)
                date = dt.date.fromordinal(day)
                by_month_day[(date.month, date.day)].append(target)
        for term in item.top_terms:
            if term not in cluster.terms:
                cluster.terms.add(term)
                by_term[term].append(target)
        return target

    dated = sorted(
        ((start, item.anchor.end or start, item) for item in items if (start := item.anchor.start)),
        key=lambda d: (d[0], d[2].article.id),
    )
    yearless = [i for i in items if i.anchor.month_day]
    undated = [i for i in items if not i.anchor.start and not i.anchor.month_day]

    for start, end, item in dated:
        window = range(start.toordinal() - WINDOW_DAYS, end.toordinal() + WINDOW_DAYS + 1)
        candidates = [
            c for c in sorted({c for day in window for c in by_day.get(day, ())}) if _same_venue(item, clusters[c])
        ]
        best, score, _second = _best(item, candidates, clusters)
        place(item, best if best is not None and score >= JOIN_SIMILARITY else None)

    for item in yearless:
        keys = _month_day_window(item.anchor.month_day)
        candidates = [
            c for c in sorted({c for key in keys for c in by_month_day.get(key, ())}) if _same_venue(item, clusters[c])
        ]
        best, score, _second = _best(item, candidates, clusters)
        if best is not None and score >= JOIN_SIMILARITY:
            year = _year_of(clusters[best], item.anchor.month_day)
            place(item, best)
            clusters[best].notes.append(
                f"{item.article.id} gives {item.anchor.text!r} without a year; {year} from this event's other reports"
                f" (similarity {score:.2f})"
            )
        else:
            target = place(item, None)
            clusters[target].notes.append(f"{item.article.id} gives {item.anchor.text!r} without a year; year unknown")

    for item in undated:
        pool: Sequence[int] = (
            range(len(clusters)) if len(clusters) <= MAX_CANDIDATES else _term_candidates(item, by_term)
        )
        cues = _weekday_cues(item.article)
        fitting = [c for c in pool if _weekday_compatible(cues, clusters[c])]
        best, score, second = _best(item, fitting, clusters)
        if best is not None and _clearly_best(score, second):
            place(item, best)
            note = f"{item.article.id} gives no date; joined by content similarity {score:.2f} (next best {second:.2f})"
            _, ruled_out, _ = _best(item, [c for c in pool if c not in set(fitting)], clusters)
            if ruled_out > score:
                days = ", ".join(_WEEKDAYS[c].capitalize() for c in sorted(cues))
                note += f"; events on other weekdays than its {days} were ruled out (best of those {ruled_out:.2f})"
            clusters[best].notes.append(note)
        else:
            target = place(item, None)
            clusters[target].notes.append(
                f"{item.article.id} gives no date and no event is clearly similar (best {score:.2f}, next best {second:.2f});"
                " date unknown"
            )
    events = [_event(c, glossary) for c in clusters]
    events.sort(key=lambda e: (e.start is None, e.start or dt.date.min, e.title.casefold(), e.articles[0].id))
    _unique_slugs(events)
    return events


def _same_venue(item: _Item, cluster: _Cluster) -> bool:
    """False when both name where the meeting was and the countries differ (Sochi vs Washington)."""
    return not (item.anchor.venue and cluster.venues and item.anchor.venue not in cluster.venues)


def _anchor_days(anchor: _Anchor) -> list[int]:
    if anchor.start is None:
        return []
    end = anchor.end or anchor.start
    first = anchor.start.toordinal()
    last = min(end.toordinal(), first + MAX_RANGE_DAYS)
    return list(range(first, last + 1))


def _month_day_window(month_day: tuple[int, int] | None) -> Iterable[tuple[int, int]]:
    if month_day is None:
        return []
    centre = dt.date(2000, *month_day)  # a leap year, so 29 February exists
    days = (centre + dt.timedelta(days=d) for d in range(-WINDOW_DAYS, WINDOW_DAYS + 1))
    return [(d.month, d.day) for d in days]


def _year_of(cluster: _Cluster, month_day: tuple[int, int] | None) -> int | None:
    """The year of the cluster's anchor day closest to `month_day`."""
    if month_day is None or not cluster.days:
        return None
    best = None
    for day in sorted(cluster.days):
        date = dt.date.fromordinal(day)
        try:
            gap = abs((date - dt.date(date.year, *month_day)).days)
        except ValueError:
            continue
        if best is None or gap < best[0]:
            best = (gap, date.year)
    return best[1] if best else None


def _best(item: _Item, candidates: Iterable[int], clusters: list[_Cluster]) -> tuple[int | None, float, float]:
    """(best cluster, its similarity, runner-up similarity); ties go to the earlier cluster."""
    best, best_score, second = None, 0.0, 0.0
    for index in candidates:
        score = clusters[index].similarity(item.vector)
        if best is None or score > best_score:
            best, best_score, second = index, score, best_score if best is not None else 0.0
        elif score > second:
            second = score
    return best, best_score, second


def _clearly_best(score: float, second: float) -> bool:
    """The undated-join rule: similar enough, and clearly ahead of the runner-up."""
    return (
        score >= UNDATED_SIMILARITY and score - second >= UNDATED_MARGIN and second <= UNDATED_RUNNER_UP_SHARE * score
    )


def _term_candidates(item: _Item, by_term: dict[str, list[int]]) -> list[int]:
    """Clusters sharing the most of the item's top terms (terms in too many clusters are skipped)."""
    shared: Counter[int] = Counter()
    for term in item.top_terms:
        postings = by_term.get(term, ())
        if len(postings) <= MAX_POSTINGS:
            shared.update(set(postings))
    return sorted(c for c, _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES])


# --- event fields --------------------------------------------------------------------


def _event(cluster: _Cluster, glossary: Glossary) -> Event:
    items = sorted(cluster.items, key=lambda i: i.article.id)
    articles = [i.article for i in items]
    starts = [i.anchor.start for i in items if i.anchor.start]
    ends = [i.anchor.end or i.anchor.start for i in items if i.anchor.start]
    start, end = (min(starts), max(ends)) if starts else (None, None)
    people = _merge_people(articles)
    places = _merge_places(articles)
    title = _title(cluster, items, people, places)
    notes = list(cluster.notes)
    if start is None:
        notes.append("date unknown: no article gives the date of this event")
    slug = f"{start.isoformat() if start else 'undated'}-{slugify(title, max_len=SLUG_MAX - 11)}"
    host = _host(articles, people, glossary)
    return Event(
        slug=slug,
        title=title,
        start=start,
        end=end,
        articles=articles,
        places=places,
        people=people,
        host=host,
        venue=_venue_place(places, host, glossary),
        notes=notes,
    )


def _venue_place(places: list[str], host: str | None, glossary: Glossary) -> str | None:
    """Where the meeting was: the most named place in the host country ("Baku said" is not a venue)."""
    for name in places:
        entry = glossary.lookup(name, "place")
        if entry is not None and host is not None and entry.country == host:
            return name
    return None


def _title(cluster: _Cluster, items: list[_Item], people: list[Person], places: list[str]) -> str:
    """The headline of the most central article with one; else one made from the event's facts."""
    ranked = sorted(items, key=lambda i: (-cluster.similarity(i.vector), i.article.id))
    for item in ranked:
        if item.article.meta.title:
            return item.article.meta.title
    names = [p.name for p in people[:2]]
    if names and places:
        return f"{' and '.join(names)} in {places[0]}"
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
        person.role = _most_common(roles[name])
        person.country = _most_common(countries[name])
    return sorted(merged.values(), key=lambda p: (-p.mentions, order[p.name]))


def _most_common(counts: Counter[str]) -> str | None:
    if not counts:
        return None
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


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


def _host(articles: list[Article], people: list[Person], glossary: Glossary) -> str | None:
    """The hosting country, by votes: "hosted by X"/"X hosted"/"thanked X for hosting" (2), "talks in <place>" (1)."""
    votes: Counter[str] = Counter()
    first: dict[str, int] = {}
    country_of_person = {p.name: p.country for p in people if p.country}
    for article in articles:
        for line in article.lines:
            if line.kept and line.text.strip():
                for country, weight in _host_votes(line.text, glossary, country_of_person):
                    votes[country] += weight
                    first.setdefault(country, len(first))
    if not votes:
        return None
    return min(votes, key=lambda c: (-votes[c], first[c]))


def _host_votes(text: str, glossary: Glossary, country_of_person: dict[str, str]) -> list[tuple[str, int]]:
    found = []
    for match in glossary.find(text, ("country", "place", "person")):
        country = _country_of(match.entry, country_of_person)
        before, after = text[max(0, match.start - 60) : match.start], text[match.end : match.end + 40]
        if country is None:
            continue
        if _HOST_BY_RE.search(before) or _HOSTED_AFTER_RE.match(after) or _FOR_HOSTING_RE.match(after):
            found.append((country, 2))
        elif match.entry.kind != "person" and _TALKS_IN_RE.search(before):
            found.append((country, 1))
    for m in re.finditer(r"(?i)\b(?:hosted|organi[sz]ed|convened)\s+by\s+(?:the\s+)?([A-Z][\w.]+)", text):
        entry = glossary.country_of_demonym(m.group(1))
        if entry is not None and glossary.lookup(m.group(1)) is None:
            found.append((entry.en, 2))  # "hosted by Russian President X"
    return found


def _country_of(entry: Entry, country_of_person: dict[str, str]) -> str | None:
    if entry.kind == "country":
        return entry.en
    if entry.kind == "place":
        return entry.country
    if entry.kind == "person":
        return country_of_person.get(entry.en)
    return None


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
