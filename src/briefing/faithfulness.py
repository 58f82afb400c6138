"""The faithfulness gate: a generated sentence may only state what its sources state.

Abstractive models invent things, and in a briefing the dangerous inventions are
checkable facts. For each generated English sentence this module extracts its
*claims* and looks each one up in the sources:

    number   "6,500", "2.5 million", "31st", "09:17"  (grouping and scale normalised)
    date     "7 November", "November 7, 2022", "May 1-4", "2022-11-07" -> (month, day)
    month    "in November" (a month named without a day)
    weekday  "on Monday"
    name     a capitalised multi-word name ("Foreign Minister Jeyhun Bayramov"), or a
             known glossary name; supported when its surname appears in the sources,
             allowing for transliteration variants ("Pashinian" == "Pashinyan")

Numbers spelled out in the *sources* ("four people") support numerals in the
sentence. Spelled-out numbers in the sentence are claims when they count
something: from three up ("three observers"), or joined to a unit ("two-day",
"two days"); "the two sides" and "one of them" are paraphrase, not counts. A
day number inside a source date ("November 7") does not support a bare "7" in
the sentence. A number is also checked against what it counts: "12 observers"
is not supported by sources that say "12 commissions" and "6,500 observers"
(the words after it in the sentence must meet the words after it somewhere in
the sources, when both have any).

A single capitalised word inside a sentence that is not a common word ("met in
Geneva") is a name claim too, as a place or an organisation is; the first word
of a sentence is left to the known names (capitalised by grammar, not by being
a name).

Pure Python, no model imports. Sources are indexed once (`Evidence`), so gating
n sentences against m source characters costs O(n + m). Month and weekday names
come from the language layer (`briefing.lang`), and names are keyed by
`briefing.lang.names.name_key`, so "Pashinian", "Pashinyan" and "Пашинян" meet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

from . import lang
from .lang.names import name_key

ClaimKind = Literal["number", "date", "month", "weekday", "name"]
#: The (month, day) pairs a date names: one, or one per day of a range ("May 1-4").
Days = tuple[tuple[int, int], ...]
#: A claim's normalised form: a date's `Days`, a month's number, else a string.
ClaimKey = Days | int | str

_ENGLISH = lang.get("en")
#: English month names -> number, and their abbreviations ("sept"), from CLDR through the language layer.
MONTHS = {form: n for form, n in _ENGLISH.months.items() if form not in _ENGLISH.month_abbreviations}
MONTH_ABBREVIATIONS = {form: _ENGLISH.months[form] for form in sorted(_ENGLISH.month_abbreviations)}
#: English weekday names, Monday first.
WEEKDAYS = tuple(
    sorted(
        (form for form in _ENGLISH.weekdays if form not in _ENGLISH.weekday_abbreviations),
        key=lambda form: _ENGLISH.weekdays[form],
    )
)

#: Number words that, written in a source, support the numeral in a sentence.
NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip
SCALES = {
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "mln": 1_000_000,
    "bn": 1_000_000_000,
}

#: Capitalised words that never make a name's surname: the English stoplist's frequent words
#: (sentence openers, months, common words), titles, institutions and generic
#: geography. A capitalised run made only of these ("The United States",
#: "Foreign Ministry") is not a name claim. The list is about English news prose
#: in general, not about any outlet.
GENERIC_CAPITALISED = _ENGLISH.frequent_words | frozenset(
    """
    earlier meanwhile despite here why mr mrs ms dr sir
    president vice prime minister ministers foreign deputy secretary general state states department ministry
    spokesperson spokesman spokeswoman ambassador envoy special representative chairman chair head leader
    leaders chief commander security national council assembly union european office house government parliament
    agency news press service committee commission court republic federation kingdom united nations nation
    international affairs defence defense interior justice economy finance senator senate congress
    north south east west northern southern eastern western central sea river lake region mountains mount
    city capital square street summit talks treaty agreement declaration statement peace process round
    joint group forum conference palace building centre center university institute party
    """.split()
)

#: Lower-case particles allowed inside a name ("Ursula von der Leyen").
NAME_PARTICLES = frozenset({"de", "van", "von", "der", "den", "bin", "ibn", "al", "da", "dos", "du", "la", "le"})

#: Letters a demonym may add to its country's name ("Armenia" -> "Armenian",
#: "Azerbaijan" -> "Azerbaijani", "Russia" -> "Russian"); 3 covers "-ian"/"-ese".
DEMONYM_SUFFIX = 3

_MONTH_ALT = "|".join(sorted(list(MONTHS) + list(MONTH_ABBREVIATIONS), key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th)?"
_DAY_MONTH = re.compile(
    rf"\b(?P<d>\d{{1,2}}){_ORD}(?:\s*[-–]\s*(?P<d2>\d{{1,2}}){_ORD})?\s+(?:of\s+)?(?P<m>{_MONTH_ALT})\b\.?(?:,?\s+(?P<y>\d{{4}})\b)?",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(
    rf"\b(?P<m>{_MONTH_ALT})\b\.?\s+(?P<d>\d{{1,2}}){_ORD}(?:\s*[-–]\s*(?P<d2>\d{{1,2}}){_ORD})?(?![\d,.]\d)(?:,?\s+(?P<y>\d{{4}})\b)?",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"\b(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})\b")
_DOTTED_DATE = re.compile(r"\b(?P<d>\d{1,2})\.(?P<mo>\d{1,2})\.(?P<y>\d{4})\b")
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
_NUMBER = re.compile(
    r"(?<!\d)(?<!\d[.,])(?P<n>\d{1,3}(?:[,\u00a0\u202f\u2009]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:st|nd|rd|th)?"
    r"(?:\s*(?P<scale>thousand|million|billion|trillion|mln|bn)\b)?",
    re.IGNORECASE,
)
_MONTH_WORD = re.compile(r"\b(?:" + "|".join(m.capitalize() for m in MONTHS) + r")\b")
#: "May" is also a verb; a bare "May" counts as a month only after one of these.
_MAY_CONTEXT = re.compile(r"\b(?:in|early|late|mid|since|until|by|of|last|next|this)[\s-]+May\b", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(?:" + "|".join(d.capitalize() for d in WEEKDAYS) + r")\b")
_WORD = re.compile(r"[^\W\d_][^\W_]*(?:[-'’][^\W\d_][^\W_]*)*")
_NUMBER_WORD = re.compile(
    r"\b(" + "|".join(NUMBER_WORDS) + r")(?:[-\s](" + "|".join(NUMBER_WORDS) + r"))?\b", re.IGNORECASE
)
#: Bound on the name-key cache (distinct words of the sources seen in one run).
NAME_KEY_CACHE = 65_536
_ALPHABETS = [(code, re.compile(lang.get(code).letters)) for code in lang.LANGUAGES]


@dataclass(frozen=True)
class Claim:
    """One checkable item of a sentence. `key` is its normalised form."""

    kind: ClaimKind
    text: str  # as written in the sentence
    key: ClaimKey
    loose: bool = False  # a name used as a modifier ("Armenian Foreign Ministry"): a demonym may match its country
    counts: frozenset[str] = frozenset()  # a number's: stems of the words after it ("observers" -> "obser")

    def describe(self) -> str:
        return f"{self.kind} {self.text!r}"


@dataclass
class Dropped:
    """A sentence the gate removed, and the claims its sources do not support."""

    sentence: str
    reasons: list[str]


@dataclass
class Evidence:
    """What a set of sources states, indexed for claim lookups."""

    numbers: set[str] = field(default_factory=set)
    dates: set[tuple[int, int]] = field(default_factory=set)  # (month, day)
    months: set[int] = field(default_factory=set)
    weekdays: set[str] = field(default_factory=set)
    tokens: set[str] = field(default_factory=set)  # name-normalised words
    #: number -> the stems of the words after each of its occurrences (`counted`); a number
    #: seen with nothing after it (a year in a date, "... in all") supports any count.
    counts: dict[str, list[frozenset[str]]] = field(default_factory=dict)

    def _number(self, key: str, counts: frozenset[str] = frozenset()) -> None:
        self.numbers.add(key)
        self.counts.setdefault(key, []).append(counts)

    @classmethod
    def of(cls, sources: Iterable[str]) -> Evidence:
        evidence = cls()
        for text in sources:
            evidence.add(text)
        return evidence

    def add(self, text: str) -> None:
        """Index one source text."""
        dates, rest = _dates(text)
        for claim in dates:
            if isinstance(claim.key, tuple):  # a date
                self.dates.update(claim.key)
                self.months.update(month for month, _ in claim.key)
            elif claim.kind == "number":  # its year
                self._number(str(claim.key))
        for match in _NUMBER.finditer(rest):
            after = counted(rest, match.end())
            self._number(_number_key(match.group("n")), after)
            self._number(_number_key(match.group("n"), match.group("scale")), after)
        for match in _TIME.finditer(text):
            self._number(match.group())
        for match in _NUMBER_WORD.finditer(text):
            self._number(str(_number_word_value(match)), counted(text, match.end()))
        lowered = text.lower()
        self.months.update(number for name, number in MONTHS.items() if name in lowered)
        self.weekdays.update(day for day in WEEKDAYS if day in lowered)
        self.tokens.update(_name_key(word) for word in _WORD.findall(text))

    def supports(self, claim: Claim) -> bool:
        if claim.kind == "number":
            if claim.key not in self.numbers:
                return False
            seen = self.counts.get(str(claim.key), [])
            return not claim.counts or any(not after or after & claim.counts for after in seen)
        if isinstance(claim.key, tuple):  # a date
            return all(day in self.dates for day in claim.key)
        if claim.kind == "month":
            return claim.key in self.months
        if claim.kind == "weekday":
            return claim.key in self.weekdays
        if claim.key in self.tokens:
            return True
        key = str(claim.key)
        return claim.loose and any(
            key[:-cut] in self.tokens for cut in range(1, DEMONYM_SUFFIX + 1) if len(key) - cut >= 4
        )


def claims(sentence: str, names: Iterable[str] = ()) -> list[Claim]:
    """The checkable claims of `sentence`: numbers, dates, months, weekdays, names.

    `names` are known names (e.g. the glossary's people); a sentence mentioning one
    by its surname alone claims that name too.
    """
    found, rest = _dates(sentence)
    for match in _TIME.finditer(rest):
        found.append(Claim("number", match.group(), match.group()))
    rest = _TIME.sub(lambda m: " " * len(m.group()), rest)
    for match in _NUMBER.finditer(rest):
        key = _number_key(match.group("n"), match.group("scale"))
        found.append(Claim("number", match.group().strip(), key, counts=counted(rest, match.end(), 1)))
    found.extend(_number_word_claims(rest))
    found.extend(_month_claims(rest))
    found.extend(Claim("weekday", m.group(), m.group().lower()) for m in _WEEKDAY.finditer(sentence))
    found.extend(_name_claims(sentence, names))
    return found


def check(sentence: str, sources: Sequence[str] | Evidence, names: Iterable[str] = ()) -> list[str]:
    """The claims of `sentence` its sources do not support, described ("number '7,000'").

    An empty list means the sentence passes. `sources` may be pre-indexed `Evidence`.
    """
    evidence = sources if isinstance(sources, Evidence) else Evidence.of(sources)
    return [claim.describe() for claim in claims(sentence, names) if not evidence.supports(claim)]


def gate(
    sentences: Sequence[str], sources: Sequence[str] | Evidence, names: Iterable[str] = ()
) -> tuple[list[str], list[Dropped]]:
    """Split `sentences` into those fully supported by `sources` and those dropped, with reasons.

    Order of kept sentences is preserved.
    """
    evidence = sources if isinstance(sources, Evidence) else Evidence.of(sources)
    names = tuple(names)
    kept: list[str] = []
    dropped: list[Dropped] = []
    for sentence in sentences:
        problems = check(sentence, evidence, names)
        if problems:
            dropped.append(Dropped(sentence, problems))
        else:
            kept.append(sentence)
    return kept, dropped


def supporting(sentence: str, sources: Sequence[str | Evidence], names: Iterable[str] = ()) -> list[int]:
    """Indices of the sources that on their own support every claim of `sentence`.

    A sentence without claims is supported by every source; callers that cite
    should rank those by similarity instead.
    """
    found = claims(sentence, names)
    result = []
    for index, source in enumerate(sources):
        evidence = source if isinstance(source, Evidence) else Evidence.of([source])
        if all(evidence.supports(claim) for claim in found):
            result.append(index)
    return result


# --- extraction helpers -------------------------------------------------------


def _month_number(word: str) -> int:
    word = word.lower().rstrip(".")
    return MONTHS.get(word) or MONTH_ABBREVIATIONS[word]


def _dates(text: str) -> tuple[list[Claim], str]:
    """Date claims (plus their years, as number claims) and `text` with the dates blanked out."""
    found: list[Claim] = []
    spans: list[tuple[int, int]] = []

    def taken(match: re.Match[str]) -> bool:
        return any(start < match.end() and match.start() < end for start, end in spans)

    for pattern in (_ISO_DATE, _DOTTED_DATE, _DAY_MONTH, _MONTH_DAY):
        for match in pattern.finditer(text):
            if taken(match):
                continue
            groups = match.groupdict()
            month = int(groups["mo"]) if groups.get("mo") else _month_number(groups["m"])
            days = [int(groups["d"])] + ([int(groups["d2"])] if groups.get("d2") else [])
            if not 1 <= month <= 12 or not all(1 <= day <= 31 for day in days):
                continue
            spans.append(match.span())
            found.append(Claim("date", match.group().strip(), tuple((month, day) for day in days)))
            if groups.get("y"):
                found.append(Claim("number", groups["y"], groups["y"]))
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return found, "".join(chars)


#: Words after a number that say what it counts (stop words skipped): in a source, up to two
#: ("6,500 displaced people"), so an adjective there does not hide the noun; in a generated
#: sentence, the first, which must be among them ("6,500 people", not "6,500 attended").
COUNTED_WORDS = 2
#: Letters of a counted word compared ("observers", "observer" -> "obser"): English plurals and
#: "-ing"/"-ed" forms share them; different nouns rarely do.
COUNTED_STEM = 5
#: Units a spelled-out "one" or "two" counts when joined to it ("two-day", "two days"): then it is a claim.
NUMBER_WORD_UNITS = frozenset({"day", "week", "month", "year", "hour", "minute", "round", "time", "point", "stage"})
#: Spelled-out numbers from this value up count something whatever follows ("three observers").
MIN_NUMBER_WORD_CLAIM = 3
_PERCENT = re.compile(r"\s*(?:%|per\s+cent\b)", re.IGNORECASE)


def counted(text: str, end: int, limit: int = COUNTED_WORDS) -> frozenset[str]:
    """Stems of the first `limit` content words after position `end`: what the number there counts."""
    following = _PERCENT.sub(" percent", text[end : end + 80], count=1)
    words = []
    for word in _WORD.findall(following):
        lowered = word.lower()
        unit = lowered.split("-")[0].rstrip("s") in NUMBER_WORD_UNITS  # "days" is a stop word, and a count
        if not unit and (lowered in _ENGLISH.stop_words or lowered in SCALES or lowered in NUMBER_WORDS):
            continue
        stem = lowered.split("-")[0]
        words.append((stem[:-1] if len(stem) > 3 and stem.endswith("s") else stem)[:COUNTED_STEM])
        if len(words) == limit:
            break
    return frozenset(words)


def _number_word_claims(text: str) -> list[Claim]:
    """Spelled-out numbers that count something ("three-day", "four observers"), as number claims."""
    result = []
    for match in _NUMBER_WORD.finditer(text):
        value = _number_word_value(match)
        tail = text[match.end() : match.end() + 20]
        unit = re.match(r"[-\s]([^\W\d_]+)", tail)
        joined = bool(unit) and unit.group(1).lower().rstrip("s") in NUMBER_WORD_UNITS  # type: ignore[union-attr]
        if value >= MIN_NUMBER_WORD_CLAIM or joined:
            found = match.group() + (tail[: unit.end()] if unit and tail.startswith("-") else "")
            result.append(Claim("number", found, str(value), counts=counted(text, match.end(), 1)))
    return result


def _month_claims(text: str) -> list[Claim]:
    result = []
    for match in _MONTH_WORD.finditer(text):
        if match.group() == "May" and not _MAY_CONTEXT.search(text, max(0, match.start() - 12), match.end()):
            continue
        result.append(Claim("month", match.group(), MONTHS[match.group().lower()]))
    return result


def _number_key(digits: str, scale: str | None = None) -> str:
    """'6,500' -> '6500'; '2.5', 'million' -> '2500000'; '07' -> '7'."""
    cleaned = re.sub(r"[,\u00a0\u202f\u2009]", "", digits)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return cleaned
    if scale:
        value *= SCALES[scale.lower()]
    return format(value.normalize(), "f")


def _number_word_value(match: re.Match[str]) -> int:
    first = NUMBER_WORDS[match.group(1).lower()]
    second = NUMBER_WORDS[match.group(2).lower()] if match.group(2) else 0
    if second == 100:
        return first * 100
    return first + second if first >= 20 and 0 < second < 10 else first


@lru_cache(maxsize=NAME_KEY_CACHE)
def _name_key(word: str) -> str:
    """A name token's key across spellings (`lang.names.name_key`): case, accents, possessive, transliteration.

    The word is read in the first language (English first) whose alphabet
    spells it, so a source's "Əliyev" keys as "Aliyev" does.
    """
    letters = [ch for ch in word if ch.isalpha()]
    spelling = next((code for code, alphabet in _ALPHABETS if all(alphabet.match(ch) for ch in letters)), "en")
    return name_key(word, spelling)


def _capitalised_runs(sentence: str) -> list[list[str]]:
    """Runs of capitalised words separated only by spaces (particles allowed inside)."""
    runs: list[list[str]] = []
    current: list[str] = []
    previous_end = -1
    for match in _WORD.finditer(sentence):
        word = match.group()
        adjacent = previous_end >= 0 and sentence[previous_end : match.start()].isspace()
        if not adjacent and current:
            runs.append(current)
            current = []
        if word[0].isupper() or (current and word in NAME_PARTICLES):
            current.append(word)
        elif current:
            runs.append(current)
            current = []
        previous_end = match.end()
    if current:
        runs.append(current)
    return runs


def _is_generic(word: str) -> bool:
    lowered = word.lower()
    return (
        lowered in GENERIC_CAPITALISED
        or lowered in NAME_PARTICLES
        or lowered in MONTHS
        or lowered in WEEKDAYS
        or word.isupper()  # acronyms: "UN", "US", "OSCE"
    )


def _name_claims(sentence: str, names: Iterable[str]) -> list[Claim]:
    result: dict[str, Claim] = {}
    first = _WORD.search(sentence)
    for index, run in enumerate(_capitalised_runs(sentence)):
        while run and run[-1] in NAME_PARTICLES:
            run.pop()
        opening = index == 0 and first is not None and bool(run) and run[0] == first.group()
        if len(run) == 1 and not opening and not _is_generic(run[0]):
            word = re.sub(r"['’]s$", "", run[0])  # "met in Geneva", "Brussels' offer"
            result.setdefault(_name_key(word), Claim("name", word, _name_key(word), loose=True))
            continue
        if len(run) < 2:
            continue
        core = [word for word in run if not _is_generic(word)]
        if core:
            surname = re.sub(r"['’]s$", "", core[-1])
            modifier = core[-1] is not run[-1]
            result.setdefault(_name_key(surname), Claim("name", " ".join(run), _name_key(surname), modifier))
    known = {_name_key(name.split()[-1]) for name in names if name.strip()}
    if known:
        for word in _WORD.findall(sentence):
            key = _name_key(word)
            if key in known and word[0].isupper():
                result.setdefault(key, Claim("name", re.sub(r"['’]s$", "", word), key))
    return list(result.values())
