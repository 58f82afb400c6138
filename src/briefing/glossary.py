"""The glossary: English, Armenian and Azerbaijani forms of names.

Metadata uses it to recognise people, places, countries and roles; the
renderer uses it to localise them; translation uses it to force the target
forms of names. The packaged `data/glossary.yaml` is read first; a user file
named in `models.yaml` adds entries, and replaces any with the same `en` form.
A user file is read as untrusted YAML (`briefing.safeyaml`), and a name that
would match ordinary text everywhere (an empty alias, or a common word such as
"the") is refused with the entry that holds it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from . import safeyaml
from .config import yaml_problem
from .errors import ConfigError

KINDS = ("people", "countries", "places", "organisations", "roles")
KIND_OF_SECTION = {
    "people": "person",
    "countries": "country",
    "places": "place",
    "organisations": "organisation",
    "roles": "role",
}
REQUIRED = ("en", "hy", "az")
OPTIONAL = {"aliases", "surname_alias", "country", "hy_gen", "az_gen", "demonyms"}
#: jusText's stop-word lists (installed with trafilatura) of the languages briefing reads.
COMMON_WORD_LISTS = ("English", "Armenian", "Azerbaijani", "Russian", "Turkish")


@dataclass(frozen=True)
class Entry:
    kind: str  # person | country | place | organisation | role
    forms: Mapping[str, str]  # lang -> form; "hy_gen"/"az_gen" for genitives
    aliases: tuple[str, ...] = ()
    country: str | None = None  # for places
    demonyms: tuple[str, ...] = ()  # for countries

    @property
    def en(self) -> str:
        return self.forms["en"]

    def form(self, lang: str, case: str = "nom") -> str:
        """The name in `lang`; `case="gen"` asks for the genitive where the glossary has one."""
        if case == "gen" and f"{lang}_gen" in self.forms:
            return self.forms[f"{lang}_gen"]
        return self.forms.get(lang) or self.forms["en"]

    def surface_forms(self) -> tuple[str, ...]:
        return (self.en, *self.aliases, *(f for lang, f in self.forms.items() if lang in ("hy", "az")))


@dataclass(frozen=True)
class Match:
    entry: Entry
    start: int
    end: int
    text: str


@dataclass
class Glossary:
    entries: list[Entry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_surface: dict[str, Entry] = {}
        for entry in self.entries:
            for surface in entry.surface_forms():
                self._by_surface.setdefault(surface.casefold(), entry)
        surfaces = sorted({s for e in self.entries for s in e.surface_forms()}, key=len, reverse=True)
        # One alternation, longest first, so "Nagorno-Karabakh" wins over "Karabakh".
        # Matching is case-sensitive: these are proper names, and "Price" is not "price".
        self._pattern = (
            re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, surfaces)) + r")(?![\w-])") if surfaces else None
        )

    @classmethod
    def load(cls, user_path: Path | None = None) -> Glossary:
        """The packaged glossary, extended by `user_path` when given."""
        entries = list(_packaged_entries())
        if user_path is not None:
            extra = _read_entries(Path(user_path))
            replaced = {(e.kind, e.en) for e in extra}
            entries = [e for e in entries if (e.kind, e.en) not in replaced] + extra
        return cls(entries)

    def find(self, text: str, kinds: Iterable[str] | None = None) -> list[Match]:
        """Non-overlapping mentions of glossary names in `text`, leftmost-longest."""
        if self._pattern is None:
            return []
        wanted = set(kinds) if kinds is not None else None
        found = []
        for m in self._pattern.finditer(text):
            entry = self._by_surface[m.group().casefold()]
            if wanted is None or entry.kind in wanted:
                found.append(Match(entry, m.start(), m.end(), m.group()))
        return found

    def lookup(self, name: str, kind: str | None = None) -> Entry | None:
        entry = self._by_surface.get(name.strip().casefold())
        if entry is None or (kind is not None and entry.kind != kind):
            return None
        return entry

    def form(self, name: str, lang: str, kind: str | None = None, case: str = "nom") -> str:
        """`name` in `lang` when the glossary knows it, else `name` unchanged."""
        entry = self.lookup(name, kind)
        return entry.form(lang, case) if entry else name

    def country_of_demonym(self, word: str) -> Entry | None:
        for entry in self.entries:
            if entry.kind == "country" and word in entry.demonyms:
                return entry
        return None

    def forms_for(self, text: str, src: str, tgt: str) -> dict[str, str]:
        """Source surface -> target form, for every glossary name in `text` (for translation)."""
        return {m.text: m.entry.form(tgt) for m in self.find(text) if m.entry.kind != "role"}


def _entry(section: str, raw: object, where: str, refuse_common: bool) -> Entry:
    """One entry; ValueError names the entry (`where`, e.g. "people.3") and its problem."""
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: must be a mapping with en, hy and az")
    missing = [k for k in REQUIRED if not isinstance(raw.get(k), str) or not raw[k].strip()]
    if missing:
        raise ValueError(f"{where}: missing {', '.join(missing)}")
    unknown = set(raw) - set(REQUIRED) - OPTIONAL
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {sorted(unknown, key=str)}")
    for key in ("hy_gen", "az_gen", "country"):
        if key in raw and not (isinstance(raw[key], str) and raw[key].strip()):
            raise ValueError(f"{where}.{key}: must be text")
    if not isinstance(raw.get("surname_alias", True), bool):
        raise ValueError(f"{where}.surname_alias: must be true or false")
    forms = {k: raw[k].strip() for k in (*REQUIRED, "hy_gen", "az_gen") if raw.get(k)}
    refuse_common = refuse_common and section != "roles"  # role titles are common nouns by nature
    aliases = _names(raw, "aliases", where)
    for i, alias in enumerate(aliases):
        if refuse_common and is_common_word(alias):
            raise ValueError(
                f"{where}.aliases.{i}: {alias!r} is a common word and would match ordinary text everywhere"
            )
    if section == "people" and raw.get("surname_alias", True):
        surname = forms["en"].split()[-1]
        if surname != forms["en"]:
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
