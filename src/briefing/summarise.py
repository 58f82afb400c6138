"""Stage 7: summaries of articles and events, with citations, each sentence in its page's language.

The offline default, `ExtractiveSummariser`, downloads nothing. It picks whole
sentences from the articles, in the language each page is written in (an
Armenian page gets an Armenian summary, a Russian page a Russian one):

1. Eligibility (`eligible`): only real sentences of running text may appear in
   a summary; headings, captions, teasers, date lines, share buttons and other
   page furniture never do. The rule is the same for every language and takes
   its language knowledge from `briefing.lang`: the page language's sentence
   terminals, alphabet, stop words and furniture phrase families. A sentence
   in another language than the summary's (a quotation) may appear only
   through a translation into it, which exists for English alone.
2. Centrality: sentences become TF-IDF vectors (sublinear term frequency,
   smoothed IDF, the language's stop words and weekday names removed, words
   cut to their first TERM_PREFIX letters); their cosine similarities form a
   graph, ranked by LexRank-style power iteration.
3. Selection: maximal marginal relevance (MMR) with `SummaryConfig.mmr_lambda`
   trades centrality against redundancy; a near-duplicate of a sentence
   already chosen is never chosen.
4. Order: an article summary keeps the article's order. An event summary is
   a block per language (output languages first, the one with most reports
   leading), each chosen
   from that language's pages and led by what happened at this meeting
   (`_lead_rank`), background after; previews' sentences close each block.
   Each output language's briefing puts its own block first
   (`briefing.render`), so the hy briefing leads with Armenian reports.
5. Citation (`cite`): each event-summary sentence names its source article
   first, then every other article that has a sentence similar enough to it;
   the versions of a fact that several languages state alike (`_same_fact`:
   the same days, numbers and people; or the meeting itself at the event's
   venue with the same people) cite the pages of all.

Sentences of different pages are compared through the English the translator
made of them before summarising, when it did, else as written: pages in
different scripts then share no term, so an event summary may hold sentences
in several languages, each `SummarySentence` saying which (`language`).

Another summariser (a neural one, in `briefing.backends`) implements the same
`Summariser` interface (`briefing.interfaces`) and can reuse `cite` and
`eligible`; `load_summariser` chooses one by `summary.backend`, and `Dispatch`
gives it only the pages it reads: of an event in several languages, it writes
the blocks of those languages and the others are extractive.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from . import lang
from .backends.registry import ModelField, Registry
from .config import RuntimeConfig, SummaryConfig
from .document import OUTPUT_LANGUAGES, Article, Event, PartialDate, Sentence, SummarySentence
from .glossary import Glossary
from .interfaces import Summariser
from .lang.names import name_key, name_keys

log = logging.getLogger(__name__)

# --- Eligibility thresholds -------------------------------------------------
# Chosen by reading the sample pages and a handful of pages from other outlets
# (wire copy, ministry press releases, aggregator pages): real sentences of
# news prose were all >= 6 words; menus, bylines, datelines and headings fell
# below. 120 words keeps long quoted statements but rejects lists and menus
# that segmentation glued into one "sentence". The same holds in the other
# page languages, shorter in words though they are: on the development set
# the body "sentences" under 6 words (25 of 597) are agency datelines
# ("ЕРЕВАН, 29 июня – Sputnik."), subheadings and a few one-clause quotes,
# in every language alike.
MIN_WORDS = 6
MAX_WORDS = 120
#: Running prose has lowercase words, verbs among them; a list of names or tags
#: has few, and a title-cased heading has none but function words ("of", "and").
#: A summary sentence needs at least this many words that do not start with a
#: capital, one of them not a stop word. The name-heaviest real sentences
#: ("Azerbaijani Foreign Minister Jeyhun Bayramov and Armenian Foreign Minister
#: Ararat Mirzoyan met in Washington on November 7.") have 4, one a verb.
MIN_LOWERCASE_WORDS = 3
#: Share of words (two letters or more) in capitals above which a sentence is
#: shouting (a banner, a menu); acronyms in real sentences stay far below.
MAX_UPPERCASE_SHARE = 0.6
#: Share of tokens that are links, @handles, #tags or e-mail addresses.
MAX_LINK_SHARE = 0.2
#: Share of letters outside the summary language's alphabet; higher means the
#: language was misjudged or a translation failed. Names spelled in Latin
#: letters in a Russian sentence ("Blinken", "X") stay far below.
MAX_FOREIGN_LETTER_SHARE = 0.2

#: Stop words are the language's stop-list words of at most this many letters.
#: The jusText stop lists the language layer reads are lists of frequent words:
#: besides function words they hold this domain's content words, more of them
#: the longer the list (Russian, 4,164 words: "переговоры", "президент",
#: "армении"; Armenian, 2,345: «հանդիպում», «ադրբեջանի»). Function words are
#: short in every language. On the development set's 518 eligible body
#: sentences, whole lists left 71 sharing no term with their page (so dropped
#: as off-topic, see OFFTOPIC_MAX_SIMILARITY) and made 4 "names-or-heading";
#: words of up to 5 letters, 22 and 2; up to 4, 18 and 1, but English
#: "which", "their", "would" then become terms.
STOP_WORD_MAX_LETTERS = 5

# --- Ranking and selection --------------------------------------------------
#: Index terms are a word's first letters, up to this many: a stemmer that needs
#: no language knowledge, for the case endings of Armenian, Azerbaijani,
#: Russian and Turkish ("переговоры", "переговоров" -> "перего"; "danışıqlar",
#: "danışıqlarda" -> "danışı") and English derivations ("negotiations",
#: "negotiated"). On the development set, whole words left 78 of 518 eligible
#: body sentences sharing no term with their page; 5, 6, 7 and 8 letters left
#: 18, 22, 28 and 37. 6 keeps English words apart that 5 merges ("state",
#: "statement"), and the English sample pairs below scored as before.
TERM_PREFIX = 6
#: LexRank damping factor, the usual PageRank value.
DAMPING = 0.85
POWER_ITERATIONS = 100
POWER_TOLERANCE = 1e-8
#: A sentence whose best cosine with any other sentence of its article is below
#: this is off-topic (a teaser for another story that survived cleaning). In
#: the samples a surviving teaser shares no content word with its page (0.0),
#: while on-topic sentences have a best match of 0.058 or more (one quote
#: fragment excepted, which is no summary material either). Applied only to
#: articles with at least OFFTOPIC_MIN_SENTENCES eligible sentences.
OFFTOPIC_MAX_SIMILARITY = 0.03
OFFTOPIC_MIN_SENTENCES = 5
#: Two sentences at or above this cosine say the same thing; only one is used.
#: Calibrated on the three sample pages about one meeting: the same quotation or
#: statement reported by two outlets in different words scored 0.50-0.62;
#: different facts of that meeting scored under 0.35, except two sentences that
#: both say the ministers "met in Washington" (0.54-0.55). Erring towards
#: dropping a near-paraphrase is the lesser harm in a six-sentence summary.
DUPLICATE_SIMILARITY = 0.5
#: In an event, edges between sentences of the same article count this much
#: relative to edges between articles, so centrality favours what several
#: outlets report over what one long article repeats.
SAME_ARTICLE_WEIGHT = 0.5
#: Candidates for an event summary: each article's most central sentences, at
#: most this many per article and this many in all (see `_event_candidates`),
#: so that the event's similarity matrix stays small however large it grows.
#: 12 covers every sentence a 6-sentence summary could want from a typical
#: article; 400 candidates rank in a few milliseconds.
EVENT_CANDIDATES_PER_ARTICLE = 12
EVENT_MAX_CANDIDATES = 400

# --- Citation -----------------------------------------------------------------
#: An article supports a summary sentence when one of its sentences has at
#: least this cosine with it (event-level TF-IDF). Calibrated on all pairs of
#: sentences from different sample pages about one meeting (714 pairs): pairs
#: reporting the same fact or quotation scored 0.34-0.62; pairs about different
#: facts, though sharing the names of the parties, scored 0.31 at most and
#: nearly all (675 of 714) under 0.2. Re-measured with the language layer's
#: stop words and 6-letter terms (780 pairs, the samples' current cleaning):
#: the same facts 0.33-0.76, different facts 0.32 at most but for two
#: background sentences on the fighting (0.36).
CITE_SIMILARITY = 0.33

_WORD = re.compile(r"\w+")
_ALPHA_RUN = re.compile(r"[^\W\d_]+")
#: What may close a sentence after its terminal: quotes (« », „ “, ‹ ›) and brackets.
_CLOSERS = "\"'”’»›“)]"
_LINK_MARKS = ("@", "#", "http", "www.", ".")  # a link-like token has one of these; a cheap pre-check
#: A URL, a handle or hashtag, an e-mail address, or a bare domain ("news.am", "report.az/en").
_LINKISH = re.compile(r"^(?:https?://|www\.)|^[@#]\w|^\S+@\S+\.\w+$|^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/\S*)?$")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


# --- The offline summariser ------------------------------------------------------


class ExtractiveSummariser(Summariser):
    """Offline extractive summaries: LexRank centrality, then MMR selection."""

    name = "extractive"

    def __init__(self, cfg: SummaryConfig | None = None, glossary: Glossary | None = None):
        self.cfg = cfg or SummaryConfig()
        #: The run's glossary: the people and places a sentence names, in any script (`_fact`).
        self.glossary = glossary if glossary is not None else Glossary.load()

    def describe(self) -> str:
        return f"extractive (LexRank TF-IDF centrality + MMR, lambda={self.cfg.mmr_lambda:g})"

    def summarise_article(self, article: Article) -> list[SummarySentence]:
        """Up to `cfg.article_sentences` sentences, in the article's order and language."""
        return self.summarise_ranked(article, _rank_article(article))

    def summarise_ranked(self, article: Article, ranked: _Ranked | None) -> list[SummarySentence]:
        """`summarise_article` from the article's ranking (`_rank_article`), made once for its summary and its `Offer`."""
        if ranked is None:
            log.info("%s: no sentence eligible for a summary", article.id)
            return []
        chosen = _mmr(
            ranked.scores,
            ranked.similarity,
            self.cfg.article_sentences,
            self.cfg.mmr_lambda,
            _not_furniture(ranked.candidates),
        )
        return [_summary_sentence(ranked.candidates[i], [article.id]) for i in sorted(chosen)]

    def summarise_event(self, event: Event, offers: Mapping[str, Offer | None] | None = None) -> list[SummarySentence]:
        """A block of up to `cfg.event_sentences` sentences per language of the event's pages.

        Each block is chosen from that language's pages (reports and related
        pages; a preview's sentences only after them) and led by the meeting's
        own news (`_lead_rank`). Near-duplicates across outlets of one language
        collapse into one sentence that cites every outlet. A fact stated alike
        in two languages (the same English made of both, or `_same_fact`)
        cites both, and its version in a language no briefing is written in
        is dropped when an output language states it.

        `offers` are the articles' `Offer`s by article id, made beside them; an article
        without one is ranked here.
        """
        return _merge_languages(*self.event_blocks(event, offers=offers))

    def event_blocks(
        self,
        event: Event,
        languages: Sequence[str] | None = None,
        offers: Mapping[str, Offer | None] | None = None,
    ) -> tuple[list[SummarySentence], list[_Fact]]:
        """The blocks of `summarise_event` for `languages` (default: every language of the event's pages),
        each sentence with its `_Fact`, before the versions of one fact in several languages are merged.

        Centrality is still measured over the whole event, so a block is the same whichever blocks are asked
        for; `Dispatch` asks for those a neural summariser cannot write and merges them with its own.
        """
        candidates = _event_candidates(event.articles, offers)
        if not candidates:
            log.info("event %s: no sentence eligible for a summary", event.slug)
            return [], []
        terms = [c.comparable_terms for c in candidates]
        matrix = _tfidf(terms)
        similarity = matrix @ matrix.T
        owners = np.array([c.article for c in candidates])
        weights = np.where(owners[:, None] == owners[None, :], SAME_ARTICLE_WEIGHT, 1.0)
        scores = _lexrank(similarity * weights)
        not_furniture = _not_furniture(candidates)

        def _repeats(i: int, chosen: list[int]) -> bool:
            """Whether candidate i says again what a chosen one says (compared through English, when translated)."""
            return bool(chosen) and float(similarity[i, chosen].max()) >= DUPLICATE_SIMILARITY

        previews = {a for a, article in enumerate(event.articles) if event.article_kinds.get(article.id) == "preview"}
        order = block_order(event, [c.language for c in candidates])
        if languages is not None:
            order = [code for code in order if code in languages]
        chosen: list[int] = []
        for code in order:
            block: list[int] = []
            for from_previews in (False, True):

                def accept(
                    i: int, code: str = code, from_previews: bool = from_previews, taken: list[int] = chosen
                ) -> bool:
                    ok = candidates[i].language == code and (candidates[i].article in previews) == from_previews
                    return ok and not_furniture(i) and not (code not in OUTPUT_LANGUAGES and _repeats(i, taken))

                picks = _mmr(scores, similarity, self.cfg.event_sentences - len(block), self.cfg.mmr_lambda, accept)
                block += sorted(picks, key=lambda i: _lead_rank(candidates[i], event))  # stable: centrality next
            chosen += block
        origins: list[str | None] = [event.articles[candidates[i].article].id for i in chosen]
        sources = _sources([terms[i] for i in chosen], origins, event)
        summary = [_summary_sentence(candidates[i], cited) for i, cited in zip(chosen, sources)]
        return summary, [_fact(candidates[i], event, self.glossary) for i in chosen]


def block_order(event: Event, languages: Sequence[str]) -> list[str]:
    """The order of an event summary's language blocks: output languages first, then by reports, most first."""
    reports = Counter(a.language for a in event.articles if event.article_kinds.get(a.id) != "preview")
    return sorted(dict.fromkeys(languages), key=lambda code: (code not in OUTPUT_LANGUAGES, -reports[code]))


# --- One meeting across languages -------------------------------------------------

#: Two sentences in different languages state the same fact when they give the
#: same days (as the metadata stage read them), the same other numbers and name
#: the same people, and those make at least this many signals: "Bayramov and
#: Mirzoyan met on 7 November" and «Байрамов и Мирзоян встретились 7 ноября»
#: share 7 November and two people (3). Kept
#: conservative: on the development set's events, two different facts of one
#: meeting sharing 3 such signals were not found, while 2 ("Blinken ... on
#: Monday 7") would merge a statement with the meeting it comments on.
SAME_FACT_SIGNALS = 3
#: Two sentences that both report the meeting itself (meeting words; no background, speech
#: or announcement words), at the event's venue, with the same people, at least this many,
#: state the fact "they met there" even when one gives no day ("Bayramov and Mirzoyan met
#: in Washington on Monday" and «Байрамов и Мирзоян провели переговоры в Вашингтоне»).
#: Two, as the rule above takes: on the development set's events this rule merged 28 pairs,
#: 24 of them one report of the meeting; the other 4 paired it with a sentence on its outcome
#: or reception in which the meeting is a clause ("the talks held in Almaty on 10-11 May
#: showed ..."). A statement at the meeting has a verb of speaking and never qualifies.
SAME_MEETING_PEOPLE = 2
_NUMBER = re.compile(r"\d+")
#: Quotation marks that open and close alike, or whose direction differs between
#: languages („…“ in Russian, “…” in English): a whole quotation holds an even number.
_AMBIGUOUS_QUOTES = ('"', "„“”")


def _cut_quotation(text: str) -> bool:
    """Whether `text` is a piece of a quotation the segmenter split: its quotation marks do not pair up."""
    if text.count("«") != text.count("»") or text.count("‹") != text.count("›"):
        return True
    return any(sum(text.count(mark) for mark in marks) % 2 for marks in _AMBIGUOUS_QUOTES)


@dataclass(frozen=True)
class _Fact:
    """What a sentence states, in signals that do not depend on its language."""

    days: frozenset[tuple[int, int]]  # (month, day) of the dates it gives: the year may go unsaid
    numbers: frozenset[str]  # other numbers: counts, years
    people: frozenset[str]  # `Person.key` of the event's people the sentence names
    at_venue: bool = False  # it names the event's venue (a glossary place of `Event.venue_places`)
    reports_meeting: bool = False  # meeting words, and no words of background, speech or announcement
    covered: frozenset[tuple[int, int]] = frozenset()  # every day its dates span ("1-4 May": 1, 2, 3 and 4 May)
    other_days: bool = False  # its days all fall outside the event's: it tells of another meeting

    @property
    def signals(self) -> int:
        return len(self.days) + len(self.numbers) + len(self.people)


def _fact(candidate: _Candidate, event: Event, glossary: Glossary) -> _Fact:
    """The days (from the page's metadata), other numbers, glossary people and venue of a candidate sentence.

    People are found by the glossary in any script and inflection, and by the
    cross-script key of each capitalised word (`lang.names.name_keys`) for
    those it lacks; only the event's people count.
    """
    text, meta = candidate.text, event.articles[candidate.article].meta
    dates = [(d.text, d.date, d.end) for d in meta.dates if d.precision == "day"]
    dates += [(p.text, *_partial_span(p)) for p in meta.partial_dates]
    days, covered = set(), set()
    for written, first, last in dates:
        if written and written in text:
            days.add((first.month, first.day))
            covered.update(_days_between(first, last))
            text = text.replace(written, " ")
    numbers = frozenset(n.lstrip("0") or "0" for n in _NUMBER.findall(text))
    known = {p.key for article in event.articles for p in article.meta.people if p.key}
    try:
        language = lang.get(candidate.language)
    except lang.UnknownLanguage:
        return _Fact(frozenset(days), numbers, frozenset())
    named = {key for word in _ALPHA_RUN.findall(text) if word[0].isupper() for key in name_keys(word, language)}
    found = glossary.find(text, ("person", "place"), language.code)
    named |= {name_key(m.entry.en, "en") for m in found if m.entry.kind == "person"}
    at_venue = any(m.entry.kind == "place" and m.entry.en in event.venue_places for m in found)
    folded = language.fold(candidate.text)
    reports = bool(language.meeting_words.search(folded)) and not any(
        words.search(folded) for words in (language.background_words, language.speech_words, language.preview_words)
    )
    other_days = bool(covered) and event.start is not None and not covered & _event_days(event)
    return _Fact(frozenset(days), numbers, frozenset(named & known), at_venue, reports, frozenset(covered), other_days)


def _event_days(event: Event) -> set[tuple[int, int]]:
    """(month, day) of the event's days, a day's margin either side (a report may date the last day of talks)."""
    assert event.start is not None
    return set(_days_between(event.start - dt.timedelta(days=1), (event.end or event.start) + dt.timedelta(days=1)))


#: A range of days longer than this is no meeting's ("from 1 to 30 May"): only its first day counts.
MAX_RANGE_DAYS = 14


def _days_between(first: dt.date, last: dt.date | None) -> list[tuple[int, int]]:
    """(month, day) of every day from `first` to `last` (one day when there is no end or the range is too long)."""
    span = (last - first).days if last is not None else 0
    if not 0 < span <= MAX_RANGE_DAYS:
        return [(first.month, first.day)]
    return [((first + dt.timedelta(days=k)).month, (first + dt.timedelta(days=k)).day) for k in range(span + 1)]


def _partial_span(date: PartialDate) -> tuple[dt.date, dt.date | None]:
    """A month-day without a year as a span in a leap year (any year would do: only months and days are compared)."""
    first = dt.date(2000, date.month, date.day)
    if date.end_day is None:
        return first, None
    try:
        last = dt.date(2000, date.end_month or date.month, date.end_day)
    except ValueError:
        return first, None
    return first, last if last >= first else None


@functools.cache
def _same_fact(a: _Fact, b: _Fact) -> bool:
    """Conservative: the same days or numbers, the same people, and SAME_FACT_SIGNALS signals in all;
    or the same report of the meeting (`_same_meeting`)."""
    same = (a.days, a.numbers, a.people) == (b.days, b.numbers, b.people)
    if same and bool(a.days or a.numbers) and bool(a.people or len(a.days) >= 2) and a.signals >= SAME_FACT_SIGNALS:
        return True
    return _same_meeting(a, b)


def _same_meeting(a: _Fact, b: _Fact) -> bool:
    """Both report the meeting at the event's venue with the same SAME_MEETING_PEOPLE or more people, neither
    dates it outside the event's days, and neither gives a day or number the other contradicts: one may give
    none, or a day within the other's range ("ended on Thursday", "held on 1-4 May")."""
    return (
        a.reports_meeting
        and b.reports_meeting
        and a.at_venue
        and b.at_venue
        and not (a.other_days or b.other_days)
        and len(a.people) >= SAME_MEETING_PEOPLE
        and a.people == b.people
        and _agree(a.covered, b.covered)
        and _agree(a.numbers, b.numbers)
    )


def _agree(a: frozenset, b: frozenset) -> bool:
    """Whether two sets of days (or numbers) can describe one fact: one holds the other (or is empty)."""
    return a <= b or b <= a


def _merge_languages(summary: list[SummarySentence], facts: list[_Fact]) -> list[SummarySentence]:
    """Sentences of different languages that state one fact (`_same_fact`, and through each other: if A
    states B's fact and B states C's, all three state one) each cite the pages of all, their own first; a
    version in a language that no briefing is written in is dropped when one in an output language exists.

    So the versions of one fact cite the same pages, which is how a briefing tells that a sentence in another
    language repeats one it shows (`briefing.render.briefing_sentences`)."""
    group = list(range(len(summary)))

    def root(k: int) -> int:
        while group[k] != k:
            group[k] = group[group[k]]
            k = group[k]
        return k

    for i, j in itertools.combinations(range(len(summary)), 2):
        if summary[i].language != summary[j].language and _same_fact(facts[i], facts[j]):
            group[max(root(i), root(j))] = min(root(i), root(j))
    members: dict[int, list[int]] = {}
    for k in range(len(summary)):
        members.setdefault(root(k), []).append(k)
    dropped: set[int] = set()
    for together in members.values():
        if len(together) == 1:
            continue
        pages = list(dict.fromkeys(page for k in together for page in summary[k].sources))
        for k in together:
            summary[k].sources = list(dict.fromkeys([*summary[k].sources, *pages]))
        if any(summary[k].language in OUTPUT_LANGUAGES for k in together):
            dropped.update(k for k in together if summary[k].language not in OUTPUT_LANGUAGES)
    return [s for k, s in enumerate(summary) if k not in dropped]


def _lead_rank(candidate: _Candidate, event: Event) -> int:
    """0 for a sentence about this meeting (meeting words, or its days), 2 for background, 1 otherwise."""
    try:
        language = lang.get(candidate.language)
    except lang.UnknownLanguage:
        return 1
    folded = language.fold(candidate.text)
    if language.background_words.search(folded):
        return 2
    if language.meeting_words.search(folded) or _gives_meeting_day(candidate, event):
        return 0
    return 1


def _gives_meeting_day(candidate: _Candidate, event: Event) -> bool:
    if event.start is None:
        return False
    end = event.end or event.start
    article = event.articles[candidate.article]
    return any(
        d.precision == "day" and event.start <= d.date <= end and d.sentence and d.sentence.strip() in candidate.text
        for d in article.meta.dates
    )


# --- Choosing a summariser ------------------------------------------------------

#: `summary.backend` -> "module:Class", imported only when chosen.
BACKENDS: Registry[Summariser] = Registry(
    "summary",
    {
        "extractive": "briefing.summarise:ExtractiveSummariser",
        "transformers": "briefing.backends.summarisers:NeuralSummariser",
        "ctranslate2": "briefing.backends.ct2:CT2Summariser",
    },
    fallback_note="falling back to the extractive summariser",
)


def load_summariser(
    cfg: SummaryConfig,
    runtime: RuntimeConfig,
    strict: bool = False,
    warn: Callable[[str], None] | None = None,
    glossary: Glossary | None = None,
) -> Summariser:
    """The summariser `cfg.backend` names, or the extractive one when its model cannot run here.

    A missing model, conversion or package logs a WARNING (also passed to
    `warn`, for the run report) and gives `ExtractiveSummariser(cfg)`; under
    `strict` it raises ModelError instead. An offline run never imports torch.
    `glossary` is the run's (the packaged one when None).
    """
    if cfg.backend == "extractive":
        return ExtractiveSummariser(cfg, glossary)
    return BACKENDS.load(
        cfg.backend,
        lambda cls: cls(cfg, runtime),
        lambda reason: ExtractiveSummariser(cfg, glossary),
        _models(cfg),
        strict=strict,
        warn=warn,
    )


class Dispatch:
    """Each article and event to a summariser that reads its language: the chosen one, else the extractive one.

    A neural model is English-only (`Summariser.languages`); given a Russian page
    it would return English-looking noise under its own name. Such a page is
    summarised extractively instead, its method saying why, after one WARNING
    per language and run (also passed to `warn`). An event reported in several
    languages is summarised block by block, as the extractive summariser does:
    the model writes the block of the languages it reads, from those pages
    alone; the other blocks are extractive, each sentence in its page's
    language; the versions of one fact are merged across all blocks
    (`_merge_languages`), and the method names the method of each block.
    """

    def __init__(
        self, summariser: Summariser, warn: Callable[[str], None] | None = None, glossary: Glossary | None = None
    ):
        self.summariser = summariser
        self.extractive = ExtractiveSummariser(summariser.cfg, glossary)
        self.warn = warn
        self.warned: set[str] = set()

    def article(self, article: Article) -> tuple[list[SummarySentence], str]:
        """The article's summary and the method that made it."""
        summary, method, _ = self.article_and_offer(article)
        return summary, method

    def article_and_offer(self, article: Article) -> tuple[list[SummarySentence], str, Offer | None]:
        """`article`, and the article's `Offer` to its event's summary, from one ranking of its sentences."""
        ranked = _rank_article(article)
        fallback = self._fallback([article.main_language])
        if isinstance(self.summariser, ExtractiveSummariser):
            return self.summariser.summarise_ranked(article, ranked), self.summariser.describe(), _offer(ranked)
        if fallback is None:
            return self.summariser.summarise_article(article), self.summariser.describe(), _offer(ranked)
        return self.extractive.summarise_ranked(article, ranked), fallback, _offer(ranked)

    def event(
        self, event: Event, offers: Mapping[str, Offer | None] | None = None
    ) -> tuple[list[SummarySentence], str]:
        """The event's merged summary and the method that made it (`offers`: see `summarise_event`)."""
        languages = [a.main_language for a in event.articles]
        fallback = self._fallback(languages)
        if isinstance(self.summariser, ExtractiveSummariser):
            return self.summariser.summarise_event(event, offers), self.summariser.describe()
        if fallback is None:
            return self.summariser.summarise_event(event), self.summariser.describe()
        readable = _supported(self.summariser, languages)
        if not readable:
            return self.extractive.summarise_event(event, offers), fallback
        neural = self.summariser.summarise_event(replace(event, articles=_in(event.articles, readable)))
        others = [code for code in languages if code not in readable]
        extractive, facts = self.extractive.event_blocks(event, others, offers)
        facts = [_generated_fact(s, event, self.extractive.glossary) for s in neural] + facts
        merged = _merge_languages([*neural, *extractive], facts)
        order = block_order(event, [s.language for s in merged])
        merged.sort(key=lambda s: order.index(s.language))  # stable: each block keeps its own order
        return merged, self.method(languages)

    def method(self, languages: Sequence[str]) -> str:
        """The method an event's summary has (also for one read from the cache), warning nothing."""
        other = _unsupported(self.summariser, languages)
        if not other:
            return self.summariser.describe()
        readable = _supported(self.summariser, languages)
        if not readable:
            return _fallback_method(self.summariser, other)
        return " | ".join(
            [
                f"{_language_names(readable)}: {self.summariser.describe()}",
                f"{_language_names(other)}: {_fallback_method(self.summariser, other)}",
            ]
        )

    def _fallback(self, languages: Sequence[str]) -> str | None:
        """The extractive method note when the summariser cannot read one of `languages`, else None."""
        other = _unsupported(self.summariser, languages)
        for code in other:
            if code not in self.warned:
                self.warned.add(code)
                message = (
                    f"summary model {self.summariser.label()} does not summarise {_language_name(code)}: "
                    f"{_language_name(code)} pages are summarised extractively"
                )
                log.warning("%s", message)
                if self.warn is not None:
                    self.warn(message)
        return _fallback_method(self.summariser, other) if other else None


def _supported(summariser: Summariser, languages: Sequence[str]) -> list[str]:
    """The languages among `languages` the summariser reads, in order of first appearance."""
    return [code for code in dict.fromkeys(languages) if summariser.supports(code)]


def _in(articles: Sequence[Article], languages: Sequence[str]) -> list[Article]:
    return [a for a in articles if a.main_language in languages]


def _generated_fact(sentence: SummarySentence, event: Event, glossary: Glossary) -> _Fact:
    """The `_Fact` of a sentence a model wrote: read as if it were a sentence of the first page it cites
    (whose dates, as written there, it may repeat)."""
    ids = [a.id for a in event.articles]
    origin = ids.index(sentence.sources[0]) if sentence.sources and sentence.sources[0] in ids else 0
    written = Sentence(sentence.text, 0, 0, sentence.language)
    return _fact(_Candidate(origin, written, sentence.text, sentence.language), event, glossary)


def _unsupported(summariser: Summariser, languages: Sequence[str]) -> list[str]:
    return sorted({code for code in languages if not summariser.supports(code)})


def _fallback_method(summariser: Summariser, languages: Sequence[str]) -> str:
    names = " or ".join(_language_name(code) for code in languages)
    return f"extractive ({summariser.label()} does not summarise {names})"


def _language_names(codes: Sequence[str]) -> str:
    return ", ".join(_language_name(code) for code in codes)


def _language_name(code: str) -> str:
    """English name of a page language ("Russian"), the code for one the language layer lacks."""
    return lang.get(code).name if code in lang.LANGUAGES else code


def _models(cfg: SummaryConfig) -> list[ModelField]:
    """The models a neural summariser loads, by config field."""
    models: list[ModelField] = [("summary.article_model", cfg.article_model)]
    if cfg.event_strategy == "model" and cfg.event_model is not None:
        models.append(("summary.event_model", cfg.event_model))
    return models


# --- What a language needs -----------------------------------------------------------


@dataclass(frozen=True)
class _Rules:
    """What eligibility and TF-IDF need to know about one language, all of it from `briefing.lang`."""

    code: str
    fold: Callable[[str], str]
    terminal: re.Pattern[str]  # sentence punctuation at the end, quotes or brackets after it allowed
    letters: re.Pattern[str] | None  # one letter of the alphabet; None for a language `briefing.lang` lacks
    stop_words: frozenset[str]
    not_terms: frozenset[str]  # stop words and weekday names: "on Friday" says when, not what
    furniture: tuple[str, ...]  # languages whose furniture phrases may appear in its pages

    def furniture_family(self, text: str) -> str | None:
        """The furniture family of `text` (a whole sentence), in this language or in English widgets."""
        languages = self.furniture
        if len(languages) > 1 and not _LATIN_LETTER.search(text):
            languages = languages[:1]  # English furniture needs Latin letters
        return lang.furniture_family(text, languages)


@functools.cache
def _rules(code: str) -> _Rules:
    """The rules for language `code`; a language `briefing.lang` lacks gets only what holds for every language."""
    try:
        language = lang.get(code)
    except lang.UnknownLanguage:
        terminals = "".join(sorted({t for known in lang.LANGUAGES for t in lang.get(known).sentence_terminals}))
        return _Rules(code, str.casefold, _terminal_re(terminals), None, frozenset(), frozenset(), ("en",))
    stop_words = frozenset(w for w in language.stop_words if len(w) <= STOP_WORD_MAX_LETTERS)
    return _Rules(
        code=language.code,
        fold=language.fold,
        terminal=_terminal_re(language.sentence_terminals),
        letters=re.compile(language.letters),
        stop_words=stop_words,
        not_terms=stop_words | frozenset(language.weekdays),
        furniture=tuple(dict.fromkeys((language.code, "en"))),
    )


def _terminal_re(terminals: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(terminals)}][{re.escape(_CLOSERS)}]*\\s*$")


# --- Eligibility -----------------------------------------------------------------


def summary_text(sentence: Sentence, language: str) -> str | None:
    """`sentence` in `language`: its own text when written in it, its English translation for English, else None."""
    if sentence.language == language:
        return sentence.text
    if language == "en":
        return sentence.english or None
    return None


def ineligibility(sentence: Sentence, language: str | None = None) -> str | None:
    """Why `sentence` may not appear in a summary in `language` (default: its own), or None when it may.

    The rule, checked on the text in that language (`summary_text`), with that
    language's terminals, alphabet, stop words and furniture phrases:
    - a sentence in another language needs a translation ("untranslated");
    - MIN_WORDS..MAX_WORDS words ("too-short", "too-long");
    - written in the language's alphabet ("other-script");
    - ends with sentence punctuation, optionally inside quotes or brackets; a
      heading or caption does not ("no-terminal-punctuation");
    - not a piece of a longer quotation: its quotation marks pair up
      ("part-of-quotation");
    - not shouting ("all-caps");
    - not mostly links, handles or e-mail addresses ("links");
    - not a date or byline line ("date-line"), nor page furniture phrased as
      a sentence ("boilerplate": copyright, cookies, share, subscribe, comment
      forms, "read also"), by the language layer's furniture families;
    - shaped like prose, not a list of names or a title-cased heading: at
      least MIN_LOWERCASE_WORDS words not starting with a capital, one of them
      not a stop word ("names-or-heading").
    Duplicated captions need the article: see `eligible_sentences`.
    """
    code = language or sentence.language
    text = summary_text(sentence, code)
    if text is None:
        return "untranslated"
    return _text_problem(text.strip(), _rules(code))


def eligible(sentence: Sentence, language: str | None = None) -> bool:
    """Can this sentence appear in a summary in `language` (default: its own)? See `ineligibility` for the rule."""
    return ineligibility(sentence, language) is None


def eligible_sentences(article: Article) -> list[Sentence]:
    """The article's sentences that may appear in its summary, in the article's language, in order.

    Besides `eligible`, a sentence that occurs twice verbatim in the article is
    excluded: pages repeat photo captions and pull quotes, never news prose.
    """
    rules = _rules(article.language)
    return [c.sentence for c in _candidates(article) if rules.furniture_family(c.text) is None]


def _text_problem(text: str, rules: _Rules, furniture: bool = True) -> str | None:
    """`ineligibility` of a stripped text; without `furniture`, every check but the furniture families.

    Those cost more than all the others together (a dozen whole-line regexes
    per language), so ranking leaves them to the sentences it is about to choose.
    """
    words = text.split()
    if len(words) < MIN_WORDS:
        return "too-short"
    if len(words) > MAX_WORDS:
        return "too-long"
    runs = [r for r in _ALPHA_RUN.findall(text) if len(r) > 1]  # words of two letters or more
    if rules.letters is not None and _foreign_letter_share(runs, rules.letters) > MAX_FOREIGN_LETTER_SHARE:
        return "other-script"
    if not rules.terminal.search(text):
        return "no-terminal-punctuation"
    if _cut_quotation(text):
        return "part-of-quotation"
    if sum(r.isupper() for r in runs) > MAX_UPPERCASE_SHARE * len(runs):
        return "all-caps"
    if any(mark in text for mark in _LINK_MARKS) and _link_share(words) > MAX_LINK_SHARE:
        return "links"
    if furniture and (family := rules.furniture_family(text)) is not None:
        return "date-line" if family == "dateline" else "boilerplate"
    uncapitalised = [r for r in runs if not r[0].isupper()]  # caseless scripts count as uncapitalised
    if len(uncapitalised) < MIN_LOWERCASE_WORDS or rules.stop_words.issuperset(
        rules.fold(" ".join(uncapitalised)).split()
    ):
        return "names-or-heading"
    return None


def _candidates(article: Article) -> list[_Candidate]:
    """The article's sentences that pass every eligibility check but the furniture families, in order
    (each with index 0: an event summary gives it the article's place in the event)."""
    code = article.main_language
    rules = _rules(code)
    counts = Counter(_normalise(s.text) for s in article.sentences)
    kept = []
    for sentence in article.sentences:
        text = summary_text(sentence, code)
        if counts[_normalise(sentence.text)] > 1:
            reason: str | None = "duplicated"
        elif text is None:
            reason = "untranslated"
        else:
            text = text.strip()
            reason = _text_problem(text, rules, furniture=False)
        if reason is None and text is not None:
            kept.append(_Candidate(0, sentence, text, code))
        else:
            log.debug("%s: sentence %d not summarisable (%s)", article.id, sentence.index, reason)
    return kept


# --- Citation ----------------------------------------------------------------------


def cite(sentences: list[str], event: Event, language: str = "en") -> list[SummarySentence]:
    """Attach sources to summary sentences written in `language` about `event` (a neural summary's, in English).

    For each sentence, the origin is the first article (in event order) that
    contains it verbatim (as written or in the English made of it), else the
    article with the most similar sentence. `sources` is the origin, then every
    other article, in event order, with a sentence whose TF-IDF cosine with it
    is at least CITE_SIMILARITY. A sentence that no article supports at that
    level (and contains verbatim) gets `sources == []`: an honest "unsupported",
    for a generated sentence.
    """
    verbatim: dict[str, str] = {}
    for article in event.articles:
        for sentence in article.sentences:
            for text in (sentence.text, sentence.english):
                if text:
                    verbatim.setdefault(_normalise(text), article.id)
    origins = [verbatim.get(_normalise(s)) for s in sentences]
    sources = _sources([_terms(s, language) for s in sentences], origins, event)
    return [SummarySentence(s, cited, language=language) for s, cited in zip(sentences, sources)]


def _sources(queries: Sequence[list[str]], origins: Sequence[str | None], event: Event) -> list[list[str]]:
    """The sources of each summary sentence (given as its terms), its origin known or None (take the best-supporting article)."""
    corpus: list[list[str]] = []
    owner: list[int] = []
    for a, article in enumerate(event.articles):
        for sentence in article.sentences:
            corpus.append(_comparable_terms(sentence))
            owner.append(a)
    if not queries:
        return []
    if not corpus:
        return [[o] if o else [] for o in origins]
    similarity = _query_similarity(list(queries), corpus)
    best = np.zeros((len(queries), len(event.articles)))
    np.maximum.at(best.T, np.array(owner), similarity.T)  # best[q, a] = max over a's sentences
    ids = [article.id for article in event.articles]
    result = []
    for q, origin in enumerate(origins):
        if origin is None and best[q].max() >= CITE_SIMILARITY:
            origin = ids[int(np.argmax(best[q]))]  # argmax: first article on ties
        supporting = [ids[a] for a in range(len(ids)) if best[q, a] >= CITE_SIMILARITY and ids[a] != origin]
        result.append(([origin] if origin else []) + supporting)
    return result


# --- Ranking -----------------------------------------------------------------------


@dataclass
class _Candidate:
    """A sentence that may enter a summary, in its article's language."""

    article: int  # index in the event (0 for an article summary)
    sentence: Sentence
    text: str  # as the summary shows it
    language: str
    comparable_terms: list[str] = field(default_factory=list)  # for comparing with other pages: see `_comparable_terms`


@dataclass
class _Ranked:
    candidates: list[_Candidate]  # the article's eligible, on-topic sentences, in order
    scores: np.ndarray  # centrality, max 1
    similarity: np.ndarray  # cosine, n x n


@dataclass(frozen=True)
class Offer:
    """An article's part in its event's summary: its most central eligible sentences (at most
    EVENT_CANDIDATES_PER_ARTICLE, in the article's order) with their centrality.

    It depends on the article alone, so it is made beside the article's own summary, from the
    same ranking, wherever the page was analysed; an event summary only reads it.
    """

    candidates: tuple[_Candidate, ...]
    scores: tuple[float, ...]


def _offer(ranked: _Ranked | None) -> Offer | None:
    if ranked is None:
        return None
    top = _most_central(ranked.scores, EVENT_CANDIDATES_PER_ARTICLE)
    return Offer(tuple(ranked.candidates[i] for i in top), tuple(float(ranked.scores[i]) for i in top))


def _most_central(scores: Sequence[float] | np.ndarray, k: int) -> list[int]:
    """The indices of the `k` highest scores (ties: the earlier first), in index order."""
    return sorted(np.argsort(-np.asarray(scores), kind="stable")[:k])


def _summary_sentence(candidate: _Candidate, sources: list[str]) -> SummarySentence:
    """A summary sentence in its page's language; the English the translator made of it before summarising comes along."""
    english = candidate.sentence.english
    translations = {"en": english} if english and candidate.language != "en" else {}
    return SummarySentence(candidate.text, sources, translations, language=candidate.language)


def _rank_article(article: Article) -> _Ranked | None:
    """Centrality of the article's candidate sentences, teasers dropped; None when there is none."""
    candidates = _candidates(article)
    if not candidates:
        return None
    matrix = _tfidf([_terms(c.text, c.language) for c in candidates])
    similarity = matrix @ matrix.T
    if len(candidates) >= OFFTOPIC_MIN_SENTENCES:
        others = similarity - np.eye(len(candidates))
        on_topic = others.max(axis=1) >= OFFTOPIC_MAX_SIMILARITY
        if on_topic.any() and not on_topic.all():
            for i in np.flatnonzero(~on_topic):
                log.debug("%s: off-topic sentence dropped: %.60s", article.id, candidates[i].text)
            keep = np.flatnonzero(on_topic)
            candidates = [candidates[i] for i in keep]
            similarity = similarity[np.ix_(keep, keep)]
    return _Ranked(candidates, _lexrank(similarity), similarity)


def _event_candidates(
    articles: Sequence[Article], offers: Mapping[str, Offer | None] | None = None
) -> list[_Candidate]:
    """Each article's most central sentences, in event then article order, with their `comparable_terms`.

    Each article offers up to EVENT_CANDIDATES_PER_ARTICLE sentences, fewer
    (at least one) when the event has so many articles that the total would
    pass EVENT_MAX_CANDIDATES; beyond that, only the EVENT_MAX_CANDIDATES
    most central within their articles are kept (ties: event order). So the
    event's similarity matrix never exceeds that size. An article's offer is
    read from `offers` (by article id) when there, else made here.
    """
    if not articles:
        return []
    quota = max(1, min(EVENT_CANDIDATES_PER_ARTICLE, EVENT_MAX_CANDIDATES // len(articles)))
    scored: list[tuple[float, _Candidate]] = []
    for a, article in enumerate(articles):
        offer = offers[article.id] if offers is not None and article.id in offers else _offer(_rank_article(article))
        if offer is None:
            continue
        top = _most_central(offer.scores, quota)  # the quota never passes the offer's size
        scored.extend((offer.scores[i], replace(offer.candidates[i], article=a)) for i in top)
    if len(scored) > EVENT_MAX_CANDIDATES:
        keep = sorted(range(len(scored)), key=lambda j: -scored[j][0])[:EVENT_MAX_CANDIDATES]
        scored = [scored[j] for j in sorted(keep)]
    candidates = [candidate for _, candidate in scored]
    for candidate in candidates:
        # Here, for the few kept, not with the offer: every offer's terms, held until the event summaries
        # are made, raised the driver's peak by 110-120 MiB at 10,000 pages (measured).
        candidate.comparable_terms = _comparable_terms(candidate.sentence)
    return candidates


def _lexrank(similarity: np.ndarray) -> np.ndarray:
    """LexRank (continuous) centrality of a cosine-similarity graph, scaled so the maximum is 1."""
    n = similarity.shape[0]
    if n == 1:
        return np.ones(1)
    graph = similarity.copy()
    np.fill_diagonal(graph, 0.0)
    sums = graph.sum(axis=1, keepdims=True)
    transition = np.where(sums > 0, graph / np.where(sums > 0, sums, 1.0), 1.0 / n)
    rank = np.full(n, 1.0 / n)
    for _ in range(POWER_ITERATIONS):
        updated = (1 - DAMPING) / n + DAMPING * (transition.T @ rank)
        if np.abs(updated - rank).sum() < POWER_TOLERANCE:
            rank = updated
            break
        rank = updated
    return rank / rank.max()


def _mmr(
    scores: np.ndarray, similarity: np.ndarray, k: int, lam: float, accept: Callable[[int], bool] = lambda i: True
) -> list[int]:
    """Indices picked by maximal marginal relevance, in pick order.

    Each step takes the sentence maximising lam * score - (1 - lam) * (its
    highest similarity to those already picked); sentences at or above
    DUPLICATE_SIMILARITY to a picked one are out, and so is a pick that
    `accept` refuses. Ties go to the earlier index.
    """
    n = len(scores)
    chosen: list[int] = []
    redundancy = np.zeros(n)
    available = np.ones(n, dtype=bool)
    while len(chosen) < min(k, n) and available.any():
        value = np.where(available, lam * scores - (1 - lam) * redundancy, -np.inf)
        pick = int(np.argmax(value))
        available[pick] = False
        if not accept(pick):
            continue
        chosen.append(pick)
        redundancy = np.maximum(redundancy, similarity[pick])
        available &= similarity[pick] < DUPLICATE_SIMILARITY
    return chosen


def _not_furniture(candidates: Sequence[_Candidate]) -> Callable[[int], bool]:
    """Whether candidate i is no furniture, the last eligibility check (see `_text_problem`), asked only of a pick."""

    def accept(i: int) -> bool:
        candidate = candidates[i]
        family = _rules(candidate.language).furniture_family(candidate.text)
        if family is not None:
            log.debug("sentence not summarisable (%s furniture): %.60s", family, candidate.text)
        return family is None

    return accept


# --- Text vectors ------------------------------------------------------------------


def _terms(text: str, language: str) -> list[str]:
    """Index terms of `text` in `language`: words folded by its case rules, its stop words and weekday names
    dropped, each cut to its first TERM_PREFIX letters."""
    rules = _rules(language)
    return [w[:TERM_PREFIX] for w in _WORD.findall(rules.fold(text)) if len(w) > 1 and w not in rules.not_terms]


def _comparable_terms(sentence: Sentence) -> list[str]:
    """The terms that compare `sentence` with other pages' sentences: of its English translation when the
    translator made one (so pages in different languages meet), else of the sentence as written."""
    if sentence.english:
        return _terms(sentence.english, "en")
    return _terms(sentence.text, sentence.language)


def _tfidf(docs: list[list[str]]) -> np.ndarray:
    """L2-normalised TF-IDF rows, dense: documents x vocabulary. For small sets (one article, event candidates)."""
    vocab: dict[str, int] = {}
    for doc in docs:
        for term in doc:
            vocab.setdefault(term, len(vocab))
    matrix = np.zeros((len(docs), max(len(vocab), 1)))
    for row, doc in enumerate(docs):
        for term, count in Counter(doc).items():
            matrix[row, vocab[term]] = 1.0 + math.log(count)
    df = (matrix > 0).sum(axis=0)
    matrix *= _idf(df, len(docs))
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)


def _query_similarity(queries: list[list[str]], corpus: list[list[str]]) -> np.ndarray:
    """TF-IDF cosine of each query with each corpus document (queries x corpus).

    IDF comes from the corpus alone. Only the queries' terms get columns, so the
    cost is linear in the corpus size however large its vocabulary; each corpus
    row is still normalised by its full vector.
    """
    df: Counter[str] = Counter()
    for doc in corpus:
        df.update(set(doc))
    columns = {term: i for i, term in enumerate(dict.fromkeys(t for q in queries for t in q))}
    n = len(corpus)
    unseen = math.log(1 + n) + 1.0  # idf of a term no corpus document has
    idf = {term: math.log((1 + n) / (1 + count)) + 1.0 for term, count in df.items()}

    def rows(docs: list[list[str]]) -> np.ndarray:
        matrix = np.zeros((len(docs), max(len(columns), 1)))
        for row, doc in enumerate(docs):
            weights = {t: (1.0 + math.log(c)) * idf.get(t, unseen) for t, c in Counter(doc).items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for term, weight in weights.items():
                if term in columns:
                    matrix[row, columns[term]] = weight / norm
        return matrix

    return rows(queries) @ rows(corpus).T


def _idf(df: np.ndarray, n: int) -> np.ndarray:
    """Smoothed inverse document frequency: ln((1 + n) / (1 + df)) + 1."""
    return np.log((1 + n) / (1 + df)) + 1.0


def _normalise(text: str) -> str:
    return " ".join(text.casefold().split())


def _foreign_letter_share(runs: list[str], letters: re.Pattern[str]) -> float:
    """Share of the letters in `runs` outside the alphabet `letters` matches."""
    text = "".join(runs)
    if not text:
        return 0.0
    return 1 - len(letters.findall(text)) / len(text)


def _link_share(words: list[str]) -> float:
    links = sum(bool(_LINKISH.search(w.strip(".,;:!?()[]\"'”“’‘«»"))) for w in words)
    return links / max(len(words), 1)
