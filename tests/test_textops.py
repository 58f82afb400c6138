"""Model-agnostic translation helpers: protection, batching and quality checks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.backends import textops

NUMBER_CASES = [
    ("6,500", "6500"),
    ("6 500", "6500"),
    ("6\u00a0500", "6500"),
    ("6\u202f500", "6500"),
    ("6.500", "6500"),
    ("1,250,000", "1250000"),
    ("1.5", "1.5"),
    ("1,5", "1.5"),
    ("07", "7"),
    ("2024", "2024"),
    ("0", "0"),
]


@pytest.mark.parametrize("raw, expected", NUMBER_CASES)
def test_normalise_number(raw: str, expected: str) -> None:
    assert textops.normalise_number(raw) == expected


NUMBER_CHECK_CASES = [
    # source, output, missing numbers
    ("About 6,500 troops left.", "Շուրջ 6 500 զինվոր հեռացավ։", []),
    ("About 6,500 troops left.", "Təxminən 6.500 əsgər ayrıldı.", []),
    ("They met on 7 November 2024.", "Onlar 2024-cü il noyabrın 7-də görüşdülər.", []),
    (
        "They met on 7 November 2024.",
        "Onlar 2023-cü il noyabrın 7-də görüşdülər.",
        ["number-missing: 2024", "number-extra: 2023"],
    ),
    ("They met on 7 November.", "Onlar 2023-cü il noyabrın 7-də görüşdülər.", ["number-extra: 2023"]),  # hallucinated
    ("Turnout was 1.5 percent.", "Явка составила 1,5 процента.", []),
    ("Turnout was 1.5 percent.", "Явка составила 15 процентов.", ["number-missing: 1.5", "number-extra: 15"]),
    ("No numbers here.", "Burada rəqəm yoxdur.", []),
]


@pytest.mark.parametrize("source, output, expected", NUMBER_CHECK_CASES)
def test_number_issues(source: str, output: str, expected: list[str]) -> None:
    assert textops.number_issues(source, output) == expected


PROTECT_CASES = [
    # text, forms, expected model input, slots
    (
        "Mirzoyan and Bayramov met on 7 November.",
        {"Mirzoyan": "Միրզոյան", "Bayramov": "Բայրամով"},
        "Միրզոյան and Բայրամով met on [1] November.",
        {"[1]": "7"},
    ),
    (
        "See https://mfa.am/en/press 2024-11-07 at 10:30, 6,500 people.",
        {},
        "See [1] [2] at [3], [4] people.",
        {"[1]": "https://mfa.am/en/press", "[2]": "2024-11-07", "[3]": "10:30", "[4]": "6,500"},
    ),
    (  # an existing citation marker keeps its number; ours skip it
        "As noted [1], 12 sides met.",
        {},
        "As noted [1], [2] sides met.",
        {"[2]": "12"},
    ),
    (  # longer glossary forms win; partial words are not touched
        "Nikol Pashinyan met Pashinyanists in Yerevan.",
        {"Pashinyan": "Paşinyan", "Nikol Pashinyan": "Nikol Paşinyan"},
        "Nikol Paşinyan met Pashinyanists in Yerevan.",
        {},
    ),
    (
        "Contact @MFA_Armenia or press@mfa.am.",
        {},
        "Contact [1] or [2].",
        {"[1]": "@MFA_Armenia", "[2]": "press@mfa.am"},
    ),
    (  # a glossary form is inserted as written, backslashes included (not read as a group reference)
        "Bayramov spoke.",
        {"Bayramov": r"Bay\ramov"},
        r"Bay\ramov spoke.",
        {},
    ),
]


@pytest.mark.parametrize("text, forms, model_input, slots", PROTECT_CASES)
def test_protect(text: str, forms: dict[str, str], model_input: str, slots: dict[str, str]) -> None:
    protected = textops.protect(text, forms)
    assert protected.text == model_input
    assert protected.slots == slots


RESTORE_CASES = [
    # model output for "Mirzoyan met on 7 November in 2024." -> restored, issues
    ("Միրզոյանը հանդիպել է նոյեմբերի [1]-ին, [2] թ.", "Միրզոյանը հանդիպել է նոյեմբերի 7-ին, 2024 թ.", []),
    ("Görüş noyabrın [ 1 ]-də, [2]-cü ildə oldu.", "Görüş noyabrın 7-də, 2024-cü ildə oldu.", []),
    ("Görüş noyabrda oldu, [2].", "Görüş noyabrda oldu, 2024.", ["placeholder-lost: [1]"]),
    ("[1] [1] [2]", "7 7 2024", ["placeholder-repeated: [1]"]),
    ("[9] [1] [2]", "[9] 7 2024", []),  # not ours: left alone
]


@pytest.mark.parametrize("output, restored, issues", RESTORE_CASES)
def test_restore(output: str, restored: str, issues: list[str]) -> None:
    protected = textops.protect("Mirzoyan met on 7 November in 2024.", {})
    assert textops.restore(output, protected) == (restored, issues)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_protect_restore_round_trip(text: str) -> None:
    """Echoing the model input back restores the original exactly, with no issues."""
    protected = textops.protect(text, {})
    assert textops.restore(protected.text, protected) == (text, [])


BATCH_CASES = [
    # lengths, max_tokens, max_items, expected batches
    ([5, 50, 10, 48], 100, 8, [[1, 3], [2, 0]]),
    ([5, 5, 5, 5, 5], 1000, 2, [[0, 1], [2, 3], [4]]),
    ([300, 4], 100, 8, [[0], [1]]),  # longer than the budget: alone
    ([], 100, 8, []),
]


@pytest.mark.parametrize("lengths, max_tokens, max_items, expected", BATCH_CASES)
def test_plan_batches(lengths: list[int], max_tokens: int, max_items: int, expected: list[list[int]]) -> None:
    assert textops.plan_batches(lengths, max_tokens, max_items) == expected


@given(st.lists(st.integers(1, 200), max_size=60), st.integers(16, 500), st.integers(1, 20))
def test_plan_batches_covers_every_item_within_budget(lengths: list[int], max_tokens: int, max_items: int) -> None:
    batches = textops.plan_batches(lengths, max_tokens, max_items)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) <= max_items
        assert len(batch) == 1 or max(lengths[i] for i in batch) * len(batch) <= max_tokens


SCRIPT_CASES = [
    # output, tgt, source, expected issue codes
    ("Նախարարները հանդիպեցին Վաշինգտոնում։", "hy", "The ministers met in Washington.", []),
    ("Նախարարները NATO-ի և OSCE-ի հետ հանդիպեցին։", "hy", "", []),  # a few Latin acronyms are fine
    ("The ministers met in Washington.", "hy", "The ministers met in Washington.", ["script"]),
    ("Nazirlər Vaşinqtonda görüşdülər.", "az", "The ministers met in Washington.", []),
    (
        "Nazirlər dünən Вашингтоне görüşdülər və razılaşdılar.",
        "az",
        "The ministers met in Washington.",
        ["forbidden-script"],
    ),
    ("Министры встретились в Вашингтоне.", "az", "", ["script", "forbidden-script"]),
    ("The ministers met in Washington.", "en", "Министры встретились в Вашингтоне.", []),
    ("Министры встретились.", "en", "Министры встретились.", ["script"]),
    ("Министры встретились в Вашингтоне.", "ru", "The ministers met.", []),
    ("12 / 2024", "hy", "", []),  # no letters: nothing to judge
]


@pytest.mark.parametrize("output, tgt, source, codes", SCRIPT_CASES)
def test_script_issues(output: str, tgt: str, source: str, codes: list[str]) -> None:
    issues = textops.script_issues(output, tgt, source)
    assert [issue.split(":")[0] for issue in issues] == codes


REPETITION_CASES = [
    ("Nazirlər Vaşinqtonda görüşdülər.", "", False),
    ("the the the ministers met", "", True),
    ("talks talks talks talks", "", True),
    ("Armenia and Azerbaijan Armenia and Azerbaijan met", "", True),
    ("Հանդիպումը հանդիպումը հանդիպումը", "", True),
    ("tititititi met", "", True),
    ("Bye bye bye, he sang.", "Bye bye bye, he sang.", False),  # the source has it too
    ("He said: very, very good.", "", False),
    ("1000000 people", "", False),
]


@pytest.mark.parametrize("output, source, looping", REPETITION_CASES)
def test_repetition_issues(output: str, source: str, looping: bool) -> None:
    issues = textops.repetition_issues(output, source)
    assert bool(issues) is looping
    assert all(issue.startswith("repetition:") for issue in issues)


LENGTH_CASES = [
    (
        "The ministers met in Washington on Monday.",
        "Նախարարները երկուշաբթի հանդիպեցին Վաշինգտոնում։",
        "en",
        "hy",
        False,
    ),
    ("The ministers met in Washington on Monday.", "Nazirlər.", "en", "az", True),
    ("The ministers met in Washington on Monday.", "x" * 200, "en", "az", True),
    ("Yes.", "Այո, իհարկե, անպայման։", "en", "hy", False),  # too short to judge
    (
        "Министры встретились в Вашингтоне в понедельник.",
        "The ministers met in Washington on Monday.",
        "ru",
        "en",
        False,
    ),
]


@pytest.mark.parametrize("source, output, src, tgt, flagged", LENGTH_CASES)
def test_length_issues(source: str, output: str, src: str, tgt: str, flagged: bool) -> None:
    assert bool(textops.length_issues(source, output, src, tgt)) is flagged


CHECK_CASES = [
    # source, output, tgt, forms, expected issue codes
    (
        "Mirzoyan met Bayramov on 7 November.",
        "Միրզոյանը նոյեմբերի 7-ին հանդիպեց Բայրամովի հետ։",
        "hy",
        {"Mirzoyan": "Միրզոյան", "Bayramov": "Բայրամով"},
        [],
    ),
    (
        "Mirzoyan met Bayramov on 7 November.",
        "Mirzoyan noyabrın 7-də Bayramovla görüşdü.",
        "az",
        {"Mirzoyan": "Mirzoyan", "Bayramov": "Bayramov"},
        [],
    ),
    (
        "Mirzoyan met Bayramov on 7 November.",
        "Միրզոյանը նոյեմբերին հանդիպեց նախարարի հետ։",
        "hy",
        {"Mirzoyan": "Միրզոյան", "Bayramov": "Բայրամով"},
        ["number-missing", "glossary-missing"],
    ),
    ("Mirzoyan met Bayramov.", "", "hy", {}, ["empty"]),
]


@pytest.mark.parametrize("source, output, tgt, forms, codes", CHECK_CASES)
def test_check(source: str, output: str, tgt: str, forms: dict[str, str], codes: list[str]) -> None:
    issues = textops.check(source, output, "en", tgt, forms)
    assert [issue.split(":")[0] for issue in issues] == codes


# ------------------------------------------------------------------ output language (the project's identifier)

LANGUAGE_CASES = [
    # source, output, src, tgt, expected issue codes
    ("The ministers met in Geneva on Monday to discuss the peace treaty.",
     "The ministers met in Geneva on Monday to discuss the peace treaty.", "en", "az", ["untranslated", "language"]),
    ("The ministers met in Geneva on Monday to discuss the peace treaty.",
     "Bakanlar barış anlaşmasını görüşmek için pazartesi günü Cenevre'de bir araya geldi.", "en", "az", ["language"]),
    ("The ministers met in Geneva on Monday to discuss the peace treaty.",
     "Nazirlər sülh müqaviləsini müzakirə etmək üçün bazar ertəsi Cenevrədə görüşüblər.", "en", "az", []),
    ("Министры встретились в Женеве, чтобы обсудить мирный договор.",
     "The ministers met in Geneva to discuss the peace treaty.", "ru", "en", []),
    ("The ministers met.", "Nazirlər görüşdü.", "en", "az", []),  # too short to judge: the script decides
]  # fmt: skip


@pytest.mark.parametrize("source, output, src, tgt, codes", LANGUAGE_CASES)
def test_output_language_checked_with_the_language_identifier(
    source: str, output: str, src: str, tgt: str, codes: list[str]
) -> None:
    from briefing.config import LangIdConfig
    from briefing.langid import LanguageIdentifier

    identify = LanguageIdentifier(LangIdConfig()).detect
    issues = textops.language_issues(source, output, src, tgt, identify)
    assert [issue.split(":")[0] for issue in issues] == codes, issues


SENTENCE_REPEAT_CASES = [
    # output, source, flagged
    ("Nazirlər Cenevrədə görüşüblər. Nazirlər Cenevrədə görüşüblər.", "The ministers met in Geneva.", True),
    ("Nazirlər Cenevrədə sülh müqaviləsini müzakirə ediblər, nazirlər Cenevrədə sülh müqaviləsini müzakirə ediblər.",
     "The ministers discussed the peace treaty in Geneva.", True),
    ("Tərəflər razılaşıb. Sonra nazirlər görüşüb. Tərəflər razılaşıb.", "Agreed. Then met. Agreed.", False),
    ("Nazirlər Cenevrədə görüşüblər. Tərəflər razılaşıblar.", "The ministers met. The sides agreed.", False),
]  # fmt: skip


@pytest.mark.parametrize("output, source, flagged", SENTENCE_REPEAT_CASES)
def test_a_repeated_whole_sentence_is_caught(output: str, source: str, flagged: bool) -> None:
    issues = textops.repetition_issues(output, source)
    assert bool(issues) == flagged, issues


def test_no_sentence_cap_without_max_items() -> None:
    """GPU batches are bounded by tokens only: 64 short sentences fit one batch of 2048 tokens."""
    assert textops.plan_batches([20] * 64, 2048) == [list(range(64))]
    assert len(textops.plan_batches([20] * 64, 2048, 16)) == 4


@pytest.mark.parametrize("lang, script", [("hy", "Armenian"), ("ru", "Cyrillic"), ("az", "Latin"), ("ka", "Georgian"),
                                          ("fa", "Arabic"), ("de", "Latin")])  # fmt: skip
def test_target_scripts_come_from_the_language_layer(lang: str, script: str) -> None:
    assert textops.target_script(lang) == script


def test_scripts_that_decide_a_language_come_from_the_language_layer() -> None:
    from briefing import lang
    from briefing.config import SCRIPT_LANGUAGE

    assert lang.single_language_scripts() == SCRIPT_LANGUAGE
    assert SCRIPT_LANGUAGE["Armenian"] == "hy" and "Latin" not in SCRIPT_LANGUAGE and "Cyrillic" not in SCRIPT_LANGUAGE


def test_every_language_has_a_check_sentence_in_its_own_language() -> None:
    from briefing import lang
    from briefing.config import LangIdConfig
    from briefing.lang.samples import SAMPLES
    from briefing.langid import LanguageIdentifier

    identify = LanguageIdentifier(LangIdConfig()).detect
    assert set(SAMPLES) == set(lang.LANGUAGES)
    assert {code: identify(text)[0] for code, text in SAMPLES.items()} == {code: code for code in SAMPLES}
