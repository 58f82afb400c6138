"""The glossary: en/hy/az forms, matching in text, user extension."""

import pytest

from briefing.errors import ConfigError
from briefing.glossary import Glossary


@pytest.fixture(scope="module")
def glossary():
    return Glossary.load()


FORMS = [
    ("Ararat Mirzoian", "hy", "Արարատ Միրզոյան"),  # a variant spelling resolves to the canonical entry
    ("Pashinian", "az", "Nikol Paşinyan"),
    ("Armenia", "az", "Ermənistan"),
    ("Washington", "hy", "Վաշինգտոն"),
    ("Foreign Minister", "hy", "արտաքին գործերի նախարար"),
    ("Somebody Unknown", "hy", "Somebody Unknown"),  # unknown names stay as written
]


@pytest.mark.parametrize("name, lang, expected", FORMS)
def test_form(glossary, name, lang, expected):
    assert glossary.form(name, lang) == expected


def test_find_prefers_longest_and_respects_case(glossary):
    text = "Talks on Nagorno-Karabakh; the price rose, said Ned Price, in Washington, D.C."
    found = [(m.text, m.entry.en) for m in glossary.find(text)]
    assert ("Nagorno-Karabakh", "Nagorno-Karabakh") in found
    assert ("Karabakh", "Karabakh") not in found
    assert ("Ned Price", "Ned Price") in found
    assert all(m != "price" for m, _ in found)
    assert ("Washington, D.C.", "Washington") in found


def test_genitive_and_demonym(glossary):
    assert glossary.country_of_demonym("Azerbaijani").en == "Azerbaijan"
    assert glossary.lookup("Armenia").form("hy", "gen") == "Հայաստանի"


def test_forms_for_translation(glossary):
    assert glossary.forms_for("Blinken met Bayramov in Sochi.", "en", "az") == {
        "Blinken": "Entoni Blinken",
        "Bayramov": "Ceyhun Bayramov",
        "Sochi": "Soçi",
    }


def test_user_glossary_extends_and_replaces(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text(
        "people:\n"
        "  - {en: Amanda Example, hy: Ամանդա Էքզամփլ, az: Amanda Eqzampl}\n"
        "places:\n"
        "  - {en: Washington, hy: ՎԱՇԻՆԳՏՈՆ, az: VAŞİNQTON, country: United States}\n"
    )
    glossary = Glossary.load(path)
    assert glossary.form("Amanda Example", "hy") == "Ամանդա Էքզամփլ"
    assert glossary.form("Washington", "az") == "VAŞİNQTON"
    assert glossary.form("Blinken", "az") == "Entoni Blinken"


@pytest.mark.parametrize(
    "text, problem",
    [
        ("people:\n  - {en: A B, hy: X}\n", "people.0: missing az"),
        ("planets:\n  - {en: Mars, hy: Մարս, az: Mars}\n", "planets: unknown section"),
        ("people:\n  - {en: A B, hy: X, az: Y, colour: red}\n", "people.0: unknown field(s) ['colour']"),
    ],
)
def test_invalid_user_glossary(tmp_path, text, problem):
    path = tmp_path / "g.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        Glossary.load(path)
    assert any(problem in p for p in info.value.problems)
