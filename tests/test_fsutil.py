"""Atomic writes, contained output paths and slugs (briefing.fsutil)."""

from __future__ import annotations

import os
import re
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.errors import UnsafePath
from briefing.fsutil import TEMP_PREFIX, atomic_write, remove_stale_temp_files, safe_join, slugify, write_many
from killrun import KILLED, NeverKilled, run_and_kill, temp_file_appeared

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FS_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


# -- atomic_write -------------------------------------------------------------------------


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob(f"{TEMP_PREFIX}*")]


def test_atomic_write_creates_file_and_parents(tmp_path: Path):
    target = tmp_path / "2024-05-01-almaty" / "briefing.en.md"
    assert atomic_write(target, "# Talks in Almaty\n\nArmenia and Azerbaijan met.\n") is True
    assert target.read_bytes() == b"# Talks in Almaty\n\nArmenia and Azerbaijan met.\n"
    assert temp_files(tmp_path) == []


def test_unchanged_content_is_not_rewritten(tmp_path: Path):
    target = tmp_path / "briefing.hy.md"
    assert atomic_write(target, "Բանակցություններ\n") is True
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))  # a known mtime to compare against
    assert atomic_write(target, "Բանակցություններ\n") is False
    assert target.stat().st_mtime_ns == 1_000_000_000


def test_changed_content_of_same_size_is_rewritten(tmp_path: Path):
    target = tmp_path / "b.md"
    atomic_write(target, "aaaa")
    assert atomic_write(target, "bbbb") is True
    assert target.read_text() == "bbbb"


@pytest.mark.parametrize(
    "data, expected",
    [
        ("line one\nline two\n", b"line one\nline two\n"),
        ("Bakı — Ереван — Երևան\n", "Bakı — Ереван — Երևան\n".encode()),
        (b"\x00\xffraw", b"\x00\xffraw"),
        ("", b""),
    ],
)
def test_atomic_write_bytes_on_disk(tmp_path: Path, data, expected):
    target = tmp_path / "f"
    atomic_write(target, data)
    assert target.read_bytes() == expected


def test_new_file_gets_shareable_permissions_and_existing_mode_is_kept(tmp_path: Path):
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    fresh = tmp_path / "fresh.md"
    atomic_write(fresh, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask
    kept = tmp_path / "kept.md"
    kept.write_text("old")
    kept.chmod(0o640)
    atomic_write(kept, "new")
    assert kept.stat().st_mode & 0o777 == 0o640


def test_failed_write_leaves_old_file_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "briefing.az.md"
    target.write_text("old briefing")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space"):
        atomic_write(target, "new briefing")
    assert target.read_text() == "old briefing"
    assert temp_files(tmp_path) == []


@FS_SETTINGS
@given(text=st.text())
def test_atomic_write_round_trips_any_text(tmp_path: Path, text: str):
    target = tmp_path / "prop.md"
    atomic_write(target, text)
    assert target.read_bytes().decode("utf-8") == text


# A writer that rewrites one file with alternating large contents until killed.
WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from briefing.fsutil import atomic_write
    target = Path(sys.argv[1])
    i = 0
    while True:
        atomic_write(target, ("AB"[i % 2] * 1_000_000) + "\\n")
        i += 1
    """
)


def test_killed_writer_leaves_a_whole_file_and_cleanup_removes_its_temp(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "briefing.en.md"
    atomic_write(target, "A" * 1_000_000 + "\n")
    rc = run_and_kill([str(target)], temp_file_appeared(out), cwd=tmp_path, command=[sys.executable, "-c", WRITER])
    assert rc == KILLED
    content = target.read_bytes()
    assert content in (b"A" * 1_000_000 + b"\n", b"B" * 1_000_000 + b"\n")
    leftovers = len(temp_files(out))
    assert remove_stale_temp_files(out) == leftovers
    assert temp_files(out) == []
    assert target.exists()


def test_remove_stale_temp_files_only_touches_temp_files(tmp_path: Path):
    (tmp_path / "event").mkdir()
    (tmp_path / "event" / f"{TEMP_PREFIX}abc").write_text("half")
    (tmp_path / f"{TEMP_PREFIX}def").write_text("half")
    (tmp_path / "event" / "briefing.en.md").write_text("keep")
    (tmp_path / "tmp-notes.md").write_text("keep")
    assert remove_stale_temp_files(tmp_path) == 2
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["briefing.en.md", "tmp-notes.md"]


def test_remove_stale_temp_files_does_not_follow_symlinks(tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / f"{TEMP_PREFIX}precious").write_text("not ours")
    out = tmp_path / "out"
    out.mkdir()
    (out / "link").symlink_to(outside, target_is_directory=True)
    assert remove_stale_temp_files(out) == 0
    assert (outside / f"{TEMP_PREFIX}precious").exists()


# -- safe_join ----------------------------------------------------------------------------

SAFE_JOIN_CASES = [
    (("2024-05-01-almaty", "briefing.en.md"), "2024-05-01-almaty/briefing.en.md"),
    (("a/./b", "c.md"), "a/b/c.md"),
    (("a", "..", "b.md"), "b.md"),
    ((), ""),
]

UNSAFE_PARTS = [
    ("..", "etc", "passwd"),
    ("event", "../../x.md"),
    ("/etc/passwd",),
    ("a\x00b",),
]


@pytest.mark.parametrize("parts, relative", SAFE_JOIN_CASES)
def test_safe_join_inside_root(tmp_path: Path, parts, relative):
    assert safe_join(tmp_path, *parts) == (tmp_path / relative).resolve()


@pytest.mark.parametrize("parts", UNSAFE_PARTS)
def test_safe_join_rejects_escapes(tmp_path: Path, parts):
    with pytest.raises(ValueError):
        safe_join(tmp_path, *parts)


def test_safe_join_rejects_symlink_out_of_root(tmp_path: Path):
    root = tmp_path / "out"
    root.mkdir()
    (root / "evil").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(UnsafePath, match="outside") as refused:
        safe_join(root, "evil", "briefing.md")
    assert refused.value.path == str(root.resolve() / "evil")  # the link, not the file below it
    assert f"is a symbolic link to {tmp_path}" in refused.value.problem


def test_a_write_that_fails_midway_names_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """On a full disk write() fails with no file name; the user must still learn which file."""
    target = tmp_path / "events" / "talks" / "briefing.hy.md"
    target.parent.mkdir(parents=True)
    target.write_text("old briefing")

    def full_disk(fd, sync=None):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space") as failed:
        atomic_write(target, "new briefing")
    assert failed.value.filename == str(target)
    assert target.read_text() == "old briefing"
    assert temp_files(tmp_path) == []


TRICKY_PARTS = ["..", ".", "/", "../..", "a/../..", "~", "/etc", "..\\.."]


@FS_SETTINGS
@given(parts=st.lists(st.one_of(st.text(max_size=12), st.sampled_from(TRICKY_PARTS)), max_size=5))
def test_safe_join_never_leaves_root(tmp_path: Path, parts):
    root = tmp_path.resolve()
    try:
        result = safe_join(root, *parts)
    except ValueError:
        return
    assert result == root or root in result.parents


# -- slugify ------------------------------------------------------------------------------

SLUG_CASES = [
    ("Armenia, Azerbaijan FMs meet in Almaty", "armenia-azerbaijan-fms-meet-in-almaty"),
    ("İlham Əliyev və Nikol Paşinyan", "ilham-eliyev-ve-nikol-pasinyan"),
    ("Ереван и Баку: новый раунд переговоров", "erevan-i-baku-novyy-raund-peregovorov"),
    ("Հայաստան Ադրբեջան բանակցություններ", "hayastan-adrbejan-banaktsutyunner"),
    ("Zürich — Genève 2.0", "zurich-geneve-2-0"),
    ("../../etc/passwd", "etc-passwd"),
    ("C:\\Windows\\system32", "c-windows-system32"),
    ("Pash\u00adinyan\u200b", "pashinyan"),  # soft hyphen, zero-width space from scraped HTML
    ("", "untitled"),
    ("...", "untitled"),
    ("中文标题", "untitled"),
    ("CON", "con-x"),
]


@pytest.mark.parametrize("text, slug", SLUG_CASES)
def test_slugify(text: str, slug: str):
    assert slugify(text) == slug


def test_slugify_cuts_long_titles_at_a_word_boundary():
    title = "Foreign ministers of Armenia and Azerbaijan conclude two days of talks on the peace treaty text"
    slug = slugify(title, max_len=40)
    assert len(slug) <= 40
    assert slug == "foreign-ministers-of-armenia-and"


@given(text=st.text(), max_len=st.integers(min_value=1, max_value=80))
def test_slugify_is_always_a_safe_file_name(text: str, max_len: int):
    slug = slugify(text, max_len=max_len)
    assert SLUG_RE.match(slug)
    assert 0 < len(slug) <= max_len
    assert "/" not in slug and "\\" not in slug
    assert slug not in (".", "..")


def test_slugify_rejects_nonpositive_length():
    with pytest.raises(ValueError):
        slugify("x", max_len=0)


# -- the kill helper itself (tests/killrun.py), used by the kill-and-resume tests ---------------

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


def test_run_and_kill_after_a_delay(tmp_path: Path):
    assert run_and_kill([], 0.2, cwd=tmp_path, command=SLEEPER) == KILLED


def test_run_and_kill_returns_own_code_when_process_finishes_first(tmp_path: Path):
    done = [sys.executable, "-c", "import sys; sys.exit(3)"]
    assert run_and_kill([], lambda: False, cwd=tmp_path, command=done) == 3


def test_run_and_kill_gives_up_when_the_condition_never_comes(tmp_path: Path):
    with pytest.raises(NeverKilled):
        run_and_kill([], lambda: False, cwd=tmp_path, command=SLEEPER, timeout=0.3)


# --- write_many ------------------------------------------------------------------


def test_write_many_writes_and_skips_identical(tmp_path: Path) -> None:
    files = {"index.md": "top\n", "events/a/briefing.en.md": "a\n", "articles/x/clean.txt": b"raw\n"}
    written, unchanged = write_many(tmp_path, files)
    assert written == list(files) and unchanged == []
    assert (tmp_path / "events/a/briefing.en.md").read_text() == "a\n"
    mtime = (tmp_path / "index.md").stat().st_mtime_ns
    written, unchanged = write_many(tmp_path, {"index.md": "top\n", "events/a/briefing.en.md": "changed\n"})
    assert written == ["events/a/briefing.en.md"] and unchanged == ["index.md"]
    assert (tmp_path / "index.md").stat().st_mtime_ns == mtime
    assert not list(tmp_path.rglob(".tmp-*"))


def test_write_many_makes_each_file_only_when_its_turn_comes(tmp_path: Path) -> None:
    """A run's files are rendered one at a time: the first is staged before the second is made."""
    staged_when_made: list[int] = []

    def make(text: str) -> Callable[[], str]:
        def made() -> str:
            staged_when_made.append(len(list(tmp_path.rglob(f"{TEMP_PREFIX}*"))))
            return text

        return made

    written, _ = write_many(tmp_path, {"a.md": make("a\n"), "b/c.md": make("c\n"), "d.md": "d\n"})
    assert written == ["a.md", "b/c.md", "d.md"]
    assert staged_when_made == [0, 1]
    assert (tmp_path / "b/c.md").read_text() == "c\n"


def test_write_many_refuses_paths_outside_root_and_leaves_no_temp_files(tmp_path: Path) -> None:
    root = tmp_path / "out"
    with pytest.raises(ValueError):
        write_many(root, {"ok.md": "fine\n", "../escape.md": "bad\n"})
    assert not (tmp_path / "escape.md").exists()
    assert not list(tmp_path.rglob(".tmp-*"))


@pytest.mark.parametrize("link", ["events/a", "events/a/briefing.en.md"])
def test_write_many_refuses_a_symlink_out_of_root_after_an_earlier_file_in_its_folder(
    tmp_path: Path, link: str
) -> None:
    """Folders are checked once per run: a symlinked folder, or a symlinked file in a folder
    already written to, must still be refused, and nothing written outside."""
    root, outside = tmp_path / "out", tmp_path / "outside"
    outside.mkdir()
    (root / "events").mkdir(parents=True)
    if link == "events/a":
        (root / link).symlink_to(outside, target_is_directory=True)
        files = {"events/index.md": "ok\n", "events/a/briefing.en.md": "bad\n"}
    else:
        (root / "events/a").mkdir()
        (root / link).symlink_to(outside / "stolen.md")
        files = {"events/a/briefing.hy.md": "ok\n", "events/a/briefing.en.md": "bad\n"}
    with pytest.raises(ValueError, match=r"outside|leads"):
        write_many(root, files)
    assert list(outside.iterdir()) == []
    assert not list(root.rglob(".tmp-*"))
