"""A nightly `briefing run` never loses or leaks work: hostile output folders, failed writes,
an empty corpus, a poisoned cache, and a cache that must stay bounded night after night.

Each case runs the real command (through CliRunner, or as a subprocess where process
limits or permissions are the point) and checks the exit code, the message, and that
what was there before is still there.
"""

from __future__ import annotations

import errno
import json
import os
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing import outputs
from briefing.cli import Exit, app
from briefing.pipeline import CACHE_KEEP_RUNS, CACHE_STAGES

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "corpus").glob("*.txt"))

#: Models off, so runs are fast and offline; the cache lives next to models.yaml.
CONFIG = "translation:\n  backend: none\nsummary:\n  backend: extractive\ncache:\n  path: cache\n"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """tmp_path with models.yaml and corpus/ holding the sample pages."""
    (tmp_path / "models.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "corpus").mkdir()
    for page in SAMPLES:
        shutil.copy(page, tmp_path / "corpus" / page.name)
    return tmp_path


def briefing(work: Path, *args: str, corpus: Path | None = None, out: Path | None = None):
    """`briefing run CORPUS --out OUT --config models.yaml ARGS` through CliRunner."""
    argv = ["run", str(corpus or work / "corpus"), "--out", str(out or work / "out"), "-c", str(work / "models.yaml")]
    return CliRunner().invoke(app, [*argv, *args])


def run_ok(work: Path, *args: str) -> dict:
    result = briefing(work, *args)
    assert result.exit_code == Exit.OK, result.output
    return json.loads((work / "out" / "manifest.json").read_text(encoding="utf-8"))


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` but the run's own state (lock, file record)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".briefing")
    }


def no_traceback(result) -> None:
    """The command ended through its own exit code, not an exception."""
    assert isinstance(result.exception, (SystemExit, type(None))), result.exception
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------- the lock file


def test_symlinked_lock_file_is_refused_and_its_target_left_alone(work: Path) -> None:
    victim = work / "victim.conf"
    victim.write_text("precious\n")
    (work / "out").mkdir()
    (work / "out" / ".briefing.lock").symlink_to(victim)
    result = briefing(work)
    assert result.exit_code == Exit.IO_ERROR
    assert ".briefing.lock" in result.stderr and "symbolic link" in result.stderr
    assert victim.read_text() == "precious\n"
    no_traceback(result)


# --------------------------------------------------------------------------- the manifest comes first


def test_a_failed_manifest_write_is_not_taken_for_a_finished_run(work: Path, monkeypatch) -> None:
    """The cache remembers a run only once its manifest is written; else the next run reuses a stale one."""
    run_ok(work)
    (work / "corpus" / SAMPLES[0].name).write_bytes(b"")  # tonight this page fails
    write = outputs.atomic_write

    def disk_full_at_the_manifest(path: Path, data: str | bytes) -> bool:
        if path.name == "manifest.json":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return write(path, data)

    monkeypatch.setattr(outputs, "atomic_write", disk_full_at_the_manifest)
    failed = briefing(work)
    assert failed.exit_code == Exit.IO_ERROR
    assert "manifest.json" in failed.stderr and "No space left on device" in failed.stderr
    monkeypatch.setattr(outputs, "atomic_write", write)
    result = briefing(work)
    assert result.exit_code == Exit.SOME_FAILED, result.output
    assert SAMPLES[0].name in result.stderr and "empty page" in result.stderr
    manifest = json.loads((work / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert [f["file"] for f in manifest["failures"]] == [SAMPLES[0].name]


# --------------------------------------------------------------------------- OSError: one message, one code


def test_output_folder_that_is_a_file(work: Path) -> None:
    out = work / "out"
    out.write_text("not a folder\n")
    result = briefing(work)
    assert result.exit_code == Exit.IO_ERROR
    assert str(out) in result.stderr and "not a folder" in result.stderr
    assert out.read_text() == "not a folder\n"
    no_traceback(result)


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_output_folder_under_proc(work: Path) -> None:
    result = briefing(work, out=Path("/proc/self/briefing-out"))
    assert result.exit_code == Exit.IO_ERROR
    assert "/proc/self/briefing-out" in result.stderr
    no_traceback(result)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes to read-only folders")
def test_read_only_output_folder_keeps_the_previous_output(work: Path) -> None:
    run_ok(work)
    before = tree(work / "out")
    (work / "corpus" / SAMPLES[0].name).write_text("A new page about talks in Almaty.\n" * 3)
    for folder in [work / "out", *(p for p in (work / "out").rglob("*") if p.is_dir())]:
        folder.chmod(0o555)
    try:
        result = briefing(work)
    finally:
        for folder in [work / "out", *(p for p in (work / "out").rglob("*") if p.is_dir())]:
            folder.chmod(0o755)
    assert result.exit_code == Exit.IO_ERROR
    assert "Permission denied" in result.stderr and str(work / "out") in result.stderr
    assert tree(work / "out") == before


FILE_SIZE_LIMIT = 4096  # bytes: far below a briefing run's outputs, like a disk that fills up mid-run


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="needs RLIMIT_FSIZE")
def test_full_disk_names_the_file_and_keeps_the_previous_output(work: Path) -> None:
    """A write that fails mid-file (EFBIG here, as ENOSPC on a full disk) has no file name of its own."""
    run_ok(work, "--no-cache")
    before = tree(work / "out")
    page = work / "corpus" / SAMPLES[1].name
    page.write_text(page.read_text(encoding="utf-8") + "\nThe ministers will meet again next month.\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    argv = [sys.executable, "-m", "briefing", "run", "corpus", "--out", "out", "-c", "models.yaml", "--no-cache"]
    result = subprocess.run(
        argv, cwd=work, env=env, capture_output=True, text=True, timeout=120, preexec_fn=_limit_file_size
    )
    assert result.returncode == Exit.IO_ERROR, result.stderr
    assert re.search(r"briefing: \S*out/\S+: File too large", result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert tree(work / "out") == before
    assert not list((work / "out").rglob(".tmp-*"))


# --------------------------------------------------------------------------- OUT and the corpus


@pytest.mark.parametrize("out", ["corpus", "corpus/briefings", "corpus-link"])
def test_output_folder_in_the_corpus_is_refused(work: Path, out: str) -> None:
    (work / "corpus-link").symlink_to(work / "corpus")
    before = tree(work / "corpus")
    result = briefing(work, out=work / out)
    assert result.exit_code == Exit.USAGE
    assert "corpus" in result.stderr and "outside" in result.stderr
    assert tree(work / "corpus") == before
    assert not (work / "corpus" / "briefings").exists()


def test_empty_corpus_does_not_wipe_the_briefings_unless_asked(work: Path) -> None:
    run_ok(work)
    before = tree(work / "out")
    for page in (work / "corpus").iterdir():
        page.unlink()  # an unmounted share looks like this
    result = briefing(work)
    assert result.exit_code == Exit.INPUT
    assert str(work / "corpus") in result.stderr and "--allow-empty" in result.stderr
    assert tree(work / "out") == before

    allowed = briefing(work, "--allow-empty")
    assert allowed.exit_code == Exit.OK, allowed.output
    assert not (work / "out" / "articles").exists()
    assert briefing(work).exit_code == Exit.OK  # the last run was empty too: nothing left to protect


def test_unreadable_corpus_exits_5(work: Path, monkeypatch) -> None:
    """What a cron job that is not root meets (root reads any folder, so the kernel's refusal is simulated)."""
    corpus = work / "corpus"
    real_access, real_iterdir = os.access, Path.iterdir

    def access(path, mode, *args, **kwargs):
        return False if Path(path) == corpus else real_access(path, mode, *args, **kwargs)

    def iterdir(self):
        if self == corpus:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real_iterdir(self)

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(Path, "iterdir", iterdir)
    result = briefing(work)
    assert result.exit_code == Exit.INPUT, result.output
    assert str(corpus) in result.stderr and "cannot read" in result.stderr


# --------------------------------------------------------------------------- links planted in OUT, a poisoned cache


@pytest.mark.parametrize("planted", ["index.md", "articles"])
def test_link_planted_in_the_output_folder_is_refused_clearly(work: Path, planted: str) -> None:
    run_ok(work)
    elsewhere = work / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine\n")
    target = work / "out" / planted
    shutil.rmtree(target) if target.is_dir() else target.unlink()
    target.symlink_to(elsewhere if planted == "articles" else elsewhere / "keep.txt")
    (work / "corpus" / SAMPLES[0].name).write_text("A new page about talks in Almaty.\n" * 3)
    result = briefing(work)
    assert result.exit_code == Exit.IO_ERROR
    assert f"{target}: is a symbolic link" in result.stderr and "outside the output folder" in result.stderr
    assert tree(elsewhere) == {"keep.txt": b"mine\n"}
    no_traceback(result)


HANG_TIMEOUT_S = 60  # a run over the samples takes a few seconds; a read blocked on a FIFO never ends


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("planted", [".briefing-files.json", "manifest.json"])
def test_fifo_planted_in_the_output_folder_does_not_hang_the_run(work: Path, planted: str) -> None:
    run_ok(work)
    (work / "out" / planted).unlink()
    os.mkfifo(work / "out" / planted)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    argv = [sys.executable, "-m", "briefing", "run", "corpus", "--out", "out", "-c", "models.yaml"]
    result = subprocess.run(argv, cwd=work, env=env, capture_output=True, text=True, timeout=HANG_TIMEOUT_S)
    assert result.returncode == Exit.OK, result.stderr
    assert (work / "out" / planted).is_file()  # replaced by a plain file, never written through


POISONS = {
    "escaping id": lambda article: article["page"].update(id="../../escaped"),
    "another page's id": lambda article: article["page"].update(id="someone-else"),
    "another page's hash": lambda article: article["page"].update(sha256="0" * 64),
}


@pytest.mark.parametrize("poison", list(POISONS))
def test_poisoned_cache_entry_is_recomputed(work: Path, poison: str) -> None:
    run_ok(work)
    reference = tree(work / "out")
    with sqlite3.connect(work / "cache" / "cache.sqlite3") as conn:
        for key, value in conn.execute("SELECT key, value FROM entries WHERE stage='article'").fetchall():
            article = json.loads(value)
            POISONS[poison](article)
            conn.execute("UPDATE entries SET value=? WHERE key=?", (json.dumps(article), key))
        conn.execute("DELETE FROM entries WHERE stage='run'")
    manifest = run_ok(work)
    assert manifest["counts"]["cache_hits"] == 0
    assert {k: v for k, v in tree(work / "out").items() if k != "manifest.json"} == {
        k: v for k, v in reference.items() if k != "manifest.json"
    }
    assert not (work / "escaped").exists()


def test_poisoned_event_entry_is_recomputed(work: Path) -> None:
    run_ok(work)
    reference = tree(work / "out")
    with sqlite3.connect(work / "cache" / "cache.sqlite3") as conn:
        conn.execute('UPDATE entries SET value=\'[{"text": "Planted.", "sources": ["nobody"]}]\' WHERE stage=\'event\'')
        conn.execute("DELETE FROM entries WHERE stage='run'")
    run_ok(work)
    assert tree(work / "out")["index.md"] == reference["index.md"]
    assert not any(b"Planted." in data for data in tree(work / "out").values())


# --------------------------------------------------------------------------- the cache command


def test_cache_clear_refuses_an_unknown_stage(work: Path) -> None:
    run_ok(work)
    result = CliRunner().invoke(app, ["cache", "clear", "--stage", "bogus", "-c", str(work / "models.yaml")])
    assert result.exit_code == Exit.USAGE
    assert "bogus" in result.stderr and all(stage in result.stderr for stage in CACHE_STAGES)
    with sqlite3.connect(work / "cache" / "cache.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] > 0


def test_help_lists_the_new_exit_codes() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert "74 io error" in result.output and "130 interrupted" in result.output


# --------------------------------------------------------------------------- ten nights: the cache stays bounded

NIGHTS = 10
PAGES = 8


def _page(n: int, edits: int = 0) -> str:
    """Page number `n`: a sample page under its own headline and year, with `edits` appended sentences."""
    year = 2019 + n % 6
    text = re.sub(r"\b20\d\d\b", str(year), SAMPLES[n % len(SAMPLES)].read_text(encoding="utf-8"))
    extra = "".join(
        f"\nOfficials added on day {i} that the talks would continue, the agency said.\n" for i in range(edits)
    )
    return f"Round {n} of the talks\n\n{text}{extra}"


def _cache_size(work: Path) -> tuple[int, int]:
    info = CliRunner().invoke(app, ["cache", "info", "-c", str(work / "models.yaml")])
    assert info.exit_code == 0, info.output
    data = json.loads(info.stdout)
    assert set(data["entries"]) <= set(CACHE_STAGES) and data["size_bytes"] > 0
    assert data["value_bytes"]["article"] > 0
    return data["total_entries"], data["size_bytes"]


def test_ten_nights_over_a_changing_corpus_keep_the_cache_bounded(tmp_path: Path) -> None:
    """Each night one page is added, one edited and one removed; pruning keeps the cache to the
    pages of the last CACHE_KEEP_RUNS runs, so after that many nights it stops growing."""
    (tmp_path / "models.yaml").write_text(CONFIG, encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    edits = dict.fromkeys(range(PAGES), 0)
    entries = []
    for night in range(NIGHTS):
        if night:
            added, removed, edited = PAGES + night - 1, night - 1, night + PAGES // 2
            edits[added] = 0
            del edits[removed]
            edits[edited] += 1
        for old in set(corpus.iterdir()) - {corpus / f"{n:03d}.txt" for n in edits}:
            old.unlink()
        for n, count in edits.items():
            (corpus / f"{n:03d}.txt").write_text(_page(n, count), encoding="utf-8")
        result = briefing(tmp_path, corpus=corpus)
        assert result.exit_code == Exit.OK, result.output
        entries.append(_cache_size(tmp_path))
    counts = [n for n, _ in entries]
    # After CACHE_KEEP_RUNS nights, each night's new entries replace those of the night that left the window.
    assert counts[CACHE_KEEP_RUNS - 1] > counts[0]
    assert counts[-1] <= counts[CACHE_KEEP_RUNS - 1], counts
    articles = sqlite3.connect(tmp_path / "cache" / "cache.sqlite3").execute(
        "SELECT count(*) FROM entries WHERE stage='article'"
    )
    # The pages of tonight, and the removed pages and replaced versions of the last runs.
    assert articles.fetchone()[0] <= PAGES + 2 * (CACHE_KEEP_RUNS - 1)
