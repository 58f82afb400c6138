"""Model management: which models a config uses, fetching them, and checking they work.

These functions back `briefing models list | pull | check`. They return data and
raise `ModelError`; only the CLI prints. Listing never imports torch or
transformers (it reads files only); `check` translates one sentence in every
configured direction on the engine `briefing run` uses, and summarises once.

Stages of `pull`:

1. refuse when offline (`runtime.offline` or `HF_HUB_OFFLINE=1`), saying how to
   copy a model directory instead;
2. list the repository's files at the revision: when it has safetensors weights
   only those are fetched; when it has pickle weights only (pytorch_model.bin),
   say exactly that and how to allow them, unless the spec sets `allow_pickle`;
3. `huggingface_hub.snapshot_download` of config, tokenizer and the chosen weights;
4. verify the snapshot: config parses, tokenizer files and acceptable weights are
   present. Local-directory ids skip steps 2 and 3.
"""

from __future__ import annotations

import fnmatch
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import lang
from .backends import loading
from .config import Config, ModelSpec
from .errors import ModelError
from .lang.samples import SAMPLES

log = logging.getLogger(__name__)

#: Licences of well-known models, for specs that do not state one. First match
#: wins, so specific ids come before family patterns. Taken from the model cards.
KNOWN_LICENCES: tuple[tuple[str, str], ...] = (
    ("facebook/nllb-200-*", "CC-BY-NC-4.0"),
    ("facebook/m2m100_*", "MIT"),
    ("Helsinki-NLP/opus-mt-*", "CC-BY-4.0"),
    ("google/madlad400-*", "Apache-2.0"),
    ("facebook/bart-large-cnn", "MIT"),
    ("allenai/PRIMERA*", "Apache-2.0"),
    # The card declares no licence; the PEGASUS code release is Apache-2.0.
    ("google/pegasus-multi_news", "unspecified on the model card (PEGASUS code: Apache-2.0)"),
    ("Qwen/Qwen2.5-3B-Instruct*", "Qwen Research Licence (non-commercial)"),
    ("Qwen/Qwen2.5-72B-Instruct*", "Qwen Licence"),
    ("Qwen/Qwen2.5-*-Instruct*", "Apache-2.0"),
)

#: Files `pull` fetches: configs, every tokenizer format transformers reads, and
#: safetensors weights. Pickle weights and remote code are added only on request.
CONFIG_PATTERNS = ("config.json", "generation_config.json")
TOKENIZER_PATTERNS = (
    "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json",
    "vocab.json", "vocab.txt", "merges.txt", "*.model", "*.spm", "chat_template.jinja", "chat_template.json",
)  # fmt: skip
SAFE_WEIGHT_PATTERNS = ("*.safetensors", "*.safetensors.index.json")
PICKLE_WEIGHT_PATTERNS = ("pytorch_model*.bin", "pytorch_model.bin.index.json")
REMOTE_CODE_PATTERNS = ("*.py",)

#: A tokenizer is usable when one of these is present (fast tokenizer, SentencePiece, or BPE vocab).
TOKENIZER_EVIDENCE = ("tokenizer.json", "*.model", "*.spm", "vocab.json", "vocab.txt")

OFFLINE_PULL_MESSAGE = (
    "`briefing models pull` needs network access, but this run is offline "
    "(runtime.offline or HF_HUB_OFFLINE=1). On a machine with network, run "
    "`briefing models pull` (or `huggingface-cli download <id>`), then copy the model "
    "directory here and set its path as the model `id` in models.yaml, or copy the "
    "Hugging Face cache folder (HF_HOME)."
)

#: Input for `check`'s summary: the English sample sentence.
CHECK_TEXT = SAMPLES["en"]


@dataclass
class ModelInfo:
    """One configured model and what is known about it without loading it."""

    role: str  # "translation", "translation en-hy", "summary article", "summary event"
    spec: ModelSpec
    task: str  # "translation" | "summarization"
    languages: list[str]
    used: bool  # False when configured but switched off (e.g. summary.backend: extractive)
    present_locally: bool
    local_path: Path | None
    size_bytes: int | None
    licence: str | None
    revision: str  # spec revision, cached snapshot commit, "local", or "main"


@dataclass
class CheckResult:
    """Outcome of one translation direction, or one summary model, on the engine `briefing run` uses."""

    role: str  # "translation", "summary article", "summary event"
    model: str  # model id(s); a pivot names both
    ok: bool  # produced output that passes QA (for translation: numbers, names, script, language)
    seconds: float  # generation time, loading excluded
    detail: str  # the output, with its QA issues; or the error
    direction: str = "-"  # "en->hy", "ru->hy (via en)"
    engine: str = "-"  # "transformers" or "ctranslate2"
    device: str = "-"
    dtype: str = "-"  # "float32", "bfloat16", "int8", ...
    tokens_per_second: float | None = None  # output tokens over generation time
    skipped: bool = False  # a direction no model covers: it stays untranslated in a run

    @property
    def status(self) -> str:
        return "no model" if self.skipped else ("ok" if self.ok else "FAILED")


# --------------------------------------------------------------------- listing


def licence_of(spec: ModelSpec) -> str | None:
    """The spec's own licence, else the known licence for its id, else None."""
    if spec.licence:
        return spec.licence
    for pattern, licence in KNOWN_LICENCES:
        if fnmatch.fnmatchcase(spec.id, pattern):
            return licence
    return None


def configured_models(cfg: Config) -> list[ModelInfo]:
    """Every model `cfg` names, in pipeline order, with local presence, size and licence.

    Reads files only: no network, no torch.
    """
    return [_info(role, spec, task, languages, used) for role, spec, task, languages, used in _roles(cfg)]


def _roles(cfg: Config) -> list[tuple[str, ModelSpec, str, list[str], bool]]:
    roles = []
    translation = cfg.translation
    translating = translation.backend != "none"
    if translation.model is not None:
        languages = sorted(set(cfg.languages) | {"en"})
        roles.append(("translation", translation.model, "translation", languages, translating))
    for pair, spec in translation.pairs.items():
        roles.append((f"translation {pair}", spec, "translation", pair.split("-"), translating))
    summary = cfg.summary
    neural = summary.backend != "extractive"  # transformers, or ctranslate2 (converted from the pulled model)
    if summary.article_model is not None:
        roles.append(("summary article", summary.article_model, "summarization", ["en"], neural))
    if summary.event_model is not None:
        event_used = neural and summary.event_strategy == "model"
        roles.append(("summary event", summary.event_model, "summarization", ["en"], event_used))
    return roles


def _info(role: str, spec: ModelSpec, task: str, languages: list[str], used: bool) -> ModelInfo:
    present = loading.is_available(spec)
    path = model_dir(spec)
    return ModelInfo(
        role=role,
        spec=spec,
        task=task,
        languages=languages,
        used=used,
        present_locally=present,
        local_path=path,
        size_bytes=_dir_size(path) if path is not None else None,
        licence=licence_of(spec),
        revision=loading.resolved_revision(spec),
    )


def model_dir(spec: ModelSpec) -> Path | None:
    """The folder holding the model's files: its own directory, or its cached snapshot."""
    directory = loading.local_dir(spec)
    if directory is not None:
        return directory
    config = loading.cached_file(spec, "config.json")
    return config.parent if config is not None else None


def _dir_size(path: Path) -> int:
    """Bytes of the files under `path`, following the cache's symlinks to their blobs."""
    total = 0
    for item in path.rglob("*"):
        try:
            if item.is_file():
                total += item.stat().st_size
        except OSError:  # a dangling symlink in a half-downloaded snapshot
            continue
    return total


# --------------------------------------------------------------------- pulling


def allow_patterns(spec: ModelSpec, files: list[str] | None = None) -> list[str]:
    """The file patterns `pull` downloads for `spec`, honouring its pickle and remote-code policy.

    With the repository's `files` known, pickle weights are fetched only when it has
    no safetensors ones (never both: they are the same weights, twice the download).
    """
    patterns = [*CONFIG_PATTERNS, *TOKENIZER_PATTERNS, *SAFE_WEIGHT_PATTERNS]
    has_safetensors = files is not None and any(_matches(name, SAFE_WEIGHT_PATTERNS) for name in files)
    if spec.allow_pickle and not has_safetensors:
        patterns += PICKLE_WEIGHT_PATTERNS
    if spec.trust_remote_code:
        patterns += REMOTE_CODE_PATTERNS
    return patterns


def pull(cfg: Config, progress: bool = True) -> list[ModelInfo]:
    """Download every used model `cfg` names that is not a local directory, then verify each.

    Raises ModelError when offline, on network or hub failures (with the reason),
    and when a model is incomplete after download (e.g. only pickle weights).
    """
    missing = loading.missing_packages_reason()
    if missing:
        raise ModelError(f"`briefing models pull` needs the neural extra: {missing}")
    roles = [role for role in _roles(cfg) if role[4]]
    needs_network = any(loading.local_dir(spec) is None for _, spec, *_ in roles)
    if needs_network and loading.is_offline(cfg.runtime):
        raise ModelError(OFFLINE_PULL_MESSAGE)
    done: dict[tuple[str, str | None], None] = {}
    for _, spec, *_ in roles:
        key = (spec.id, spec.revision)
        if key in done or loading.local_dir(spec) is not None:
            continue
        _download(spec, progress)
        done[key] = None
    infos = []
    for role, spec, task, languages, used in roles:
        verify(spec)
        infos.append(_info(role, spec, task, languages, used))
    return infos


def _matches(name: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(name.rsplit("/", 1)[-1], pattern) for pattern in patterns)


def repo_files(spec: ModelSpec) -> list[str]:
    """The files of the spec's hub repository at its revision (network); ModelError saying why not."""
    from huggingface_hub import HfApi

    try:
        return list(HfApi().list_repo_files(spec.id, revision=spec.revision))
    except _network_errors() as exc:
        raise ModelError(f"could not list model {spec.id!r}: {_reason(exc)} {NETWORK_HINT}") from None


def weights_plan(spec: ModelSpec, files: list[str]) -> list[str]:
    """The patterns to fetch from a repository holding `files`; ModelError when it has no weights
    `spec` accepts (pickle only without `allow_pickle`: said exactly, with how to allow them)."""
    if any(_matches(name, SAFE_WEIGHT_PATTERNS) for name in files):
        return allow_patterns(spec, files)
    where = f"the hub repository {spec.id}@{spec.revision or 'main'}"
    if any(_matches(name, PICKLE_WEIGHT_PATTERNS) for name in files):
        if spec.allow_pickle:
            return allow_patterns(spec, files)
        raise ModelError(loading.pickle_only_message(spec, where))
    raise ModelError(f"model {spec.id!r}: {where} has no weights (neither model.safetensors nor pytorch_model.bin)")


def _download(spec: ModelSpec, progress: bool) -> Path:
    from huggingface_hub import snapshot_download
    from huggingface_hub.utils import are_progress_bars_disabled, disable_progress_bars, enable_progress_bars

    was_disabled = are_progress_bars_disabled()
    if not progress:
        disable_progress_bars()
    patterns = weights_plan(spec, repo_files(spec))
    log.info("downloading %s%s", spec.id, f"@{spec.revision}" if spec.revision else "")
    try:
        return Path(snapshot_download(spec.id, revision=spec.revision, allow_patterns=patterns))
    except _network_errors() as exc:
        raise ModelError(f"could not download model {spec.id!r}: {_reason(exc)} {NETWORK_HINT}") from None
    finally:
        if not progress and not was_disabled:
            enable_progress_bars()


NETWORK_HINT = "(check the network connection, the model id and revision, and HF_TOKEN for gated models)"


def _reason(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


def _network_errors() -> tuple[type[BaseException], ...]:
    """Exception types that mean 'the hub could not be reached or refused'.

    Besides huggingface_hub's own errors, the errors of the HTTP client it is built
    on (httpx2, httpx or requests, by version), which a connection dropped
    mid-download raises unwrapped: the bases of its `HfHubHTTPError`.
    """
    from huggingface_hub import errors

    client = [base for base in errors.HfHubHTTPError.__mro__[1:] if base.__module__ != "builtins"]
    return (OSError, ValueError, errors.HfHubHTTPError, errors.LocalEntryNotFoundError, *client)


def verify(spec: ModelSpec) -> Path:
    """Check the local copy of `spec` is complete; return its folder or raise ModelError.

    Complete means: config.json parses and names a model_type, a tokenizer file is
    present, and weights acceptable under the spec's pickle policy are present.
    """
    folder = model_dir(spec)
    if folder is None:
        raise ModelError(f"model {spec.id!r} is not available locally: looked in {loading.where_looked(spec)}")
    problems = []
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        if not isinstance(config, dict) or not config.get("model_type"):
            problems.append("config.json names no model_type")
    except (OSError, ValueError) as exc:
        problems.append(f"config.json unreadable ({exc})")
    names = [p.name for p in folder.iterdir()]
    if not any(fnmatch.filter(names, pattern) for pattern in TOKENIZER_EVIDENCE):
        problems.append("no tokenizer files (tokenizer.json, *.model, vocab.json or vocab.txt)")
    if not loading.is_available(spec):
        if fnmatch.filter(names, "pytorch_model*.bin") and not spec.allow_pickle:
            problems.append(f"{loading.PICKLE_ONLY}; {loading.PICKLE_HOW}")
        else:
            problems.append("no safetensors weights")
    if problems:
        raise ModelError(f"model {spec.id!r} in {folder} is incomplete: " + "; ".join(problems))
    return folder


# --------------------------------------------------------------------- checking


def check(cfg: Config) -> list[CheckResult]:
    """Translate one sentence in every configured direction, and summarise once with each used
    summary model, on the engine `briefing run` uses; one result per direction or model.

    Directions: from each language of the layer (`lang.LANGUAGES`) into each output
    language, directly or through English as a run would (`translate.route`); a
    direction no model covers is listed as skipped. A translation passes when its
    output passes the run's QA: numbers, glossary names, the target's script, and
    the target's language by the language identifier. Never raises for one
    model's failure: it is reported as `ok=False`.
    """
    results: list[CheckResult] = []
    if cfg.translation.backend != "none":
        results += _check_translation(cfg)
    roles = [(role, spec) for role, spec, task, _, used in _roles(cfg) if used and task == "summarization"]
    if roles:
        results += _check_summaries(cfg, roles)
    return results


def _check_translation(cfg: Config) -> list[CheckResult]:
    from .translate import load_translator

    try:
        translator = load_translator(cfg, strict=True)
    except ModelError as exc:
        label = cfg.translation.model.id if cfg.translation.model else "-"
        return [CheckResult("translation", label, False, 0.0, str(exc))]
    return [_check_direction(translator, src, tgt) for tgt in cfg.languages for src in lang.LANGUAGES if src != tgt]


def _check_direction(translator: Any, src: str, tgt: str) -> CheckResult:
    from .backends.textops import target_script
    from .translate import PIVOT, route, translate_routed

    way = route(translator, src, tgt)
    direction = f"{src}->{tgt}" + (f" (via {PIVOT})" if way == "via en" else "")
    if way == "none":
        return CheckResult("translation", "-", False, 0.0, "no model for this direction", direction, skipped=True)
    legs = [(src, tgt)] if way == "direct" else [(src, PIVOT), (PIVOT, tgt)]
    try:
        models = [translator.loaded(a, b) for a, b in legs]
        started = time.perf_counter()
        [result] = translate_routed(translator, [SAMPLES[src]], src, tgt)
        seconds = time.perf_counter() - started
    except ModelError as exc:
        return CheckResult("translation", "-", False, 0.0, str(exc), direction)
    last = models[-1]
    tokens = len(last.tokenizer(result.text or "", add_special_tokens=False)["input_ids"])
    issues = "; ".join(result.issues)
    return CheckResult(
        role="translation",
        model=" + ".join(dict.fromkeys(m.spec.id for m in models)),
        ok=result.status == "ok",
        seconds=seconds,
        detail=f"{result.text!r}" + (f" [{issues}]" if issues else f" [{target_script(tgt)}, {tgt}]"),
        direction=direction,
        engine=" + ".join(dict.fromkeys(m.engine for m in models)),
        device=last.device,
        dtype=last.dtype_name(),
        tokens_per_second=tokens / seconds if seconds > 0 else None,
    )


def _check_summaries(cfg: Config, roles: list[tuple[str, ModelSpec]]) -> list[CheckResult]:
    from .summarise import load_summariser

    try:
        summariser: Any = load_summariser(cfg.summary, cfg.runtime, strict=True)
    except ModelError as exc:
        return [CheckResult(role, spec.id, False, 0.0, str(exc)) for role, spec in roles]
    results = []
    for role, spec in roles:
        loaded = summariser.event_model if role == "summary event" else summariser.article_model
        started = time.perf_counter()
        try:
            text = summariser.summarise_text(loaded, [CHECK_TEXT], 1)
        except ModelError as exc:
            results.append(CheckResult(role, spec.id, False, time.perf_counter() - started, str(exc)))
            continue
        seconds = time.perf_counter() - started
        tokens = len(loaded.tokenizer(text, add_special_tokens=False)["input_ids"])
        results.append(
            CheckResult(
                role,
                spec.id,
                bool(text.strip()),
                seconds,
                repr(text),
                "en (summary)",
                loaded.engine,
                loaded.device,
                loaded.dtype_name(),
                tokens / seconds if seconds > 0 else None,
            )
        )
    return results
