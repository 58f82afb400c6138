"""What a model backend promises: the `Translator` and `Summariser` interfaces.

The stages (`briefing.translate`, `briefing.summarise`) choose a backend by name
through `briefing.backends.registry`; the backends (`briefing.backends.*`)
implement these classes. Both sides import this module and it imports neither,
so there is no import cycle between stages and backends.

Every backend also states, as class attributes the registry reads before
building it, what it needs to run here: the packages it imports (`requires`)
and how to tell that a model is present in the form it loads
(`ensure_present`). Both checks read files only and import no torch.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from .config import ModelSpec, RuntimeConfig, SummaryConfig, TranslationConfig
from .document import Article, Event, SummarySentence

#: `(text, src, tgt) -> {source form: target form}`: the glossary's names found in a text.
GlossaryForms = Callable[[str, str, str], dict[str, str]]

Status = Literal["ok", "flagged", "untranslated"]


class Backend(ABC):
    """What the registry needs to know about a backend before it builds one."""

    name: ClassVar[str] = "abstract"
    #: Packages the backend imports when it runs, checked without importing them.
    requires: ClassVar[tuple[str, ...]] = ()
    #: How a failure found while running (a model that fails to load on first use)
    #: is handled: raise ModelError under strict, else fall back, passing the warning
    #: to `warn` for the run report. Set by the registry (`on_failure`).
    strict: bool = False
    warn: Callable[[str], None] | None = None

    def on_failure(self, strict: bool, warn: Callable[[str], None] | None) -> None:
        """Adopt the run's failure policy (the registry calls this on every backend it builds)."""
        self.strict = strict
        self.warn = warn

    @classmethod
    def ensure_present(cls, spec: ModelSpec) -> None:
        """Raise ModelError unless `spec` is on this machine in the form this backend loads.

        Reads files only. A backend that loads no model has nothing to check.
        """
        return None

    @abstractmethod
    def describe(self) -> str:
        """A short, human-readable signature for front matter."""


@dataclass
class Translation:
    """One text's translation, or why there is none; never a guess presented as "ok"."""

    source: str
    text: str | None  # None when untranslated
    status: Status
    issues: list[str] = field(default_factory=list)  # QA problems, or why untranslated
    backend: str = "none"
    via: str | None = None  # the pivot language when there was no direct model (e.g. "en")


class Translator(Backend):
    """Translates sentences. One instance per run; it may hold a loaded model.

    The registry builds a backend from the `translation` section, the runtime and
    the glossary's lookup; a backend that cannot run raises ModelError or ImportError.
    """

    def __init__(self, cfg: TranslationConfig, runtime: RuntimeConfig, glossary_forms: GlossaryForms | None = None):
        self.cfg = cfg
        self.runtime = runtime
        self.glossary_forms = glossary_forms

    @abstractmethod
    def translate(self, texts: Sequence[str], src: str, tgt: str) -> list[Translation]:
        """Translate each text from `src` to `tgt` (ISO 639-1). Same length and order as `texts`."""

    def supports(self, src: str, tgt: str) -> bool:
        return True


class Summariser(Backend):
    """Summarises articles and events into English `SummarySentence`s.

    `summarise_event` is called after every article of the event has its
    `summary` filled. Implementations never mutate their arguments. The registry
    builds a backend from the `summary` section and the runtime; a backend that
    cannot run raises ModelError or ImportError.
    """

    #: The page languages (ISO 639-1) it summarises; None for any. A page in
    #: another language goes to the extractive summariser (`briefing.summarise.Dispatch`).
    languages: ClassVar[frozenset[str] | None] = None

    def __init__(self, cfg: SummaryConfig, runtime: RuntimeConfig):
        self.cfg = cfg
        self.runtime = runtime

    def supports(self, language: str) -> bool:
        """Whether pages in `language` may be given to this summariser."""
        return self.languages is None or language in self.languages

    def label(self) -> str:
        """What a fallback note calls this summariser, e.g. the model's id."""
        return self.name

    @abstractmethod
    def summarise_article(self, article: Article) -> list[SummarySentence]:
        """The article's summary; every sentence's `sources` is `[article.id]`."""

    @abstractmethod
    def summarise_event(self, event: Event) -> list[SummarySentence]:
        """A merged summary of the event's articles, each sentence citing its supporting articles."""
