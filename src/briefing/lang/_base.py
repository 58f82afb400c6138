"""The `Language` record and the machinery that turns a language module's data into lookups and regexes.

A language module gives plain data (strings, regex fragments, small rule
functions); everything derived from it (CLDR month and weekday tables, the
jusText stop words, compiled regexes) is built on first use and cached on the
`Language` object, so importing a language costs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

from ._common import FURNITURE, STAMP_WORDS, TURKIC_LOWER, alternation, words_re

#: Furniture patterns are meant for short lines: longer lines are prose and are
#: never furniture (the longest notices, reuse terms with a site name and a
#: link, run to about 250 characters).
FURNITURE_MAX_CHARS = 300

#: How far down a jusText stoplist (most frequent words first) its words are function words: about the
#: first thousand in every language; further down the lists turn to nouns and names («автомобиль», "almaniya").
STOPLIST_MAX_RANK = 1000

#: Role keys: the glossary's English role names (src/briefing/data/glossary.yaml),
#: plus the roles the glossary lacks. Every language maps its titles onto these.
ROLE_KEYS = (
    "President",
    "Vice President",
    "Prime Minister",
    "Deputy Prime Minister",
    "Foreign Minister",
    "Deputy Foreign Minister",
    "Secretary of State",
    "Defence Minister",
    "Spokesperson",
    "National Security Adviser",
    "Security Council Secretary",
    "Presidential Aide",
    "Special Representative",
    "Ambassador",
    "Speaker of Parliament",
    "Chancellor",
    "Secretary-General",
    "High Representative",
)

#: Furniture families, in the order `Language.furniture_family` tries them
#: (specific shapes before broad ones).
FURNITURE_FAMILIES = (
    "dateline",
    "byline",
    "bio",
    "counter",
    "clock",
    "share",
    "related",
    "related_end",
    "comments",
    "subscribe",
    "player",
    "copyright",
    "tags",
    "photo",
    "cookie",
    "navigation",
)

_LEADING_MARKS = re.compile(r"^(?:[\s*_>•·▪●◦‣∙|]|#+\s)+|^[-–—]+\s+")  # "# Heading", not "#hashtag"
_TRAILING_MARKS = re.compile(r"[\s*_|:։՝]+$")
#: Widgets share a header line: "Monday, 30 November 2026 | Baku +7°C", "Dolar 42,41 | Euro 49,06".
_SEGMENTS = re.compile(r"\s+[|•·]\s+|\s*\|\s*")
_SPACES = re.compile(r"\s+")
_TOKEN = re.compile(r"[^\W\d_]+")


def segments_family(text: str, family_of: Callable[[str], str | None]) -> str | None:
    """The family of the first part of a "|"-separated line when `family_of` finds every part furniture."""
    parts = [part for part in _SEGMENTS.split(text) if part.strip()]
    if len(parts) < 2:
        return None
    families = [family_of(part.strip()) for part in parts]
    return families[0] if all(families) else None


@dataclass(frozen=True)
class DateGrammar:
    """How a language writes dates around the month and weekday names (regex fragments on folded text)."""

    #: What may follow a day number: "th", "-ին", "-də", "'ta", "-го".
    day_suffix: str
    #: What may follow a year: "г.", "թ.", "-cü il", "yılında".
    year_suffix: str
    #: Between a day and the month after it ("7 of May" in English).
    day_month_glue: str = r"\s+"
    #: Whether prose writes the month before the day ("May 7", "մայիսի 7-ին", "mayın 7-də").
    month_day: bool = False
    #: Whether numeric dates may be written in either order, the page's written dates telling which: an
    #: English site that writes "7 November 2022" writes 07/11/2022 day first, one that writes
    #: "November 7, 2022" writes it month first. Elsewhere the language fixes the order.
    numeric_order_follows_prose: bool = False
    #: Whether prose writes the year first ("2023 թ. հունիսի 6", "2023-cü il iyunun 6-da").
    year_first: bool = False
    #: Between the two ends of a range: "1-4", "1 to 4", "с 1 по 4", "1-dən 4-dək".
    range_joiner: str = r"\s*[-–—]\s*"
    #: Words a dateline may hold besides dates and numbers: labels, time words, ordinal and case endings.
    stamp_words: tuple[str, ...] = ()
    #: Labels that mark the publication time ("Published", "Опубликовано", "Դրված է").
    published_label: str = r"(?!)"
    #: Labels that mark a later revision ("Updated", "Обновлено").
    updated_label: str = r"(?!)"
    #: Words before a weekday, each mapped to what it says: "" (on), "last", "next", "this".
    weekday_cues: Mapping[str, str] = field(default_factory=dict)
    #: Words that may follow a weekday and belong to it ("օրը", "günü").
    weekday_after: str = r"(?!)"
    #: Weekday forms that mean something else too, and what they need to count as a weekday:
    #: "after" (the `weekday_after` word: Armenian շաբաթ is also "week"), "cue" (a cue word before:
    #: Russian среду is also "environment"), or "never" (not a weekday in running text).
    weekday_context: Mapping[str, str] = field(default_factory=dict)
    #: Folded words and phrases for a day counted from the page's publication date -> that count:
    #: "yesterday" -1, "сегодня" 0, "yarın" 1. Words that mostly mean something else stay out
    #: (az/tr "sabah" is also "morning" and a newspaper's name).
    relative_days: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Language:
    """Everything `briefing` knows about one language. Built by `briefing.lang.<code>`; get it with `lang.get`."""

    code: str  # ISO 639-1
    name: str  # English name
    script: str  # ISO 15924: Latn, Armn, Cyrl
    letters: str  # a regex character class of the alphabet, e.g. "[A-Za-z]"
    sentence_terminals: str  # characters that end a sentence
    date_order: str  # how numeric dates are read by default: "DMY" or "MDY"
    dates: DateGrammar = field(repr=False, compare=False)
    #: The jusText stoplist file (justext/stoplists/<name>.txt) the stop words come from.
    stoplist: str = field(repr=False, compare=False, default="")
    #: Extra month forms by rule (case forms), given the month number and its CLDR forms.
    month_rule: Callable[[int, tuple[str, ...]], Iterable[str]] = field(
        repr=False, compare=False, default=lambda n, f: ()
    )
    #: Extra weekday forms by rule, given the weekday (0 = Monday) and its CLDR forms.
    weekday_rule: Callable[[int, tuple[str, ...]], Iterable[str]] = field(
        repr=False, compare=False, default=lambda n, f: ()
    )
    #: Forms CLDR lacks that outlets use ("Sept", "Tues"), by number.
    extra_months: Mapping[str, int] = field(repr=False, compare=False, default_factory=dict)
    extra_weekdays: Mapping[str, int] = field(repr=False, compare=False, default_factory=dict)
    #: Whether month and weekday names are only names when capitalised ("May" vs "may").
    capitalised_names: bool = field(repr=False, compare=False, default=False)
    #: Regex fragments (on folded text, inflection included) for the three kinds of sentence.
    meeting_phrases: tuple[str, ...] = field(repr=False, compare=False, default=())
    preview_phrases: tuple[str, ...] = field(repr=False, compare=False, default=())
    #: Words of a plan ("is expected", "next week", "tomorrow") that announce a meeting only beside a meeting word.
    plan_phrases: tuple[str, ...] = field(repr=False, compare=False, default=())
    #: Verbs of speaking ("said", «заявил», «հայտնեց», "bildirib", "açıkladı").
    speech_phrases: tuple[str, ...] = field(repr=False, compare=False, default=())
    background_phrases: tuple[str, ...] = field(repr=False, compare=False, default=())
    #: Furniture family -> regex fragments, each meant to match a whole folded line.
    furniture_phrases: Mapping[str, tuple[str, ...]] = field(repr=False, compare=False, default_factory=dict)
    #: (role key, regex fragment) in priority order: where two match at one place the first wins.
    role_phrases: tuple[tuple[str, str], ...] = field(repr=False, compare=False, default=())
    #: Where a place name says where something happens ("in Geneva", "в Женеве", "Ժնևում", "Cenevrədə"):
    #: words just before it (regex fragments on folded text), and locative endings of its last word.
    venue_before: tuple[str, ...] = field(repr=False, compare=False, default=())
    venue_endings: tuple[str, ...] = field(repr=False, compare=False, default=())
    #: (days, regex fragment on folded text) for how long a meeting lasts: "three days of talks", "եռօրյա".
    length_phrases: tuple[tuple[int, str], ...] = field(repr=False, compare=False, default=())
    #: Candidate base forms of an inflected proper name, most likely first.
    stems: Callable[[str], tuple[str, ...]] = field(repr=False, compare=False, default=lambda w: (w,))
    #: Letter -> Latin spelling used before anyascii when keying names ("ə" -> "e").
    romanise: Mapping[str, str] = field(repr=False, compare=False, default_factory=dict)
    #: Whether I/İ and ı/i are distinct letters (Azerbaijani, Turkish).
    turkic_case: bool = field(repr=False, compare=False, default=False)
    #: Languages of the same script and much the same words (Azerbaijani and Turkish): on a short line
    #: without sentence shape an identifier cannot tell them from this one (see `langid`).
    close_languages: tuple[str, ...] = field(repr=False, compare=False, default=())
    #: Words written with a final period that do not end a sentence ("gen.", "т.е.", "məs."), folded.
    abbreviations: frozenset[str] = field(repr=False, compare=False, default=frozenset())
    #: Abbreviations that close a list and so may end a sentence ("etc.", "т.д.", "vb."), folded.
    closing_abbreviations: tuple[str, ...] = field(repr=False, compare=False, default=())

    # --- text ---------------------------------------------------------------

    def fold(self, text: str) -> str:
        """Lower-case `text` by this language's rules, keeping its length (so spans stay valid)."""
        if self.turkic_case:
            text = text.translate(TURKIC_LOWER)
        lowered = text.lower()
        if len(lowered) == len(text):
            return lowered
        return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)

    def name_stems(self, word: str) -> tuple[str, ...]:
        """Candidate base forms of an inflected proper name, most likely first (never under 3 letters)."""
        return self.stems(word)

    # --- word lists -------------------------------------------------------------

    @cached_property
    def frequent_words(self) -> frozenset[str]:
        """Every word of the jusText stoplist (the language's most frequent words on Wikipedia, names and
        nouns among them), folded, without punctuation or words of other scripts: what tells one language
        from another of its script ("Türkiye" says Turkish as much as "ve" does)."""
        return frozenset(self._stoplist[0])

    @cached_property
    def stop_words(self) -> frozenset[str]:
        """The function words of the jusText stoplist, folded, without punctuation or words of other scripts.

        The stoplists are the most frequent words of Wikipedia, so they hold content words
        too: names ("Azərbaycan", «Москве», "American"), months («ноября», "mayın") and,
        further down, common nouns. A word the list only ever writes capitalised is a name,
        a month or weekday is a date word, and only the first `STOPLIST_MAX_RANK` entries count.
        """
        ranked, names = self._stoplist
        dates = set() if self.capitalised_names else {*self.months, *self.weekdays}
        return frozenset(set(ranked[:STOPLIST_MAX_RANK]) - names - dates)

    @cached_property
    def _stoplist(self) -> tuple[list[str], frozenset[str]]:
        """(the stoplist's words folded, most frequent first; those it only ever writes capitalised)."""
        import justext

        path = Path(justext.__file__).parent / "stoplists" / f"{self.stoplist}.txt"
        word = re.compile(rf"{self.letters}+(?:['’-]{self.letters}+)*")
        ranked: list[str] = []
        lower: set[str] = set()
        capitalised: set[str] = set()
        for line in path.read_text(encoding="utf-8").split():
            raw = line.strip(".,;:!?()[]«»\"'“”։՝")
            token = self.fold(raw)
            if word.fullmatch(token):
                ranked.append(token)
                (lower if raw[:1] == token[:1] else capitalised).add(token)
        return list(dict.fromkeys(ranked)), frozenset(capitalised - lower)

    @cached_property
    def months(self) -> Mapping[str, int]:
        """Folded month form -> month (1-12): CLDR wide and abbreviated, format and stand-alone, and case forms."""
        return MappingProxyType(self._month_table[0])

    @cached_property
    def weekdays(self) -> Mapping[str, int]:
        """Folded weekday form -> weekday (0 = Monday), as `months`; abbreviations ("Tue", "пн") included."""
        return MappingProxyType(self._weekday_table[0])

    @cached_property
    def weekday_abbreviations(self) -> frozenset[str]:
        """The folded weekday forms that are abbreviations: datelines use them, running text does not."""
        return self._weekday_table[1]

    @cached_property
    def month_abbreviations(self) -> frozenset[str]:
        """The folded month forms that are abbreviations ("jan", "sept", "нояб"): a period after them is not a full stop."""
        return self._month_table[1]

    @cached_property
    def _month_table(self) -> tuple[dict[str, int], frozenset[str]]:
        return self._names("months", self.month_rule, self.extra_months)

    @cached_property
    def _weekday_table(self) -> tuple[dict[str, int], frozenset[str]]:
        return self._names("days", self.weekday_rule, self.extra_weekdays)

    def _names(
        self, kind: str, rule: Callable[[int, tuple[str, ...]], Iterable[str]], extra: Mapping[str, int]
    ) -> tuple[dict[str, int], frozenset[str]]:
        """(form -> number, abbreviations) from CLDR through Babel, the module's case rule and its extra forms.

        An abbreviation is a CLDR abbreviated form that is not also a wide
        form, or an extra form that begins a wide form ("tues").
        """
        from babel import Locale

        table = getattr(Locale.parse(self.code), kind)
        numbers = range(1, 13) if kind == "months" else range(7)
        forms: dict[str, int] = {}
        wide: dict[int, set[str]] = {}
        short: set[str] = set()
        for number in numbers:
            wide[number] = {self.fold(table[c]["wide"][number]) for c in ("format", "stand-alone")}
            abbreviated = {self.fold(table[c]["abbreviated"][number]).rstrip(".") for c in ("format", "stand-alone")}
            short.update(abbreviated - wide[number])
            cldr = tuple(sorted(wide[number])) + tuple(sorted(abbreviated - wide[number]))
            for form in (*cldr, *rule(number, cldr)):
                if form and not form.isdigit():
                    forms.setdefault(self.fold(form), number)
        for form, number in extra.items():
            folded = self.fold(form)
            forms.setdefault(folded, number)
            if any(w.startswith(folded) and w != folded for w in wide[number]):
                short.add(folded)
        return forms, frozenset(short)

    @cached_property
    def month_re(self) -> re.Pattern[str]:
        """Any month form as a whole word (capitalised only, where `capitalised_names`; else on folded text)."""
        return self._name_re(self.months)

    @cached_property
    def weekday_re(self) -> re.Pattern[str]:
        """Any weekday form but the abbreviations, as a whole word, as `month_re`."""
        return self._name_re({f: n for f, n in self.weekdays.items() if f not in self.weekday_abbreviations})

    def _name_re(self, forms: Mapping[str, int]) -> re.Pattern[str]:
        if self.capitalised_names:
            variants = [v for form in forms for v in (form[:1].upper() + form[1:], form.upper())]
            return re.compile(rf"(?<![^\W\d_])(?:{alternation(variants)})(?![^\W\d_])")
        return re.compile(rf"(?<![^\W\d_])(?:{alternation(forms)})(?![^\W\d_])", re.IGNORECASE)

    # --- sentence kinds -----------------------------------------------------------

    @cached_property
    def meeting_words(self) -> re.Pattern[str]:
        """Words that report a meeting or talks that took place (search folded text)."""
        return words_re(self.meeting_phrases)

    @cached_property
    def preview_words(self) -> re.Pattern[str]:
        """Words that announce a meeting still to come (search folded text)."""
        return words_re(self.preview_phrases)

    @cached_property
    def plan_words(self) -> re.Pattern[str]:
        """Words of a plan or of the future that say nothing of a meeting by themselves (search folded text)."""
        return words_re(self.plan_phrases)

    @cached_property
    def speech_words(self) -> re.Pattern[str]:
        """Verbs of speaking, announcing and confirming (search folded text)."""
        return words_re(self.speech_phrases)

    def announces(self, folded: str) -> bool:
        """Whether the folded sentence announces a meeting: a preview word ("will meet"), or a word of a plan
        ("is expected", "next week") beside a meeting word; "rain is expected tomorrow" announces nothing."""
        return bool(
            self.preview_words.search(folded) or (self.plan_words.search(folded) and self.meeting_words.search(folded))
        )

    @cached_property
    def background_words(self) -> re.Pattern[str]:
        """Words of war, history and the past that every article on the conflict shares (search folded text)."""
        return words_re(self.background_phrases)

    # --- furniture ------------------------------------------------------------------

    @cached_property
    def furniture(self) -> Mapping[str, re.Pattern[str]]:
        """Family -> a pattern that `fullmatch`es a whole furniture line, folded and trimmed as `furniture_family` does."""
        patterns: dict[str, re.Pattern[str]] = {}
        for family in FURNITURE_FAMILIES:
            if family == "dateline":
                patterns[family] = self._dateline_re()
                continue
            fragments = (*FURNITURE.get(family, ()), *self.furniture_phrases.get(family, ()))
            patterns[family] = re.compile("|".join(f"(?:{f})" for f in fragments), re.IGNORECASE)
        return MappingProxyType(patterns)

    def furniture_family(self, line: str) -> str | None:
        """The furniture family the whole `line` belongs to ("share", "dateline", ...), or None for text.

        A line of widgets separated by "|" or "•" is furniture when every part
        is; it gets the family of its first part.
        """
        text = self.furniture_text(line)
        if not text or len(text) > FURNITURE_MAX_CHARS:
            return None
        return self.match_furniture(text) or segments_family(text, self.match_furniture)

    def match_furniture(self, text: str) -> str | None:
        """The family whose pattern matches all of `text`, already prepared by `furniture_text`."""
        if not text:
            return None
        for family, pattern in self.furniture.items():
            if pattern.fullmatch(text):
                return family
        return None

    def furniture_text(self, line: str) -> str:
        """`line` as the furniture patterns expect it: folded, single-spaced, without bullets or Markdown marks."""
        text = _LEADING_MARKS.sub("", line.strip())
        text = _TRAILING_MARKS.sub("", text)
        return _SPACES.sub(" ", self.fold(text)).strip()

    @cached_property
    def stamp_vocabulary(self) -> frozenset[str]:
        """The folded words a dateline may hold: month and weekday forms, labels, time words and zones."""
        vocabulary = {word for form in (*self.months, *self.weekdays) for word in _TOKEN.findall(form)}
        vocabulary.update(word for phrase in self.dates.stamp_words for word in _TOKEN.findall(self.fold(phrase)))
        vocabulary.update(STAMP_WORDS)
        return frozenset(vocabulary)

    def _dateline_re(self) -> re.Pattern[str]:
        """A line made only of date words, numbers and separators, with a month name or a numeric date in it."""
        words = alternation(self.stamp_vocabulary)
        months = alternation(word for form in self.months for word in _TOKEN.findall(form))
        token = rf"(?:\d+(?!\d)|(?:{words})(?![^\W\d_]))"
        return re.compile(
            rf"(?=.{{0,{FURNITURE_MAX_CHARS}}}?(?:\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}|(?<![^\W\d_])(?:{months})(?![^\W\d_])))"
            rf"[^\w]*(?:{token}[^\w]*)+"
        )

    # --- roles ------------------------------------------------------------------------

    @cached_property
    def roles(self) -> Mapping[str, re.Pattern[str]]:
        """Role key -> a pattern for its titles in any inflected form (search folded text).

        Titles nest ("deputy foreign minister" holds "foreign minister"):
        use `find_roles` to read a text, which resolves that.
        """
        grouped: dict[str, list[str]] = {}
        for key, fragment in self.role_phrases:
            grouped.setdefault(key, []).append(fragment)
        return MappingProxyType({key: words_re(fragments) for key, fragments in grouped.items()})

    @cached_property
    def _role_re(self) -> re.Pattern[str]:
        groups = "|".join(f"(?P<r{i}>{fragment})" for i, (_key, fragment) in enumerate(self.role_phrases))
        return re.compile(rf"(?<!\w)(?:{groups})(?!\w)", re.IGNORECASE)

    def find_roles(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, role key) of every role title in `text`, left to right, the longer title winning."""
        keys = [key for key, _fragment in self.role_phrases]
        return [
            (m.start(), m.end(), keys[int(m.lastgroup[1:])])
            for m in self._role_re.finditer(self.fold(text))
            if m.lastgroup
        ]

    # --- venues ---------------------------------------------------------------------------

    @cached_property
    def _venue_before_re(self) -> re.Pattern[str]:
        body = "|".join(f"(?:{fragment})" for fragment in self.venue_before) or "(?!)"
        return re.compile(rf"(?<!\w)(?:{body})\s+$", re.IGNORECASE)

    def names_venue(self, before: str, word: str) -> bool:
        """Whether a place name whose last word is written `word`, after the text `before`, says where
        something happens ("met in Geneva", "Ժնևում"), rather than who acts ("Baku said") or whence."""
        folded = self.fold(word)
        if any(folded.endswith(ending) and len(folded) > len(ending) + 2 for ending in self.venue_endings):
            return True
        return bool(self._venue_before_re.search(self.fold(before[-40:])))

    @cached_property
    def _length_re(self) -> re.Pattern[str]:
        groups = "|".join(f"(?P<d{i}>{fragment})" for i, (_days, fragment) in enumerate(self.length_phrases))
        return re.compile(rf"(?<!\w)(?:{groups or '(?!)'})(?!\w)", re.IGNORECASE)

    def meeting_length(self, text: str) -> int | None:
        """How many days `text` says something lasts ("three days of negotiations", "трёхдневные переговоры"), or None."""
        m = self._length_re.search(self.fold(text))
        return self.length_phrases[int(m.lastgroup[1:])][0] if m and m.lastgroup else None
