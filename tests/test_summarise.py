"""Stage 7: the offline extractive summariser, eligibility and citations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.config import SummaryConfig
from briefing.document import Article, Event, Line, Page, Sentence
from briefing.summarise import (
    EVENT_MAX_CANDIDATES,
    ExtractiveSummariser,
    _event_candidates,
    cite,
    eligible,
    eligible_sentences,
    ineligibility,
)

CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"

_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’»]?\s+(?=[\"“«‘]?[A-Z0-9])")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.)+$|\b(?:Mr|Mrs|Dr|St)\.$")


def split_sentences(line: str) -> list[str]:
    """A small sentence splitter for tests (the real one is `briefing.segment`'s)."""
    parts, start = [], 0
    for m in _BOUNDARY.finditer(line):
        if _ABBREVIATION.search(line[start : m.start() + 1]):
            continue
        parts.append(line[start : m.end()].strip())
        start = m.end()
    if line[start:].strip():
        parts.append(line[start:].strip())
    return parts


def make_article(page_id: str, text: str, foreign: dict[int, tuple[str, str]] | None = None) -> Article:
    """An article whose kept lines are `text`'s non-blank lines, split into sentences.

    `foreign` maps a sentence index to (language, English translation).
    """
    page = Page(id=page_id, path=Path(f"{page_id}.txt"), text=text, sha256="0" * 64, format="txt", encoding="utf-8")
    article = Article(page=page)
    for number, line in enumerate(text.splitlines(), 1):
        article.lines.append(Line(number, line))
        for part in split_sentences(line.strip().lstrip("•").strip()) if line.strip() else []:
            sentence = Sentence(part, number, len(article.sentences))
            if foreign and sentence.index in foreign:
                sentence.language, sentence.english = foreign[sentence.index]
            article.sentences.append(sentence)
    return article


def event_of(*articles: Article) -> Event:
    return Event(slug="2024-05-10-talks", title="Talks", start=None, end=None, articles=list(articles))


# --- Eligibility ----------------------------------------------------------------

INELIGIBILITY_CASES = [
    # (text, language, english, expected reason or None)
    (
        "The two delegations agreed to meet again in Almaty next month, the Kazakh foreign ministry said.",
        "en",
        None,
        None,
    ),
    ("“We have made tangible progress,” Bayramov told reporters after the talks in Arlington.", "en", None, None),
    (
        "Armenian Foreign Minister Ararat Mirzoyan and Azerbaijani Foreign Minister Jeyhun Bayramov met in Almaty on May 10.",
        "en",
        None,
        None,
    ),
    ("Мы договорились продолжить переговоры в ближайшие недели, заявил министр.", "ru", None, "untranslated"),
    (
        "Мы договорились продолжить переговоры в ближайшие недели, заявил министр.",
        "ru",
        "We agreed to continue the negotiations in the coming weeks, the minister said.",
        None,
    ),
    ("Հայաստանի և Ադրբեջանի արտաքին գործերի նախարարները հանդիպեցին Ժնևում։", "en", None, "non-latin"),
    ("Ministers met on Friday.", "en", None, "too-short"),
    ("Photo: Ararat Mirzoyan and Jeyhun Bayramov in Almaty before the talks", "en", None, "no-terminal-punctuation"),
    ("Foreign ministers of Armenia and Azerbaijan resume talks in Almaty", "en", None, "no-terminal-punctuation"),
    ("FOREIGN MINISTERS MEET IN ALMATY AS PEACE TALKS RESUME.", "en", None, "all-caps"),
    ("Pashinyan And Aliyev Meet In Brussels Under EU Auspices Again.", "en", None, "names-or-heading"),
    ("Ararat Mirzoyan, Jeyhun Bayramov, Antony Blinken and Jake Sullivan.", "en", None, "names-or-heading"),
    ("© 2024 Example News Agency. All rights reserved.", "en", None, "boilerplate"),
    ("We use cookies to improve your experience on our website.", "en", None, "boilerplate"),
    ("Subscribe to our daily newsletter to get the latest news.", "en", None, "boilerplate"),
    ("Read more about the talks in our special section here.", "en", None, "boilerplate"),
    ("Follow @MFA_Armenia and @AzerbaijanMFA at https://x.example.com for updates.", "en", None, "links"),
    ("Published: Monday, 7 November 2022, 14:05 | Updated: Tuesday, 8 November 2022.", "en", None, "date-line"),
    (" ".join(["The ministers discussed the border."] * 30), "en", None, "too-long"),
]


@pytest.mark.parametrize(("text", "language", "english", "reason"), INELIGIBILITY_CASES)
def test_ineligibility_names_the_rule_that_excludes_a_sentence(text, language, english, reason):
    sentence = Sentence(text, line=1, index=0, language=language, english=english)
    assert ineligibility(sentence) == reason
    assert eligible(sentence) is (reason is None)


def test_a_sentence_repeated_verbatim_in_an_article_is_a_caption_and_never_eligible():
    caption = "Ararat Mirzoyan and Jeyhun Bayramov shake hands in Almaty on Friday."
    article = make_article(
        "kz1",
        f"{caption}\n{caption}\nThe foreign ministers of Armenia and Azerbaijan held two days of talks in Almaty.\n",
    )
    texts = [s.text for s in eligible_sentences(article)]
    assert caption not in texts
    assert texts == ["The foreign ministers of Armenia and Azerbaijan held two days of talks in Almaty."]


# --- Article summaries ------------------------------------------------------------

#: A wire-style report from an outlet unlike the samples, with its page furniture.
ALMATY_PAGE = """\
Home | Politics | Economy | Region
10.05.2024, 18:42
Armenian, Azerbaijani foreign ministers end two-day talks in Almaty
Photo: Kazakh Foreign Ministry
The foreign ministers of Armenia and Azerbaijan ended two days of talks in Almaty on Friday without signing a peace treaty.
Ararat Mirzoyan and Jeyhun Bayramov discussed the delimitation of the border and the text of the peace treaty, the Kazakh foreign ministry said.
The ministers agreed to continue the talks on the peace treaty at a date to be agreed, according to a joint statement.
Kazakh President Kassym-Jomart Tokayev met both ministers before the talks and offered Almaty as a permanent venue.
The talks in Almaty were the first round hosted by Kazakhstan since the two countries began negotiating a peace treaty.
Officials said the border commissions would meet separately next week to discuss the delimitation of the border.
The central bank kept its key interest rate unchanged at 14.75 percent on Friday, citing inflation risks.
Share this article on Facebook, Twitter and Telegram.
© 2024 Example Wire. All rights reserved.
"""


def test_article_summary_keeps_article_order_cites_itself_and_excludes_furniture():
    article = make_article("kz1", ALMATY_PAGE)
    summary = ExtractiveSummariser(SummaryConfig(article_sentences=3)).summarise_article(article)
    assert len(summary) == 3
    positions = [next(s.index for s in article.sentences if s.text == item.text) for item in summary]
    assert positions == sorted(positions)
    assert all(item.sources == ["kz1"] for item in summary)
    furniture = ("Home |", "10.05.2024", "end two-day talks", "Photo:", "Share this", "©")
    assert not any(marker in item.text for item in summary for marker in furniture)


def test_a_teaser_sharing_no_content_word_with_its_page_is_never_chosen_even_when_every_sentence_is_asked_for():
    article = make_article("kz1", ALMATY_PAGE)
    summary = ExtractiveSummariser(SummaryConfig(article_sentences=50)).summarise_article(article)
    assert summary, "on-topic sentences are summarised"
    assert not any("interest rate" in item.text for item in summary)


def test_mmr_drops_a_restatement_of_a_sentence_already_chosen():
    text = (
        "Armenia and Azerbaijan agreed on Friday to open the Margara border crossing for humanitarian cargo.\n"
        "The crossing will be used for aid deliveries, officials from both sides said after the meeting.\n"
        "On Friday Armenia and Azerbaijan agreed to open the Margara border crossing for humanitarian cargo, officials said.\n"
        "European Union monitors will observe the first deliveries across the border crossing next week.\n"
    )
    summary = ExtractiveSummariser(SummaryConfig(article_sentences=3)).summarise_article(make_article("ge1", text))
    margara = [item for item in summary if "Margara" in item.text]
    assert len(margara) == 1


def test_a_translated_foreign_sentence_is_summarised_in_english():
    text = (
        "Лавров заявил, что Россия готова содействовать подписанию мирного договора между Арменией и Азербайджаном.\n"
        "Russia is ready to help Armenia and Azerbaijan sign a peace treaty, Foreign Minister Sergey Lavrov said in Moscow.\n"
        "Lavrov said the peace treaty between Armenia and Azerbaijan should respect the agreements reached in Moscow.\n"
    )
    english = "Lavrov said Russia was ready to help Armenia and Azerbaijan sign a peace treaty."
    article = make_article("ru1", text, foreign={0: ("ru", english)})
    summary = ExtractiveSummariser(SummaryConfig(article_sentences=3)).summarise_article(article)
    texts = [item.text for item in summary]
    assert english in texts
    assert not any("Лавров" in t for t in texts)


def test_an_untranslated_foreign_page_gets_no_summary_rather_than_a_foreign_one():
    text = "Министры иностранных дел Армении и Азербайджана встретились в Алматы в пятницу.\n"
    article = make_article("ru2", text, foreign={0: ("ru", "")})
    assert ExtractiveSummariser().summarise_article(article) == []


def test_summaries_are_deterministic():
    summariser = ExtractiveSummariser()
    first = summariser.summarise_article(make_article("kz1", ALMATY_PAGE))
    assert first == summariser.summarise_article(make_article("kz1", ALMATY_PAGE))


@pytest.mark.parametrize("path", sorted(CORPUS_DIR.glob("*.txt")), ids=lambda p: p.stem[:3])
def test_sample_page_summaries_contain_only_prose_that_the_page_says_once(path):
    article = make_article(path.stem, path.read_text(encoding="utf-8"))
    summary = ExtractiveSummariser().summarise_article(article)
    assert 1 <= len(summary) <= SummaryConfig().article_sentences
    lines = [line.strip() for line in article.page.text.splitlines()]
    for item in summary:
        assert re.search(r"[.!?][\"'”’»]?$", item.text), item.text
        assert len(item.text.split()) >= 6
        assert sum(item.text in line for line in lines) == 1, f"repeated on the page: {item.text}"


# --- Event summaries and citations ---------------------------------------------------

OUTLET_A = """\
The foreign ministers of Armenia and Azerbaijan agreed in Almaty to continue talks on a peace treaty, the Kazakh foreign ministry said.
Mirzoyan told reporters that the sides had narrowed their differences on the delimitation of the border.
The talks took place behind closed doors in a government residence outside the city.
"""
OUTLET_B = """\
Armenia and Azerbaijan agreed to continue the peace treaty talks, the foreign ministry of Kazakhstan said after the Almaty meeting.
Bayramov said Baku expected Yerevan to amend its constitution before any treaty could be signed.
Azerbaijan insists that Armenia remove a reference to Nagorno-Karabakh from the preamble of its constitution.
"""
OUTLET_C = """\
The Armenian and Azerbaijani foreign ministers met in Almaty and agreed to continue their talks on a peace treaty, Kazakhstan said.
Kazakhstan offered to host further rounds of the negotiations if both sides wished to continue in Almaty.
"""


def test_event_summary_merges_a_fact_all_outlets_report_into_one_sentence_citing_all_first():
    event = event_of(make_article("a", OUTLET_A), make_article("b", OUTLET_B), make_article("c", OUTLET_C))
    summary = ExtractiveSummariser(SummaryConfig(event_sentences=4)).summarise_event(event)
    agreed = [item for item in summary if re.search(r"agreed to continue", item.text)]
    assert len(agreed) == 1, "the three reports of one agreement collapse into one sentence"
    assert summary[0] is agreed[0], "what every outlet reports leads"
    assert sorted(agreed[0].sources) == ["a", "b", "c"]
    origin = next(a.id for a in event.articles if any(s.text == agreed[0].text for s in a.sentences))
    assert agreed[0].sources[0] == origin


def test_event_summary_cites_only_the_outlet_that_reports_a_fact():
    event = event_of(make_article("a", OUTLET_A), make_article("b", OUTLET_B), make_article("c", OUTLET_C))
    summary = ExtractiveSummariser(SummaryConfig(event_sentences=6)).summarise_event(event)
    constitution = [item for item in summary if "constitution" in item.text]
    assert constitution, "a fact one outlet reports is still summarised"
    assert all(item.sources == ["b"] for item in constitution)
    assert len(summary) <= 6


CITE_CASES = [
    # (summary sentence, expected sources)
    ("Mirzoyan told reporters that the sides had narrowed their differences on the delimitation of the border.", ["a"]),
    (
        "Kazakhstan offered to host further rounds of the negotiations if both sides wished to continue in Almaty.",
        ["c"],
    ),
    ("Armenia and Azerbaijan agreed in Almaty to continue their talks on a peace treaty.", ["a", "b", "c"]),
    ("The weather in the capital was unusually warm for the season.", []),
]


@pytest.mark.parametrize(("text", "expected"), CITE_CASES)
def test_cite_names_origin_first_then_every_supporting_article(text, expected):
    event = event_of(make_article("a", OUTLET_A), make_article("b", OUTLET_B), make_article("c", OUTLET_C))
    (item,) = cite([text], event)
    assert item.text == text
    assert sorted(item.sources) == sorted(expected)
    if expected and len(expected) == 1:
        assert item.sources == expected


def test_cite_puts_the_article_containing_a_sentence_verbatim_first_even_when_later_in_the_event():
    event = event_of(make_article("a", OUTLET_A), make_article("b", OUTLET_B), make_article("c", OUTLET_C))
    verbatim = OUTLET_C.splitlines()[0]
    (item,) = cite([verbatim], event)
    assert item.sources[0] == "c"
    assert set(item.sources) == {"a", "b", "c"}


def test_a_large_event_is_summarised_from_a_bounded_number_of_candidates():
    articles = [make_article(f"p{i:03d}", ALMATY_PAGE) for i in range(120)]
    event = event_of(*articles)
    assert len(_event_candidates(event.articles)) <= EVENT_MAX_CANDIDATES
    summary = ExtractiveSummariser(SummaryConfig(event_sentences=5)).summarise_event(event)
    assert 1 <= len(summary) <= 5
    assert len({item.text for item in summary}) == len(summary)
    assert all(item.sources and set(item.sources) <= {a.id for a in articles} for item in summary)


def test_an_event_without_summarisable_sentences_has_an_empty_summary():
    event = event_of(make_article("x", "Home | News | Contact\nMost read\n"))
    assert ExtractiveSummariser().summarise_event(event) == []


def test_describe_records_the_method_and_lambda():
    assert ExtractiveSummariser(SummaryConfig(mmr_lambda=0.6)).describe() == (
        "extractive (LexRank TF-IDF centrality + MMR, lambda=0.6)"
    )


def test_the_extractive_backend_loads_without_importing_a_neural_library():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from briefing.config import RuntimeConfig, SummaryConfig\n"
        "from briefing.summarise import ExtractiveSummariser, load_summariser\n"
        "s = load_summariser(SummaryConfig(backend='extractive'), RuntimeConfig())\n"
        "assert isinstance(s, ExtractiveSummariser), s\n"
        "assert 'torch' not in sys.modules and 'transformers' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
