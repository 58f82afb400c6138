"""Model-agnostic text operations around machine translation.

Shared by every translation backend (transformers, CTranslate2). Nothing here
imports torch or knows about a model; it works on strings and token counts.

1. `protect` / `restore`: shield numbers, dates, URLs and handles behind
   placeholders, and force glossary names into their target-language form.
2. `plan_batches`: group sentences by token count, longest first; callers put
   results back in input order.
3. `check`: quality checks on one translated sentence, returning issue strings
   (empty list = ok). Every issue starts with a stable code: ``number-missing:``,
   ``number-extra:``, ``glossary-missing:``, ``script:``, ``forbidden-script:``,
   ``untranslated:``, ``language:``, ``repetition:``, ``length-ratio:``, ``empty:``.

Placeholder scheme: ``[k]`` with k = 1, 2, ... (indices that already occur in the
source as ``[k]`` are skipped). Citation markers like ``[3]`` are everywhere in
the web and Wikipedia text these models were trained on, are pure ASCII (so no
SentencePiece vocabulary maps them to <unk>), and are copied verbatim into every
target script, including Armenian and Cyrillic; a suffix a model attaches
(``[1]-ին``) still restores correctly. Restoration tolerates inner spaces
(``[ 1 ]``). A placeholder missing from the output is a QA failure.

Glossary names are not hidden behind placeholders but replaced *inline* by their
target form ("forced glossary forms"): hiding a name would stop the model from
inflecting it (Azerbaijani ``Vaşinqtonda``, Armenian ``Միրզոյանը``), and a
same-script name is copied reliably. `check` verifies the form survived.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ..lang import script_name
from ..lang.universal import SCRIPT_LETTERS

# ---------------------------------------------------------------- protection

#: What is hidden behind placeholders: URLs, e-mail addresses, @handles, and any
#: token with a digit (numbers, dates such as 2024-11-07 or 07.11.2024, times, 6,500, 1.5%).
_PROTECT_RE = re.compile(
    r"(?P<marker>\[\s*\d{1,3}\s*\])"  # an existing [k] in the source: kept as it is
    r"|https?://\S+[\w/]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|@\w+"
    r"|\d+(?:[.,:/\-]\d+|[\u00a0\u202f ]\d{3}(?!\d))*%?",
)
_PLACEHOLDER_RE = re.compile(r"\[\s*(\d{1,3})\s*\]")


@dataclass
class Protected:
    """A sentence prepared for a model, and what it takes to undo the preparation."""

    source: str  # the original sentence
    text: str  # what the model sees
    slots: dict[str, str] = field(default_factory=dict)  # "[k]" -> original text
    forms: dict[str, str] = field(default_factory=dict)  # glossary forms applied: source form -> target form


def protect(text: str, forms: Mapping[str, str] | None = None) -> Protected:
    """Replace glossary names by their target forms, and numbers/URLs by ``[k]`` placeholders.

    `forms` maps a source-language form to its target form; longer forms win over
    shorter overlapping ones, and only whole-word occurrences are replaced.
    """
    applied: dict[str, str] = {}
    out = text
    for src_form in sorted(forms or {}, key=len, reverse=True):
        tgt_form = (forms or {})[src_form]
        if not src_form.strip() or not tgt_form.strip():
            continue
        pattern = re.compile(rf"(?<!\w){re.escape(src_form)}(?!\w)")
        out, count = pattern.subn(tgt_form.replace("\\", "\\\\"), out)  # backslashes doubled: inserted as written
        if count:
            applied[src_form] = tgt_form
    taken = {m.group(1) for m in _PLACEHOLDER_RE.finditer(out)}
    slots: dict[str, str] = {}
    counter = 0

    def _slot(match: re.Match[str]) -> str:
        nonlocal counter
        if match.group("marker"):
            return match.group(0)
        counter += 1
        while str(counter) in taken:
            counter += 1
        key = f"[{counter}]"
        slots[key] = match.group(0)
        return key

    out = _PROTECT_RE.sub(_slot, out)
    return Protected(text, out, slots, applied)


def restore(output: str, protected: Protected) -> tuple[str, list[str]]:
    """Put the protected originals back into a model's output.

    Returns the restored text and issues: ``placeholder-lost: [k]`` for each slot
    the output dropped, ``placeholder-repeated: [k]`` for each it duplicated.
    Bracketed numbers that are not our slots are left alone.
    """
    seen: dict[str, int] = {}

    def _put_back(match: re.Match[str]) -> str:
        key = f"[{match.group(1)}]"
        if key not in protected.slots:
            return match.group(0)
        seen[key] = seen.get(key, 0) + 1
        return protected.slots[key]

    restored = _PLACEHOLDER_RE.sub(_put_back, output)
    issues = [f"placeholder-lost: {key}" for key in protected.slots if key not in seen]
    issues += [f"placeholder-repeated: {key}" for key, n in seen.items() if n > 1]
    return restored, issues


# ---------------------------------------------------------------- batching


def plan_batches(lengths: Sequence[int], max_tokens: int, max_items: int | None = None) -> list[list[int]]:
    """Group item indices into batches by tokens, longest first, so padding stays small.

    A batch's cost is its longest item times its size (what padding makes it);
    each batch keeps cost <= `max_tokens` (and size <= `max_items` when given: no
    engine caps sentences by count, the token budget alone bounds memory), except
    that an item longer than `max_tokens` gets a batch of its own. Every index
    appears exactly once. O(n log n).
    """
    order = sorted(range(len(lengths)), key=lambda i: lengths[i], reverse=True)
    batches: list[list[int]] = []
    current: list[int] = []
    longest = 0
    for i in order:
        longest_if_added = max(longest, lengths[i])
        full = max_items is not None and len(current) >= max_items
        if current and (full or longest_if_added * (len(current) + 1) > max_tokens):
            batches.append(current)
            current, longest_if_added = [], lengths[i]
        current.append(i)
        longest = longest_if_added
    if current:
        batches.append(current)
    return batches


# ---------------------------------------------------------------- numbers

_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+|[\u00a0\u202f' ]\d{3}(?!\d))*")
_GROUP_SEPARATORS = "\u00a0\u202f' "


def normalise_number(raw: str) -> str:
    """A number written any common way, as plain digits with '.' for decimals.

    "6,500", "6 500", "6.500" (thousands) -> "6500"; "1.5" and "1,5" -> "1.5"; "07" -> "7".
    A '.' or ',' followed by exactly three digits is a thousands separator;
    otherwise it is the decimal mark. Spaces (incl. no-break) and apostrophes group.
    """
    parts = re.split(r"([.,\u00a0\u202f' ])", raw)
    out = parts[0]
    for sep, digits in zip(parts[1::2], parts[2::2]):
        if sep in _GROUP_SEPARATORS or len(digits) == 3:
            out += digits
        else:
            out += "." + digits
    integer, dot, fraction = out.partition(".")
    return (integer.lstrip("0") or "0") + dot + fraction


def numbers_in(text: str) -> set[str]:
    """Every number in `text`, normalised (see `normalise_number`)."""
    found = set()
    for match in _NUMBER_RE.finditer(text):
        found.add(normalise_number(match.group(0).strip()))
    return found


# ---------------------------------------------------------------- scripts


def target_script(lang: str) -> str:
    """The script a translation into `lang` must be written in (from the language layer: "hy" -> "Armenian")."""
    return script_name(lang)


#: Scripts that must not appear at all in a language's output unless the source has them.
#: Cyrillic in Azerbaijani output means the model drifted to Russian or Soviet-era spelling.
FORBIDDEN_SCRIPTS = {
    "az": ("Cyrillic", "Armenian"),
    "en": ("Cyrillic", "Armenian"),
    "hy": ("Cyrillic",),
    "tr": ("Cyrillic",),
}

#: Share of letters that must be in the target script. Chosen so that a sentence
#: keeping a few untranslated Latin names or acronyms (NATO, OSCE) in Armenian
#: still passes, while a sentence mostly left in the source script fails.
MIN_SCRIPT_SHARE = 0.6


_SCRIPT_CHARS = [(name, re.compile(f"[{letters}]")) for name, letters in SCRIPT_LETTERS.items()]


def script_of(char: str) -> str:
    """The script of one letter, by the language layer's alphabets (`lang.universal.SCRIPT_LETTERS`), or "Other"."""
    return next((name for name, letters in _SCRIPT_CHARS if letters.match(char)), "Other")


def script_counts(text: str) -> dict[str, int]:
    """Letters of `text` per script."""
    counts: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            name = script_of(char)
            counts[name] = counts.get(name, 0) + 1
    return counts


def script_issues(output: str, tgt: str, source: str = "", exempt: Sequence[str] = ()) -> list[str]:
    """Issues when `output` is not written in `tgt`'s script.

    `exempt` strings (protected originals, e.g. a URL) are ignored. A forbidden
    script is tolerated only when the source itself contains it.
    """
    for text in exempt:
        output = output.replace(text, " ")
    counts = script_counts(output)
    total = sum(counts.values())
    issues = []
    expected = target_script(tgt)
    if total:
        share = counts.get(expected, 0) / total
        if share < MIN_SCRIPT_SHARE:
            issues.append(f"script: expected {expected}, {share:.0%} of letters are")
    source_scripts = script_counts(source)
    for name in FORBIDDEN_SCRIPTS.get(tgt, ()):
        if counts.get(name) and not source_scripts.get(name):
            issues.append(f"forbidden-script: {name} letters in {tgt} output")
    return issues


# ---------------------------------------------------------------- repetition

#: A word n-gram repeated back to back this many times is a loop: 3 for single
#: words ("the the the" never happens in news), 2 for n-grams of 3+ words.
_MIN_REPEATS = {1: 3, 2: 3, 3: 2, 4: 2}
#: A run of the same 1-6 letter piece repeated 4+ times inside a word ("tititi...").
_CHAR_LOOP_RE = re.compile(r"([^\W\d_]{1,6}?)\1{3,}")


#: A span of this many words or more said twice back to back is a repeated clause or sentence.
MIN_REPEATED_SPAN = 5
#: A sentence of this many words or more said twice anywhere in one output is a repeated sentence.
MIN_REPEATED_SENTENCE_WORDS = 3
_SENTENCE_END_RE = re.compile(r"(?<=[.!?։…])\s+|\n+")


def repetition_issues(output: str, source: str = "") -> list[str]:
    """Issues for repetition loops in `output` that the source does not have: a word or
    short n-gram looping, a piece looping inside a word, a clause said twice in a row,
    or a whole sentence said twice."""
    words = [w.casefold() for w in re.findall(r"\w+", output)]
    source_folded = " ".join(re.findall(r"\w+", source.casefold()))
    for n, min_repeats in _MIN_REPEATS.items():
        for start in range(len(words) - n * min_repeats + 1):
            gram = words[start : start + n]
            if all(words[start + k * n : start + (k + 1) * n] == gram for k in range(1, min_repeats)):
                loop = " ".join(gram * min_repeats)
                if loop not in source_folded:
                    return [f"repetition: '{' '.join(gram)}' repeated {min_repeats}+ times"]
    match = _CHAR_LOOP_RE.search(output)
    if match and match.group(0).casefold() not in source.casefold():
        return [f"repetition: '{match.group(1)}' repeated inside '{match.group(0)}'"]
    return _repeated_span(words, source_folded) or _repeated_sentence(output, source)


def _repeated_span(words: list[str], source_folded: str) -> list[str]:
    """A run of `MIN_REPEATED_SPAN`+ words followed at once by itself (O(n^2) in words: one sentence)."""
    for n in range(len(words) // 2, MIN_REPEATED_SPAN - 1, -1):
        for start in range(len(words) - 2 * n + 1):
            span = words[start : start + n]
            if span == words[start + n : start + 2 * n] and " ".join(span * 2) not in source_folded:
                return [f"repetition: '{' '.join(span)}' said twice"]
    return []


def _repeated_sentence(output: str, source: str) -> list[str]:
    """A sentence of `MIN_REPEATED_SENTENCE_WORDS`+ words that the output says twice, and the source once at most."""

    def sentences(text: str) -> list[str]:
        found = (" ".join(re.findall(r"\w+", part.casefold())) for part in _SENTENCE_END_RE.split(text))
        return [s for s in found if len(s.split()) >= MIN_REPEATED_SENTENCE_WORDS]

    said = sentences(output)
    in_source = sentences(source)
    for sentence in dict.fromkeys(said):
        if said.count(sentence) > 1 and in_source.count(sentence) < 2:
            return [f"repetition: sentence '{sentence}' said {said.count(sentence)} times"]
    return []


# ---------------------------------------------------------------- length

#: Allowed characters-out / characters-in per (src, tgt). Typical FLORES-200
#: ratios for these pairs are about 0.9-1.2 (Armenian and Azerbaijani run a
#: little longer than English); the bounds give roughly 2x margin either way,
#: enough to catch dropped halves and loops without flagging normal variation.
LENGTH_BOUNDS: dict[tuple[str, str], tuple[float, float]] = {
    ("en", "hy"): (0.6, 2.2),
    ("en", "az"): (0.6, 2.0),
}
DEFAULT_LENGTH_BOUNDS = (0.5, 2.2)
#: Below this many source characters the ratio is too noisy to judge.
MIN_CHARS_FOR_RATIO = 20


def length_issues(source: str, output: str, src: str, tgt: str) -> list[str]:
    """Issue when the output is implausibly short or long for the pair."""
    if len(source.strip()) < MIN_CHARS_FOR_RATIO:
        return []
    low, high = LENGTH_BOUNDS.get((src, tgt), DEFAULT_LENGTH_BOUNDS)
    ratio = len(output.strip()) / len(source.strip())
    if ratio < low or ratio > high:
        return [f"length-ratio: {ratio:.2f} outside {low}-{high}"]
    return []


# ---------------------------------------------------------------- all checks


def glossary_issues(output: str, forms: Mapping[str, str]) -> list[str]:
    """Issues for glossary target forms missing from `output` (inflected forms count)."""
    folded = unicodedata.normalize("NFC", output).casefold()
    return [
        f"glossary-missing: {target}"
        for target in dict.fromkeys(forms.values())
        if unicodedata.normalize("NFC", target).casefold() not in folded
    ]


def number_issues(source: str, output: str) -> list[str]:
    """Issues for numbers of the source that the output lacks, and numbers the output adds (separators normalised)."""
    found, given = numbers_in(output), numbers_in(source)
    issues = [f"number-missing: {n}" for n in sorted(given - found)]
    return issues + [f"number-extra: {n}" for n in sorted(found - given)]


#: The language check needs this many letters: shorter outputs ("NATO", "Ok.") are
#: too short for any identifier and are judged by their script only.
MIN_LANGUAGE_LETTERS = 20
#: Confidence at or above which the identifier's answer counts. lingua's
#: confidences are relative across the candidates: a sentence it cannot place
#: spreads them (no answer above 0.5), one clearly in a language puts 0.6-1.0 on it.
MIN_LANGUAGE_CONFIDENCE = 0.5

#: `text -> (ISO 639-1 code or None, confidence)`: `briefing.langid.LanguageIdentifier.detect`.
Identify = Callable[[str], "tuple[str | None, float]"]


def language_issues(
    source: str, output: str, src: str, tgt: str, identify: Identify | None, exempt: Sequence[str] = ()
) -> list[str]:
    """Issues when `output` is not in `tgt`: the source handed back as it is, or text the
    language identifier reads, confidently, as another language (English left as it was,
    Turkish where Azerbaijani was asked for). The script check cannot see either: all
    three are Latin."""
    issues = []
    if src != tgt and _folded_words(output) == _folded_words(source) and re.search(r"[^\W\d_]{3}", source):
        issues.append(f"untranslated: the output repeats the {src} source")
    if identify is None:
        return issues
    text = output
    for item in exempt:
        text = text.replace(item, " ")
    if sum(ch.isalpha() for ch in text) < MIN_LANGUAGE_LETTERS:
        return issues
    found, confidence = identify(text)
    if found is not None and found != tgt and confidence >= MIN_LANGUAGE_CONFIDENCE:
        issues.append(f"language: expected {tgt}, reads as {found} ({confidence:.2f})")
    return issues


def _folded_words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", text).casefold())


def check(
    source: str,
    output: str,
    src: str,
    tgt: str,
    forms: Mapping[str, str] | None = None,
    exempt: Sequence[str] = (),
    identify: Identify | None = None,
) -> list[str]:
    """All quality checks for one translated sentence; an empty list means ok.

    `forms` are the glossary forms that were applied (source -> target);
    `exempt` are protected originals to ignore in the script and language checks;
    `identify` is the language identifier (no language check without one).
    """
    if not output.strip():
        return ["empty: no output"] if source.strip() else []
    issues = number_issues(source, output)
    issues += glossary_issues(output, forms or {})
    issues += script_issues(output, tgt, source, exempt)
    issues += language_issues(source, output, src, tgt, identify, exempt)
    issues += repetition_issues(output, source)
    issues += length_issues(source, output, src, tgt)
    return issues
