"""Score briefing's real output against the labelled development set.

A black box over what a user gets, so it keeps working while the internals change:

1. read every annotated page, ``pages/<lang>/*.txt``: a YAML gold header, ``=====``,
   then the page's lines, each ``C|`` (content), ``F|`` (furniture) or empty;
2. write the raw pages (prefixes removed) into one flat corpus folder and run the
   pipeline on it as ``briefing run CORPUS --out OUT --no-cache`` does, with the
   shipped ``models.yaml``, translation off and offline (absent models fall back);
3. read only ``OUT/manifest.json`` and ``OUT/articles/<id>/clean.txt``;
4. measure, per language and overall: ``furniture_f1``, ``body_kept``, ``language``,
   ``published``, ``meeting_start``, ``people_f1``; and over events, on all pages and
   on the non-English ones: ``ari``, ``event_start``, ``venue`` (see README.md).

A field the manifest does not have counts as wrong.

    .venv/bin/python tests/devset/score.py [--json FILE] [--pin]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import logging
import math
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from briefing import safeyaml
from briefing.config import load_config
from briefing.pipeline import Pipeline

DEVSET = Path(__file__).resolve().parent
#: Pages written without sight of the code or of the development pages: the honest measure.
HOLDOUT = DEVSET / "holdout"
#: A second held-out set, written the same way after the first had been looked at: still blind.
HOLDOUT2 = DEVSET / "holdout2"
HOLDOUT3 = DEVSET / "holdout3"
ROOT = DEVSET.parents[1]
SEPARATOR = "====="
PREFIXES = {"C|": "C", "F|": "F"}
HEADER_FIELDS = ("lang", "outlet", "published", "event", "kind", "meeting_dates", "people")
LANGUAGES = ("en", "hy", "az", "ru", "tr")
KINDS = ("report", "preview", "comment", "other")
PAGE_MEASURES = ("furniture_f1", "body_kept", "language", "published", "meeting_start", "people_f1")
EVENT_MEASURES = ("ari", "event_start", "venue")
#: `--no-cache`, translation off and no network: the night job as CI can run it.
RUN_OVERRIDES = {"translation.backend": "none", "cache.enabled": False, "runtime.offline": True}
#: A floor sits this far under the measured figure (after rounding down to 2 decimals),
#: so a harmless change elsewhere does not trip the gate while a real regression does.
FLOOR_MARGIN = 0.02
#: The lowest a floor may be. ARI falls below 0 when grouping is worse than chance, so its
#: floor may too; a floor clamped to 0 above a negative figure would fail the gate at once.
FLOOR_LOWEST = {"ari": -1.0}
FLOORS_NOTE = (
    "Floors only ever rise. Each is the figure measured when it was pinned, rounded down to 2 decimals, "
    "minus 0.02, never below 0 (`score.py --pin` keeps the higher of the old floor and the new one). "
    "Lowering a floor hides a regression, so it takes a hand edit and a reason in the commit message."
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MISSING = object()


class DevsetError(ValueError):
    """An annotated page (or the catalogue) is malformed; the message names the file and the problem."""

    def __init__(self, path: Path, problem: str, line: int | None = None):
        self.path, self.problem, self.line = path, problem, line
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class GoldPage:
    """One annotated page: its gold header and, per page line, its class ('C', 'F' or '' for blank)."""

    path: Path
    lang: str
    outlet: str
    published: str | None
    event: str
    kind: str
    meeting_dates: tuple[str, ...]
    people: tuple[str, ...]
    classes: tuple[str, ...]
    raw: str  # the page as a scraper saved it: the lines without their prefixes

    @property
    def name(self) -> str:
        return self.path.name


# --------------------------------------------------------------------------- reading the set


def load_events(devset: Path = DEVSET) -> dict[str, dict]:
    """The event catalogue, ``events.yaml``: id -> {start, end, venue, city, host, participants}."""
    path = devset / "events.yaml"
    try:
        data = safeyaml.load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DevsetError(path, f"cannot read the event catalogue: {exc}") from None
    if not isinstance(data, dict):
        raise DevsetError(path, "must map event ids to their fields")
    for event_id, fields in data.items():
        if not isinstance(fields, dict) or not all(isinstance(fields.get(k), dt.date) for k in ("start", "end")):
            raise DevsetError(path, f"event {event_id!r} needs ISO dates 'start' and 'end'")
        if not isinstance(fields.get("city"), str) or not fields["city"].strip():
            raise DevsetError(path, f"event {event_id!r} needs a 'city' (the venue measure looks for it)")
    return {
        event_id: {**fields, "start": fields["start"].isoformat(), "end": fields["end"].isoformat()}
        for event_id, fields in data.items()
    }


def parse_page(path: Path, events: dict[str, dict]) -> GoldPage:
    """Read one annotated file, checking every header field and line prefix."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except UnicodeDecodeError as exc:
        raise DevsetError(path, f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    if lines and lines[-1] == "":
        lines.pop()
    separators = [i for i, line in enumerate(lines) if line == SEPARATOR]
    if len(separators) != 1:
        raise DevsetError(
            path, f"needs exactly one line {SEPARATOR!r} between header and page, found {len(separators)}"
        )
    cut = separators[0]
    header = _header(path, "\n".join(lines[:cut]), events)
    classes, raw = [], []
    for number, line in enumerate(lines[cut + 1 :], start=cut + 2):
        if not line:
            classes.append("")
            raw.append("")
            continue
        cls = PREFIXES.get(line[:2])
        if cls is None:
            raise DevsetError(path, f"page line must start with 'C|' or 'F|' or be empty: {line[:40]!r}", number)
        if not line[2:].strip():
            raise DevsetError(path, "a prefixed line has no text (write an empty line instead)", number)
        classes.append(cls)
        raw.append(line[2:])
    if "C" not in classes:
        raise DevsetError(path, "the page has no content line (C|)")
    if raw[0].strip() == "---":
        raise DevsetError(path, "the page starts with '---', which briefing reads as front matter")
    return GoldPage(path=path, classes=tuple(classes), raw="\n".join(raw) + "\n", **header)


def _header(path: Path, text: str, events: dict[str, dict]) -> dict:
    try:
        data = safeyaml.load(text)
    except yaml.YAMLError as exc:
        raise DevsetError(path, f"the gold header is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise DevsetError(path, "the gold header must be a mapping of fields")
    missing = [f for f in HEADER_FIELDS if f not in data]
    unknown = sorted(set(data) - set(HEADER_FIELDS))
    if missing or unknown:
        raise DevsetError(path, f"gold header: missing fields {missing}, unknown fields {unknown}")
    if data["lang"] != path.parent.name or data["lang"] not in LANGUAGES:
        raise DevsetError(path, f"lang {data['lang']!r} must be one of {LANGUAGES} and match its folder")
    if data["published"] is not None and not isinstance(data["published"], dt.date):
        raise DevsetError(path, f"published must be an ISO date or null, not {data['published']!r}")
    if data["event"] not in events and not str(data["event"]).startswith("solo-"):
        raise DevsetError(path, f"event {data['event']!r} is neither in events.yaml nor 'solo-<page name>'")
    if data["kind"] not in KINDS:
        raise DevsetError(path, f"kind {data['kind']!r} must be one of {KINDS}")
    dates, people = data["meeting_dates"], data["people"]
    if not isinstance(dates, list) or not all(isinstance(d, dt.date) for d in dates):
        raise DevsetError(path, "meeting_dates must be a list of ISO dates ([] when none)")
    if not isinstance(people, list) or not all(isinstance(p, str) and p.strip() for p in people):
        raise DevsetError(path, "people must be a list of names ([] when none)")
    if str(data["event"]).startswith("solo-") and dates:
        raise DevsetError(path, "a solo page has no meeting_dates (write [])")
    if not isinstance(data["outlet"], str) or not data["outlet"].strip():
        raise DevsetError(path, "outlet must name the outlet whose style the page imitates")
    return {
        "lang": data["lang"],
        "outlet": data["outlet"],
        "published": data["published"].isoformat() if data["published"] else None,
        "event": data["event"],
        "kind": data["kind"],
        "meeting_dates": tuple(sorted(d.isoformat() for d in dates)),
        "people": tuple(people),
    }


def page_files(devset: Path = DEVSET) -> list[Path]:
    return sorted((devset / "pages").glob("*/*.txt"))


def load_pages(devset: Path = DEVSET, events: dict[str, dict] | None = None) -> list[GoldPage]:
    """Every annotated page; file names (the tool's page ids) and solo events must be unique."""
    events = load_events(devset) if events is None else events
    pages = [parse_page(path, events) for path in page_files(devset)]
    names = Counter(p.name for p in pages)
    solos = Counter(p.event for p in pages if p.event.startswith("solo-"))
    repeated = sorted(value for counts in (names, solos) for value, n in counts.items() if n > 1)
    if repeated:
        raise DevsetError(devset / "pages", f"file names or solo events used by more than one page: {repeated}")
    return pages


def digest(devset: Path = DEVSET) -> str:
    """sha256 over the catalogue and every annotated page (names and bytes), so any change shows."""
    total = hashlib.sha256()
    for path in [devset / "events.yaml", *page_files(devset)]:
        total.update(path.relative_to(devset).as_posix().encode() + b"\0")
        total.update(hashlib.sha256(path.read_bytes()).digest())
    return "sha256:" + total.hexdigest()


# --------------------------------------------------------------------------- running the tool


def run_briefing(pages: list[GoldPage], work: Path) -> tuple[dict, dict[str, list[str] | None]]:
    """Run the pipeline on the raw pages; the manifest and each page's clean.txt lines (None if absent)."""
    corpus, out = work / "corpus", work / "out"
    corpus.mkdir()
    for page in pages:
        (corpus / page.name).write_text(page.raw, encoding="utf-8")
    shipped = ROOT / "models.yaml"
    cfg = load_config(shipped if shipped.is_file() else None, **RUN_OVERRIDES)
    Pipeline(cfg).run(corpus, out, use_cache=False)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    clean: dict[str, list[str] | None] = {}
    for entry in manifest.get("inputs", []):
        path = out / "articles" / str(entry.get("id")) / "clean.txt"
        clean[entry["file"]] = (
            path.read_text(encoding="utf-8").split("\n") if entry.get("id") and path.is_file() else None
        )
    return manifest, clean


# --------------------------------------------------------------------------- measures


def page_marks(page: GoldPage, entry: dict, clean: list[str] | None) -> dict:
    """What one page contributes: line counts, right/wrong per field, people counts."""
    kept = [bool(clean and i < len(clean) and clean[i].strip()) for i in range(len(page.classes))]
    marks = dict.fromkeys(("furniture_tp", "furniture_fp", "furniture_fn", "body_total", "body_kept"), 0)
    for cls, keep in zip(page.classes, kept):
        if cls == "F":
            marks["furniture_tp" if not keep else "furniture_fn"] += 1
        elif cls == "C":
            marks["body_total"] += 1
            marks["body_kept"] += keep
            marks["furniture_fp"] += not keep
    published = entry.get("published", _MISSING)
    dates = entry.get("meeting_dates", _MISSING)
    predicted_start = min(_iso_dates(dates), default=None) if dates is not _MISSING else _MISSING
    gold_people = {_name_key(p) for p in page.people}
    predicted_people = {_name_key(p) for p in entry.get("people") or [] if isinstance(p, str)}
    return {
        **marks,
        "language": entry.get("language", _MISSING) == page.lang,
        "published": published is not _MISSING and _iso_date(published) == page.published,
        "meeting_start": predicted_start == (page.meeting_dates[0] if page.meeting_dates else None),
        "people_tp": len(gold_people & predicted_people),
        "people_fp": len(predicted_people - gold_people),
        "people_fn": len(gold_people - predicted_people),
    }


def _iso_date(value) -> str | None:
    """The date part of an ISO date or datetime string; anything else is None."""
    return value[:10] if isinstance(value, str) and _ISO_DATE.match(value) else None


def _iso_dates(values) -> list[str]:
    """Resolved dates only: a yearless or unreadable date never counts as the earliest."""
    return [d for d in map(_iso_date, values if isinstance(values, list) else []) if d]


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def f1(tp: int, fp: int, fn: int) -> float:
    """F1; 1.0 when there was nothing to find and nothing was found."""
    return 1.0 if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)


def summarise_marks(marks: list[dict]) -> dict[str, float]:
    """Pooled over pages: line- and name-level counts are summed before the ratio (micro averages)."""
    total: Counter[str] = Counter()
    for mark in marks:
        total.update({k: int(v) for k, v in mark.items()})
    n = len(marks)
    return {
        "furniture_f1": f1(total["furniture_tp"], total["furniture_fp"], total["furniture_fn"]),
        "body_kept": total["body_kept"] / total["body_total"] if total["body_total"] else 1.0,
        "language": total["language"] / n,
        "published": total["published"] / n,
        "meeting_start": total["meeting_start"] / n,
        "people_f1": f1(total["people_tp"], total["people_fp"], total["people_fn"]),
    }


def adjusted_rand_index(gold: list, predicted: list) -> float:
    """Hubert and Arabie's ARI of two labelings of the same items; 1.0 for identical trivial partitions."""

    def pairs(counts: Iterable[int]) -> float:
        return sum(k * (k - 1) / 2 for k in counts)

    n = len(gold)
    together = pairs(Counter(zip(gold, predicted)).values())
    a, b = pairs(Counter(gold).values()), pairs(Counter(predicted).values())
    expected = a * b / (n * (n - 1) / 2) if n > 1 else 0.0
    best = (a + b) / 2
    if best == expected:
        return 1.0
    return (together - expected) / (best - expected)


def event_measures(pages: list[GoldPage], manifest: dict, events: dict[str, dict]) -> dict[str, float | None]:
    """ARI of the manifest's events against gold events; and, for each gold event with two or more
    pages here, whether the predicted event holding most of them has the gold start and city."""
    file_of = {entry.get("id"): entry["file"] for entry in manifest.get("inputs", [])}
    predicted_of: dict[str, int] = {}
    for index, event in enumerate(manifest.get("events", [])):
        for article in event.get("articles", []):
            if article in file_of:
                predicted_of[file_of[article]] = index
    # A page in no event is its own cluster.
    predicted = [predicted_of.get(p.name, f"alone:{p.name}") for p in pages]
    starts, venues = [], []
    for gold_event in sorted({p.event for p in pages}):
        members = [label for p, label in zip(pages, predicted) if p.event == gold_event]
        if len(members) < 2 or gold_event not in events:
            continue
        label = Counter(members).most_common(1)[0][0]
        found = manifest["events"][label] if isinstance(label, int) else {}
        starts.append(_iso_date(found.get("start")) == events[gold_event]["start"])
        venues.append(events[gold_event]["city"].casefold() in _venue_text(found.get("venue")).casefold())
    return {
        "ari": adjusted_rand_index([p.event for p in pages], predicted) if pages else None,
        "event_start": sum(starts) / len(starts) if starts else None,
        "venue": sum(venues) / len(venues) if venues else None,
    }


def _venue_text(venue) -> str:
    if isinstance(venue, list):
        return " | ".join(str(v) for v in venue)
    return venue if isinstance(venue, str) else ""


def score(devset: Path = DEVSET) -> dict:
    """Run briefing on the set and measure it: {"pages", "languages", "events", "per_page", "digest"}."""
    events = load_events(devset)
    pages = load_pages(devset, events)
    if not pages:
        raise DevsetError(devset / "pages", "no annotated pages found")
    with tempfile.TemporaryDirectory(prefix="briefing-devset-") as work:
        manifest, clean = run_briefing(pages, Path(work))
    entries = {entry["file"]: entry for entry in manifest.get("inputs", [])}
    marks = {p.name: page_marks(p, entries.get(p.name, {}), clean.get(p.name)) for p in pages}
    present = [lang for lang in LANGUAGES if any(p.lang == lang for p in pages)]
    languages = {lang: summarise_marks([marks[p.name] for p in pages if p.lang == lang]) for lang in present}
    languages["all"] = summarise_marks(list(marks.values()))
    foreign = [p for p in pages if p.lang != "en"]
    return {
        "digest": digest(devset),
        "pages": {**{lang: sum(p.lang == lang for p in pages) for lang in present}, "all": len(pages)},
        "languages": _rounded(languages),
        "events": _rounded(
            {"all": event_measures(pages, manifest, events), "non_en": event_measures(foreign, manifest, events)}
        ),
        "per_page": {
            name: {k: mark[k] for k in ("language", "published", "meeting_start")}
            | {"lines_wrong": mark["furniture_fp"] + mark["furniture_fn"]}
            for name, mark in marks.items()
        },
    }


def _rounded(groups: dict[str, dict]) -> dict[str, dict]:
    return {g: {m: None if v is None else round(v, 4) for m, v in ms.items()} for g, ms in groups.items()}


# --------------------------------------------------------------------------- floors and output


def floor_for(measure: str, figure: float) -> float:
    """The pinned floor for a measured figure: rounded down to 2 decimals, minus FLOOR_MARGIN, at least 0
    (FLOOR_LOWEST for a measure that can be negative)."""
    return max(FLOOR_LOWEST.get(measure, 0.0), round(math.floor(figure * 100 + 1e-9) / 100 - FLOOR_MARGIN, 2))


def pin(figures: dict, floors_path: Path) -> list[str]:
    """Write floors.json from `figures`, never lowering an existing floor. Returns the measures now below theirs."""
    try:
        old = json.loads(floors_path.read_text(encoding="utf-8"))["floors"]
    except FileNotFoundError:
        old = {}
    floors: dict[str, dict[str, dict[str, float]]] = {}
    below = []
    for section in ("languages", "events"):
        for group, measures in figures[section].items():
            for measure, value in measures.items():
                if value is None:
                    continue
                before = old.get(section, {}).get(group, {}).get(measure)
                floors.setdefault(section, {}).setdefault(group, {})[measure] = max(
                    floor_for(measure, value), before if before is not None else -math.inf
                )
                if before is not None and value < before:
                    below.append(f"{section}.{group}.{measure}: {value:.4f} < floor {before:.2f}")
    record = {"note": FLOORS_NOTE, "digest": figures["digest"], "pages": figures["pages"], "floors": floors}
    floors_path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return below


def table(figures: dict) -> str:
    """The figures as two plain-text tables: languages by page measures, then event measures."""

    def cell(value) -> str:
        return "-" if value is None else f"{value:.2f}".replace("-0.00", "0.00")

    rows = [f"{'lang':<6} {'pages':>5}  " + "  ".join(f"{m:>13}" for m in PAGE_MEASURES)]
    for lang, measures in figures["languages"].items():
        cells = "  ".join(f"{cell(measures[m]):>13}" for m in PAGE_MEASURES)
        rows.append(f"{lang:<6} {figures['pages'][lang]:>5}  {cells}")
    rows += ["", f"{'events':<6}        " + "  ".join(f"{m:>13}" for m in EVENT_MEASURES)]
    for group, measures in figures["events"].items():
        rows.append(f"{group:<6}        " + "  ".join(f"{cell(measures[m]):>13}" for m in EVENT_MEASURES))
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score briefing against the labelled development set.")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON to FILE")
    parser.add_argument("--pin", action="store_true", help="raise the floors in floors.json to these figures")
    parser.add_argument(
        "--set",
        type=Path,
        default=DEVSET,
        metavar="DIR",
        help=f"the labelled set to score (default {DEVSET}; also {HOLDOUT}, {HOLDOUT2}, {HOLDOUT3})",
    )
    args = parser.parse_args(argv)
    logging.getLogger("briefing").setLevel(logging.ERROR)  # absent models fall back; that is expected here
    try:
        figures = score(args.set)
    except DevsetError as exc:
        print(f"score.py: {exc}", file=sys.stderr)
        return 2
    print(table(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if args.pin:
        below = pin(figures, args.set / "floors.json")
        print(f"\npinned floors in {args.set / 'floors.json'} ({figures['digest']})")
        for line in below:
            print(f"below its floor (kept): {line}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
