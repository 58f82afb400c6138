"""One run per output folder (briefing.lock), tested across real processes."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from briefing.errors import LockHeld, OutputError
from briefing.lock import RunLock

# Takes the lock, says so by creating the "ready" file, then waits to be killed.
HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from briefing.lock import RunLock
    lock = RunLock(Path(sys.argv[1]), backend=sys.argv[3]).acquire()
    Path(sys.argv[2]).write_text("held")
    time.sleep(600)
    """
)

BACKENDS = ["flock", "pidfile"] if os.name == "posix" else ["pidfile"]


def start_holder(lock_path: Path, tmp_path: Path, backend: str) -> subprocess.Popen:
    ready = tmp_path / "ready"
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(lock_path), str(ready), backend])
    deadline = time.monotonic() + 30
    while not ready.exists():
        if proc.poll() is not None:
            raise AssertionError(f"lock holder exited early with {proc.returncode}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("lock holder did not take the lock within 30 s")
        time.sleep(0.01)
    return proc


@pytest.mark.parametrize("backend", BACKENDS)
def test_second_process_is_refused_then_takes_over_after_kill(tmp_path: Path, caplog, backend):
    lock_path = tmp_path / "out" / ".briefing.lock"
    proc = start_holder(lock_path, tmp_path, backend)
    try:
        with pytest.raises(LockHeld) as refused:
            RunLock(lock_path, backend=backend).acquire()
        assert f"pid {proc.pid}" in str(refused.value)
        assert "since" in str(refused.value)
    finally:
        proc.kill()  # SIGKILL: no chance to clean up
        proc.wait()
    with caplog.at_level(logging.WARNING, logger="briefing.lock"), RunLock(lock_path, backend=backend) as lock:
        assert lock.held
        assert lock.previous_holder is not None and lock.previous_holder["pid"] == proc.pid
    assert f"taking over stale lock left by pid {proc.pid}" in caplog.text


@pytest.mark.parametrize("backend", BACKENDS)
def test_clean_release_lets_next_run_in_without_warning(tmp_path: Path, caplog, backend):
    lock_path = tmp_path / ".briefing.lock"
    with RunLock(lock_path, backend=backend):
        info = json.loads(lock_path.read_text())
        assert info["pid"] == os.getpid()
        assert {"host", "started"} <= info.keys()
    with caplog.at_level(logging.WARNING, logger="briefing.lock"), RunLock(lock_path, backend=backend) as lock:
        assert lock.previous_holder is None
    assert "stale" not in caplog.text


@pytest.mark.parametrize("backend", BACKENDS)
def test_lock_is_exclusive_within_one_process_too(tmp_path: Path, backend):
    lock_path = tmp_path / ".briefing.lock"
    with RunLock(lock_path, backend=backend), pytest.raises(LockHeld, match=f"pid {os.getpid()}"):
        RunLock(lock_path, backend=backend).acquire()


@pytest.mark.parametrize("backend", BACKENDS)
def test_lock_released_when_run_fails(tmp_path: Path, backend):
    lock_path = tmp_path / ".briefing.lock"
    with pytest.raises(RuntimeError), RunLock(lock_path, backend=backend):
        raise RuntimeError("model crashed")
    with RunLock(lock_path, backend=backend) as lock:
        assert lock.held
    assert not lock.held


def test_flock_takes_over_a_file_with_garbage(tmp_path: Path, caplog):
    if os.name != "posix":
        pytest.skip("flock is POSIX")
    lock_path = tmp_path / ".briefing.lock"
    lock_path.write_text("12345\n")  # e.g. an old-style pid file
    with caplog.at_level(logging.WARNING, logger="briefing.lock"), RunLock(lock_path, backend="flock"):
        assert json.loads(lock_path.read_text())["pid"] == os.getpid()
    assert "taking over stale lock" in caplog.text


def test_pidfile_lock_of_another_host_is_respected(tmp_path: Path):
    lock_path = tmp_path / ".briefing.lock"
    lock_path.write_text(json.dumps({"pid": 1, "host": "some-other-machine", "started": "2024-05-01T02:00:00+00:00"}))
    with pytest.raises(LockHeld, match="some-other-machine"):
        RunLock(lock_path, backend="pidfile").acquire()


def _symlink(lock_path: Path, victim: Path) -> None:
    lock_path.symlink_to(victim)


def _dangling_symlink(lock_path: Path, victim: Path) -> None:
    lock_path.symlink_to(victim.with_name("created-by-the-run"))


def _hard_link(lock_path: Path, victim: Path) -> None:
    os.link(victim, lock_path)


def _fifo(lock_path: Path, victim: Path) -> None:
    os.mkfifo(lock_path)


#: Things planted as the lock file by someone who can write to the output folder.
PLANTED = {"symlink": _symlink, "dangling symlink": _dangling_symlink, "hard link": _hard_link, "fifo": _fifo}
PLANTED_MESSAGE = {"symlink": "symbolic link", "dangling symlink": "symbolic link", "hard link": "hard links"}


@pytest.mark.skipif(os.name != "posix", reason="symlinks, hard links and FIFOs as on POSIX")
@pytest.mark.parametrize("planted", list(PLANTED))
def test_planted_lock_file_is_refused_and_nothing_is_overwritten(tmp_path: Path, planted: str):
    victim = tmp_path / "victim.conf"
    victim.write_text("precious\n")
    lock_path = tmp_path / "out" / ".briefing.lock"
    lock_path.parent.mkdir()
    PLANTED[planted](lock_path, victim)
    with pytest.raises(OutputError, match=PLANTED_MESSAGE.get(planted, "not a plain file")) as refused:
        RunLock(lock_path, backend="flock").acquire()
    assert str(lock_path) in str(refused.value)
    assert victim.read_text() == "precious\n"
    assert not victim.with_name("created-by-the-run").exists()
