"""Translation: the honest offline default, and choosing the configured translator.

A backend turns a list of sentences in one language into another. The interface
(`Translator`, `Translation`) is in `briefing.interfaces`; backends live in
`briefing.backends` and are imported only when `models.yaml` chooses them
(`BACKENDS`), so that `briefing --help` and offline runs never import torch.

The offline default (`OfflineTranslator`) translates nothing: every result is
`status="untranslated"` with the reason, and the renderer shows the English
sentence marked as untranslated. It never pretends.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .backends.registry import ModelField, Registry
from .config import Config, ModelSpec
from .document import SummarySentence
from .interfaces import GlossaryForms, Translation, Translator

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


def translate_summaries(translator: Translator, sentences: Sequence[SummarySentence], languages: Sequence[str]) -> None:
    """Fill each summary sentence's `translations` (and `flags`) for every output language it is not written in.

    The source language is the sentence's own (`SummarySentence.language`: an
    Armenian page's summary is translated from Armenian). A translation already
    there is kept (the English of a foreign page's sentence, made before
    summarising). A direction the translator cannot do is left untranslated, so
    the renderer marks the sentence with its language. Each text is translated once.
    """
    for target in languages:
        by_source: dict[str, list[SummarySentence]] = {}
        for sentence in sentences:
            if sentence.language != target and target not in sentence.translations:
                by_source.setdefault(sentence.language, []).append(sentence)
        for source, group in by_source.items():
            if not translator.supports(source, target):
                continue
            unique = list(dict.fromkeys(s.text for s in group))
            results = dict(zip(unique, translator.translate(unique, source, target)))
            for sentence in group:
                result = results[sentence.text]
                if result.text is not None:
                    sentence.translations[target] = result.text
                if result.status == "flagged":
                    sentence.flags[target] = list(result.issues)


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
