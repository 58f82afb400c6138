"""Test helper: run `python -m briefing ...` (or any command) and SIGKILL it at a chosen moment.

For kill-and-resume tests: kill a run mid-way, run again, and check that the
output is complete and that cached work was reused.

    rc = run_and_kill(["run", "corpus", "--out", str(out)], temp_file_appeared(out), cwd=tmp_path)
    assert rc == KILLED

Not for Windows, which has no SIGKILL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

#: The return code of a process that was killed by `run_and_kill`.
KILLED = -signal.SIGKILL

#: How often the kill condition is checked.
POLL_S = 0.005


class NeverKilled(AssertionError):
    """The condition never came true before `timeout`; the process was killed anyway."""


def run_and_kill(
    args: list[str],
    kill_when: Callable[[], bool] | float,
    cwd: Path,
    *,
    command: list[str] | None = None,
    timeout: float = 60.0,
    env: dict[str, str] | None = None,
    log_path: Path | None = None,
) -> int:
    """Start `command + args` in `cwd` and SIGKILL it when `kill_when` says so; return its return code.

    `command` defaults to `[sys.executable, "-m", "briefing"]`. `kill_when` is
    either a delay in seconds, or a condition polled every POLL_S seconds (e.g.
    `temp_file_appeared(out)`). The return code is KILLED when the process was
    killed, or the process's own code when it finished first. If neither has
    happened after `timeout` seconds, the process is killed and NeverKilled is
    raised. Output goes to `log_path` when given, otherwise it is discarded.
    """
    argv = list(command or [sys.executable, "-m", "briefing"]) + list(args)
    deadline = time.monotonic() + timeout
    condition = _condition(kill_when)
    out = open(log_path, "wb") if log_path is not None else subprocess.DEVNULL  # noqa: SIM115 - closed in finally
    try:
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            while proc.poll() is None:
                if condition():
                    proc.send_signal(signal.SIGKILL)
                    return proc.wait()
                if time.monotonic() > deadline:
                    raise NeverKilled(f"{argv} neither finished nor met the kill condition in {timeout}s")
                time.sleep(POLL_S)
            return proc.returncode
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    finally:
        if log_path is not None:
            out.close()  # type: ignore[union-attr]


def _condition(kill_when: Callable[[], bool] | float) -> Callable[[], bool]:
    if callable(kill_when):
        return kill_when
    at = time.monotonic() + float(kill_when)
    return lambda: time.monotonic() >= at


def temp_file_appeared(folder: Path, prefix: str = ".tmp-") -> Callable[[], bool]:
    """A condition: some file whose name starts with `prefix` exists under `folder` (recursively)."""

    def check() -> bool:
        return any(any(name.startswith(prefix) for name in files) for _root, _dirs, files in os.walk(folder))

    return check


def file_appeared(path: Path) -> Callable[[], bool]:
    """A condition: `path` exists."""
    return Path(path).exists
