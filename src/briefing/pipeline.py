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

import hashlib
import json
import logging
import platform
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata as importlib_metadata
from pathlib import Path

from . import __version__, clean, events, ingest, langid, metadata, segment
from .config import Config
from .document import Article, Batch, Event, PageFailure, SummarySentence
from .errors import BriefingError
from .fsutil import atomic_write, remove_stale_temp_files, safe_join
from .glossary import Glossary
from .localise import Localiser
from .render import render
from .translate import Translator, load_translator

log = logging.getLogger(__name__)

#: Packages whose versions go into manifest.json.
RECORDED_PACKAGES = ("briefing", "lingua-language-detector", "langdetect", "trafilatura", "babel", "numpy", "torch", "transformers", "ctranslate2", "sentencepiece")


@dataclass
class RunReport:
    batch: Batch
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    pages_seen: int = 0

    @property
    def fragments(self) -> list:
        return [f for a in self.batch.articles for f in a.fragments]

    def summary_line(self) -> str:
        frags = self.fragments
        stripped = sum(f.action == "stripped" for f in frags)
        translated = sum(f.action == "translated" for f in frags)
        kept = sum(f.action == "untranslated" for f in frags)
        return (
            f"{self.pages_seen} pages read, {len(self.batch.events)} events, "
            f"{len(self.written)} files written ({len(self.unchanged)} unchanged), "
            f"fragments: {stripped} stripped, {translated} translated, {kept} untranslated; "
            f"{len(self.batch.failures)} failed"
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
        self._summariser = None
        self._translator: Translator | None = None

    # -- models, built on first use -------------------------------------------------

    @property
    def summariser(self):
        if self._summariser is None:
            from .summarise import load_summariser

            self._summariser = load_summariser(self.cfg.summary, self.cfg.runtime, strict=self.strict, warn=self.warnings.append)
        return self._summariser

    @property
    def translator(self) -> Translator:
        if self._translator is None:
            self._translator = load_translator(self.cfg, self.glossary.forms_for, strict=self.strict, warn=self.warnings.append)
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

    def analyse(self, paths: Iterable[Path], on_page: Callable[[Path, str | None], None] | None = None) -> tuple[list[Article], list[PageFailure]]:
        """Read and analyse pages. A page that fails is recorded; the rest go on."""
        pages, failures = [], []
        with self.timer.stage("ingest"):
            for path in paths:
                try:
                    pages.append(ingest.read_page(path, max_chars=self.cfg.limits.max_page_chars))
                except BriefingError as exc:
                    failures.append(PageFailure(path, getattr(exc, "problem", str(exc))))
                    if on_page:
                        on_page(path, failures[-1].reason)
        with self.timer.stage("clean"):
            repeated = clean.site_boilerplate(pages)
        articles = []
        for page in pages:
            try:
                articles.append(self.analyse_page(page, repeated.get(clean.site_key(page), frozenset())))
                if on_page:
                    on_page(page.path, None)
            except Exception as exc:  # one bad page never sinks the batch
                log.debug("page %s failed", page.path, exc_info=True)
                reason = str(exc) if isinstance(exc, BriefingError) else f"internal error: {type(exc).__name__}: {exc}"
                failures.append(PageFailure(page.path, reason))
                if on_page:
                    on_page(page.path, reason)
        failures.sort(key=lambda f: f.path.name)
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
            raise BriefingError("nothing left after removing boilerplate (page is all navigation, share buttons or teasers)")
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
                    for sentence, result in zip(sentences, translator.translate([s.text for s in sentences], lang, "en")):
                        if result.status == "ok":
                            sentence.english = result.text

    # -- stages 7-9 ----------------------------------------------------------------------

    def group(self, articles: list[Article]) -> list[Event]:
        with self.timer.stage("events"):
            return events.group(articles, self.glossary)

    def summarise(self, articles: list[Article], grouped: list[Event]) -> None:
        summariser = self.summariser
        with self.timer.stage("summarise"):
            for article in articles:
                article.summary = summariser.summarise_article(article)
                article.summary_method = summariser.describe()
            for event in grouped:
                event.summary = summariser.summarise_event(event)
                event.summary_method = summariser.describe()

    def translate_summaries(self, articles: list[Article], grouped: list[Event]) -> None:
        sentences: list[SummarySentence] = [s for a in articles for s in a.summary] + [s for e in grouped for s in e.summary]
        with self.timer.stage("translate"):
            for lang in self.cfg.languages:
                if lang == "en":
                    continue
                unique = list(dict.fromkeys(s.text for s in sentences))
                results = dict(zip(unique, self.translator.translate(unique, "en", lang)))
                for sentence in sentences:
                    result = results[sentence.text]
                    if result.text is not None:
                        sentence.translations[lang] = result.text
                    if result.status == "flagged":
                        sentence.flags[lang] = list(result.issues)

    # -- the whole job ---------------------------------------------------------------------

    def build(self, paths: list[Path], on_page=None) -> Batch:
        articles, failures = self.analyse(paths, on_page)
        self.translate_quotes(articles)
        grouped = self.group(articles)
        self.summarise(articles, grouped)
        self.translate_summaries(articles, grouped)
        return Batch(
            articles=articles,
            events=grouped,
            failures=failures,
            languages=tuple(self.cfg.languages),
            methods=self.methods(),
            config=self.cfg.signature(),
            warnings=list(dict.fromkeys(self.warnings)),
        )

    def run(self, corpus: Path, out: Path, on_page=None) -> RunReport:
        start = time.perf_counter()
        paths = ingest.discover(corpus)
        batch = self.build(paths, on_page)
        report = RunReport(batch, pages_seen=len(paths))
        with self.timer.stage("render"):
            files = render(batch, {lang: Localiser(self.glossary, lang) for lang in batch.languages})
        with self.timer.stage("write"):
            out.mkdir(parents=True, exist_ok=True)
            remove_stale_temp_files(out)
            for rel, text in sorted(files.items()):
                target = safe_join(out, *rel.split("/"))
                target.parent.mkdir(parents=True, exist_ok=True)
                (report.written if atomic_write(target, text) else report.unchanged).append(rel)
        report.timings = dict(self.timer.timings, total=time.perf_counter() - start)
        manifest = build_manifest(report, paths)
        (report.written if atomic_write(out / "manifest.json", manifest) else report.unchanged).append("manifest.json")
        return report


def build_manifest(report: RunReport, paths: list[Path]) -> str:
    batch = report.batch
    by_name = {a.page.path.name: a for a in batch.articles}
    failed = {f.path.name: f.reason for f in batch.failures}
    inputs = []
    for path in paths:
        article = by_name.get(path.name)
        entry = {"file": path.name, "status": "failed" if path.name in failed else "ok"}
        if article:
            entry.update(id=article.id, sha256=article.page.sha256, encoding=article.page.encoding, warnings=article.page.warnings)
        else:
            entry.update(sha256=_sha256(path), reason=failed.get(path.name))
        inputs.append(entry)
    manifest = {
        "generator": f"briefing {__version__}",
        "python": platform.python_version(),
        "packages": _versions(),
        "config": batch.config,
        "methods": batch.methods,
        "inputs": inputs,
        "failures": [{"file": f.path.name, "reason": f.reason} for f in batch.failures],
        "warnings": batch.warnings,
        "counts": {
            "pages": len(paths),
            "articles": len(batch.articles),
            "failed": len(batch.failures),
            "events": len(batch.events),
            "fragments": len(report.fragments),
            "files_written": len(report.written),
            "files_unchanged": len(report.unchanged),
        },
        "events": [{"slug": e.slug, "articles": [a.id for a in e.articles]} for e in batch.events],
        "timings_s": {k: round(v, 4) for k, v in report.timings.items()},
    }
    return json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _versions() -> dict[str, str]:
    versions = {}
    for name in RECORDED_PACKAGES:
        try:
            versions[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            continue
    return versions


def summarise_files(paths: list[Path], cfg: Config, *, strict: bool = False) -> Batch:
    """The one-off `briefing summarise`: the same stages, no files written."""
    return Pipeline(cfg, strict=strict).build(paths)


def detect_files(paths: list[Path], cfg: Config) -> tuple[list[Article], list[PageFailure]]:
    """`briefing detect`: stages 1-5 only, for the fragment report."""
    return Pipeline(cfg).analyse(paths)

