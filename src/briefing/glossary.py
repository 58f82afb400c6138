"""The glossary: English, Armenian and Azerbaijani forms of names.

Metadata uses it to recognise people, places, countries and roles; the
renderer uses it to localise them; translation uses it to force the target
forms of names. The packaged `data/glossary.yaml` is read first; a user file
named in `models.yaml` adds entries, and replaces any with the same `en` form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

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


def _entry(section: str, raw: object, where: str) -> Entry:
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: must be a mapping with en, hy and az")
    missing = [k for k in REQUIRED if not isinstance(raw.get(k), str) or not raw[k].strip()]
    if missing:
        raise ValueError(f"{where}: missing {', '.join(missing)}")
    unknown = set(raw) - set(REQUIRED) - OPTIONAL
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {sorted(unknown)}")
    forms = {k: raw[k].strip() for k in (*REQUIRED, "hy_gen", "az_gen") if raw.get(k)}
    aliases = list(raw.get("aliases") or [])
    if section == "people" and raw.get("surname_alias", True):
        surname = forms["en"].split()[-1]
        if surname != forms["en"]:
            aliases.append(surname)
    return Entry(
        kind=KIND_OF_SECTION[section],
        forms=forms,
        aliases=tuple(dict.fromkeys(str(a) for a in aliases)),
        country=raw.get("country"),
        demonyms=tuple(raw.get("demonyms") or ()),
    )


def _parse(data: object, label: str) -> list[Entry]:
    if data is None:
        return []
    if not isinstance(data, dict):
        raise ConfigError(label, ["(top level): must be a mapping of sections " + ", ".join(KINDS)])
    problems, entries = [], []
    for section, items in data.items():
        if section not in KINDS:
            problems.append(f"{section}: unknown section; choose from {', '.join(KINDS)}")
            continue
        for i, raw in enumerate(items or []):
            try:
                entries.append(_entry(section, raw, f"{section}.{i}"))
            except ValueError as exc:
                problems.append(str(exc))
    if problems:
        raise ConfigError(label, problems)
    return entries


def _read_entries(path: Path) -> list[Entry]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(str(path), ["glossary file not found"]) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(str(path), [f"cannot read glossary: {exc}"]) from None
    return _parse(data, str(path))


@lru_cache(maxsize=1)
def _packaged_entries() -> tuple[Entry, ...]:
    text = resources.files("briefing").joinpath("data/glossary.yaml").read_text(encoding="utf-8")
    return tuple(_parse(yaml.safe_load(text), "briefing/data/glossary.yaml"))
