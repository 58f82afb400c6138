"""`models.yaml`: the schema, its defaults, and how a file is read.

Precedence, highest first: command-line options, environment (`HF_HUB_OFFLINE`),
the user's `models.yaml`, then the defaults written in this module. A user's
file only needs the keys it changes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from . import lang, safeyaml
from .document import OUTPUT_LANGUAGES
from .errors import ConfigError

ModelFamily = Literal["nllb", "m2m100", "marian", "madlad", "bart", "pegasus", "led", "t5", "causal"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ModelSpec(_Section):
    """One model: a hub id or a local directory."""

    id: str = Field(description="Hub id (org/name) or a local directory.")
    revision: str | None = Field(None, description="Hub revision (branch, tag or commit).")
    family: ModelFamily | None = Field(
        None, description="Architecture family; read from the model's config when unset."
    )
    licence: str | None = None
    allow_pickle: bool = Field(False, description="Allow non-safetensors weights (pickle). Off by default.")
    trust_remote_code: bool = False
    ct2_dir: str | None = Field(None, description="CTranslate2 conversion of this model; default: <cache>/ct2/<id>.")

    @field_validator("id")
    @classmethod
    def _non_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value


#: The default translation model. Its hub repository's main branch has pickle weights only
#: (pytorch_model.bin); safetensors conversions exist only as open pull-request revisions
#: (refs/pr/29, refs/pr/39), which may vanish. So the one official file is allowed, and
#: transformers reads it with torch.load(weights_only=True), which builds tensors and refuses
#: any other object. `briefing models convert` then makes the CTranslate2 copy. See models.yaml.
NLLB_600M = ModelSpec(id="facebook/nllb-200-distilled-600M", family="nllb", licence="CC-BY-NC-4.0", allow_pickle=True)


class TranslationConfig(_Section):
    backend: Literal["none", "transformers", "ctranslate2"] = "transformers"
    model: ModelSpec | None = NLLB_600M
    pairs: dict[str, ModelSpec] = Field(
        default_factory=dict,
        description="Per-pair overrides, keyed 'src-tgt' (e.g. 'en-hy'), for one-pair models such as Marian.",
    )
    beams: int = Field(4, ge=1, le=16)
    no_repeat_ngram_size: int = Field(4, ge=0)
    max_length_ratio: float = Field(2.0, gt=0, description="Generated tokens allowed per input token.")
    max_length_offset: int = Field(16, ge=0)
    batch_tokens: int = Field(2048, ge=16, description="Source tokens per batch (every engine; no sentence cap).")
    restrict_vocabulary: bool = Field(
        False,
        description="CTranslate2 only: decode with the output vocabulary cut to the output languages' scripts "
        "(`briefing models convert` writes it; about 1.3x faster with NLLB's 256k vocabulary).",
    )

    @field_validator("pairs")
    @classmethod
    def _pair_keys(cls, value: dict[str, ModelSpec]) -> dict[str, ModelSpec]:
        for key in value:
            parts = key.split("-")
            if len(parts) != 2 or not all(p.isalpha() and len(p) in (2, 3) for p in parts):
                raise ValueError(f"pair key {key!r} must look like 'en-hy'")
        return value


class SummaryConfig(_Section):
    backend: Literal["extractive", "transformers", "ctranslate2"] = "extractive"
    article_sentences: int = Field(3, ge=1, le=50)
    event_sentences: int = Field(6, ge=1, le=100)
    mmr_lambda: float = Field(0.7, ge=0, le=1, description="1 = pure centrality, 0 = pure novelty.")
    article_model: ModelSpec | None = None
    event_strategy: Literal["combine", "model"] = "combine"
    event_model: ModelSpec | None = None
    max_new_tokens: int = Field(160, ge=8)
    beams: int = Field(4, ge=1, le=16)


#: Default candidate languages of the language identifier (all known to lingua).
LANGID_CANDIDATES = ("en", "hy", "az", "ru", "tr", "ka", "fa", "fr", "de", "es", "uk", "ar")
#: Scripts written by one language (among those briefing meets): `briefing.langid`
#: lets the script decide, whatever the backend knows. From the language layer.
SCRIPT_LANGUAGE: dict[str, str] = lang.single_language_scripts()


class LangIdConfig(_Section):
    backend: Literal["lingua", "langdetect"] = "lingua"
    languages: list[str] = Field(
        default_factory=lambda: list(LANGID_CANDIDATES), description="Candidate languages, ISO 639-1."
    )
    min_confidence: float = Field(0.5, ge=0, le=1)
    seed: int = 0
    accuracy: Literal["low", "high"] = Field(
        "low",
        description=(
            "lingua's mode: 'low' (trigram models, about 16 MiB for the default candidates) or 'high' "
            "(1- to 5-gram models, about 280 MiB in every worker process); the same figures on the "
            "development and held-out sets (README, 'Measured')."
        ),
    )

    @model_validator(mode="before")
    @classmethod
    def _default_for_backend(cls, data: Any) -> Any:
        """langdetect without `languages`: the default candidates it can tell (it knows no Azerbaijani)."""
        if isinstance(data, dict) and data.get("backend") == "langdetect" and "languages" not in data:
            known = known_languages("langdetect")
            return {**data, "languages": [code for code in LANGID_CANDIDATES if code in known]}
        return data

    @field_validator("languages")
    @classmethod
    def _backend_knows(cls, value: list[str], info: ValidationInfo) -> list[str]:
        codes = list(dict.fromkeys(code.strip().lower() for code in value))
        backend = info.data.get("backend")
        if backend is not None:  # else the backend itself is refused
            known = known_languages(backend)
            unknown = [code for code in codes if code not in known]
            if unknown:
                raise ValueError(
                    f"{backend} does not know {', '.join(map(repr, unknown))}; known: {', '.join(sorted(known))}"
                )
        if len(codes) < 2:
            raise ValueError("name at least two candidate languages")
        return codes


def known_languages(backend: str) -> frozenset[str]:
    """The ISO 639-1 codes `backend` can report, plus those decided by their script (`SCRIPT_LANGUAGE`)."""
    if backend == "lingua":
        from lingua import Language  # the backends load only when a list of languages is checked

        codes = {language.iso_code_639_1.name.lower() for language in Language.all()}
    elif backend == "langdetect":
        from langdetect.detector_factory import PROFILES_DIRECTORY

        codes = {name.split("-")[0] for name in os.listdir(PROFILES_DIRECTORY)}  # zh-cn, zh-tw: zh
    else:
        raise ValueError(f"unknown language identifier {backend!r}; choose from lingua, langdetect")
    return frozenset(codes | set(SCRIPT_LANGUAGE.values()))


class RuntimeConfig(_Section):
    device: Literal["auto", "cpu", "cuda"] = "auto"
    threads: int | None = Field(None, ge=1)
    batch_size: int = Field(
        16, ge=1, description="Unused since 0.2.1: every engine batches by tokens (translation.batch_tokens)."
    )
    offline: bool = Field(False, description="Never contact a model hub (also set by HF_HUB_OFFLINE=1).")


class LimitsConfig(_Section):
    max_page_chars: int = Field(500_000, ge=1000, description="Longer pages are truncated, with a warning.")


class CacheConfig(_Section):
    enabled: bool = True
    path: str = Field(".briefing-cache", description="Folder of the incremental cache (relative to models.yaml).")


class Config(_Section):
    languages: list[str] = Field(default_factory=lambda: list(OUTPUT_LANGUAGES))
    glossary: str | None = Field(None, description="A YAML glossary that extends the packaged one.")
    translation: TranslationConfig = TranslationConfig()
    summary: SummaryConfig = SummaryConfig()
    langid: LangIdConfig = LangIdConfig()
    runtime: RuntimeConfig = RuntimeConfig()
    limits: LimitsConfig = LimitsConfig()
    cache: CacheConfig = CacheConfig()
    base_dir: str = Field(".", exclude=True, description="Folder that relative paths are resolved against.")

    @field_validator("languages")
    @classmethod
    def _known_languages(cls, value: list[str]) -> list[str]:
        unknown = [lang for lang in value if lang not in OUTPUT_LANGUAGES]
        if unknown:
            raise ValueError(f"unsupported language(s) {unknown}; choose from {list(OUTPUT_LANGUAGES)}")
        if not value:
            raise ValueError("at least one language is needed")
        return list(dict.fromkeys(value))

    def resolve(self, path: str) -> Path:
        """A config path, relative to the config file's folder."""
        p = Path(path).expanduser()
        return p if p.is_absolute() else Path(self.base_dir) / p

    def cache_file(self) -> Path:
        """The SQLite file of the incremental cache."""
        return self.resolve(self.cache.path) / "cache.sqlite3"

    def signature(self) -> dict[str, Any]:
        """The settings that shape output, for front matter and cache keys."""
        return self.model_dump(mode="json", exclude={"base_dir", "runtime", "cache"})


def yaml_problem(exc: yaml.YAMLError) -> str:
    """One line saying why a YAML file could not be read, with its line number when known."""
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1}: " if mark else ""
    return f"{where}not valid YAML ({getattr(exc, 'problem', None) or exc})"


def _problems(error: ValidationError) -> list[str]:
    problems = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(top level)"
        message = item["msg"]
        if item["type"] == "extra_forbidden":
            message = "unknown field"
        problems.append(f"{where}: {message}")
    return problems


def load_config(path: Path | None = None, **overrides: Any) -> Config:
    """Read `path` (if given) over the defaults, then apply environment and `overrides`.

    `overrides` are dotted keys set by the CLI, e.g. ``{"languages": ["en"]}``.
    Raises ConfigError with one line per problem, each naming its field path.
    """
    data: dict[str, Any] = {}
    label = str(path) if path else "(defaults)"
    if path is not None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigError(label, ["file not found"]) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(label, [f"cannot read: {exc}"]) from None
        try:
            loaded = safeyaml.load(text)
        except yaml.YAMLError as exc:
            raise ConfigError(label, [yaml_problem(exc)]) from None
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise ConfigError(label, ["(top level): must be a mapping of sections"])
        data = loaded
        data.setdefault("base_dir", str(Path(path).resolve().parent))
    if os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}:
        data.setdefault("runtime", {})
        if isinstance(data["runtime"], dict):
            data["runtime"]["offline"] = True
    for dotted, value in overrides.items():
        node = data
        *parents, leaf = dotted.split(".")
        for key in parents:
            node = node.setdefault(key, {})
            if not isinstance(node, dict):
                break  # the file gives a value where a section belongs; validation names it
        else:
            node[leaf] = value
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(label, _problems(exc)) from None
