"""Stage 3: the page's main language, and every span that is not in it.

`find_fragments` works line by line over ALL lines (dropped ones too, so that
the report lists everything) and finds foreign spans three ways, cheapest first:

1. Language switchers: a line made only of language codes or names
   (``ru``, ``ARM``, ``EN | AZ``, ``Русский``) names its languages.
2. Script: runs of letters in another script than the page's (Cyrillic in an
   English line, Latin in an Armenian one), at span granularity. Scripts that
   belong to one language (Armenian, Georgian, Greek, Hebrew) decide it with
   confidence 1.0; others (Latin, Cyrillic, Arabic, Han) ask the identifier.
3. Same-script language ID: pieces of a line (sentences, quotations) in the
   page's script are identified only when a cheap pre-check says they could be
   foreign (few of the main language's stop words, or letters the main
   language does not use). Results are cached per text by the identifier.

Each span is then judged "interface" (a UI string: switcher, UI vocabulary,
or short, without sentence shape, on a dropped line or alone on its line) or
"content" (a quotation, or sentence-shaped text). Actions:

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
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .config import SCRIPT_LANGUAGE, LangIdConfig
from .document import Fragment, FragmentAction, FragmentKind, Line, Script

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
#: A piece with at least this share of the main language's stop words is taken
#: to be in it without asking the identifier. English prose runs at 0.35-0.5,
#: English headlines at 0.1-0.35; Azerbaijani/Turkish/Russian text at 0-0.05.
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

#: Letters of each script, as regex character-class bodies. Punctuation inside
#: the blocks (Armenian ``։ ՞``, Greek ``;``, Arabic comma and digits) is excluded.
_SCRIPT_LETTERS: dict[Script, str] = {
    "Latin": "A-Za-z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02af\u1e00-\u1eff",
    "Armenian": "\u0531-\u0556\u0559\u0561-\u0588\ufb13-\ufb17",
    "Cyrillic": "\u0400-\u0481\u048a-\u052f",
    "Georgian": "\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f",
    "Arabic": "\u0620-\u064a\u066e-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc",
    "Greek": "\u0370-\u0373\u0376-\u037d\u037f\u0386\u0388-\u03ff\u1f00-\u1fff",
    "Hebrew": "\u05d0-\u05ea\u05f0-\u05f2\ufb1d-\ufb4f",
    "Han": "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
}
#: Runs of letters of one script; "Other" takes letters of any other script.
_RUNS = re.compile(
    "|".join(f"(?P<{name}>[{letters}]+)" for name, letters in _SCRIPT_LETTERS.items()) + r"|(?P<Other>[^\W\d_]+)"
)
#: A letter outside the given script, per script: the cheap pre-check.
_FOREIGN_LETTER = {name: re.compile(f"[^\\W\\d_{letters}]") for name, letters in _SCRIPT_LETTERS.items()}
_ANY_LETTER = re.compile(r"[^\W\d_]")
#: The script each named group of `_RUNS` stands for.
_GROUP_SCRIPT: dict[str, Script] = {**{name: name for name in _SCRIPT_LETTERS}, "Other": "Other"}


def _run_script(match: re.Match[str]) -> Script:
    """The script of one `_RUNS` match."""
    return _GROUP_SCRIPT[match.lastgroup or "Other"]


_LANGUAGE_SCRIPT: dict[str, Script] = {
    "hy": "Armenian",
    "ka": "Georgian",
    "el": "Greek",
    "he": "Hebrew",
    "ru": "Cyrillic",
    "uk": "Cyrillic",
    "be": "Cyrillic",
    "bg": "Cyrillic",
    "sr": "Cyrillic",
    "mk": "Cyrillic",
    "kk": "Cyrillic",
    "ar": "Arabic",
    "fa": "Arabic",
    "ur": "Arabic",
    "zh": "Han",
}


def script_of(text: str) -> Script:
    """The script most of `text`'s letters are written in ("Other" if it has no letters)."""
    if text.isascii():
        return "Latin" if _ANY_LETTER.search(text) else "Other"
    counts: dict[Script, int] = {}
    for match in _RUNS.finditer(text):
        name = _run_script(match)
        counts[name] = counts.get(name, 0) + match.end() - match.start()
    if not counts:
        return "Other"
    return max(counts, key=counts.__getitem__)


# --- Noise, quotes, vocabulary -------------------------------------------------------

#: Spans masked out before looking for fragments: URLs, e-mail, hashtags,
#: handles, domain names, file names, and "A+"/"A-" style buttons.
#: Linear time: the e-mail and domain patterns may only start where a run of
#: their characters starts (the lookbehinds), so a run such as "a.a.a..." is
#: scanned once, not once per letter (that was quadratic: 60 s for ten 10 KB lines).
_NOISE = re.compile(
    r"""(?xi)
    https?://\S+ | www\.\S+
    | (?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+
    | (?<!\w)[#@][\w_]+
    | (?<![\w-])(?<![\w-]\.)[\w-]+(?:\.[\w-]+)*
      \.(?:com|org|net|info|gov|edu|int|io|tv|am|az|ru|ge|tr|ua|by|kz|ir|uk|de|fr|eu|news|media|co)\b
    | (?<!\w)[A-Za-z][+\-](?!\w)
    """
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

#: Quotation pairs; a span inside one is a quoted statement.
_QUOTED = re.compile(r"«[^«»]*»|“[^“”]*[”“]|„[^„“”]*[“”]|\"[^\"]*\"|‘[^‘’]*’|‹[^‹›]*›")

#: Pieces of a line for same-script identification: text between quote marks
#: and sentence ends.
_PIECES = re.compile(r"[^«»“”„\"‹›.!?…]+[.!?…]*")

_PIECE_TRAILERS = " \t,;:—–-"

#: Sentence punctuation among the non-word characters that end a span, matched
#: at the start of the reversed span: one anchored scan, where searching for
#: `[.!?]\W*$` restarted at every mark of a long run of punctuation.
_SENTENCE_END_REVERSED = re.compile(r"\W*?[.!?…։؟;]")

#: Stems of interface vocabulary across the outlets' languages: links, sharing,
#: copying, printing, menus, search, log-in, subscription, accessibility,
#: navigation. Matched on case-folded text anywhere in the span.
_UI_VOCABULARY = re.compile(
    "|".join(
        """
        link share copy copied print menu search subscribe sign.in sign.up log.in login logout skip.to
        accessib read.more follow.us cookie privacy newsletter download back.to.top loading
        ссылк поделит скопир копир печат меню поиск подпис войти вход регистрац главная читать.далее
        наверх закрыть загрузк версия.для
        հղում կիսվել պատճեն տպել որոն բաժանորդ մուտք գլխավոր մատչելի կարդալ ընտրացանկ փակել
        paylaş kopyala keçid çap.et axtar menyu abunə daxil.ol giriş əsas.səhifə ardını.oxu bağla yüklə
        bağlantı yazdır ana.sayfa devamı abone.ol
        გაზიარ ბმულ ძიება მენიუ
        partager copier lien rechercher teilen kopieren suche compartir copiar enlace buscar
        """.split()
    )
)

# --- Language switchers ----------------------------------------------------------------

#: Labels that language switchers use, case-folded, to the ISO 639-1 code they name.
LANGUAGE_LABELS: dict[str, str] = {
    **dict.fromkeys(["en", "eng", "english", "анг", "англ"], "en"),
    **dict.fromkeys(["ru", "rus", "russian", "рус", "русский", "ру"], "ru"),
    **dict.fromkeys(["hy", "arm", "hye", "am", "armenian", "հայ", "հայերեն"], "hy"),
    **dict.fromkeys(["az", "aze", "azerbaijani", "azərbaycan", "azərbaycanca", "aze", "азе"], "az"),
    **dict.fromkeys(["tr", "tur", "turkish", "türkçe"], "tr"),
    **dict.fromkeys(["ka", "geo", "ge", "kat", "georgian", "ქართული", "ქარ"], "ka"),
    **dict.fromkeys(["fa", "per", "fas", "persian", "farsi", "فارسی"], "fa"),
    **dict.fromkeys(["fr", "fra", "fre", "french", "français"], "fr"),
    **dict.fromkeys(["de", "deu", "ger", "german", "deutsch"], "de"),
    **dict.fromkeys(["es", "spa", "esp", "spanish", "español"], "es"),
    **dict.fromkeys(["uk", "ukr", "ua", "ukrainian", "українська", "укр"], "uk"),
    **dict.fromkeys(["ar", "ara", "arabic", "العربية", "عربي"], "ar"),
}
_SWITCHER_TOKEN = re.compile(r"[^\s|/·•,;–—\-\[\]()]+")

# --- Stop words for the same-script pre-check ---------------------------------------------

STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """a an the and or but if of to in on at by for from with as into about over after before between
        is are was were be been being has have had do does did will would shall should can could may might must
        it its he she they we you i his her their our them him this that these those there here which who whom
        what when where why how not no than then so also very just only more most some any all both each
        said says up out down new one two""".split()
    ),
    "ru": frozenset(
        "и в во не на с со что как а но по к у из за от о об для до при это он она они его её их был была были быть же ли".split()
    ),
    "az": frozenset(
        "və ilə bu o da də ki üçün bir olan olub isə kimi görə sonra artıq həm ya nə çox daha belə onun".split()
    ),
    "tr": frozenset("ve ile bu bir da de ki için olan olarak gibi daha çok en ama ya ne sonra göre kadar her".split()),
    "fr": frozenset(
        "le la les de des du un une et est en que qui dans pour pas sur au aux avec ce il elle ont a été".split()
    ),
    "de": frozenset(
        "der die das und ist in den von zu mit sich des auf für nicht ein eine dem im als auch es an wird".split()
    ),
    "es": frozenset("el la los las de del y en que un una es por con para no se al lo como su más pero".split()),
}
#: Letters a main language uses beyond which a piece may be foreign (only where known).
_NATIVE_LETTERS: dict[str, re.Pattern[str]] = {"en": re.compile(r"[^\W\d_A-Za-z]")}


# --- The identifier ---------------------------------------------------------------------------


class LanguageIdentifier:
    """Identifies the language of a text. Built once per run; deterministic; caches results.

    Backends: "lingua" (restricted to `cfg.languages`; models load lazily on the
    first text of each script, about 1 s for all Latin-script models) or
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
            self._detect_raw = self._lingua_detector(self.languages)
        else:
            self._detect_raw = self._langdetect_detector(self.languages, cfg.seed)

    def describe(self) -> str:
        """A short signature for front matter."""
        return f"{self.backend} ({','.join(self.languages)}; min_confidence={self.cfg.min_confidence})"

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
    def _lingua_detector(languages: Sequence[str]):
        from lingua import IsoCode639_1, LanguageDetectorBuilder

        # `LangIdConfig` accepts only codes lingua knows (see `known_languages`).
        isos = [getattr(IsoCode639_1, code.upper()) for code in languages]
        detector = LanguageDetectorBuilder.from_iso_codes_639_1(*isos).build()

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


def find_fragments(page_id: str, lines: list[Line], identifier: LanguageIdentifier) -> tuple[str, list[Fragment]]:
    """The page's main language and every span of `lines` not in it, in line order.

    Mutates `lines`: a kept line wholly made of interface fragments is set to
    ``kept=False, reason="interface-language"``.
    """
    language, script = _main_language(lines, identifier)
    fragments: list[Fragment] = []
    for line in lines:
        if not _ANY_LETTER.search(line.text):
            continue
        spans = _line_spans(line.text, language, script, identifier)
        if not spans:
            continue
        facts = _LineFacts.of(line.text)
        line_fragments = [_judge(page_id, line, span, facts) for span in spans]
        fragments.extend(line_fragments)
        if line.kept and _covers_line(line.text, line_fragments, spans):
            line.kept = False
            line.reason = "interface-language"
            for fragment in line_fragments:
                fragment.note = (fragment.note or "") + "; line dropped"
    return language, fragments


def _main_language(lines: Sequence[Line], identifier: LanguageIdentifier) -> tuple[str, Script]:
    """The main language (weighted by text length over kept lines) and its script."""
    pool = [line.text for line in lines if line.kept and _ANY_LETTER.search(line.text)]
    if not pool:
        pool = [line.text for line in lines if _ANY_LETTER.search(line.text)]
    if not pool:
        return FALLBACK_LANGUAGE, _LANGUAGE_SCRIPT.get(FALLBACK_LANGUAGE, "Latin")
    weights: dict[Script, int] = {}
    for text in pool:
        if text.isascii() or not _FOREIGN_LETTER["Latin"].search(text):
            weights["Latin"] = weights.get("Latin", 0) + len(text)
            continue
        for match in _RUNS.finditer(text):
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
    runs = [(_run_script(match), match.start(), match.end()) for match in _RUNS.finditer(masked)]
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
        if has_main and words == 1 and run[:1].isupper() and not _UI_VOCABULARY.search(run.casefold()):
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
    stops = STOP_WORDS.get(main)
    native = _NATIVE_LETTERS.get(main)
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
        if stops is not None and sum(1 for w in words if w.casefold() in stops) >= STOP_RATIO_MAIN * len(words):
            continue
        text = piece.group(0).strip()
        language, confidence = identifier.detect(text)
        if language is None or language == main or confidence < threshold:
            continue
        start = piece.start() + len(piece.group(0)) - len(piece.group(0).lstrip())
        end = piece.start() + len(piece.group(0).rstrip(_PIECE_TRAILERS))
        previous = spans[-1] if spans else None
        if previous and previous.language == language and not _ANY_LETTER.search(masked[previous.end : start]):
            previous.end = end
            previous.confidence = min(previous.confidence, confidence)
        else:
            spans.append(_Span(start, end, script, language, confidence))
    return spans


def _is_noise(run: str) -> bool:
    """Too few letters, or an acronym/size button ("NATO", "XS SM MD")."""
    letters = [ch for ch in run if ch.isalpha()]
    if len(letters) < MIN_FRAGMENT_LETTERS:
        return True
    words = _WORD.findall(run)
    return all(len(w) <= 5 and w.isupper() for w in words)


def _extend_punctuation(text: str, end: int) -> int:
    """Move `end` over sentence punctuation that directly follows a run."""
    while end < len(text) and text[end] in ".!?…։՞՜؟":
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
    if short and _UI_VOCABULARY.search(text.casefold()):
        return "interface", "interface vocabulary"
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
