"""Event briefings written from native sources first (issue 10, items 2-4).

Pages in Armenian, Azerbaijani, English and Russian about one meeting are run
through the pipeline's per-page stages (`Pipeline.analyse`); the event is built
by hand, so these tests do not depend on how `briefing.events` groups pages.
"""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.config import load_config
from briefing.document import Article, Batch, Event, Person
from briefing.glossary import Glossary
from briefing.localise import Localiser
from briefing.pipeline import Pipeline
from briefing.render import briefing_sentences, event_title, fact_box, render_event
from briefing.summarise import ExtractiveSummariser

MEETING = dt.date(2022, 11, 7)

#: name -> (headline, body): four reports of the Washington meeting of 7 November 2022 and a preview.
PAGES = {
    "hy-report.txt": (
        "Միրզոյանը և Բայրամովը հանդիպել են Վաշինգտոնում",
        [
            "Նոյեմբերի 7-ին Վաշինգտոնում կայացել է Հայաստանի արտգործնախարար Արարատ Միրզոյանի և "
            "Ադրբեջանի արտգործնախարար Ջեյհուն Բայրամովի հանդիպումը։",
            "Հանդիպմանը մասնակցել է ԱՄՆ պետքարտուղար Էնթոնի Բլինքենը, որը հյուրընկալել է բանակցությունները։",
            "Կողմերը քննարկել են խաղաղության պայմանագրի նախագիծը և սահմանազատման հարցերը։",
        ],
    ),
    "az-report.txt": (
        "Bayramov və Mirzoyan Vaşinqtonda görüşüb",
        [
            "Noyabrın 7-də Vaşinqtonda Azərbaycan xarici işlər naziri Ceyhun Bayramov ilə Ermənistan "
            "xarici işlər naziri Ararat Mirzoyan arasında görüş keçirilib.",
            "Görüşdə ABŞ dövlət katibi Entoni Blinken də iştirak edib və danışıqlara ev sahibliyi edib.",
            "Tərəflər sülh müqaviləsinin layihəsini və sərhədlərin delimitasiyası məsələlərini müzakirə ediblər.",
        ],
    ),
    "en-report.txt": (
        "Armenian and Azerbaijani foreign ministers meet in Washington",
        [
            "Armenian Foreign Minister Ararat Mirzoyan and Azerbaijani Foreign Minister Jeyhun Bayramov "
            "met in Washington on November 7, 2022.",
            "Secretary of State Antony Blinken hosted the talks at Blair House and called them a historic step.",
            "The ministers discussed a draft of the peace treaty and the delimitation of the border.",
        ],
    ),
    "ru-report.txt": (
        "Мирзоян и Байрамов встретились в Вашингтоне",
        [
            "Министры иностранных дел Армении и Азербайджана Арарат Мирзоян и Джейхун Байрамов "
            "встретились в Вашингтоне 7 ноября 2022 года.",
            "Госсекретарь США Энтони Блинкен провел переговоры в Блэр-хаусе, назвав их историческим шагом.",
            "Стороны обсудили проект мирного договора и вопросы делимитации границы.",
        ],
    ),
    "en-preview.txt": (
        "Blinken to host Armenian and Azerbaijani ministers next week",
        [
            "Secretary of State Antony Blinken will host the foreign ministers of Armenia and Azerbaijan next week.",
            "Officials expect the ministers to discuss the text of a peace treaty in Washington.",
            "The State Department did not say how long the talks would last.",
        ],
    ),
}
LANGUAGE = {"hy-report": "hy", "az-report": "az", "en-report": "en", "ru-report": "ru", "en-preview": "en"}


@pytest.fixture(scope="module")
def analysed(tmp_path_factory) -> dict[str, Article]:
    corpus = tmp_path_factory.mktemp("briefings")
    for name, (headline, body) in PAGES.items():
        (corpus / name).write_text("\n\n".join([headline, *body]) + "\n", encoding="utf-8")
    cfg = load_config(None, **{"translation.backend": "none", "summary.backend": "extractive", "cache.enabled": False})
    articles, failures = Pipeline(cfg).analyse(sorted(corpus.iterdir()))
    assert not failures
    return {a.id: a for a in articles}


def event_of(analysed: dict[str, Article], *ids: str, **fields) -> Event:
    articles = [analysed[i] for i in ids]
    kinds = {i: "preview" if "preview" in i else "report" for i in ids}
    event = Event(
        slug="2022-11-07-washington",
        title=articles[0].meta.title or "Untitled event",
        start=MEETING,
        end=MEETING,
        articles=articles,
        article_kinds=fields.pop("article_kinds", kinds),
        **fields,
    )
    event.summary = ExtractiveSummariser().summarise_event(event)
    return event


def briefing(event: Event, lang: str) -> str:
    return render_event(event, Batch(articles=event.articles, events=[event]), Localiser(Glossary.load(), lang))


def summary_lines(text: str) -> list[str]:
    section = text.split("\n## ", 3)[2]  # after the title and the fact box: "Summary" and its sentences
    return [line for line in section.splitlines() if line.startswith("- ")]


ALL = ("en-preview", "ru-report", "en-report", "az-report", "hy-report")


def test_the_pages_are_analysed_in_their_own_languages(analysed):
    assert {i: a.language for i, a in analysed.items()} == LANGUAGE


@pytest.mark.parametrize("lang", ["hy", "az", "en"])
def test_each_briefing_leads_with_sentences_of_its_own_language_from_its_own_reports_cited(analysed, lang):
    event = event_of(analysed, *ALL)
    shown = briefing_sentences(event, lang)
    assert shown[0].language == lang
    assert event.article_kinds[shown[0].sources[0]] == "report"
    lines = summary_lines(briefing(event, lang))
    assert lines[0].startswith("- ") and "untranslated" not in lines[0] and "[" in lines[0], lines[0]
    native = f"{lang}-report"
    assert lines[0].endswith(f"[{ALL.index(native) + 1}]") or f"[{ALL.index(native) + 1}]" in lines[0]


def test_the_briefing_still_shows_facts_only_other_languages_state_marked_with_their_language(analysed):
    hy = briefing(event_of(analysed, "hy-report", "ru-report"), "hy")
    lines = summary_lines(hy)
    assert any("ռուսերեն, չթարգմանված" in line for line in lines), lines  # "Russian, untranslated", in Armenian
    assert "ռուսերեն, չթարգմանված" not in lines[0]


def test_the_english_briefing_of_an_event_reported_only_in_russian_shows_russian_sentences_marked(analysed):
    lines = summary_lines(briefing(event_of(analysed, "ru-report"), "en"))
    assert lines and all("[Russian, untranslated]" in line for line in lines)
    assert any("Мирзоян" in line for line in lines)


def test_a_fact_reported_in_russian_and_english_appears_once_citing_both(analysed):
    event = event_of(analysed, "en-report", "ru-report")
    met = [s for s in event.summary if "2022" in s.text and ("met" in s.text or "встретились" in s.text)]
    assert len(met) == 1, [s.text for s in event.summary]
    assert met[0].language == "en" and met[0].sources == ["en-report", "ru-report"]
    lines = summary_lines(briefing(event, "en"))
    assert sum("2022" in line for line in lines) == 1
    assert next(line for line in lines if "2022" in line).endswith("[1][2]")


def test_a_fact_stated_alike_in_two_output_languages_is_shown_once_in_the_third(analysed):
    event = event_of(analysed, "en-report", "hy-report")
    az = summary_lines(briefing(event, "az"))
    assert sum("2022" in line or "Նոյեմբերի 7" in line for line in az) == 1, az


def test_a_preview_never_leads_nor_titles_a_briefing(analysed):
    event = event_of(analysed, "en-preview", "en-report")
    event.title = analysed["en-preview"].meta.title or ""  # even a title `briefing.events` took from it
    shown = briefing_sentences(event, "en")
    assert shown[0].sources[0] == "en-report"
    kinds = [event.article_kinds[s.sources[0]] for s in shown]
    assert kinds == sorted(kinds, key=lambda kind: kind == "preview"), "preview sentences come last"
    title, language = event_title(event, "en")
    assert (title, language) == (analysed["en-report"].meta.title, "en")


@pytest.mark.parametrize(("lang", "native_id"), [("hy", "hy-report"), ("az", "az-report"), ("en", "en-report")])
def test_each_language_takes_a_native_reports_headline(analysed, lang, native_id):
    event = event_of(analysed, *ALL)
    assert event_title(event, lang) == (analysed[native_id].meta.title, lang)
    assert f"## {analysed[native_id].meta.title}\n" in briefing(event, lang)


def test_without_a_native_report_the_title_is_a_reports_headline_marked_with_its_language(analysed):
    event = event_of(analysed, "ru-report", "en-preview")
    text = briefing(event, "hy")
    assert f"## {analysed['ru-report'].meta.title} *(ռուսերեն)*" in text


def test_a_related_pages_headline_never_titles_a_briefing(analysed):
    kinds = {"en-report": "related", "ru-report": "report"}
    event = event_of(analysed, "ru-report", "en-report", article_kinds=kinds)
    assert event_title(event, "en")[1] == "ru"


BLINKEN = Person("Antony Blinken", "Secretary of State", "United States", key="blinken")
MIRZOYAN = Person("Ararat Mirzoyan", "Foreign Minister", "Armenia", key="mirzoyan")
PUTIN = Person("Vladimir Putin", "President", "Russia", key="putin")


def test_the_fact_box_describes_the_meeting(analysed):
    event = event_of(
        analysed,
        "en-report",
        "ru-report",
        venue="Blair House, Washington",
        host="United States",
        participants=[MIRZOYAN, BLINKEN],
        mentioned=[PUTIN],
        places=["Washington", "Nagorno-Karabakh", "Sochi"],
    )
    rows = dict(fact_box(event, Localiser(Glossary.load(), "en")))
    assert rows["When"] == Localiser(Glossary.load(), "en").range(MEETING, MEETING)
    assert "Blair House" in rows["Where"] and "Sochi" not in rows["Where"]
    assert "Ararat Mirzoyan" in rows["Who"] and "Foreign Minister" in rows["Who"] and "Putin" not in rows["Who"]
    assert "Putin" in rows["Also mentioned"]
    assert rows["Host"] == "United States"
    sources = rows["Sources"].split("<br>")
    assert "English" in sources[0] and "Russian" in sources[1]
    published = [a.meta.published for a in event.articles]
    for line, day in zip(sources, published):
        assert (Localiser(Glossary.load(), "en").date(day) if day else "Publication date unknown") in line


@pytest.mark.parametrize(
    ("lang", "unknown", "date_unknown"),
    [
        ("en", "unknown", "Date unknown"),
        ("hy", "անհայտ է", "Ամսաթիվն անհայտ է"),
        ("az", "məlum deyil", "Tarix məlum deyil"),
    ],
)
def test_fields_in_an_unknown_state_say_so_in_the_output_language(analysed, lang, unknown, date_unknown):
    event = event_of(analysed, "ru-report")
    event.start = event.end = None
    rows = fact_box(event, Localiser(Glossary.load(), lang))
    values = [value for _, value in rows]
    assert values[:4] == [date_unknown, unknown, unknown, unknown]  # When, Where, Who, Host
    assert len(rows) == 5, "no 'Also mentioned' row when nobody is only mentioned"


def test_a_piece_of_a_quotation_never_enters_a_summary():
    from briefing.document import Sentence
    from briefing.summarise import ineligibility

    opening = Sentence("«Մենք պատրաստ ենք շարունակել բանակցությունները խաղաղության պայմանագրի շուրջ։", 1, 0, "hy")
    closing = Sentence("Այդ մասին հայտարարել է նախարարը Վաշինգտոնում», — ասել է նա։", 1, 1, "hy")
    whole = Sentence("«Մենք պատրաստ ենք շարունակել բանակցությունները», — ասել է նախարարը։", 1, 2, "hy")
    assert ineligibility(opening) == "part-of-quotation"
    assert ineligibility(closing) == "part-of-quotation"
    assert ineligibility(whole) is None


def test_the_meeting_leads_and_background_follows(analysed):
    event = event_of(analysed, "en-report")
    texts = [s.text for s in briefing_sentences(event, "en")]
    assert "met in Washington" in texts[0]


def test_the_venue_is_shown_in_the_files_language_from_its_glossary_places(analysed):
    event = event_of(analysed, "hy-report", venue="Blair House, Washington", venue_places=["Blair House", "Washington"])
    text = briefing(event, "hy")
    assert "| **Որտեղ** | Բլեր Հաուս, Վաշինգտոն |" in text
    assert text.count("# Տեղեկանք: Բլեր Հաուս, Վաշինգտոն, ") == 1
