"""Translation: the honest offline default, choosing the configured translator, routes and caching.

A backend turns a list of sentences in one language into another. The interface
(`Translator`, `Translation`) is in `briefing.interfaces`; backends live in
`briefing.backends` and are imported only when `models.yaml` chooses them
(`BACKENDS`), so that `briefing --help` and offline runs never import torch.

The offline default (`OfflineTranslator`) translates nothing: every result is
`status="untranslated"` with the reason, and the renderer shows the English
sentence marked as untranslated. It never pretends.

Summaries are translated from every source language (en, hy, az, ru, tr) into
each output language (`translate_summaries`). Text already in the target
language is not translated. A direction is taken directly when a model covers it
(NLLB, M2M100 and MADLAD are many-to-many; Marian needs one model per pair), else
through English when both legs have a model (`route`, `translate_routed`); the
sentence records the route (`SummarySentence.routes`), which the front matter
states. `CachedTranslator` translates each distinct sentence once per run and
keeps results across runs in the incremental cache.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal

from . import lang
from .backends.registry import ModelField, Registry
from .config import Config, ModelSpec
from .document import SummarySentence
from .interfaces import GlossaryForms, Translation, Translator

if TYPE_CHECKING:
    from .cache import Cache

#: The language every pivot goes through: every translation family covers it both ways.
PIVOT = "en"
Route = Literal["identity", "direct", "via en", "none"]

DISABLED = "translation disabled in models.yaml (translation.backend: none)"


class OfflineTranslator(Translator):
    """The default when no model is available: translates nothing, says why."""

    name = "none"

    def __init__(self, reason: str = "no translation model configured"):
        self.reason = reason

    def translate(self, texts: Sequence[str], src: str, tgt: str) -> list[Translation]:
        if src == tgt:
            return [Translation(t, t, "ok", backend="identity") for t in texts]
        return [Translation(t, None, "untranslated", [self.reason], self.name) for t in texts]

    def supports(self, src: str, tgt: str) -> bool:
        return src == tgt

    def describe(self) -> str:
        return f"none ({self.reason})"


def route(translator: Translator, src: str, tgt: str) -> Route:
    """How `src` text reaches `tgt`: as it is, directly, through English, or not at all."""
    if src == tgt:
        return "identity"
    if translator.supports(src, tgt):
        return "direct"
    if PIVOT not in (src, tgt) and translator.supports(src, PIVOT) and translator.supports(PIVOT, tgt):
        return "via en"
    return "none"


def translate_routed(translator: Translator, texts: Sequence[str], src: str, tgt: str) -> list[Translation]:
    """`texts` from `src` into `tgt` by `route`: a pivot translates into English, then the
    English into `tgt` (a flag on either leg flags the result); with no route each text
    is untranslated, saying why. Same length and order as `texts`."""
    way = route(translator, src, tgt)
    if way == "identity":
        return [Translation(t, t, "ok", backend="identity") for t in texts]
    if way == "direct":
        return translator.translate(texts, src, tgt)
    if way == "none":
        reason = f"no translation model for {src}->{tgt}, nor for {src}->{PIVOT} and {PIVOT}->{tgt}"
        return [Translation(t, None, "untranslated", [reason], translator.name) for t in texts]
    first = translator.translate(texts, src, PIVOT)
    done = [r for r in first if r.text is not None]
    second = iter(translator.translate([r.text or "" for r in done], PIVOT, tgt)) if done else iter(())
    results = []
    for text, leg in zip(texts, first):
        if leg.text is None:
            results.append(Translation(text, None, "untranslated", leg.issues, leg.backend, via=PIVOT))
            continue
        final = next(second)
        issues = [f"{src}->{PIVOT}: {issue}" for issue in leg.issues] + final.issues
        status = final.status if final.status == "untranslated" else ("flagged" if issues else "ok")
        results.append(Translation(text, final.text, status, issues, final.backend, via=PIVOT))
    return results


def translate_summaries(translator: Translator, sentences: Sequence[SummarySentence], languages: Sequence[str]) -> None:
    """Fill each summary sentence's `translations` (and `flags`, `routes`) for every output language it is not written in.

    The source language is the sentence's own (`SummarySentence.language`: an
    Armenian page's summary is translated from Armenian), into each of
    `languages`, directly or through English (`translate_routed`). A sentence
    already in the target language is not translated; a translation already there
    is kept (the English of a foreign page's sentence, made before summarising).
    A direction with no route is left untranslated, with the reason in `routes`,
    so the renderer marks the sentence with its language. Each text is translated once.
    """
    for target in languages:
        by_source: dict[str, list[SummarySentence]] = {}
        for sentence in sentences:
            if sentence.language != target and target not in sentence.translations:
                by_source.setdefault(sentence.language, []).append(sentence)
        for source, group in by_source.items():
            results = _translate_group(translator, group, source, target)
            for sentence in group:
                result = results[sentence.text]
                if result.text is not None:
                    sentence.translations[target] = result.text
                    if result.via:
                        sentence.routes[target] = f"via {result.via}"
                elif result.issues:
                    sentence.routes[target] = f"untranslated: {result.issues[0]}"
                if result.status == "flagged":
                    sentence.flags[target] = list(result.issues)


def _translate_group(
    translator: Translator, group: Sequence[SummarySentence], src: str, tgt: str
) -> dict[str, Translation]:
    """Each distinct text of `group` translated once; a pivot starts from a sentence's English when it has one."""
    through_english = route(translator, src, tgt) == "via en"
    english = {s.text: s.translations[PIVOT] for s in group if through_english and PIVOT in s.translations}
    results: dict[str, Translation] = {}
    if english:
        texts = list(dict.fromkeys(english))
        for text, result in zip(texts, translator.translate([english[t] for t in texts], PIVOT, tgt)):
            results[text] = Translation(text, result.text, result.status, result.issues, result.backend, via=PIVOT)
    rest = list(dict.fromkeys(s.text for s in group if s.text not in results))
    results.update(zip(rest, translate_routed(translator, rest, src, tgt)))
    return results


def route_table(
    translator: Translator, targets: Sequence[str], sources: Sequence[str] = lang.LANGUAGES
) -> dict[str, Route]:
    """The route of every direction from `sources` into `targets` ("ru-hy": "via en"), identity left out."""
    return {f"{s}-{t}": route(translator, s, t) for t in targets for s in sources if s != t}


class CachedTranslator(Translator):
    """Another translator, asked once per distinct (text, direction) in a run, its results kept across runs.

    Within a run, results are remembered in memory; with a `cache`, translations
    (ok or flagged, never "untranslated", which may be a passing failure) are
    stored under the stage ``translation``, keyed by the translator's signature
    (`describe`: model, revision, engine), the direction and the text.
    """

    STAGE = "translation"

    def __init__(self, inner: Translator, cache: Cache | None = None):
        self.inner = inner
        self.cache = cache
        self.name = inner.name  # type: ignore[misc]  # the backend's name, per instance
        self._memo: dict[tuple[str, str, str], Translation] = {}
        self._signature: str | None = None

    def translate(self, texts: Sequence[str], src: str, tgt: str) -> list[Translation]:
        from .cache import DecodeError, decode, encode
        from .cache import key as cache_key

        if self._signature is None:
            self._signature = self.inner.describe()
        wanted = [t for t in dict.fromkeys(texts) if (src, tgt, t) not in self._memo]
        keys = {t: cache_key(self.STAGE, self._signature, src, tgt, t) for t in wanted}
        if self.cache is not None:
            for text in wanted:
                stored = self.cache.get(self.STAGE, keys[text])
                if stored is not None:
                    with contextlib.suppress(DecodeError):  # an entry from another version: translate again
                        self._memo[(src, tgt, text)] = decode(stored, Translation)
        missing = [t for t in wanted if (src, tgt, t) not in self._memo]
        if missing:
            fresh = self.inner.translate(missing, src, tgt)
            self._memo.update({(src, tgt, t): r for t, r in zip(missing, fresh)})
            if self.cache is not None:
                keep = {keys[t]: encode(r) for t, r in zip(missing, fresh) if r.status != "untranslated"}
                if keep:
                    self.cache.put_many(self.STAGE, keep)
        return [self._memo[(src, tgt, t)] for t in texts]

    def supports(self, src: str, tgt: str) -> bool:
        return self.inner.supports(src, tgt)

    def describe(self) -> str:
        return self.inner.describe()

    def on_failure(self, strict: bool, warn: Callable[[str], None] | None) -> None:
        self.inner.on_failure(strict, warn)


def cached(translator: Translator, cache: Cache | None = None) -> Translator:
    """`translator`, asked once per distinct text and direction, with results kept in `cache` across runs.

    The offline translator is returned as it is: it has nothing worth keeping.
    """
    if isinstance(translator, (OfflineTranslator, CachedTranslator)):
        return translator
    return CachedTranslator(translator, cache)


#: `translation.backend` -> "module:Class", imported only when chosen.
BACKENDS: Registry[Translator] = Registry(
    "translation",
    {
        "none": "briefing.translate:OfflineTranslator",
        "transformers": "briefing.backends.hf:HFTranslator",
        "ctranslate2": "briefing.backends.ct2:CT2Translator",
    },
    fallback_note="sentences stay in their own language, marked untranslated",
)


def model_for(cfg: Config, src: str, tgt: str) -> ModelSpec | None:
    """The model configured for one direction: a per-pair entry, else the shared model."""
    return cfg.translation.pairs.get(f"{src}-{tgt}", cfg.translation.model)


def load_translator(
    cfg: Config,
    glossary_forms: GlossaryForms | None = None,
    *,
    strict: bool = False,
    warn: Callable[[str], None] | None = None,
) -> Translator:
    """The configured translator, or the honest offline default.

    `briefing run` never downloads: a model that is not present locally (hub
    cache or directory), or an output language without a model, gives the
    offline translator and a warning, or a ModelError under `strict`.
    """
    if cfg.translation.backend == "none":
        return OfflineTranslator(DISABLED)
    return BACKENDS.load(
        cfg.translation.backend,
        lambda cls: cls(cfg.translation, cfg.runtime, glossary_forms),
        OfflineTranslator,
        _models(cfg),
        strict=strict,
        warn=warn,
    )


def _models(cfg: Config) -> list[ModelField]:
    """Every configured translation model, and an unset one when some output language has no model."""
    models: list[ModelField] = [("translation.model", cfg.translation.model)] if cfg.translation.model else []
    models += [(f"translation.pairs.{pair}", spec) for pair, spec in cfg.translation.pairs.items()]
    gaps = [
        f"translation.pairs.en-{lang}" for lang in cfg.languages if lang != "en" and model_for(cfg, "en", lang) is None
    ]
    if gaps:
        models.append((f"translation.model (or {', '.join(gaps)})", None))
    return models
