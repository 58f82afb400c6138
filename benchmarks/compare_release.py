"""A cold `briefing run` on the sample corpus, this tree against an earlier release, side by side.

    python benchmarks/compare_release.py [--base REF] [--rounds N]

Checks out REF (default: the commit before the multilingual work, see BASE_REF) into a
git worktree under benchmarks/work/, then alternates the two trees N times: each round
runs `python -m briefing --quiet run corpus --out TMP --no-cache` in a fresh process
(start-up, imports and the language models' loading included) for the old tree and for
this one, with the same interpreter and packages. Alternating keeps a busy machine's
noise fair to both. Prints the median wall times and their ratio, and merges them into
results.json under "release_comparison".
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results.json"
#: The last commit before the language layer and cross-lingual events (issue 9's baseline).
BASE_REF = "3a6030e"


def worktree(ref: str) -> Path:
    path = HERE / "work" / f"release-{ref}"
    if not (path / "src" / "briefing").is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--force", "--detach", str(path), ref], check=True)
    return path


def cold_run(src: Path) -> float:
    """Seconds for one cold run of the package in `src` on the sample corpus."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "briefing", "--quiet", "run", str(ROOT / "corpus"), "--out", out, "--no-cache"],
            check=True,
            env=env,
            cwd=out,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=BASE_REF)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    old_src = worktree(args.base) / "src"
    new_src = ROOT / "src"
    old, new = [], []
    for _ in range(args.rounds):
        old.append(cold_run(old_src))
        new.append(cold_run(new_src))
    result = {
        "base": args.base,
        "rounds": args.rounds,
        "base_median_s": round(statistics.median(old), 3),
        "this_median_s": round(statistics.median(new), 3),
        "ratio": round(statistics.median(new) / statistics.median(old), 3),
    }
    print(json.dumps(result, indent=2))
    results = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    results["release_comparison"] = result
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
