"""A small corpus that mixes the five page languages, for the executor tests.

Two development-set pages of each language (tests/devset/pages/<lang>/, never the
holdout), as a scraper saved them (`devset.score.parse_page`: without the gold
header and line labels), plus what a real scrape holds besides: an empty file (a per-page failure),
and two files with the same stem (ids made unique across pages).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from devset.score import load_events, parse_page

PAGES = Path(__file__).resolve().parent / "devset" / "pages"
PER_LANGUAGE = 2


def build(corpus: Path) -> Path:
    corpus.mkdir(parents=True, exist_ok=True)
    events = load_events()
    for folder in sorted(p for p in PAGES.iterdir() if p.is_dir()):
        for path in sorted(folder.glob("*.txt"))[:PER_LANGUAGE]:
            (corpus / path.name).write_text(parse_page(path, events).raw, encoding="utf-8")
    first = sorted(corpus.glob("*.txt"))[0]
    shutil.copy(first, corpus / f"{first.stem}.md")  # same stem: the second gets another id
    (corpus / "empty.txt").write_bytes(b"")
    return corpus


def outputs(out: Path) -> dict[str, bytes]:
    """Every file under `out`, by relative path; the manifest without its timings, the run record
    without its mtimes (both vary from run to run by design)."""
    files = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        rel = path.relative_to(out).as_posix()
        data = path.read_bytes()
        if rel == "manifest.json":
            manifest = json.loads(data)
            manifest.pop("timings_s")
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
        elif rel == ".briefing-files.json":
            record = json.loads(data)
            record["files"] = {k: (v or [None])[0] for k, v in record["files"].items()}  # sizes, not mtimes
            data = json.dumps(record, sort_keys=True).encode()
        files[rel] = data
    return files
