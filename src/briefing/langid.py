"""Stage 3: the page's main language, and every span that is not in it.

`identify` works line by line over ALL lines (dropped ones too, so that
the report lists everything) and finds foreign spans three ways, cheapest first:

1. Language switchers: a line made only of language codes or names
   (``ru``, ``ARM``, ``EN | AZ``, ``Русский``) names its languages.
2. Script: runs of letters in another script than the page's (Cyrillic in an
   English line, Latin in an Armenian one), at span granularity. Scripts that
   belong to one language (Armenian, Georgian, Greek, Hebrew) decide it with
   confidence 1.0; others (Latin, Cyrillic, Arabic, Han) ask the identifier.
3. Same-script language ID: pieces of a line (sentences, quotations) in the
   page's script are identified only when a cheap pre-check says they could be
   foreign (fewer of the main language's stop words than STOP_RATIO_MAIN, or
   more of another same-script language's, or letters outside the main
   language's alphabet). Results are cached per text by the identifier.

Each span is then judged "interface" (a UI string: switcher, a line of page
furniture in any language `briefing` knows, or short, without sentence shape,
on a dropped line or alone on its line) or "content" (a quotation, or
sentence-shaped text). Actions:

- interface -> "stripped". If the interface fragments cover every letter of a
  KEPT line, that line is dropped with reason ``"interface-language"``; a UI
  span inside a longer kept line is only noted (cutting text out of a line
  would desynchronise the offsets other stages rely on).
- content on a kept line -> "untranslated" (the translation stage upgrades it
  to "translated" when a model exists).
- content on a line cleaning already dropped -> "stripped": it never reaches
  a briefing, so nothing should translate it; the note says why.

Short noise (``©``, digits, URLs, e-mail addresses, hashtags, handles, domain
names, ``A+``, acronyms such as ``NATO``) is never a fragment. A capitalised
single foreign word inside a main-language line is taken as a name and skipped
(unless it is interface vocabulary).

Language knowledge comes from `briefing.lang`: the interface vocabulary is the
furniture phrase families of every language (`lang.furniture_family`), the
stop words and alphabets are each `Language`'s, and scripts, switcher labels
and domains are `briefing.lang.universal`'s.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import NamedTuple, cast

from . import lang
from .config import SCRIPT_LANGUAGE, LangIdConfig
from .document import Fragment, FragmentAction, FragmentKind, Line, Script
from .lang.universal import ISO_SCRIPTS, LANGUAGE_LABELS, SCRIPT_LETTERS, SCRIPT_RUNS, TOP_LEVEL_DOMAINS
from .lang.universal import script_of as _script_of

log = logging.getLogger(__name__)

# --- Tuned constants ----------------------------------------------------------

#: Characters of the longest kept lines used to identify a page's language:
#: each of those lines is identified on its own and votes with length x
#: confidence (one joined sample let a single Azerbaijani line outvote two
#: English ones); quotations are left out of the vote. 1000 characters settle
#: every sample page in about 1 ms.
MAIN_SAMPLE_CHARS = 1000

#: Language used when a page has no identifiable text at all.
FALLBACK_LANGUAGE = "en"

#: A same-script piece is identified only if it has at least this many words...
MIN_ID_WORDS = 3
#: ... of which at least this many start lower-case. Lines of capitalised names
#: ("Nikol Pashinyan Ilham Aliyev") fool lingua (it says Azerbaijani at 0.85).
MIN_ID_LOWER_WORDS = 2
#: A piece with at least this share of the main language's stop words (and no
#: higher share of another same-script language's) is taken to be in it without
#: asking the identifier. With jusText's stoplists, English prose runs at
#: 0.35-0.5, English headlines at 0.1-0.35, Russian and Azerbaijani prose at
#: 0.3-0.6, Turkish at 0.2-0.5; a foreign piece at 0-0.1 (Turkish and
#: Azerbaijani share many words, hence the comparison).
STOP_RATIO_MAIN = 0.2
#: Same-script pieces need this confidence to be reported foreign (on top of
#: `LangIdConfig.min_confidence`): lingua gives short English headlines
#: 0.6-0.99 English, and short foreign sentences 0.9+ for their language.
SAME_SCRIPT_MIN_CONFIDENCE = 0.8

#: Kind heuristics. Word counts chosen from UI strings across outlets (menus,
#: share bars, copy-link confirmations run 1-4 words) versus quoted statements
#: and sentences (5+ words, or 3+ ending with sentence punctuation).
UI_MAX_WORDS = 5
#: A span with interface vocabulary but no sentence punctuation is UI up to this
#: many words ("Share this story with your friends on social media").
UI_VOCABULARY_MAX_WORDS = 12
SENTENCE_MIN_WORDS = 3
LONG_SPAN_WORDS = 8
#: A span needs this many letters to be a fragment at all ("A+", "©" are not).
MIN_FRAGMENT_LETTERS = 2
#: A switcher line has at most this many tokens.
MAX_SWITCHER_TOKENS = 12

#: Bound on the identifier's result cache (entries); cleared when full.
CACHE_SIZE = 20_000

# --- Scripts --------------------------------------------------------------------

#: A letter outside the given script, per script: the cheap pre-check.
_FOREIGN_LETTER = {name: re.compile(f"[^\\W\\d_{letters}]") for name, letters in SCRIPT_LETTERS.items()}
_ANY_LETTER = re.compile(r"[^\W\d_]")


def _run_script(match: re.Match[str]) -> Script:
    """The script of one `SCRIPT_RUNS` match."""
    return cast(Script, match.lastgroup or "Other")


def script_of(text: str) -> Script:
    """The script most of `text`'s letters are written in ("Other" if it has no letters)."""
    return cast(Script, _script_of(text))


def _script_of_language(code: str) -> Script:
    """The script a known language is written in."""
    return cast(Script, ISO_SCRIPTS[lang.get(code).script])


# --- Noise, quotes, vocabulary -------------------------------------------------------

#: Spans masked out before looking for fragments: URLs, e-mail, hashtags,
#: handles, domain names, file names, and "A+"/"A-" style buttons.
#: Linear time: the e-mail and domain patterns may only start where a run of
#: their characters starts (the lookbehinds), so a run such as "a.a.a..." is
#: scanned once, not once per letter (that was quadratic: 60 s for ten 10 KB lines).
_NOISE = re.compile(
    rf"""(?xi)
    https?://\S+ | www\.\S+
    | (?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+
    | (?<!\w)[#@][\w_]+
    | (?<![\w-])(?<![\w-]\.)[\w-]+(?:\.[\w-]+)*
      \.(?:{"|".join(TOP_LEVEL_DOMAINS)})\b
    | (?<!\w)[A-Za-z][+\-](?!\w)
    """
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

#: Quotation pairs; a span inside one is a quoted statement.
_QUOTED = re.compile(r"«[^«»]*»|“[^“”]*[”“]|„[^„“”]*[“”]|\"[^\"]*\"|‘[^‘’]*’|‹[^‹›]*›")

#: Terminals that end a piece or a span: every known language's (the Armenian ։ among
#: them), and the Arabic question mark of foreign fragments.
_TERMINALS = re.escape(
    "".join(sorted({mark for code in lang.LANGUAGES for mark in lang.get(code).sentence_terminals} | {"؟"}))
)

#: Pieces of a line for same-script identification: text between quote marks
#: and sentence ends.
_PIECES = re.compile(f'[^«»“”„"‹›{_TERMINALS}]+[{_TERMINALS}]*')

_PIECE_TRAILERS = " \t,;:—–-"

#: Sentence punctuation among the non-word characters that end a span, matched
#: at the start of the reversed span: one anchored scan, where searching for
#: `[.!?]\W*$` restarted at every mark of a long run of punctuation.
_SENTENCE_END_REVERSED = re.compile(f"\\W*?[{_TERMINALS};]")
#: Marks that may directly follow a run of letters and belong to it: terminals, and
#: the Armenian question and exclamation marks written over a word (՞ ՜).
_TRAILING_MARKS = frozenset(_TERMINALS.replace("\\", "") + "՞՜")

#: Furniture families that make a span interface vocabulary. Dates and clocks are
#: numbers in any language: a foreign month name inside a sentence is not a UI string.
_INTERFACE_FAMILIES = frozenset(lang.FURNITURE_FAMILIES) - {"dateline", "clock"}


def _is_interface(text: str, language: str | None = None) -> bool:
    """Whether `text` is a whole line of page furniture in `language`, or in any language `briefing` knows
    ("Поделиться", "Read more")."""
    languages = [language] if language in lang.LANGUAGES else [] if language else lang.LANGUAGES
    return bool(languages) and lang.furniture_family(text, languages) in _INTERFACE_FAMILIES


# --- Language switchers ----------------------------------------------------------------

_SWITCHER_TOKEN = re.compile(r"[^\s|/·•,;–—\-\[\]()]+")

# --- Stop words for the same-script pre-check ---------------------------------------------


@cache
def _same_script_stop_words(main: str) -> list[frozenset[str]]:
    """The frequent words of `main`, then of each other known language of its script ([] for an unknown `main`)."""
    if main not in lang.LANGUAGES:
        return []
    script = lang.get(main).script
    others = [code for code in lang.LANGUAGES if code != main and lang.get(code).script == script]
    return [lang.get(code).frequent_words for code in (main, *others)]  # names and nouns tell languages apart too


@cache
def _foreign_letter(main: str) -> re.Pattern[str] | None:
    """A letter outside `main`'s alphabet (None for a language `briefing` does not know)."""
    if main not in lang.LANGUAGES:
        return None
    alphabet = lang.get(main).letters
    return re.compile(rf"(?![\W\d_]|{alphabet}).")


# --- The identifier ---------------------------------------------------------------------------


class LanguageIdentifier:
    """Identifies the language of a text. Built once per run; deterministic; caches results.

    Backends: "lingua" (restricted to `cfg.languages`, in `cfg.accuracy` mode; models
    load lazily on the first text of each script, about 1 s for all Latin-script models) or
    "langdetect" (seeded with `cfg.seed`). langdetect knows neither Armenian nor
    Azerbaijani: Armenian (and Georgian, Greek, Hebrew) text is decided by its
    script before any backend is asked, and Azerbaijani text is reported as
    whichever candidate langdetect prefers (usually Turkish).
    """

    def __init__(self, cfg: LangIdConfig):
        self.cfg = cfg
        self.backend = cfg.backend
        self.languages = tuple(dict.fromkeys(code.lower() for code in cfg.languages))
        self._cache: dict[str, tuple[str | None, float]] = {}
        if self.backend == "lingua":
            self._detect_raw = self._lingua_detector(self.languages, low_accuracy=cfg.accuracy == "low")
        else:
            self._detect_raw = self._langdetect_detector(self.languages, cfg.seed)

    def __reduce__(self):
        """Pickled as its settings: a worker process or Ray actor rebuilds the detector (and starts an empty cache)."""
        return (type(self), (self.cfg,))

    def describe(self) -> str:
        """A short signature for front matter."""
        accuracy = f"; accuracy={self.cfg.accuracy}" if self.backend == "lingua" else ""
        return f"{self.backend} ({','.join(self.languages)}; min_confidence={self.cfg.min_confidence}{accuracy})"

    def detect(self, text: str) -> tuple[str | None, float]:
        """The most likely language of `text` (ISO 639-1) and its confidence in [0, 1].

        ``(None, 0.0)`` for text without letters or that no candidate fits.
        """
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        result = self._detect_uncached(text)
        if len(self._cache) >= CACHE_SIZE:
            self._cache.clear()
        self._cache[text] = result
        return result

    def _detect_uncached(self, text: str) -> tuple[str | None, float]:
        if not _ANY_LETTER.search(text):
            return None, 0.0
        by_script = SCRIPT_LANGUAGE.get(script_of(text))
        if by_script is not None and by_script in self.languages:
            return by_script, 1.0
        return self._detect_raw(text)

    @staticmethod
    def _lingua_detector(languages: Sequence[str], *, low_accuracy: bool):
        from lingua import IsoCode639_1, LanguageDetectorBuilder

        # `LangIdConfig` accepts only codes lingua knows (see `known_languages`).
        isos = [getattr(IsoCode639_1, code.upper()) for code in languages]
        builder = LanguageDetectorBuilder.from_iso_codes_639_1(*isos)
        # Low accuracy: trigram models only, 16 MiB instead of 280 MiB in each worker. Short
        # pieces, where the larger models help, are mostly decided before lingua is asked
        # (script, stop words, MIN_ID_WORDS); the development and held-out figures are the
        # same in both modes (README, "Measured").
        detector = (builder.with_low_accuracy_mode() if low_accuracy else builder).build()

        def detect(text: str) -> tuple[str | None, float]:
            values = detector.compute_language_confidence_values(text)
            if not values or values[0].value <= 0:
                return None, 0.0
            top = values[0]
            return top.language.iso_code_639_1.name.lower(), float(top.value)

        return detect

    @staticmethod
    def _langdetect_detector(languages: Sequence[str], seed: int):
        from langdetect import DetectorFactory, detect_langs
        from langdetect.lang_detect_exception import LangDetectException

        wanted = set(languages)

        def detect(text: str) -> tuple[str | None, float]:
            DetectorFactory.seed = seed  # global in langdetect; set on every call
            try:
                guesses = detect_langs(text)
            except LangDetectException:
                return None, 0.0
            for guess in guesses:  # most probable first
                code = guess.lang.split("-")[0]
                if code in wanted:
                    return code, float(guess.prob)
            return None, 0.0

        return detect


# --- Finding fragments -------------------------------------------------------------------------


@dataclass
class _Span:
    """A candidate fragment within one line, before its kind is judged."""

    start: int
    end: int
    script: Script
    language: str | None
    confidence: float
    switcher: bool = False


class Identified(NamedTuple):
    """What language identification adds to a page: its main language, its foreign spans, and its lines
    with those wholly made of interface strings dropped (new Line objects; cleaning's are left as they were)."""

    language: str
    fragments: list[Fragment]
    lines: list[Line]


def identify(page_id: str, lines: Sequence[Line], identifier: LanguageIdentifier) -> Identified:
    """The page's main language and every span of `lines` not in it, in line order.

    A kept line wholly made of interface fragments comes back as a copy with
    ``kept=False, reason="interface-language"``; `lines` themselves are not changed.
    """
    language, script = _main_language(lines, identifier)
    fragments: list[Fragment] = []
    judged = list(lines)
    for index, line in enumerate(lines):
        if not _ANY_LETTER.search(line.text):
            continue
        spans = _line_spans(line.text, language, script, identifier)
        if not spans:
            continue
        facts = _LineFacts.of(line.text)
        line_fragments = [_judge(page_id, line, span, facts) for span in spans]
        fragments.extend(line_fragments)
        if line.kept and _covers_line(line.text, line_fragments, spans):
            judged[index] = replace(line, kept=False, reason="interface-language")
            for fragment in line_fragments:
                fragment.note = (fragment.note or "") + "; line dropped"
    return Identified(language, fragments, judged)


def find_fragments(page_id: str, lines: Sequence[Line], identifier: LanguageIdentifier) -> tuple[str, list[Fragment]]:
    """The page's main language and its foreign spans (`identify` without the judged lines)."""
    language, fragments, _ = identify(page_id, lines, identifier)
    return language, fragments


def _main_language(lines: Sequence[Line], identifier: LanguageIdentifier) -> tuple[str, Script]:
    """The main language (weighted by text length over kept lines) and its script."""
    pool = [line.text for line in lines if line.kept and _ANY_LETTER.search(line.text)]
    if not pool:
        pool = [line.text for line in lines if _ANY_LETTER.search(line.text)]
    if not pool:
        return FALLBACK_LANGUAGE, _script_of_language(FALLBACK_LANGUAGE)
    weights: dict[Script, int] = {}
    for text in pool:
        if text.isascii() or not _FOREIGN_LETTER["Latin"].search(text):
            weights["Latin"] = weights.get("Latin", 0) + len(text)
            continue
        for match in SCRIPT_RUNS.finditer(text):
            name = _run_script(match)
            weights[name] = weights.get(name, 0) + match.end() - match.start()
    script = max(weights, key=weights.__getitem__)
    if script in SCRIPT_LANGUAGE:
        return SCRIPT_LANGUAGE[script], script
    votes: dict[str, float] = {}
    size = 0
    narrative = [_QUOTED.sub(" ", text) for text in pool]  # quotations are often foreign
    for text in sorted(narrative, key=len, reverse=True):
        if size >= MAIN_SAMPLE_CHARS:
            break
        if not _ANY_LETTER.search(text) or script_of(text) != script:
            continue
        size += len(text)
        language, confidence = identifier.detect(text)
        if language is not None:
            votes[language] = votes.get(language, 0.0) + len(text) * confidence
    if not votes:
        log.warning("no language identified for a %s-script page; assuming %s", script, FALLBACK_LANGUAGE)
        return FALLBACK_LANGUAGE, script
    return max(votes, key=votes.__getitem__), script


def _line_spans(text: str, language: str, script: Script, identifier: LanguageIdentifier) -> list[_Span]:
    """Foreign spans of one line: a switcher, else script runs plus same-script pieces."""
    switcher = _switcher_spans(text, language)
    if switcher is not None:
        return switcher
    masked = _NOISE.sub(lambda m: " " * (m.end() - m.start()), text)
    spans: list[_Span] = []
    foreign_letter = _FOREIGN_LETTER.get(script)
    if foreign_letter is None or foreign_letter.search(masked):
        spans = [s for s in _script_spans(masked, script, identifier) if s.language != language]
        chars = list(masked)
        for span in spans:  # hide them from the same-script pass
            chars[span.start : span.end] = " " * (span.end - span.start)
        masked = "".join(chars)
    if script not in SCRIPT_LANGUAGE:
        spans.extend(_same_script_spans(masked, language, script, identifier))
        spans.sort(key=lambda s: s.start)
    return spans


def _switcher_spans(text: str, main: str) -> list[_Span] | None:
    """Spans of a language-switcher line (None if the line is not one)."""
    tokens = list(_SWITCHER_TOKEN.finditer(text))
    if not tokens or len(tokens) > MAX_SWITCHER_TOKENS:
        return None
    codes = [LANGUAGE_LABELS.get(token.group(0).casefold()) for token in tokens]
    if any(code is None for code in codes):
        return None
    return [
        _Span(token.start(), token.end(), script_of(token.group(0)), code, 1.0, switcher=True)
        for token, code in zip(tokens, codes)
        if code != main
    ]


def _script_spans(masked: str, main_script: Script, identifier: LanguageIdentifier) -> list[_Span]:
    """Runs of letters in other scripts than `main_script`, merged across non-letters."""
    runs = [(_run_script(match), match.start(), match.end()) for match in SCRIPT_RUNS.finditer(masked)]
    has_main = any(name == main_script for name, _, _ in runs)
    groups: list[list] = []  # [script, start, end, words]; "|" marks main-script text between runs
    for name, start, end in runs:
        if name == main_script:
            if groups and groups[-1][0] != "|":
                groups.append(["|", 0, 0, 0])
        elif groups and groups[-1][0] == name:
            groups[-1][2] = end
            groups[-1][3] += 1
        else:
            groups.append([name, start, end, 1])
    spans = []
    for name, start, end, words in groups:
        if name == "|":
            continue
        run = masked[start:end]
        if _is_noise(run):
            continue
        if has_main and words == 1 and run[:1].isupper() and not _is_interface(run):
            continue  # a capitalised single word in a main-script line: a name
        end = _extend_punctuation(masked, end)
        language, confidence = _language_of_run(name, masked[start:end], identifier)
        spans.append(_Span(start, end, name, language, confidence))
    return spans


def _language_of_run(script: str, text: str, identifier: LanguageIdentifier) -> tuple[str | None, float]:
    if script in SCRIPT_LANGUAGE:
        return SCRIPT_LANGUAGE[script], 1.0
    language, confidence = identifier.detect(text)
    if language is None or confidence < identifier.cfg.min_confidence:
        return None, confidence
    return language, confidence


def _same_script_spans(masked: str, main: str, script: Script, identifier: LanguageIdentifier) -> list[_Span]:
    """Pieces of the line in the main script that the identifier says are another language."""
    stops = _same_script_stop_words(main)
    native = _foreign_letter(main)
    threshold = max(identifier.cfg.min_confidence, SAME_SCRIPT_MIN_CONFIDENCE)
    spans: list[_Span] = []
    for piece in _PIECES.finditer(masked):
        words = _WORD.findall(piece.group(0))
        if len(words) < 2:
            continue
        lower = sum(1 for w in words if w[0].islower())
        marked = native is not None and native.search(piece.group(0)) is not None
        if not marked and (len(words) < MIN_ID_WORDS or lower < MIN_ID_LOWER_WORDS):
            continue
        if _reads_as_main(words, main, stops):
            continue
        text = piece.group(0).strip()
        language, confidence = identifier.detect(_without_names(text, words))
        if language is None or language == main or confidence < threshold:
            continue
        if not marked and language in _close_languages(main) and not _sentence_shaped(text, len(words)):
            continue  # a headline in the page's language that a close one's model claimed (Turkish read as Azerbaijani)
        start = piece.start() + len(piece.group(0)) - len(piece.group(0).lstrip())
        end = piece.start() + len(piece.group(0).rstrip(_PIECE_TRAILERS))
        previous = spans[-1] if spans else None
        if previous and previous.language == language and not _ANY_LETTER.search(masked[previous.end : start]):
            previous.end = end
            previous.confidence = min(previous.confidence, confidence)
        else:
            spans.append(_Span(start, end, script, language, confidence))
    return spans


def _without_names(text: str, words: list[str]) -> str:
    """`text` without its capitalised words after the first, when MIN_ID_LOWER_WORDS others remain:
    names belong to no language, and a line of names ("Nikol Pashinyan, Ilham Aliyev and
    Vladimir Putin met in Sochi") reads as Azerbaijani to the identifier."""
    if sum(1 for word in words[1:] if not word[:1].isupper()) < MIN_ID_LOWER_WORDS:
        return text
    return " ".join([words[0], *(word for word in words[1:] if not word[:1].isupper())])


def _reads_as_main(words: list[str], main: str, stops: list[frozenset[str]]) -> bool:
    """Whether a piece has STOP_RATIO_MAIN of `main`'s stop words and no more of another same-script language's."""
    if not stops:
        return False
    folded = [lang.get(main).fold(word) for word in words]
    shares = [sum(1 for word in folded if word in words_of) for words_of in stops]
    return shares[0] >= STOP_RATIO_MAIN * len(words) and shares[0] >= max(shares)


def _close_languages(main: str) -> tuple[str, ...]:
    """The languages an identifier confuses with `main` on short text (none for a language `briefing` does not know)."""
    return lang.get(main).close_languages if main in lang.LANGUAGES else ()


def _sentence_shaped(text: str, words: int) -> bool:
    """At least SENTENCE_MIN_WORDS words ending with sentence punctuation: a quoted statement's shape, not a headline's."""
    return words >= SENTENCE_MIN_WORDS and _SENTENCE_END_REVERSED.match(text[::-1]) is not None


def _is_noise(run: str) -> bool:
    """Too few letters, or an acronym/size button ("NATO", "XS SM MD")."""
    letters = [ch for ch in run if ch.isalpha()]
    if len(letters) < MIN_FRAGMENT_LETTERS:
        return True
    words = _WORD.findall(run)
    return all(len(w) <= 5 and w.isupper() for w in words)


def _extend_punctuation(text: str, end: int) -> int:
    """Move `end` over sentence punctuation that directly follows a run."""
    while end < len(text) and text[end] in _TRAILING_MARKS:
        end += 1
    return end


# --- Judging kind and action ----------------------------------------------------------------


@dataclass(frozen=True)
class _LineFacts:
    """What judging a span needs from its whole line, found once per line: a line can hold thousands of spans."""

    quotes: list[tuple[int, int]]  # (start, end) of each quotation, in order
    first_letter: int
    last_letter: int

    @classmethod
    def of(cls, text: str) -> _LineFacts:
        first = _ANY_LETTER.search(text)
        last = _ANY_LETTER.search(text[::-1])
        quotes = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
        return cls(quotes, first.start() if first else len(text), len(text) - 1 - last.start() if last else -1)

    def quoted(self, start: int, end: int) -> bool:
        """Whether [start, end) lies inside one quotation (they do not overlap, so only the last one before can hold it)."""
        before = bisect.bisect_left(self.quotes, (start,)) - 1
        return before >= 0 and end <= self.quotes[before][1]

    def only_letters_in(self, start: int, end: int) -> bool:
        """Whether every letter of the line lies in [start, end)."""
        return start <= self.first_letter and self.last_letter < end


def _judge(page_id: str, line: Line, span: _Span, facts: _LineFacts) -> Fragment:
    text = line.text[span.start : span.end]
    kind, why = _kind(line, span, text, facts)
    named = span.language or "an unidentified language"
    action: FragmentAction
    if kind == "interface":
        action, note = "stripped", f"interface string in {named} ({why})"
    elif line.kept:
        action, note = "untranslated", f"{why} in {named}; kept, no translation yet"
    else:
        action, note = "stripped", f"{why} in {named}, on a line cleaning dropped ({line.reason or 'no reason'})"
    return Fragment(
        page_id=page_id,
        line=line.number,
        start=span.start,
        end=span.end,
        text=text,
        script=span.script,
        language=span.language,
        confidence=round(span.confidence, 4),
        kind=kind,
        action=action,
        note=note,
    )


def _kind(line: Line, span: _Span, text: str, facts: _LineFacts) -> tuple[FragmentKind, str]:
    """("interface" | "content", why), by the rules in the module docstring."""
    if span.switcher:
        return "interface", "language switcher"
    if facts.quoted(span.start, span.end):
        return "content", "quoted statement"
    words = len(_WORD.findall(text))
    ends_sentence = _SENTENCE_END_REVERSED.match(text[::-1]) is not None
    short = words <= UI_VOCABULARY_MAX_WORDS and (words <= UI_MAX_WORDS or not ends_sentence)
    if short and _is_interface(text):
        return "interface", "interface vocabulary"
    if facts.only_letters_in(span.start, span.end) and _is_interface(text, span.language):
        return "interface", "a notice in its own language"  # "Subscribe to our newsletter ..." on a Russian page
    if words >= LONG_SPAN_WORDS or (words >= SENTENCE_MIN_WORDS and ends_sentence):
        return "content", "sentence"
    if facts.only_letters_in(span.start, span.end) or not line.kept:
        return "interface", "short string without sentence shape"
    return "content", "short phrase in body text"


def _covers_line(text: str, fragments: Iterable[Fragment], spans: Sequence[_Span]) -> bool:
    """Whether interface fragments (and switcher tokens) hold every letter of a line."""
    fragments = list(fragments)
    if not fragments or any(f.kind != "interface" for f in fragments):
        return False
    if any(span.switcher for span in spans):
        return True  # the whole line is a switcher, main-language labels included
    rest = list(text)
    for f in fragments:
        rest[f.start : f.end] = " " * (f.end - f.start)
    return not _ANY_LETTER.search(_NOISE.sub(" ", "".join(rest)))
