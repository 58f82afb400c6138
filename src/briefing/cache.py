"""A persistent, crash-safe cache of stage results, and JSON (de)serialisation of the data model.

Each stage's result for a page is stored under (stage, key), where `key()`
hashes everything the result depends on: the page's content hash, the stage's
config and the model id + revision (and, for dataclass results,
`schema_fingerprint()` of their classes). A re-run after a crash, or the next
night over mostly unchanged pages, then recomputes only what changed.

Storage is one SQLite file in WAL mode: readers (e.g. `briefing cache info`)
never block the writer, and a run killed mid-write loses at most the entry
being written, never the file. With `synchronous=NORMAL`, a power cut may
lose the last commits, but not consistency; a killed process loses nothing
that was committed.

A cache must never sink a run: a corrupted file is moved aside as
`<name>.corrupt-<timestamp>` and a fresh cache started; a cache that cannot be
opened at all (read-only disk, permissions) falls back to memory for the run;
a write that fails (disk full, a lock held too long) is logged and skipped.
Every such event is logged as a warning.

Values are strings. `encode()` / `decode()` turn the dataclasses of
`briefing.document` (and lists/dicts of them) into JSON and back, exactly:
dates, Paths, Optionals, Literals and nested dataclasses included. No pickle:
a cache file is data, never code.
"""

from __future__ import annotations

import collections.abc as cabc
import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import json
import logging
import math
import sqlite3
import threading
import time
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path, PurePath
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

#: File name used when `Cache` is given a folder (such as the config's `cache.path`).
DEFAULT_FILE_NAME = "cache.sqlite3"

#: Bump when the table layout changes; an older or newer layout is dropped, not migrated.
SCHEMA_VERSION = 1

#: How long a statement waits for another connection's write lock. Long enough
#: to outlast a checkpoint or another process's put_many of thousands of rows
#: (milliseconds each), short enough that a stuck process is reported soon.
BUSY_TIMEOUT_S = 10.0

# SQLite primary result codes meaning "this file is damaged or not a database".
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26

_SELECT = "SELECT value FROM entries WHERE stage=? AND key=?"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    stage   TEXT NOT NULL,
    key     TEXT NOT NULL,
    value   TEXT NOT NULL,
    created REAL NOT NULL,
    used    REAL NOT NULL,
    PRIMARY KEY (stage, key)
);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class Cache:
    """A (stage, key) -> str store in one SQLite file. Thread-safe; use as a context manager.

    `path` is the database file; if it is an existing folder, DEFAULT_FILE_NAME
    inside it is used. Missing parent folders are created. Opening never
    raises for a damaged or unusable file (see the module docstring);
    `persistent` is False when the cache fell back to memory.

    Every entry read (a hit) or written is marked used; `prune()` at the end
    of a complete run deletes what recent runs did not use.
    """

    def __init__(self, path: Path):
        path = Path(path)
        self.path = path / DEFAULT_FILE_NAME if path.is_dir() else path
        self.persistent = True
        self.opened = time.time()  # entries this session uses are marked used at or after this
        self.hits = 0
        self.misses = 0
        self._hit_keys: set[tuple[str, str]] = set()  # `used` timestamps to refresh on close
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = self._open()

    # -- public API ------------------------------------------------------------------

    def get(self, stage: str, key: str) -> str | None:
        """The value stored under (stage, key), or None (a miss, also when the cache failed)."""
        _check_stage(stage)
        with self._lock:
            row = self._run("read", lambda c: c.execute(_SELECT, (stage, key)).fetchone())
            if row is None or not isinstance(row[0], str):  # a BLOB planted in the table is no value of ours
                self.misses += 1
                return None
            self.hits += 1
            self._hit_keys.add((stage, key))
            return row[0]

    def put(self, stage: str, key: str, value: str) -> None:
        """Store `value` under (stage, key), replacing any old value. Committed on return,
        unless the cache failed, which is logged and skipped."""
        self.put_many(stage, [(key, value)])

    def put_many(self, stage: str, items: Mapping[str, str] | Iterable[tuple[str, str]]) -> int:
        """Store several (key, value) pairs of one stage in one transaction (all or none);
        returns how many were stored (0 when the cache failed, which is logged)."""
        _check_stage(stage)
        pairs = list(items.items() if isinstance(items, Mapping) else items)
        for k, v in pairs:
            if not isinstance(k, str) or not isinstance(v, str):
                raise TypeError(f"cache keys and values are str; got {type(k).__name__} -> {type(v).__name__}")
        if not pairs:
            return 0
        now = time.time()
        rows = [(stage, k, v, now, now) for k, v in pairs]

        def write(conn: sqlite3.Connection) -> None:
            with _transaction(conn):
                conn.executemany(
                    "INSERT INTO entries (stage, key, value, created, used) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (stage, key) DO UPDATE SET value=excluded.value, "
                    "created=excluded.created, used=excluded.used",
                    rows,
                )

        with self._lock:
            if self._run("write", write, failed=False) is False:
                return 0
        return len(pairs)

    def info(self) -> dict[str, Any]:
        """What is in the cache: path, persistent, size_bytes (with WAL files), entries and
        value_bytes per stage, total_entries, created and last_used (ISO timestamps or None),
        complete_runs (when the runs `prune` counts began), and this session's hits/misses.

        Values another program planted in the file (a text where a time belongs) read as None.
        """

        def read(conn: sqlite3.Connection) -> tuple[list[Any], Any, Any, str, Any]:
            per_stage = conn.execute(
                "SELECT stage, count(*), sum(length(CAST(value AS BLOB))) FROM entries GROUP BY stage ORDER BY stage"
            ).fetchall()
            created = conn.execute("SELECT value FROM meta WHERE name='created'").fetchone()
            last_used = conn.execute("SELECT max(used) FROM entries").fetchone()[0]
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            return per_stage, created and created[0], last_used, mode, _read_runs(conn)

        with self._lock:
            per_stage, created, last_used, mode, runs = self._run("info", read, failed=([], None, None, "unknown", []))
        entries = {str(stage): count for stage, count, _ in per_stage}
        return {
            "path": str(self.path),
            "persistent": self.persistent,
            "journal_mode": mode,
            "size_bytes": self._size_bytes(),
            "entries": entries,
            "value_bytes": {str(stage): size or 0 for stage, _, size in per_stage},
            "total_entries": sum(entries.values()),
            "created": _iso(created),
            "last_used": _iso(last_used),
            "complete_runs": [_iso(start) for start in runs],
            "hits": self.hits,
            "misses": self.misses,
        }

    def clear(self, stage: str | None = None) -> int:
        """Delete one stage's entries, or all when `stage` is None; returns how many were deleted.

        Clearing everything also gives the disk space back (VACUUM) when no
        other process is reading the cache.
        """

        def delete(conn: sqlite3.Connection) -> int:
            with _transaction(conn):
                if stage is None:
                    return conn.execute("DELETE FROM entries").rowcount
                return conn.execute("DELETE FROM entries WHERE stage=?", (stage,)).rowcount

        with self._lock:
            removed = self._run("clear", delete, failed=0)
            self._hit_keys = {t for t in self._hit_keys if stage is not None and t[0] != stage}
            if stage is None:
                try:
                    self._require_open().execute("VACUUM")
                except sqlite3.OperationalError as error:  # another reader holds it: space comes back later
                    log.info("cache cleared but not compacted: %s", error)
        return removed

    def prune(self, keep_runs: int) -> int:
        """Count this session as a complete run, and delete the entries that none of the last
        `keep_runs` complete runs used (read or wrote); returns how many were deleted.

        Call it once, at the end of a run over the whole corpus: a run that stopped
        early has not yet used everything the corpus still needs. Until `keep_runs`
        runs are recorded nothing is deleted. Runs are told apart by their start
        times; whatever the clock does, nothing this session used is deleted.
        """
        if keep_runs < 1:
            raise ValueError(f"keep_runs must be at least 1, got {keep_runs}")

        def delete(conn: sqlite3.Connection) -> int:
            with _transaction(conn):
                self._record_usage(conn)
                runs = [*_read_runs(conn), self.opened][-keep_runs:]
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('runs', ?)", (json.dumps(runs),))
                if len(runs) < keep_runs:
                    return 0
                cutoff = min(*runs, self.opened)
                return conn.execute(  # a `used` that is no number (planted text) counts as never used
                    "DELETE FROM entries WHERE NOT (typeof(used) IN ('integer', 'real') AND used >= ?)", (cutoff,)
                ).rowcount

        with self._lock:
            removed = self._run("prune", delete, failed=0)
        if removed:
            log.info("cache %s: removed %d entries no run of the last %d used", self.path, removed, keep_runs)
        return removed

    def verify(self) -> bool:
        """Run SQLite's integrity check (reads the whole file). If it fails, the file is moved aside
        and a fresh cache started, as at open; returns whether the old file was sound."""
        with self._lock:
            conn = self._require_open()
            try:
                result = conn.execute("PRAGMA quick_check").fetchall()
                ok = result == [("ok",)]
            except sqlite3.DatabaseError as error:
                if not _is_corruption(error):
                    raise
                ok = False
            if not ok:
                self._recover("failed its integrity check")
            return ok

    def close(self) -> None:
        """Record which entries were used, and close. Safe to call twice."""
        with self._lock:
            conn, self._conn = self._conn, None
            if conn is None:
                return
            try:
                if self._hit_keys:
                    with _transaction(conn):
                        self._record_usage(conn)
                conn.execute("PRAGMA optimize")
            except sqlite3.Error as error:
                log.warning("cache %s: could not record usage on close: %s", self.path, error)
            finally:
                conn.close()

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _record_usage(self, conn: sqlite3.Connection) -> None:
        """Mark this session's hits used now (inside the caller's transaction)."""
        now = time.time()
        conn.executemany("UPDATE entries SET used=? WHERE stage=? AND key=?", [(now, s, k) for s, k in self._hit_keys])
        self._hit_keys.clear()

    # -- opening and recovery -------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        """A ready connection to `self.path`, or to memory when the file cannot be used."""
        for attempt in (1, 2):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                return _connect(self.path)
            except sqlite3.DatabaseError as error:
                if attempt == 1 and _is_corruption(error):
                    self._quarantine(str(error))
                    continue
                reason = str(error)
            except OSError as error:
                reason = str(error)
            break
        log.warning("cache %s cannot be used (%s); this run goes on with an in-memory cache", self.path, reason)
        self.persistent = False
        return _connect(":memory:")

    def _quarantine(self, reason: str) -> None:
        """Move the damaged database (and its WAL files) aside so a fresh one can be created."""
        stamp = time.strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        where = f"moved it to {aside.name}"
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{self.path}{suffix}")
            try:
                source.replace(Path(f"{aside}{suffix}"))
            except FileNotFoundError:
                pass
            except OSError:
                where = "deleted it (it could not be moved)"
                try:
                    source.unlink(missing_ok=True)
                except OSError:  # the reopen then fails too, and falls back to memory
                    where = "could neither move nor delete it"
        log.warning("cache %s is damaged (%s); %s and started a fresh cache", self.path, reason, where)

    def _recover(self, reason: str) -> None:
        """Replace a connection whose file turned out damaged mid-run with a fresh cache."""
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
        if self.persistent:
            self._quarantine(reason)
        self._hit_keys.clear()
        self._conn = self._open()

    def _run(self, what: str, op: Callable[[sqlite3.Connection], T], failed: Any = None) -> T | Any:
        """Run `op`. If the file turns out damaged, start a fresh cache and run `op` once more there.
        On any other cache failure (disk full, a lock held too long), log it and return `failed`."""
        for attempt in (1, 2):
            try:
                return op(self._require_open())
            except sqlite3.DatabaseError as error:
                if attempt == 1 and _is_corruption(error):
                    self._recover(f"{what} failed: {error}")
                    continue
                log.warning("cache %s: %s failed, going on without it: %s", self.path, what, error)
        return failed

    def _require_open(self) -> sqlite3.Connection:
        if self._conn is None:
            raise ValueError(f"cache {self.path} is closed")
        return self._conn

    def _size_bytes(self) -> int:
        if not self.persistent:
            return 0
        total = 0
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                total += Path(f"{self.path}{suffix}").stat().st_size
        return total


def _connect(target: Path | str) -> sqlite3.Connection:
    """Open, configure (WAL, synchronous=NORMAL, busy timeout) and create the schema if needed."""
    conn = sqlite3.connect(
        str(target), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
    )  # autocommit; transactions are explicit (`_transaction`)
    try:
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if mode != "wal" and target != ":memory:":
            log.warning("cache %s: WAL mode unavailable (journal_mode=%s); readers may wait for writers", target, mode)
        conn.execute("PRAGMA synchronous=NORMAL")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            _create_schema(conn)
    except BaseException:
        conn.close()
        raise
    return conn


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN ... COMMIT, or ROLLBACK on error. (`with conn` would not BEGIN in autocommit mode.)"""
    conn.execute("BEGIN IMMEDIATE")  # take the write lock now: no deadlock upgrading a read lock
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _create_schema(conn: sqlite3.Connection) -> None:
    with _transaction(conn):
        version = conn.execute("PRAGMA user_version").fetchone()[0]  # another process may have just done it
        if version != SCHEMA_VERSION:
            if version != 0:
                log.warning("cache layout version %d is not %d; starting the cache afresh", version, SCHEMA_VERSION)
                conn.execute("DROP TABLE IF EXISTS entries")
                conn.execute("DROP TABLE IF EXISTS meta")
            for statement in filter(str.strip, _SCHEMA.split(";")):
                conn.execute(statement)
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('created', ?)", (repr(time.time()),))
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


def _is_corruption(error: sqlite3.DatabaseError) -> bool:
    """True for "damaged file / not a database", false for e.g. "database is locked"."""
    code = getattr(error, "sqlite_errorcode", None)  # Python 3.11+
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    message = str(error).lower()
    return "not a database" in message or "malformed" in message


def _check_stage(stage: str) -> None:
    if not isinstance(stage, str) or not stage:
        raise ValueError(f"stage must be a non-empty string, got {stage!r}")


def _iso(timestamp: Any) -> str | None:
    """A stored time (seconds since the epoch, as a number or its text) as ISO 8601; None if it is none."""
    try:
        return dt.datetime.fromtimestamp(float(timestamp), dt.timezone.utc).astimezone().isoformat(timespec="seconds")
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _is_time(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _read_runs(conn: sqlite3.Connection) -> list[float]:
    """The start times of the complete runs `prune` recorded, oldest first; [] if none or unreadable."""
    row = conn.execute("SELECT value FROM meta WHERE name='runs'").fetchone()
    try:
        runs = json.loads(row[0]) if row else []
    except (TypeError, ValueError):
        return []
    if not isinstance(runs, list) or not all(_is_time(r) for r in runs):
        return []
    return [float(r) for r in runs]


# -- keys -----------------------------------------------------------------------------------


def key(*parts: Any) -> str:
    """A stable sha256 hex digest of `parts`: e.g. the page's content hash, the stage's config
    (a dict; key order does not matter) and the model id + revision.

    Parts may be anything `encode` accepts, plus bytes and sets. The same parts
    give the same key in every process and on every platform; the order of
    `parts` matters.
    """
    blob = json.dumps(
        [_key_plain(p) for p in parts], sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=True
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _key_plain(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"__bytes__": bytes(value).hex()}
    if isinstance(value, (set, frozenset)):
        return sorted((_key_plain(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, dict):
        return {str(k): _key_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_key_plain(v) for v in value]
    return _to_plain(value)


def schema_fingerprint(*classes: type) -> str:
    """A short hash of the fields and field types of `classes` (recursively).

    Put it in the `key()` of cached dataclass results, so that adding, removing
    or retyping a field of the data model invalidates old entries instead of
    decoding them into the wrong shape.
    """
    seen: set[type] = set()
    text = "|".join(_describe(cls, seen) for cls in classes)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _describe(tp: Any, seen: set[type]) -> str:
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        name = f"{tp.__module__}.{tp.__qualname__}"
        if tp in seen:
            return name
        seen.add(tp)
        hints = _hints(tp)
        inner = ",".join(f"{f.name}:{_describe(hints[f.name], seen)}" for f in dataclasses.fields(tp) if f.init)
        return f"{name}({inner})"
    args = typing.get_args(tp)
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return f"Literal{list(args)!r}"
    if args:
        return f"{_name(origin)}[{','.join(_describe(a, seen) for a in args)}]"
    return _name(tp)


def _name(tp: Any) -> str:
    if tp is types.UnionType or tp is typing.Union:
        return "Union"
    return getattr(tp, "__qualname__", None) or repr(tp)


# -- encode / decode -------------------------------------------------------------------------


def encode(obj: Any) -> str:
    """Compact JSON of `obj`: dataclasses (as objects of their init fields), lists, tuples,
    str-keyed dicts, str/int/float/bool/None, dates and datetimes (ISO 8601) and Paths.

    Raises TypeError for anything else. `decode(encode(x), type(x)) == x`.
    """
    return json.dumps(_to_plain(obj), ensure_ascii=False, separators=(",", ":"), allow_nan=True)


def _to_plain(obj: Any) -> Any:
    if obj is None or isinstance(obj, (str, bool, int, float)):
        return obj
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _to_plain(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.init}
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    if isinstance(obj, PurePath):
        return str(obj)
    if isinstance(obj, (list, tuple)):
        return [_to_plain(v) for v in obj]
    if isinstance(obj, dict):
        out = {}
        for k, v in obj.items():
            if not isinstance(k, str):
                raise TypeError(f"cannot encode a dict key of type {type(k).__name__}; keys must be str")
            out[k] = _to_plain(v)
        return out
    raise TypeError(f"cannot encode a value of type {type(obj).__name__}")


class DecodeError(ValueError):
    """JSON that does not fit the requested type; the message gives where (e.g. `meta.dates[0].date`)."""

    def __init__(self, problem: str, where: str = ""):
        self.problem = problem
        self.where = where
        super().__init__(f"{where or '<root>'}: {problem}")

    def inside(self, step: str) -> DecodeError:
        """The same error, seen from one level up."""
        where = f"{step}{self.where}" if self.where.startswith("[") or not self.where else f"{step}.{self.where}"
        return DecodeError(self.problem, where)


def decode(text: str, cls: Any) -> Any:
    """The inverse of `encode`: parse `text` as an instance of `cls`.

    `cls` is a dataclass or any type hint built from what `encode` handles,
    e.g. `list[Article]` or `dict[str, list[str]]`. Raises DecodeError (a
    ValueError) when the JSON is invalid or does not fit: a wrong type, a
    value outside a Literal, a missing required field or an unknown field.
    A missing field that has a default gets the default.
    """
    try:
        data = json.loads(text)
    except ValueError as error:
        raise DecodeError(f"not JSON: {error}") from None
    return _decoder(cls)(data)


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@functools.cache
def _decoder(tp: Any) -> Callable[[Any], Any]:
    """A function turning plain JSON data into a value of type `tp` (built once per type)."""
    if tp is Any or tp is object:
        return lambda v: v
    if tp is type(None) or tp is None:
        return _expect(lambda v: v is None, "null")
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _dataclass_decoder(tp)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Literal:
        allowed = frozenset(args)
        return _expect(lambda v: not isinstance(v, (list, dict)) and v in allowed, f"one of {sorted(map(str, args))}")
    if origin is typing.Union or origin is types.UnionType:
        return _union_decoder(args)
    if origin in (list, tuple, set, frozenset):
        return _sequence_decoder(origin, args)
    if origin in (cabc.Sequence, cabc.MutableSequence):
        return _sequence_decoder(list, args)
    if origin in (dict, cabc.Mapping, cabc.MutableMapping):
        return _dict_decoder(args[1])
    if tp in (list, tuple, set, frozenset):
        return _sequence_decoder(tp, ())
    if tp is dict:
        return _dict_decoder(Any)
    return _scalar_decoder(tp)


def _expect(test: Callable[[Any], bool], what: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if not test(value):
            raise DecodeError(f"expected {what}, got {value!r:.80}")
        return value

    return check


def _scalar_decoder(tp: Any) -> Callable[[Any], Any]:
    if tp is bool:
        return _expect(lambda v: isinstance(v, bool), "true or false")
    if tp is int:
        return _expect(lambda v: isinstance(v, int) and not isinstance(v, bool), "an integer")
    if tp is str:
        return _expect(lambda v: isinstance(v, str), "a string")
    if tp is float:

        def to_float(value: Any) -> float:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise DecodeError(f"expected a number, got {value!r:.80}")
            return float(value)

        return to_float
    if isinstance(tp, type) and issubclass(tp, (dt.date, PurePath)):
        parse = tp.fromisoformat if issubclass(tp, dt.date) else tp

        def from_string(value: Any) -> Any:
            if not isinstance(value, str):
                raise DecodeError(f"expected a {tp.__name__} string, got {value!r:.80}")
            try:
                return parse(value)
            except ValueError as error:
                raise DecodeError(f"invalid {tp.__name__}: {error}") from None

        return from_string
    raise TypeError(f"decode does not support the type {tp!r}")


def _union_decoder(args: tuple[Any, ...]) -> Callable[[Any], Any]:
    optional = type(None) in args
    choices = [_decoder(a) for a in args if a is not type(None)]

    def decode_union(value: Any) -> Any:
        if value is None and optional:
            return None
        if len(choices) == 1:  # an Optional: keep the inner error's location
            return choices[0](value)
        problems = []
        for choice in choices:  # the first type that fits wins
            try:
                return choice(value)
            except DecodeError as error:
                problems.append(error.problem)
        raise DecodeError(" / ".join(problems))

    return decode_union


def _sequence_decoder(origin: Any, args: tuple[Any, ...]) -> Callable[[Any], Any]:
    if origin is tuple and args and not (len(args) == 2 and args[1] is Ellipsis):
        items = [_decoder(a) for a in args]  # fixed-length tuple

        def decode_fixed(value: Any) -> tuple:
            if not isinstance(value, list) or len(value) != len(items):
                raise DecodeError(f"expected a list of {len(items)}, got {value!r:.80}")
            return tuple(_at(i, item, v) for i, (item, v) in enumerate(zip(items, value)))

        return decode_fixed
    item = _decoder(args[0]) if args else _decoder(Any)
    build = origin if origin in (tuple, set, frozenset) else list

    def decode_seq(value: Any) -> Any:
        if not isinstance(value, list):
            raise DecodeError(f"expected a list, got {value!r:.80}")
        return build(_at(i, item, v) for i, v in enumerate(value))

    return decode_seq


def _at(index: int, decoder: Callable[[Any], Any], value: Any) -> Any:
    try:
        return decoder(value)
    except DecodeError as error:
        raise error.inside(f"[{index}]") from None


def _dict_decoder(value_type: Any) -> Callable[[Any], Any]:
    decode_value = _decoder(value_type)

    def decode_dict(value: Any) -> dict:
        if not isinstance(value, dict):
            raise DecodeError(f"expected an object, got {value!r:.80}")
        out = {}
        for k, v in value.items():
            try:
                out[k] = decode_value(v)
            except DecodeError as error:
                raise error.inside(f"[{k!r}]") from None
        return out

    return decode_dict


def _dataclass_decoder(cls: type) -> Callable[[Any], Any]:
    fields = [f for f in dataclasses.fields(cls) if f.init]
    required = frozenset(
        f.name for f in fields if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )
    names = frozenset(f.name for f in fields)
    decoders: dict[str, Callable[[Any], Any]] = {}  # filled on first use, so recursive types work

    def decode_dataclass(value: Any) -> Any:
        if not isinstance(value, dict):
            raise DecodeError(f"expected an object for {cls.__name__}, got {value!r:.80}")
        if not decoders:
            hints = _hints(cls)
            decoders.update({f.name: _decoder(hints[f.name]) for f in fields})
        missing = required - value.keys()
        if missing:
            raise DecodeError(f"{cls.__name__} lacks required field(s) {sorted(missing)}")
        unknown = value.keys() - names
        if unknown:
            raise DecodeError(f"{cls.__name__} has no field(s) {sorted(unknown)}")
        kwargs = {}
        for name, raw in value.items():
            try:
                kwargs[name] = decoders[name](raw)
            except DecodeError as error:
                raise error.inside(name) from None
        return cls(**kwargs)

    return decode_dataclass
