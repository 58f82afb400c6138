"""Language codes: ISO 639-1 (what `briefing` uses everywhere) to each model family's convention.

This is the one place that knows how a family names languages:

* nllb    FLORES-200 codes, ``hye_Armn``; forced as the first generated token.
* m2m100  ISO 639-1, ``hy``; the tokenizer's ``get_lang_id`` gives the forced token.
* madlad  a ``<2hy>`` tag prepended to the source text.
* marian  one model per pair needs nothing; a multi-target model needs a
          ``>>hye<<``-style tag, whose exact spelling depends on the model's
          vocabulary (``>>aze_Latn<<``, ``>>azj<<``, ...): see `marian_tag_candidates`.

Unknown languages raise `UnsupportedLanguage` (a `ModelError`).
"""

from __future__ import annotations

from ..errors import ModelError

#: ISO 639-1 -> FLORES-200 (NLLB). Azerbaijani is North Azerbaijani in Latin script.
FLORES = {
    "en": "eng_Latn",
    "hy": "hye_Armn",
    "az": "azj_Latn",
    "ru": "rus_Cyrl",
    "tr": "tur_Latn",
    "ka": "kat_Geor",
    "fa": "pes_Arab",
    "fr": "fra_Latn",
    "de": "deu_Latn",
    "es": "spa_Latn",
    "uk": "ukr_Cyrl",
    "ar": "arb_Arab",
    "it": "ita_Latn",
    "pl": "pol_Latn",
    "pt": "por_Latn",
    "nl": "nld_Latn",
    "el": "ell_Grek",
    "he": "heb_Hebr",
    "zh": "zho_Hans",
    "ja": "jpn_Jpan",
    "ko": "kor_Hang",
    "kk": "kaz_Cyrl",
    "uz": "uzn_Latn",
    "ro": "ron_Latn",
    "bg": "bul_Cyrl",
}

#: ISO 639-1 codes M2M100 (418M / 1.2B) was trained on, among those `briefing` may meet.
M2M100 = frozenset(
    {
        "en",
        "hy",
        "az",
        "ru",
        "tr",
        "ka",
        "fa",
        "fr",
        "de",
        "es",
        "uk",
        "ar",
        "it",
        "pl",
        "pt",
        "nl",
        "el",
        "he",
        "zh",
        "ja",
        "ko",
        "kk",
        "uz",
        "ro",
        "bg",
    }
)


class UnsupportedLanguage(ModelError):
    """A model family has no code for a language."""


def _iso3(lang: str) -> str:
    return FLORES[lang].split("_")[0]


def nllb_code(lang: str) -> str:
    """FLORES-200 code for an ISO 639-1 language, e.g. 'hy' -> 'hye_Armn'."""
    try:
        return FLORES[lang]
    except KeyError:
        raise UnsupportedLanguage(f"no NLLB (FLORES-200) code known for language {lang!r}") from None


def m2m100_code(lang: str) -> str:
    """M2M100's code: the ISO 639-1 code itself, if the model knows the language."""
    if lang not in M2M100:
        raise UnsupportedLanguage(f"M2M100 does not cover language {lang!r}")
    return lang


def madlad_tag(lang: str) -> str:
    """MADLAD-400's target tag, e.g. 'hy' -> '<2hy>'."""
    if not (lang.isalpha() and len(lang) in (2, 3)):
        raise UnsupportedLanguage(f"no MADLAD-400 tag for language {lang!r}")
    return f"<2{lang}>"


def marian_tag_candidates(lang: str) -> list[str]:
    """Possible multi-target Marian tags for `lang`, most specific first.

    OPUS-MT models spell targets as ISO 639-3 with an optional script
    (``>>aze_Latn<<``), the individual-language code (``>>azj<<``), or ISO 639-1.
    The caller picks the first one the tokenizer's vocabulary has.
    """
    candidates = []
    if lang in FLORES:
        flores = FLORES[lang]
        iso3, script = flores.split("_")
        candidates += [f">>{flores}<<", f">>{iso3}<<"]
        macro = {"azj": "aze", "pes": "fas", "arb": "ara", "zsm": "msa", "uzn": "uzb"}.get(iso3)
        if macro:
            candidates += [f">>{macro}_{script}<<", f">>{macro}<<"]
    candidates.append(f">>{lang}<<")
    return list(dict.fromkeys(candidates))


def family_code(family: str, lang: str) -> str | None:
    """The code a family uses for `lang`; None for Marian (tags depend on the model's vocabulary)."""
    if family == "nllb":
        return nllb_code(lang)
    if family == "m2m100":
        return m2m100_code(lang)
    if family in {"madlad", "t5"}:
        return madlad_tag(lang)
    if family == "marian":
        return None
    raise UnsupportedLanguage(f"model family {family!r} is not a translation family")
