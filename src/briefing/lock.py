"""One `briefing run` per output folder at a time.

`RunLock` guards a lock file, e.g. `<out>/.briefing.lock`:

    with RunLock(out / ".briefing.lock"):
        ...  # the only process writing to out/

A second process that tries to take a held lock gets `LockHeld` at once (it
never waits), with the holder's pid, host and start time in the message.

Why an OS lock (flock) and not a pid file: the kernel releases an flock when
the holding process dies, however it dies -- SIGKILL, OOM killer, power loss
of a container -- so a lock can never outlive its holder, and there is no
"is pid N still alive?" guess that pid reuse can fool. The file's contents
(pid, host, start time) are only information for humans and for the "stale
lock" warning: a non-empty file whose flock nobody holds was left by a run
that died without releasing it, and is taken over with a warning.

The lock file is never deleted, only emptied on release: deleting it would
let a process that opened the old file and one that creates a new file both
"hold" the lock. It is never opened through a symbolic link, and must be a
plain file with one name: whoever can write to the output folder must not be
able to make a run (perhaps root, under cron) truncate another file.

Platforms: POSIX uses `fcntl.flock`; Windows uses `msvcrt.locking`, also
released by the OS when the process ends. Where neither exists, a pid file
created with O_EXCL plus a "holder still alive?" check is used; it is best
effort (pid reuse, a race between two takers of a stale file). flock on NFS is
emulated with POSIX record locks by Linux, which works with NFSv4 lock
support; keep the output folder on a local disk if in doubt.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import socket
import stat
import sys
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from briefing.errors import LockHeld, OutputError

log = logging.getLogger(__name__)

Backend = Literal["flock", "msvcrt", "pidfile"]

_OS_BACKEND: Backend
if sys.platform == "win32":  # pragma: no cover - Windows
    import msvcrt

    _OS_BACKEND = "msvcrt"
else:
    try:
        import fcntl

        _OS_BACKEND = "flock"
    except ImportError:  # pragma: no cover - exotic platforms (WASI, Emscripten)
        _OS_BACKEND = "pidfile"

#: How the lock file is opened: never through a symbolic link (the kernel refuses it, so no
#: check-then-open race), never blocking on a FIFO, never becoming a controlling terminal.
_OPEN_FLAGS = (
    os.O_RDWR
    | os.O_CREAT
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)

#: Byte offset `msvcrt.locking` locks. Windows forbids other processes to read
#: a locked range, so the lock sits far past the holder information.
_MSVCRT_LOCK_OFFSET = 1 << 20


def default_backend() -> Backend:
    """The most reliable lock this platform offers."""
    return _OS_BACKEND


class RunLock:
    """An exclusive, non-blocking, crash-safe lock on `path`. Use as a context manager.

    `acquire()` raises `LockHeld` when another process holds the lock,
    `OutputError` when the lock file is a link or not a plain file, and
    OSError when it cannot be created. The lock is not re-entrant:
    acquiring it twice, even in one process, raises LockHeld.
    `backend` is for tests; the default is `default_backend()`.
    """

    def __init__(self, path: Path, *, backend: Backend | None = None):
        self.path = Path(path)
        self.backend: Backend = backend or default_backend()
        self._fd: int | None = None
        self.previous_holder: dict[str, Any] | None = None  # set when a stale lock was taken over

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> RunLock:
        if self._fd is not None:
            raise LockHeld(f"{self.path}: this RunLock is already held")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = self._acquire_pidfile() if self.backend == "pidfile" else self._acquire_os_lock()
        self._fd = fd
        return self

    def release(self) -> None:
        """Empty the lock file and release the lock. Safe to call when not held."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if self.backend != "pidfile":
                os.ftruncate(fd, 0)  # an empty file tells the next taker the last run ended cleanly
                _os_unlock(fd)
        finally:
            os.close(fd)
        if self.backend == "pidfile":
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()

    # -- OS locks (flock, msvcrt) ------------------------------------------------

    def _acquire_os_lock(self) -> int:
        fd = _open_lock_file(self.path)
        try:
            if not _os_try_lock(fd):
                raise LockHeld(self._held_message(_read_holder(fd)))
            previous = _read_holder(fd)
            if previous is not None:
                self._warn_stale(previous)
            _write_holder(fd)
        except BaseException:
            os.close(fd)  # closing also releases the lock if we got it
            raise
        return fd

    # -- pid file fallback -----------------------------------------------------------

    def _acquire_pidfile(self) -> int:
        for _attempt in range(2):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                holder = _read_holder_at(self.path)
                if holder is None or _process_alive(holder):
                    # An empty file is a taker between create and write: treat as held.
                    raise LockHeld(self._held_message(holder)) from None
                self._warn_stale(holder)
                self.path.unlink(missing_ok=True)
                continue
            try:
                _write_holder(fd)
            except BaseException:
                os.close(fd)
                self.path.unlink(missing_ok=True)
                raise
            return fd
        raise LockHeld(self._held_message(_read_holder_at(self.path)))

    # -- messages ----------------------------------------------------------------------

    def _held_message(self, holder: dict[str, Any] | None) -> str:
        if holder is None:
            who = "another process"
        else:
            who = f"pid {holder.get('pid', '?')} on {holder.get('host', '?')} since {holder.get('started', '?')}"
        return (
            f"another briefing run is using this output folder: {who} holds {self.path}. "
            "Wait for it to finish, or stop it."
        )

    def _warn_stale(self, previous: dict[str, Any]) -> None:
        self.previous_holder = previous
        log.warning(
            "taking over stale lock left by pid %s (on %s, started %s): that run ended without releasing %s",
            previous.get("pid", "?"),
            previous.get("host", "?"),
            previous.get("started", "?"),
            self.path,
        )


def _open_lock_file(path: Path) -> int:
    """Open or create the lock file, which must be a plain file of its own.

    A run may be root under cron while others can write to the output folder. A
    symbolic or hard link planted as the lock file would make the run truncate
    and overwrite the file it leads to; a FIFO or a device is no lock file either.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS, 0o644)
    except OSError:
        if path.is_symlink():
            raise OutputError(
                str(path),
                f"is a symbolic link (to {os.readlink(path)}); briefing never follows a link for its lock file, "
                "since writing the lock would overwrite what it leads to. Remove it and run again.",
            ) from None
        raise
    info = os.fstat(fd)
    problem = None
    if not stat.S_ISREG(info.st_mode):
        problem = "is not a plain file (a FIFO, socket or device)"
    elif info.st_nlink > 1:
        problem = f"has {info.st_nlink} hard links, so it is also another file, which writing the lock would overwrite"
    if problem is not None:
        os.close(fd)
        raise OutputError(str(path), f"{problem}; briefing uses it as its lock file. Remove it and run again.")
    return fd


def _os_try_lock(fd: int) -> bool:
    """Take the OS lock on `fd` without waiting; False when another process holds it."""
    if sys.platform == "win32":  # pragma: no cover - Windows
        os.lseek(fd, _MSVCRT_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):  # EWOULDBLOCK / EAGAIN / EACCES
        return False
    return True


def _os_unlock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover - Windows
        os.lseek(fd, _MSVCRT_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _holder_info() -> dict[str, Any]:
    return {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "started": dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds"),
    }


def _write_holder(fd: int) -> None:
    data = (json.dumps(_holder_info()) + "\n").encode("utf-8")
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, data)
    os.fsync(fd)


def _read_holder(fd: int) -> dict[str, Any] | None:
    """The holder information in the open lock file; None when empty or unreadable."""
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 4096):
        chunks.append(chunk)
        if sum(map(len, chunks)) > 65536:  # not our file's format; don't read it all
            break
    return _parse_holder(b"".join(chunks))


def _read_holder_at(path: Path) -> dict[str, Any] | None:
    try:
        return _parse_holder(path.read_bytes()[:65536])
    except OSError:
        return None


def _parse_holder(raw: bytes) -> dict[str, Any] | None:
    text = raw.decode("utf-8", errors="replace").strip()
    if not text:
        return None
    try:
        info = json.loads(text)
    except ValueError:
        return {"pid": "?", "host": "?", "started": "?", "raw": text[:200]}
    return info if isinstance(info, dict) else {"raw": text[:200]}


def _process_alive(holder: dict[str, Any]) -> bool:
    """Best guess whether the pid-file holder still runs. Unknown counts as alive."""
    pid = holder.get("pid")
    if not isinstance(pid, int) or holder.get("host") != socket.gethostname() or os.name == "nt":
        return True  # another host, or no safe probe (os.kill(pid, 0) terminates on Windows)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
