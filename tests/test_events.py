"""Stage 6: grouping articles into events."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from briefing.document import Article, DateMention, Line, Page
from briefing.events import group
from briefing.glossary import Glossary
from briefing.metadata import extract

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
D = dt.date
SLUG_RE = re.compile(r"^(\d{4}-\d{2}-\d{2}|undated)-[a-z0-9]+(-[a-z0-9]+)*$")


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load()


def make_article(page_id: str, lines: list[str], glossary: Glossary, published: dt.date | None = None) -> Article:
    """A crude stand-in for ingest+clean+segment: every non-blank line kept; metadata extracted."""
    text = "\n".join(lines)
    page = Page(
        id=page_id,
        path=Path(f"{page_id}.txt"),
        text=text,
        sha256="",
        format="txt",
        encoding="utf-8",
        published=published,
    )
    numbered = [
        Line(number=i, text=t, kept=bool(t.strip()), reason=None if t.strip() else "blank")
        for i, t in enumerate(lines, 1)
    ]
    article = Article(page=page, lines=numbered)
    article.meta = extract(article, glossary)
    return article


def corpus_articles(glossary: Glossary) -> list[Article]:
    return [
        make_article(p.name[:3], p.read_text(encoding="utf-8").split("\n"), glossary)
        for p in sorted(CORPUS.glob("*.txt"))
    ]


def ids(events) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[a.id for a in e.articles] for e in events]


# --- synthetic reports ----------------------------------------------------------------

GENEVA_A = [
    "Armenia and Azerbaijan agree on border commission rules at Geneva talks",
    "Armenian Foreign Minister Ararat Mirzoyan and Azerbaijani Foreign Minister Jeyhun Bayramov met in Geneva on "
    "March 14, 2024 for talks mediated by Switzerland.",
    "The ministers agreed on the rules of procedure for the joint border delimitation commission and discussed "
    "the draft peace treaty, the Swiss foreign ministry said after the meeting.",
    "Mirzoyan called the Geneva talks constructive, while Bayramov said the commission would start mapping the "
    "frontier near the village crossings before the summer.",
]
GENEVA_B = [
    "Delimitation commission rules approved as ministers meet in Switzerland",
    "Diplomats from Baku and Yerevan approved procedures for the border delimitation commission on Thursday, "
    "when Jeyhun Bayramov and Ararat Mirzoyan held talks in Geneva.",
    "Bayramov told reporters the commission will begin mapping the frontier crossings soon, and Mirzoyan said the "
    "peace treaty draft was discussed in detail at the meeting.",
    "The Swiss hosts said the talks were constructive and thanked both delegations.",
]  # published 2024-03-15, a Friday: "on Thursday" is 14 March
STORM = [
    "Storms cause flooding across Switzerland and northern Italy",
    "Heavy rain and hail swept across the Alps on March 14, 2024, flooding villages and cutting power to thousands "
    "of homes, weather services said.",
    "Rescue teams evacuated campers from river valleys as rivers burst their banks, and train services between "
    "cities were suspended while crews cleared fallen trees.",
]
FOOTBALL = [
    "Late penalty gives visitors a draw in league derby",
    "A penalty in stoppage time earned the visitors a two-all draw in a derby watched by forty thousand fans.",
    "The home side had led twice through goals from their striker, but the referee pointed to the spot after a "
    "handball in the box, and the coach criticised the defending afterwards.",
]


def geneva_year_later() -> list[str]:
    """A second Geneva round a year later, worded much like the first."""
    return [
        "Armenia and Azerbaijan hold new round of border commission talks in Geneva",
        "Armenian Foreign Minister Ararat Mirzoyan and Azerbaijani Foreign Minister Jeyhun Bayramov met in Geneva on "
        "March 20, 2025 for talks on the border delimitation commission and the peace treaty.",
        "The ministers discussed mapping the frontier and the draft treaty, the Swiss foreign ministry said after the meeting.",
    ]


SOCHI = [
    "Leaders meet in Sochi and pledge not to use force",
    "Prime Minister Nikol Pashinyan and President Ilham Aliyev met in Sochi on March 10, 2024 with Russian President "
    "Vladimir Putin for talks on the peace treaty and the border commission.",
    "The leaders agreed to continue work on the draft treaty and the delimitation of the frontier, the Kremlin said after the meeting.",
]


def test_same_meeting_from_two_outlets_joins_and_storm_stays_alone(glossary: Glossary) -> None:
    articles = [
        make_article("a", GENEVA_A, glossary),
        make_article("b", GENEVA_B, glossary, published=D(2024, 3, 15)),
        make_article("storm", STORM, glossary),
    ]
    events = group(articles, glossary)
    assert sorted(ids(events)) == [["a", "b"], ["storm"]]
    geneva = next(e for e in events if len(e.articles) == 2)
    assert (geneva.start, geneva.end) == (D(2024, 3, 14), D(2024, 3, 14))
    assert geneva.places[0] == "Geneva"
    assert {p.name for p in geneva.people[:2]} == {"Ararat Mirzoyan", "Jeyhun Bayramov"}
    assert geneva.host == "Switzerland"


def test_meetings_a_year_apart_stay_apart(glossary: Glossary) -> None:
    articles = [make_article("a", GENEVA_A, glossary), make_article("c", geneva_year_later(), glossary)]
    events = group(articles, glossary)
    assert ids(events) == [["a"], ["c"]]
    assert [e.start for e in events] == [D(2024, 3, 14), D(2025, 3, 20)]


def test_same_week_meetings_in_different_countries_stay_apart(glossary: Glossary) -> None:
    articles = [make_article("a", GENEVA_A, glossary), make_article("s", SOCHI, glossary)]
    assert sorted(ids(group(articles, glossary))) == [["a"], ["s"]]


def test_undated_article_joins_the_clearly_similar_event(glossary: Glossary) -> None:
    undated = [
        "Border commission rules agreed in Geneva",
        "Jeyhun Bayramov and Ararat Mirzoyan agreed on procedures for the border delimitation commission in Geneva, "
        "and said mapping of the frontier crossings would begin soon.",
        "The Swiss foreign ministry hosted the meeting and called the talks constructive.",
    ]
    articles = [
        make_article("a", GENEVA_A, glossary),
        make_article("f", FOOTBALL, glossary, published=D(2024, 3, 14)),
        make_article("u", undated, glossary),
    ]
    events = group(articles, glossary)
    assert sorted(ids(events)) == [["a", "u"], ["f"]]
    geneva = next(e for e in events if len(e.articles) == 2)
    assert geneva.start == D(2024, 3, 14)
    assert any(n.startswith("u gives no date; joined by content similarity") for n in geneva.notes)


def test_undated_article_between_two_events_stays_alone(glossary: Glossary) -> None:
    ambiguous = [
        "Mirzoyan and Bayramov meet in Geneva",
        "Ararat Mirzoyan and Jeyhun Bayramov met in Geneva for talks on the border delimitation commission and the "
        "peace treaty, the Swiss foreign ministry said.",
    ]
    articles = [
        make_article("a", GENEVA_A, glossary),
        make_article("c", geneva_year_later(), glossary),
        make_article("u", ambiguous, glossary),
    ]
    events = group(articles, glossary)
    assert ids(events) == [["a"], ["c"], ["u"]]
    assert events[-1].start is None and events[-1].slug.startswith("undated-")
    assert any("no event is clearly similar" in n for n in events[-1].notes)


def test_unrelated_undated_article_stays_alone(glossary: Glossary) -> None:
    articles = [make_article("a", GENEVA_A, glossary), make_article("f", FOOTBALL, glossary)]
    assert ids(group(articles, glossary)) == [["a"], ["f"]]


def test_events_are_ordered_and_slugs_are_unique(glossary: Glossary) -> None:
    articles = [
        make_article("f", FOOTBALL, glossary),
        make_article("c", geneva_year_later(), glossary),
        make_article("a", GENEVA_A, glossary),
        make_article("a2", GENEVA_A, glossary, published=None),
    ]
    events = group(articles, glossary)
    assert [e.start for e in events] == [D(2024, 3, 14), D(2025, 3, 20), None]
    assert len({e.slug for e in events}) == len(events)
    assert all(SLUG_RE.match(e.slug) and len(e.slug) <= 60 for e in events)


def test_empty_input(glossary: Glossary) -> None:
    assert group([], glossary) == []


def test_slugs_stay_unique_when_a_renamed_slug_is_another_events_own(glossary: Glossary) -> None:
    """Three unrelated pages titled "Peace talks", "Peace talks" and "Peace talks 2", on one day: three folders."""
    pages = {"a": GENEVA_A, "f": FOOTBALL, "s": STORM}
    titles = {"a": "Peace talks", "f": "Peace talks", "s": "Peace talks 2"}
    articles = []
    for page_id, lines in pages.items():
        article = make_article(page_id, lines, glossary, published=D(2024, 3, 14))
        article.meta.title = titles[page_id]
        articles.append(article)
    events = group(articles, glossary)
    assert len(events) == 3
    assert sorted(e.slug for e in events) == [
        "2024-03-14-peace-talks",
        "2024-03-14-peace-talks-2",
        "2024-03-14-peace-talks-3",
    ]
    assert next(e for e in events if e.title == "Peace talks 2").slug == "2024-03-14-peace-talks-2"


#: (day at the edge of the calendar, how a page writes it)
EDGE_DAYS = [(dt.date.min, "January 1, 0001"), (dt.date.max, "December 31, 9999")]


@pytest.mark.parametrize(("day", "written"), EDGE_DAYS, ids=["date.min", "date.max"])
def test_dates_at_the_edge_of_the_calendar_group_without_overflow(
    glossary: Glossary, day: dt.date, written: str
) -> None:
    """0001-01-01 and 9999-12-31 as publication, meeting and month dates; before the fix, OverflowError/ValueError."""
    lines = [f"The foreign ministers met in Geneva on {written} for talks.", "Talks were held in that month."]
    met = make_article("met", lines, glossary)
    met.meta.published = day
    met.meta.dates = [DateMention(written, day, "day", 1, True)]
    month = make_article("month", ["Ministers held talks in Geneva that month.", *FOOTBALL], glossary)
    month.meta.published = day
    month.meta.dates = [DateMention("that month", day.replace(day=1), "month", 1, True)]
    published_only = make_article("pub", STORM, glossary, published=day)
    on_friday = make_article(
        "fri", ["Ministers said on Friday that the talks in Geneva went well.", *GENEVA_B[1:]], glossary
    )
    events = group([met, month, published_only, on_friday], glossary)
    assert sorted(a.id for e in events for a in e.articles) == ["fri", "met", "month", "pub"]
    assert {e.start for e in events if e.start} <= {day, day.replace(day=1)}
    assert all(e.end is None or e.end <= dt.date.max for e in events)


# --- the sample corpus -------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_events(glossary: Glossary):  # type: ignore[no-untyped-def]
    return group(corpus_articles(glossary), glossary)


def test_sample_corpus_forms_two_events(sample_events) -> None:  # type: ignore[no-untyped-def]
    assert ids(sample_events) == [["000", "001", "002"], ["003", "004"]]


def test_sample_2022_event_is_dated_7_november_2022(sample_events) -> None:  # type: ignore[no-untyped-def]
    washington = sample_events[0]
    assert (washington.start, washington.end) == (D(2022, 11, 7), D(2022, 11, 7))
    assert washington.places[0] == "Washington"
    assert washington.host == "United States"
    assert any(n.startswith("000 gives 'November 7' without a year; 2022") for n in washington.notes)
    assert any(n.startswith("001 gives no date; joined by content") for n in washington.notes)


def test_sample_2023_event_is_in_may_2023(sample_events) -> None:  # type: ignore[no-untyped-def]
    follow_up = sample_events[1]
    assert follow_up.start is not None and (follow_up.start.year, follow_up.start.month) == (2023, 5)
    assert follow_up.end is not None and (follow_up.end.year, follow_up.end.month) == (2023, 5)
    assert follow_up.host == "United States"
    assert any(n.startswith("004 gives no date; joined by content") for n in follow_up.notes)


def test_sample_grouping_is_deterministic(glossary: Glossary, sample_events) -> None:  # type: ignore[no-untyped-def]
    again = group(list(reversed(corpus_articles(glossary))), glossary)
    assert [(e.slug, e.title, ids([e])) for e in again] == [(e.slug, e.title, ids([e])) for e in sample_events]
    assert all(SLUG_RE.match(e.slug) for e in again)
