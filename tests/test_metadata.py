"""Stage 5: titles, publication dates, dates mentioned, places and people, in en, hy, az, ru and tr.

Every example line here is written for these tests (none is copied from the development set).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pytest

from briefing.document import Article, Line, Page, Sentence
from briefing.glossary import Glossary
from briefing.metadata import extract, resolve_month_day

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
D = dt.date


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load()


def make_article(
    lines: list[str],
    published: dt.date | None = None,
    title: str | None = None,
    page_id: str = "t",
    language: str = "en",
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
    return Article(page=page, lines=numbered, language=language)


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
    ("The ministers met in Geneva on Monday.", D(2022, 11, 9), [(D(2022, 11, 7), None, "day", False)]),
    ("Talks resumed last Monday.", D(2022, 11, 7), [(D(2022, 10, 31), None, "day", False)]),
    ("Talks will resume next Friday.", D(2022, 11, 7), [(D(2022, 11, 11), None, "day", False)]),
    ("The ministers will meet again on Friday.", D(2022, 11, 7), [(D(2022, 11, 11), None, "day", False)]),
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
        None, None, "Envoys meet in Brussels to discuss border delimitation", D(2023, 6, 29),
        "stamp above the title at line 1", id="published-marker",
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


# --- five languages ------------------------------------------------------------------------

#: A headline and a body paragraph per language (20+ words, ending like a sentence).
TITLES = {
    "en": "Foreign ministers wrap up another round of border talks",
    "ru": "Министры иностранных дел завершили новый раунд переговоров",
    "hy": "Արտգործնախարարներն ավարտեցին բանակցությունների հերթական փուլը",
    "az": "Xarici işlər nazirləri növbəti danışıqlar raundunu başa vurub",
    "tr": "Dışişleri bakanları yeni müzakere turunu tamamladı",
}
BODIES = {
    "en": BODY,
    "ru": "Делегации большую часть дня обсуждали проект мирного договора, сообщили официальные лица, и договорились "
    "продолжить работу над оставшимися статьями в рабочем порядке.",
    "hy": "Պատվիրակությունները օրվա մեծ մասը քննարկել են խաղաղության պայմանագրի նախագիծը, հայտնում են "
    "պաշտոնյաները, և պայմանավորվել են շարունակել աշխատանքը մնացած հոդվածների շուրջ առաջիկա շաբաթների ընթացքում։",
    "az": "Nümayəndə heyətləri günün böyük hissəsində sülh müqaviləsinin layihəsini müzakirə ediblər, rəsmilər "
    "bildirib və qalan maddələr üzərində işi yaxın həftələrdə davam etdirməyə razılaşıblar.",
    "tr": "Heyetler günün büyük bölümünde iki ülke arasındaki barış anlaşması taslağını görüştü, yetkililer açıkladı "
    "ve kalan maddeler üzerindeki çalışmaları önümüzdeki haftalarda sürdürme konusunda anlaştı.",
}


STANDFIRST = (
    "The two foreign ministers are expected to review the latest draft of the treaty and a proposal on the border "
    "commissions, diplomats said."
)


def page(lang: str, above: list[str], below: list[str], after: Sequence[str] = ()) -> Article:
    """A page: header lines, the headline, the lines under it, the body, and footer lines."""
    lines = ["Home | News | Politics", *above, "", TITLES[lang], *below, "", BODIES[lang], "", *after]
    return make_article(lines, language=lang)


#: (language, lines above the headline, lines under it, footer lines, publication date)
PUBLICATION_CASES = [
    pytest.param("en", [], ["Published June 14, 2024 | 09:05 AM"], [], D(2024, 6, 14), id="en-published-pipe-time"),
    pytest.param("en", [], ["March 03, 2025 10:41 PM GMT+04:00"], [], D(2025, 3, 3), id="en-time-zone"),
    pytest.param("en", [], ["By Ruth Hale | Nov 3, 2021"], [], D(2021, 11, 3), id="en-byline"),
    # An English page's numeric stamp reads in the order the page writes its dates ("March 28" or "28 March").
    pytest.param("en", [], ["04/10/2023"], ["Related", "Border talks resume", "March 28, 2023"], D(2023, 4, 10),
                 id="en-numeric-month-first-as-the-page-writes"),
    pytest.param("en", [], ["04/10/2023"], ["Related", "Border talks resume", "28 March 2023"], D(2023, 10, 4),
                 id="en-numeric-day-first-as-the-page-writes"),
    # A two-digit year in a stamp, with a desk's name in capitals before it.
    pytest.param("tr", [], ["DIŞ HABERLER | 19/03/24 - 08:45"], [], D(2024, 3, 19), id="tr-desk-two-digit-year"),
    pytest.param("ru", [], ["03.04.25 09:10"], [], D(2025, 4, 3), id="ru-two-digit-year"),
    # A relative age beside the date.
    pytest.param("tr", [], ["19/03/2024 08:45 (4 saat önce)"], [], D(2024, 3, 19), id="tr-date-and-relative-age"),
    pytest.param("en", [], [STANDFIRST, "18 April 2024, 09:12"], [], D(2024, 4, 18), id="en-stamp-under-a-standfirst"),
    pytest.param("ru", [], ["04/10/2023"], [], D(2023, 10, 4), id="ru-numeric-day-first"),
    pytest.param("hy", [], ["15:02, 11 մարտ 2024"], [], D(2024, 3, 11), id="hy-time-first"),
    pytest.param("az", [], ["09:30 21 Oktyabr 2024"], [], D(2024, 10, 21), id="az-time-first"),
    pytest.param("tr", [], ["14 Şubat 2024"], [], D(2024, 2, 14), id="tr-date-only"),
    pytest.param("tr", [], ["Oluşturulma Tarihi: Mart 12, 2024 10:15"], [], D(2024, 3, 12), id="tr-label-month-first"),
    pytest.param("ru", [], ["22 марта 2024, 08:15"], [], D(2024, 3, 22), id="ru-genitive-month"),
    pytest.param("ru", [], ["Опубликовано: 17.01.2025"], [], D(2025, 1, 17), id="ru-published-label"),
    pytest.param(
        "ru", ["Пятница, 5 декабря 2026", "Политика 12 апреля 2024 18:30"], [], [], D(2024, 4, 12),
        id="ru-section-stamp-above-title-under-the-clock",
    ),
    pytest.param(
        "tr", [], ["03.03.2024 11:10", "Güncelleme: 04.03.2024 09:00"], [], D(2024, 3, 3), id="tr-updated-after",
    ),
    pytest.param(
        "az", [], ["Yenilənib: 10 iyun 2024 12:00", "Dərc olunub: 09 iyun 2024 08:00"], [], D(2024, 6, 9),
        id="az-updated-first-published-second",
    ),
    pytest.param("hy", [], [], ["Հրապարակվել է՝ 14.02.2024"], D(2024, 2, 14), id="hy-marked-in-the-footer"),
    pytest.param("az", [], [], ["Published: 03.09.2024 14:00"], D(2024, 9, 3), id="az-page-english-label"),
    # Only a revision's date: the article's own is no later, and nothing closer is given.
    pytest.param("en", [], ["Updated: May 2, 2024"], [], D(2024, 5, 2), id="en-updated-only"),
    pytest.param("ru", [], ["Обновлено: 2 мая 2024"], [], D(2024, 5, 2), id="ru-updated-only"),
    # Bylines with the date between furniture: a lowercase "by", a trailing byline, sections, a comment count.
    pytest.param("en", [], ["by Desk Editor  March 4, 2024  in Politics, World, Top News"], [], D(2024, 3, 4),
                 id="en-blog-byline-with-sections"),
    pytest.param("en", [], ["Posted on March 4, 2024 by newsdesk"], [], D(2024, 3, 4), id="en-posted-on-by"),
    pytest.param("en", [], ["Written by Ruth Hale on 4 March 2024"], [], D(2024, 3, 4), id="en-written-by-on"),
    pytest.param("en", [], ["By Ruth Hale March 4, 2024 2 Comments"], [], D(2024, 3, 4), id="en-byline-comment-count"),
    pytest.param("en", [], ["Updated: Mar. 5, 2024 at 8:03 a.m. ET"], [], D(2024, 3, 5), id="en-updated-a-m-et"),
    # A photo, its credit, the author's name and share buttons between the headline and the stamp.
    pytest.param("en", [], ["The delegations before the talks.", "Photo: Jane Roe/EPA", "By Ruth Hale", "Share",
                            "March 4, 2024"], [], D(2024, 3, 4), id="en-stamp-under-a-photo-credit-byline-and-share"),
    # Only a footer notice gives the date.
    pytest.param("en", [], [], ["This story was first published on March 4, 2024."], D(2024, 3, 4),
                 id="en-first-published-notice"),
    pytest.param("ru", [], [], ["Материал опубликован 4 марта 2024 года."], D(2024, 3, 4), id="ru-published-notice"),
    # Right above the headline, a date and time with its weekday is the article's stamp, not a clock.
    pytest.param("tr", ["Ana Sayfa > Dünya", "12 Mart 2024 Salı 15:20"], [], [], D(2024, 3, 12),
                 id="tr-weekday-stamp-right-above-title"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "above", "below", "after", "expected"), PUBLICATION_CASES)
def test_publication_stamps_in_every_language(glossary, lang, above, below, after, expected) -> None:  # type: ignore[no-untyped-def]
    assert extract(page(lang, above, below, after), glossary).published == expected


#: (language, lines above the headline, lines under it): a site's clock or "today" bar is never the date.
NOT_PUBLICATION_CASES = [
    pytest.param("ru", ["Понедельник, 30 ноября 2026"], [], id="ru-today-bar"),
    pytest.param("hy", ["Երկուշաբթի, 30 նոյեմբերի 2026"], [], id="hy-today-bar"),
    pytest.param("az", ["Şənbə, 28 noyabr 2026"], [], id="az-today-bar"),
    pytest.param("tr", ["30 Kasım 2026 Pazartesi | İstanbul 9°C"], [], id="tr-today-and-weather"),
    pytest.param("en", ["Yerevan, 01.12.2026 20:10 | +2°C"], [], id="en-clock-and-weather"),
    pytest.param("en", [], ["June 14 | 09:05"], id="en-no-year"),
    # A clock with a weekday and time among the menus, not right above the headline.
    pytest.param("ru", ["Суббота, 30 ноября 2026, 14:05", "Политика | Мир | Экономика"], [], id="ru-clock-among-menus"),
]


@pytest.mark.parametrize(("lang", "above", "below"), NOT_PUBLICATION_CASES)
def test_site_clocks_and_revisions_are_not_the_publication_date(glossary, lang, above, below) -> None:  # type: ignore[no-untyped-def]
    meta = extract(page(lang, above, below), glossary)
    assert (meta.published, meta.published_evidence) == (None, None)
    assert meta.dates == []  # a clock is not a date the article mentions either


@pytest.mark.parametrize(
    ("lang", "opening", "expected"),
    [
        pytest.param("ru", "ЕРЕВАН, 4 марта 2024. ", D(2024, 3, 4), id="ru-place-date-full-stop"),
        pytest.param("en", "YEREVAN, 4 March 2024. ", D(2024, 3, 4), id="en-place-date-full-stop"),
        pytest.param("en", "On March 4, 2024, ", None, id="en-a-sentence-opening-with-a-date"),
        pytest.param("en", "Ministers met on March 4, 2024. ", None, id="en-a-sentence-with-a-date"),
    ],
)
def test_a_dateline_opening_the_first_paragraph(glossary, lang, opening, expected) -> None:  # type: ignore[no-untyped-def]
    """A full date after a place or agency only, closed by a full stop or colon, opens a wire story."""
    lines = ["Home | News | Politics", "", TITLES[lang], "", opening + BODIES[lang]]
    assert extract(make_article(lines, language=lang), glossary).published == expected


@pytest.mark.parametrize(
    ("lang", "below", "after"),
    [
        pytest.param(
            "ru",
            [],
            ["Читайте также", "Жители столицы готовятся к снегопаду", "29 ноября 2026, 12:00"],
            id="ru-a-teaser-date-under-a-one-paragraph-article",
        ),
        pytest.param(
            "en", [], ["Most read", "Storm closes mountain roads", "November 29, 2026"], id="en-most-read-date"
        ),
        pytest.param("ru", ["Фото: Иван Петров, 11 мая 2024"], [], id="ru-dated-photo-credit"),
        pytest.param("ru", [], ["© 2024 Агентство. Обновлено 30.11.2026"], id="ru-copyright-updated"),
        pytest.param("en", [], ["Copyright © 2026, updated November 30, 2026"], id="en-copyright-updated"),
    ],
)
def test_dates_of_teasers_credits_and_copyright_are_not_the_publication_date(glossary, lang, below, after) -> None:  # type: ignore[no-untyped-def]
    assert extract(page(lang, [], below, after), glossary).published is None


def test_a_stamp_right_under_the_last_paragraph_is_the_date(glossary: Glossary) -> None:
    """Some sites print the stamp under the article; teasers' dates come after a heading, not there."""
    lines = ["Главная", TITLES["ru"], BODIES["ru"], BODIES["ru"], BODIES["ru"], "11 мая 2024 в 16:20", "Читайте также"]
    meta = extract(make_article(lines, language="ru"), glossary)
    assert (meta.published, meta.published_evidence) == (D(2024, 5, 11), "stamp under the body")


def test_an_ambiguous_numeric_stamp_is_said_to_be(glossary: Glossary) -> None:
    """07/11/2022 on an English page that writes no other date: 7 November or 11 July, so no date, and
    the evidence says why rather than guessing the American order."""
    meta = extract(page("en", [], ["Published: 07/11/2022"]), glossary)
    assert meta.published is None
    assert meta.published_evidence == "byline at line 4: ambiguous, 2022-07-11 or 2022-11-07"


def test_an_ambiguous_numeric_stamp_takes_the_order_the_text_fits(glossary: Glossary) -> None:
    """The text reports the talks of 03.10.2023 (dotted: day first) as done: 04/10/2023 can't be 10 April."""
    report = "The border commissions met on 03.10.2023 in Ijevan and agreed on the next section of the line."
    lines = ["Home | News", "", TITLES["en"], "Published: 04/10/2023", "", BODY, report]
    meta = extract(make_article(lines), glossary)
    assert meta.published == D(2023, 10, 4)
    assert meta.published_evidence == "byline at line 4, in the order the text's days fit"


#: (language, the lines above the headline, a body paragraph, expected date): a date alone, with no time,
#: right above the headline is the article's when the days the text reports fit it, and a site's
#: "today" bar when they don't.
BARE_ABOVE_CASES = [
    pytest.param("en", ["Politics", "12 March 2024"],
                 "The commissions met in Ijevan on 11 March and agreed to keep working on the border line.",
                 D(2024, 3, 12), id="en-bare-date-fits"),
    pytest.param("en", ["Politics", "30 November 2026"],
                 "The commissions met in Ijevan on 11 March 2024 and agreed to keep working on the border line.",
                 None, id="en-today-bar-months-later"),
    pytest.param("en", ["Politics", "12 March 2022"],
                 "The commissions met in Ijevan on 11 March 2024 and agreed to keep working on the border line.",
                 None, id="en-before-the-talks-it-reports"),
    pytest.param("en", ["Politics", "12 March 2024"], BODY, None, id="en-text-gives-no-day"),
    pytest.param("tr", ["Dünya", "12 Mart 2024 Salı"],
                 "Komisyonlar 11 Mart'ta İcevan'da bir araya geldi ve sınır hattı üzerindeki çalışmaları sürdürme "
                 "kararı aldı.", D(2024, 3, 12), id="tr-weekday-date-fits"),
    pytest.param("az", ["Bakı, 30 noyabr 2026", "Siyasət", "12 mart 2024"],
                 "Komissiyalar martın 11-də İcevanda toplaşıb və sərhəd xətti üzərində işi davam etdirmək barədə "
                 "razılığa gəliblər.", D(2024, 3, 12), id="az-bare-date-under-a-place-and-today-bar"),
    pytest.param("ru", ["Политика", "30 ноября 2026"],
                 "Комиссии встретились в Иджеване 11 марта 2024 года и договорились продолжить работу над линией "
                 "границы.", None, id="ru-today-bar-without-weekday"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "above", "report", "expected"), BARE_ABOVE_CASES)
def test_a_date_alone_above_the_headline(glossary, lang, above, report, expected) -> None:  # type: ignore[no-untyped-def]
    lines = ["Home | News", *above, TITLES[lang], "", BODIES[lang], report]
    assert extract(make_article(lines, language=lang), glossary).published == expected


@pytest.mark.parametrize(
    ("lang", "closing", "stamp", "expected"),
    [
        pytest.param("en", "No date was set for the next round.", "March 12, 2024", D(2024, 3, 12), id="en-fits"),
        pytest.param("en", "No date was set for the next round.", "November 30, 2026", None, id="en-far-later"),
        pytest.param("hy", "Հաջորդ հանդիպման ամսաթիվը չի հայտարարվել։", "12.03.2024", D(2024, 3, 12), id="hy-fits"),
    ],
)
def test_a_date_alone_under_the_last_short_paragraph(glossary, lang, closing, stamp, expected) -> None:  # type: ignore[no-untyped-def]
    """Under the article (its short closing paragraph included), a date alone is the stamp when the text's
    days fit it: "3 hours ago" under the headline, the day under the body."""
    reports = {
        "en": "The commissions met in the border town of Ijevan on 11 March and agreed to keep working on the next "
        "section of the line, officials of both sides said.",
        "hy": "Մարտի 11-ին հանձնաժողովները հանդիպել են Իջևանում և պայմանավորվել շարունակել աշխատանքը սահմանագծի վրա։",
    }
    ago = {"en": "3 hours ago", "hy": "3 ժամ առաջ"}
    lines = ["Home", TITLES[lang], ago[lang], BODIES[lang], reports[lang], closing, stamp, "Share"]
    meta = extract(make_article(lines, language=lang), glossary)
    assert meta.published == expected
    if expected:
        assert meta.published_evidence == "stamp under the body"


#: (language, the stamp under the headline, a paragraph of the text, expected date)
YEARLESS_CASES = [
    pytest.param("ru", "12 мар, 09:40",
                 "Комиссии встретились в Иджеване 11 марта 2024 года и договорились продолжить работу над линией "
                 "границы, сообщили в ведомствах.", D(2024, 3, 12), id="ru-year-from-the-text"),
    pytest.param("tr", "12 Mart 09:40",
                 "Komisyonlar 11 Mart 2024'te İcevan'da bir araya geldi ve sınır hattı üzerindeki çalışmaları "
                 "sürdürme kararı aldı.", D(2024, 3, 12), id="tr-year-from-the-text"),
    # no year anywhere: none is guessed
    pytest.param("ru", "12 мар, 09:40",
                 "Комиссии встретились в Иджеване 11 марта и договорились продолжить работу над линией границы, "
                 "сообщили в ведомствах.", None, id="ru-no-year-anywhere"),
    # the text's year puts the stamp far from its days: not the article's
    pytest.param("ru", "30 ноя, 09:40",
                 "Комиссии встретились в Иджеване 11 марта 2024 года и договорились продолжить работу над линией "
                 "границы, сообщили в ведомствах.", None, id="ru-far-from-the-text"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "stamp", "report", "expected"), YEARLESS_CASES)
def test_a_stamp_without_a_year_takes_it_from_the_text(glossary, lang, stamp, report, expected) -> None:  # type: ignore[no-untyped-def]
    """Agencies print "12 мар, 09:40" for this year's news: the year comes from a full date in the text
    that the stamp's day fits, or there is no date."""
    lines = ["Home", "", TITLES[lang], stamp, "", BODIES[lang], report]
    meta = extract(make_article(lines, language=lang), glossary)
    assert meta.published == expected
    if expected:
        assert meta.published_evidence == "stamp without a year at line 4, its year from the text"


def test_a_stamp_under_a_teasers_lead_is_the_teasers(glossary: Glossary) -> None:
    """Under a lead that cleaning dropped as a teaser, the date is the teaser's."""
    lead = BODIES["ru"].replace("Делегации", "Синоптики")
    lines = [
        "Главная",
        TITLES["ru"],
        BODIES["ru"],
        BODIES["ru"],
        "Читайте также",
        "Снегопад в столице",
        lead,
        "29 ноября 2026, 12:00",
    ]
    article = make_article(lines, language="ru")
    for line in article.lines[4:7]:
        line.kept, line.reason = False, "teaser"
    assert extract(article, glossary).published is None


#: Headlines the headline shape misses: three words or fewer, or all capitals.
SHORT_HEADLINES = {
    "en": "Border talks end",
    "ru": "ПЕРЕГОВОРЫ ПО ГРАНИЦЕ ЗАВЕРШЕНЫ",
    "hy": "Բանակցություններն ավարտվեցին",
    "az": "Danışıqlar başa çatıb",
    "tr": "Sınırda yeni tur",
}
TR_STANDFIRST = (
    "İki ülkenin dışişleri bakanları sınır komisyonlarının hazırladığı yeni taslağı ele aldı ve çalışmaların "
    "önümüzdeki haftalarda sürdürülmesi konusunda uzlaştı."
)

#: (language, lines under a headline the shape misses, expected date): the stamp's usual place is under the
#: headline, whatever the headline's length or case: a date alone, a byline's date, a stamp after the standfirst.
UNDER_A_SHORT_HEADLINE_CASES = [
    pytest.param("en", ["By newsdesk staff with agencies March 4, 2024", "Share"], D(2024, 3, 4),
                 id="en-byline-date"),
    pytest.param("ru", ["4 марта 2024", "Автор: Ирина Котова"], D(2024, 3, 4), id="ru-date-alone-then-author"),
    pytest.param("hy", ["04.03.2024", "Կիսվել"], D(2024, 3, 4), id="hy-numeric-date-alone"),
    pytest.param("az", ["4 mart 2024", "Siyasət şöbəsi", "Paylaş"], D(2024, 3, 4), id="az-date-alone-then-desk"),
    pytest.param("tr", [TR_STANDFIRST, "Haber Merkezi", "04.03.2024 10:07"], D(2024, 3, 4),
                 id="tr-desk-and-stamp-after-the-standfirst"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "below", "expected"), UNDER_A_SHORT_HEADLINE_CASES)
def test_a_stamp_under_a_headline_the_shape_misses(glossary, lang, below, expected) -> None:  # type: ignore[no-untyped-def]
    lines = ["Home | News | Politics", "", SHORT_HEADLINES[lang], *below, "", BODIES[lang]]
    meta = extract(make_article(lines, language=lang), glossary)
    assert meta.published == expected
    assert (meta.published_evidence or "").endswith("under a headline at line 3")


def test_a_stamp_under_a_headline_that_cleaning_dropped(glossary: Glossary) -> None:
    """The headline was dropped and a desk's byline under the date looks like one: the date sits under the
    real headline, not above a title, and needs no day of the text to back it."""
    lines = ["Ana Sayfa | Dünya", "", TITLES["tr"], "4 Mart 2024", "Ajans Dış Haberler Servisi", "", BODIES["tr"]]
    article = make_article(lines, language="tr")
    article.lines[2].kept, article.lines[2].reason = False, "repeated"
    meta = extract(article, glossary)
    assert meta.published == D(2024, 3, 4)
    assert meta.published_evidence == "byline at line 4, under a headline at line 3"


@pytest.mark.parametrize("lang", ["en", "ru", "hy", "az", "tr"])
def test_a_headline_shown_twice_is_read_from_its_last_copy(glossary: Glossary, lang: str) -> None:
    """The site's title bar repeats the headline above the menus; the stamp is under the article's own copy."""
    clock = {"en": "Monday, 4 March 2024", "ru": "Понедельник, 4 марта 2024", "hy": "Երկուշաբթի, 4 մարտի 2024",
             "az": "Bazar ertəsi, 4 mart 2024", "tr": "4 Mart 2024 Pazartesi"}[lang]  # fmt: skip
    lines = [TITLES[lang], "Home | News | Politics", clock, "", TITLES[lang], "01.03.2024", "", BODIES[lang]]
    meta = extract(make_article(lines, language=lang), glossary)
    assert (meta.title, meta.published) == (TITLES[lang], D(2024, 3, 1))
    assert meta.published_evidence == "byline at line 6"


def test_a_site_clock_with_a_time_is_no_headline(glossary: Glossary) -> None:
    """A clock that cleaning kept ("year, day month, weekday, city time 09:41") reads like a headline."""
    lines = ["2026, 30 Noyabr, bazar ertəsi, Bakı vaxtı 09:41", "", TITLES["az"], "4 mart 2024", "", BODIES["az"]]
    meta = extract(make_article(lines, language="az"), glossary)
    assert (meta.title, meta.published) == (TITLES["az"], D(2024, 3, 4))


#: (language, the date under the headline, a paragraph of the text): a date alone under the headline that the
#: text itself says is not the day of publication.
CONTRADICTED_CASES = [
    pytest.param("en", "March 12, 2024",
                 "On March 12, 2024, the centre will host a panel discussion with experts on the border talks.",
                 id="en-event-page-announces-its-own-date"),
    pytest.param("en", "March 12, 2024",
                 "The commissions met in Ijevan on 14 March 2024 and agreed to keep working on the border line.",
                 id="en-reports-a-later-day-as-done"),
    pytest.param("tr", "12 Mart 2024",
                 "Bakanlar 12 Mart 2024'te İcevan'da bir araya gelecek ve sınır hattını görüşecek.",
                 id="tr-announces-that-day"),
    pytest.param("ru", "12 марта 2024",
                 "Комиссии встретились в Иджеване 14 марта 2024 года и договорились продолжить работу над линией "
                 "границы.", id="ru-reports-a-later-day-as-done"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "stamp", "report"), CONTRADICTED_CASES)
def test_a_date_alone_under_the_headline_that_the_text_contradicts(glossary, lang, stamp, report) -> None:  # type: ignore[no-untyped-def]
    lines = ["Home | News | Politics", "", TITLES[lang], stamp, "", BODIES[lang], report]
    assert extract(make_article(lines, language=lang), glossary).published is None


@pytest.mark.parametrize(
    "above",
    [
        pytest.param(["Independent News", "30 November 2026", "", SHORT_HEADLINES["en"]],
                     id="today-bar-under-a-slogan-over-a-short-headline"),
        pytest.param(["Foreign Policy", "30 November 2026", TITLES["en"]], id="today-bar-under-a-kicker"),
    ],
)  # fmt: skip
def test_a_today_bar_under_a_headline_like_line_is_not_the_stamp(glossary: Glossary, above: list[str]) -> None:
    """A slogan or a kicker over the site's "today" bar is no headline over a stamp: the bar shows the day the
    page was read, far from the days the text reports."""
    report = "The commissions met in Ijevan on 11 March 2024 and agreed to keep working on the border line."
    lines = ["Home | News | Politics", "", *above, "", BODY, report]
    assert extract(make_article(lines), glossary).published is None


def test_a_date_alone_under_the_headline_needs_no_day_of_the_text(glossary: Glossary) -> None:
    """Under the headline, a date alone is the stamp even when the text dates its news only by weekday."""
    report = "The commissions met in Ijevan on Sunday and agreed to keep working on the border line."
    lines = ["Home | News | Politics", "", TITLES["en"], "March 12, 2024", "", BODY, report]
    assert extract(make_article(lines), glossary).published == D(2024, 3, 12)


#: (language, a byline under the headline, expected date): a desk's or correspondent's byline before the date,
#: with its lowercase words ("the site's editorial office", "politics department", "correspondent").
DESK_BYLINE_CASES = [
    pytest.param("ru", "Редакция сайта, 4 марта 2024", D(2024, 3, 4), id="ru-editorial-office"),
    pytest.param("hy", "Լրատվական բաժին 04.03.2024, 14:20", D(2024, 3, 4), id="hy-news-department"),
    pytest.param("az", "Xəbər xidməti 4 mart 2024", D(2024, 3, 4), id="az-news-service"),
    pytest.param("az", "Trend-in Gəncə bürosu 4 mart 2024", D(2024, 3, 4), id="az-bureau"),
    pytest.param("tr", "Ankara muhabiri Ayşe Yılmaz 4 Mart 2024", D(2024, 3, 4), id="tr-correspondent"),
]


@pytest.mark.parametrize(("lang", "byline", "expected"), DESK_BYLINE_CASES)
def test_a_desk_byline_with_the_date(glossary, lang, byline, expected) -> None:  # type: ignore[no-untyped-def]
    meta = extract(page(lang, [], [byline]), glossary)
    assert (meta.published, meta.published_evidence) == (expected, "byline at line 4")


def test_a_sentence_about_something_published_is_not_the_stamp(glossary: Glossary) -> None:
    """A label well into a sentence ("The joint statement of the two ministers was published on ...") is news."""
    line = "The joint statement of the two ministers was published on March 4, 2024."
    assert extract(page("en", [], [], [line]), glossary).published is None


def test_a_byline_date_followed_by_prose_is_not_a_stamp(glossary: Glossary) -> None:
    """After a byline's date only a time and furniture may follow; words of a sentence make it no stamp."""
    meta = extract(page("en", [], ["By Ruth Hale March 4, 2024 the ministers met again"]), glossary)
    assert meta.published is None


#: (language, sentence, publication date, expected (date, end, certain) of each mention)
TEXT_DATE_CASES = [
    ("ru", "Министры встретились 7 ноября в Вашингтоне.", D(2022, 11, 9), [(D(2022, 11, 7), None, False)]),
    ("ru", "Переговоры прошли 1–4 мая в Арлингтоне.", D(2023, 5, 5), [(D(2023, 5, 1), D(2023, 5, 4), False)]),
    ("ru", "Заявление подписали 9 ноября 2020 года.", None, [(D(2020, 11, 9), None, True)]),
    ("hy", "Նախարարները հանդիպել են նոյեմբերի 7-ին Վաշինգտոնում։", D(2022, 11, 9), [(D(2022, 11, 7), None, False)]),
    ("hy", "Բանակցությունները տեղի են ունեցել մայիսի 1-4-ը։", D(2023, 5, 5), [(D(2023, 5, 1), D(2023, 5, 4), False)]),
    ("hy", "Հանդիպումը տեղի է ունեցել 2023 թ. հունիսի 27-ին։", None, [(D(2023, 6, 27), None, True)]),
    ("az", "Nazirlər avqustun 8-də Vaşinqtonda görüşüblər.", D(2025, 8, 10), [(D(2025, 8, 8), None, False)]),
    ("az", "Danışıqlar mayın 10-11-də keçirilib.", D(2024, 5, 12), [(D(2024, 5, 10), D(2024, 5, 11), False)]),
    ("tr", "Liderler 8 Ağustos'ta Beyaz Saray'da bir araya geldi.", D(2025, 8, 9), [(D(2025, 8, 8), None, False)]),
    ("tr", "Görüşmeler 27-29 Haziran tarihlerinde yapıldı.", D(2023, 6, 30), [(D(2023, 6, 27), D(2023, 6, 29), False)]),
    ("en", "Delegations met on 30 November - 2 December in Vienna.", D(2022, 12, 5),
     [(D(2022, 11, 30), D(2022, 12, 2), False)]),
    ("ru", "Встреча состоялась 30 декабря, а следующая пройдёт 14 января.", D(2024, 1, 2),
     [(D(2023, 12, 30), None, False), (D(2024, 1, 14), None, False)]),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "sentence", "published", "expected"), TEXT_DATE_CASES)
def test_dates_in_the_text_with_case_forms_and_ranges(glossary, lang, sentence, published, expected) -> None:  # type: ignore[no-untyped-def]
    meta = extract(make_article([sentence], published=published, language=lang), glossary)
    assert [(m.date, m.end, m.certain) for m in meta.dates] == expected


#: (language, sentence, expected date) on a page published on Tuesday 14 May 2024.
WEEKDAY_CASES = [
    ("ru", "Министры встретились в понедельник в Брюсселе.", D(2024, 5, 13)),
    ("hy", "Նախարարները հանդիպել են երկուշաբթի Բրյուսելում։", D(2024, 5, 13)),
    ("az", "Nazirlər bazar ertəsi Brüsseldə görüşüblər.", D(2024, 5, 13)),
    ("tr", "Bakanlar pazartesi günü Brüksel'de görüştü.", D(2024, 5, 13)),
    ("en", "The ministers met on Thursday in Brussels.", D(2024, 5, 9)),
    ("en", "Talks resumed last Tuesday in Brussels.", D(2024, 5, 7)),
    ("ru", "В прошлую пятницу министры провели переговоры.", D(2024, 5, 10)),
    ("en", "The ministers will meet in Brussels on Friday.", D(2024, 5, 17)),  # announced: the Friday to come
    ("ru", "Министры встретятся в четверг в Брюсселе.", D(2024, 5, 16)),
]


@pytest.mark.parametrize(("lang", "sentence", "expected"), WEEKDAY_CASES)
def test_weekdays_are_resolved_against_the_publication_date(glossary, lang, sentence, expected) -> None:  # type: ignore[no-untyped-def]
    meta = extract(make_article([sentence], published=D(2024, 5, 14), language=lang), glossary)
    assert [(m.date, m.certain) for m in meta.dates] == [(expected, False)]


#: (language, sentence, expected date) on a page published on Tuesday 14 May 2024.
RELATIVE_DAY_CASES = [
    ("en", "The ministers met in Almaty today.", D(2024, 5, 14)),
    ("en", "The ministers met in Almaty yesterday.", D(2024, 5, 13)),
    ("ru", "Министры встретились сегодня в Алматы.", D(2024, 5, 14)),
    ("ru", "Позавчера министры провели переговоры в Алматы.", D(2024, 5, 12)),
    ("hy", "Նախարարները երեկ հանդիպեցին Ալմաթիում։", D(2024, 5, 13)),
    ("az", "Nazirlər bu gün Almatıda görüşüb.", D(2024, 5, 14)),
    ("az", "Nazirlər dünən Almatıda görüşüblər.", D(2024, 5, 13)),
    ("tr", "Bakanlar dün Almatı'da görüştü.", D(2024, 5, 13)),
    ("tr", "Bakanlar yarın Almatı'da görüşecek.", D(2024, 5, 15)),
]


@pytest.mark.parametrize(("lang", "sentence", "expected"), RELATIVE_DAY_CASES)
def test_relative_days_count_from_the_publication_date(glossary, lang, sentence, expected) -> None:  # type: ignore[no-untyped-def]
    meta = extract(make_article(["", sentence], published=D(2024, 5, 14), language=lang), glossary)
    (mention,) = meta.dates
    assert (mention.date, mention.precision, mention.line) == (expected, "day", 2)
    assert sentence[slice(*mention.span)] == mention.text and mention.sentence == sentence


#: (language, sentence, published, expected month): a month placed by "last"/"next" against the page's date.
RELATIVE_MONTH_CASES = [
    ("en", "At the end of last May the delegations met in Washington.", D(2023, 6, 20), D(2023, 5, 1)),
    ("en", "The ministers last met in Arlington last May, officials recalled.", D(2024, 5, 14), D(2023, 5, 1)),
    ("hy", "Նախարարները վերջին անգամ հանդիպել էին անցյալ մարտին։", D(2024, 5, 14), D(2024, 3, 1)),
    ("az", "Nazirlər ötən mart ayında Brüsseldə görüşüb.", D(2024, 5, 14), D(2024, 3, 1)),
    ("tr", "Bakanlar geçen eylül ayında New York'ta görüştü.", D(2024, 5, 14), D(2023, 9, 1)),
    ("en", "The leaders will meet again next June, a diplomat said.", D(2024, 5, 14), D(2024, 6, 1)),
]


@pytest.mark.parametrize(("lang", "sentence", "published", "expected"), RELATIVE_MONTH_CASES)
def test_last_and_next_months_are_placed_by_the_publication_date(glossary, lang, sentence, published, expected) -> None:  # type: ignore[no-untyped-def]
    meta = extract(make_article(["", sentence], published=published, language=lang), glossary)
    (mention,) = meta.dates
    assert (mention.date, mention.precision, mention.certain) == (expected, "month", False)
    assert sentence[slice(*mention.span)] == mention.text


def test_a_last_month_without_a_publication_date_is_not_guessed(glossary: Glossary) -> None:
    meta = extract(make_article(["", "At the end of last May the delegations met again."], published=None), glossary)
    assert meta.dates == [] and meta.partial_dates == []


#: Relative days that must give no date: no publication date (never the site's clock or a date
#: written elsewhere on the page), or a date written beside them that already says the day.
UNRESOLVED_RELATIVE_CASES = [
    ("en", ["The ministers met in Almaty today."], None, []),
    ("ru", ["Сегодня, 14:05", "Министры встретились сегодня в Алматы."], None, []),
    ("en", ["On 2 May 2024 talks began.", "The ministers met again today."], None, [D(2024, 5, 2)]),
    ("az", ["Sabah qəzeti yazır ki, nazirlər səhər görüşüb."], D(2024, 5, 14), []),
    ("en", ["The ministers met today, 14 May 2024, in Almaty."], D(2024, 5, 14), [D(2024, 5, 14)]),
]


@pytest.mark.parametrize(("lang", "lines", "published", "expected"), UNRESOLVED_RELATIVE_CASES)
def test_relative_days_without_a_publication_date_are_not_resolved(glossary, lang, lines, published, expected) -> None:  # type: ignore[no-untyped-def]
    meta = extract(make_article(lines, published=published, language=lang), glossary)
    assert [m.date for m in meta.dates] == expected


#: (language, sentence): the page's day written right before a day counted back from it; published Monday 18 March
#: 2024, so "last Thursday" is the 14th. "Monday, 18 March" is one day; "on 18 March ... last Thursday" are two.
BACK_BESIDE_A_DATE_CASES = [
    ("az", "Sözçü martın 18-də ötən cümə axşamı Cenevrədə keçirilən görüşü şərh edib."),
    ("tr", "Sözcü 18 Mart'ta geçen perşembe Cenevre'de yapılan görüşmeyi değerlendirdi."),
]


@pytest.mark.parametrize(("lang", "sentence"), BACK_BESIDE_A_DATE_CASES)
def test_a_day_counted_back_beside_a_written_date_is_a_second_day(glossary, lang, sentence) -> None:  # type: ignore[no-untyped-def]
    meta = extract(make_article(["", sentence], published=D(2024, 3, 18), language=lang), glossary)
    assert sorted(m.date for m in meta.dates) == [D(2024, 3, 14), D(2024, 3, 18)]


#: (language, lines, expected resolved (date, certain), expected yearless (month, day, end_day))
YEARLESS_CASES = [
    ("ru", ["Министры встретились 7 ноября в Вашингтоне."], [], [(11, 7, None)]),
    ("hy", ["Բանակցությունները տեղի են ունեցել մայիսի 1-4-ը։"], [], [(5, 1, 4)]),
    ("tr", ["Bakanlar 3 Mart 2021'de Tiflis'te görüştü.", "İkinci görüşme 10 Mart'ta Bakü'de yapıldı."],
     [(D(2021, 3, 3), True), (D(2021, 3, 10), False)], []),
    ("az", ["Birinci görüş 2021-ci il martın 3-də keçirilib.", "İkinci görüş martın 10-da Bakıda olub."],
     [(D(2021, 3, 3), True), (D(2021, 3, 10), False)], []),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "lines", "resolved", "yearless"), YEARLESS_CASES)
def test_a_date_without_a_year_is_placed_by_evidence_or_kept_without_one(
    glossary, lang, lines, resolved, yearless
) -> None:  # type: ignore[no-untyped-def]
    meta = extract(make_article(lines, language=lang), glossary)
    assert [(m.date, m.certain) for m in meta.dates] == resolved
    assert [(p.month, p.day, p.end_day) for p in meta.partial_dates] == yearless


def test_a_mention_keeps_its_line_position_and_sentence(glossary: Glossary) -> None:
    line = "Песков выступил в понедельник. Переговоры министров прошли 27-29 июня в Арлингтоне."
    article = make_article(["", line], published=D(2023, 7, 4), language="ru")
    article.sentences = [Sentence(text, 2, i, "ru") for i, text in enumerate(line.split(". ", 1))]
    article.sentences[0].text += "."
    meta = extract(article, glossary)
    weekday, meeting = meta.dates
    assert (weekday.line, weekday.span, weekday.sentence) == (2, (16, 29), "Песков выступил в понедельник.")
    assert line[slice(*meeting.span)] == "27-29 июня" and meeting.sentence.startswith("Переговоры министров")
    assert (meeting.date, meeting.end) == (D(2023, 6, 27), D(2023, 6, 29))


#: (language, sentence, expected English names, most mentioned first)
INFLECTED_NAME_CASES = [
    ("ru", "Пашинян провёл переговоры с Алиевым, а Мирзоян встретился с Байрамовым и Пашиняном.",
     ["Nikol Pashinyan", "Ilham Aliyev", "Ararat Mirzoyan", "Jeyhun Bayramov"]),
    ("hy", "Փաշինյանը հանդիպել է Ալիևի հետ, իսկ Միրզոյանը՝ Բայրամովի հետ։",
     ["Nikol Pashinyan", "Ilham Aliyev", "Ararat Mirzoyan", "Jeyhun Bayramov"]),
    ("az", "Paşinyanın Əliyevlə görüşündə Mirzoyan və Bayramovun müavinləri də iştirak edib.",
     ["Nikol Pashinyan", "Ilham Aliyev", "Ararat Mirzoyan", "Jeyhun Bayramov"]),
    ("az", "Trampın elçisi Bakıda Bayramovla görüşüb.", ["Donald Trump", "Jeyhun Bayramov"]),
    ("tr", "Erdoğan, Trump'ın ve Aliyev'in açıklamalarını Paşinyan'a da iletti.",
     ["Recep Tayyip Erdoğan", "Donald Trump", "Ilham Aliyev", "Nikol Pashinyan"]),
    ("en", "Trump's envoy met Aliyev and Pashinyan's adviser.", ["Donald Trump", "Ilham Aliyev", "Nikol Pashinyan"]),
    ("ru", "Захаровой ответил Хикмет Гаджиев, а Лавров поговорил с Фиданом.",
     ["Maria Zakharova", "Hikmet Hajiyev", "Sergey Lavrov", "Hakan Fidan"]),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "sentence", "expected"), INFLECTED_NAME_CASES)
def test_people_are_found_in_every_script_and_inflection(glossary, lang, sentence, expected) -> None:  # type: ignore[no-untyped-def]
    meta = extract(make_article([sentence], language=lang), glossary)
    assert [p.name for p in meta.people] == expected


def test_an_unknown_person_named_in_two_scripts_is_one_person(glossary: Glossary) -> None:
    """Kyrgyzstan's foreign minister is not in the glossary: his Russian and English mentions share a key."""
    ru = extract(
        make_article(["Министр иностранных дел Киргизии Жээнбек Кулубаев прибыл в Баку."], language="ru"), glossary
    )
    en = extract(make_article(["Foreign Minister Jeenbek Kulubaev arrived in Baku."], language="en"), glossary)
    (ru_person,), (en_person,) = ru.people, en.people
    assert ru_person.key == en_person.key != ""
    assert (ru_person.name, ru_person.role) == ("Zheenbek Kulubaev", "Foreign Minister")
    again = ["Foreign Minister Jeenbek Kulubaev arrived in Baku.", "«Мы готовы помочь», – сказал Кулубаев."]
    assert [(p.name, p.mentions) for p in extract(make_article(again), glossary).people] == [("Jeenbek Kulubaev", 2)]


def test_a_surname_two_glossary_people_share_counts_only_for_the_one_named_in_full(glossary: Glossary) -> None:
    named = ["Security Council Secretary Armen Grigoryan flew to Brussels.", "Grigoryan met the envoys there."]
    assert [(p.name, p.mentions) for p in extract(make_article(named), glossary).people] == [("Armen Grigoryan", 2)]
    assert extract(make_article(["Grigoryan met the envoys in Brussels."]), glossary).people == []


#: (language, sentence, expected (name, role, country) of each person)
ROLE_CASES = [
    ("ru", "Министр иностранных дел Армении Арарат Мирзоян прибыл в Брюссель.",
     [("Ararat Mirzoyan", "Foreign Minister", "Armenia")]),
    ("hy", "ՀՀ ԱԳ նախարար Արարատ Միրզոյանը մեկնել է Բրյուսել։", [("Ararat Mirzoyan", "Foreign Minister", "Armenia")]),
    ("az", "Azərbaycanın xarici işlər naziri Ceyhun Bayramov Brüsselə yola düşüb.",
     [("Jeyhun Bayramov", "Foreign Minister", "Azerbaijan")]),
    ("tr", "Türkiye Dışişleri Bakanı Hakan Fidan, Bakü'de temaslarda bulundu.",
     [("Hakan Fidan", "Foreign Minister", "Turkey")]),
    ("en", "Kazakh Foreign Minister Murat Nurtleu hosted the talks.",
     [("Murat Nurtleu", "Foreign Minister", "Kazakhstan")]),
    ("ru", "Главы МИД Армении и Азербайджана Арарат Мирзоян и Джейхун Байрамов провели переговоры.",
     [("Ararat Mirzoyan", "Foreign Minister", "Armenia"), ("Jeyhun Bayramov", "Foreign Minister", "Azerbaijan")]),
    ("hy", "Հայաստանի և Ադրբեջանի ԱԳ նախարարներ Արարատ Միրզոյանը և Ջեյհուն Բայրամովը հանդիպեցին։",
     [("Ararat Mirzoyan", "Foreign Minister", "Armenia"), ("Jeyhun Bayramov", "Foreign Minister", "Azerbaijan")]),
    ("ru", "Об этом заявил пресс-секретарь президента России Дмитрий Песков.",
     [("Dmitry Peskov", "Spokesperson", "Russia")]),
    ("az", "Moskvada Rusiya Prezidenti Vladimir Putin Azərbaycan Prezidenti İlham Əliyevi qəbul edib.",
     [("Vladimir Putin", "President", "Russia"), ("Ilham Aliyev", "President", "Azerbaijan")]),
    ("en", "Blinken, who hosted the foreign ministers of Armenia and Azerbaijan, spoke first.",
     [("Antony Blinken", None, None)]),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "sentence", "expected"), ROLE_CASES)
def test_roles_and_countries_in_every_language(glossary, lang, sentence, expected) -> None:  # type: ignore[no-untyped-def]
    meta = extract(make_article([sentence], language=lang), glossary)
    assert [(p.name, p.role, p.country) for p in meta.people] == expected


#: (language, sentence, expected places)
INFLECTED_PLACE_CASES = [
    ("ru", "Переговоры в Москве сменились встречей в Брюсселе, а затем в Москве.", ["Moscow", "Brussels"]),
    ("hy", "Մոսկվայում կայացած բանակցություններից հետո նախարարները մեկնեցին Բաքու։", ["Moscow", "Baku"]),
    ("az", "Moskvada başlanan danışıqlar Vaşinqtonda davam etdirilib.", ["Moscow", "Washington"]),
    ("tr", "Moskova'daki görüşmenin ardından bakanlar Washington'a gitti.", ["Moscow", "Washington"]),
    ("ru", "Официальный представитель Госдепартамента заявил, что встреча пройдёт в Белом доме.", ["White House"]),
]


@pytest.mark.parametrize(("lang", "sentence", "expected"), INFLECTED_PLACE_CASES)
def test_places_in_every_language(glossary, lang, sentence, expected) -> None:  # type: ignore[no-untyped-def]
    assert extract(make_article([sentence], language=lang), glossary).places == expected
