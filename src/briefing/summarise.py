"""Stage 7: summaries of articles and events, with citations.

The offline default, `ExtractiveSummariser`, downloads nothing. It picks whole
sentences, in English, from the articles:

1. Eligibility (`eligible`): only real sentences of running text may appear in
   a summary; headings, captions, teasers, date lines, share buttons and other
   page furniture never do, and neither does a foreign sentence without an
   English translation (with one, the English is used).
2. Centrality: sentences become TF-IDF vectors (sublinear term frequency,
   smoothed IDF, English stop words removed, a light plural folding); their
   cosine similarities form a graph, ranked by LexRank-style power iteration.
3. Selection: maximal marginal relevance (MMR) with `SummaryConfig.mmr_lambda`
   trades centrality against redundancy; a near-duplicate of a sentence
   already chosen is never chosen.
4. Order: an article summary keeps the article's order; an event summary is in
   order of selection, most central first (what the outlets agree on leads).
5. Citation (`cite`): each event-summary sentence names its source article
   first, then every other article that has a sentence similar enough to it.

Another summariser (a neural one, in `briefing.backends`) implements the same
`Summariser` interface (`briefing.interfaces`) and can reuse `cite` and
`eligible`; `load_summariser` chooses one by `summary.backend`.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .backends.registry import ModelField, Registry
from .config import RuntimeConfig, SummaryConfig
from .document import Article, Event, Sentence, SummarySentence
from .interfaces import Summariser

log = logging.getLogger(__name__)

# --- Eligibility thresholds -------------------------------------------------
# Chosen by reading the sample pages and a handful of pages from other outlets
# (wire copy, ministry press releases, aggregator pages): real sentences of
# news prose were all >= 6 words; menus, bylines, datelines and headings fell
# below. 120 words keeps long quoted statements but rejects lists and menus
# that segmentation glued into one "sentence".
MIN_WORDS = 6
MAX_WORDS = 120
#: Running prose has lowercase words, verbs among them; a list of names or tags
#: has few, and a title-cased heading has none but function words ("of", "and").
#: A summary sentence needs at least this many lowercase words, one of them not
#: a stop word. The name-heaviest real sentences ("Azerbaijani Foreign Minister
#: Jeyhun Bayramov and Armenian Foreign Minister Ararat Mirzoyan met in
#: Washington on November 7.") have 4, one a verb.
MIN_LOWERCASE_WORDS = 3
#: Share of words (two letters or more) in capitals above which a sentence is
#: shouting (a banner, a menu); acronyms in real sentences stay far below.
MAX_UPPERCASE_SHARE = 0.6
#: Share of tokens that are links, @handles, #tags or e-mail addresses.
MAX_LINK_SHARE = 0.2
#: Share of letters outside the Latin script in an "English" sentence; higher
#: means the language was misjudged or the translation failed.
MAX_NON_LATIN_SHARE = 0.2
#: A date line ("Published: Monday, 7 November 2022, 14:05 | Updated ...") keeps
#: fewer than this many words once dates, times and byline words are removed.
MIN_NON_DATE_WORDS = 4

# --- Ranking and selection --------------------------------------------------
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
#: nearly all (675 of 714) under 0.2.
CITE_SIMILARITY = 0.33

_STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here
    hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other
    our ours out over own same she should so some such than that the their theirs them then there these they this
    those through to too under until up very was we were what when where which while who whom why will with would
    you your said says say told also would could its it's per via
    monday tuesday wednesday thursday friday saturday sunday""".split()
)  # weekday names too: "on Friday" says when, not what, and would tie a teaser to its page
_TOKEN = re.compile(r"\w+")
_TERMINAL = re.compile(r"[.!?…。][\"'”’»)\]]*\s*$")
_LINK_MARKS = ("@", "#", "http", "www.", ".")  # a link-like token has one of these; a cheap pre-check
_LINKISH = re.compile(r"^(?:https?://|www\.)|^[@#]\w|^\S+@\S+\.\w+$|\.(?:com|org|net|az|am|ru|ge)(?:/\S*)?$", re.I)
_ALPHA_RUN = re.compile(r"[^\W\d_]+")
_MONTHS_WEEKDAYS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun"
)
_DATE_WORDS = frozenset(
    (_MONTHS_WEEKDAYS + " published updated posted modified last am pm gmt utc at on by of the and st nd rd th").split()
)
#: Page furniture that is phrased as a sentence. General web boilerplate, not any one site's wording.
_BOILERPLATE = re.compile(
    r"©|\ball rights reserved\b|\bcopyright\b|\bcookies?\b|\bsubscribe\b|\bnewsletter\b|\bsign (?:up|in)\b|\blog ?in\b"
    r"|\bclick here\b|\bread (?:more|also)\b|\bfollow us\b|\bshare (?:this|it|on)\b|\bleave a (?:reply|comment)\b"
    r"|\bemail address will not be published\b|\brequired fields\b|\badvertisement\b|\bjavascript\b"
    r"|\b(?:use|reproduction|reprint(?:ing)?) of (?:the )?(?:materials?|content)\b|\bhyperlink\b"
    r"|\bterms of (?:use|service)\b|\bprivacy policy\b|\bdownload (?:the|our) app\b",
    re.I,
)
#: Words that start a _BOILERPLATE phrase: the regex runs only on sentences that contain one.
_BOILERPLATE_TRIGGERS = frozenset(
    "all copyright cookie cookies subscribe newsletter sign log login click read follow share leave email "
    "required advertisement javascript use reproduction reprint reprinting hyperlink terms privacy download".split()
)


# --- The offline summariser ------------------------------------------------------


class ExtractiveSummariser(Summariser):
    """Offline extractive summaries: LexRank centrality, then MMR selection."""

    name = "extractive"

    def __init__(self, cfg: SummaryConfig | None = None):
        self.cfg = cfg or SummaryConfig()

    def describe(self) -> str:
        return f"extractive (LexRank TF-IDF centrality + MMR, lambda={self.cfg.mmr_lambda:g})"

    def summarise_article(self, article: Article) -> list[SummarySentence]:
        """Up to `cfg.article_sentences` sentences, in the article's order."""
        ranked = _rank_article(article)
        if ranked is None:
            log.info("%s: no sentence eligible for a summary", article.id)
            return []
        chosen = _mmr(ranked.scores, ranked.similarity, self.cfg.article_sentences, self.cfg.mmr_lambda)
        return [SummarySentence(ranked.texts[i], [article.id]) for i in sorted(chosen)]

    def summarise_event(self, event: Event) -> list[SummarySentence]:
        """Up to `cfg.event_sentences` sentences from all the event's articles, most central first.

        Candidates are each article's most central eligible sentences (see
        EVENT_CANDIDATES_PER_ARTICLE); near-duplicates across outlets collapse
        into one sentence that cites every outlet.
        """
        candidates = _event_candidates(event.articles)
        if not candidates:
            log.info("event %s: no sentence eligible for a summary", event.slug)
            return []
        texts = [c.text for c in candidates]
        matrix = _tfidf([_terms(t) for t in texts])
        similarity = matrix @ matrix.T
        owners = np.array([c.article for c in candidates])
        weights = np.where(owners[:, None] == owners[None, :], SAME_ARTICLE_WEIGHT, 1.0)
        scores = _lexrank(similarity * weights)
        chosen = _mmr(scores, similarity, self.cfg.event_sentences, self.cfg.mmr_lambda)
        origins = [event.articles[candidates[i].article].id for i in chosen]
        return _cite_with_origins([texts[i] for i in chosen], origins, event)


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
    cfg: SummaryConfig, runtime: RuntimeConfig, strict: bool = False, warn: Callable[[str], None] | None = None
) -> Summariser:
    """The summariser `cfg.backend` names, or the extractive one when its model cannot run here.

    A missing model, conversion or package logs a WARNING (also passed to
    `warn`, for the run report) and gives `ExtractiveSummariser(cfg)`; under
    `strict` it raises ModelError instead. An offline run never imports torch.
    """
    if cfg.backend == "extractive":
        return ExtractiveSummariser(cfg)
    return BACKENDS.load(
        cfg.backend,
        lambda cls: cls(cfg, runtime),
        lambda reason: ExtractiveSummariser(cfg),
        _models(cfg),
        strict=strict,
        warn=warn,
    )


def _models(cfg: SummaryConfig) -> list[ModelField]:
    """The models a neural summariser loads, by config field."""
    models: list[ModelField] = [("summary.article_model", cfg.article_model)]
    if cfg.event_strategy == "model" and cfg.event_model is not None:
        models.append(("summary.event_model", cfg.event_model))
    return models


# --- Eligibility -----------------------------------------------------------------


def summary_text(sentence: Sentence) -> str | None:
    """The English text a summary would use for `sentence`: its text when English, else its translation, else None."""
    if sentence.language == "en":
        return sentence.text
    return sentence.english or None


def ineligibility(sentence: Sentence) -> str | None:
    """Why `sentence` may not appear in a summary, or None when it may.

    The rule, checked on the English text (`summary_text`):
    - a foreign sentence needs an English translation ("untranslated");
    - MIN_WORDS..MAX_WORDS words ("too-short", "too-long");
    - written in Latin script ("non-latin");
    - ends with sentence punctuation, optionally inside quotes or brackets; a
      heading or caption does not ("no-terminal-punctuation");
    - not shouting ("all-caps"), not page furniture phrased as a sentence
      ("boilerplate": copyright, cookies, share, subscribe, comment forms);
    - not mostly links, handles or e-mail addresses ("links");
    - not a date or byline line ("date-line");
    - shaped like prose, not a list of names or a title-cased heading: at
      least MIN_LOWERCASE_WORDS lowercase words, one of them not a stop word
      ("names-or-heading").
    Duplicated captions need the article: see `eligible_sentences`.
    """
    text = summary_text(sentence)
    if text is None:
        return "untranslated"
    text = text.strip()
    words = text.split()
    if len(words) < MIN_WORDS:
        return "too-short"
    if len(words) > MAX_WORDS:
        return "too-long"
    runs = [r for r in _ALPHA_RUN.findall(text) if len(r) > 1]  # words of two letters or more
    if not text.isascii() and _non_latin_share(runs) > MAX_NON_LATIN_SHARE:
        return "non-latin"
    if not _TERMINAL.search(text):
        return "no-terminal-punctuation"
    if sum(r.isupper() for r in runs) > MAX_UPPERCASE_SHARE * len(runs):
        return "all-caps"
    lowered = {r.casefold() for r in runs}
    if ("©" in text or not lowered.isdisjoint(_BOILERPLATE_TRIGGERS)) and _BOILERPLATE.search(text):
        return "boilerplate"
    if any(mark in text for mark in _LINK_MARKS) and _link_share(words) > MAX_LINK_SHARE:
        return "links"
    if sum(r.casefold() not in _DATE_WORDS for r in runs) < MIN_NON_DATE_WORDS:
        return "date-line"
    lowercase = [r for r in runs if r[0].islower()]
    if len(lowercase) < MIN_LOWERCASE_WORDS or all(r in _STOP_WORDS for r in lowercase):
        return "names-or-heading"
    return None


def eligible(sentence: Sentence) -> bool:
    """Can this sentence appear in a summary? See `ineligibility` for the rule."""
    return ineligibility(sentence) is None


def eligible_sentences(article: Article) -> list[Sentence]:
    """The article's sentences that may appear in a summary, in order.

    Besides `eligible`, a sentence that occurs twice verbatim in the article is
    excluded: pages repeat photo captions and pull quotes, never news prose.
    """
    counts = Counter(_normalise(s.text) for s in article.sentences)
    kept = []
    for sentence in article.sentences:
        reason = "duplicated" if counts[_normalise(sentence.text)] > 1 else ineligibility(sentence)
        if reason is None:
            kept.append(sentence)
        else:
            log.debug("%s: sentence %d not summarisable (%s)", article.id, sentence.index, reason)
    return kept


# --- Citation ----------------------------------------------------------------------


def cite(sentences: list[str], event: Event) -> list[SummarySentence]:
    """Attach sources to summary sentences (English) written about `event`.

    For each sentence, the origin is the first article (in event order) that
    contains it verbatim, else the article with the most similar sentence.
    `sources` is the origin, then every other article, in event order, with a
    sentence whose TF-IDF cosine with it is at least CITE_SIMILARITY. A
    sentence that no article supports at that level (and contains verbatim)
    gets `sources == []`: an honest "unsupported", for a generated sentence.
    """
    verbatim: dict[str, str] = {}
    for article in event.articles:
        for sentence in article.sentences:
            text = summary_text(sentence)
            if text is not None:
                verbatim.setdefault(_normalise(text), article.id)
    origins = [verbatim.get(_normalise(s)) for s in sentences]
    return _cite_with_origins(sentences, origins, event)


def _cite_with_origins(sentences: Sequence[str], origins: Sequence[str | None], event: Event) -> list[SummarySentence]:
    """`cite`, with the origin of each sentence known (or None: take the best-supporting article)."""
    corpus: list[str] = []
    owner: list[int] = []
    for a, article in enumerate(event.articles):
        for sentence in article.sentences:
            text = summary_text(sentence)
            if text is not None:
                corpus.append(text)
                owner.append(a)
    if not sentences:
        return []
    if not corpus:
        return [SummarySentence(s, [o] if o else []) for s, o in zip(sentences, origins)]
    similarity = _query_similarity([_terms(s) for s in sentences], [_terms(t) for t in corpus])
    best = np.zeros((len(sentences), len(event.articles)))
    np.maximum.at(best.T, np.array(owner), similarity.T)  # best[q, a] = max over a's sentences
    ids = [article.id for article in event.articles]
    result = []
    for q, (text, origin) in enumerate(zip(sentences, origins)):
        if origin is None and best[q].max() >= CITE_SIMILARITY:
            origin = ids[int(np.argmax(best[q]))]  # argmax: first article on ties
        supporting = [ids[a] for a in range(len(ids)) if best[q, a] >= CITE_SIMILARITY and ids[a] != origin]
        result.append(SummarySentence(text, ([origin] if origin else []) + supporting))
    return result


# --- Ranking -----------------------------------------------------------------------


@dataclass
class _Ranked:
    texts: list[str]  # English texts of the article's eligible, on-topic sentences, in order
    scores: np.ndarray  # centrality, max 1
    similarity: np.ndarray  # cosine, n x n


@dataclass
class _Candidate:
    article: int  # index in the event
    position: int  # order within the article's eligible sentences
    text: str


def _rank_article(article: Article) -> _Ranked | None:
    """Centrality of the article's eligible sentences, teasers dropped; None when none is eligible."""
    texts = [t.strip() for s in eligible_sentences(article) if (t := summary_text(s)) is not None]
    if not texts:
        return None
    matrix = _tfidf([_terms(t) for t in texts])
    similarity = matrix @ matrix.T
    if len(texts) >= OFFTOPIC_MIN_SENTENCES:
        others = similarity - np.eye(len(texts))
        on_topic = others.max(axis=1) >= OFFTOPIC_MAX_SIMILARITY
        if on_topic.any() and not on_topic.all():
            for i in np.flatnonzero(~on_topic):
                log.debug("%s: off-topic sentence dropped: %.60s", article.id, texts[i])
            keep = np.flatnonzero(on_topic)
            texts = [texts[i] for i in keep]
            similarity = similarity[np.ix_(keep, keep)]
    return _Ranked(texts, _lexrank(similarity), similarity)


def _event_candidates(articles: Sequence[Article]) -> list[_Candidate]:
    """Each article's most central sentences, in event then article order.

    Each article offers up to EVENT_CANDIDATES_PER_ARTICLE sentences, fewer
    (at least one) when the event has so many articles that the total would
    pass EVENT_MAX_CANDIDATES; beyond that, only the EVENT_MAX_CANDIDATES
    most central within their articles are kept (ties: event order). So the
    event's similarity matrix never exceeds that size.
    """
    if not articles:
        return []
    quota = max(1, min(EVENT_CANDIDATES_PER_ARTICLE, EVENT_MAX_CANDIDATES // len(articles)))
    scored: list[tuple[float, _Candidate]] = []
    for a, article in enumerate(articles):
        ranked = _rank_article(article)
        if ranked is None:
            continue
        top = np.argsort(-ranked.scores, kind="stable")[:quota]
        scored.extend((float(ranked.scores[i]), _Candidate(a, int(i), ranked.texts[i])) for i in sorted(top))
    if len(scored) > EVENT_MAX_CANDIDATES:
        keep = sorted(range(len(scored)), key=lambda j: -scored[j][0])[:EVENT_MAX_CANDIDATES]
        scored = [scored[j] for j in sorted(keep)]
    return [candidate for _, candidate in scored]


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


def _mmr(scores: np.ndarray, similarity: np.ndarray, k: int, lam: float) -> list[int]:
    """Indices picked by maximal marginal relevance, in pick order.

    Each step takes the sentence maximising lam * score - (1 - lam) * (its
    highest similarity to those already picked); sentences at or above
    DUPLICATE_SIMILARITY to a picked one are out. Ties go to the earlier index.
    """
    n = len(scores)
    chosen: list[int] = []
    redundancy = np.zeros(n)
    available = np.ones(n, dtype=bool)
    while len(chosen) < min(k, n) and available.any():
        value = np.where(available, lam * scores - (1 - lam) * redundancy, -np.inf)
        pick = int(np.argmax(value))
        chosen.append(pick)
        redundancy = np.maximum(redundancy, similarity[pick])
        available &= similarity[pick] < DUPLICATE_SIMILARITY
        available[pick] = False
    return chosen


# --- Text vectors ------------------------------------------------------------------


def _terms(text: str) -> list[str]:
    """Content words of `text`, lowercased, stop words dropped, plurals folded ("talks" -> "talk")."""
    terms = []
    for word in _TOKEN.findall(text.casefold()):
        if len(word) < 2 or word in _STOP_WORDS:
            continue
        if len(word) > 4 and word.endswith("ies"):
            word = word[:-3] + "y"
        elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        terms.append(word)
    return terms


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


def _is_latin(ch: str) -> bool:
    return ch < "\u0250" or "\u1e00" <= ch <= "\u1eff"


def _non_latin_share(runs: list[str]) -> float:
    letters = "".join(runs)
    return sum(not _is_latin(ch) for ch in letters) / max(len(letters), 1)


def _link_share(words: list[str]) -> float:
    links = sum(bool(_LINKISH.search(w.strip(".,;:!?()[]\"'”“’‘«»"))) for w in words)
    return links / max(len(words), 1)
