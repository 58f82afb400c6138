"""The language layer: everything `briefing` knows about a language, in one module per language.

Stages ask `get(code)` for a `Language` and never keep word lists of their own:

    from briefing import lang
    ru = lang.get("ru")
    ru.furniture_family("Читайте также: ...")   # "related"
    ru.months["ноября"]                          # 11
    ru.name_stems("Мирзояном")                   # ("Мирзоян", "Мирзояном")

Dates are found by `briefing.lang.dates`, names keyed across scripts by
`briefing.lang.names`. Importing this package is cheap: a language module is
imported on its first `get`, and its tables (CLDR names through Babel,
jusText stop words, compiled regexes) are built on first use and cached.

How to add a language: write `briefing/lang/<code>.py` on the model of the
others, add the code to `LANGUAGES`, and extend the case tables in
tests/test_lang.py, tests/test_dates.py and tests/test_names.py. The module
defines `LANGUAGE = Language(...)` with:

- `code`, `name`, `script` (ISO 15924), `letters` (a regex class of the alphabet),
  `sentence_terminals`, `date_order` ("DMY" or "MDY" for numeric dates);
- `stoplist`: the name of its jusText stoplist (justext/stoplists/<name>.txt);
- `month_rule`, `weekday_rule`: the case forms CLDR lacks, generated from the
  CLDR forms (Babel must know the locale); `extra_months`, `extra_weekdays`
  for spellings outlets use that CLDR lacks;
- `dates`: a `DateGrammar`: what follows a day or a year, word order,
  range joiners, dateline labels and words, weekday cues;
- `meeting_phrases`, `preview_phrases`, `background_phrases`: regex fragments
  over inflected forms, on folded text; `plan_phrases`: words of a plan or of the
  future ("is expected", "next week") that announce a meeting only beside a meeting word;
  `speech_phrases`: verbs of speaking ("said", «заявил»), for the day someone spoke;
- `furniture_phrases`: for each family of `FURNITURE_FAMILIES` but
  "dateline" (built from the month tables), fragments matching a whole line;
- `role_phrases`: (role key from `ROLE_KEYS`, fragment), deputies before the
  roles they contain;
- `venue_before`, `venue_endings`: the words before a place name, or the
  locative endings of its last word, that say where something happens
  ("in Geneva", "в Женеве", "Ժնևում", "Cenevrədə", "Cenevre'de");
- `length_phrases`: (days, fragment) for how long a meeting lasts ("three
  days of talks", "եռօրյա"), never "three days later";
- `stems`: candidate base forms of an inflected name (never under 3 letters);
- `romanise`: letters to spell the way English and Russian spellings of
  names do before anyascii runs (optional); `turkic_case` for dotted/dotless i;
- `abbreviations`, `closing_abbreviations`: words whose final period is not a
  full stop ("gen.", "т.е."), and those that may also end a sentence ("etc.").

Knowledge of no one language that stages share (scripts, language-switcher
labels, top-level domains) lives in `briefing.lang.universal`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from ..errors import BriefingError
from ._base import FURNITURE_FAMILIES, FURNITURE_MAX_CHARS, ROLE_KEYS, DateGrammar, Language, segments_family

__all__ = [
    "FURNITURE_FAMILIES",
    "LANGUAGES",
    "ROLE_KEYS",
    "DateGrammar",
    "Language",
    "UnknownLanguage",
    "furniture_family",
    "get",
]

#: The languages `briefing` knows, as ISO 639-1 codes.
LANGUAGES = ("en", "hy", "az", "ru", "tr")


class UnknownLanguage(BriefingError, LookupError):
    """A language code `briefing` has no module for."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(f"unknown language {code!r}; known languages: {', '.join(LANGUAGES)}")


def furniture_family(line: str, languages: Iterable[str] = LANGUAGES) -> str | None:
    """The furniture family of `line` in any of `languages` (page language first), or None for text.

    Pages of the region mix languages in their furniture: a Russian page of an
    Armenian site says «Կիսվել», an Azerbaijani one "Read more". Each part of a
    "|"-separated widget line may be in a different language.
    """
    candidates = [get(code) for code in languages]

    def in_any_language(text: str) -> str | None:
        for language in candidates:
            prepared = language.furniture_text(text)
            family = language.match_furniture(prepared) if len(prepared) <= FURNITURE_MAX_CHARS else None
            if family:
                return family
        return None

    if not candidates:
        return None
    return in_any_language(line) or segments_family(candidates[0].furniture_text(line), in_any_language)


#: Languages already looked up, by the code as it was asked for: `get` is called
#: about 500 times per page (every line's furniture check asks for each language).
_LOADED: dict[str, Language] = {}


def get(code: str | Language) -> Language:
    """The `Language` for an ISO 639-1 code ("hy", "RU"); a `Language` is returned as it is."""
    if isinstance(code, Language):
        return code
    language = _LOADED.get(code)
    if language is None:
        key = code.strip().lower()
        if key not in LANGUAGES:
            raise UnknownLanguage(code)
        language = _LOADED[code] = importlib.import_module(f"{__name__}.{key}").LANGUAGE
    return language


def script_name(code: str) -> str:
    """The script (a `universal.SCRIPT_LETTERS` name) that language `code` is written in: "hy" -> "Armenian".

    The five languages answer from their module (`Language.script`); other languages
    from `universal.FOREIGN_LANGUAGE_SCRIPTS`, else Latin.
    """
    from .universal import FOREIGN_LANGUAGE_SCRIPTS, ISO_SCRIPTS

    key = code.strip().lower()
    if key in LANGUAGES:
        return ISO_SCRIPTS[get(key).script]
    return FOREIGN_LANGUAGE_SCRIPTS.get(key, "Latin")


def single_language_scripts() -> dict[str, str]:
    """Scripts that only one language writes, among the five and the foreign ones pages quote: script -> code.

    Armenian is hy's alone (Georgian ka's, ...); Latin, Cyrillic and Arabic are shared, so the script cannot decide them.
    """
    from .universal import FOREIGN_LANGUAGE_SCRIPTS

    by_script: dict[str, list[str]] = {}
    for code in (*LANGUAGES, *FOREIGN_LANGUAGE_SCRIPTS):
        by_script.setdefault(script_name(code), []).append(code)
    return {script: codes[0] for script, codes in by_script.items() if len(codes) == 1}
