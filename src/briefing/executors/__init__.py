"""Where the per-page plan (`briefing.stages`) runs: in this process, a process pool, or a Ray cluster.

An executor takes the run's `RunContext` once, builds a `PageWorker` per process or
actor, and answers three calls, each returning results in the order of its input:

    read(paths)             -> [ReadResult]   stage "read"
    repeated_lines(results) -> {site: lines}  the lines each site repeats (cross-page; a group-by on Ray)
    analyse(tasks)          -> [PageResult]   stages clean .. translate (.. metadata without `finish`)

The caller, `briefing.pipeline`, closes it before the other cross-page steps (ids, cache,
events, event summaries and their translation, rendering, the manifest), which it runs
itself: the workers' memory is given back before the driver's grows.
Every executor gives the same results, so the outputs are byte-identical.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Literal, Protocol

from ..errors import UsageError
from ..stages import PageResult, PageTask, ReadResult, RunContext, RunModels

ExecutorName = Literal["local", "ray"]
EXECUTORS: tuple[ExecutorName, ...] = ("local", "ray")


class Executor(Protocol):
    """Runs the per-page stages; see the module docstring."""

    #: Seconds spent starting workers or connecting to a cluster (reported apart from the run).
    startup_s: float

    def describe(self) -> str: ...

    def read(self, paths: Sequence[Path]) -> Iterator[ReadResult]: ...

    def repeated_lines(self, results: Sequence[ReadResult]) -> dict[str | None, frozenset[str]]: ...

    def analyse(self, tasks: Sequence[PageTask], finish: bool = True) -> Iterator[PageResult]: ...

    def close(self) -> None: ...

    def __enter__(self) -> Executor: ...

    def __exit__(self, *exc_info: object) -> None: ...


def default_workers() -> int:
    """The cores this process may use (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def make_executor(
    name: str,
    context: RunContext,
    models: RunModels,
    *,
    workers: int = 1,
    ray_address: str | None = None,
) -> Executor:
    """The executor `name` names (UsageError for another name, or for workers < 1)."""
    if workers < 1:
        raise UsageError(f"--workers must be at least 1, not {workers}")
    if name == "local":
        from .local import LocalExecutor

        return LocalExecutor(context, models, workers=workers)
    if name == "ray":
        from .ray import RayExecutor

        return RayExecutor(context, models, workers=workers, address=ray_address)
    raise UsageError(f"unknown executor {name!r}; choose one of: {', '.join(EXECUTORS)}")
