"""Stage 4: split kept lines into sentences, with each language's rules from `briefing.lang`.

A line is a paragraph: sentences never span lines. The splitter is rule-based
and cheap (one regex scan per line). It finds candidate boundaries, a cluster
of sentence terminals (those of every known language: ``. ! ? …`` and the
Armenian ``։``, plus ``:``) with any closing quotes or brackets, followed by
whitespace, and then asks the language's rules whether the candidate really
ends a sentence:

- A language whose full stop is its own mark (a terminal other than
  ``. ! ? …``: Armenian ``։``): that mark always ends a sentence; so do ``!``,
  ``?``, an ellipsis, and ``:`` (typed for the look-alike ``։``) when an
  upper-case letter of the language, an opening quote or a digit follows. A
  lone ``.`` does not: such languages write it inside sentences.
- Every other language (and any language `briefing` does not know): the next
  character must be an upper-case (or caseless, as in Georgian) letter, an
  opening quote or bracket, or a digit; a period after one of the language's
  abbreviations (`Language.abbreviations`, and its month and weekday
  abbreviations: ``Gen.``, ``т.е.``, ``Jan.``), a single capital initial
  (``J. Smith``) or a dotted abbreviation (``U.S.``) does not end a sentence,
  except that a dotted abbreviation followed by one of the language's stop
  words (``U.S. The ...``) and a closing abbreviation (``etc.``, ``т.д.``)
  followed by a capital do. An ellipsis inside an open quotation never ends
  one. Case is folded by the language's rules (Turkish and Azerbaijani ``İ``).

Every sentence is a contiguous slice of the line with surrounding whitespace
trimmed, so no non-space character is ever lost or reordered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from . import lang
from .document import Fragment, Line, Sentence
from .lang.universal import SCRIPT_LETTERS

#: Terminals every script shares; a language with another one has a full stop of its own.
_SHARED_TERMINALS = ".!?…"
#: The mark typed for the Armenian full stop, which it looks like.
_LOOK_ALIKE_STOP = ":"

_OPEN_QUOTES = "“«„‘\"'([‹"
_CLOSE_QUOTES = "”»\"’')]›“"

#: A dotted abbreviation such as U.S, b.e, т.е (before the final period).
_DOTTED = re.compile(r"^(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}$")
_GEORGIAN = re.compile(f"[{SCRIPT_LETTERS['Georgian']}]")


@dataclass(frozen=True)
class _Rules:
    """What splitting needs from a language, gathered once."""

    fold: Callable[[str], str]  # lower-case by the language's rules
    own_stop: str  # the language's own full stop(s), "" when it uses "."
    upper: re.Pattern[str] | None  # an upper-case letter of its alphabet (languages with their own full stop)
    abbreviations: frozenset[str]  # folded, with their final period
    closing: tuple[str, ...]  # folded closing abbreviations ("etc.")
    openers: frozenset[str]  # folded words that open a sentence after a dotted abbreviation


@cache
def _rules(language: str) -> _Rules:
    """The splitting rules of `language` (ISO 639-1); a language `briefing` does not know gets the generic ones."""
    if language not in lang.LANGUAGES:
        closing = tuple(a for code in lang.LANGUAGES for a in lang.get(code).closing_abbreviations)
        return _Rules(str.lower, "", None, frozenset(), closing, frozenset())
    known = lang.get(language)
    own_stop = "".join(mark for mark in known.sentence_terminals if mark not in _SHARED_TERMINALS)
    names = known.month_abbreviations | known.weekday_abbreviations
    return _Rules(
        fold=known.fold,
        own_stop=own_stop,
        upper=re.compile(known.letters) if own_stop else None,
        abbreviations=frozenset({*known.abbreviations, *(f"{name}." for name in names)}),
        closing=known.closing_abbreviations,
        openers=known.stop_words,
    )


@cache
def _candidate() -> re.Pattern[str]:
    """A candidate boundary: terminators of any known language (and ":"), closing quotes/brackets, whitespace."""
    marks = {mark for code in lang.LANGUAGES for mark in lang.get(code).sentence_terminals} | {_LOOK_ALIKE_STOP}
    return re.compile(rf"([{re.escape(''.join(sorted(marks)))}]+)([{re.escape(_CLOSE_QUOTES)}]*)(\s+)")


def _word_before(text: str, end: int) -> str:
    """The whitespace-delimited token ending at `end`, without leading quotes or brackets."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip(_OPEN_QUOTES)


def _next_word(text: str, start: int) -> str:
    match = re.match(r"[^\W\d_]+", text[start:])
    return match.group(0) if match else ""


def _inside_open_quote(segment: str) -> bool:
    """Whether `segment` (text since the previous boundary) leaves a quotation open."""
    opened = segment.count("“") + segment.count("«") + segment.count("„")
    closed = segment.count("”") + segment.count("»")
    if opened > closed:
        return True
    return segment.count('"') % 2 == 1


def _starts_sentence(ch: str) -> bool:
    """An upper-case or caseless letter (Arabic, Han), a digit, or an opening quote.

    Georgian Mkhedruli letters count too: Unicode calls them lower-case (paired
    with Mtavruli capitals), but Georgian writing does not capitalise sentences.
    """
    return (
        ch.isupper()
        or ch.isdigit()
        or ch in _OPEN_QUOTES
        or (ch.isalpha() and not ch.islower())
        or bool(_GEORGIAN.match(ch))
    )


def _is_boundary_own_stop(terminators: str, text: str, nxt: int, rules: _Rules) -> bool:
    """The rule of a language with its own full stop (Armenian ։)."""
    if any(mark in terminators for mark in rules.own_stop):
        return True
    if terminators.strip(".") == "" and len(terminators) < 3:
        return False  # a lone period is not this language's full stop
    if nxt >= len(text):
        return True
    ch = text[nxt]
    return (
        (ch.isupper() and rules.upper is not None and bool(rules.upper.match(ch))) or ch in _OPEN_QUOTES or ch.isdigit()
    )


def _is_boundary_generic(terminators: str, text: str, term_start: int, nxt: int, segment: str, rules: _Rules) -> bool:
    if not terminators.rstrip(_LOOK_ALIKE_STOP):
        return False  # a colon stands for a full stop only where the full stop looks like one
    if any(mark not in _SHARED_TERMINALS + _LOOK_ALIKE_STOP for mark in terminators):
        return True  # another language's full stop (a quoted Armenian sentence)
    if nxt >= len(text):
        return True
    if not _starts_sentence(text[nxt]):
        return False
    ellipsis = "…" in terminators or terminators.startswith("...")
    if ellipsis and _inside_open_quote(segment):
        return False
    if terminators != ".":
        return True
    tail = rules.fold(text[max(0, term_start - 8) : term_start + 1])
    if tail.endswith(rules.closing):
        return True
    word = _word_before(text, term_start)
    if not word:
        return True
    if word.isdigit() and len(word) <= 3 and segment.strip() == word:
        return False  # a list number opening the paragraph: "1. The ministers ..."
    if rules.fold(word) + "." in rules.abbreviations:
        return False
    if len(word) == 1 and word.isalpha() and word.isupper():
        return False  # an initial: "J. Smith", "İ. Əliyev"
    if _DOTTED.match(word):
        # "U.S. President" continues; "U.S. The next day" starts a new sentence.
        return rules.fold(_next_word(text, nxt)) in rules.openers
    return True


def _spans(text: str, language: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`, whitespace trimmed, never empty."""
    rules = _rules(language)
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _candidate().finditer(text):
        terminators = match.group(1)
        nxt = match.end()
        if rules.own_stop:
            boundary = _is_boundary_own_stop(terminators, text, nxt, rules)
        else:
            boundary = _is_boundary_generic(terminators, text, match.start(1), nxt, text[start : match.start()], rules)
        if boundary:
            spans.append((start, match.end(2)))
            start = nxt
    spans.append((start, len(text)))
    trimmed = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            trimmed.append((s, e))
    return trimmed


def split_sentences(text: str, language: str) -> list[str]:
    """Split one paragraph into sentences by the rules of `language` (ISO 639-1).

    The languages of `briefing.lang` have their own rules; anything else gets
    the generic ones. Never raises; ``"".join`` of the result's non-space
    characters equals `text`'s non-space characters.
    """
    return [text[s:e] for s, e in _spans(text, language)]


def _fragment_language(line: Line, start: int, end: int, fragments: Sequence[Fragment]) -> str | None:
    """The language of a content fragment that holds every letter of line.text[start:end]."""
    for fragment in fragments:
        if fragment.kind != "content" or fragment.language is None:
            continue
        if fragment.start <= start and end <= fragment.end:
            return fragment.language
        outside = line.text[start : max(start, fragment.start)] + line.text[min(end, fragment.end) : end]
        if fragment.start < end and start < fragment.end and not any(ch.isalpha() for ch in outside):
            return fragment.language
    return None


def sentences(lines: Iterable[Line], language: str, fragments: Sequence[Fragment] = ()) -> list[Sentence]:
    """Sentences of the kept lines, in order, numbered from 0.

    Each line is split with `language`'s rules. A sentence whose letters all lie
    inside one content fragment of that line takes the fragment's language.
    """
    by_line: dict[int, list[Fragment]] = {}
    for fragment in fragments:
        by_line.setdefault(fragment.line, []).append(fragment)
    result: list[Sentence] = []
    for line in lines:
        if not line.kept or not line.text.strip():
            continue
        line_fragments = by_line.get(line.number, ())
        for start, end in _spans(line.text, language):
            lang = _fragment_language(line, start, end, line_fragments) if line_fragments else None
            result.append(Sentence(line.text[start:end], line.number, len(result), lang or language))
    return result
