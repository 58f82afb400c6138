"""Benchmarks: one command runs them all, prints a table and writes benchmarks/results.json.

    python benchmarks/run.py [--quick] [--only pipeline|throughput|incremental|translation|gpu-translation]
                             [--pages 1000,10000]

Sections (each merged into results.json, so a CPU run keeps earlier GPU figures):

* pipeline        offline pipeline (translation none, extractive summaries, no cache)
                  on synthetic corpora of 100, 1,000 and 10,000 pages (`synth.py`),
                  each in a fresh subprocess: start-up (imports + `Pipeline(cfg)`)
                  timed apart from `Pipeline.run`, pages/s, per-page time,
                  per-stage timings (`RunReport.timings`) and peak RSS.
* throughput      local parallelism and the Ray executor on corpora that mix the five page
                  languages (`synth.generate_mixed`), 1,000 and 10,000 pages (`--pages`):
                  `--workers 1`, `--workers 2` and `--executor ray` (a local 2-CPU cluster),
                  each in a fresh process. Per run: pages/s over the whole run with the
                  executor's start-up (pool spawn, `ray.init`) taken out and reported apart,
                  the per-page phase (read, site repeats, analyse) alone, per-stage timings,
                  and the peak memory of the whole process tree (driver, pool workers, Ray's
                  processes): the sum of PSS over every descendant (`tree_memory_mib`),
                  sampled every 0.1 s; the RSS sum, which counts shared pages once per
                  process, is recorded beside it. Ratios are taken
                  within one benchmark run: only they compare across days.
* incremental     1,000 pages with the cache: a cold run, a rerun over the
                  unchanged corpus, and a run after changing 1% of the pages;
                  "not measured" when `briefing.pipeline` does not use `briefing.cache`.
* translation     transformers vs CTranslate2 on CPU (`translation.py`).
* gpu-translation the same on a GPU, across batch sizes, with CTranslate2 float16 at
                  batch 64 against the memory-bandwidth bound of the GPU (`translation.bandwidth_bound`:
                  decoder weights plus KV cache read per step, over the bandwidth of the GPU
                  named by torch, from `translation.GPU_BANDWIDTH` or BENCH_GPU_BANDWIDTH_TBS);
                  recorded only where a
                  CUDA device is visible (run it on the GPU machine).

Timings are wall-clock on whatever machine runs this; `machine` in results.json says which.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
RESULTS = HERE / "results.json"
SECTIONS = ("pipeline", "throughput", "incremental", "translation", "gpu-translation")
THROUGHPUT_SIZES = (1_000, 10_000)
QUICK_THROUGHPUT_SIZES = (300,)
#: (label, workers, executor) for each throughput run.
THROUGHPUT_MODES = (("workers-1", 1, "local"), ("workers-2", 2, "local"), ("ray-2", 2, "ray"))
#: How often the process tree's memory is sampled, seconds.
RSS_SAMPLE_S = 0.1

FULL_SIZES = (100, 1_000, 10_000)
QUICK_SIZES = (100, 300)
INCREMENTAL_PAGES = 1_000
QUICK_INCREMENTAL_PAGES = 200
#: Share of pages changed for the "1% changed" rerun.
CHANGED_SHARE = 0.01
SEED = 0

sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))


# ------------------------------------------------------------------ machine


def machine_info() -> dict:
    """CPU model, cores, RAM, OS, Python and the versions of the packages that matter."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gib = None
    with contextlib.suppress(ValueError, OSError):
        ram_gib = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    versions = {}
    for name in (
        "briefing",
        "torch",
        "transformers",
        "ctranslate2",
        "numpy",
        "lingua-language-detector",
        "trafilatura",
    ):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    info = {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "affinity": len(os.sched_getaffinity(0)),
        "ram_gib": ram_gib,
        "os": platform.platform(),
        "python": platform.python_version(),
        "versions": versions,
    }
    gpu = _gpu_name()
    if gpu:
        info["gpu"] = gpu
    return info


def _gpu_name() -> str | None:
    try:
        out = subprocess.run(
            ["nvidia-smi", "--query-gpu=name,memory.total,driver_version", "--format=csv,noheader"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() or None


# ------------------------------------------------------------------ pipeline workers


def tree_processes(root: int) -> list[tuple[float, float, int, str]]:
    """(VmRSS MiB, PSS MiB, pid, command line) of `root` and every process below it (Linux /proc).

    PSS divides each shared page among the processes that map it, so the PSS sum counts
    the tree's memory once: Ray's object store (shared memory mapped by every worker)
    and the pages a pool worker shares with others are not counted again per process.
    """
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            stat = (entry / "stat").read_text()
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, grew = {root}, True
    while grew:
        below = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= below
        grew = bool(below)
    found = []
    for pid in tree:
        rss_kib = pss_kib = 0
        with contextlib.suppress(OSError, ValueError, IndexError):
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss_kib += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss_kib += int(line.split()[1])
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
            found.append((rss_kib / 1024, pss_kib / 1024, pid, command))
    return found


def tree_memory_mib(root: int) -> tuple[float, float]:
    """(summed VmRSS, summed PSS) of `root` and every process below it, in MiB (`tree_processes`)."""
    processes = tree_processes(root)
    return sum(p[0] for p in processes), sum(p[1] for p in processes)


class TreeRss:
    """Samples `tree_memory_mib` of this process in a thread; `peak_rss` and `peak_pss` are the largest samples."""

    def __init__(self) -> None:
        import threading

        self.peak_rss = self.peak_pss = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreeRss:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while True:
            with contextlib.suppress(OSError):
                rss, pss = tree_memory_mib(os.getpid())
                self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            if self._stop.wait(RSS_SAMPLE_S):
                return


def pipeline_worker(job: dict) -> dict:
    """Run the pipeline once in this (fresh) process; start-up and run timed apart."""
    t0 = time.perf_counter()
    from briefing.config import load_config
    from briefing.pipeline import Pipeline

    imports_s = time.perf_counter() - t0
    overrides = {
        "translation.backend": "none",
        "summary.backend": "extractive",
        "cache.enabled": job["cache"],
        "cache.path": job["cache_path"],
    }
    cfg = load_config(None, **overrides)
    t1 = time.perf_counter()
    pipeline = Pipeline(cfg, workers=job.get("workers", 1), executor=job.get("executor", "local"))
    construct_s = time.perf_counter() - t1
    rss_start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with TreeRss() as tree:
        t2 = time.perf_counter()
        report = pipeline.run(Path(job["corpus"]), Path(job["out"]), use_cache=job["cache"])
        run_s = time.perf_counter() - t2
    pages = report.pages_seen
    timings = report.timings
    startup_s = timings.get("executor_startup", 0.0)
    per_page_s = sum(timings.get(k, 0.0) for k in ("ingest", "repeats", "per_page"))
    work_s = run_s - startup_s
    return {
        "pages": pages,
        "events": report.events,
        "failures": len(report.failures),
        "cache_hits": report.cache_hits,
        "imports_s": round(imports_s, 3),
        "construct_s": round(construct_s, 3),
        "run_s": round(run_s, 3),
        "executor_startup_s": round(startup_s, 3),
        "run_without_startup_s": round(work_s, 3),
        "per_page_phase_s": round(per_page_s, 3),
        "pages_per_s": round(pages / work_s, 1) if work_s else None,
        "per_page_pages_per_s": round(pages / per_page_s, 1) if per_page_s else None,
        "ms_per_page": round(1000 * work_s / pages, 3) if pages else None,
        "stages_s": {k: round(v, 3) for k, v in timings.items()},
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "peak_tree_rss_mib": round(tree.peak_rss, 1),
        "peak_tree_pss_mib": round(tree.peak_pss, 1),
        "rss_before_run_mib": round(rss_start / 1024, 1),
        "files_written": len(report.written),
    }


def run_pipeline_job(job: dict, timeout: float = 3600) -> dict:
    """`pipeline_worker(job)` in a fresh interpreter; its result or {"error": ...}."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.run(
        [sys.executable, __file__, "--pipeline-worker", json.dumps(job)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"error": (proc.stderr or proc.stdout)[-3000:]}
    return json.loads(lines[-1])


def _fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


# ------------------------------------------------------------------ sections


def bench_pipeline(quick: bool) -> dict:
    """Throughput and scaling of the offline pipeline on synthetic corpora."""
    import synth

    rows = []
    for size in QUICK_SIZES if quick else FULL_SIZES:
        corpus = WORK / f"corpus-{size}"
        if len(list(corpus.glob("*.txt"))) != size:
            synth.generate(corpus, size, SEED)
        out = _fresh(WORK / f"out-{size}")
        job = {"corpus": str(corpus), "out": str(out), "cache": False, "cache_path": str(WORK / "unused-cache")}
        result = run_pipeline_job(job)
        result["size"] = size
        rows.append(result)
        print(
            f"  pipeline {size} pages: {result.get('pages_per_s', result.get('error', '')[:200])} pages/s", flush=True
        )
    return {"config": "translation.backend=none, summary.backend=extractive, cache off", "seed": SEED, "runs": rows}


def bench_throughput(quick: bool, sizes: tuple[int, ...] | None = None) -> dict:
    """--workers 1, --workers 2 and the Ray executor on mixed-language corpora; ratios within this run."""
    import synth

    rows = []
    for size in sizes or (QUICK_THROUGHPUT_SIZES if quick else THROUGHPUT_SIZES):
        corpus = WORK / f"mixed-{size}"
        if len(list(corpus.glob("*.txt"))) != size:
            synth.generate_mixed(corpus, size, SEED)
        by_mode = {}
        for label, workers, executor in THROUGHPUT_MODES:
            out = _fresh(WORK / f"mixed-out-{size}-{label}")
            job = {
                "corpus": str(corpus),
                "out": str(out),
                "cache": False,
                "cache_path": str(WORK / "unused-cache"),
                "workers": workers,
                "executor": executor,
            }
            result = run_pipeline_job(job)
            result.update(size=size, mode=label)
            by_mode[label] = result
            rows.append(result)
            print(
                f"  throughput {size} pages {label}: "
                f"{result.get('pages_per_s', result.get('error', '')[-300:])} pages/s, "
                f"per-page phase {result.get('per_page_pages_per_s')} pages/s, "
                f"start-up {result.get('executor_startup_s')} s, tree PSS {result.get('peak_tree_pss_mib')} MiB "
                f"(RSS {result.get('peak_tree_rss_mib')})",
                flush=True,
            )
        rows.append({"size": size, "mode": "ratios", **_ratios(by_mode)})
        print(f"  throughput {size} pages ratios: {rows[-1]}", flush=True)
    return {
        "config": "translation.backend=none, summary.backend=extractive, cache off; mixed en/az/hy/ru/tr pages",
        "seed": SEED,
        "runs": rows,
    }


def _ratios(by_mode: dict[str, dict]) -> dict:
    """The targets' ratios, from runs of the same benchmark run."""
    one, two, ray = (by_mode.get(k, {}) for k in ("workers-1", "workers-2", "ray-2"))

    def ratio(a: dict, b: dict, key: str) -> float | None:
        return round(a[key] / b[key], 3) if a.get(key) and b.get(key) else None

    return {
        "per_page_w2_vs_w1": ratio(one, two, "per_page_phase_s"),  # target >= 1.7
        "whole_w2_vs_w1": ratio(one, two, "run_without_startup_s"),  # target >= 1.5
        "ray_time_vs_w2": ratio(ray, two, "run_without_startup_s"),  # target <= 1.5
        "max_tree_pss_mib": max((r.get("peak_tree_pss_mib") or 0) for r in (one, two, ray)),  # target <= 1024
    }


def cache_wired() -> bool:
    """Whether `briefing.pipeline` uses `briefing.cache` (read from its source, nothing imported)."""
    source = (ROOT / "src" / "briefing" / "pipeline.py").read_text(encoding="utf-8")
    return "from .cache import" in source or "briefing.cache" in source


def bench_incremental(quick: bool) -> dict:
    """Cold run, unchanged rerun and 1%-changed rerun of one corpus, with the cache."""
    import synth

    if not cache_wired():
        return {"status": "not measured: cache not wired"}
    size = QUICK_INCREMENTAL_PAGES if quick else INCREMENTAL_PAGES
    corpus = WORK / f"incremental-{size}"
    synth.generate(corpus, size, SEED)
    out, cache = _fresh(WORK / f"incremental-out-{size}"), WORK / f"incremental-cache-{size}"
    shutil.rmtree(cache, ignore_errors=True)
    job = {"corpus": str(corpus), "out": str(out), "cache": True, "cache_path": str(cache)}
    runs = {"cold": run_pipeline_job(job), "unchanged": run_pipeline_job(job)}
    changed = synth.mutate(corpus, CHANGED_SHARE, seed=SEED + 1)
    runs["changed_1pct"] = run_pipeline_job(job)
    runs["changed_1pct"]["pages_changed"] = len(changed)
    for name, r in runs.items():
        print(f"  incremental {name}: {r.get('run_s', r.get('error', '')[:200])} s", flush=True)
    cold = runs["cold"].get("run_s")
    for r in runs.values():
        if cold and r.get("run_s"):
            r["vs_cold"] = round(r["run_s"] / cold, 3)
    return {"status": "measured", "pages": size, "runs": runs}


def bench_translation(quick: bool) -> dict:
    import translation

    return translation.cpu_suite(quick=quick)


def bench_gpu_translation(quick: bool) -> dict:
    """GPU section; refuses (records why) where no CUDA device is visible."""
    import translation

    try:
        import torch

        if not torch.cuda.is_available():
            return {"status": "not measured: no CUDA device visible"}
    except ImportError:
        return {"status": "not measured: torch not installed"}
    note = os.environ.get("BENCH_CT2_NOTE", "")  # set by gpu_run.sh after probing CTranslate2 on the GPU
    try:
        import ctranslate2

        ct2_gpus = ctranslate2.get_cuda_device_count()
    except Exception as exc:
        ct2_gpus = f"ctranslate2 unusable: {exc}"
    ct2_ok = isinstance(ct2_gpus, int) and ct2_gpus > 0 and not note.startswith("CTranslate2 cannot run")
    baseline = None
    if os.environ.get("BENCH_GPU_REUSE_TRANSFORMERS"):  # a JSON file holding an earlier gpu-translation section
        earlier = json.loads(Path(os.environ["BENCH_GPU_REUSE_TRANSFORMERS"]).read_text(encoding="utf-8"))
        rows = earlier["sections"]["gpu-translation"]["result"]["results"]
        baseline = {r["batch_size"]: r for r in rows if r["engine"] == "transformers" and "error" not in r}
    result = translation.gpu_suite(quick=quick, ct2_ok=ct2_ok, baseline=baseline)
    result["ctranslate2_cuda_devices"] = ct2_gpus
    if note:
        result["ctranslate2_note"] = note
    return result


BENCHES = {
    "pipeline": bench_pipeline,
    "throughput": bench_throughput,
    "incremental": bench_incremental,
    "translation": bench_translation,
    "gpu-translation": bench_gpu_translation,
}


# ------------------------------------------------------------------ results


def merge_results(new: dict, path: Path = RESULTS) -> dict:
    """results.json with `new`'s sections replacing the old ones; other sections kept."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    data.setdefault("sections", {}).update(new)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return data


def table(sections: dict) -> str:
    """A plain-text table of the headline numbers of each section."""
    lines = []
    pipe = sections.get("pipeline", {}).get("result")
    if pipe:
        lines.append("pipeline (offline)   pages  pages/s  ms/page  start-up s  peak RSS MiB")
        for r in pipe["runs"]:
            if "error" in r:
                lines.append(f"  {r['size']:>18}  error: {r['error'].splitlines()[-1][:80]}")
                continue
            startup = r["imports_s"] + r["construct_s"]
            lines.append(
                f"  {r['pages']:>24}  {r['pages_per_s']:>7}  {r['ms_per_page']:>7}  {startup:>10.2f}  {r['peak_rss_mib']:>12}"
            )
    through = sections.get("throughput", {}).get("result")
    if through:
        lines.append("throughput (mixed)   pages  mode       pages/s  per-page pages/s  start-up s  tree PSS MiB")
        for r in through["runs"]:
            if r.get("mode") == "ratios":
                lines.append(
                    f"  ratios at {r['size']}: "
                    + ", ".join(f"{k} {v}" for k, v in r.items() if k not in ("size", "mode"))
                )
            elif "error" in r:
                lines.append(f"  {r['size']:>24}  {r['mode']:<9}  error: {r['error'].splitlines()[-1][:60]}")
            else:
                lines.append(
                    f"  {r['pages']:>24}  {r['mode']:<9}  {r['pages_per_s']!s:>7}  {r['per_page_pages_per_s']!s:>16}"
                    f"  {r['executor_startup_s']:>10}  {r['peak_tree_pss_mib']:>12}"
                )
    inc = sections.get("incremental", {}).get("result")
    if inc:
        if inc.get("status") != "measured":
            lines.append(f"incremental: {inc['status']}")
        else:
            lines.append(f"incremental ({inc['pages']} pages)   run s  cache hits  vs cold")
            for name, r in inc["runs"].items():
                lines.append(
                    f"  {name:<22} {r.get('run_s', 'error')!s:>6}  {r.get('cache_hits', '-')!s:>10}  {r.get('vs_cold', '-')!s:>7}"
                )
    for key in ("translation", "gpu-translation"):
        tr = sections.get(key, {}).get("result")
        if not tr:
            continue
        if "results" not in tr:
            lines.append(f"{key}: {tr.get('status')}")
            continue
        lines.append(
            f"{key} (equal work: {tr.get('equal_work')})  engine/dtype  batch  tgt tok/s  x transformers  peak MiB  x mem"
        )
        for r in tr["results"]:
            name = f"{r['engine']} {r['dtype']}{' vmap' if r.get('vmap') else ''}"
            if "error" in r:
                lines.append(f"  {name:<28} {r['batch_size']:>5}  error: {r['error'].strip().splitlines()[-1][:60]}")
                continue
            mem = r.get("peak_gpu_mib", r.get("peak_rss_mib"))
            lines.append(
                f"  {name:<28} {r['batch_size']:>5}  {r['target_tokens_per_s']:>9}  {r.get('speedup_vs_transformers', '-')!s:>14}"
                f"  {mem:>8}  {r.get('memory_vs_transformers', '-')!s:>5}"
            )
        bound = tr.get("bandwidth_bound")
        if bound:
            if "share_of_bound" in bound:
                lines.append(
                    f"  CTranslate2 float16, batch {bound['batch_size']}: {bound['measured_target_tokens_per_s']} tgt tok/s"
                    f" = {bound['share_of_bound']:.1%} of the memory-bandwidth bound {bound['target_tokens_per_s_bound']}"
                    f" ({bound['gpu']}, {bound['bandwidth_tb_s']} TB/s: {bound['bandwidth_source']})"
                )
            else:
                lines.append(f"  bandwidth bound: {bound['status']} ({bound['why']})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="briefing benchmarks")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer sentences")
    parser.add_argument("--only", choices=SECTIONS, action="append", help="run only this section (repeatable)")
    parser.add_argument("--pages", help="throughput: corpus sizes, comma-separated (default 1000,10000)")
    parser.add_argument("--pipeline-worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.pipeline_worker:
        print(json.dumps(pipeline_worker(json.loads(args.pipeline_worker))), flush=True)
        return 0
    wanted = args.only or [s for s in SECTIONS if s != "gpu-translation"]
    machine = machine_info()
    WORK.mkdir(parents=True, exist_ok=True)
    new = {}
    for name in wanted:
        print(f"[{name}]", flush=True)
        start = time.perf_counter()
        if name == "throughput" and args.pages:
            result = bench_throughput(args.quick, tuple(int(n) for n in args.pages.split(",")))
        else:
            result = BENCHES[name](args.quick)
        new[name] = {
            "result": result,
            "quick": args.quick,
            "machine": machine,
            "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "seconds": round(time.perf_counter() - start, 1),
        }
        merge_results({name: new[name]})
    print(table(new))
    return 0


if __name__ == "__main__":
    sys.exit(main())
