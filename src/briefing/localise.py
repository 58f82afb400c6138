"""Stage 8: the words briefings print around the summaries, in en, hy and az.

- `labels(lang)`: headings, labels and notice templates (`{language}`), from the
  packaged `data/labels.yaml`.
- `format_date`, `format_range`: dates through Babel's CLDR data.
- `person`, `place`, `country`, `role`: names through the glossary; a name the
  glossary lacks is printed as written (never transliterated).
- `language_name`: a language's name, in `lang`, from CLDR.

Each function takes the output language; `Localiser` binds one language and
glossary for the renderer's convenience and adds nothing else.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Mapping
from functools import cache, lru_cache
from importlib import resources
from types import MappingProxyType

import yaml
from babel import Locale
from babel.dates import DateTimeFormat, format_skeleton
from babel.dates import format_date as _babel_format_date

from .document import OUTPUT_LANGUAGES, Person
from .errors import ConfigError
from .glossary import Glossary

#: Babel locale for each output language. English uses en_GB for day-month-year
#: order ("7 November 2022"), unambiguous to readers on both sides; Azerbaijani
#: is the Latin-script locale.
BABEL_LOCALES = {"en": "en_GB", "hy": "hy", "az": "az"}
PRECISIONS = ("day", "month", "year")
#: Babel skeletons for month and year precision ("November 2022", "2022").
_SKELETONS = {"month": "yMMMM", "year": "y"}
#: English country names that take "the" after "of": "Foreign Minister of the United States".
_NEEDS_THE = re.compile(
    r"^(?:United|Czech Republic)\b|\b(?:Republic|Kingdom|Federation|Emirates|Union|Netherlands|Philippines)\b"
)
#: Azerbaijani vowels, and the high vowel of the 3rd-person possessive suffix after each (vowel harmony).
_AZ_VOWELS = "aıoueəiöü"
_AZ_HIGH = {"a": "ı", "ı": "ı", "o": "u", "u": "u", "e": "i", "ə": "i", "i": "i", "ö": "ü", "ü": "ü"}

_LABELS_PATH = "data/labels.yaml"


# --- Labels ---------------------------------------------------------------------


def labels(lang: str) -> Mapping[str, str]:
    """Every briefing label in `lang` (read-only). Raises ValueError for a language briefings are not written in."""
    return _all_labels()[_check(lang)]


@lru_cache(maxsize=1)
def _all_labels() -> dict[str, Mapping[str, str]]:
    text = resources.files("briefing").joinpath(_LABELS_PATH).read_text(encoding="utf-8")
    return parse_labels(yaml.safe_load(text), f"briefing/{_LABELS_PATH}")


def parse_labels(data: object, label: str) -> dict[str, Mapping[str, str]]:
    """lang -> key -> text, from the YAML layout `key: {en: ..., hy: ..., az: ...}`.

    Raises ConfigError naming every key that lacks a language or is not text.
    """
    if not isinstance(data, dict) or not data:
        raise ConfigError(label, ["(top level): must be a mapping of label keys"])
    problems = []
    table: dict[str, dict[str, str]] = {lang: {} for lang in OUTPUT_LANGUAGES}
    for key, forms in data.items():
        if not isinstance(forms, dict):
            problems.append(f"{key}: must be a mapping with {', '.join(OUTPUT_LANGUAGES)}")
            continue
        missing = [lang for lang in OUTPUT_LANGUAGES if not isinstance(forms.get(lang), str) or not forms[lang].strip()]
        unknown = sorted(set(forms) - set(OUTPUT_LANGUAGES))
        if missing:
            problems.append(f"{key}: missing {', '.join(missing)}")
        if unknown:
            problems.append(f"{key}: unknown language(s) {unknown}")
        texts = {lang: forms[lang].strip() for lang in OUTPUT_LANGUAGES if isinstance(forms.get(lang), str)}
        problems += _placeholder_problems(str(key), texts)
        for lang, text in texts.items():
            table[lang][str(key)] = text
    if problems:
        raise ConfigError(label, problems)
    return {lang: MappingProxyType(entries) for lang, entries in table.items()}


def _placeholder_problems(key: str, texts: Mapping[str, str]) -> list[str]:
    """A template's `{placeholders}` must be well-formed and the same in every language, or a notice loses a word."""
    fields: dict[str, frozenset[str]] = {}
    for lang, text in texts.items():
        try:
            fields[lang] = frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)
        except ValueError as error:
            return [f"{key}: {lang} has malformed {{placeholders}} ({error}); write a brace as {{{{ or }}}}"]
    if len(set(fields.values())) > 1:
        found = "; ".join(f"{lang}: {', '.join(sorted(names)) or 'none'}" for lang, names in fields.items())
        return [f"{key}: placeholders differ between languages ({found})"]
    return []


# --- Dates -----------------------------------------------------------------------


def format_date(d: dt.date, lang: str, precision: str = "day") -> str:
    """`d` written in `lang` (CLDR long form): "7 November 2022", "November 2022" or "2022".

    `precision` is "day", "month" or "year"; only the parts it names are printed.
    """
    locale = _locale(lang)
    if precision == "day":
        return _babel_format_date(d, format="long", locale=locale)
    if precision not in _SKELETONS:
        raise ValueError(f"unknown date precision {precision!r}; choose from {list(PRECISIONS)}")
    return format_skeleton(_SKELETONS[precision], d, locale=locale)


def format_month_day(month: int, day: int, lang: str) -> str:
    """A day of a month with no year, e.g. "7 November" / "նոյեմբերի 7" / "7 noyabr"."""
    return format_skeleton("MMMMd", dt.date(2000, month, day), locale=_locale(lang))  # 2000: a leap year


def format_range(start: dt.date, end: dt.date | None, lang: str) -> str:
    """The days `start` to `end` in `lang`: "7 November 2022", "1–4 May 2023", "29 April 2023 – 4 May 2023".

    Within one month, the locale's long date pattern with its day field as a
    range; across months, the locale's interval pattern around two long dates
    (CLDR's own interval formats abbreviate month names in hy and az). `end`
    None or equal to `start` gives one date. Raises ValueError when `end` is
    before `start`.
    """
    if end is None or end == start:
        return format_date(start, lang)
    if end < start:
        raise ValueError(f"date range ends ({end}) before it starts ({start})")
    locale = _locale(lang)
    if (start.year, start.month) == (end.year, end.month):
        pattern = locale.date_formats["long"]
        return pattern.format % _DayRange(DateTimeFormat(start, locale=locale), DateTimeFormat(end, locale=locale))
    fallback = locale.interval_formats.get(None) or "{0} – {1}"
    return fallback.replace("{0}", format_date(start, lang)).replace("{1}", format_date(end, lang))


class _DayRange:
    """Date fields for a long-date pattern: the day as "start–end", every other field from `start`."""

    def __init__(self, start: DateTimeFormat, end: DateTimeFormat):
        self.start, self.end = start, end

    def __getitem__(self, field: str) -> str:
        if field.startswith("d"):
            return f"{self.start[field]}–{self.end[field]}"
        return self.start[field]


def language_name(code: str, lang: str) -> str:
    """The name of language `code` (ISO 639-1), written in `lang` (CLDR); the code itself when CLDR lacks it."""
    return _locale(lang).languages.get(code, code)


# --- Names -------------------------------------------------------------------------


def person(name: str, lang: str, glossary: Glossary | None = None) -> str:
    """A person's name in `lang` from the glossary, else as written."""
    return _glossary(glossary).form(name, _check(lang), kind="person")


def place(name: str, lang: str, glossary: Glossary | None = None) -> str:
    """A place (or a country used as a place) in `lang` from the glossary, else as written."""
    gloss = _glossary(glossary)
    entry = gloss.lookup(name, "place") or gloss.lookup(name, "country")
    return entry.form(_check(lang)) if entry else name


def country(name: str, lang: str, case: str = "nom", glossary: Glossary | None = None) -> str:
    """A country in `lang`; `case="gen"` gives the genitive ("Հայաստանի", "Ermənistanın"). Else as written."""
    return _glossary(glossary).form(name, _check(lang), kind="country", case=case)


def role(who: Person, lang: str, glossary: Glossary | None = None) -> str:
    """The person's office in `lang`, with the country when known; "" when the role is unknown.

    en: "Foreign Minister of Armenia"; hy: "Հայաստանի արտաքին գործերի նախարար";
    az: "Ermənistanın xarici işlər naziri" (genitive country, and the office
    takes the possessive suffix, izafet). A role the glossary lacks cannot be
    put into hy or az, so it is given in English ("Deputy Speaker of
    Armenia"); a country the glossary lacks follows the office in brackets.
    """
    lang = _check(lang)
    if not who.role:
        return ""
    gloss = _glossary(glossary)
    entry = gloss.lookup(who.role, "role")
    nation = gloss.lookup(who.country, "country") if who.country else None
    if lang == "en" or entry is None:
        office = entry.en if entry else who.role
        if not who.country:
            return office
        name = nation.en if nation else who.country
        return f"{office} of {'the ' if _NEEDS_THE.search(name) else ''}{name}"
    office = entry.form(lang)
    if not who.country:
        return office
    if nation is None or f"{lang}_gen" not in nation.forms:
        return f"{office} ({nation.form(lang) if nation else who.country})"
    genitive = nation.form(lang, case="gen")
    return f"{genitive} {_az_possessive(office) if lang == 'az' else office}"


def _az_possessive(office: str) -> str:
    """An Azerbaijani office with the 3rd-person possessive suffix an izafet needs: prezident -> prezidenti.

    A compound already ending in a high vowel is taken as already marked
    ("xarici işlər naziri", "dövlət katibi"); a single word is always marked
    ("sözçü" -> "sözçüsü"). Suffix vowel by vowel harmony; -sI after a vowel.
    """
    words = office.split()
    last = words[-1]
    vowels = [ch for ch in last.casefold() if ch in _AZ_VOWELS]
    if not vowels:
        return office
    if len(words) > 1 and last[-1].casefold() in "ıiuü":
        return office
    suffix = _AZ_HIGH[vowels[-1]]
    words[-1] = last + ("s" + suffix if last[-1].casefold() in _AZ_VOWELS else suffix)
    return " ".join(words)


# --- One language, bound ------------------------------------------------------------


class Localiser:
    """The functions of this module for one output language and glossary."""

    def __init__(self, glossary: Glossary, lang: str):
        self.glossary = glossary
        self.lang = _check(lang)
        self.labels = labels(lang)

    def label(self, key: str, **values: str) -> str:
        """The label `key` in this language, its `{placeholders}` filled from `values`; KeyError names an unknown key."""
        text = self.labels[key]
        return text.format(**values) if values else text

    t = label  # short alias for templates: loc.t("summary")

    def date(self, d: dt.date, precision: str = "day") -> str:
        return format_date(d, self.lang, precision)

    def range(self, start: dt.date, end: dt.date | None) -> str:
        return format_range(start, end, self.lang)

    def month_day(self, month: int, day: int) -> str:
        return format_month_day(month, day, self.lang)

    def person(self, name: str) -> str:
        return person(name, self.lang, self.glossary)

    def place(self, name: str) -> str:
        return place(name, self.lang, self.glossary)

    def country(self, name: str, case: str = "nom") -> str:
        return country(name, self.lang, case, self.glossary)

    def role(self, who: Person) -> str:
        return role(who, self.lang, self.glossary)

    def language_name(self, code: str) -> str:
        return language_name(code, self.lang)


# --- Helpers ------------------------------------------------------------------------


def _check(lang: str) -> str:
    if lang not in OUTPUT_LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; choose from {list(OUTPUT_LANGUAGES)}")
    return lang


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(BABEL_LOCALES[_check(lang)])


@lru_cache(maxsize=1)
def _packaged_glossary() -> Glossary:
    return Glossary.load()


def _glossary(glossary: Glossary | None) -> Glossary:
    return glossary if glossary is not None else _packaged_glossary()
