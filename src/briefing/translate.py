"""Translation: the backend interface, the honest offline default, and the registry.

A backend turns a list of sentences in one language into another. Backends live
in `briefing.backends` and are imported lazily through `BACKENDS`, so that
`briefing --help` and offline runs never import torch.

The offline default (`OfflineTranslator`) translates nothing: every result is
`status="untranslated"` with the reason, and the renderer shows the English
sentence marked as untranslated. It never pretends.
"""

from __future__ import annotations

import importlib
import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from .config import Config, ModelSpec
from .errors import ModelError

log = logging.getLogger(__name__)

Status = Literal["ok", "flagged", "untranslated"]


@dataclass
class Translation:
    source: str
    text: str | None  # None when untranslated
    status: Status
    issues: list[str] = field(default_factory=list)  # QA problems, or why untranslated
    backend: str = "none"


class Translator(ABC):
    """Translates sentences. One instance per run; it may hold a loaded model."""

    name: str = "abstract"

    @abstractmethod
    def translate(self, texts: Sequence[str], src: str, tgt: str) -> list[Translation]:
        """Translate each text from `src` to `tgt` (ISO 639-1). Same length and order as `texts`."""

    def supports(self, src: str, tgt: str) -> bool:
        return True

    def describe(self) -> str:
        """A short, human-readable signature for front matter."""
        return self.name


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


#: Backend name -> "module:Class". Imported only when chosen.
BACKENDS: dict[str, str] = {
    "none": "briefing.translate:OfflineTranslator",
    "transformers": "briefing.backends.hf:HFTranslator",
    "ctranslate2": "briefing.backends.ct2:CT2Translator",
}


def backend_class(name: str) -> type:
    """The class registered under `name`; raises ValueError listing the valid names."""
    try:
        target = BACKENDS[name]
    except KeyError:
        raise ValueError(f"unknown translation backend {name!r}; choose from {sorted(BACKENDS)}") from None
    module, _, cls = target.partition(":")
    return getattr(importlib.import_module(module), cls)


def model_for(cfg: Config, src: str, tgt: str) -> ModelSpec | None:
    """The model configured for one direction: a per-pair entry, else the shared model."""
    return cfg.translation.pairs.get(f"{src}-{tgt}", cfg.translation.model)


def load_translator(
    cfg: Config,
    glossary_forms: Callable[[str, str, str], dict[str, str]] | None = None,
    *,
    strict: bool = False,
    warn: Callable[[str], None] | None = None,
) -> Translator:
    """The configured translator, or the honest offline default.

    `briefing run` never downloads: a model that is not present locally (hub
    cache or directory) gives the offline translator and a warning, or a
    ModelError under `strict`.
    """
    if cfg.translation.backend == "none":
        return OfflineTranslator("translation disabled in models.yaml (translation.backend: none)")
    from .backends.loading import missing_packages_reason  # no torch import

    missing = missing_packages_reason()
    if missing:
        return _fallback(f"translation backend {cfg.translation.backend!r} unavailable: {missing}", strict, warn)
    if cfg.translation.backend == "ctranslate2":  # it loads the conversion, not the original weights
        from .backends.ct2 import is_available
    else:
        from .backends.loading import is_available
    wanted = {model_for(cfg, "en", lang) for lang in cfg.languages if lang != "en"}
    absent = sorted(spec.id for spec in wanted if spec is None or not is_available(spec, offline=cfg.runtime.offline))
    if absent or not wanted:
        reason = f"translation model not present locally: {', '.join(absent) or 'none configured'} (run `briefing models pull`)"
        return _fallback(reason, strict, warn)
    try:
        return backend_class(cfg.translation.backend)(cfg.translation, cfg.runtime, glossary_forms)
    except (ImportError, ModelError) as exc:
        return _fallback(f"translation backend {cfg.translation.backend!r} unavailable: {exc}", strict, warn)


def _fallback(reason: str, strict: bool, warn: Callable[[str], None] | None) -> Translator:
    if strict:
        raise ModelError(reason)
    log.warning("%s; summaries stay in English, marked untranslated", reason)
    if warn:
        warn(reason)
    return OfflineTranslator(reason)
