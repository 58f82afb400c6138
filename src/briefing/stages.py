"""The per-page plan: one pure function of a page plus what the run shares.

    read       path                 -> Page, and its repeat candidates   (`briefing.ingest`, `clean.repeat_candidates`)
    clean      Page + site lines    -> Article.lines                      (`briefing.clean`)
    langid     Article.lines        -> Article.language, .fragments, .lines (interface-only lines dropped, as copies)
    segment    lines, language      -> Article.sentences                  (`briefing.segment`)
    metadata   Article              -> Article.meta                       (`briefing.metadata`)
    quotes     fragments, sentences -> Fragment.translation, Sentence.english (copies)
    summarise  Article              -> Article.summary, .summary_method   (`briefing.summarise`),
                                       and its `Offer` to its event's summary (same ranking)
    translate  Article.summary      -> SummarySentence.translations       (`briefing.translate`)
    prepare    Article              -> `Prepared`: its grouping `Features` (`briefing.events`)
                                       and its offer, so the cross-page steps only read them

As in spaCy's components, each stage takes an Article and returns a new one with its
own fields filled and the rest left as they were (`dataclasses.replace`); as in the
transformers pipelines, the heavy objects are built once, outside the per-item call:
a `PageWorker` holds the language identifier and the models, and is built once per
process or Ray actor from a `RunContext` (the config, the glossary) it is sent once.

What the run shares besides the context, the lines each site repeats, is counted once
by the caller (`briefing.pipeline`) from each page's `ReadResult.candidates`. The
stages' results come back as small records (`ReadResult`, `PageResult`) with their
timings, run-level warnings and cache key, so nothing is collected on the side.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import clean, events, ingest, langid, metadata, segment, translate
from .config import Config
from .document import Article, Fragment, Page, Sentence, printable
from .errors import BriefingError, InputError
from .glossary import Glossary
from .translate import CachedTranslator, Translator, cached, load_translator

if TYPE_CHECKING:
    from .cache import Cache
    from .summarise import Dispatch, Offer, Summariser

log = logging.getLogger(__name__)

#: The stages a `PageWorker` runs, in order (`Article.stages` records the ones that ran among those
#: that fill the Article; "prepare" makes its `Prepared`).
PAGE_STAGES = ("read", "clean", "langid", "segment", "metadata", "quotes", "summarise", "translate", "prepare")

Timings = dict[str, float]


@contextmanager
def timed(timings: Timings, stage: str) -> Iterator[None]:
    """Add the block's wall time to `timings[stage]`."""
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


@dataclass(frozen=True)
class RunContext:
    """What every page of a run shares, read-only: sent once to each worker, never per page."""

    cfg: Config
    glossary: Glossary
    strict: bool = False


class RunModels:
    """The summariser and translator of a run, built on first use; their warnings kept in `warnings`."""

    def __init__(self, context: RunContext):
        self.context = context
        self.warnings: list[str] = []
        self._summariser: Summariser | None = None
        self._dispatch: Dispatch | None = None
        self._translator: Translator | None = None

    @property
    def summariser(self) -> Summariser:
        if self._summariser is None:
            from .summarise import load_summariser

            cfg = self.context.cfg
            self._summariser = load_summariser(
                cfg.summary,
                cfg.runtime,
                strict=self.context.strict,
                warn=self.warnings.append,
                glossary=self.context.glossary,
            )
        return self._summariser

    @property
    def dispatch(self) -> Dispatch:
        """The summariser per language: pages it cannot read go extractive, one warning per language."""
        if self._dispatch is None:
            from .summarise import Dispatch

            self._dispatch = Dispatch(self.summariser, warn=self.warnings.append, glossary=self.context.glossary)
        return self._dispatch

    @property
    def translator(self) -> Translator:
        """The configured translator, asked once per distinct sentence and direction in this process."""
        if self._translator is None:
            context = self.context
            self._translator = cached(
                load_translator(
                    context.cfg, context.glossary.forms_for, strict=context.strict, warn=self.warnings.append
                )
            )
        return self._translator

    def keep_translations(self, cache: Cache | None) -> None:
        """Keep this process's translations in `cache` across runs (None: only for this run).

        Only the process that owns the run's cache calls this (the driver); workers
        and Ray actors remember translations for their own run only.
        """
        if isinstance(self.translator, CachedTranslator):
            self.translator.cache = cache

    def uses_models(self) -> bool:
        """Whether summarising or translating loads a model (the stages an executor may run in a GPU pool)."""
        return self.context.cfg.summary.backend != "extractive" or self.context.cfg.translation.backend != "none"


@dataclass
class ReadResult:
    """Stage "read" for one path: the page and its repeat candidates, or why it could not be read."""

    path: Path
    page: Page | None
    candidates: frozenset[str] = frozenset()
    failure: str | None = None


@dataclass
class PageTask:
    """One page to analyse, with what its site repeats and the cache key its result is stored under."""

    page: Page
    site_lines: frozenset[str]
    key: str = ""


@dataclass
class Prepared:
    """What the cross-page steps read of one article, made beside it (stage "prepare"), so that
    the driver only reads it: its grouping `events.Features` and its `summarise.Offer` to its
    event's summary (None: no sentence of it is eligible). Not cached: an article from the
    cache is read again on the driver."""

    features: events.Features
    offer: Offer | None


@dataclass
class PageResult:
    """A page's finished Article (or why it failed), its stage timings, the run-level warnings
    raised while making it, its cache key, and, once finished, its `Prepared`."""

    path: Path
    key: str
    article: Article | None
    failure: str | None = None
    timings: Timings = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    prepared: Prepared | None = None


def compact(result: PageResult) -> PageResult:
    """`result` for the trip back to the caller, without its page's text: the caller holds the page
    already (it sent it) and puts it back with `restore`, so the text is neither pickled twice nor
    held twice."""
    if result.article is None:
        return result
    article = replace(result.article, page=replace(result.article.page, text=""))
    prepared = result.prepared
    if prepared is not None:  # its features point at the article sent back, not at one with the text
        prepared = replace(prepared, features=replace(prepared.features, article=article))
    return replace(result, article=article, prepared=prepared)


def restore(result: PageResult, page: Page) -> PageResult:
    """`result` with the caller's own `page` (the one `compact` left out) back in its article."""
    if result.article is None:
        return result
    if result.article.page.id != page.id:
        raise ValueError(f"result for page {result.article.page.id!r} matched to page {page.id!r}")
    return replace(result, article=replace(result.article, page=page))


def failure_reason(path: Path, exc: Exception) -> str:
    """What the run reports for a page that failed with `exc`."""
    log.debug("page %s failed", printable(str(path)), exc_info=exc)
    if isinstance(exc, InputError):
        return exc.problem
    if isinstance(exc, BriefingError):
        return str(exc)
    return f"internal error: {type(exc).__name__}: {exc}"


# -- the stages ---------------------------------------------------------------------------


def read(path: Path, max_chars: int) -> ReadResult:
    """Stage "read": one page, decoded, and the keys of its lines its site's repetition count needs."""
    try:
        page = ingest.read_page(path, max_chars=max_chars)
    except Exception as exc:  # one bad file never sinks the batch
        return ReadResult(path, None, failure=failure_reason(path, exc))
    return ReadResult(path, page, clean.repeat_candidates(page))


def analyse(
    page: Page,
    site_lines: frozenset[str],
    identifier: langid.LanguageIdentifier,
    glossary: Glossary,
    timings: Timings,
) -> Article:
    """Stages clean, langid, segment and metadata. BriefingError when nothing is left to read."""
    with timed(timings, "clean"):
        article = Article(page=page, lines=clean.clean(page, site_lines), stages=["clean"])
    with timed(timings, "langid"):
        found = langid.identify(page.id, article.lines, identifier)
        article = replace(
            article,
            lines=found.lines,
            language=found.language,
            fragments=found.fragments,
            stages=[*article.stages, "langid"],
        )
    with timed(timings, "segment"):
        sentences = segment.sentences(article.lines, found.language, article.fragments)
        article = replace(article, sentences=sentences, stages=[*article.stages, "segment"])
    with timed(timings, "metadata"):
        article = replace(article, meta=metadata.extract(article, glossary), stages=[*article.stages, "metadata"])
    if not any(line.kept for line in article.lines):
        raise BriefingError(
            "nothing left after removing boilerplate (page is all navigation, share buttons or teasers)"
        )
    return article


def translate_quotes(article: Article, translator: Translator, timings: Timings) -> Article:
    """Stage "quotes": foreign content fragments and sentences into English, as new objects."""
    with timed(timings, "quotes"):
        fragments = [_translated_fragment(fragment, translator) for fragment in article.fragments]
        english: dict[int, str] = {}
        by_lang: dict[str, list[Sentence]] = {}
        for sentence in article.sentences:
            if sentence.language != "en" and sentence.english is None:
                by_lang.setdefault(sentence.language, []).append(sentence)
        for lang, sentences in by_lang.items():
            for sentence, result in zip(sentences, translator.translate([s.text for s in sentences], lang, "en")):
                if result.status == "ok" and result.text is not None:
                    english[sentence.index] = result.text
        sentences = [replace(s, english=english[s.index]) if s.index in english else s for s in article.sentences]
        return replace(article, fragments=fragments, sentences=sentences, stages=[*article.stages, "quotes"])


def _translated_fragment(fragment: Fragment, translator: Translator) -> Fragment:
    if fragment.kind != "content" or not fragment.language or fragment.language == "en":
        return fragment
    result = translator.translate([fragment.text], fragment.language, "en")[0]
    if result.status == "ok":
        return replace(fragment, translation=result.text, action="translated")
    return replace(fragment, note="; ".join(result.issues))


def summarise_article(article: Article, dispatch: Dispatch, timings: Timings) -> tuple[Article, Offer | None]:
    """Stage "summarise" for one page: its summary and the method that made it; and its offer
    to its event's summary, from the same ranking of its sentences."""
    with timed(timings, "summarise"):
        summary, method, offer = dispatch.article_and_offer(article)
        article = replace(article, summary=summary, summary_method=method, stages=[*article.stages, "summarise"])
        return article, offer


def prepare(article: Article, offer: Offer | None, glossary: Glossary, timings: Timings) -> Prepared:
    """Stage "prepare" for one page: what grouping and its event's summary will read of it."""
    with timed(timings, "prepare"):
        return Prepared(events.features(article, glossary), offer)


def translate_summary(article: Article, translator: Translator, languages: Sequence[str], timings: Timings) -> Article:
    """Stage "translate" for one page: its summary sentences into every output language, as new sentences."""
    with timed(timings, "translate"):
        summary = [replace(s, translations=dict(s.translations), flags=dict(s.flags)) for s in article.summary]
        translate.translate_summaries(translator, summary, languages)
        return replace(article, summary=summary, stages=[*article.stages, "translate"])


# -- built once per worker ------------------------------------------------------------------


class PageWorker:
    """The per-page plan with its heavy objects, built once per process or actor.

    `read` and `analyse_page` are the CPU stages; `finish` runs the model stages
    (quotes, summarise, translate), which an executor may place elsewhere (a GPU actor pool);
    calling the worker runs the three in turn.
    """

    def __init__(self, context: RunContext, models: RunModels | None = None):
        self.context = context
        self.identifier = langid.LanguageIdentifier(context.cfg.langid)
        self.models = models if models is not None else RunModels(context)
        self._reported = len(self.models.warnings)

    def read(self, path: Path) -> ReadResult:
        return read(path, self.context.cfg.limits.max_page_chars)

    def analyse_page(self, task: PageTask) -> PageResult:
        """Stages clean to metadata; a page that fails is a result with its reason, not an exception."""
        timings: Timings = {}
        try:
            article = analyse(task.page, task.site_lines, self.identifier, self.context.glossary, timings)
        except Exception as exc:  # one bad page never sinks the batch
            return PageResult(task.page.path, task.key, None, failure_reason(task.page.path, exc), timings)
        return PageResult(task.page.path, task.key, article, None, timings)

    def finish(self, result: PageResult) -> PageResult:
        """The model stages (quotes, the article's summary, its translation) for an analysed page,
        then what the cross-page steps read of it (`prepare`)."""
        if result.article is None:
            return result
        timings = dict(result.timings)
        article = translate_quotes(result.article, self.models.translator, timings)
        article, offer = summarise_article(article, self.models.dispatch, timings)
        article = translate_summary(article, self.models.translator, self.context.cfg.languages, timings)
        prepared = prepare(article, offer, self.context.glossary, timings)
        warnings = [*result.warnings, *self._new_warnings()]
        return replace(result, article=article, timings=timings, warnings=warnings, prepared=prepared)

    def __call__(self, task: PageTask) -> PageResult:
        return self.finish(self.analyse_page(task))

    def _new_warnings(self) -> list[str]:
        """The run-level warnings the models raised since the last result (each reported once per worker)."""
        new = self.models.warnings[self._reported :]
        self._reported = len(self.models.warnings)
        return new
