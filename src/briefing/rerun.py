"""The run fingerprint and the unchanged-run shortcut.

A run's fingerprint covers every input's name and bytes and the run's settings
(`cachepolicy.signature`). When it equals the last complete run's, the outputs are
as that run left them, and the cache still remembers the run (`briefing cache
clear` forgets), nothing is recomputed: only the manifest is rewritten.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import ingest
from .cache import Cache
from .cache import key as cache_key
from .document import printable
from .fsutil import atomic_write
from .outputs import RunReport, outputs_intact, read_json


def fingerprint(paths: list[Path], signature: str) -> str | None:
    """A key for the whole run: every input's name and bytes, and the settings. None if a file is unreadable."""
    digests = [(printable(p.name), ingest.file_sha256(p)) for p in paths]
    if any(digest is None for _, digest in digests):
        return None
    return cache_key("run", digests, signature)


def unchanged_since_last_run(
    out: Path, record: dict, fingerprint: str | None, paths: list[Path], cache: Cache | None, timings: dict[str, float]
) -> RunReport | None:
    """A report of the last run, with only its manifest rewritten, when this run would repeat it; else None."""
    if fingerprint is None or cache is None or record["run"] != fingerprint:
        return None
    if cache.get("run", fingerprint) != out.resolve().as_posix() or not outputs_intact(out, record["files"]):
        return None
    manifest = read_json(out / "manifest.json")
    try:
        report = RunReport.from_manifest(manifest, pages_seen=len(paths), cache_hits=manifest["counts"]["articles"])
    except (ValueError, KeyError, TypeError):
        return None
    report.unchanged = sorted(record["files"])
    report.timings = dict(timings, total=sum(timings.values()))
    manifest["timings_s"] = {k: round(v, 4) for k, v in report.timings.items()}
    manifest["counts"].update(
        files_written=0, files_unchanged=len(report.unchanged), files_removed=0, cache_hits=report.cache_hits
    )
    atomic_write(out / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    report.written = ["manifest.json"]
    return report
