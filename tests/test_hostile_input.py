"""Hostile input at ingest: file names, front matter, links and special files a scraper can leave in a corpus.

Each case runs the real job (`briefing run` through CliRunner, or a subprocess
where a hang or memory is the point) next to a good sample page, and checks
what a user sees: the good page is written, the odd entry is processed or
reported (file and reason) on stderr and in `out/manifest.json`, and nothing
from outside the corpus reaches an output.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import Exit, app
from briefing.config import load_config
from briefing.document import printable
from briefing.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]
GOOD_PAGE = next((REPO / "corpus").glob("002_*.txt"))
OTHER_PAGE = next((REPO / "corpus").glob("001_*.txt"))
THIRD_PAGE = next((REPO / "corpus").glob("000_*.txt"))

#: Seconds before a run counts as hung (it takes a few).
HANG_TIMEOUT_S = 120
#: Address space for a subprocess that, before the fix, read /dev/zero until MemoryError.
SUBPROCESS_MEMORY_BYTES = 4 * 1024**3


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """tmp_path with an offline models.yaml (cache inside tmp_path) and corpus/good.txt."""
    (tmp_path / "models.yaml").write_text(
        f"translation:\n  backend: none\nsummary:\n  backend: extractive\ncache:\n  path: '{tmp_path / 'cache'}'\n",
        encoding="utf-8",
    )
    (tmp_path / "corpus").mkdir()
    shutil.copy(GOOD_PAGE, tmp_path / "corpus" / "good.txt")
    return tmp_path


def cli(work: Path, *args: str):
    argv = ["run", str(work / "corpus"), "--out", str(work / "out"), "--config", str(work / "models.yaml"), *args]
    return CliRunner().invoke(app, argv, catch_exceptions=False)


def subprocess_cli(work: Path, *argv: str) -> subprocess.CompletedProcess:
    """`python -m briefing ARGV` in `work`, with a time limit (a hang fails the test) and a memory limit."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": os.pathsep.join([str(REPO / "src"), *sys.path])}

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (SUBPROCESS_MEMORY_BYTES, SUBPROCESS_MEMORY_BYTES))

    return subprocess.run(
        [sys.executable, "-m", "briefing", *argv],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG_TIMEOUT_S,
        preexec_fn=limit_memory,
    )


def manifest(work: Path) -> dict:
    return json.loads((work / "out" / "manifest.json").read_text(encoding="utf-8"))


def inputs(work: Path) -> dict[str, dict]:
    return {entry["file"]: entry for entry in manifest(work)["inputs"]}


def everything_written(out: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(out.rglob("*")) if p.is_file())


def in_log(text: str, stderr: str) -> bool:
    """Whether stderr says `text`, however the log handler wrapped or folded its lines."""
    return "".join(text.split()) in "".join(stderr.split())


def with_front_matter(front_matter: str) -> str:
    return f"---\n{front_matter}\n---\n{OTHER_PAGE.read_text(encoding='utf-8')}"


# --------------------------------------------------------------------------- file names


#: (name as on disk, as every output shows it)
DISPLAYED_NAMES = [
    (os.fsdecode(b"caf\xe9.txt"), "caf\\xe9.txt"),
    ("x\nbriefing: forged line.txt", "x\\nbriefing: forged line.txt"),
    ("\x1b[31mred.txt", "\\x1b[31mred.txt"),
    ("\u202eevil.txt", "\\u202eevil.txt"),
    ("\u2066isolate\u2069.txt", "\\u2066isolate\\u2069.txt"),
    ("zero\u200bwidth\ufeff.txt", "zero\\u200bwidth\\ufeff.txt"),
    ("Երևան Москва Bakı.txt", "Երևան Москва Bakı.txt"),
]


@pytest.mark.parametrize(("name", "shown"), DISPLAYED_NAMES)
def test_printable_escapes_what_would_forge_or_hide_text(name: str, shown: str) -> None:
    assert printable(name) == shown
    assert printable(shown) == shown
    shown.encode("utf-8")  # never raises


def _undecodable_name(corpus: Path) -> Path:
    path = Path(os.fsdecode(bytes(corpus) + b"/caf\xe9.txt"))
    try:
        shutil.copy(OTHER_PAGE, path)
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses file names that are not UTF-8")
    return path


@pytest.mark.parametrize("args", [[], ["--no-cache"]], ids=["cache", "no-cache"])
def test_run_reads_a_file_whose_name_is_not_utf8(work: Path, args: list[str]) -> None:
    _undecodable_name(work / "corpus")
    for _ in range(2):  # the second run reads the cache (when on)
        result = cli(work, *args)
        assert result.exit_code == Exit.OK, result.output
    entry = inputs(work)["caf\\xe9.txt"]
    assert entry["status"] == "ok"
    summary = (work / "out" / "articles" / entry["id"] / "summary.en.md").read_text(encoding="utf-8")
    assert "file: caf\\xe9.txt" in summary  # front matter names it, escaped
    assert "governments of Armenia and Azerbaijan" in (work / "out" / "articles" / entry["id"] / "clean.txt").read_text(
        encoding="utf-8"
    )


def test_summarise_reads_a_file_whose_name_is_not_utf8(work: Path) -> None:
    path = _undecodable_name(work / "corpus")
    result = CliRunner().invoke(
        app, ["summarise", str(path), str(work / "corpus" / "good.txt"), "--config", str(work / "models.yaml")]
    )
    assert result.exit_code == Exit.OK, result.output
    assert "caf\\\\xe9.txt" in result.stdout  # the name, escaped (and its backslash escaped for Markdown)


def test_control_and_bidi_characters_in_names_cannot_forge_stderr(work: Path) -> None:
    for name, _ in DISPLAYED_NAMES[1:6]:
        (work / "corpus" / name).write_bytes(b"")  # an empty page: reported by name on stderr
    result = cli(work)
    assert result.exit_code == Exit.SOME_FAILED, result.output
    for _, shown in DISPLAYED_NAMES[1:6]:
        assert shown in result.stderr
        assert inputs(work)[shown]["reason"] == "empty page"
    assert not [line for line in result.stderr.splitlines() if line.startswith("briefing: forged")]
    for char in "\x1b\u202e\u2066\u2069\u200b\ufeff":
        assert char not in result.stderr
        assert char not in everything_written(work / "out")


def test_ids_stay_unique_when_a_renamed_id_collides(work: Path) -> None:
    """`a b.txt` and `a_b.txt` both map to `a_b`; the rename `a_b-txt` is another file's id."""
    pages = {"a b.txt": GOOD_PAGE, "a_b-txt.txt": OTHER_PAGE, "a_b.txt": THIRD_PAGE}
    (work / "corpus" / "good.txt").unlink()
    for name, source in pages.items():
        shutil.copy(source, work / "corpus" / name)
    assert cli(work).exit_code == Exit.OK
    entries = inputs(work)
    assert len({entries[name]["id"] for name in pages}) == len(pages)
    for name, source in pages.items():
        first_line = next(line for line in source.read_text(encoding="utf-8").splitlines() if len(line) > 60)
        clean = (work / "out" / "articles" / entries[name]["id"] / "clean.txt").read_text(encoding="utf-8")
        assert first_line[:60] in clean, name

    pipeline = Pipeline(load_config(work / "models.yaml"))
    paths = sorted((work / "corpus").iterdir())
    forward = {p.name: p.id for p in pipeline.read(paths)[0]}
    backward = {p.name: p.id for p in pipeline.read(paths[::-1])[0]}
    assert forward == backward == {name: entries[name]["id"] for name in pages}


# --------------------------------------------------------------------------- front matter

BOMB = "\n".join(
    ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 5)]
    + ["published: *a4"]
)

#: (file, front matter, what the page's warning must say)
HOSTILE_FRONT_MATTER = [
    ("bomb.txt", BOMB, "anchors and aliases are not allowed"),
    ("feb-30.txt", "published: 2022-02-30", "front matter refused"),
    ("big-int.txt", "title: " + "9" * 5001, "front matter refused"),
    ("deep.txt", "title: " + "[" * 100 + "]" * 100, "nested deeper"),
    ("year-1.txt", 'published: "0001-01-01T00:00:00Z"', "not a plausible publication date"),
    ("year-9999.txt", "published: 9999-12-31", "not a plausible publication date"),
    ("year-1900.txt", "published: 1900-01-01", "not a plausible publication date"),
]


def test_hostile_front_matter_keeps_the_page_with_a_short_warning(work: Path) -> None:
    for name, front_matter, _ in HOSTILE_FRONT_MATTER:
        (work / "corpus" / name).write_text(with_front_matter(front_matter), encoding="utf-8")
    result = cli(work)
    assert result.exit_code == Exit.OK, result.output
    entries = inputs(work)
    for name, _, expected in HOSTILE_FRONT_MATTER:
        assert entries[name]["status"] == "ok", entries[name]
        warnings = entries[name]["warnings"]
        assert any(expected in w for w in warnings), (name, warnings)
        assert all(len(w) < 200 for w in warnings), (name, warnings)  # no value is quoted at length
        assert in_log(f"{name}: front matter", result.stderr), name
    assert "lol, lol, lol" not in result.stderr
    assert len((work / "out" / "manifest.json").read_bytes()) < 200_000


# --------------------------------------------------------------------------- links and special files


def test_links_out_of_the_corpus_are_refused_and_nothing_leaks(work: Path) -> None:
    corpus = work / "corpus"
    secret = work / "secret.txt"
    secret.write_text(
        OTHER_PAGE.read_text(encoding="utf-8") + "\nThe vault code is SWORDFISH-4471.\n", encoding="utf-8"
    )
    (corpus / "secret.txt").symlink_to(secret)
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    (corpus / "archive").mkdir()
    shutil.copy(THIRD_PAGE, corpus / "archive" / "kept.txt")
    (corpus / "inside.txt").symlink_to(Path("archive", "kept.txt"))

    result = cli(work)
    assert result.exit_code == Exit.SOME_FAILED, result.output
    entries = inputs(work)
    for name in ("secret.txt", "passwd.txt"):
        assert entries[name]["status"] == "failed"
        assert entries[name]["reason"] == "symbolic link to a file outside the corpus folder; not read"
        assert entries[name]["sha256"] is None  # the target is not even hashed
        assert in_log(f"{name}: symbolic link to a file outside the corpus folder", result.stderr)
    written = everything_written(work / "out")
    assert "SWORDFISH" not in written and "root:" not in written
    assert entries["inside.txt"]["status"] == "ok"
    assert any("archive" in w and "sub-folder" in w for w in manifest(work)["warnings"])


#: (how to make the entry, the reason reported for it)
SPECIAL_ENTRIES = [
    (lambda p: os.mkfifo(p), "a FIFO (named pipe), not a regular file; not read"),
    (lambda p: p.mkdir(), "a folder, not a regular file; not read"),
    (lambda p: p.symlink_to(p), "symbolic link loop; not read"),
    (lambda p: p.symlink_to(p.with_name("nowhere.txt")), "broken symbolic link (its target does not exist); not read"),
]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_special_entries_are_reported_and_never_block(work: Path) -> None:
    """A FIFO, a folder named like a page, a looping and a dangling link; the real command, so a hang fails."""
    corpus = work / "corpus"
    for i, (make, _) in enumerate(SPECIAL_ENTRIES):
        make(corpus / f"special-{i}.txt")
    (corpus / "subfolder").mkdir()

    result = subprocess_cli(work, "run", "corpus", "--out", "out", "--config", "models.yaml")
    assert result.returncode == Exit.SOME_FAILED, result.stderr
    entries = inputs(work)
    for i, (_, reason) in enumerate(SPECIAL_ENTRIES):
        assert entries[f"special-{i}.txt"]["reason"] == reason
        assert in_log(f"special-{i}.txt: {reason}", result.stderr)
    assert entries["good.txt"]["status"] == "ok"
    assert in_log("subfolder: sub-folder not read", result.stderr)
    assert any(w.startswith("subfolder: sub-folder not read") for w in manifest(work)["warnings"])


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="needs FIFOs and /dev/zero")
@pytest.mark.parametrize("command", ["detect", "summarise"])
@pytest.mark.parametrize("target", ["fifo", "/dev/zero"])
def test_one_off_commands_refuse_fifos_and_devices(work: Path, command: str, target: str) -> None:
    if target == "fifo":
        os.mkfifo(work / "fifo.txt")
        target = str(work / "fifo.txt")
    result = subprocess_cli(work, command, target, "--config", "models.yaml")
    assert result.returncode == Exit.MOST_FAILED, result.stderr
    assert in_log(f"{target}: ", result.stderr) and in_log("not a regular file", result.stderr)
