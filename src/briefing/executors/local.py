"""The per-page plan on this machine: in this process, or in a pool of worker processes.

Pages go to the workers in chunks (`chunk_size`), not one by one, and come back in
their input order. Each worker builds its `PageWorker` once, from the `RunContext`
it is sent once (`_start_worker`): the glossary is never pickled per page.

Workers are spawned, not forked: a fork of a process holding a model's threads
(torch) can deadlock, and a spawned worker is the same on every platform. When the
run uses a neural model, the workers run only the CPU stages and this process runs
the model stages (`PageWorker.finish`) as results arrive, so the model is loaded
once, not once per worker.
"""

from __future__ import annotations

import math
import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from .. import clean
from ..stages import PageResult, PageTask, PageWorker, ReadResult, RunContext, RunModels, compact, restore

T = TypeVar("T")
R = TypeVar("R")

#: Below this many pages per worker the pool is not worth starting: a spawned worker
#: takes about 0.5 s to import `briefing` and 1 s to load the language models on its
#: first page, while a page costs about 5-10 ms (README, "Measured"), so a worker
#: pays for itself from about 200 pages. Smaller runs use fewer workers, or none.
MIN_PAGES_PER_WORKER = 200

#: Pages per chunk sent to a worker, at most: large enough that the pickling and
#: queueing per chunk (about 1 ms) is small against its work (32 pages, 0.2-0.3 s),
#: small enough that the two workers finish together. Smaller corpora get chunks
#: of a quarter of a worker's share.
CHUNK_PAGES = 32
CHUNKS_PER_WORKER = 4
#: Chunks submitted to each worker ahead of the results read back: enough that a worker never
#: waits for the next chunk, few enough that pickled chunks do not pile up in this process.
IN_FLIGHT_PER_WORKER = 3


class LocalExecutor:
    """`--executor local --workers N`: a process pool of N workers, or this process alone."""

    def __init__(
        self,
        context: RunContext,
        models: RunModels,
        *,
        workers: int = 1,
        min_pages_per_worker: int | None = None,
    ):
        self.context = context
        self.models = models
        self.workers = workers
        self.min_pages_per_worker = MIN_PAGES_PER_WORKER if min_pages_per_worker is None else min_pages_per_worker
        self.startup_s = 0.0
        self._pool: ProcessPoolExecutor | None = None
        self._size = 1
        self._here: PageWorker | None = None

    def describe(self) -> str:
        return f"local ({self.workers} worker{'s' if self.workers != 1 else ''})"

    def read(self, paths: Sequence[Path]) -> Iterator[ReadResult]:
        pool = self._pool_for(len(paths))
        if pool is None:
            here = self._worker()
            return (here.read(path) for path in paths)
        return self._map(pool, _read_chunk, self._chunks(list(paths)))

    def repeated_lines(self, results: Sequence[ReadResult]) -> dict[str | None, frozenset[str]]:
        """The lines each site repeats, counted here from the pages' candidates (`clean.repeated_lines`)."""
        by_site: dict[str | None, list[frozenset[str]]] = {}
        for result in results:
            if result.page is not None:
                by_site.setdefault(clean.site_key(result.page), []).append(result.candidates)
        return {site: clean.repeated_lines(candidates) for site, candidates in by_site.items()}

    def analyse(self, tasks: Sequence[PageTask], finish: bool = True) -> Iterator[PageResult]:
        pool = self._pool_for(len(tasks))
        if pool is None:
            here = self._worker()
            return (here(task) if finish else here.analyse_page(task) for task in tasks)
        finish_here = finish and self.models.uses_models()
        compacted = self._map(pool, _analyse_chunk, self._chunks(list(tasks)), finish and not finish_here)
        results = (restore(result, task.page) for result, task in zip(compacted, tasks))
        if not finish_here:
            return results
        here = self._worker()
        return (here.finish(result) for result in results)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    # -- internals ---------------------------------------------------------------------

    def _worker(self) -> PageWorker:
        """The worker in this process, sharing the run's models (built once)."""
        if self._here is None:
            self._here = PageWorker(self.context, self.models)
        return self._here

    def _pool_for(self, items: int) -> ProcessPoolExecutor | None:
        """The pool, started on first need; None when this run is too small for more than one worker."""
        if self.workers < 2 or items < 2 * self.min_pages_per_worker:
            return None
        if self._pool is None:
            start = time.perf_counter()
            size = min(self.workers, items // self.min_pages_per_worker)
            self._pool = ProcessPoolExecutor(
                max_workers=size,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(self.context,),
            )
            self._size = size
            list(self._pool.map(_ready, range(size)))  # spawn every worker now: start-up is timed apart
            self.startup_s += time.perf_counter() - start
        return self._pool

    def _chunks(self, items: list[T]) -> list[list[T]]:
        size = max(1, min(CHUNK_PAGES, math.ceil(len(items) / (self._size * CHUNKS_PER_WORKER))))
        return [items[i : i + size] for i in range(0, len(items), size)]

    def _map(
        self, pool: ProcessPoolExecutor, fn: Callable[..., list[R]], chunks: list[list[T]], *args: Any
    ) -> Iterator[R]:
        """`fn(chunk, *args)` for each chunk in the pool, results in order, with at most
        IN_FLIGHT_PER_WORKER chunks per worker submitted at a time: the chunks are pickled
        as they are submitted, so a 10,000-page run never holds every page pickled at once."""
        pending: deque[Future[list[R]]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(fn, chunk, *args))
            if len(pending) >= self._size * IN_FLIGHT_PER_WORKER:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


# -- in each worker process ------------------------------------------------------------------

_WORKER: PageWorker | None = None


def _start_worker(context: RunContext) -> None:
    """Build this process's PageWorker once. Ctrl-C is the parent's to handle: it stops the pool."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = PageWorker(context)


def _here() -> PageWorker:
    if _WORKER is None:
        raise RuntimeError("worker process was not started with _start_worker")
    return _WORKER


def _ready(_: int) -> bool:
    return _here() is not None


def _read_chunk(paths: list[Path]) -> list[ReadResult]:
    worker = _here()
    return [worker.read(path) for path in paths]


def _analyse_chunk(tasks: list[PageTask], finish: bool = True) -> list[PageResult]:
    worker = _here()
    return [compact(worker(task) if finish else worker.analyse_page(task)) for task in tasks]
