"""Stage 8: labels, dates and names in English, Armenian and Azerbaijani."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from babel import Locale

from briefing.document import OUTPUT_LANGUAGES, Person
from briefing.errors import ConfigError
from briefing.glossary import Glossary
from briefing.localise import (
    BABEL_LOCALES,
    Localiser,
    country,
    format_date,
    format_range,
    labels,
    language_name,
    parse_labels,
    person,
    place,
    role,
)

ARMENIAN = re.compile(r"[\u0531-\u0587]")
NON_LATIN_LETTER = re.compile(r"[^\W\d_a-zA-ZÀ-ɏəƏ]")  # Latin, with Azerbaijani schwa (U+0259)

#: Labels the renderer relies on.
REQUIRED_KEYS = [
    "title_prefix", "when", "where", "who", "host", "sources", "summary", "article_summaries", "fragments",
    "date_unknown", "published", "not_given", "event", "events", "articles", "generated", "untranslated_notice",
    "untranslated", "flagged", "original", "translation", "people", "roles", "briefing", "published_unknown",
    "written_in", "foreign_quotes", "original_in", "translation_en", "clean_text", "no_summary", "dates_mentioned",
    "source", "stripped", "not_translated", "flagged_notice",
]  # fmt: skip


# --- Labels -----------------------------------------------------------------------


def test_every_label_exists_in_every_language():
    keys = {lang: set(labels(lang)) for lang in OUTPUT_LANGUAGES}
    assert keys["en"] == keys["hy"] == keys["az"]
    assert set(REQUIRED_KEYS) <= keys["en"]
    for lang in OUTPUT_LANGUAGES:
        assert all(text.strip() for text in labels(lang).values()), lang


def filled(key: str, lang: str, language: str = "ru") -> str:
    """Label `key` in `lang` as the renderer prints it: a template's {language} and {marker} filled."""
    loc = Localiser(Glossary.load(), lang)
    name = loc.language_name(language)
    return loc.t(key, language=name, marker=loc.t("untranslated", language=name))


@pytest.mark.parametrize("key", sorted(labels("en")))
def test_armenian_labels_are_armenian_and_azerbaijani_labels_are_latin(key):
    hy, az = filled(key, "hy"), filled(key, "az")
    assert ARMENIAN.search(hy), f"{key}: {hy!r} has no Armenian letter"
    assert not NON_LATIN_LETTER.search(az), f"{key}: {az!r} is not in Latin script"
    assert not hy.endswith("."), f"{key}: Armenian sentences end with ։"


@pytest.mark.parametrize("lang", OUTPUT_LANGUAGES)
@pytest.mark.parametrize(
    ("notice", "marker"),
    [("untranslated_notice", "untranslated"), ("flagged_notice", "flagged"), ("no_source_notice", "no_source")],
)
def test_each_notice_quotes_its_marker_exactly(lang, notice, marker):
    assert f"[{filled(marker, lang)}]" in filled(notice, lang)


@pytest.mark.parametrize("key", ["untranslated_notice", "flagged_notice", "no_source_notice", "no_summary"])
def test_armenian_notices_end_with_the_armenian_full_stop(key):
    assert labels("hy")[key].endswith("։")


#: How each output language names the languages of the pages, as the notices and markers must say it.
LANGUAGE_IN_NOTICE = {
    ("en", "ru"): "Russian",
    ("en", "hy"): "Armenian",
    ("hy", "ru"): "ռուսերեն",
    ("hy", "en"): "անգլերեն",
    ("hy", "tr"): "թուրքերեն",
    ("az", "ru"): "rus dilində",
    ("az", "hy"): "erməni dilində",
    ("az", "en"): "ingilis dilində",
}


@pytest.mark.parametrize(("lang", "language"), sorted(LANGUAGE_IN_NOTICE))
def test_the_untranslated_notice_and_marker_name_the_sentences_language_in_the_files_language(lang, language):
    name = LANGUAGE_IN_NOTICE[lang, language]
    assert name in filled("untranslated", lang, language)
    assert name in filled("untranslated_notice", lang, language)


def test_markers_read_as_users_expect():
    assert filled("untranslated", "hy", "ru") == "ռուսերեն, չթարգմանված"
    assert filled("untranslated", "en", "hy") == "Armenian, untranslated"
    assert filled("untranslated", "az", "ru") == "rus dilində, tərcümə edilməyib"


def test_labels_are_read_only():
    with pytest.raises(TypeError):
        labels("en")["summary"] = "Abstract"  # type: ignore[index]


BAD_LABEL_FILES = [
    ({"summary": {"en": "Summary", "hy": "Ամփոփում"}}, "summary: missing az"),
    ({"summary": {"en": "Summary", "hy": "Ամփոփում", "az": " "}}, "summary: missing az"),
    ({"summary": "Summary"}, "summary: must be a mapping"),
    (
        {"summary": {"en": "Summary", "hy": "Ամփոփում", "az": "Xülasə", "ru": "Резюме"}},
        "summary: unknown language(s) ['ru']",
    ),
    ([], "(top level)"),
    (
        {"untranslated": {"en": "{language}, untranslated", "hy": "չթարգմանված", "az": "{language} dilində"}},
        "untranslated: placeholders differ between languages (en: language; hy: none; az: language)",
    ),
    ({"summary": {"en": "Summary {", "hy": "Ամփոփում", "az": "Xülasə"}}, "summary: en has malformed {placeholders}"),
]


@pytest.mark.parametrize(("data", "problem"), BAD_LABEL_FILES)
def test_a_label_file_missing_a_language_is_refused_naming_the_key(data, problem):
    with pytest.raises(ConfigError) as info:
        parse_labels(data, "labels.yaml")
    assert any(p.startswith(problem) for p in info.value.problems), info.value.problems


def test_an_unsupported_language_is_refused_listing_the_supported_ones():
    with pytest.raises(ValueError, match="choose from"):
        labels("ru")


# --- Dates -----------------------------------------------------------------------
#
# CLDR's date forms change between releases (CLDR 46 added "թ․" after an Armenian
# year), so these tests check what a reader needs, the year, CLDR's own month
# name (read through Babel) and the day, not one release's exact string.

DATE_CASES = [
    # (date, precision)
    (dt.date(2022, 11, 7), "day"),
    (dt.date(2023, 5, 31), "day"),
    (dt.date(2024, 8, 30), "day"),
    (dt.date(2022, 11, 7), "month"),
    (dt.date(2022, 11, 7), "year"),
]
LETTERS = {"en": re.compile(r"^[A-Za-z]+$"), "hy": ARMENIAN, "az": re.compile(r"^[^\W\d_]+$")}


def _cldr_month_names(lang: str) -> dict[int, set[str]]:
    """month -> CLDR's wide names for it in `lang` (both contexts: "նոյեմբերի" in dates, "նոյեմբեր" alone)."""
    months = Locale.parse(BABEL_LOCALES[lang]).months
    return {m: {months[context]["wide"][m] for context in ("format", "stand-alone")} for m in range(1, 13)}


def _parts(text: str, lang: str) -> tuple[list[int], list[int]]:
    """(the numbers in `text`, the months it names) in reading order."""
    names = _cldr_month_names(lang)
    tokens = re.findall(r"\w+", text)
    numbers = [int(t) for t in tokens if t.isdigit()]
    months = [m for t in tokens for m, forms in names.items() if t in forms]
    return numbers, months


@pytest.mark.parametrize("lang", OUTPUT_LANGUAGES)
@pytest.mark.parametrize(("d", "precision"), DATE_CASES)
def test_format_date_gives_exactly_the_parts_its_precision_names(d: dt.date, precision: str, lang: str) -> None:
    text = format_date(d, lang, precision)
    numbers, months = _parts(text, lang)
    assert sorted(numbers) == ([d.day, d.year] if precision == "day" else [d.year]), text
    assert months == ([] if precision == "year" else [d.month]), text
    words = re.findall(r"[^\W\d_]+", text)
    assert all(LETTERS[lang].search(w) for w in words), f"{text!r}: a word not in {lang}'s script"


def test_english_dates_read_day_month_year() -> None:
    """en_GB order, chosen as unambiguous to readers on both sides (see BABEL_LOCALES)."""
    (november,) = _cldr_month_names("en")[11]
    assert re.findall(r"\w+", format_date(dt.date(2022, 11, 7), "en")) == ["7", november, "2022"]


def test_an_unknown_precision_is_refused():
    with pytest.raises(ValueError, match="precision"):
        format_date(dt.date(2022, 11, 7), "en", "week")


@pytest.mark.parametrize("lang", OUTPUT_LANGUAGES)
def test_a_range_within_a_month_names_the_month_and_year_once_with_both_days(lang: str) -> None:
    text = format_range(dt.date(2023, 5, 1), dt.date(2023, 5, 4), lang)
    numbers, months = _parts(text, lang)
    assert months == [5] and numbers.count(2023) == 1, text
    assert re.search(r"0?1–0?4", text), text


@pytest.mark.parametrize("lang", OUTPUT_LANGUAGES)
@pytest.mark.parametrize("end", [dt.date(2022, 11, 7), None])
def test_a_one_day_range_is_that_date(lang: str, end: dt.date | None) -> None:
    assert format_range(dt.date(2022, 11, 7), end, lang) == format_date(dt.date(2022, 11, 7), lang)


@pytest.mark.parametrize("lang", OUTPUT_LANGUAGES)
@pytest.mark.parametrize(
    ("start", "end"), [(dt.date(2023, 4, 29), dt.date(2023, 5, 4)), (dt.date(2022, 12, 30), dt.date(2023, 1, 2))]
)
def test_a_range_across_months_gives_both_full_dates_around_a_dash(lang: str, start: dt.date, end: dt.date) -> None:
    text = format_range(start, end, lang)
    first, second = format_date(start, lang), format_date(end, lang)
    assert text.startswith(first) and text.endswith(second), text
    assert "–" in text[len(first) : -len(second)], text


def test_a_range_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="before it starts"):
        format_range(dt.date(2023, 5, 4), dt.date(2023, 5, 1), "en")


# --- Names --------------------------------------------------------------------------

NAME_CASES = [
    # (function, name, lang, expected)
    (person, "Nikol Pashinyan", "hy", "Նիկոլ Փաշինյան"),
    (person, "Nikol Pashinian", "az", "Nikol Paşinyan"),  # an alias gives the canonical form
    (person, "Jeyhun Bayramov", "az", "Ceyhun Bayramov"),
    (person, "Jeyhun Bayramov", "en", "Jeyhun Bayramov"),
    (person, "Daniyar Sadvakasov", "hy", "Daniyar Sadvakasov"),  # unknown: as written, not transliterated
    (place, "Baku", "az", "Bakı"),
    (place, "Geneva", "hy", "Ժնև"),
    (place, "Armenia", "hy", "Հայաստան"),  # a country named as a place
    (place, "Margara", "az", "Margara"),
    (country, "Turkey", "az", "Türkiyə"),
    (country, "Azerbaijan", "hy", "Ադրբեջան"),
    (country, "Austria", "hy", "Austria"),
]


@pytest.mark.parametrize(
    ("function", "name", "lang", "expected"), NAME_CASES, ids=lambda v: getattr(v, "__name__", None)
)
def test_names_come_from_the_glossary_or_stay_as_written(function, name, lang, expected):
    assert function(name, lang) == expected


@pytest.mark.parametrize(
    ("name", "lang", "expected"),
    [("Armenia", "hy", "Հայաստանի"), ("Armenia", "az", "Ermənistanın"), ("United States", "az", "ABŞ-ın")],
)
def test_country_genitive(name, lang, expected):
    assert country(name, lang, case="gen") == expected


ROLE_CASES = [
    # (person, lang, expected)
    (Person("Ararat Mirzoyan", "Foreign Minister", "Armenia"), "en", "Foreign Minister of Armenia"),
    (Person("Ararat Mirzoyan", "Foreign Minister", "Armenia"), "hy", "Հայաստանի արտաքին գործերի նախարար"),
    (Person("Ararat Mirzoyan", "Foreign Minister", "Armenia"), "az", "Ermənistanın xarici işlər naziri"),
    (Person("Antony Blinken", "Secretary of State", "United States"), "en", "Secretary of State of the United States"),
    (Person("Antony Blinken", "Secretary of State", "United States"), "hy", "ԱՄՆ-ի պետքարտուղար"),
    (Person("Antony Blinken", "Secretary of State", "United States"), "az", "ABŞ-ın dövlət katibi"),
    (Person("Ilham Aliyev", "President", "Azerbaijan"), "az", "Azərbaycanın prezidenti"),  # izafet suffix
    (Person("Olaf Scholz", "Chancellor", "Germany"), "az", "Almaniyanın kansleri"),
    (Person("Maria Zakharova", "Spokesperson", "Russia"), "az", "Rusiyanın sözçüsü"),  # -sI after a vowel
    (Person("Emmanuel Macron", "President", "France"), "hy", "Ֆրանսիայի նախագահ"),
    (Person("Nikol Pashinyan", "Prime Minister", None), "hy", "վարչապետ"),
    (Person("Nikol Pashinyan", "Prime Minister", None), "az", "baş nazir"),
    (Person("Alen Simonyan", "Speaker of Parliament", "Armenia"), "en", "Speaker of Parliament of Armenia"),
    (
        Person("Alen Simonyan", "Speaker of Parliament", "Armenia"),
        "az",
        "Speaker of Parliament of Armenia",
    ),  # no az form: English
    (Person("Ivan Novak", "Ambassador", "Slovenia"), "hy", "դեսպան (Slovenia)"),
    (Person("Toivo Klaar"), "en", ""),
    (Person("Toivo Klaar", None, "Estonia"), "hy", ""),
]


@pytest.mark.parametrize(("who", "lang", "expected"), ROLE_CASES)
def test_role_with_country_genitive(who, lang, expected):
    assert role(who, lang) == expected


def test_a_user_glossary_entry_is_used_by_the_localiser(tmp_path):
    extra = tmp_path / "glossary.yaml"
    extra.write_text(
        "people:\n  - {en: Daniyar Sadvakasov, hy: Դանիյար Սադվակասով, az: Daniyar Sadvakasov}\n", encoding="utf-8"
    )
    localiser = Localiser(Glossary.load(extra), "hy")
    assert localiser.person("Daniyar Sadvakasov") == "Դանիյար Սադվակասով"
    assert person("Daniyar Sadvakasov", "hy") == "Daniyar Sadvakasov"


def test_the_localiser_binds_language_and_glossary_and_changes_nothing():
    localiser = Localiser(Glossary.load(), "az")
    mirzoyan = Person("Ararat Mirzoyan", "Foreign Minister", "Armenia")
    assert localiser.label("summary") == localiser.t("summary") == labels("az")["summary"]
    assert localiser.date(dt.date(2022, 11, 7)) == format_date(dt.date(2022, 11, 7), "az")
    assert localiser.range(dt.date(2023, 5, 1), dt.date(2023, 5, 4)) == format_range(
        dt.date(2023, 5, 1), dt.date(2023, 5, 4), "az"
    )
    assert localiser.role(mirzoyan) == role(mirzoyan, "az")
    assert localiser.place("Yerevan") == "İrəvan"
    assert localiser.country("Armenia", "gen") == "Ermənistanın"


@pytest.mark.parametrize("lang", OUTPUT_LANGUAGES)
@pytest.mark.parametrize("code", ["ru", "hy", "az"])
def test_language_names_are_written_in_the_output_language(code: str, lang: str) -> None:
    name = language_name(code, lang)
    assert name != code and all(LETTERS[lang].search(w) for w in name.split()), name


def test_a_language_cldr_does_not_name_is_given_as_its_code() -> None:
    assert language_name("xx", "hy") == "xx"
