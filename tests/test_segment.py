"""Stage 4: sentence splitting (briefing.segment)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.document import Fragment, Line
from briefing.segment import sentences, split_sentences

# language, paragraph, expected sentences
SPLIT_CASES = [
    # English. A name in the stoplist ("American") is no function word: it does not open a sentence.
    (
        "en",
        "The U.S. American mediators met both delegations. They left at noon.",
        ["The U.S. American mediators met both delegations.", "They left at noon."],
    ),
    (
        "en",
        "U.S. Secretary of State Antony Blinken met Mr. Mirzoyan on Jan. 5 in Washington. The talks lasted 2.5 hours.",
        [
            "U.S. Secretary of State Antony Blinken met Mr. Mirzoyan on Jan. 5 in Washington.",
            "The talks lasted 2.5 hours.",
        ],
    ),
    (
        "en",
        "More than 6,500 people were killed in 2020. Some 30,000 died in the 1990s.",
        ["More than 6,500 people were killed in 2020.", "Some 30,000 died in the 1990s."],
    ),
    (
        "en",
        "The talks were held in Washington, D.C. The next round is due in Brussels.",
        ["The talks were held in Washington, D.C.", "The next round is due in Brussels."],
    ),
    (
        "en",
        "Gen. Smith, Dr. Jones and St. Clair attended, e.g. at the opening. J. R. Hart did not.",
        ["Gen. Smith, Dr. Jones and St. Clair attended, e.g. at the opening.", "J. R. Hart did not."],
    ),
    (
        "en",
        "“I appreciate again… The additional progress toward this goal… The other relationship,” Blinken said. "
        "He left at 6 p.m. on Friday.",
        [
            "“I appreciate again… The additional progress toward this goal… The other relationship,” Blinken said.",
            "He left at 6 p.m. on Friday.",
        ],
    ),
    (
        "en",
        "“Direct dialogue is the best way to peace.” He added that the U.S. supports it. Is it enough? 2024 will tell!",
        [
            "“Direct dialogue is the best way to peace.”",
            "He added that the U.S. supports it.",
            "Is it enough?",
            "2024 will tell!",
        ],
    ),
    (
        "en",
        'Miller said: "Peace is achievable." Baku agreed. The vote was No. 3 vs. No. 4 in the list.',
        ['Miller said: "Peace is achievable."', "Baku agreed.", "The vote was No. 3 vs. No. 4 in the list."],
    ),
    ("en", "“Stop!” he shouted. They stopped.", ["“Stop!” he shouted.", "They stopped."]),
    ("en", "1. The ministers met. They agreed.", ["1. The ministers met.", "They agreed."]),
    # Month and weekday abbreviations come from the language layer's CLDR tables.
    (
        "en",
        "The talks began on Sept. 5 in Geneva. Ministers met again on Tue. 12 March.",
        ["The talks began on Sept. 5 in Geneva.", "Ministers met again on Tue. 12 March."],
    ),
    ("en", "Talks in Russia", ["Talks in Russia"]),
    # Armenian
    (
        "hy",
        "Հայաստանի և Ադրբեջանի արտգործնախարարները հանդիպեցին Վաշինգտոնում։ Բանակցությունները կշարունակվեն։",
        ["Հայաստանի և Ադրբեջանի արտգործնախարարները հանդիպեցին Վաշինգտոնում։", "Բանակցությունները կշարունակվեն։"],
    ),
    (
        "hy",
        "Նախարարը հայտարարեց: Երկխոսությունը կշարունակվի հաջորդ շաբաթ։",
        ["Նախարարը հայտարարեց:", "Երկխոսությունը կշարունակվի հաջորդ շաբաթ։"],
    ),
    (
        "hy",
        "Ինչպե՞ս կավարտվեն բանակցությունները։ Դեռ հայտնի չէ։",
        ["Ինչպե՞ս կավարտվեն բանակցությունները։", "Դեռ հայտնի չէ։"],
    ),
    (
        "hy",
        "Հանդիպմանը մասնակցում էր ԱՄՆ պետքարտուղար Ա. Բլինքենը, ինչպես նաև այլք... Կողմերը պայմանավորվեցին։",
        ["Հանդիպմանը մասնակցում էր ԱՄՆ պետքարտուղար Ա. Բլինքենը, ինչպես նաև այլք...", "Կողմերը պայմանավորվեցին։"],
    ),
    (
        "hy",
        "Նա ասաց. «Խաղաղությունը հնարավոր է»։ Ապա լրագրողները հարցեր տվեցին։",
        ["Նա ասաց. «Խաղաղությունը հնարավոր է»։", "Ապա լրագրողները հարցեր տվեցին։"],
    ),
    ("hy", "Ժամը 14:30-ին սկսվեց նիստը։", ["Ժամը 14:30-ին սկսվեց նիստը։"]),
    # Azerbaijani
    (
        "az",
        "Xarici işlər naziri Ceyhun Bayramov İrəvana getmədi. İclas ABŞ-da keçirildi.",
        ["Xarici işlər naziri Ceyhun Bayramov İrəvana getmədi.", "İclas ABŞ-da keçirildi."],
    ),
    (
        "az",
        "Görüşdə İ. Əliyev və N. Paşinyan iştirak etdi. Əsas məsələ sərhəd idi. Şuşada da görüş olacaq.",
        ["Görüşdə İ. Əliyev və N. Paşinyan iştirak etdi.", "Əsas məsələ sərhəd idi.", "Şuşada da görüş olacaq."],
    ),
    (
        "az",
        "Məs. Ağdam, Kəlbəcər və s. Çox rayon azad edildi. Ölkə b.e. IV əsrdə yaranıb.",
        ["Məs. Ağdam, Kəlbəcər və s.", "Çox rayon azad edildi.", "Ölkə b.e. IV əsrdə yaranıb."],
    ),
    (
        "az",
        "Nazir “Sülh yaxındır” dedi. Üç gün sonra danışıqlar bərpa olundu!",
        ["Nazir “Sülh yaxındır” dedi.", "Üç gün sonra danışıqlar bərpa olundu!"],
    ),
    (
        "az",
        "Görüş 5 noy. 2024-cü ildə keçiriləcək. Tərəflər razılaşıb.",
        ["Görüş 5 noy. 2024-cü ildə keçiriləcək.", "Tərəflər razılaşıb."],
    ),
    # Turkish
    (
        "tr",
        "Toplantıya Prof. Dr. Ahmet Kaya katıldı. Sınır, ulaşım, enerji vb. Konular da ele alındı.",
        ["Toplantıya Prof. Dr. Ahmet Kaya katıldı.", "Sınır, ulaşım, enerji vb.", "Konular da ele alındı."],
    ),
    # Russian
    (
        "ru",
        "Переговоры прошли в 2023 г. В Москве. «Мы готовы к миру», — заявил В. Путин. Всё.",
        ["Переговоры прошли в 2023 г. В Москве.", "«Мы готовы к миру», — заявил В. Путин.", "Всё."],
    ),
    (
        "ru",
        "Обсуждали границы, т.е. делимитацию, транспорт и т.д. Затем министры ушли.",
        ["Обсуждали границы, т.е. делимитацию, транспорт и т.д.", "Затем министры ушли."],
    ),
    # Other languages: the generic rule
    (
        "fr",
        "Les ministres se sont rencontrés à Washington. Ils ont convenu de continuer.",
        ["Les ministres se sont rencontrés à Washington.", "Ils ont convenu de continuer."],
    ),
    ("ka", "მინისტრები შეხვდნენ. მოლაპარაკებები გაგრძელდება.", ["მინისტრები შეხვდნენ.", "მოლაპარაკებები გაგრძელდება."]),
    ("en", "", []),
    ("hy", "   ", []),
]


@pytest.mark.parametrize(("language", "text", "expected"), SPLIT_CASES)
def test_split_sentences(language: str, text: str, expected: list[str]) -> None:
    assert split_sentences(text, language) == expected


def test_sentences_split_kept_lines_only_and_number_them() -> None:
    lines = [
        Line(1, "Share it...", kept=False, reason="share-button"),
        Line(2, "The ministers met on Monday. They agreed to meet again."),
        Line(3, ""),
        Line(4, "Talks will resume in Brussels"),
    ]
    got = [(s.text, s.line, s.index, s.language) for s in sentences(lines, "en")]
    assert got == [
        ("The ministers met on Monday.", 2, 0, "en"),
        ("They agreed to meet again.", 2, 1, "en"),
        ("Talks will resume in Brussels", 4, 2, "en"),
    ]


def _fragment(line: int, text: str, start: int, language: str | None, kind: str = "content") -> Fragment:
    return Fragment(
        page_id="p",
        line=line,
        start=start,
        end=start + len(text),
        text=text,
        script="Latin",
        language=language,
        confidence=0.99,
        kind=kind,  # type: ignore[arg-type]
        action="untranslated" if kind == "content" else "stripped",
    )


def test_sentence_inside_content_fragment_takes_its_language() -> None:
    az = "Xarici işlər naziri bəyanat verdi."
    text = f"The ministry issued a statement. {az} No date was given."
    fragment = _fragment(1, az, text.index(az), "az")
    got = [(s.text, s.language) for s in sentences([Line(1, text)], "en", [fragment])]
    assert got == [("The ministry issued a statement.", "en"), (az, "az"), ("No date was given.", "en")]


def test_quoted_fragment_language_includes_the_quote_marks() -> None:
    quote = "Мы готовы к миру."
    text = f"He spoke first. «{quote}» Then he left."
    fragment = _fragment(1, quote, text.index(quote), "ru")
    got = [(s.text, s.language) for s in sentences([Line(1, text)], "en", [fragment])]
    assert got == [("He spoke first.", "en"), (f"«{quote}»", "ru"), ("Then he left.", "en")]


@pytest.mark.parametrize(
    ("kind", "language", "fragment_line"),
    [("interface", "ru", 1), ("content", None, 1), ("content", "ru", 2)],
)
def test_fragment_language_applies_only_to_identified_content_on_its_line(
    kind: str, language: str | None, fragment_line: int
) -> None:
    text = "Поделиться ссылкой"
    fragment = _fragment(fragment_line, text, 0, language, kind)
    got = sentences([Line(1, text), Line(2, "Other text.")], "en", [fragment])
    assert got[0].language == "en"


# --- Properties -------------------------------------------------------------------------

LANGUAGES = st.sampled_from(["en", "hy", "az", "tr", "ru", "uk", "fr", "xx"])
TEXTS = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.sampled_from(list(" .!?…։:՞՜«»“”\"'’()İIıiƏəAaԱա1 \n\t")),
    ),
    max_size=200,
)


def _non_space(text: str) -> str:
    return "".join(text.split())


@settings(max_examples=400, deadline=None)
@given(text=TEXTS, language=LANGUAGES)
def test_split_never_loses_characters_and_is_deterministic(text: str, language: str) -> None:
    result = split_sentences(text, language)
    assert _non_space("".join(result)) == _non_space(text)
    assert all(s and s == s.strip() for s in result)
    assert split_sentences(text, language) == result


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(["Mr.", "U.S.", "the", "talks", "ended.", "İclas", "ABŞ.", "6.5", "…", "«Да»."]), max_size=30
    )
)
def test_split_of_word_soup_keeps_order(words: list[str]) -> None:
    text = " ".join(words)
    assert " ".join(split_sentences(text, "en")) == text
