"""The faithfulness gate: generated sentences may state only the numbers, dates and names of their sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing import faithfulness

CORPUS = sorted((Path(__file__).resolve().parent.parent / "corpus").glob("*.txt"))

#: Synthetic sources from outlets and rounds of talks not in the sample corpus.
SOURCES = [
    "ALMATY, May 10 (Agency) - Foreign Minister Jeyhun Bayramov and his Armenian counterpart Ararat Mirzoyan "
    "held two days of talks hosted by Kazakhstan on Friday, the ministry said.",
    "Kazakh President Kassym-Jomart Tokayev welcomed the delegations; some 6,500 displaced people are waiting "
    "for a deal, and the border commission will meet on 21 June. Four observers attended.",
    "Prime Minister Nikol Pashinian told parliament in 2024 that 2.5 million dollars were pledged.",
]

#: (generated sentence, unsupported claim kinds; empty = kept)
CASES = [
    ("Bayramov and Mirzoyan met in Almaty on 10 May.", []),
    ("The ministers met on May 10 in Almaty.", []),
    ("Talks were hosted by Kazakhstan on Friday.", []),
    ("About 6500 displaced people are waiting for a deal.", []),  # grouping normalised
    ("About 6,500 displaced people are waiting.", []),
    ("The border commission will meet on June 21.", []),  # day-month order normalised
    ("Four observers attended, 4 in all.", []),  # spelled-out number in the source supports the numeral
    ("Prime Minister Nikol Pashinyan spoke to parliament in 2024.", []),  # transliteration variant
    ("President Tokayev welcomed the delegations.", []),  # surname alone suffices
    ("The Armenian Foreign Ministry welcomed the talks.", []),  # demonym used as a modifier
    ("Some 2.5 million dollars were pledged.", []),
    ("Some 7,000 displaced people are waiting for a deal.", ["number"]),  # invented number
    ("The ministers met in Almaty on 11 May.", ["date"]),  # wrong day
    ("The border commission will meet in July.", ["month"]),
    ("Talks were hosted by Kazakhstan on Sunday.", ["weekday"]),
    ("Russian Foreign Minister Sergey Lavrov joined the talks.", ["name"]),  # invented person
    ("Bayramov and Mirzoyan met in Almaty on 10 May 2023.", ["number"]),  # invented year
    ("The ministers met 10 times.", ["number"]),  # a source date's day is not a bare number
    ("Some 2.5 billion dollars were pledged.", ["number"]),  # scale matters
    ("The ministers met in Geneva.", ["name"]),  # a single-word place the sources never name
    ("The delegations met in Almaty.", []),  # one they do
    ("Bayramov and Mirzoyan held three days of talks.", ["number"]),  # number words count: "two days"
    ("Bayramov and Mirzoyan held a three-day round of talks.", ["number"]),
    ("Bayramov and Mirzoyan held a two-day round of talks.", []),
    ("Some 6,500 observers attended.", ["number"]),  # a real number, attached to the wrong thing
    ("Four displaced people attended.", ["number"]),  # and a number word likewise: four observers
    ("The two sides met.", []),  # "two sides" is not a count
]


@pytest.mark.parametrize(("sentence", "kinds"), CASES)
def test_check_reports_exactly_the_unsupported_claims(sentence: str, kinds: list[str]) -> None:
    problems = faithfulness.check(sentence, SOURCES)
    assert sorted(p.split()[0] for p in problems) == sorted(kinds), problems


def test_gate_keeps_supported_sentences_in_order_and_reports_dropped_ones() -> None:
    sentences = [text for text, _ in CASES]
    kept, dropped = faithfulness.gate(sentences, SOURCES)
    assert kept == [text for text, kinds in CASES if not kinds]
    assert [d.sentence for d in dropped] == [text for text, kinds in CASES if kinds]
    assert all(d.reasons for d in dropped)
    assert any("7,000" in reason for d in dropped for reason in d.reasons)


#: Known names (e.g. from the glossary) make single-word mentions checkable.
NAME_CASES = [
    ("Lavrov said the talks went well.", ["Sergey Lavrov"], ["name"]),
    ("Lavrov said the talks went well.", [], []),  # a lone capitalised word is not a name claim by itself
    ("Mirzoyan said the talks went well.", ["Ararat Mirzoyan"], []),
]


@pytest.mark.parametrize(("sentence", "names", "kinds"), NAME_CASES)
def test_glossary_names_are_checked_by_surname(sentence: str, names: list[str], kinds: list[str]) -> None:
    assert [p.split()[0] for p in faithfulness.check(sentence, SOURCES, names)] == kinds


#: Sources in the page's own language and script: their names support the English spelling, invented ones do not.
SCRIPT_CASES = [
    ("Премьер-министр Армении Никол Пашинян и президент Азербайджана Ильхам Алиев провели переговоры.", []),
    ("Հայաստանի վարչապետ Նիկոլ Փաշինյանը հանդիպեց Ադրբեջանի նախագահ Իլհամ Ալիևին։", []),
    ("Ermənistanın Baş naziri Nikol Paşinyan və Prezident İlham Əliyev danışıqlar aparıblar.", []),
    ("Министр иностранных дел России Сергей Лавров провел переговоры.", ["name", "name"]),
]


@pytest.mark.parametrize(("source", "kinds"), SCRIPT_CASES)
def test_names_in_a_source_of_another_script_support_their_english_spelling(source: str, kinds: list[str]) -> None:
    problems = faithfulness.check("Nikol Pashinyan and Ilham Aliyev held talks.", [source])
    assert [p.split()[0] for p in problems] == kinds


def test_month_and_weekday_names_come_from_the_language_layer() -> None:
    assert faithfulness.MONTHS["september"] == 9 and faithfulness.MONTH_ABBREVIATIONS["sept"] == 9
    assert faithfulness.WEEKDAYS[0] == "monday" and len(faithfulness.WEEKDAYS) == 7


def test_supporting_names_each_source_that_alone_supports_the_sentence() -> None:
    assert faithfulness.supporting("Some 6,500 displaced people are waiting.", SOURCES) == [1]
    assert faithfulness.supporting("Mirzoyan held talks on Friday.", SOURCES) == [0]
    assert faithfulness.supporting("The talks continued.", SOURCES) == [0, 1, 2]


def test_sample_corpus_supports_its_own_sentences() -> None:
    """Every line of a real page passes the gate against that page (no false drops on copied text)."""
    for path in CORPUS:
        text = path.read_text(encoding="utf-8")
        lines = [line for line in text.splitlines() if line.strip()]
        _kept, dropped = faithfulness.gate(lines, [text])
        assert dropped == [], (path.name, dropped[:3])


def test_sample_corpus_facts_cross_checked() -> None:
    sources = [CORPUS[0].read_text(encoding="utf-8")]
    assert faithfulness.check("More than 6500 people were killed in the 2020 war.", sources) == []
    assert faithfulness.check("Bayramov and Mirzoyan met in Washington on 7 November.", sources) == []
    assert faithfulness.check("More than 6500 people were killed on November 8.", sources) == ["date 'November 8'"]


def test_evidence_is_reusable_across_checks() -> None:
    evidence = faithfulness.Evidence.of(SOURCES)
    assert faithfulness.check("Four observers attended, 4 in all.", evidence) == []
    assert faithfulness.check("Five observers attended, 5 in all.", evidence) == ["number '5'", "number 'Five'"]
