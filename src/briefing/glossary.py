"""The glossary: the names of the peace process in English, Armenian, Azerbaijani, Russian and Turkish.

Metadata uses it to recognise people, places, countries and roles; the
renderer uses it to localise them; translation uses it to force the target
forms of names. The packaged `data/glossary.yaml` is read first; a user file
named in `models.yaml` adds entries, and replaces any with the same `en` form.
A user file is read as untrusted YAML (`briefing.safeyaml`), and a name that
would match ordinary text everywhere (an empty alias, or a common word such as
"the") is refused with the entry that holds it.

Names are found in their inflected forms too: «Միրզոյանի», «Мирзояном»,
"Bayramovun" and "Trump'ın" are Mirzoyan, Bayramov and Trump. Each word of the
text is reduced to its candidate base forms by the language layer
(`Language.name_stems`, the word's own script choosing the language), and a
name matches when each of its words is one of those bases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from itertools import pairwise
from pathlib import Path

import yaml

from . import lang, safeyaml
from .config import yaml_problem
from .errors import ConfigError
from .lang.names import name_key
from .lang.universal import ISO_SCRIPTS, script_of

KINDS = ("people", "countries", "places", "organisations", "roles")
KIND_OF_SECTION = {
    "people": "person",
    "countries": "country",
    "places": "place",
    "organisations": "organisation",
    "roles": "role",
}
#: The languages a glossary entry names itself in: the first three are required (the briefings' languages).
LANGUAGES = ("en", "hy", "az", "ru", "tr")
REQUIRED = ("en", "hy", "az")
OPTIONAL = {"ru", "tr", "aliases", "surname_alias", "country", "city", "hy_gen", "az_gen", "demonyms"}
#: How many (text, kinds, language) questions `Glossary.find` remembers (the oldest is forgotten first):
#: about a day's pages of sentences, a few MiB.
FIND_MEMO = 50_000
#: jusText's stop-word lists (installed with trafilatura) of the languages briefing reads.
COMMON_WORD_LISTS = ("English", "Armenian", "Azerbaijani", "Russian", "Turkish")

#: A word of a name: letters joined by inner dots, apostrophes and hyphens ("O'Brien", "Trump'ın", "ABŞ-ın"),
#: with the final dot of dotted initials ("U.S.", "D.C.").
_WORD = re.compile(r"[^\W\d_]+(?:[.'’-][^\W\d_]+)*(?:(?<=\.[^\W\d_])\.)?")
_SPACES = re.compile(r"\s+")
#: A case ending written after a hyphen, as Armenian and Azerbaijani do after acronyms: «ԱՄՆ-ի», "ABŞ-ın".
_HYPHEN_ENDING = re.compile(r"-[^\W\d_]{1,4}$")


@dataclass(frozen=True)
class Entry:
    kind: str  # person | country | place | organisation | role
    forms: Mapping[str, str]  # lang -> form; "hy_gen"/"az_gen" for genitives
    aliases: tuple[str, ...] = ()
    country: str | None = None  # for places
    demonyms: tuple[str, ...] = ()  # for countries
    city: str | None = None  # for a venue (a building): the city it is in

    @property
    def en(self) -> str:
        return self.forms["en"]

    def form(self, lang: str, case: str = "nom") -> str:
        """The name in `lang`; `case="gen"` asks for the genitive where the glossary has one."""
        if case == "gen" and f"{lang}_gen" in self.forms:
            return self.forms[f"{lang}_gen"]
        return self.forms.get(lang) or self.forms["en"]

    def surface_forms(self) -> tuple[str, ...]:
        return (self.en, *self.aliases, *(self.forms[code] for code in LANGUAGES[1:] if code in self.forms))


@dataclass(frozen=True)
class Match:
    entry: Entry
    start: int
    end: int
    text: str
    #: Every entry the name may be, `entry` first: a bare surname two people share ("Grigoryan") has two.
    candidates: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class _Name:
    """A surface form as the matcher reads it: its words and what separates them."""

    words: tuple[str, ...]
    separators: tuple[str, ...]
    entries: tuple[Entry, ...]


@dataclass
class Glossary:
    entries: list[Entry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_surface: dict[str, list[Entry]] = {}
        by_words: dict[tuple[tuple[str, ...], tuple[str, ...]], list[Entry]] = {}
        for entry in self.entries:
            for surface in entry.surface_forms():
                _add(self._by_surface.setdefault(surface.casefold(), []), entry)
                words, separators = _split(surface)
                if words:
                    _add(by_words.setdefault((words, separators), []), entry)
        # Names by their first word, longest first, so "Nagorno-Karabakh" wins over "Karabakh"
        # and "Ararat Mirzoyan" over "Mirzoyan". Matching is case-sensitive: "Price" is not "price".
        self._by_first: dict[str, list[_Name]] = {}
        for (words, separators), entries in by_words.items():
            self._by_first.setdefault(words[0], []).append(_Name(words, separators, tuple(entries)))
        for names in self._by_first.values():
            names.sort(key=lambda name: -len(name.words))
        self._prefixes = frozenset(word[:3] for word in self._by_first)
        self._hyphenated = frozenset(word for words, _ in by_words for word in words if "-" in word)
        self._found: dict[tuple[str, frozenset[str] | None, str | None], tuple[Match, ...]] = {}

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_found": {}}  # a worker gets the glossary, not what the driver looked up

    @classmethod
    def load(cls, user_path: Path | None = None) -> Glossary:
        """The packaged glossary, extended by `user_path` when given."""
        entries = list(_packaged_entries())
        if user_path is not None:
            extra = _read_entries(Path(user_path))
            replaced = {(e.kind, e.en) for e in extra}
            entries = [e for e in entries if (e.kind, e.en) not in replaced] + extra
        return cls(entries)

    def find(self, text: str, kinds: Iterable[str] | None = None, lang: str | None = None) -> list[Match]:
        """Non-overlapping mentions of glossary names in `text`, leftmost-longest, in any inflected form.

        `lang` is the text's language (ISO 639-1): Latin-script words inflect
        by its rules; Armenian and Cyrillic words by Armenian's and Russian's.
        Without it, Latin-script words are read as English (only "Trump's").
        """
        wanted = frozenset(kinds) if kinds is not None else None
        key = (text, wanted, lang)
        found = self._found.get(key)
        if found is None:  # a run asks about the same sentence many times (grouping, event summaries)
            if len(self._found) >= FIND_MEMO:
                del self._found[next(iter(self._found))]
            found = self._found[key] = tuple(self._find(text, wanted, lang))
        return list(found)

    def _find(self, text: str, wanted: frozenset[str] | None, lang: str | None) -> list[Match]:
        words = [part for m in _WORD.finditer(text) for part in self._parts(m, lang)]
        found = []
        i = 0
        while i < len(words):
            matched = self._match_at(words, i, text, lang)
            if matched is None:
                i += 1
                continue
            name, size = matched
            entry = name.entries[0]
            if wanted is None or entry.kind in wanted:
                start, end = words[i][0], words[i + size - 1][1]
                candidates = tuple(e for e in name.entries if wanted is None or e.kind in wanted)
                found.append(Match(candidates[0], start, end, text[start:end], candidates))
            i += size
        return found

    def _parts(self, word: re.Match[str], lang: str | None) -> list[tuple[int, int, str]]:
        """The word, or its hyphen-joined parts ("Bayramov-Mirzoyan", «Алиева-Пашиняна») when no name
        spells it with its hyphen ("Nagorno-Karabakh", "Kassym-Jomart", «ԱՄՆ-ի»)."""
        text = word.group()
        if "-" not in text or any(base in self._hyphenated for base in _bases(text, lang)):
            return [(word.start(), word.end(), text)]
        if _HYPHEN_ENDING.search(text) and text[: text.rindex("-")].isupper():
            return [(word.start(), word.end(), text)]  # an acronym's case ending: "ABŞ-ın"
        parts, offset = [], word.start()
        for part in text.split("-"):
            parts.append((offset, offset + len(part), part))
            offset += len(part) + 1
        return parts

    def _match_at(
        self, words: list[tuple[int, int, str]], i: int, text: str, lang: str | None
    ) -> tuple[_Name, int] | None:
        """The longest name whose words are the bases of the text's words from `i` on, and how many it takes."""
        first = words[i][2]
        if first[:3] not in self._prefixes and first not in self._by_first:
            return None
        for base in _bases(first, lang):
            for name in self._by_first.get(base, ()):
                size = len(name.words)
                if i + size > len(words):
                    continue
                if all(
                    name.words[k] in _bases(words[i + k][2], lang)
                    and _SPACES.sub(" ", text[words[i + k - 1][1] : words[i + k][0]]) == name.separators[k - 1]
                    for k in range(1, size)
                ):
                    return name, size
        return None

    def lookup(self, name: str, kind: str | None = None) -> Entry | None:
        for entry in self._by_surface.get(name.strip().casefold(), ()):
            if kind is None or entry.kind == kind:
                return entry
        return None

    def form(self, name: str, lang: str, kind: str | None = None, case: str = "nom") -> str:
        """`name` in `lang` when the glossary knows it, else `name` unchanged."""
        entry = self.lookup(name, kind)
        return entry.form(lang, case) if entry else name

    def country_of_demonym(self, word: str) -> Entry | None:
        for entry in self.entries:
            if entry.kind == "country" and word in entry.demonyms:
                return entry
        return None

    def people_with_key(self, key: str) -> tuple[Entry, ...]:
        """The people whose surname, in any of their languages' spellings, has this `name_key`."""
        return self._people_by_key.get(key, ())

    @cached_property
    def _people_by_key(self) -> dict[str, tuple[Entry, ...]]:
        keyed: dict[str, list[Entry]] = {}
        for entry in self.entries:
            if entry.kind != "person":
                continue
            names = [(entry.forms[code], code) for code in LANGUAGES if code in entry.forms]
            names += [(alias, word_language(alias, None)) for alias in entry.aliases]
            for name, code in names:
                _add(keyed.setdefault(name_key(name, code), []), entry)
        keyed.pop("", None)
        return {key: tuple(entries) for key, entries in keyed.items()}

    def forms_for(self, text: str, src: str, tgt: str) -> dict[str, str]:
        """Source surface -> target form, for every glossary name in `text` (for translation)."""
        return {m.text: m.entry.form(tgt) for m in self.find(text, lang=src) if m.entry.kind != "role"}


def _add(entries: list[Entry], entry: Entry) -> None:
    if entry not in entries:
        entries.append(entry)


def _split(surface: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A surface form's words and the separators between them (whitespace as one space)."""
    spans = [(m.start(), m.end()) for m in _WORD.finditer(surface)]
    words = tuple(surface[s:e] for s, e in spans)
    separators = tuple(_SPACES.sub(" ", surface[a[1] : b[0]]) for a, b in pairwise(spans))
    return words, separators


def word_language(word: str, code: str | None) -> str:
    """The language whose rules the name `word` inflects by: the one language written in its script
    (Armenian, Russian), else the text's language `code` when it is written in Latin letters, else English."""
    by_script = _script_languages().get(script_of(word))
    if by_script:
        return by_script
    return code if code in lang.LANGUAGES and lang.get(code).script == "Latn" else "en"


@lru_cache(maxsize=1)
def _script_languages() -> dict[str, str]:
    """Script name -> the language `briefing` reads in it, for the scripts only one language uses."""
    by_script: dict[str, list[str]] = {}
    for code in lang.LANGUAGES:
        by_script.setdefault(ISO_SCRIPTS[lang.get(code).script], []).append(code)
    return {script: codes[0] for script, codes in by_script.items() if len(codes) == 1}


@lru_cache(maxsize=65536)
def _bases(word: str, code: str | None) -> tuple[str, ...]:
    """`word` and the base forms it may inflect from, by the rules of its language (`word_language`)."""
    bases = [word, *lang.get(word_language(word, code)).name_stems(word)]
    hyphen = _HYPHEN_ENDING.search(word)
    if hyphen and word[: hyphen.start()].isupper():
        bases.append(word[: hyphen.start()])  # «ԱՄՆ-ի», "ABŞ-ın": an acronym's case ending
    return tuple(dict.fromkeys(bases))


def _entry(section: str, raw: object, where: str, refuse_common: bool) -> Entry:
    """One entry; ValueError names the entry (`where`, e.g. "people.3") and its problem."""
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: must be a mapping with en, hy and az (and ru, tr)")
    missing = [k for k in REQUIRED if not isinstance(raw.get(k), str) or not raw[k].strip()]
    if missing:
        raise ValueError(f"{where}: missing {', '.join(missing)}")
    unknown = set(raw) - set(REQUIRED) - OPTIONAL
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {sorted(unknown, key=str)}")
    for key in ("ru", "tr", "hy_gen", "az_gen", "country", "city"):
        if key in raw and not (isinstance(raw[key], str) and raw[key].strip()):
            raise ValueError(f"{where}.{key}: must be text")
    if not isinstance(raw.get("surname_alias", True), bool):
        raise ValueError(f"{where}.surname_alias: must be true or false")
    forms = {k: raw[k].strip() for k in (*LANGUAGES, "hy_gen", "az_gen") if raw.get(k)}
    refuse_common = refuse_common and section != "roles"  # role titles are common nouns by nature
    aliases = _names(raw, "aliases", where)
    for i, alias in enumerate(aliases):
        if refuse_common and is_common_word(alias):
            raise ValueError(
                f"{where}.aliases.{i}: {alias!r} is a common word and would match ordinary text everywhere"
            )
    if section == "people" and raw.get("surname_alias", True):
        for code in LANGUAGES:  # "Mirzoyan", «Միրզոյան», «Мирзоян»: a surname alone names the person
            surname = forms[code].split()[-1] if code in forms else ""
            if not surname or surname == forms[code]:
                continue
            if refuse_common and is_common_word(surname):
                raise ValueError(
                    f"{where}: the surname {surname!r} is a common word and would match ordinary text everywhere;"
                    " set surname_alias: false"
                )
            aliases.append(surname)
    return Entry(
        kind=KIND_OF_SECTION[section],
        forms=forms,
        aliases=tuple(dict.fromkeys(aliases)),
        country=raw.get("country"),
        demonyms=tuple(_names(raw, "demonyms", where)),
        city=raw.get("city"),
    )


def _names(raw: dict, key: str, where: str) -> list[str]:
    """A list field of names (aliases, demonyms), each non-empty text: an empty name matches everywhere."""
    value = raw.get(key) or []
    if not isinstance(value, list):
        raise ValueError(f"{where}.{key}: must be a list of names")
    for i, name in enumerate(value):
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"{where}.{key}.{i}: must be a non-empty name, got {name!r}")
    return [name.strip() for name in value]


def is_common_word(name: str) -> bool:
    """Whether `name` is a common word of the languages briefing reads, so it would match ordinary text.

    Matching is case-sensitive. A single word is common when the English list
    holds it in any casing but capitals ("the", "The"; acronyms such as "US"
    stay names), or when it is lowercase and any list holds it ("və", "и").
    Other lists are not asked about capitalised words: jusText's lists come
    from word frequencies and hold names too ("Bakı", "Qarabağ"). Several
    words are common when all are, written in lowercase ("of the").
    """
    english, every = _common_words()
    words = name.split()
    if len(words) == 1:
        return (name.casefold() in english and not name.isupper()) or (name.islower() and name in every)
    return name.islower() and all(word in every for word in words)


@lru_cache(maxsize=1)
def _common_words() -> tuple[frozenset[str], frozenset[str]]:
    """(the English list, every list in COMMON_WORD_LISTS), as jusText gives them (lowercase)."""
    from justext.utils import get_stoplist  # imported only to check a user glossary

    lists = [get_stoplist(name) for name in COMMON_WORD_LISTS]
    return lists[0], frozenset().union(*lists)


def _parse(data: object, label: str, refuse_common: bool = False) -> list[Entry]:
    if data is None:
        return []
    if not isinstance(data, dict):
        raise ConfigError(label, ["(top level): must be a mapping of sections " + ", ".join(KINDS)])
    problems, entries = [], []
    for section, items in data.items():
        if section not in KINDS:
            problems.append(f"{section}: unknown section; choose from {', '.join(KINDS)}")
            continue
        if not isinstance(items, list | None):
            problems.append(f"{section}: must be a list of entries")
            continue
        for i, raw in enumerate(items or []):
            try:
                entries.append(_entry(section, raw, f"{section}.{i}", refuse_common))
            except ValueError as exc:
                problems.append(str(exc))
    if problems:
        raise ConfigError(label, problems)
    return entries


def _read_entries(path: Path) -> list[Entry]:
    try:
        data = safeyaml.load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(str(path), ["glossary file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), [f"cannot read glossary: {exc}"]) from None
    except yaml.YAMLError as exc:
        raise ConfigError(str(path), [yaml_problem(exc)]) from None
    return _parse(data, str(path), refuse_common=True)


@lru_cache(maxsize=1)
def _packaged_entries() -> tuple[Entry, ...]:
    text = resources.files("briefing").joinpath("data/glossary.yaml").read_text(encoding="utf-8")
    return tuple(_parse(safeyaml.load(text), "briefing/data/glossary.yaml"))
