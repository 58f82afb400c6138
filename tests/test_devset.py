"""The quality gate, as trafilatura's eval gate: briefing's real output on labelled pages in
five languages, scored by tests/devset/score.py, must never fall below the floors pinned in
each set's floors.json. Four sets: the development set (tests/devset/pages), which rules were
calibrated on, and three held-out sets (tests/devset/holdout, holdout2, holdout3), written without
sight of the code; the first has been studied, the other two are measured only in aggregate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from devset.score import (
    DEVSET,
    HOLDOUT,
    HOLDOUT2,
    HOLDOUT3,
    DevsetError,
    GoldPage,
    adjusted_rand_index,
    digest,
    event_measures,
    floor_for,
    load_events,
    load_pages,
    page_files,
    page_marks,
    parse_page,
    score,
    table,
)

SETS = {"dev": DEVSET, "holdout": HOLDOUT, "holdout2": HOLDOUT2, "holdout3": HOLDOUT3}
FLOORS = {name: json.loads((path / "floors.json").read_text(encoding="utf-8")) for name, path in SETS.items()}
GATE = [
    (name, section, group, measure, floor)
    for name, floors in FLOORS.items()
    for section, groups in floors["floors"].items()
    for group, measures in groups.items()
    for measure, floor in measures.items()
]
EVENTS = load_events()


@pytest.fixture(scope="module")
def all_figures() -> dict[str, dict]:
    """One run of the pipeline over each set, shared by every gate test."""
    return {name: score(path) for name, path in SETS.items()}


@pytest.fixture(scope="module")
def figures(all_figures) -> dict:
    return all_figures["dev"]


@pytest.mark.parametrize(
    ("name", "section", "group", "measure", "floor"), GATE, ids=[f"{n}-{g}-{m}" for n, _, g, m, _ in GATE]
)
def test_figure_holds_its_floor(all_figures, name, section, group, measure, floor):
    value = all_figures[name][section].get(group, {}).get(measure)
    assert value is not None and value >= floor, (
        f"{name} {group} {measure}: measured {value}, below its floor {floor} ({SETS[name]}/floors.json); "
        f"run `.venv/bin/python tests/devset/score.py --set {SETS[name]}` to see every figure"
    )


def test_table_has_a_row_per_language(figures):
    languages = table(figures).split("\n\n")[0].splitlines()[1:]
    assert [row.split()[0] for row in languages] == list(figures["pages"])


@pytest.mark.parametrize("name", SETS)
def test_digest_matches_the_set(name):
    assert digest(SETS[name]) == FLOORS[name]["digest"], (
        "tests/devset changed (pages or events.yaml) since the floors were pinned: re-measure with "
        "`.venv/bin/python tests/devset/score.py --pin` and commit the new floors.json (floors only rise)"
    )


@pytest.mark.parametrize(
    ("path", "events"),
    [(path, EVENTS) for path in page_files()]
    + [(path, load_events(held)) for held in (HOLDOUT, HOLDOUT2) for path in page_files(held)],
    ids=lambda p: p.name if isinstance(p, Path) else "",
)
def test_annotated_page_is_well_formed(path, events):
    parse_page(path, events)  # raises DevsetError naming the file, the line and the problem


def test_reports_date_their_meeting_inside_the_catalogue():
    """A report's meeting days are the catalogue's; a stray day is an annotation slip."""
    for page in load_pages():
        if page.kind == "report" and page.event in EVENTS:
            event = EVENTS[page.event]
            outside = [d for d in page.meeting_dates if not event["start"] <= d <= event["end"]]
            assert not outside, f"{page.path}: meeting_dates {outside} outside {event['start']}..{event['end']}"


HEADER = {
    "lang": "ru",
    "outlet": "TASS",
    "published": "2023-05-05",
    "event": "arlington-2023-05",
    "kind": "report",
    "meeting_dates": "[2023-05-01, 2023-05-04]",
    "people": "[Ararat Mirzoyan]",
}
BODY = "=====\nF|Главная | Политика\n\nC|Мирзоян и Байрамов завершили переговоры\n"

MALFORMED = [
    ({}, BODY.replace("=====\n", ""), "exactly one line '=====' between header and page, found 0"),
    ({}, BODY + "=====\n", "found 2"),
    ({}, BODY + "Поделиться\n", "page line must start with 'C|' or 'F|' or be empty"),
    ({}, BODY + "F| \n", "a prefixed line has no text"),
    ({}, BODY.replace("C|", "F|"), "no content line"),
    ({}, "=====\nF|---\nC|Текст\n", "front matter"),
    ({"people": None}, BODY, "missing fields ['people']"),
    ({"source": "x"}, BODY, "unknown fields ['source']"),
    ({"lang": "hy"}, BODY, "match its folder"),
    ({"published": "вчера"}, BODY, "published must be an ISO date or null"),
    ({"published": "2023-02-30"}, BODY, "not valid YAML"),
    ({"event": "sochi-2022-10"}, BODY, "neither in events.yaml"),
    ({"event": "solo-ru-x"}, BODY, "a solo page has no meeting_dates"),
    ({"kind": "news"}, BODY, "kind 'news' must be one of"),
    ({"meeting_dates": "[May 1]"}, BODY, "meeting_dates must be a list of ISO dates"),
    ({"people": "Ararat Mirzoyan"}, BODY, "people must be a list of names"),
]


@pytest.mark.parametrize(("changes", "body", "problem"), MALFORMED)
def test_malformed_page_is_refused_with_its_file_and_problem(tmp_path, changes, body, problem):
    header = {key: value for key, value in {**HEADER, **changes}.items() if value is not None}
    path = tmp_path / "ru" / "ru-x.txt"
    path.parent.mkdir()
    path.write_text("".join(f"{k}: {v}\n" for k, v in header.items()) + body, encoding="utf-8")
    with pytest.raises(DevsetError) as caught:
        parse_page(path, EVENTS)
    assert str(path) in str(caught.value)
    assert problem in str(caught.value)


def test_a_solo_event_shared_by_two_pages_is_refused(tmp_path):
    (tmp_path / "events.yaml").write_bytes((DEVSET / "events.yaml").read_bytes())
    (tmp_path / "pages" / "ru").mkdir(parents=True)
    header = "".join(f"{k}: {v}\n" for k, v in {**HEADER, "event": "solo-weather", "meeting_dates": "[]"}.items())
    for name in ("ru-a.txt", "ru-b.txt"):
        (tmp_path / "pages" / "ru" / name).write_text(header + BODY, encoding="utf-8")
    with pytest.raises(DevsetError, match=r"used by more than one page: \['solo-weather'\]"):
        load_pages(tmp_path)


def test_a_page_not_in_utf8_is_refused(tmp_path):
    path = tmp_path / "ru" / "ru-x.txt"
    path.parent.mkdir()
    path.write_bytes("".join(f"{k}: {v}\n" for k, v in HEADER.items()).encode() + BODY.encode("cp1251"))
    with pytest.raises(DevsetError, match="not UTF-8"):
        parse_page(path, EVENTS)


ARI = [
    ([0, 0, 1, 1], [0, 0, 1, 1], 1.0),
    ([0, 0, 1, 1], [5, 5, 3, 3], 1.0),  # labels are names only
    ([0, 0, 1, 1], [0, 0, 1, 2], 0.5714),
    ([0, 0, 1, 1], [0, 1, 0, 1], -0.5),  # worse than chance
    ([0, 1, 2], [0, 1, 2], 1.0),  # all singletons on both sides
    (["a", "a", "b", "b", "c"], ["x", "x", "x", "x", "x"], 0.0),  # one big cluster: chance
]


@pytest.mark.parametrize(("gold", "predicted", "expected"), ARI)
def test_adjusted_rand_index(gold, predicted, expected):
    assert adjusted_rand_index(gold, predicted) == pytest.approx(expected, abs=1e-4)


def gold_page(classes="FCFC", published=None, meeting_dates=(), people=(), name="ru-x.txt", event="arlington-2023-05"):
    return GoldPage(
        path=Path(name),
        lang="ru",
        outlet="TASS",
        published=published,
        event=event,
        kind="report",
        meeting_dates=tuple(meeting_dates),
        people=tuple(people),
        classes=tuple(classes),
        raw="",
    )


MARKS = [
    # A field the manifest lacks is wrong, even where the gold value is null or empty.
    (gold_page(), {}, {"language": False, "published": False, "meeting_start": False}),
    (
        gold_page(),
        {"language": "ru", "published": None, "meeting_dates": []},
        {"language": True, "published": True, "meeting_start": True},
    ),
    (gold_page(published="2023-05-05"), {"published": "2023-05-05T02:14:00+03:00"}, {"published": True}),
    (gold_page(published="2023-05-05"), {"published": "2023-05-04"}, {"published": False}),
    # The earliest resolved day counts; a yearless day never does.
    (
        gold_page(meeting_dates=["2023-05-01", "2023-05-04"]),
        {"meeting_dates": ["--04-28", "2023-05-02", "2023-05-01"]},
        {"meeting_start": True},
    ),
    (gold_page(meeting_dates=["2023-05-01"]), {"meeting_dates": []}, {"meeting_start": False}),
    (
        gold_page(people=["Ararat Mirzoyan", "Jeyhun Bayramov"]),
        {"people": ["ararat  mirzoyan", "Vladimir Putin"]},
        {"people_tp": 1, "people_fp": 1, "people_fn": 1},
    ),
]


@pytest.mark.parametrize(("page", "entry", "expected"), MARKS)
def test_page_marks_fields(page, entry, expected):
    marks = page_marks(page, entry, ["x"] * len(page.classes))
    assert {key: marks[key] for key in expected} == expected


LINES = [
    # (gold classes, clean.txt lines) -> furniture tp, fp, fn; body lines kept
    ("FCFC", ["", "body", "", "body"], (2, 0, 0, 2)),
    ("FCFC", ["menu", "body", "", ""], (1, 1, 1, 1)),
    (["F", "", "", "C"], ["", "", "", "body"], (1, 0, 0, 1)),  # blank gold lines are not scored
    ("FCFC", ["", "body"], (2, 1, 0, 1)),  # clean.txt ends early: the rest was dropped
    ("FCFC", None, (2, 2, 0, 0)),  # no clean.txt (the page failed): everything dropped
]


@pytest.mark.parametrize(("classes", "clean", "expected"), LINES)
def test_page_marks_lines(classes, clean, expected):
    marks = page_marks(gold_page(classes), {}, clean)
    assert (marks["furniture_tp"], marks["furniture_fp"], marks["furniture_fn"], marks["body_kept"]) == expected


def test_event_measures_read_start_and_venue_of_the_event_holding_most_pages():
    pages = [
        gold_page(name="a.txt"),
        gold_page(name="b.txt"),
        gold_page(name="c.txt", event="almaty-2024-05"),
        gold_page(name="d.txt", event="almaty-2024-05"),
    ]
    inputs = [{"file": p.name, "id": p.name[0]} for p in pages]
    grouped = {
        "inputs": inputs,
        "events": [
            {"articles": ["a", "b"], "start": "2023-05-01", "venue": "Arlington, Virginia"},
            {"articles": ["c", "d"], "start": "2024-05-11", "venue": ["Almaty"]},  # a wrong start
        ],
    }
    assert event_measures(pages, grouped, EVENTS) == {"ari": 1.0, "event_start": 0.5, "venue": 1.0}
    bare = {"inputs": inputs, "events": [{"articles": ["a", "b", "c", "d"]}]}
    assert event_measures(pages, bare, EVENTS) == {"ari": 0.0, "event_start": 0.0, "venue": 0.0}


@pytest.mark.parametrize(
    ("measure", "figure", "floor"),
    [("body_kept", 0.999, 0.97), ("body_kept", 0.8567, 0.83), ("language", 0.0, 0.0), ("ari", -0.02, -0.04)],
)
def test_floor_for(measure, figure, floor):
    assert floor_for(measure, figure) == floor
