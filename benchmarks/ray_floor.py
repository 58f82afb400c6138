"""The memory a local Ray Data run costs before briefing holds any result (the README's "Ray's memory").

    python benchmarks/ray_floor.py [CORPUS] [--workers 2]

Starts the Ray executor as `briefing run --executor ray` does (a local cluster of
`--workers` CPUs), reports the idle cluster's processes, then runs the per-page plan
(read, the site group-by, analysis) over CORPUS (default: the 10,000-page mixed corpus
that `run.py --only throughput` builds in benchmarks/work/) and drops each result as it
arrives, so the driver keeps no article. Prints the peak summed PSS of the process tree
and each process's share at that peak, sampled every 0.5 s (`run.tree_processes`).
"""

from __future__ import annotations

import argparse
import os
import threading
import time
from pathlib import Path

from run import WORK, tree_processes

SAMPLE_S = 0.5


def _show(title: str, processes: list[tuple[float, float, int, str]]) -> None:
    print(f"{title}: {sum(p[1] for p in processes):,.0f} MiB PSS")
    for _, pss, _, command in sorted(processes, reverse=True, key=lambda p: p[1]):
        print(f"  {pss:7.1f}  {command[:100]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=WORK / "mixed-10000")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    from briefing import ingest
    from briefing.clean import site_key
    from briefing.config import load_config
    from briefing.pipeline import Pipeline
    from briefing.stages import PageTask

    cfg = load_config(None, **{"translation.backend": "none", "summary.backend": "extractive", "cache.enabled": False})
    pipeline = Pipeline(cfg, workers=args.workers, executor="ray")
    paths = ingest.discover(args.corpus, warn=print)
    peak: list = [0.0, []]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(SAMPLE_S):
            processes = tree_processes(os.getpid())
            total = sum(p[1] for p in processes)
            if total > peak[0]:
                peak[:] = [total, processes]

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    pipeline.load_models()
    with pipeline.executor() as executor:
        time.sleep(3)  # let the cluster settle
        _show("idle cluster and driver", tree_processes(os.getpid()))
        results = list(executor.read(paths))
        pages = [r.page for r in results if r.page is not None]
        ingest.assign_unique_ids(pages)
        repeated = executor.repeated_lines(results)
        del results
        tasks = [PageTask(page, repeated.get(site_key(page), frozenset())) for page in pages]
        analysed = sum(1 for _ in executor.analyse(tasks))
    stop.set()
    sampler.join()
    print(f"{analysed} pages analysed")
    _show("peak", peak[1])


if __name__ == "__main__":
    main()
