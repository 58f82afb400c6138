"""Choosing a backend by name, with the honest fallback: one mechanism for translators and summarisers.

A `Registry` maps each backend name of one kind to ``"module:Class"`` and imports
the module only when that backend is chosen, as sacrebleu's metric registry does,
so `briefing --help` and an offline run never import torch. `Registry.load`:

1. finds the class; an unknown name is a ValueError listing the valid ones;
2. checks, without importing them, the packages the class `requires`;
3. checks that every model the config names for it is set and present locally
   in the form the class loads (`Backend.ensure_present`, files only);
4. builds it; a ModelError or ImportError while building is a reason too;
   the built backend adopts the same policy for failures found later
   (`Backend.on_failure`: a model that fails on first use).

The first reason found gives the fallback the caller names (translating nothing,
or the extractive summariser), after a WARNING that is also passed to `warn` for
the run report; under `strict` it raises ModelError instead.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..config import ModelSpec
from ..errors import ModelError
from ..interfaces import Backend
from . import loading

log = logging.getLogger(__name__)

B = TypeVar("B", bound=Backend)

#: A config field ("summary.article_model") and the model it names, None when it is not set.
ModelField = tuple[str, ModelSpec | None]


@dataclass(frozen=True)
class Registry(Generic[B]):
    """The backends of one kind, by the name `models.yaml` gives them."""

    kind: str  # the config section, "translation" or "summary"
    backends: Mapping[str, str]  # name -> "module:Class"
    fallback_note: str  # what the fallback means for the output, ending each warning

    def names(self) -> list[str]:
        return sorted(self.backends)

    def backend_class(self, name: str) -> type[B]:
        """The class registered under `name`, its module imported now; ValueError listing the valid names."""
        try:
            target = self.backends[name]
        except KeyError:
            raise ValueError(f"unknown {self.kind} backend {name!r}; choose from {self.names()}") from None
        module, _, cls = target.partition(":")
        return getattr(importlib.import_module(module), cls)

    def load(
        self,
        name: str,
        build: Callable[[type[B]], B],
        fallback: Callable[[str], B],
        models: Sequence[ModelField] = (),
        *,
        strict: bool = False,
        warn: Callable[[str], None] | None = None,
    ) -> B:
        """`build(cls)` for the backend `name`, or `fallback(reason)` when it cannot run here (see the module)."""
        cls = self.backend_class(name)
        reason = self.unavailable(cls, name, models)
        if reason is None:
            try:
                built = build(cls)
                built.on_failure(strict, warn)
                return built
            except (ImportError, ModelError) as exc:
                reason = f"{self.kind} backend {name!r} unavailable: {exc}"
        if strict:
            raise ModelError(f"{reason} (strict mode: no fallback)")
        message = f"{reason}; {self.fallback_note}"
        log.warning("%s", message)
        if warn is not None:
            warn(message)
        return fallback(reason)

    def unavailable(self, cls: type[B], name: str, models: Sequence[ModelField]) -> str | None:
        """Why `cls` cannot run here with `models`, found without importing torch; None when it can."""
        missing = loading.missing_packages_reason(cls.requires)
        if missing:
            return f"{self.kind} backend {name!r} unavailable: {missing}"
        configured = {field: spec for field, spec in models if spec is not None}
        unset = [field for field, _ in models if field not in configured]
        if unset:
            return f"{self.kind}.backend is {name!r} but {', '.join(unset)} is not set"
        absent = []
        for field, spec in configured.items():
            try:
                cls.ensure_present(spec)
            except ModelError as exc:
                absent.append(f"{field}: {exc}")
        if absent:
            return f"{self.kind} model not present locally: {'; '.join(absent)}"
        return None
