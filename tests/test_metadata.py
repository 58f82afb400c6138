"""Stage 5: titles, publication dates, event dates, places and people."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefing.document import Article, Line, Page
from briefing.glossary import Glossary
from briefing.metadata import extract, resolve_month, resolve_month_day, resolve_weekday

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
D = dt.date


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load()


def make_article(
    lines: list[str], published: dt.date | None = None, title: str | None = None, page_id: str = "t"
) -> Article:
    """A crude stand-in for ingest+clean: every non-blank line kept."""
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
    if title is not None:
        page.title = title
    numbered = [
        Line(number=i, text=t, kept=bool(t.strip()), reason=None if t.strip() else "blank")
        for i, t in enumerate(lines, 1)
    ]
    return Article(page=page, lines=numbered)


def corpus_article(stem_prefix: str) -> Article:
    path = next(CORPUS.glob(f"{stem_prefix}_*.txt"))
    return make_article(path.read_text(encoding="utf-8").split("\n"), page_id=stem_prefix)


BODY = (
    "The foreign ministers met for a second day of talks on a peace treaty, officials said, and agreed to "
    "continue work on the draft text in the coming weeks."
)

# line, publication date, expected (date, end, precision, certain) of the mentions, in order
DATE_CASES = [
    ("Talks were held on November 7, 2022 in the capital.", None, [(D(2022, 11, 7), None, "day", True)]),
    ("The ministers met on 7 November 2022 in Brussels.", None, [(D(2022, 11, 7), None, "day", True)]),
    ("They met on November 7 to discuss the treaty.", D(2022, 11, 9), [(D(2022, 11, 7), None, "day", False)]),
    ("They met on December 20 to discuss the treaty.", D(2023, 1, 5), [(D(2022, 12, 20), None, "day", False)]),
    ("The leaders will meet on January 3 in Geneva.", D(2022, 12, 28), [(D(2023, 1, 3), None, "day", False)]),
    ("From May 1-4, the ministers held meetings.", D(2023, 5, 31), [(D(2023, 5, 1), D(2023, 5, 4), "day", False)]),
    ("Talks ran from Nov. 30 to Dec. 2, 2021 in Vienna.", None, [(D(2021, 11, 30), D(2021, 12, 2), "day", True)]),
    ("Delegations met on 12-14 June in Tbilisi.", D(2024, 6, 20), [(D(2024, 6, 12), D(2024, 6, 14), "day", False)]),
    ("The war erupted in September 2020.", None, [(D(2020, 9, 1), None, "month", True)]),
    ("The dispute has lasted since 1991.", None, [(D(1991, 1, 1), None, "year", True)]),
    ("The ministers met in Geneva on Monday.", D(2022, 11, 9), [(D(2022, 11, 7), None, "day", False)]),
    ("Talks resumed last Monday.", D(2022, 11, 7), [(D(2022, 10, 31), None, "day", False)]),
    ("Talks will resume next Friday.", D(2022, 11, 7), [(D(2022, 11, 11), None, "day", False)]),
    ("The envoy arrived in Baku yesterday.", D(2024, 3, 15), [(D(2024, 3, 14), None, "day", False)]),
    ("The summit took place at the end of last May.", D(2023, 6, 29), [(D(2023, 5, 1), None, "month", False)]),
    ("The sides agreed earlier in October to a mission.", D(2022, 11, 7), [(D(2022, 10, 1), None, "month", False)]),
    ("The border commissions met on 15.03.2024 and again on 2024-04-19.", None,
     [(D(2024, 3, 15), None, "day", True), (D(2024, 4, 19), None, "day", True)]),
    ("The envoy, who was born in 1962, met the ministers.", None, []),
    ("He met the ministers on Monday.", None, []),  # no anchor: a weekday cannot be placed
    ("The delegations may meet again soon, and May was not mentioned as a date.", None, []),
]  # fmt: skip


@pytest.mark.parametrize(("line", "published", "expected"), DATE_CASES)
def test_dates_are_resolved(glossary: Glossary, line: str, published: dt.date | None, expected: list) -> None:
    meta = extract(make_article([line], published=published), glossary)
    assert [(m.date, m.end, m.precision, m.certain) for m in meta.dates] == expected


def test_year_comes_from_the_nearest_full_date_when_nothing_else_gives_it(glossary: Glossary) -> None:
    lines = ["The ministers met on March 3, 2021 in Tbilisi.", "They met again on March 10 in Baku."]
    meta = extract(make_article(lines), glossary)
    assert [(m.date, m.certain) for m in meta.dates] == [(D(2021, 3, 3), True), (D(2021, 3, 10), False)]


def test_a_month_day_nothing_can_place_is_kept_without_a_year(glossary: Glossary) -> None:
    meta = extract(make_article(["The ministers met in Washington on November 7, officials said."]), glossary)
    assert meta.dates == []
    assert [(p.month, p.day, p.line) for p in meta.partial_dates] == [(11, 7, 1)]


RESOLVE_CASES = [
    (resolve_month_day(5, 1, D(2023, 5, 31)), D(2023, 5, 1)),
    (resolve_month_day(7, 20, D(2023, 6, 1)), D(2023, 7, 20)),  # announced, within the margin
    (resolve_month_day(11, 1, D(2023, 6, 1)), D(2022, 11, 1)),  # too far ahead: last year's
    (resolve_month_day(2, 29, D(2023, 3, 10)), D(2023, 2, 28)),
    (resolve_month(5, D(2023, 5, 10), "last"), D(2022, 5, 1)),
    (resolve_month(5, D(2023, 4, 10), "next"), D(2023, 5, 1)),
    (resolve_weekday(0, D(2022, 11, 7)), D(2022, 11, 7)),  # "on Monday" said on a Monday
    (resolve_weekday(3, D(2022, 11, 7)), D(2022, 11, 3)),
]


@pytest.mark.parametrize(("got", "expected"), RESOLVE_CASES)
def test_resolution_rules(got: dt.date, expected: dt.date) -> None:
    assert got == expected


# lines, published (front matter), page title, expected title, expected published, evidence
TITLE_CASES = [
    pytest.param(
        ["Friday, July 5, 2024", "", "Ministers agree to speed up peace talks in Geneva", "", BODY],
        None, None, "Ministers agree to speed up peace talks in Geneva", None, None, id="header-date-above-title-ignored",
    ),
    pytest.param(
        ["HOME", "NEWS", "Ministers agree to speed up peace talks in Geneva", "31 May 2023 09:17", BODY],
        None, None, "Ministers agree to speed up peace talks in Geneva", D(2023, 5, 31), "byline at line 4", id="timestamp-under-title",
    ),
    pytest.param(
        ["Envoys meet in Brussels to discuss border delimitation", "By Jane Doe | Nov 8, 2022", BODY],
        None, None, "Envoys meet in Brussels to discuss border delimitation", D(2022, 11, 8), "byline at line 2", id="by-author-pipe-date",
    ),
    pytest.param(
        ["Published: 2023-06-29", "Envoys meet in Brussels to discuss border delimitation", BODY],
        None, None, "Envoys meet in Brussels to discuss border delimitation", D(2023, 6, 29), "byline at line 1", id="published-marker",
    ),
    pytest.param(
        ["HOME NEWS POLITICS", "© 2024 Example News. All rights reserved", "Read more at example.com today",
         "Envoys meet in Brussels to discuss border delimitation", "Nov 8", BODY],
        None, None, "Envoys meet in Brussels to discuss border delimitation", None, None, id="menu-copyright-and-yearless-date",
    ),
    pytest.param(
        [BODY, "Second paragraph without a headline anywhere."], None, None, None, None, None, id="no-headline",
    ),
    pytest.param(
        ["Envoys meet in Brussels", BODY], D(2023, 2, 1), "Envoys meet in Brussels", "Envoys meet in Brussels", D(2023, 2, 1),
        "front matter", id="front-matter",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "published", "page_title", "title", "date", "evidence"), TITLE_CASES)
def test_title_and_publication_date(glossary, lines, published, page_title, title, date, evidence) -> None:  # type: ignore[no-untyped-def]
    meta = extract(make_article(lines, published=published, title=page_title), glossary)
    assert (meta.title, meta.published, meta.published_evidence) == (title, date, evidence)


def test_header_date_never_becomes_an_event_date(glossary: Glossary) -> None:
    lines = ["Friday, July 5, 2024", "Ministers agree to speed up peace talks in Geneva", BODY]
    assert extract(make_article(lines), glossary).dates == []


# text, expected people as (name, role, country, mentions), most mentioned first
PEOPLE_CASES = [
    ("Armenian Foreign Minister Ararat Mirzoyan arrived.", [("Ararat Mirzoyan", "Foreign Minister", "Armenia", 1)]),
    (
        "Foreign Ministers of Armenia and Azerbaijan Ararat Mirzoyan and Jeyhun Bayramov met.",
        [
            ("Ararat Mirzoyan", "Foreign Minister", "Armenia", 1),
            ("Jeyhun Bayramov", "Foreign Minister", "Azerbaijan", 1),
        ],
    ),
    (
        "Foreign Ministers of Azerbaijan and Armenia – Jeyhun Bayramov and Ararat Mirzoyan – held talks.",
        [
            ("Jeyhun Bayramov", "Foreign Minister", "Azerbaijan", 1),
            ("Ararat Mirzoyan", "Foreign Minister", "Armenia", 1),
        ],
    ),
    ("U.S. Secretary of State Antony Blinken said so.", [("Antony Blinken", "Secretary of State", "United States", 1)]),
    (
        "Matthew Miller, the US Department of State Spokesperson, said so.",
        [("Matthew Miller", "Spokesperson", "United States", 1)],
    ),
    (
        "Prime Minister Nikol Pashinian spoke first. Later Pashinyan met President Ilham Aliyev.",
        [("Nikol Pashinyan", "Prime Minister", None, 2), ("Ilham Aliyev", "President", None, 1)],
    ),
    ("Azerbaijan's President Ilham Aliyev spoke.", [("Ilham Aliyev", "President", "Azerbaijan", 1)]),
    (
        "The Azerbaijani Ambassador to France, Leyla Abdullayeva, spoke.",
        [("Leyla Abdullayeva", "Ambassador", "Azerbaijan", 1)],
    ),
    (
        "Georgian Foreign Minister Ilia Darchiashvili hosted the talks. Darchiashvili said they went well.",
        [("Ilia Darchiashvili", "Foreign Minister", "Georgia", 2)],
    ),
    (
        "Blinken spoke. Mirzoyan replied to Blinken.",
        [("Antony Blinken", None, None, 2), ("Ararat Mirzoyan", None, None, 1)],
    ),
    ("The Foreign Minister On Monday said nothing.", []),
]


@pytest.mark.parametrize(("text", "expected"), PEOPLE_CASES)
def test_people_with_roles(glossary: Glossary, text: str, expected: list) -> None:
    meta = extract(make_article([text]), glossary)
    assert [(p.name, p.role, p.country, p.mentions) for p in meta.people] == expected


PLACE_CASES = [
    ("Talks in Brussels followed talks in Prague and a second round in Brussels.", ["Brussels", "Prague"]),
    ("Both sides recognised the 1991 Alma-Ata Declaration at the meeting in Geneva.", ["Geneva"]),
    ("Officials from Baku and Yerevan met in Nagorno-Karabakh.", ["Baku", "Yerevan", "Nagorno-Karabakh"]),
    ("Nothing here names a place at all.", []),
]


@pytest.mark.parametrize(("text", "expected"), PLACE_CASES)
def test_places(glossary: Glossary, text: str, expected: list[str]) -> None:
    assert extract(make_article([text]), glossary).places == expected


def test_dropped_lines_are_ignored(glossary: Glossary) -> None:
    article = make_article(
        ["Envoys meet in Brussels to discuss border delimitation", BODY, "Talks in Moscow were held on May 2, 2021."]
    )
    article.lines[2].kept, article.lines[2].reason = False, "teaser"
    meta = extract(article, glossary)
    assert meta.dates == [] and "Moscow" not in meta.places


# --- the sample corpus -------------------------------------------------------------


def test_sample_000_ignores_the_site_date_and_keeps_november_7_without_a_year(glossary: Glossary) -> None:
    meta = extract(corpus_article("000"), glossary)
    assert meta.title == "Azerbaijan and Armenia agree to speed up negotiations in peace talks hosted by US"
    assert meta.published is None and meta.published_evidence is None
    assert all(m.date.year != 2024 for m in meta.dates)
    assert [(p.month, p.day) for p in meta.partial_dates] == [(11, 7)]
    people = {p.name: p for p in meta.people}
    assert (people["Jeyhun Bayramov"].role, people["Jeyhun Bayramov"].country) == ("Foreign Minister", "Azerbaijan")
    assert meta.places[0] == "Washington"


def test_sample_003_byline_and_range(glossary: Glossary) -> None:
    meta = extract(corpus_article("003"), glossary)
    assert meta.title == "US pleased to see continuous talks between Azerbaijan, Armenia"
    assert meta.published == D(2023, 5, 31) and meta.published_evidence.startswith("byline")
    assert (D(2023, 5, 1), D(2023, 5, 4)) in [(m.date, m.end) for m in meta.dates]
    miller = next(p for p in meta.people if p.name == "Matthew Miller")
    assert (miller.role, miller.country) == ("Spokesperson", "United States")


def test_sample_002_dates_and_aliases(glossary: Glossary) -> None:
    meta = extract(corpus_article("002"), glossary)
    assert D(2022, 11, 7) in [m.date for m in meta.dates if m.precision == "day"]
    assert "on Monday" in [m.text for m in meta.dates if m.date == D(2022, 11, 7)]
    assert meta.people[0].name == "Antony Blinken"
    assert "Nikol Pashinyan" in [p.name for p in meta.people]  # written "Pashinian"


def test_sample_004_gives_no_date(glossary: Glossary) -> None:
    meta = extract(corpus_article("004"), glossary)
    assert meta.published is None
    assert [m for m in meta.dates if m.precision == "day"] == [] and meta.partial_dates == []
