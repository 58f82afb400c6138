"""The per-page plan and where it runs: stage contracts, the process pool, and byte-identical outputs."""

from __future__ import annotations

import copy
import multiprocessing
import pickle
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mixed_corpus
from briefing import clean, events, ingest, summarise
from briefing import pipeline as pipeline_module
from briefing.cli import Exit, app
from briefing.config import load_config
from briefing.document import Article
from briefing.errors import StageOrderError, UsageError
from briefing.executors import local as local_executor
from briefing.executors import make_executor
from briefing.glossary import Glossary
from briefing.interfaces import Translation, Translator
from briefing.langid import LanguageIdentifier
from briefing.pipeline import Pipeline
from briefing.stages import PageTask, PageWorker, RunContext, RunModels, analyse, compact, restore, translate_quotes

OFFLINE = {"translation.backend": "none", "summary.backend": "extractive", "cache.enabled": False}
runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return mixed_corpus.build(tmp_path_factory.mktemp("mixed") / "corpus")


@pytest.fixture(scope="module")
def serial(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("serial") / "out"
    report = Pipeline(load_config(None, **OFFLINE), workers=1).run(corpus, out)
    return report, mixed_corpus.outputs(out)


@pytest.fixture
def pool_for_any_size(monkeypatch):
    """Start the pool even for a dozen pages (the default waits for MIN_PAGES_PER_WORKER per worker)."""
    monkeypatch.setattr(local_executor, "MIN_PAGES_PER_WORKER", 1)


def _context() -> RunContext:
    return RunContext(load_config(None, **OFFLINE), Glossary.load(None))


# -- byte-identical outputs ---------------------------------------------------------------


def test_two_workers_write_the_same_bytes_as_one(corpus, serial, tmp_path, pool_for_any_size):
    report, expected = serial
    pipeline = Pipeline(load_config(None, **OFFLINE), workers=2)
    parallel = pipeline.run(corpus, tmp_path / "out")
    assert parallel.timings["per_page"] > 0 and pipeline.timings["executor_startup"] > 0  # the pool did run
    assert mixed_corpus.outputs(tmp_path / "out") == expected  # every file, manifest and run record included
    assert [(f.name, f.reason) for f in parallel.failures] == [(f.name, f.reason) for f in report.failures]
    assert [f.name for f in report.failures] == ["empty.txt"]  # one bad file, the batch goes on


def test_the_driver_reads_what_the_workers_prepared(corpus, serial, tmp_path, pool_for_any_size, monkeypatch):
    """Grouping features and each article's offer to its event summary are made in the workers
    (stage "prepare"); the driver, where they would run one page at a time, never makes them again."""

    def not_on_the_driver(*args, **kwargs):
        raise AssertionError("made again on the driver")

    monkeypatch.setattr(events, "features", not_on_the_driver)
    monkeypatch.setattr(summarise, "_rank_article", not_on_the_driver)
    out = tmp_path / "out"
    report = Pipeline(load_config(None, **OFFLINE), workers=2).run(corpus, out)
    assert report.timings["prepare"] > 0
    assert mixed_corpus.outputs(out) == serial[1]


def test_mixed_corpus_really_mixes_languages(serial):
    report, _ = serial
    assert {a.language for a in report.batch.articles} == {"en", "hy", "az", "ru", "tr"}
    assert len({a.id for a in report.batch.articles}) == len(report.batch.articles)  # same stem, distinct ids


def test_the_cache_written_by_a_pool_serves_a_single_worker(corpus, serial, tmp_path, pool_for_any_size):
    """Per-page cache keys do not depend on where a page was analysed."""
    _, expected = serial
    settings = {**OFFLINE, "cache.enabled": True, "cache.path": str(tmp_path / "cache")}
    Pipeline(load_config(None, **settings), workers=2).run(corpus, tmp_path / "warm")
    again = Pipeline(load_config(None, **settings), workers=1).run(corpus, tmp_path / "out")
    assert again.cache_hits == len(again.batch.articles) > 0
    briefings = {k: v for k, v in mixed_corpus.outputs(tmp_path / "out").items() if not k.endswith(".json")}
    assert briefings == {k: v for k, v in expected.items() if not k.endswith(".json")}  # the manifest counts hits


def test_progress_is_reported_for_every_page(corpus, tmp_path, pool_for_any_size):
    seen: list[tuple[str, str | None]] = []
    Pipeline(load_config(None, **OFFLINE), workers=2).run(
        corpus, tmp_path / "out", on_page=lambda path, reason: seen.append((path.name, reason))
    )
    assert sorted(name for name, _ in seen) == sorted(p.name for p in corpus.iterdir())
    assert [name for name, reason in seen if reason] == ["empty.txt"]


def test_the_workers_are_gone_before_the_cross_page_steps(corpus, tmp_path, pool_for_any_size, monkeypatch):
    """Grouping and event summaries grow the driver's memory: the workers' is given back first."""
    alive: list[int] = []
    group = pipeline_module.events.group

    def watched(*args, **kwargs):
        alive.append(len(multiprocessing.active_children()))
        return group(*args, **kwargs)

    monkeypatch.setattr(pipeline_module.events, "group", watched)
    pipeline = Pipeline(load_config(None, **OFFLINE), workers=2)
    report = pipeline.run(corpus, tmp_path / "out")
    assert pipeline.timings["executor_startup"] > 0  # a pool did run
    assert alive == [0]
    assert all(event.summary for event in report.batch.events)  # summarised here, after the pool


# -- the pool's policy -----------------------------------------------------------------------


def test_a_small_run_starts_no_pool(corpus):
    context = _context()
    with make_executor("local", context, RunModels(context), workers=2) as executor:
        results = list(executor.read(sorted(corpus.iterdir())))
        assert executor._pool is None and executor.startup_s == 0.0
    assert len(results) == len(list(corpus.iterdir()))


@pytest.mark.parametrize(
    ("pages", "workers", "chunk"),
    [
        (10, 2, 2),  # a quarter of each worker's share
        (10_000, 2, local_executor.CHUNK_PAGES),  # capped
        (3, 2, 1),
    ],
)
def test_pages_go_to_workers_in_chunks_in_order(pages, workers, chunk):
    executor = local_executor.LocalExecutor(_context(), RunModels(_context()), workers=workers)
    executor._size = workers
    chunks = executor._chunks(list(range(pages)))
    assert max(len(c) for c in chunks) == chunk
    assert [i for c in chunks for i in c] == list(range(pages))


def test_site_repeats_are_counted_once_from_every_page(corpus):
    context = _context()
    paths = sorted(corpus.iterdir())
    with make_executor("local", context, RunModels(context)) as executor:
        results = list(executor.read(paths))
        counted = executor.repeated_lines(results)
    assert counted == clean.site_boilerplate(r.page for r in results if r.page is not None)


@pytest.mark.parametrize(("name", "workers", "problem"), [("spark", 1, "unknown executor"), ("local", 0, "at least 1")])
def test_bad_executor_settings_are_refused(name, workers, problem):
    context = _context()
    with pytest.raises(UsageError, match=problem):
        make_executor(name, context, RunModels(context), workers=workers)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "0"], "--workers"),
        (["--executor", "spark"], "--executor"),
        (["--ray-address", "auto"], "--ray-address needs --executor ray"),
    ],
)
def test_cli_refuses_bad_run_options(tmp_path, args, message):
    result = runner.invoke(app, ["run", str(mixed_corpus.PAGES / "en"), "--out", str(tmp_path / "out"), *args])
    assert result.exit_code == Exit.USAGE, result.output
    assert message in result.output
    assert not (tmp_path / "out").exists()


# -- stage contracts ------------------------------------------------------------------------------


def test_language_identifier_pickles_as_its_settings():
    cfg = load_config(None, **OFFLINE)
    identifier = LanguageIdentifier(cfg.langid)
    text = "Мы призываем обе стороны воздержаться от шагов"
    rebuilt = pickle.loads(pickle.dumps(identifier))
    assert rebuilt.detect(text) == identifier.detect(text) == ("ru", pytest.approx(identifier.detect(text)[1]))
    assert rebuilt.describe() == identifier.describe()


def test_run_context_pickles_for_the_workers():
    context = _context()
    copied = pickle.loads(pickle.dumps(context))
    assert copied.cfg.signature() == context.cfg.signature()
    assert [e.forms for e in copied.glossary.entries] == [e.forms for e in context.glossary.entries]


def test_an_article_says_which_stages_have_run(corpus):
    page = ingest.read_page(next(corpus.glob("az-*.txt")))
    fresh = Article(page=page)
    assert fresh.language is None and fresh.stages == [] and fresh.summary_method == ""
    with pytest.raises(StageOrderError, match="before language identification"):
        fresh.main_language  # noqa: B018
    result = PageWorker(_context())(PageTask(page, frozenset()))
    assert result.article is not None and result.failure is None
    assert result.article.stages == ["clean", "langid", "segment", "metadata", "quotes", "summarise", "translate"]
    assert result.article.main_language == "az"
    assert set(result.timings) >= {"clean", "langid", "segment", "metadata", "summarise"}


def test_stages_leave_their_inputs_as_they_were(corpus):
    context = _context()
    worker = PageWorker(context)
    page = ingest.read_page(next(corpus.glob("en-*.txt")))
    before = copy.deepcopy(page)
    article = analyse(page, frozenset(), worker.identifier, context.glossary, {})
    assert page == before
    fragment = replace(
        article.fragments[0] if article.fragments else _fragment(page.id),
        kind="content",
        language="ru",
        action="untranslated",
    )
    article = replace(article, fragments=[fragment])
    analysed = copy.deepcopy(article)
    translated = translate_quotes(article, _Prefixing(), {})
    assert article == analysed  # the quote stage returned a new article ...
    assert translated.fragments[0].translation == f"EN {fragment.text}"  # ... with its own fields filled
    assert translated.fragments[0].action == "translated" and translated.stages[-1] == "quotes"


def _fragment(page_id: str):
    from briefing.document import Fragment

    return Fragment(page_id, 1, 0, 5, "Слава", "Cyrillic", "ru", 1.0, "content", "untranslated")


class _Prefixing(Translator):
    name = "prefix"

    def __init__(self) -> None:  # no model, no settings
        pass

    def translate(self, texts, src, tgt):
        return [Translation(t, f"EN {t}", "ok", backend=self.name) for t in texts]

    def supports(self, src: str, tgt: str) -> bool:
        return True

    def describe(self) -> str:
        return "prefix"


def test_results_travel_back_without_the_page_text(corpus):
    """Workers return compact results; the caller puts its own page back, and only the right one."""
    page = ingest.read_page(next(corpus.glob("hy-*.txt")))
    result = PageWorker(_context())(PageTask(page, frozenset()))
    slim = compact(result)
    assert slim.article is not None and slim.article.page.text == "" and result.article.page.text == page.text
    assert slim.prepared is not None and slim.prepared.features.article is slim.article  # no second copy of the text
    assert restore(slim, page).article == result.article
    other = replace(page, id="another")
    with pytest.raises(ValueError, match="another"):
        restore(slim, other)
