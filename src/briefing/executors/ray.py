"""The per-page plan on a Ray cluster (`briefing run --executor ray`; needs `briefing[ray]`).

    read       map_batches(ReadPages)      CPU actors, one PageWorker each
    repeats    groupby(site).map_groups    the lines each site repeats, counted per site
    analyse    map_batches(AnalysePages)   CPU actors: clean, langid, segment, metadata
    finish     map_batches(FinishPages)    quotes and article summaries, in their own actor
                                           pool (one GPU per actor when `runtime.device` is
                                           cuda) when a model is configured; else in AnalysePages

Each actor class builds its heavy objects (the language identifier, the models) once,
in its constructor, from the `RunContext` it is given once. Rows carry a running index
and their record pickled, so results come back in input order and a file name that is
not UTF-8 survives. The cross-page steps run on the driver (`briefing.pipeline`).

Results stream back to the driver (`iter_rows`) and are put back in input order as
they come, so the driver never holds every page's result twice (pickled and not).

Every node must be able to read the corpus at the same path (shared storage), have
`briefing` and its models installed; see the README, "Running on a Ray cluster".
"""

from __future__ import annotations

import json
import logging
import pickle
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .. import clean
from ..errors import UsageError
from ..stages import PageResult, PageTask, PageWorker, ReadResult, RunContext, RunModels, compact, restore

#: Pages per batch handed to an actor: as `executors.local.CHUNK_PAGES`, large enough that
#: Ray's per-batch cost (a few ms) is small against the batch's work.
BATCH_PAGES = 32
#: Actors in the model pool when a neural model is configured: one per GPU asked for, and
#: on CPU one, so the model is loaded once, as in the local executor.
MODEL_ACTORS = 1
#: At most this many partitions for the site group-by: a corpus has tens of sites, and
#: Ray's default (200) spends seconds shuffling empty partitions.
SITE_PARTITIONS = 16
#: The site column of a page that could not be read (a site is its key as JSON, never "").
UNREAD = ""


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise UsageError("--executor ray needs Ray: pip install 'briefing[ray]' (or 'ray[data]>=2.40')") from None
    return ray


class RayExecutor:
    """`--executor ray [--ray-address ADDR]`: joins a cluster, or starts a local one with `workers` CPUs."""

    def __init__(self, context: RunContext, models: RunModels, *, workers: int = 1, address: str | None = None):
        ray = _ray()
        self.context = context
        self.models = models
        self.workers = workers
        self.address = address
        start = time.perf_counter()
        self._started = not ray.is_initialized()
        if self._started:
            kwargs: dict[str, Any] = {
                "include_dashboard": False,
                "log_to_driver": False,
                "logging_level": logging.WARNING,
            }
            if address is None:
                kwargs["num_cpus"] = workers
            ray.init(address=address, **kwargs)
        logging.getLogger("ray.data").setLevel(logging.WARNING)
        data = ray.data.DataContext.get_current()
        data.enable_progress_bars = False
        # A pull-based sort shuffle for the site group-by: the hash shuffle starts aggregator
        # actors (about 7 s on a 2-CPU machine) to group a few hundred small rows.
        data.shuffle_strategy = ray.data.context.ShuffleStrategy.SORT_SHUFFLE_PULL_BASED
        self.startup_s = time.perf_counter() - start
        self._read: Any = None

    def describe(self) -> str:
        return f"ray ({self.address or 'local cluster'}, {self.workers} actors)"

    def read(self, paths: Sequence[Path]) -> Iterator[ReadResult]:
        ray = _ray()
        if not paths:
            return iter(())
        items = [{"index": i, "blob": pickle.dumps(path)} for i, path in enumerate(paths)]
        self._read = (
            ray.data.from_items(items)
            .map_batches(
                ReadPages,
                fn_constructor_args=(self.context,),
                compute=ray.data.ActorPoolStrategy(size=self.workers),
                batch_size=BATCH_PAGES,
                batch_format="numpy",
            )
            .materialize()
        )
        return _in_order(self._read.select_columns(["index", "blob"]).iter_rows())

    def repeated_lines(self, results: Sequence[ReadResult]) -> dict[str | None, frozenset[str]]:
        """The lines each site repeats: a group-by over the pages the last `read` returned (`results`)."""
        if self._read is None:
            return {}
        sites = len({row["site"] for row in self._read.select_columns(["site"]).take_all()})
        counted = self._read.groupby("site", num_partitions=max(1, min(sites, SITE_PARTITIONS))).map_groups(
            _count_site, batch_format="numpy"
        )
        repeated = {
            json.loads(row["site"]): frozenset(row["lines"].split("\n")) - {""}
            for row in counted.iter_rows()
            if row["site"] != UNREAD
        }
        self._read = None  # the pages leave the object store: the driver holds them
        return repeated

    def analyse(self, tasks: Sequence[PageTask], finish: bool = True) -> Iterator[PageResult]:
        ray = _ray()
        if not tasks:
            return iter(())
        heavy = finish and self.models.uses_models()
        items = [{"index": i, "blob": pickle.dumps(task)} for i, task in enumerate(tasks)]
        dataset = ray.data.from_items(items).map_batches(
            AnalysePages,
            fn_constructor_args=(self.context, finish and not heavy),
            compute=ray.data.ActorPoolStrategy(size=self.workers),
            batch_size=BATCH_PAGES,
            batch_format="numpy",
        )
        if heavy:
            gpus = 1 if self.context.cfg.runtime.device == "cuda" else 0
            dataset = dataset.map_batches(
                FinishPages,
                fn_constructor_args=(self.context,),
                compute=ray.data.ActorPoolStrategy(size=MODEL_ACTORS),
                num_gpus=gpus,
                batch_size=BATCH_PAGES,
                batch_format="numpy",
            )
        return (restore(result, task.page) for result, task in zip(_in_order(dataset.iter_rows()), tasks))

    def __enter__(self):
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._read = None
        if self._started:
            _ray().shutdown()
            self._started = False


def _in_order(rows: Iterable[dict]) -> Iterator[Any]:
    """The rows' records in index order, as the rows stream in (a row that comes early waits for
    those before it): the driver never holds every result at once, as `take_all` would."""
    waiting: dict[int, bytes] = {}
    expected = 0
    for row in rows:
        waiting[int(row["index"])] = row["blob"]
        while expected in waiting:
            yield pickle.loads(waiting.pop(expected))
            expected += 1
    if waiting:
        raise RuntimeError(f"Ray returned no row {expected} before row {min(waiting)}")


def _batch(index: Any, records: list[Any], **columns: list[str]) -> dict[str, np.ndarray]:
    blobs = np.empty(len(records), dtype=object)
    blobs[:] = [pickle.dumps(record) for record in records]
    return {"index": np.asarray(index), "blob": blobs, **{k: np.asarray(v, dtype=object) for k, v in columns.items()}}


class ReadPages:
    """Stage "read" for a batch of paths, with each page's site and repeat candidates for the group-by."""

    def __init__(self, context: RunContext):
        self.worker = PageWorker(context)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        results = [self.worker.read(pickle.loads(blob)) for blob in batch["blob"]]
        sites = [UNREAD if r.page is None else json.dumps(clean.site_key(r.page)) for r in results]
        candidates = ["\n".join(sorted(r.candidates)) for r in results]
        slim = [ReadResult(r.path, r.page, frozenset(), r.failure) for r in results]  # candidates travel apart
        return _batch(batch["index"], slim, site=sites, candidates=candidates)


def _count_site(group: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """One site's repeated lines, from its pages' candidates (`clean.repeated_lines`)."""
    pages = [frozenset(text.split("\n")) - {""} for text in group["candidates"]]
    lines = clean.repeated_lines(pages)
    return {
        "site": np.asarray(group["site"][:1], dtype=object),
        "lines": np.asarray(["\n".join(sorted(lines))], dtype=object),
    }


class AnalysePages:
    """Stages clean to metadata for a batch of pages; the model stages too when no model is configured."""

    def __init__(self, context: RunContext, finish: bool):
        self.worker = PageWorker(context)
        self.finish = finish

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        tasks = [pickle.loads(blob) for blob in batch["blob"]]
        if self.finish:
            return _batch(batch["index"], [compact(self.worker(task)) for task in tasks])
        return _batch(batch["index"], [self.worker.analyse_page(task) for task in tasks])


class FinishPages:
    """The model stages (quotes, article summaries), with the models loaded once per actor."""

    def __init__(self, context: RunContext):
        self.worker = PageWorker(context)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        results = [self.worker.finish(pickle.loads(blob)) for blob in batch["blob"]]
        return _batch(batch["index"], [compact(result) for result in results])
