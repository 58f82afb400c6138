"""The nightly job, stage by stage.

1. ingest    read each page (`briefing.ingest`)
2. clean     drop boilerplate line by line (`briefing.clean`), using lines repeated across a site's pages
3. langid    find every foreign-language fragment; strip interface strings (`briefing.langid`)
4. segment   split kept lines into sentences (`briefing.segment`)
5. metadata  title, publication date, event dates, places, people (`briefing.metadata`)
6. quotes    translate foreign content (quotes) into English, when a model is present
7. events    group articles that report the same meeting (`briefing.events`)
8. summarise per article, then merged per event (`briefing.summarise` or a neural backend)
9. translate summary sentences into each output language (`briefing.translate`)
10. render   Markdown and reports (`briefing.render`), written atomically inside `out/`

A page that fails stages 1–5 is recorded with its reason and the rest go on.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import platform
import stat
import time
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import __version__, clean, events, ingest, langid, metadata, segment, translate
from .cache import Cache, decode, encode, schema_fingerprint
from .cache import key as cache_key
from .config import Config
from .document import Article, Batch, Event, Fragment, Page, PageFailure, SummarySentence, printable
from .errors import BriefingError, CorpusError, InputError, OutputError, UsageError
from .fsutil import atomic_write, remove_stale_temp_files, safe_join, write_many
from .glossary import Glossary
from .localise import Localiser
from .lock import RunLock
from .render import render
from .translate import Translator, load_translator

if TYPE_CHECKING:
    from .summarise import Dispatch, Summariser

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Packages whose versions go into manifest.json.
RECORDED_PACKAGES = (
    "briefing",
    "lingua-language-detector",
    "langdetect",
    "trafilatura",
    "babel",
    "numpy",
    "torch",
    "transformers",
    "ctranslate2",
    "sentencepiece",
)


@dataclass
class RunReport:
    """What a run did. `batch` is None when an unchanged run reused the last run's outputs."""

    batch: Batch | None
    failures: list[PageFailure]
    events: int  # how many
    fragment_actions: dict[str, int]  # action -> how many fragments
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    pages_seen: int = 0
    cache_hits: int = 0
    removed: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, batch: Batch, **fields) -> RunReport:
        actions: Counter[str] = Counter(f.action for a in batch.articles for f in a.fragments)
        return cls(batch, batch.failures, len(batch.events), dict(actions), **fields)

    @classmethod
    def from_manifest(cls, manifest: dict, **fields) -> RunReport:
        failures = [PageFailure(Path(f["file"]), f["reason"]) for f in manifest["failures"]]
        return cls(None, failures, manifest["counts"]["events"], dict(manifest["counts"]["fragment_actions"]), **fields)

    @property
    def fragments(self) -> list[Fragment]:
        return [f for a in self.batch.articles for f in a.fragments] if self.batch else []

    def summary_line(self) -> str:
        actions = self.fragment_actions
        return (
            f"{self.pages_seen} pages read, {self.events} events, "
            f"{len(self.written)} files written ({len(self.unchanged)} unchanged, {len(self.removed)} removed), "
            f"{self.cache_hits} pages from cache, "
            f"fragments: {actions.get('stripped', 0)} stripped, {actions.get('translated', 0)} translated, "
            f"{actions.get('untranslated', 0)} untranslated; {len(self.failures)} failed"
        )


class _Timer:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start


class Pipeline:
    """Built once per run: holds the glossary, language identifier, summariser and translator."""

    def __init__(self, cfg: Config, *, strict: bool = False):
        self.cfg = cfg
        self.strict = strict
        self.warnings: list[str] = []
        self.glossary = Glossary.load(cfg.resolve(cfg.glossary) if cfg.glossary else None)
        self.identifier = langid.LanguageIdentifier(cfg.langid)
        self.timer = _Timer()
        self._summariser: Summariser | None = None
        self._dispatch: Dispatch | None = None
        self._translator: Translator | None = None
        self.hits = 0

    # -- models, built on first use -------------------------------------------------

    @property
    def summariser(self):
        if self._summariser is None:
            from .summarise import load_summariser

            self._summariser = load_summariser(
                self.cfg.summary, self.cfg.runtime, strict=self.strict, warn=self.warnings.append
            )
        return self._summariser

    @property
    def dispatch(self) -> Dispatch:
        """The summariser per language: pages it cannot read go extractive, one warning per language."""
        if self._dispatch is None:
            from .summarise import Dispatch

            self._dispatch = Dispatch(self.summariser, warn=self.warnings.append)
        return self._dispatch

    @property
    def translator(self) -> Translator:
        if self._translator is None:
            self._translator = load_translator(
                self.cfg, self.glossary.forms_for, strict=self.strict, warn=self.warnings.append
            )
        return self._translator

    def methods(self) -> dict[str, str]:
        return {
            "cleaning": "line rules + cross-page repetition",
            "langid": self.identifier.describe(),
            "summary": self.summariser.describe(),
            "translation": self.translator.describe(),
            "events": "date window + TF-IDF similarity",
        }

    # -- stages 1-5: one page at a time ---------------------------------------------

    def analyse(self, paths: Iterable[Path]) -> tuple[list[Article], list[PageFailure]]:
        """Stages 1-5 only (for `briefing detect`). A page that fails is recorded; the rest go on."""
        pages, failures = self.read(paths)
        articles, _ = self.articles(pages, failures)
        return articles, failures

    def analyse_page(self, page, site_boilerplate: frozenset[str] = frozenset()) -> Article:
        article = Article(page=page)
        with self.timer.stage("clean"):
            article.lines = clean.clean(page, site_boilerplate)
        with self.timer.stage("langid"):
            article.language, article.fragments = langid.find_fragments(page.id, article.lines, self.identifier)
        with self.timer.stage("segment"):
            article.sentences = segment.sentences(article.lines, article.language, article.fragments)
        with self.timer.stage("metadata"):
            article.meta = metadata.extract(article, self.glossary)
        if not any(line.kept for line in article.lines):
            raise BriefingError(
                "nothing left after removing boilerplate (page is all navigation, share buttons or teasers)"
            )
        return article

    # -- stage 6: foreign content into English -------------------------------------------

    def translate_quotes(self, articles: list[Article]) -> None:
        translator = self.translator
        with self.timer.stage("quotes"):
            for article in articles:
                for fragment in article.fragments:
                    if fragment.kind != "content" or not fragment.language or fragment.language == "en":
                        continue
                    result = translator.translate([fragment.text], fragment.language, "en")[0]
                    if result.status == "ok":
                        fragment.translation, fragment.action = result.text, "translated"
                    else:
                        fragment.note = "; ".join(result.issues)
                foreign = [s for s in article.sentences if s.language != "en" and s.english is None]
                by_lang: dict[str, list] = {}
                for sentence in foreign:
                    by_lang.setdefault(sentence.language, []).append(sentence)
                for lang, sentences in by_lang.items():
                    for sentence, result in zip(
                        sentences, translator.translate([s.text for s in sentences], lang, "en")
                    ):
                        if result.status == "ok":
                            sentence.english = result.text

    # -- stages 7-9 ----------------------------------------------------------------------

    def group(self, articles: list[Article]) -> list[Event]:
        with self.timer.stage("events"):
            return events.group(articles, self.glossary)

    def summarise_articles(self, articles: list[Article]) -> None:
        dispatch = self.dispatch
        with self.timer.stage("summarise"):
            for article in articles:
                article.summary, article.summary_method = dispatch.article(article)

    def summarise_events(self, grouped: list[Event], cache: Cache | None, signature: str) -> None:
        """Merged summaries (translated), from the cache when the event's articles are unchanged."""
        fresh = []
        for event in grouped:
            key = cache_key("event", [(a.id, a.page.sha256) for a in event.articles], signature)
            cached = self._cached(cache, "event", key, list[SummarySentence], _cites_only(event))
            if cached is not None:
                event.summary, event.summary_method = cached, self.dispatch.method([a.language for a in event.articles])
                continue
            with self.timer.stage("summarise"):
                event.summary, event.summary_method = self.dispatch.event(event)
            fresh.append((key, event))
        self.translate_summaries([s for _, e in fresh for s in e.summary])
        if cache is not None and fresh:
            cache.put_many("event", {key: encode(e.summary) for key, e in fresh})

    def translate_summaries(self, sentences: list[SummarySentence]) -> None:
        if not sentences:
            return
        with self.timer.stage("translate"):
            translate.translate_summaries(self.translator, sentences, self.cfg.languages)

    # -- the whole job ---------------------------------------------------------------------

    def build(self, paths: list[Path], on_page=None, cache: Cache | None = None) -> Batch:
        """Stages 1-9 for `paths`. With a cache, unchanged pages and events are not recomputed."""
        with self.timer.stage("ingest"):
            pages, failures = self.read(paths, on_page)
        articles, fresh = self.articles(pages, failures, cache, on_page)
        new = [a for _, a in fresh]
        self.translate_quotes(new)
        self.summarise_articles(new)
        self.translate_summaries([s for a in new for s in a.summary])
        if cache is not None and fresh:
            cache.put_many("article", {key: encode(article) for key, article in fresh})
        grouped = self.group(articles)
        self.summarise_events(grouped, cache, self.signature() if cache is not None else "")
        failures.sort(key=lambda f: f.path.name)
        return Batch(
            articles=articles,
            events=grouped,
            failures=failures,
            languages=tuple(self.cfg.languages),
            methods=self.methods(),
            config=self.cfg.signature(),
            warnings=sorted(set(self.warnings)),  # whichever model loaded first, the same order
        )

    def articles(self, pages: list[Page], failures: list[PageFailure], cache: Cache | None = None, on_page=None):
        """Stages 2-5 for each page, or its finished Article from the cache.

        Returns every article, and the (cache key, article) pairs that were computed now.
        A page's key covers its bytes, its id, the lines its site repeats, and `signature()`.
        """
        with self.timer.stage("clean"):
            repeated = clean.site_boilerplate(pages)
        signature = self.signature() if cache is not None else ""
        articles, fresh = [], []
        for page in pages:
            site_lines = repeated.get(clean.site_key(page), frozenset())
            page_key = cache_key("article", page.sha256, page.id, sorted(site_lines), signature)
            cached = self._cached(cache, "article", page_key, Article, _is_of(page))
            if cached is not None:
                cached.page.path = page.path
                articles.append(cached)
                self.hits += 1
                if on_page:
                    on_page(page.path, None)
                continue
            try:
                article = self.analyse_page(page, site_lines)
            except Exception as exc:  # one bad page never sinks the batch
                failures.append(self._failure(page.path, exc, on_page))
                continue
            if on_page:
                on_page(page.path, None)
            articles.append(article)
            fresh.append((page_key, article))
        return articles, fresh

    def read(self, paths: Iterable[Path], on_page=None) -> tuple[list[Page], list[PageFailure]]:
        """Stage 1. Files with the same stem (a.md, a.txt) get distinct ids (a, a-txt): `ingest.assign_unique_ids`."""
        pages, failures = [], []
        for path in paths:
            try:
                page = ingest.read_page(path, max_chars=self.cfg.limits.max_page_chars)
            except Exception as exc:
                failures.append(self._failure(path, exc, on_page))
                continue
            pages.append(page)
        ingest.assign_unique_ids(pages)
        return pages, failures

    def warn(self, message: str) -> None:
        """A run-level warning: logged now, and kept for manifest.json and index.md."""
        log.warning("%s", message)
        self.warnings.append(message)

    def _failure(self, path: Path, exc: Exception, on_page) -> PageFailure:
        log.debug("page %s failed", printable(str(path)), exc_info=True)
        if isinstance(exc, InputError):
            reason = exc.problem
        elif isinstance(exc, BriefingError):
            reason = str(exc)
        else:
            reason = f"internal error: {type(exc).__name__}: {exc}"
        if on_page:
            on_page(path, reason)
        return PageFailure(path, reason)

    def signature(self) -> str:
        """Everything besides a page's bytes that its results depend on."""
        return cache_key(
            __version__,
            SCHEMA,
            self.cfg.signature(),
            self.glossary_digest(),
            self.summariser.describe(),
            self.translator.describe(),
        )

    def glossary_digest(self) -> str:
        return cache_key(
            [(e.kind, dict(e.forms), e.aliases, e.country, e.city, e.demonyms) for e in self.glossary.entries]
        )

    def _cached(self, cache: Cache | None, stage: str, key: str, cls: type[T], fits: Callable[[T], bool]) -> T | None:
        """The cached result under (stage, key), or None to recompute it: a miss, an entry that
        does not decode (an older version), or one that does not `fit` what it is cached for.

        The cache is a file others may write to; an entry planted there (another page's id,
        `../..`) must neither steer where outputs go nor stop the run.
        """
        if cache is None:
            return None
        text = cache.get(stage, key)
        if text is None:
            return None
        try:
            value = decode(text, cls)
        except ValueError as exc:  # an entry from an incompatible version: recompute
            log.warning("ignoring unreadable cache entry (%s): %s", stage, exc)
            return None
        if not fits(value):
            log.warning("ignoring a cache entry (%s) that does not belong to what it is cached for", stage)
            return None
        return value

    def run(
        self, corpus: Path, out: Path, on_page=None, *, use_cache: bool = True, allow_empty: bool = False
    ) -> RunReport:
        """The nightly job: lock `out`, build, write only what changed, record the manifest.

        With the cache, a run whose inputs (every file's bytes) and settings are those of
        the last run, and whose outputs are as that run left them, recomputes nothing and
        rewrites only the manifest (see `_unchanged_since_last_run`).

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
                _refuse_to_empty(corpus, out, record)
            use_cache = use_cache and self.cfg.cache.enabled
            with self.timer.stage("ingest"):
                fingerprint = self.fingerprint(paths) if use_cache else None
            cache = Cache(self.cfg.cache_file()) if use_cache else None
            try:
                report = self._unchanged_since_last_run(out, record, fingerprint, paths, cache)
                if report is None:
                    report = self._build_and_write(paths, out, record, fingerprint, cache, on_page, start)
            finally:
                if cache is not None:
                    cache.close()
        return report

    def _build_and_write(
        self,
        paths: list[Path],
        out: Path,
        record: dict,
        fingerprint: str | None,
        cache: Cache | None,
        on_page,
        start: float,
    ) -> RunReport:
        """Stages 1-10, then the manifest; only then is the run remembered and the cache pruned.

        The cache's "run" entry is what lets the next run reuse this one's outputs and
        manifest, so it is stored only once manifest.json is safely written.
        """
        batch = self.build(paths, on_page, cache)
        report = RunReport.of(batch, pages_seen=len(paths), cache_hits=self.hits)
        if cache is not None:
            cache.clear("run")  # out/ is about to change: no earlier run describes it any more
        files = self.write(batch, out, record, report, fingerprint)
        report.timings = dict(self.timer.timings, total=time.perf_counter() - start)
        manifest = build_manifest(report, batch, paths, files)
        (report.written if atomic_write(out / "manifest.json", manifest) else report.unchanged).append("manifest.json")
        if cache is not None:
            if fingerprint:
                cache.put("run", fingerprint, out.resolve().as_posix())
            cache.prune(CACHE_KEEP_RUNS)
        return report

    def _unchanged_since_last_run(
        self, out: Path, record: dict, fingerprint: str | None, paths: list[Path], cache: Cache | None
    ) -> RunReport | None:
        """When inputs and settings are the last run's, its outputs are untouched and the cache
        still remembers it (`briefing cache clear` forgets): a report, with only the manifest rewritten."""
        if fingerprint is None or cache is None or record["run"] != fingerprint:
            return None
        if cache.get("run", fingerprint) != out.resolve().as_posix() or not outputs_intact(out, record["files"]):
            return None
        manifest = read_json(out / "manifest.json")
        try:
            report = RunReport.from_manifest(manifest, pages_seen=len(paths), cache_hits=manifest["counts"]["articles"])
        except (ValueError, KeyError, TypeError):
            return None
        report.unchanged = sorted(record["files"])
        report.timings = dict(self.timer.timings, total=sum(self.timer.timings.values()))
        manifest["timings_s"] = {k: round(v, 4) for k, v in report.timings.items()}
        manifest["counts"].update(
            files_written=0, files_unchanged=len(report.unchanged), files_removed=0, cache_hits=report.cache_hits
        )
        atomic_write(out / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        report.written = ["manifest.json"]
        return report

    def write(self, batch: Batch, out: Path, record: dict, report: RunReport, fingerprint: str | None) -> list[str]:
        """Render and write what changed; delete what earlier runs wrote and this one does not."""
        with self.timer.stage("render"):
            files = render(batch, {lang: Localiser(self.glossary, lang) for lang in batch.languages})
        with self.timer.stage("write"):
            before = set(record["files"])
            # Record what this run may leave behind before writing it, so a run killed
            # mid-write still lets the next run remove what this one wrote.
            write_record(out, None, before | set(files))
            report.written, report.unchanged = write_many(out, dict(sorted(files.items())))
            report.removed = remove_outdated(out, before, set(files))
            write_record(out, fingerprint, set(files))
        return sorted(files)

    def fingerprint(self, paths: list[Path]) -> str | None:
        """A key for the whole run: every input's name and bytes, and the settings. None if a file is unreadable."""
        digests = [(printable(p.name), ingest.file_sha256(p)) for p in paths]
        if any(digest is None for _, digest in digests):
            return None
        return cache_key("run", digests, self.signature())

    def plan(self, corpus: Path) -> dict:
        """`--dry-run`: the pages, cache hits, events and models a run would use. Writes nothing."""
        pages, failures = self.read(ingest.discover(corpus, warn=self.warn))
        cache_path = self.cfg.cache_file()
        cache = Cache(cache_path) if self.cfg.cache.enabled and cache_path.exists() else None
        try:
            articles, fresh = self.articles(pages, failures, cache)
        finally:
            if cache is not None:
                cache.close()
        computed = {a.id for _, a in fresh}
        return {
            "pages": [p.name for p in pages],
            "cache_hits": [a.id for a in articles if a.id not in computed],
            "to_compute": sorted(computed),
            "failures": [(f.name, f.reason) for f in failures],
            "events": [(e.slug, [a.id for a in e.articles]) for e in self.group(articles)],
            "models": self.methods(),
            "warnings": sorted(set(self.warnings)),
        }


LOCK_FILE = ".briefing.lock"
FILES_RECORD = ".briefing-files.json"  # the outputs the last run wrote (or was writing)
SCHEMA = schema_fingerprint(Article, Event, SummarySentence)

#: What `run` caches: a page's finished Article, an event's merged summary, and the
#: fingerprint of the last complete run (which lets an unchanged night skip all work).
CACHE_STAGES = ("article", "event", "run")

#: A cache entry that none of the last CACHE_KEEP_RUNS complete runs used is deleted,
#: so the cache holds the current corpus plus at most a week of nightly churn. A week,
#: not one run: a page missing from the scrape for a few nights, or a second job sharing
#: the cache (another corpus, another --lang), still finds its results.
CACHE_KEEP_RUNS = 7


def check_output_folder(corpus: Path, out: Path) -> None:
    """Refuse an output folder that is a file (OutputError), or that is the corpus or lies inside
    it (UsageError): the run would overwrite pages (corpus/index.md) and the next run would
    read its own briefings as pages."""
    if out.exists() and not out.is_dir():
        raise OutputError(str(out), "is a file, not a folder; give --out a folder (it is created if missing)")
    corpus_at, out_at = corpus.resolve(), out.resolve()
    if out_at == corpus_at or corpus_at in out_at.parents:
        where = "is the corpus folder" if out_at == corpus_at else f"lies inside the corpus folder {corpus}"
        raise UsageError(
            f"output folder {out} {where}; choose a folder outside it, e.g. --out {corpus_at.parent / 'out'}"
        )


def _refuse_to_empty(corpus: Path, out: Path, record: dict) -> None:
    """A corpus with no pages, where the last run had some, is refused: an unmounted share or a
    failed scrape looks exactly like that, and going on would delete every briefing."""
    if not record["files"]:
        return
    try:
        pages = read_json(out / "manifest.json")["counts"]["pages"]
    except (KeyError, TypeError):
        pages = None  # unknown: keep the briefings
    if pages == 0:
        return  # the last run was empty too (it was allowed)
    had = f"{pages} pages" if isinstance(pages, int) else "pages"
    raise CorpusError(
        f"{corpus}: no pages found (.txt, .md, .html), but the last run into {out} had {had}; "
        "refusing to delete their briefings (is the corpus mounted?). "
        "If the corpus is really empty now, run again with --allow-empty."
    )


def _is_of(page: Page) -> Callable[[Article], bool]:
    """Whether a cached Article is this page's (its id decides where its outputs go)."""
    return lambda article: (article.page.id, article.page.sha256) == (page.id, page.sha256)


def _cites_only(event: Event) -> Callable[[list[SummarySentence]], bool]:
    """Whether a cached event summary cites only the event's own articles."""
    ids = {a.id for a in event.articles}
    return lambda summary: all(set(s.sources) <= ids for s in summary)


def read_record(out: Path) -> dict:
    """What earlier runs wrote or were writing: {"run": fingerprint or None, "files": {path: [size, mtime_ns]}}."""
    data = read_json(out / FILES_RECORD)
    try:
        return {"run": data.get("run"), "files": dict(data["files"])}
    except (ValueError, TypeError, KeyError, AttributeError):
        return {"run": None, "files": {}}


def read_json(path: Path) -> Any:
    """The JSON in `path`, or None when it is missing, unreadable, not JSON, or not a plain file:
    a FIFO planted in the output folder would otherwise block the run forever."""
    try:
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                return None
            return json.loads(file.read())
    except (OSError, ValueError):
        return None


def write_record(out: Path, run: str | None, files: set[str]) -> None:
    stats: dict[str, list[int] | None] = {}
    for rel in sorted(files):
        try:
            st = (out / rel).stat()
            stats[rel] = [st.st_size, st.st_mtime_ns]
        except OSError:
            stats[rel] = None
    atomic_write(out / FILES_RECORD, json.dumps({"run": run, "files": stats}, indent=0) + "\n")


def outputs_intact(out: Path, files: dict) -> bool:
    """Every recorded output still has the size and mtime it was left with."""
    for rel, recorded in files.items():
        try:
            st = (out / rel).stat()
        except OSError:
            return False
        if recorded is None or [st.st_size, st.st_mtime_ns] != recorded:
            return False
    return bool(files)


def remove_outdated(out: Path, before: set[str], now: set[str]) -> list[str]:
    """Delete files an earlier run wrote that this run did not (a page or event that went away)."""
    removed = []
    for rel in sorted(before - now):
        try:
            target = safe_join(out, *rel.split("/"))
        except ValueError:
            continue
        if target.is_file():
            target.unlink()
            removed.append(rel)
            folder, root = target.parent, out.resolve()
            while folder != root and _remove_if_empty(folder):
                folder = folder.parent
    return removed


def _remove_if_empty(folder: Path) -> bool:
    """Remove `folder` if it is empty (an event or page that went away); whether it was removed."""
    try:
        folder.rmdir()
    except OSError:  # not empty (or not ours to remove)
        return False
    return True


def build_manifest(report: RunReport, batch: Batch, paths: list[Path], files: list[str]) -> str:
    by_name = {a.page.name: a for a in batch.articles}
    events_by_article = {a.id: e for e in batch.events for a in e.articles}
    failed = {f.name: f.reason for f in batch.failures}
    inputs = []
    for path in paths:
        name = printable(path.name)
        article = by_name.get(name)
        entry: dict[str, object] = {"file": name, "status": "failed" if name in failed else "ok"}
        if article:
            entry.update(
                id=article.id,
                sha256=article.page.sha256,
                encoding=article.page.encoding,
                warnings=article.page.warnings,
                **article_findings(article, events_by_article.get(article.id)),
            )
        else:
            entry.update(sha256=ingest.file_sha256(path), reason=failed.get(name))
        inputs.append(entry)
    manifest = {
        "generator": f"briefing {__version__}",
        "python": platform.python_version(),
        "packages": _versions(),
        "config": batch.config,
        "methods": batch.methods,
        "inputs": inputs,
        "failures": [{"file": f.name, "reason": f.reason} for f in batch.failures],
        "warnings": batch.warnings,
        "quality": {
            "dropped_summary_sentences": batch.dropped,
            "flagged_translations": [
                {"where": where, "language": lang, "sentence": s.text, "issues": issues}
                for where, sentences in _summaries(batch)
                for s in sentences
                for lang, issues in sorted(s.flags.items())
            ],
        },
        "counts": {
            "pages": len(paths),
            "articles": len(batch.articles),
            "failed": len(batch.failures),
            "events": len(batch.events),
            "fragments": sum(len(a.fragments) for a in batch.articles),
            "fragment_actions": dict(sorted(report.fragment_actions.items())),
            "files_written": len(report.written),
            "files_unchanged": len(report.unchanged),
            "files_removed": len(report.removed),
            "cache_hits": report.cache_hits,
        },
        "events": [event_findings(e) for e in batch.events],
        "files": files,
        "timings_s": {k: round(v, 4) for k, v in report.timings.items()},
    }
    return json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=k) for k in range((end - start).days + 1)]


def meeting_days(article: Article, event: Event | None) -> list[dt.date]:
    """The days of the meeting the page is about: its event's days, for a report and for a page
    that comments on the meeting; for a preview, the days it announces (the event's days are set
    by reports and may differ from what was announced)."""
    if event is None:
        return []
    if event.article_kinds.get(article.id) != "preview" and event.start is not None:
        return _days(event.start, event.end or event.start)
    own = event.article_days.get(article.id)
    return _days(*own) if own else []


def article_findings(article: Article, event: Event | None) -> dict[str, object]:
    """What the page says, for the manifest: its language, dates (ISO, or null) and people."""
    meta = article.meta
    return {
        "language": article.language,
        "published": _iso(meta.published),
        "dates_mentioned": sorted({d.date.isoformat() for d in meta.dates}),
        "meeting_dates": [day.isoformat() for day in meeting_days(article, event)],
        "people": [p.name for p in meta.people],
        "event": event.slug if event else None,
        "kind": event.article_kinds.get(article.id) if event else None,
    }


def event_findings(event: Event) -> dict[str, object]:
    """The meeting an event reports, for the manifest: its days, venue, host and who took part."""
    return {
        "slug": event.slug,
        "articles": [a.id for a in event.articles],
        "start": _iso(event.start),
        "end": _iso(event.end),
        "venue": event.venue,
        "host": event.host,
        "venue_places": event.venue_places,
        "participants": [{"name": p.name, "role": p.role, "country": p.country} for p in event.participants],
        "article_kinds": event.article_kinds,
        "mentioned": [p.name for p in event.mentioned],
        "notes": event.notes,
    }


def _summaries(batch: Batch):
    yield from ((a.id, a.summary) for a in batch.articles)
    yield from ((f"event {e.slug}", e.summary) for e in batch.events)


def _versions() -> dict[str, str]:
    versions = {}
    for name in RECORDED_PACKAGES:
        try:
            versions[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            continue
    return versions


def summarise_files(paths: list[Path], cfg: Config, *, strict: bool = False) -> Batch:
    """The one-off `briefing summarise`: the same stages, no cache, no files written."""
    return Pipeline(cfg, strict=strict).build(paths)


def detect_files(paths: list[Path], cfg: Config) -> tuple[list[Article], list[PageFailure]]:
    """`briefing detect`: stages 1-5 only, for the fragment report."""
    return Pipeline(cfg).analyse(paths)
