"""Stage 2, clean: furniture dropped with a reason, article text kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.clean import clean, normalise_line, site_boilerplate, site_key
from briefing.document import Page
from briefing.ingest import read_page

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

TITLE = "Mirzoyan and Bayramov resume talks on a peace treaty in Geneva"
BODY = [
    "The foreign ministers of Armenia and Azerbaijan met in Geneva on Tuesday for a new round of talks on a peace treaty.",
    "Officials from both delegations said the meeting focused on border delimitation and the opening of transport links.",
    "Swiss diplomats hosted the session, which lasted more than five hours according to a statement from the ministry.",
    "Neither side gave details of the draft, but both said they would meet again before the end of the month.",
]


def make_page(lines: list[str], source: str | None = None, url: str | None = None, title: str | None = None) -> Page:
    text = "\n".join(lines)
    return Page(
        id="p",
        path=Path("p.txt"),
        text=text,
        sha256="0",
        format="txt",
        encoding="utf-8",
        source=source,
        url=url,
        title=title,
    )


def judged(lines: list[str], **kwargs) -> dict[str, tuple[bool, str | None]]:
    """Each line's text -> (kept, reason), for pages whose lines are distinct."""
    result = clean(make_page(lines), **kwargs)
    return {line.text: (line.kept, line.reason) for line in result}


def in_body(line: str) -> list[str]:
    """`line` placed between body paragraphs, so position rules do not decide for it."""
    return [TITLE, "", BODY[0], "", line, "", *BODY[1:]]


# ---------------------------------------------------------------- keyword families

DROPPED_IN_BODY = [
    ("Home | News | Politics | Economy", "navigation"),
    ("EN | RU | AZ", "navigation"),
    ("Skip to main content", "navigation"),
    ("Toggle navigation", "navigation"),
    ("dark_mode", "navigation"),
    ("Advertisement", "navigation"),
    ("Loading...", "navigation"),
    ("Главная", "navigation"),
    ("Facebook Twitter WhatsApp Telegram", "social"),
    ("VK · OK · Telegram", "social"),
    ("Google Play", "social"),
    ("Share", "share"),
    ("Share this article", "share"),
    ("Share on Facebook", "share"),
    ("Print this page", "share"),
    ("Copy link", "share"),
    ("Link copied!", "share"),
    ("Поделиться", "share"),
    ("Enjoyed this article? Share it with your friends!", "share"),
    ("**Share this:** Twitter Facebook", "share"),
    ("Follow us on Telegram", "subscribe"),
    ("Subscribe to our newsletter", "subscribe"),
    ("Sign up for our daily newsletter", "subscribe"),
    ("Подписывайтесь на наш канал в Telegram", "subscribe"),
    ("© 2024 Example Media Group", "copyright"),
    ("Copyright 2023 Caucasus Wire. All rights reserved.", "copyright"),
    ("All materials on this website are protected. All rights reserved.", "copyright"),
    ("Reproduction of materials is permitted only with a hyperlink to the source.", "copyright"),
    ("При использовании материалов ссылка на источник обязательна", "copyright"),
    ("Views: 1,245", "counter"),
    ("2.3K views", "counter"),
    ("Просмотров: 523", "counter"),
    ("👁 1078", "counter"),
    ("A+ A-", "font-size"),
    ("A A A", "font-size"),
    ("Leave a comment", "comment-form"),
    ("Your email address will not be published.", "comment-form"),
    ("Required fields are marked *", "comment-form"),
    ("Post Comment", "comment-form"),
    ("Comments are closed.", "comment-form"),
    ("Save my name, email, and website in this browser for the next time I comment.", "comment-form"),
    ("We use cookies to improve your experience. By continuing you agree to our cookie policy.", "cookie"),
    ("Type to search", "search"),
    ("What are you looking for?", "search"),
    ("Photo: Reuters", "photo-credit"),
    ("Photo credit: AFP/Getty Images", "photo-credit"),
    ("Tags: Armenia, Azerbaijan, peace talks", "tags"),
    ("#Armenia #Azerbaijan #peace", "tags"),
    ("https://t.me/example_news", "links"),
    ("Read also: Pashinyan and Aliyev to meet in Brussels next week", "related-link"),
    ("* * *", "decoration"),
]


@pytest.mark.parametrize(("line", "reason"), DROPPED_IN_BODY)
def test_furniture_is_dropped_with_its_family(line: str, reason: str) -> None:
    assert judged(in_body(line))[line] == (False, reason)


KEPT_IN_BODY = [
    "“We share this goal, and we are ready to sign,” Mirzoyan said.",
    "Many Armenians share this view.",
    "The latest round of talks ended without a signed agreement.",
    "Parliament amended the copyright law on Tuesday, a change unrelated to the talks.",
    "Both sides agreed to follow up with a meeting of experts.",
    "Print media in Baku reported the meeting on their front pages.",
    "Search for the missing continued along the border.",
    "Views differ on how the border should be drawn.",
    "Comments from the ministry were not immediately available.",
    "Photo opportunities were limited, officials said.",
    "The use of such materials is prohibited under the ceasefire.",
    "Background",
    "What comes next",
    "Talks in Brussels",
    "  • to open the railway through Nakhchivan within a year",
]


@pytest.mark.parametrize("line", KEPT_IN_BODY)
def test_article_lines_that_look_risky_are_kept(line: str) -> None:
    assert judged(in_body(line))[line] == (True, None)


# ---------------------------------------------------------------- position: header, title, dateline, footer


def test_site_date_before_title_dropped_but_article_timestamp_kept() -> None:
    lines = [
        "Tuesday, 14 March 2023",
        "Politics",
        "",
        TITLE,
        "14.03.2023, 12:45",
        "",
        *BODY,
    ]
    result = judged(lines)
    assert result["Tuesday, 14 March 2023"] == (False, "dateline-header")
    assert result["Politics"][0] is False
    assert result[TITLE] == (True, None)
    assert result["14.03.2023, 12:45"] == (True, None)


@pytest.mark.parametrize("stamp", ["Updated: March 14, 2023 10:30 GMT", "14 марта 2023, 12:45", "2023-03-14"])
def test_dateline_under_the_title_is_kept(stamp: str) -> None:
    assert judged(["MENU", "Wednesday, March 15, 2023", TITLE, stamp, *BODY])[stamp] == (True, None)


def test_header_menu_tokens_dropped_title_kept() -> None:
    lines = ["NEWS", "ANALYSIS", "Sports", "caucasuswire", "", TITLE, "", *BODY]
    result = judged(lines)
    assert all(not result[t][0] for t in ("NEWS", "ANALYSIS", "Sports", "caucasuswire"))
    assert result[TITLE] == (True, None)


def test_footer_keeps_a_closing_sentence_and_drops_furniture() -> None:
    lines = [
        TITLE,
        *BODY,
        "Talks will resume next week.",
        "Reporting by Jane Doe; editing by John Roe",
        "Caucasus Wire",
        "DIPLOMACY",
    ]
    result = judged(lines)
    assert result["Talks will resume next week."] == (True, None)
    assert result["Reporting by Jane Doe; editing by John Roe"] == (False, "footer")
    assert result["Caucasus Wire"] == (False, "footer")
    assert result["DIPLOMACY"] == (False, "footer")


def test_list_after_a_subheading_at_the_end_is_kept() -> None:
    items = ["- Ministers agreed to meet again in May", "- A border commission will convene in Baku"]
    result = judged([TITLE, *BODY, "Key points", *items])
    assert result["Key points"] == (True, None)
    assert all(result[item] == (True, None) for item in items)


# ---------------------------------------------------------------- related blocks and teasers


def test_related_block_after_body_drops_unrelated_teasers() -> None:
    teasers = [
        "Floods hit northern Italy as storms sweep across Europe",
        "Heavy rain caused rivers to burst their banks in Lombardy, forcing hundreds of people from their homes.",
        "Pashinyan meets Macron in Paris",
        "The Armenian prime minister discussed the peace process with the French president on Monday.",
    ]
    result = judged([TITLE, *BODY, "", "More from Caucasus Wire", "", *teasers])
    assert result["More from Caucasus Wire"] == (False, "related-block")
    assert all(result[t] == (False, "teaser") for t in teasers)
    assert all(result[b] == (True, None) for b in BODY)


def test_inline_related_heading_ends_when_body_resumes() -> None:
    lines = [TITLE, BODY[0], "Read also", "Aliyev says the treaty could be signed this year", *BODY[1:]]
    result = judged(lines)
    assert result["Read also"] == (False, "related-block")
    assert result["Aliyev says the treaty could be signed this year"] == (False, "teaser")
    assert all(result[b] == (True, None) for b in BODY)


def test_related_heading_before_the_body_does_not_swallow_it() -> None:
    result = judged([TITLE, "Must Read", *BODY])
    assert result["Must Read"] == (False, "related-block")
    assert all(result[b] == (True, None) for b in BODY)


# ---------------------------------------------------------------- duplicates and repetition


def test_duplicated_caption_dropped_once() -> None:
    caption = "Ararat Mirzoyan and Jeyhun Bayramov in Geneva on March 14, 2023"
    result = clean(make_page([TITLE, caption, caption, *BODY]))
    assert [(line.kept, line.reason) for line in result[1:3]] == [(True, None), (False, "caption-duplicate")]


def test_repeated_lead_later_in_page_dropped() -> None:
    result = clean(make_page([TITLE, *BODY, BODY[0]]))
    assert result[-1].reason == "caption-duplicate"
    assert result[1].kept


NORMALISED = [
    ("Views: 1078", "views 0"),
    ("  Follow   US on\tYouTube! ", "follow us on youtube"),
    ("© 2025 Caliber.az", "0 caliber az"),
    ("ＡＢＣ news", "abc news"),
    ("—", ""),
]


@pytest.mark.parametrize(("text", "key"), NORMALISED)
def test_normalise_line(text: str, key: str) -> None:
    assert normalise_line(text) == key


def _site_pages(site: str | None, extra: list[str], n: int) -> list[Page]:
    return [make_page([f"Story {i} about talks in {site}", *extra, BODY[i % len(BODY)]], source=site) for i in range(n)]


def test_site_boilerplate_finds_short_repeated_lines_per_site() -> None:
    slogan = "Caucasus Wire — independent news since 2009"
    shared_paragraph = BODY[3]
    pages = _site_pages("Caucasus Wire", [slogan, shared_paragraph], 3) + _site_pages("Other Site", [slogan], 2)
    sets = site_boilerplate(pages, min_pages=3)
    assert normalise_line(slogan) in sets["caucasus wire"]
    assert normalise_line(shared_paragraph) not in sets["caucasus wire"]
    assert normalise_line(slogan) not in sets["other site"]


def test_repeated_line_dropped_by_clean() -> None:
    slogan = "Caucasus Wire — independent news since 2009"
    pages = _site_pages("Caucasus Wire", [slogan], 4)
    boilerplate = site_boilerplate(pages)[site_key(pages[0])]
    result = {line.text: line for line in clean(make_page(in_body(slogan)), site_boilerplate=boilerplate)}
    assert (result[slogan].kept, result[slogan].reason) == (False, "repeated-across-pages")


SITE_KEYS = [
    ({"source": "Caliber.az"}, "caliber.az"),
    ({"source": "www.Azatutyun.am"}, "azatutyun.am"),
    ({"url": "https://www.news.am/eng/news/1.html"}, "news.am"),
    ({}, None),
]


@pytest.mark.parametrize(("fields", "key"), SITE_KEYS)
def test_site_key(fields: dict, key: str | None) -> None:
    assert site_key(make_page(["x"], **fields)) == key


# ---------------------------------------------------------------- the sample corpus

#: Per sample page: the non-blank lines that must be dropped (all others kept).
SAMPLE_DROPS = {
    "000_342004a9dcd302bc.txt": {1, 5, 36, 38, 40, 42},
    "001_f778857b596fc65f.txt": set(),
    "002_7e0c4e8eea2a7d2b.txt": {1, 7, 45, 46, 47, 48},
    "003_57fbbb8239863a65.txt": {*range(1, 13), 19, 20, 21, 22, 23, *range(45, 59)} - {47},
    "004_408a409204c2d65a.txt": {30, 32, 34},
}


@pytest.mark.parametrize("name", sorted(SAMPLE_DROPS))
def test_sample_page_keeps_body_and_drops_furniture(name: str) -> None:
    lines = clean(read_page(CORPUS / name))
    dropped = {line.number for line in lines if not line.kept and line.text.strip()}
    assert dropped == SAMPLE_DROPS[name]
    assert all(line.reason for line in lines if not line.kept)
    assert all(line.reason == "blank" for line in lines if not line.text.strip())


SAMPLE_REASONS = [
    ("000_342004a9dcd302bc.txt", 1, "dateline-header"),
    ("000_342004a9dcd302bc.txt", 36, "related-block"),
    ("000_342004a9dcd302bc.txt", 38, "teaser"),
    ("000_342004a9dcd302bc.txt", 40, "teaser"),
    ("002_7e0c4e8eea2a7d2b.txt", 7, "caption-duplicate"),
    ("003_57fbbb8239863a65.txt", 46, "counter"),
    ("003_57fbbb8239863a65.txt", 50, "share"),
    ("004_408a409204c2d65a.txt", 32, "comment-form"),
]


@pytest.mark.parametrize(("name", "number", "reason"), SAMPLE_REASONS)
def test_sample_page_reasons(name: str, number: int, reason: str) -> None:
    assert clean(read_page(CORPUS / name))[number - 1].reason == reason


def test_sample_article_timestamp_under_title_kept() -> None:
    line = clean(read_page(CORPUS / "003_57fbbb8239863a65.txt"))[26]
    assert (line.text, line.kept) == ("31 May 2023 09:17", True)


# ---------------------------------------------------------------- robustness


def test_every_line_numbered_once_in_order() -> None:
    page = make_page(["", "a", "", "b c d", ""])
    assert [line.number for line in clean(page)] == [1, 2, 3, 4, 5]
    assert [line.text for line in clean(page)] == page.text.split("\n")


def test_huge_line_is_cleaned_without_blowup() -> None:
    huge = "!" * 100_000 + " word " + "peace talks continue " * 5_000
    result = clean(make_page([TITLE, huge, *BODY]))
    assert len(result) == 2 + len(BODY)
    assert result[1].kept


# ---------------------------------------------------------------- other outlets and languages

OUTLET_PAGES = [
    (  # Azerbaijani agency style: site date, language switcher, title without function words
        [
            "Bazar ertəsi, 12 iyun 2023",
            "AZ | RU | EN",
            "Xəbərlər",
            "Ceyhun Bayramov Vaşinqtonda Ararat Mirzoyanla görüşüb",
            "12 iyun 2023 15:40",
            "Azərbaycanın xarici işlər naziri Ceyhun Bayramov Vaşinqtonda Ermənistanın xarici işlər naziri ilə görüşüb.",
            "Görüşdə sülh müqaviləsinin mətni üzrə danışıqlar davam etdirilib və tərəflər növbəti görüşü müzakirə ediblər.",
            "Paylaş",
            "Digər xəbərlər",
            "Bakıda güclü külək əsəcək",
            "Materiallardan istifadə edərkən hiperlinklə istinad mütləqdir.",
        ],
        [3, 4, 5, 6],
    ),
    (  # Russian wire style: outlet name and rubric above the title, tags and reuse notice below
        [
            "ТАСС",
            "Политика",
            "Мирзоян и Байрамов обсудили в Москве мирный договор",
            "25 мая 2023, 14:10",
            "Министры иностранных дел Армении и Азербайджана провели переговоры в Москве при посредничестве России.",
            "Стороны обсудили подготовку мирного договора и вопросы делимитации границы, сообщили в МИД.",
            '"Мы достигли прогресса по ряду вопросов", - заявил Лавров журналистам.',
            "Читайте также",
            "Путин проведет встречу с Алиевым и Пашиняном",
            "Теги",
            "Армения",
            "При использовании материалов ссылка на ТАСС обязательна",
        ],
        [2, 3, 4, 5, 6],
    ),
]


@pytest.mark.parametrize(("lines", "kept"), OUTLET_PAGES)
def test_other_outlet_styles(lines: list[str], kept: list[int]) -> None:
    result = clean(make_page(lines))
    assert [i for i, line in enumerate(result) if line.kept] == kept


# --- properties -----------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_LINE = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=200)


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINE, max_size=40))
def test_clean_never_crashes_and_accounts_for_every_line(lines):
    page = make_page(lines)
    judged_lines = clean(page)
    expected = page.text.split("\n")
    assert [line.text for line in judged_lines] == expected
    assert [line.number for line in judged_lines] == list(range(1, len(expected) + 1))
    assert all(line.kept or line.reason for line in judged_lines)
    assert clean(page) == judged_lines  # deterministic


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(_LINE, max_size=12), min_size=1, max_size=6))
def test_site_boilerplate_only_holds_lines_of_its_pages(pages_lines):
    pages = [make_page(lines, source="site") for lines in pages_lines]
    repeated = site_boilerplate(pages, min_pages=2)
    keys = {normalise_line(l) for lines in pages_lines for l in lines}
    assert set(repeated) <= {"site"}
    assert all(key in keys for key in repeated.get("site", ()))
