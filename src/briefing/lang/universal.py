"""Knowledge that belongs to no one language but that several stages share: scripts, language labels, domains.

- `SCRIPT_LETTERS` and `script_of`: the letters of each script `briefing`
  meets, and the script most of a text is written in. The five languages'
  own alphabets are `Language.letters`; this table also covers the scripts
  of pages' foreign fragments (Georgian, Arabic, Greek, Hebrew, Han).
- `ISO_SCRIPTS`: the ISO 15924 code of each script (`Language.script`).
- `LANGUAGE_LABELS`: what language switchers print ("ENG", "Рус", "Հայ"),
  mapped to ISO 639-1 codes.
- `TOP_LEVEL_DOMAINS`: the domains that end the site names and addresses
  pages print ("news.am", "report.az").
"""

from __future__ import annotations

import re
from types import MappingProxyType

#: Letters of each script, as regex character-class bodies. Punctuation inside
#: the blocks (Armenian ``։ ՞``, Greek ``;``, Arabic comma and digits) is left out.
SCRIPT_LETTERS = MappingProxyType(
    {
        "Latin": "A-Za-z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02af\u1e00-\u1eff",
        "Armenian": "\u0531-\u0556\u0559\u0561-\u0588\ufb13-\ufb17",
        "Cyrillic": "\u0400-\u0481\u048a-\u052f",
        "Georgian": "\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f",
        "Arabic": "\u0620-\u064a\u066e-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc",
        "Greek": "\u0370-\u0373\u0376-\u037d\u037f\u0386\u0388-\u03ff\u1f00-\u1fff",
        "Hebrew": "\u05d0-\u05ea\u05f0-\u05f2\ufb1d-\ufb4f",
        "Han": "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
    }
)

#: ISO 15924 code -> the script's name in `SCRIPT_LETTERS`.
ISO_SCRIPTS = MappingProxyType(
    {
        "Latn": "Latin",
        "Armn": "Armenian",
        "Cyrl": "Cyrillic",
        "Geor": "Georgian",
        "Arab": "Arabic",
        "Grek": "Greek",
        "Hebr": "Hebrew",
        "Hani": "Han",
    }
)

#: Runs of letters of one script; the group "Other" takes letters of any other script.
SCRIPT_RUNS = re.compile(
    "|".join(f"(?P<{name}>[{letters}]+)" for name, letters in SCRIPT_LETTERS.items()) + r"|(?P<Other>[^\W\d_]+)"
)
_ANY_LETTER = re.compile(r"[^\W\d_]")


def script_of(text: str) -> str:
    """The script most of `text`'s letters are written in ("Other" if it has no letters)."""
    if text.isascii():
        return "Latin" if _ANY_LETTER.search(text) else "Other"
    counts: dict[str, int] = {}
    for match in SCRIPT_RUNS.finditer(text):
        name = match.lastgroup or "Other"
        counts[name] = counts.get(name, 0) + match.end() - match.start()
    if not counts:
        return "Other"
    return max(counts, key=counts.__getitem__)


#: Labels that language switchers use, case-folded, to the ISO 639-1 code they name.
LANGUAGE_LABELS = MappingProxyType(
    {
        **dict.fromkeys(["en", "eng", "english", "анг", "англ"], "en"),
        **dict.fromkeys(["ru", "rus", "russian", "рус", "русский", "ру"], "ru"),
        **dict.fromkeys(["hy", "arm", "hye", "am", "armenian", "հայ", "հայերեն"], "hy"),
        **dict.fromkeys(["az", "aze", "azerbaijani", "azərbaycan", "azərbaycanca", "азе"], "az"),
        **dict.fromkeys(["tr", "tur", "türk", "tür", "turkish", "türkçe"], "tr"),
        **dict.fromkeys(["ka", "geo", "ge", "kat", "georgian", "ქართული", "ქარ", "ქართ"], "ka"),
        **dict.fromkeys(["fa", "per", "fas", "persian", "farsi", "فارسی"], "fa"),
        **dict.fromkeys(["fr", "fra", "fre", "french", "français"], "fr"),
        **dict.fromkeys(["de", "deu", "ger", "german", "deutsch"], "de"),
        **dict.fromkeys(["es", "spa", "esp", "spanish", "español"], "es"),
        **dict.fromkeys(["uk", "ukr", "ua", "ukrainian", "українська", "укр"], "uk"),
        **dict.fromkeys(["ar", "ara", "arabic", "العربية", "عربي"], "ar"),
        **dict.fromkeys(["zh", "chinese", "中文"], "zh"),
        **dict.fromkeys(["bs", "bosanski"], "bs"),
        **dict.fromkeys(["ku", "kurdî", "kurdish"], "ku"),
    }
)

#: Domains that end the site names and addresses pages print.
TOP_LEVEL_DOMAINS = "com org net info gov edu int io tv news media co am az ru ge tr ua by kz ir uk de fr eu".split()

#: Scripts of languages outside the language layer that pages quote or models may
#: write (ISO 639-1 -> script name in `SCRIPT_LETTERS`); the five languages' own
#: scripts are `Language.script`. Any other language is taken to be Latin.
FOREIGN_LANGUAGE_SCRIPTS = MappingProxyType(
    {"ka": "Georgian", "uk": "Cyrillic", "bg": "Cyrillic", "kk": "Cyrillic", "fa": "Arabic", "ar": "Arabic",
     "el": "Greek", "he": "Hebrew"}
)  # fmt: skip
