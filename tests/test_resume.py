"""Kill `briefing run` with SIGKILL at awkward moments, run it again, and get exactly the uninterrupted output.

Real subprocesses throughout (`python -m briefing run ...`). Also: two runs on
one output folder, where the second must stop at once with exit 75 naming the
holder, and a stale lock left by a killed run is taken over.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from killrun import KILLED, run_and_kill, temp_file_appeared

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")]

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "corpus").glob("*.txt"))
PAGES = 200  # enough that writing the outputs takes ~2 s, so a kill can land mid-write
CONFIG = "translation:\n  backend: none\nsummary:\n  backend: extractive\ncache:\n  path: cache\n"
EXIT_LOCKED = 75
EXIT_INTERRUPTED = 130  # SIGINT or SIGTERM
RUN_TIMEOUT_S = 180  # a hang guard, far above the ~5 s a run takes
MONTHS = "January February March April May June July August September October November December".split()
RUN_HISTORY = (
    "files_written",
    "files_unchanged",
    "files_removed",
    "cache_hits",
)  # manifest counts that differ by design
LOCK_FILE = ".briefing.lock"


def _env() -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": path}


def _argv(corpus: Path, *extra: str) -> list[str]:
    return ["run", str(corpus), "--out", "out", "--config", "models.yaml", *extra]


def _briefing(cwd: Path, corpus: Path, *extra: str) -> subprocess.CompletedProcess:
    argv = [sys.executable, "-m", "briefing", *_argv(corpus, *extra)]
    return subprocess.run(argv, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=RUN_TIMEOUT_S)


def _workdir(base: Path) -> Path:
    base.mkdir()
    (base / "models.yaml").write_text(CONFIG, encoding="utf-8")
    return base


def _tree(out: Path) -> dict[str, bytes]:
    """Every output file; not the run's own state (the lock, and the record of outputs with their mtimes)."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.name.startswith(".briefing")
    }


def _comparable(tree: dict[str, bytes]) -> dict[str, object]:
    """The tree with the manifest parsed, minus its timings and run-history counts."""
    result: dict[str, object] = dict(tree)
    manifest = json.loads(tree["manifest.json"])
    manifest.pop("timings_s")
    for key in RUN_HISTORY:
        manifest["counts"].pop(key)
    result["manifest.json"] = manifest
    return result


def _assert_nothing_truncated(out: Path, reference: dict[str, bytes]) -> None:
    """Every finished file (not a `.tmp-*`) is byte-identical to the uninterrupted run's."""
    if not out.exists():
        return
    for rel, data in _tree(out).items():
        if Path(rel).name.startswith(".tmp-"):
            continue
        assert rel in reference, f"unexpected file {rel}"
        assert data == reference[rel], f"{rel} is truncated or differs after the kill"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """PAGES pages made from the samples, with varied names, months and years (so several events)."""
    folder = tmp_path_factory.mktemp("corpus")
    texts = [p.read_text(encoding="utf-8") for p in SAMPLES]
    month = re.compile("|".join(MONTHS))
    for i in range(PAGES):
        text = month.sub(MONTHS[i % 12], texts[i % len(texts)])
        text = re.sub(r"\b20\d\d\b", str(2019 + i % 6), text)
        (folder / f"{i:03d}-round-{i}.txt").write_text(f"Round {i} of the talks\n\n{text}", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> dict[str, bytes]:
    """The out/ tree of one uninterrupted run into a fresh folder."""
    work = _workdir(tmp_path_factory.mktemp("reference") / "work")
    result = _briefing(work, corpus, "--no-cache")
    assert result.returncode == 0, result.stderr
    return _tree(work / "out")


def _cache_has_articles(work: Path) -> Callable[[], bool]:
    """A condition: the run has committed article results to its cache, but has not finished writing out/."""
    db = work / "cache" / "cache.sqlite3"

    def check() -> bool:
        if not db.exists() or (work / "out" / "manifest.json").exists():
            return False
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.05) as conn:
                return conn.execute("SELECT count(*) FROM entries WHERE stage = 'article'").fetchone()[0] > 0
        except sqlite3.Error:
            return False

    return check


KILL_POINTS = {
    "early": lambda work: 0.3,
    "mid-write": lambda work: temp_file_appeared(work / "out"),
    "cache-filled": _cache_has_articles,
}


@pytest.mark.parametrize("when", list(KILL_POINTS))
def test_killed_run_resumes_to_identical_output(
    tmp_path: Path, corpus: Path, reference: dict[str, bytes], when: str
) -> None:
    work = _workdir(tmp_path / "work")
    rc = run_and_kill(_argv(corpus), KILL_POINTS[when](work), cwd=work, env=_env(), timeout=RUN_TIMEOUT_S)
    assert rc == KILLED, f"the run finished (rc {rc}) before the kill point {when!r}"
    _assert_nothing_truncated(work / "out", reference)

    result = _briefing(work, corpus)
    assert result.returncode == 0, result.stderr
    out = work / "out"
    assert not [p for p in out.rglob(".tmp-*")], "temporary files left behind"
    assert _comparable(_tree(out)) == _comparable(reference)
    if when == "cache-filled":
        assert json.loads((out / "manifest.json").read_bytes())["counts"]["cache_hits"] == PAGES


def test_killed_second_run_keeps_the_first_runs_output_whole(
    tmp_path: Path, corpus: Path, reference: dict[str, bytes]
) -> None:
    """A run killed mid-write over a previous complete output: every file is old-or-new, never half; a rerun completes it."""
    work = _workdir(tmp_path / "work")
    assert _briefing(work, corpus).returncode == 0
    for page in (work / "out" / "articles").iterdir():
        (page / "summary.en.md").write_text("stale\n", encoding="utf-8")  # rewrites for the kill to interrupt
    rc = run_and_kill(_argv(corpus), temp_file_appeared(work / "out"), cwd=work, env=_env(), timeout=RUN_TIMEOUT_S)
    assert rc == KILLED
    for rel, data in _tree(work / "out").items():
        if not Path(rel).name.startswith(".tmp-") and rel != "manifest.json":
            assert data in (reference[rel], b"stale\n"), rel
    assert _briefing(work, corpus).returncode == 0
    assert _comparable(_tree(work / "out")) == _comparable(reference)


def test_sigterm_mid_write_cleans_up_as_ctrl_c_does(tmp_path: Path, corpus: Path, reference: dict[str, bytes]) -> None:
    """`kill`, systemd or a cron timeout (SIGTERM) mid-write: no temporary files, an empty lock, exit 130."""
    work = _workdir(tmp_path / "work")
    assert _briefing(work, corpus).returncode == 0
    for page in (work / "out" / "articles").iterdir():
        (page / "summary.en.md").write_text("stale\n", encoding="utf-8")  # rewrites for the signal to interrupt
    run = subprocess.Popen(
        [sys.executable, "-m", "briefing", *_argv(corpus)],
        cwd=work,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    writing = temp_file_appeared(work / "out")
    _wait_for(lambda: run.poll() is not None or writing())
    run.send_signal(signal.SIGTERM)
    _, stderr = run.communicate(timeout=RUN_TIMEOUT_S)
    assert run.returncode == EXIT_INTERRUPTED, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    out = work / "out"
    assert not list(out.rglob(".tmp-*")), "temporary files left behind"
    assert (out / LOCK_FILE).read_bytes() == b"", "the lock still names the interrupted run"
    for rel, data in _tree(out).items():
        if rel != "manifest.json":
            assert data in (reference[rel], b"stale\n"), rel
    assert _briefing(work, corpus).returncode == 0
    assert _comparable(_tree(out)) == _comparable(reference)


# --------------------------------------------------------------------------- the run lock

HOLD_LOCK = """
import sys, time
from pathlib import Path
from briefing.lock import RunLock
lock = RunLock(Path(sys.argv[1])).acquire()
print("held", flush=True)
time.sleep(600)
"""


def _wait_for(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition never came true"
        time.sleep(0.01)


def _second_run_is_refused(work: Path, corpus: Path, holder_pid: int) -> None:
    started = time.monotonic()
    result = _briefing(work, corpus)
    assert result.returncode == EXIT_LOCKED, result.stderr
    assert f"pid {holder_pid}" in result.stderr
    assert time.monotonic() - started < RUN_TIMEOUT_S  # it returned rather than waiting on the lock


def test_lock_held_by_another_process_then_taken_over(tmp_path: Path) -> None:
    work = _workdir(tmp_path / "work")
    small = work / "corpus"
    small.mkdir()
    for page in SAMPLES:
        shutil.copy(page, small / page.name)
    (work / "out").mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(work / "out" / LOCK_FILE)], env=_env(), stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        _second_run_is_refused(work, small, holder.pid)
        assert not (work / "out" / "manifest.json").exists()
    finally:
        holder.kill()
        holder.wait()
    result = _briefing(work, small)
    assert result.returncode == 0, result.stderr
    assert "stale lock" in result.stderr and str(holder.pid) in result.stderr
    assert (work / "out" / "manifest.json").is_file()


def test_lock_held_by_a_real_run_then_taken_over(tmp_path: Path, corpus: Path, reference: dict[str, bytes]) -> None:
    """A real run is frozen (SIGSTOP) while it holds the lock, so the second run meets it for certain."""
    work = _workdir(tmp_path / "work")
    lock = work / "out" / LOCK_FILE
    first = subprocess.Popen(
        [sys.executable, "-m", "briefing", *_argv(corpus)],
        cwd=work,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(
            lambda: (
                first.poll() is not None
                or (lock.exists() and f'"pid": {first.pid}' in lock.read_text(errors="replace"))
            )
        )
        assert first.poll() is None, "the first run ended before it was seen holding the lock"
        first.send_signal(signal.SIGSTOP)
        _second_run_is_refused(work, corpus, first.pid)
    finally:
        first.kill()  # SIGKILL also ends a stopped process
        first.wait()
    assert first.returncode == KILLED
    result = _briefing(work, corpus)
    assert result.returncode == 0, result.stderr
    assert not [p for p in (work / "out").rglob(".tmp-*")]
    assert _comparable(_tree(work / "out")) == _comparable(reference)
