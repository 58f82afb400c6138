"""The Ray Data executor on a local 2-CPU cluster (CI starts one here): the same bytes as the local executor.

Few and fast: one cluster for the module, one run each way on a dozen mixed pages.
"""

from __future__ import annotations

import pytest

import mixed_corpus
from briefing import clean
from briefing.config import load_config
from briefing.executors import make_executor
from briefing.glossary import Glossary
from briefing.pipeline import Pipeline
from briefing.stages import RunContext, RunModels

ray = pytest.importorskip("ray", reason="the ray extra is not installed (pip install 'briefing[ray]')")

OFFLINE = {"translation.backend": "none", "summary.backend": "extractive", "cache.enabled": False}


@pytest.fixture(scope="module")
def cluster():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return mixed_corpus.build(tmp_path_factory.mktemp("mixed") / "corpus")


def test_ray_writes_the_same_bytes_as_the_local_executor(cluster, corpus, tmp_path):
    cfg = load_config(None, **OFFLINE)
    local = Pipeline(cfg, workers=1).run(corpus, tmp_path / "local")
    distributed = Pipeline(cfg, workers=2, executor="ray").run(corpus, tmp_path / "ray")
    assert mixed_corpus.outputs(tmp_path / "ray") == mixed_corpus.outputs(tmp_path / "local")
    assert [(f.name, f.reason) for f in distributed.failures] == [(f.name, f.reason) for f in local.failures]
    assert distributed.failures and len(distributed.batch.articles) == len(local.batch.articles)
    assert ray.is_initialized()  # a cluster the caller started is left running


def test_site_repeats_group_by_matches_the_local_count(cluster, corpus):
    context = RunContext(load_config(None, **OFFLINE), Glossary.load(None))
    with make_executor("ray", context, RunModels(context), workers=2) as executor:
        results = list(executor.read(sorted(corpus.iterdir())))
        counted = executor.repeated_lines(results)
    pages = [r.page for r in results if r.page is not None]
    assert counted == clean.site_boilerplate(pages)
    assert [r.path.name for r in results] == sorted(p.name for p in corpus.iterdir())  # input order


def test_results_stream_back_in_input_order():
    """Rows that Ray returns early wait for the rows before them; a lost row is an error, not a shifted result."""
    import pickle

    from briefing.executors.ray import _in_order

    rows = [{"index": i, "blob": pickle.dumps(f"page {i}")} for i in (1, 0, 3, 2, 4)]
    consumed: list[int] = []

    def streamed():
        for row in rows:
            consumed.append(row["index"])
            yield row

    results = _in_order(streamed())
    assert next(results) == "page 0" and consumed == [1, 0]  # yielded before the rest arrived
    assert list(results) == ["page 1", "page 2", "page 3", "page 4"]
    with pytest.raises(RuntimeError, match="no row 1 before row 2"):
        list(_in_order(r for r in rows if r["index"] != 1))
