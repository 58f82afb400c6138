"""Stage 4: split kept lines into sentences, with rules per language.

A line is a paragraph: sentences never span lines. The splitter is rule-based
and cheap (one regex scan per line). It finds candidate boundaries, a cluster
of terminators (``. ! ? …``, and the Armenian ``։``) plus any closing quotes or
brackets, followed by whitespace, and then asks the language's rules whether
the candidate really ends a sentence:

- English and the generic fallback: the next character must be an upper-case
  (or caseless, as in Georgian) letter, an opening quote or bracket, or a digit; a period after a known
  abbreviation (``Mr.``, ``Gen.``, ``Jan.``, ``e.g.``), a single capital initial
  (``J. Smith``) or a dotted abbreviation (``U.S.``) does not end a sentence,
  except that a dotted abbreviation followed by a common sentence opener
  (``U.S. The ...``) does. An ellipsis inside an open quotation never ends one.
- Russian: as above, with Russian abbreviations (``т.е.``, ``г.``, ``им.``).
- Azerbaijani (and Turkish): as above, with Turkic case rules (``az_lower``,
  ``az_upper``: ``İ``/``i`` and ``I``/``ı`` pair up) and Azerbaijani
  abbreviations (``b.e.``, ``məs.``, ``küç.``).
- Armenian: ``։`` ends a sentence; so do ``:`` (used as a full stop by some
  typists), ``՞``, ``՜``, ``!``, ``?`` and an ellipsis when followed by an
  Armenian capital letter or an opening quote. A lone ``.`` does not.

Every sentence is a contiguous slice of the line with surrounding whitespace
trimmed, so no non-space character is ever lost or reordered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .document import Fragment, Line, Sentence

# --- Turkic case ------------------------------------------------------------

_AZ_LOWER = str.maketrans({"İ": "i", "I": "ı"})
_AZ_UPPER = str.maketrans({"i": "İ", "ı": "I"})


def az_lower(text: str) -> str:
    """Lower-case with Azerbaijani/Turkish rules: ``İ`` -> ``i``, ``I`` -> ``ı``.

    Python's ``str.lower`` maps ``İ`` to ``i`` + U+0307 and ``I`` to ``i``.
    """
    return text.translate(_AZ_LOWER).lower()


def az_upper(text: str) -> str:
    """Upper-case with Azerbaijani/Turkish rules: ``i`` -> ``İ``, ``ı`` -> ``I``."""
    return text.translate(_AZ_UPPER).upper()


# --- Language rules ---------------------------------------------------------

#: Abbreviations (lower-cased, with their final period) after which a period
#: does not end a sentence. Titles, months and Latin/English shorthands that
#: commonly precede a capitalised word in news text.
_EN_ABBREVIATIONS = frozenset(
    """
    mr. mrs. ms. dr. prof. st. gen. lt. col. maj. capt. cmdr. adm. sgt. rep. sen. gov. pres. amb. rev. hon.
    jr. sr. no. nos. vol. art. para. fig. p. pp. ch. sec. dept. est. approx. inc. ltd. co. corp. bros.
    jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec. mon. tue. tues. wed. thu. thur. thurs. fri. sat. sun.
    e.g. i.e. vs. v. cf. al. ca. viz. mt. ft. ave. blvd. rd.
    """.split()
)
_RU_ABBREVIATIONS = frozenset(
    """
    т.е. т.к. т.н. др. пр. г. гг. в. вв. им. ул. пер. пл. д. кв. см. стр. с. тыс. млн. млрд. руб.
    н.э. ок. акад. проф. ген. тов. г-н. г-жа. рис. табл. гл. ст. чел. коп. долл. mr. dr.
    """.split()
)
_AZ_ABBREVIATIONS = frozenset(
    """
    b.e. e.ə. b.e.ə. məs. prof. dos. akad. gen. c. səh. küç. şəh. ray. res. resp. min. mln. mlrd.
    kv. və.s. t.e. t.ü. e.d. dr. mr. yan. fev. apr. iyn. iyl. avq. sen. okt. noy. dek.
    """.split()
)
_TR_ABBREVIATIONS = frozenset("vs. prof. doç. dr. av. müh. sn. örn. bkz. yy. s. no. mah. cad. sok. mr.".split())

_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "en": _EN_ABBREVIATIONS,
    "ru": _RU_ABBREVIATIONS,
    "uk": _RU_ABBREVIATIONS,
    "az": _AZ_ABBREVIATIONS,
    "tr": _TR_ABBREVIATIONS,
}

#: Abbreviations that usually close a list and so may end a sentence when an
#: upper-case word follows ("... and so on. Next ..."); checked before the others.
_FINAL_ABBREVIATIONS = ("etc.", "т.д.", "т.п.", "və s.", "və sair.", "vb.")

#: Words that open English sentences; after a dotted abbreviation ("U.S.")
#: one of these signals that the abbreviation also ended the sentence.
_EN_OPENERS = frozenset(
    "the a an he she it they we i this that these those there but and in on at after before however his her its their our".split()
)

_TURKIC = frozenset({"az", "tr"})

_OPEN_QUOTES = "“«„‘\"'([‹"
_CLOSE_QUOTES = "”»\"’')]›“"

#: A candidate boundary: terminators, closing quotes/brackets, whitespace.
#: ``:`` is a candidate only for Armenian (checked in `_is_boundary`).
_CANDIDATE = re.compile(r"([.!?…։՜՞:]+)([”»\"’'\)\]›“]*)(\s+)")

#: A dotted abbreviation such as U.S, b.e, т.е (before the final period).
_DOTTED = re.compile(r"^(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}$")

_ARMENIAN_CAPITAL = re.compile(r"[\u0531-\u0556]")


def _lower(text: str, language: str) -> str:
    return az_lower(text) if language in _TURKIC else text.lower()


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
        or "\u10d0" <= ch <= "\u10ff"
    )


def _is_boundary_armenian(terminators: str, text: str, nxt: int) -> bool:
    if "։" in terminators:
        return True
    if terminators.strip(".") == "" and len(terminators) < 3:
        return False  # a lone period does not end an Armenian sentence
    if nxt >= len(text):
        return True
    ch = text[nxt]
    return bool(_ARMENIAN_CAPITAL.match(ch)) or ch in _OPEN_QUOTES or ch.isdigit()


def _is_boundary_latin(terminators: str, text: str, term_start: int, nxt: int, segment: str, language: str) -> bool:
    if ":" in terminators and not terminators.rstrip(":"):
        return False  # a colon only ends Armenian sentences
    if "։" in terminators:
        return True
    if nxt >= len(text):
        return True
    if not _starts_sentence(text[nxt]):
        return False
    ellipsis = "…" in terminators or terminators.startswith("...")
    if ellipsis and _inside_open_quote(segment):
        return False
    if terminators != ".":
        return True
    tail = _lower(text[max(0, term_start - 8) : term_start + 1], language)
    if tail.endswith(_FINAL_ABBREVIATIONS):
        return True
    word = _word_before(text, term_start)
    if not word:
        return True
    if word.isdigit() and len(word) <= 3 and segment.strip() == word:
        return False  # a list number opening the paragraph: "1. The ministers ..."
    if _lower(word, language) + "." in _ABBREVIATIONS.get(language, ()):
        return False
    if len(word) == 1 and word.isalpha() and word.isupper():
        return False  # an initial: "J. Smith", "İ. Əliyev"
    if _DOTTED.match(word):
        # "U.S. President" continues; "U.S. The next day" starts a new sentence.
        return language == "en" and _next_word(text, nxt).lower() in _EN_OPENERS
    return True


def _spans(text: str, language: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`, whitespace trimmed, never empty."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        terminators = match.group(1)
        nxt = match.end()
        if language == "hy":
            boundary = _is_boundary_armenian(terminators, text, nxt)
        else:
            boundary = _is_boundary_latin(terminators, text, match.start(1), nxt, text[start : match.start()], language)
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

    Known: ``en``, ``hy``, ``az``, ``tr``, ``ru``, ``uk``; anything else uses the
    generic Latin rule. Never raises; ``"".join`` of the result's non-space
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
