"""Model management: which models a config uses, fetching them, and checking they work.

These functions back `briefing models list | pull | check`. They return data and
raise `ModelError`; only the CLI prints. Listing never imports torch or
transformers (it reads files only); `check` loads each model and generates once.

Stages of `pull`:

1. refuse when offline (`runtime.offline` or `HF_HUB_OFFLINE=1`), saying how to
   copy a model directory instead;
2. `huggingface_hub.snapshot_download` of config, tokenizer and safetensors files
   only (pickle weights only when the spec sets `allow_pickle`);
3. verify the snapshot: config parses, tokenizer files and acceptable weights are
   present. Local-directory ids skip step 2.
"""

from __future__ import annotations

import fnmatch
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from .backends import loading
from .config import Config, ModelSpec
from .errors import ModelError

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

#: Input for `check`'s one short generation.
CHECK_TEXT = "The foreign ministers of Armenia and Azerbaijan met in Washington on Monday to discuss a peace treaty."
CHECK_NEW_TOKENS = 8


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
    """Outcome of loading one model and generating a few tokens."""

    role: str
    model: str
    ok: bool
    seconds: float
    detail: str  # generated text when ok, the error otherwise


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


def allow_patterns(spec: ModelSpec) -> list[str]:
    """The file patterns `pull` downloads for `spec`, honouring its pickle and remote-code policy."""
    patterns = [*CONFIG_PATTERNS, *TOKENIZER_PATTERNS, *SAFE_WEIGHT_PATTERNS]
    if spec.allow_pickle:
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


def _download(spec: ModelSpec, progress: bool) -> Path:
    from huggingface_hub import snapshot_download
    from huggingface_hub.utils import are_progress_bars_disabled, disable_progress_bars, enable_progress_bars

    was_disabled = are_progress_bars_disabled()
    if not progress:
        disable_progress_bars()
    log.info("downloading %s%s", spec.id, f"@{spec.revision}" if spec.revision else "")
    try:
        return Path(snapshot_download(spec.id, revision=spec.revision, allow_patterns=allow_patterns(spec)))
    except _network_errors() as exc:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        reason = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
        raise ModelError(
            f"could not download model {spec.id!r}: {reason} "
            "(check the network connection, the model id and revision, and HF_TOKEN for gated models)"
        ) from None
    finally:
        if not progress and not was_disabled:
            enable_progress_bars()


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
            problems.append("only pickle weights (pytorch_model.bin); set allow_pickle: true if you trust the source")
        else:
            problems.append("no safetensors weights")
    if problems:
        raise ModelError(f"model {spec.id!r} in {folder} is incomplete: " + "; ".join(problems))
    return folder


# --------------------------------------------------------------------- checking


def check(cfg: Config) -> list[CheckResult]:
    """Load every used model and generate a few tokens with it; one result per role.

    Never raises for a single model's failure: it is reported as `ok=False`.
    """
    results = []
    for role, spec, task, _, used in _roles(cfg):
        if not used:
            continue
        started = time.perf_counter()
        try:
            text = _generate_once(spec, cfg, task)
            results.append(CheckResult(role, spec.id, True, time.perf_counter() - started, text))
        except ModelError as exc:
            results.append(CheckResult(role, spec.id, False, time.perf_counter() - started, str(exc)))
    return results


def _generate_once(spec: ModelSpec, cfg: Config, task: str) -> str:
    """Load `spec` through the shared loader and generate `CHECK_NEW_TOKENS` tokens."""
    from .backends.summarisers import model_head

    head = model_head(spec) if task == "summarization" else "seq2seq"
    loaded = loading.load_model(spec, cfg.runtime, head=head)
    import torch

    tokenizer = loaded.tokenizer
    try:
        if head == "causal" and getattr(tokenizer, "chat_template", None):
            messages = [{"role": "user", "content": f"Summarise: {CHECK_TEXT}"}]
            ids = tokenizer.apply_chat_template(
                messages, add_generation_prompt=True, tokenize=True, return_dict=True, return_tensors="pt"
            )
        else:
            ids = tokenizer(CHECK_TEXT, return_tensors="pt")
        ids = {k: v.to(loaded.device) for k, v in ids.items()}
        with torch.inference_mode():
            output = loaded.model.generate(
                **ids, max_new_tokens=CHECK_NEW_TOKENS, min_new_tokens=1, do_sample=False, num_beams=1
            )
    except (RuntimeError, ValueError, TypeError, IndexError) as exc:
        raise ModelError(f"model {spec.id!r} failed to generate: {exc}") from None
    if head == "causal":
        output = output[:, ids["input_ids"].shape[1] :]
    return tokenizer.decode(output[0], skip_special_tokens=True)
