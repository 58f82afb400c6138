"""Output writing: the files of a run inside `out/`, the record of what was written, and the manifest.

Everything here runs on the driver, after the cross-page steps: render the batch,
write only what changed (atomically, `briefing.fsutil`), delete what earlier runs
wrote and this one does not, and describe the run in manifest.json.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import stat
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

from . import __version__, ingest
from .document import Article, Batch, Event, Fragment, PageFailure, printable
from .errors import CorpusError, OutputError, UsageError
from .fsutil import atomic_write, safe_join, write_many
from .glossary import Glossary
from .localise import Localiser
from .render import plan

#: Packages whose versions go into manifest.json.
RECORDED_PACKAGES = (
    "briefing",
    "lingua-language-detector",
    "langdetect",
    "trafilatura",
    "babel",
    "numpy",
    "torch",
    "transformers",
    "ctranslate2",
    "sentencepiece",
)

LOCK_FILE = ".briefing.lock"
FILES_RECORD = ".briefing-files.json"  # the outputs the last run wrote (or was writing)


@dataclass
class RunReport:
    """What a run did. `batch` is None when an unchanged run reused the last run's outputs."""

    batch: Batch | None
    failures: list[PageFailure]
    events: int  # how many
    fragment_actions: dict[str, int]  # action -> how many fragments
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    pages_seen: int = 0
    cache_hits: int = 0
    removed: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, batch: Batch, **fields) -> RunReport:
        actions: Counter[str] = Counter(f.action for a in batch.articles for f in a.fragments)
        return cls(batch, batch.failures, len(batch.events), dict(actions), **fields)

    @classmethod
    def from_manifest(cls, manifest: dict, **fields) -> RunReport:
        failures = [PageFailure(Path(f["file"]), f["reason"]) for f in manifest["failures"]]
        return cls(None, failures, manifest["counts"]["events"], dict(manifest["counts"]["fragment_actions"]), **fields)

    @property
    def fragments(self) -> list[Fragment]:
        return [f for a in self.batch.articles for f in a.fragments] if self.batch else []

    def summary_line(self) -> str:
        actions = self.fragment_actions
        return (
            f"{self.pages_seen} pages read, {self.events} events, "
            f"{len(self.written)} files written ({len(self.unchanged)} unchanged, {len(self.removed)} removed), "
            f"{self.cache_hits} pages from cache, "
            f"fragments: {actions.get('stripped', 0)} stripped, {actions.get('translated', 0)} translated, "
            f"{actions.get('untranslated', 0)} untranslated; {len(self.failures)} failed"
        )


def check_output_folder(corpus: Path, out: Path) -> None:
    """Refuse an output folder that is a file (OutputError), or that is the corpus or lies inside
    it (UsageError): the run would overwrite pages (corpus/index.md) and the next run would
    read its own briefings as pages."""
    if out.exists() and not out.is_dir():
        raise OutputError(str(out), "is a file, not a folder; give --out a folder (it is created if missing)")
    corpus_at, out_at = corpus.resolve(), out.resolve()
    if out_at == corpus_at or corpus_at in out_at.parents:
        where = "is the corpus folder" if out_at == corpus_at else f"lies inside the corpus folder {corpus}"
        raise UsageError(
            f"output folder {out} {where}; choose a folder outside it, e.g. --out {corpus_at.parent / 'out'}"
        )


def refuse_to_empty(corpus: Path, out: Path, record: dict) -> None:
    """A corpus with no pages, where the last run had some, is refused: an unmounted share or a
    failed scrape looks exactly like that, and going on would delete every briefing."""
    if not record["files"]:
        return
    try:
        pages = read_json(out / "manifest.json")["counts"]["pages"]
    except (KeyError, TypeError):
        pages = None  # unknown: keep the briefings
    if pages == 0:
        return  # the last run was empty too (it was allowed)
    had = f"{pages} pages" if isinstance(pages, int) else "pages"
    raise CorpusError(
        f"{corpus}: no pages found (.txt, .md, .html), but the last run into {out} had {had}; "
        "refusing to delete their briefings (is the corpus mounted?). "
        "If the corpus is really empty now, run again with --allow-empty."
    )


def write(
    batch: Batch, glossary: Glossary, out: Path, record: dict, report: RunReport, fingerprint: str | None, timings
) -> list[str]:
    """Render and write what changed; delete what earlier runs wrote and this one does not."""
    from .stages import timed

    files = plan(batch, {lang: Localiser(glossary, lang) for lang in batch.languages})

    def rendered(make: Callable[[], str]) -> Callable[[], str]:
        def timed_make() -> str:
            with timed(timings, "render"):
                return make()

        return timed_make

    rendering_before, start = timings.get("render", 0.0), time.perf_counter()
    before = set(record["files"])
    # Record what this run may leave behind before writing it, so a run killed
    # mid-write still lets the next run remove what this one wrote.
    write_record(out, None, before | set(files))
    report.written, report.unchanged = write_many(out, {rel: rendered(files[rel]) for rel in sorted(files)})
    report.removed = remove_outdated(out, before, set(files))
    write_record(out, fingerprint, set(files))
    # "write" is the time spent writing only: each file is rendered just before it is written.
    rendering = timings.get("render", 0.0) - rendering_before
    timings["write"] = timings.get("write", 0.0) + time.perf_counter() - start - rendering
    return sorted(files)


def write_manifest(out: Path, manifest: str, report: RunReport) -> None:
    """manifest.json, written last (atomically), counted as written or unchanged."""
    (report.written if atomic_write(out / "manifest.json", manifest) else report.unchanged).append("manifest.json")


def read_record(out: Path) -> dict:
    """What earlier runs wrote or were writing: {"run": fingerprint or None, "files": {path: [size, mtime_ns]}}."""
    data = read_json(out / FILES_RECORD)
    try:
        return {"run": data.get("run"), "files": dict(data["files"])}
    except (ValueError, TypeError, KeyError, AttributeError):
        return {"run": None, "files": {}}


def read_json(path: Path) -> Any:
    """The JSON in `path`, or None when it is missing, unreadable, not JSON, or not a plain file:
    a FIFO planted in the output folder would otherwise block the run forever."""
    try:
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                return None
            return json.loads(file.read())
    except (OSError, ValueError):
        return None


def write_record(out: Path, run: str | None, files: set[str]) -> None:
    stats: dict[str, list[int] | None] = {}
    for rel in sorted(files):
        try:
            st = (out / rel).stat()
            stats[rel] = [st.st_size, st.st_mtime_ns]
        except OSError:
            stats[rel] = None
    atomic_write(out / FILES_RECORD, json.dumps({"run": run, "files": stats}, indent=0) + "\n")


def outputs_intact(out: Path, files: dict) -> bool:
    """Every recorded output still has the size and mtime it was left with."""
    for rel, recorded in files.items():
        try:
            st = (out / rel).stat()
        except OSError:
            return False
        if recorded is None or [st.st_size, st.st_mtime_ns] != recorded:
            return False
    return bool(files)


def remove_outdated(out: Path, before: set[str], now: set[str]) -> list[str]:
    """Delete files an earlier run wrote that this run did not (a page or event that went away)."""
    removed = []
    for rel in sorted(before - now):
        try:
            target = safe_join(out, *rel.split("/"))
        except ValueError:
            continue
        if target.is_file():
            target.unlink()
            removed.append(rel)
            folder, root = target.parent, out.resolve()
            while folder != root and _remove_if_empty(folder):
                folder = folder.parent
    return removed


def _remove_if_empty(folder: Path) -> bool:
    """Remove `folder` if it is empty (an event or page that went away); whether it was removed."""
    try:
        folder.rmdir()
    except OSError:  # not empty (or not ours to remove)
        return False
    return True


def build_manifest(report: RunReport, batch: Batch, paths: list[Path], files: list[str]) -> str:
    by_name = {a.page.name: a for a in batch.articles}
    events_by_article = {a.id: e for e in batch.events for a in e.articles}
    failed = {f.name: f.reason for f in batch.failures}
    inputs = []
    for path in paths:
        name = printable(path.name)
        article = by_name.get(name)
        entry: dict[str, object] = {"file": name, "status": "failed" if name in failed else "ok"}
        if article:
            entry.update(
                id=article.id,
                sha256=article.page.sha256,
                encoding=article.page.encoding,
                warnings=article.page.warnings,
                **article_findings(article, events_by_article.get(article.id)),
            )
        else:
            entry.update(sha256=ingest.file_sha256(path), reason=failed.get(name))
        inputs.append(entry)
    manifest = {
        "generator": f"briefing {__version__}",
        "python": platform.python_version(),
        "packages": _versions(),
        "config": batch.config,
        "methods": batch.methods,
        "inputs": inputs,
        "failures": [{"file": f.name, "reason": f.reason} for f in batch.failures],
        "warnings": batch.warnings,
        "quality": {
            "dropped_summary_sentences": batch.dropped,
            "flagged_translations": [
                {"where": where, "language": lang, "sentence": s.text, "issues": issues}
                for where, sentences in _summaries(batch)
                for s in sentences
                for lang, issues in sorted(s.flags.items())
            ],
        },
        "counts": {
            "pages": len(paths),
            "articles": len(batch.articles),
            "failed": len(batch.failures),
            "events": len(batch.events),
            "fragments": sum(len(a.fragments) for a in batch.articles),
            "fragment_actions": dict(sorted(report.fragment_actions.items())),
            "files_written": len(report.written),
            "files_unchanged": len(report.unchanged),
            "files_removed": len(report.removed),
            "cache_hits": report.cache_hits,
        },
        "events": [event_findings(e) for e in batch.events],
        "files": files,
        "timings_s": {k: round(v, 4) for k, v in report.timings.items()},
    }
    return json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=k) for k in range((end - start).days + 1)]


def meeting_days(article: Article, event: Event | None) -> list[dt.date]:
    """The days of the meeting the page is about, as far as the page says them: for a report, its event's
    days; for a preview, the days it announces (the event's days are set by reports and may differ from
    what was announced); for a page that only relates to the meeting, the event's days when the page names
    one of them itself ("the talks held last Monday") or is the news of the day (published on one of them or
    the next), else none: "met last week", on a page of days later, gives no day. A page without a publication
    date keeps the event's days: its weekdays and relative days could not be read, so their absence says nothing."""
    if event is None:
        return []
    kind = event.article_kinds.get(article.id)
    own = event.article_days.get(article.id)
    if kind == "preview" or event.start is None:
        return _days(*own) if own and kind == "preview" else []
    days = _days(event.start, event.end or event.start)
    if kind == "report" or own:
        return days
    published = article.meta.published
    if published is None or days[0] <= published <= days[-1] + dt.timedelta(days=1):
        return days  # the day's news; or, undated, its weekdays and "yesterday" could not be read at all
    named = {day for m in article.meta.dates if m.precision == "day" for day in _days(m.date, m.end or m.date)}
    return days if named.intersection(days) else []


def article_findings(article: Article, event: Event | None) -> dict[str, object]:
    """What the page says, for the manifest: its language, dates (ISO, or null) and people."""
    meta = article.meta
    return {
        "language": article.language,
        "published": _iso(meta.published),
        "dates_mentioned": sorted({d.date.isoformat() for d in meta.dates}),
        "meeting_dates": [day.isoformat() for day in meeting_days(article, event)],
        "people": [p.name for p in meta.people],
        "event": event.slug if event else None,
        "kind": event.article_kinds.get(article.id) if event else None,
    }


def event_findings(event: Event) -> dict[str, object]:
    """The meeting an event reports, for the manifest: its days, venue, host and who took part."""
    return {
        "slug": event.slug,
        "articles": [a.id for a in event.articles],
        "start": _iso(event.start),
        "end": _iso(event.end),
        "venue": event.venue,
        "host": event.host,
        "venue_places": event.venue_places,
        "participants": [{"name": p.name, "role": p.role, "country": p.country} for p in event.participants],
        "article_kinds": event.article_kinds,
        "mentioned": [p.name for p in event.mentioned],
        "notes": event.notes,
    }


def _summaries(batch: Batch):
    yield from ((a.id, a.summary) for a in batch.articles)
    yield from ((f"event {e.slug}", e.summary) for e in batch.events)


def _versions() -> dict[str, str]:
    versions = {}
    for name in RECORDED_PACKAGES:
        try:
            versions[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            continue
    return versions
