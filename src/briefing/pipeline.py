"""The nightly job: orchestration of the per-page plan and the cross-page plan.

Per page (`briefing.stages`, run by an executor: this process, a process pool, or Ray; the
executor is closed, and its workers' memory freed, before the cross-page steps that follow):

    read -> clean -> langid -> segment -> metadata -> quotes -> summarise -> translate (the article's summary)

Across pages (`CROSS_PAGE_PLAN`, here, on the driver):

    repeats         the lines each site repeats, counted from every page (before clean)
    ids             pages with the same file stem get distinct ids (`ingest.assign_unique_ids`)
    cache           unchanged pages and events are taken from the cache (`briefing.cachepolicy`)
    events          articles that report the same meeting, grouped (`briefing.events`)
    event summaries merged per event (each a function of its event), then translated into each
                    output language
    render, write   Markdown and reports, written atomically inside out/ (`briefing.outputs`)
    manifest        manifest.json, last; then the run is remembered (`briefing.rerun`)

A page that fails reading or analysis is recorded with its reason and the rest go on.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

from . import events, ingest, translate
from .cache import Cache
from .cachepolicy import CACHE_KEEP_RUNS, CACHE_STAGES, SCHEMA, CachePolicy, glossary_digest, signature
from .clean import site_key
from .config import Config
from .document import Article, Batch, Event, Page, PageFailure, SummarySentence
from .executors import Executor, make_executor
from .fsutil import remove_stale_temp_files
from .glossary import Glossary
from .langid import LanguageIdentifier
from .lock import RunLock
from .outputs import (
    LOCK_FILE,
    RunReport,
    build_manifest,
    check_output_folder,
    read_record,
    refuse_to_empty,
    write,
    write_manifest,
)
from .rerun import fingerprint, unchanged_since_last_run
from .stages import PageResult, PageTask, PageWorker, Prepared, ReadResult, RunContext, RunModels, Timings, timed
from .summarise import Offer

__all__ = [
    "CACHE_KEEP_RUNS",
    "CACHE_STAGES",
    "CROSS_PAGE_PLAN",
    "SCHEMA",
    "Pipeline",
    "RunReport",
    "detect_files",
    "summarise_files",
]

log = logging.getLogger(__name__)

OnPage = Callable[[Path, "str | None"], None]

#: The cross-page steps, in the order `Pipeline.run` takes them (see the module docstring).
CROSS_PAGE_PLAN = (
    "repeats",
    "ids",
    "cache",
    "events",
    "event summaries",
    "render",
    "write",
    "manifest",
)


class Analysed(NamedTuple):
    articles: list[Article]
    failures: list[PageFailure]
    fresh: list[tuple[str, Article]]  # (cache key, article) computed in this run
    pages: list[str]  # the names of the pages read, in input order
    prepared: dict[str, Prepared]  # article id -> what the cross-page steps read of it, for those computed now


class Pipeline:
    """Built once per run: the shared context (config, glossary), the models, and where the per-page work runs."""

    def __init__(
        self,
        cfg: Config,
        *,
        strict: bool = False,
        workers: int = 1,
        executor: str = "local",
        ray_address: str | None = None,
    ):
        self.cfg = cfg
        self.strict = strict
        self.workers = workers
        self.executor_name = executor
        self.ray_address = ray_address
        self.glossary = Glossary.load(cfg.resolve(cfg.glossary) if cfg.glossary else None)
        self.context = RunContext(cfg, self.glossary, strict)
        self.models = RunModels(self.context)
        self.identifier = LanguageIdentifier(cfg.langid)
        self.timings: Timings = {}
        self.hits = 0
        self._run_warnings: list[str] = []

    @property
    def warnings(self) -> list[str]:
        """Run-level warnings so far: the run's own and the models'."""
        return [*self._run_warnings, *self.models.warnings]

    def warn(self, message: str) -> None:
        """A run-level warning: logged now, and kept for manifest.json and index.md."""
        log.warning("%s", message)
        self._run_warnings.append(message)

    def methods(self) -> dict[str, str]:
        return {
            "cleaning": "line rules + cross-page repetition",
            "langid": self.identifier.describe(),
            "summary": self.models.summariser.describe(),
            "translation": self.models.translator.describe(),
            "events": "date window + TF-IDF similarity",
        }

    def signature(self) -> str:
        return signature(self.context, self.models)

    def glossary_digest(self) -> str:
        return glossary_digest(self.glossary)

    def load_models(self) -> None:
        """Build the summariser and translator now: a missing model fails (under `strict`) before any page is read."""
        for model in (self.models.summariser, self.models.translator):
            log.debug("model: %s", model.describe())

    def executor(self) -> Executor:
        """Where the per-page stages run; the caller closes it."""
        return make_executor(
            self.executor_name, self.context, self.models, workers=self.workers, ray_address=self.ray_address
        )

    # -- the per-page plan, through an executor ----------------------------------------------

    def read(self, paths: Iterable[Path], on_page: OnPage | None = None) -> tuple[list[Page], list[PageFailure]]:
        """Stage "read" in this process (ids made unique): for `briefing detect` and tests."""
        worker = PageWorker(self.context, self.models)
        pages, failures, _ = self._pages([worker.read(path) for path in paths], on_page)
        return pages, failures

    def analyse(self, paths: Iterable[Path]) -> tuple[list[Article], list[PageFailure]]:
        """Stages read to metadata only (for `briefing detect`). A page that fails is recorded; the rest go on."""
        with self.executor() as executor:
            analysed = self._articles(list(paths), executor, CachePolicy(None, ""), finish=False)
        return analysed.articles, analysed.failures

    def _pages(
        self, results: Iterable[ReadResult], on_page: OnPage | None
    ) -> tuple[list[Page], list[PageFailure], list[ReadResult]]:
        pages, failures, read = [], [], []
        for result in results:
            read.append(result)
            if result.page is None:
                failures.append(PageFailure(result.path, result.failure or "unreadable"))
                if on_page:
                    on_page(result.path, result.failure)
            else:
                pages.append(result.page)
        ingest.assign_unique_ids(pages)  # cross-page: ids
        return pages, failures, read

    def _articles(
        self,
        paths: list[Path],
        executor: Executor,
        policy: CachePolicy,
        on_page: OnPage | None = None,
        *,
        finish: bool = True,
    ) -> Analysed:
        """Every page's Article, from the cache or computed now, in input order; the failures;
        the (cache key, article) pairs computed now; and the names of the pages read."""
        with timed(self.timings, "ingest"):
            pages, failures, read = self._pages(executor.read(paths), on_page)
        with timed(self.timings, "repeats"):
            repeated = executor.repeated_lines(read)
        del read
        slots: list[Article | None] = []
        tasks: list[PageTask] = []
        where: list[int] = []
        for page in pages:
            site_lines = repeated.get(site_key(page), frozenset())
            key = policy.page_key(page, site_lines)
            cached = policy.article(page, key)
            if cached is not None:
                self.hits += 1
                slots.append(cached)
                if on_page:
                    on_page(page.path, None)
                continue
            where.append(len(slots))
            slots.append(None)
            tasks.append(PageTask(page, site_lines, key))
        fresh: list[tuple[str, Article]] = []
        prepared: dict[str, Prepared] = {}
        with timed(self.timings, "per_page"):
            for slot, result in zip(where, executor.analyse(tasks, finish=finish)):
                self._merge(result)
                if result.article is None:
                    failures.append(PageFailure(result.path, result.failure or "failed"))
                else:
                    slots[slot] = result.article
                    fresh.append((result.key, result.article))
                    if result.prepared is not None:
                        prepared[result.article.id] = result.prepared
                if on_page:
                    on_page(result.path, result.failure)
        self.timings["executor_startup"] = self.timings.get("executor_startup", 0.0) + executor.startup_s
        return Analysed([a for a in slots if a is not None], failures, fresh, [p.name for p in pages], prepared)

    def _merge(self, result: PageResult) -> None:
        for stage, seconds in result.timings.items():
            self.timings[stage] = self.timings.get(stage, 0.0) + seconds
        self._run_warnings.extend(result.warnings)

    # -- the cross-page plan -------------------------------------------------------------------

    def build(self, paths: list[Path], on_page: OnPage | None = None, cache: Cache | None = None) -> Batch:
        """Every stage but rendering for `paths`. With a cache, unchanged pages and events are not recomputed."""
        policy = CachePolicy(cache, self.signature() if cache is not None else "")
        self.load_models()
        self.models.keep_translations(cache)
        try:
            with self.executor() as executor:
                articles, failures, fresh, _, prepared = self._articles(paths, executor, policy, on_page)
            policy.store_articles(fresh)
            grouped = self.group(articles, {i: p.features for i, p in prepared.items()})
            self.summarise_events(grouped, policy, {i: p.offer for i, p in prepared.items()})
            del prepared
        finally:
            self.models.keep_translations(None)  # the cache is closed after the run
        failures.sort(key=lambda f: f.name)
        return Batch(
            articles=articles,
            events=grouped,
            failures=failures,
            languages=tuple(self.cfg.languages),
            methods=self.methods(),
            config=self.cfg.signature(),
            warnings=sorted(set(self.warnings)),  # whichever worker or model warned first, the same order
        )

    def group(self, articles: list[Article], made: Mapping[str, events.Features] | None = None) -> list[Event]:
        """The events of `articles`; `made`: their grouping features made beside them (stage "prepare")."""
        with timed(self.timings, "events"):
            return events.group(articles, self.glossary, made)

    def summarise_events(
        self, grouped: list[Event], policy: CachePolicy, offers: Mapping[str, Offer | None] | None = None
    ) -> None:
        """Merged summaries (translated), from the cache when the event's articles are unchanged;
        `offers`: the articles' offers made beside them (stage "prepare").

        Here, beside the articles, once the executor's workers are gone: in the pool they were
        hardly faster (each event's articles pickled to a worker) and the tree held 300 MiB
        more at 10,000 pages (README, "Measured").
        """
        fresh: list[tuple[str, Event]] = []
        for event in grouped:
            key = policy.event_key(event)
            cached = policy.event_summary(event, key)
            if cached is not None:
                method = self.models.dispatch.method([a.main_language for a in event.articles])
                event.summary, event.summary_method = cached, method
            else:
                fresh.append((key, event))
        with timed(self.timings, "event_summaries"):
            for _, event in fresh:
                event.summary, event.summary_method = self.models.dispatch.event(event, offers)
        self.translate_summaries([s for _, e in fresh for s in e.summary])
        policy.store_events(fresh)

    def translate_summaries(self, sentences: list[SummarySentence]) -> None:
        if not sentences:
            return
        with timed(self.timings, "translate"):
            translate.translate_summaries(self.models.translator, sentences, self.cfg.languages)

    # -- the whole job ---------------------------------------------------------------------------

    def run(
        self,
        corpus: Path,
        out: Path,
        on_page: OnPage | None = None,
        *,
        use_cache: bool = True,
        allow_empty: bool = False,
    ) -> RunReport:
        """The nightly job: lock `out`, build, write only what changed, record the manifest.

        With the cache, a run whose inputs (every file's bytes) and settings are those of
        the last run, and whose outputs are as that run left them, recomputes nothing and
        rewrites only the manifest (`briefing.rerun`).

        Refuses (UsageError) an `out` that is the corpus or inside it, and (CorpusError)
        a corpus with no pages where the last run had some, unless `allow_empty`: an
        unmounted share must not delete every briefing.
        """
        start = time.perf_counter()
        check_output_folder(corpus, out)
        paths = ingest.discover(corpus, warn=self.warn)
        out.mkdir(parents=True, exist_ok=True)
        with RunLock(out / LOCK_FILE):
            remove_stale_temp_files(out)
            record = read_record(out)
            if not paths and not allow_empty:
                refuse_to_empty(corpus, out, record)
            use_cache = use_cache and self.cfg.cache.enabled
            with timed(self.timings, "ingest"):
                run_key = fingerprint(paths, self.signature()) if use_cache else None
            cache = Cache(self.cfg.cache_file()) if use_cache else None
            try:
                report = unchanged_since_last_run(out, record, run_key, paths, cache, self.timings)
                if report is None:
                    report = self._build_and_write(paths, out, record, run_key, cache, on_page, start)
            finally:
                if cache is not None:
                    cache.close()
        return report

    def _build_and_write(
        self,
        paths: list[Path],
        out: Path,
        record: dict,
        run_key: str | None,
        cache: Cache | None,
        on_page: OnPage | None,
        start: float,
    ) -> RunReport:
        """Build, write, then the manifest; only then is the run remembered and the cache pruned.

        The cache's "run" entry is what lets the next run reuse this one's outputs and
        manifest, so it is stored only once manifest.json is safely written.
        """
        batch = self.build(paths, on_page, cache)
        report = RunReport.of(batch, pages_seen=len(paths), cache_hits=self.hits)
        if cache is not None:
            cache.clear("run")  # out/ is about to change: no earlier run describes it any more
        files = write(batch, self.glossary, out, record, report, run_key, self.timings)
        report.timings = dict(self.timings, total=time.perf_counter() - start)
        write_manifest(out, build_manifest(report, batch, paths, files), report)
        if cache is not None:
            if run_key:
                cache.put("run", run_key, out.resolve().as_posix())
            cache.prune(CACHE_KEEP_RUNS)
        return report

    def plan(self, corpus: Path) -> dict:
        """`--dry-run`: the pages, cache hits, events and models a run would use. Writes nothing."""
        paths = ingest.discover(corpus, warn=self.warn)
        cache_path = self.cfg.cache_file()
        cache = Cache(cache_path) if self.cfg.cache.enabled and cache_path.exists() else None
        try:
            policy = CachePolicy(cache, self.signature() if cache is not None else "")
            with self.executor() as executor:
                articles, failures, fresh, pages, _ = self._articles(paths, executor, policy, finish=False)
        finally:
            if cache is not None:
                cache.close()
        computed = {a.id for _, a in fresh}
        return {
            "pages": pages,
            "cache_hits": [a.id for a in articles if a.id not in computed],
            "to_compute": sorted(computed),
            "failures": [(f.name, f.reason) for f in failures],
            "events": [(e.slug, [a.id for a in e.articles]) for e in self.group(articles)],
            "models": self.methods(),
            "warnings": sorted(set(self.warnings)),
        }


def summarise_files(paths: list[Path], cfg: Config, *, strict: bool = False) -> Batch:
    """The one-off `briefing summarise`: the same stages, no cache, no files written."""
    return Pipeline(cfg, strict=strict).build(paths)


def detect_files(paths: list[Path], cfg: Config) -> tuple[list[Article], list[PageFailure]]:
    """`briefing detect`: stages read to metadata only, for the fragment report."""
    return Pipeline(cfg).analyse(paths)
