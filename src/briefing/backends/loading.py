"""Loading Hugging Face models safely and once: shared by every neural backend.

Contract:

* A `ModelSpec.id` that is an existing directory loads from that directory;
  anything else is a hub id, looked up in the local Hugging Face cache.
* Weights load from safetensors only, unless the spec sets `allow_pickle`.
* Remote code runs only if the spec sets `trust_remote_code`.
* Nothing is downloaded unless the caller passes `allow_download=True` *and* the
  run is not offline (`RuntimeConfig.offline` or `HF_HUB_OFFLINE`). `briefing run`
  never downloads; `briefing models pull` does, through `huggingface_hub`.
* A model that cannot be found or loaded raises `ModelError` saying what was
  wanted, where it was looked for, and how to get it.
* Each (id, revision, device, head) is loaded once per process (`load_model`).

`is_available` and the other path helpers import neither torch nor transformers,
so `briefing models list/check` stay fast; torch is imported only by `load_model`,
`resolve_device` and `torch_dtype`.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..config import ModelFamily, ModelSpec, RuntimeConfig
from ..errors import ModelError

log = logging.getLogger(__name__)

Head = Literal["seq2seq", "causal"]

#: Weight files accepted without pickle, and the pickle ones `allow_pickle` adds.
SAFE_WEIGHTS = ("model.safetensors", "model.safetensors.index.json")
PICKLE_WEIGHTS = ("pytorch_model.bin", "pytorch_model.bin.index.json")

PULL_HINT = "run `briefing models pull` (needs network) or point the model id at a local directory"
#: What the neural backends import; the offline install (`pip install briefing`) has none of them.
NEURAL_PACKAGES: tuple[str, ...] = ("torch", "transformers", "huggingface_hub")
#: The extra of pyproject.toml that installs each package a backend may require.
EXTRA_OF = {"torch": "neural", "transformers": "neural", "huggingface_hub": "neural", "ctranslate2": "ct2"}


def missing_packages(packages: tuple[str, ...] = NEURAL_PACKAGES) -> list[str]:
    """The packages of `packages` that are not installed (checked without importing them)."""
    return [name for name in packages if importlib.util.find_spec(name) is None]


def missing_packages_reason(packages: tuple[str, ...] = NEURAL_PACKAGES) -> str | None:
    """Why `packages` cannot be imported here, with the install command; None when all are installed."""
    missing = missing_packages(packages)
    if not missing:
        return None
    extras = ",".join(sorted({EXTRA_OF.get(name, "neural") for name in missing}))
    return f"{', '.join(missing)} not installed (pip install 'briefing[{extras}]')"


_TRUE = {"1", "true", "yes", "on"}

# ---------------------------------------------------------------- where models are


def is_offline(runtime: RuntimeConfig | None = None) -> bool:
    """True when the run must not contact a model hub (config flag or HF_HUB_OFFLINE)."""
    env = os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in _TRUE
    return env or bool(runtime and runtime.offline)


def local_dir(spec: ModelSpec) -> Path | None:
    """The spec's id as a local directory, or None when it is a hub id."""
    path = Path(spec.id).expanduser()
    return path if path.is_dir() else None


def _looks_like_path(model_id: str) -> bool:
    return model_id.startswith((".", "/", "~")) or model_id.count("/") > 1


def hub_cache_dir() -> Path:
    """Where `huggingface_hub` keeps downloaded snapshots (honours HF_HOME / HF_HUB_CACHE)."""
    from huggingface_hub import constants

    return Path(constants.HF_HUB_CACHE)


def _weight_names(spec: ModelSpec) -> tuple[str, ...]:
    return SAFE_WEIGHTS + (PICKLE_WEIGHTS if spec.allow_pickle else ())


def cached_file(spec: ModelSpec, filename: str) -> Path | None:
    """`filename` of the spec's model if present locally (directory or HF cache), else None."""
    directory = local_dir(spec)
    if directory is not None:
        candidate = directory / filename
        return candidate if candidate.is_file() else None
    if _looks_like_path(spec.id) or missing_packages(("huggingface_hub",)):
        return None  # without huggingface_hub there is no hub cache to read
    from huggingface_hub import try_to_load_from_cache

    try:
        found = try_to_load_from_cache(spec.id, filename, revision=spec.revision)
    except ValueError:  # malformed repo id
        return None
    return Path(found) if isinstance(found, str) else None


def is_available(spec: ModelSpec, offline: bool = True) -> bool:
    """Whether the model can be loaded without network: config plus acceptable weights present.

    Cheap: checks files only, imports neither torch nor transformers. `offline` is
    accepted for symmetry with the loaders; availability never depends on network,
    because `briefing run` only loads what is already here.
    """
    if cached_file(spec, "config.json") is None:
        return False
    return any(cached_file(spec, name) is not None for name in _weight_names(spec))


def where_looked(spec: ModelSpec) -> str:
    """Human-readable description of where `spec` would be found."""
    directory = local_dir(spec)
    if directory is not None:
        return f"directory {directory}"
    if _looks_like_path(spec.id):
        return f"directory {Path(spec.id).expanduser()} (does not exist)"
    rev = f" revision {spec.revision}" if spec.revision else ""
    return f"Hugging Face cache {hub_cache_dir()} (repo {spec.id}{rev})"


def resolved_revision(spec: ModelSpec) -> str:
    """A short revision label: the spec's revision, the cached snapshot's commit, or 'local'."""
    if spec.revision:
        return spec.revision
    if local_dir(spec) is not None:
        return "local"
    config = cached_file(spec, "config.json")
    if config is not None and config.parent.parent.name == "snapshots":
        return config.parent.name[:12]
    return "main"


def source_fingerprint(spec: ModelSpec) -> str:
    """What identifies the local copy of a model's weights: the resolved path, size and mtime of
    each weight file (a hub snapshot's files resolve to content-addressed blobs, so a newer
    pull changes it); "" when no weights are present. Files only."""
    parts = []
    for name in _weight_names(spec):
        path = cached_file(spec, name)
        if path is not None:
            real = path.resolve()
            stat = real.stat()
            parts.append(f"{name}:{real}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(parts)


def ensure_present(spec: ModelSpec) -> None:
    """Raise ModelError unless config and policy-acceptable weights are present locally."""
    if cached_file(spec, "config.json") is None:
        raise ModelError(f"model {spec.id!r} is not available locally: looked in {where_looked(spec)}; {PULL_HINT}")
    if any(cached_file(spec, name) is not None for name in SAFE_WEIGHTS):
        return
    if any(cached_file(spec, name) is not None for name in PICKLE_WEIGHTS):
        if spec.allow_pickle:
            return
        raise ModelError(pickle_only_message(spec, where_looked(spec)))
    raise ModelError(f"model {spec.id!r} has no weights in {where_looked(spec)}; {PULL_HINT}")


PICKLE_ONLY = "only pickle weights (pytorch_model.bin, no model.safetensors)"
PICKLE_HOW = (
    "briefing loads safetensors only by default. If you trust the source, add `allow_pickle: true` "
    "to this model's entry in models.yaml (transformers then loads it with torch.load(weights_only=True)), "
    "or set `revision:` to a revision that has model.safetensors"
)


def pickle_only_message(spec: ModelSpec, where: str) -> str:
    """What to say when a model has only pickle weights: exactly that, and how to allow them."""
    return f"model {spec.id!r} has {PICKLE_ONLY} in {where}; {PICKLE_HOW}"


def read_json(spec: ModelSpec, filename: str) -> dict[str, Any]:
    """A JSON file of the model (e.g. config.json, tokenizer_config.json); {} when absent."""
    path = cached_file(spec, filename)
    if path is None:
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"model {spec.id!r}: cannot read {filename}: {exc}") from None


# ---------------------------------------------------------------- families


def detect_family(
    spec: ModelSpec,
    model_type: str | None,
    tokenizer_class: str | None = None,
    has_2xx_tags: bool = False,
    is_encoder_decoder: bool = True,
) -> ModelFamily:
    """The spec's family if set, else derived from the model's config and tokenizer.

    m2m_100 with an NLLB tokenizer -> nllb, otherwise m2m100; marian -> marian;
    t5-like with `<2xx>` target tags in the vocabulary -> madlad, otherwise t5;
    bart/mbart -> bart; pegasus -> pegasus; led -> led; decoder-only -> causal.
    Raises ModelError for anything else.
    """
    if spec.family:
        return spec.family
    kind = (model_type or "").lower()
    if kind == "m2m_100":
        return "nllb" if (tokenizer_class or "").lower().startswith("nllb") or "nllb" in spec.id.lower() else "m2m100"
    if kind == "marian":
        return "marian"
    if kind in {"t5", "mt5", "umt5"}:
        return "madlad" if has_2xx_tags or "madlad" in spec.id.lower() else "t5"
    if kind in {"bart", "mbart"}:
        return "bart"
    if kind in {"pegasus", "pegasus_x"}:
        return "pegasus"
    if kind == "led":
        return "led"
    if kind and not is_encoder_decoder:
        return "causal"
    raise ModelError(
        f"model {spec.id!r}: cannot tell its family from model_type {model_type!r}; set `family` in models.yaml"
    )


# ---------------------------------------------------------------- device


def resolve_device(runtime: RuntimeConfig) -> str:
    """'cuda' or 'cpu' from the runtime setting; 'cuda' without a GPU raises ModelError."""
    import torch

    if runtime.device == "cuda" and not torch.cuda.is_available():
        raise ModelError("runtime.device is 'cuda' but no CUDA device is available")
    if runtime.device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return runtime.device


#: Families whose activations overflow float16: T5 and MADLAD-400 were trained in
#: bfloat16, and in float16 their feed-forward outputs pass 65504 and every token
#: comes out as <unk>. On a GPU without bfloat16 they run in float32.
NO_FLOAT16 = frozenset({"t5", "madlad"})


def dtype_name(device: str, family: str | None, bf16_supported: bool) -> str:
    """The dtype a model runs in: bfloat16 on a GPU that has it; float16 on other GPUs,
    except for `NO_FLOAT16` families (float32); float32 on CPU."""
    if not device.startswith("cuda"):
        return "float32"
    if bf16_supported:
        return "bfloat16"
    return "float32" if family in NO_FLOAT16 else "float16"


def torch_dtype(device: str, family: str | None = None) -> Any:
    """`dtype_name` as a torch dtype, asking torch whether the GPU supports bfloat16."""
    import torch

    bf16 = device.startswith("cuda") and torch.cuda.is_bf16_supported()
    return getattr(torch, dtype_name(device, family, bf16))


def apply_threads(runtime: RuntimeConfig) -> None:
    """Set torch's intra-op thread count when the runtime names one."""
    if runtime.threads:
        import torch

        torch.set_num_threads(runtime.threads)


# ---------------------------------------------------------------- loading


@dataclass
class LoadedModel:
    """A model and its tokenizer, on `device`, ready for `generate`."""

    spec: ModelSpec
    model: Any
    tokenizer: Any
    family: ModelFamily
    device: str
    dtype: Any
    revision: str  # label for front matter: spec revision, snapshot commit, or "local"
    engine: str = "transformers"  # or "ctranslate2": what runs `model`

    def describe(self, backend: str = "transformers") -> str:
        return f"{backend} {self.spec.id}@{self.revision} ({self.family})"

    def dtype_name(self) -> str:
        """The dtype or compute type as a short name: "float32", "bfloat16", "int8"."""
        return str(self.dtype).removeprefix("torch.")


_REGISTRY: dict[tuple[str, str | None, str, str, bool, bool], LoadedModel] = {}
_LOCK = threading.Lock()


def pretrained_kwargs(spec: ModelSpec, runtime: RuntimeConfig | None, allow_download: bool = False) -> dict[str, Any]:
    """Keyword arguments for every `from_pretrained` call, enforcing the loading policy."""
    return {
        "revision": spec.revision,
        "local_files_only": is_offline(runtime) or not allow_download or local_dir(spec) is not None,
        "trust_remote_code": spec.trust_remote_code,
    }


def _source(spec: ModelSpec) -> str:
    directory = local_dir(spec)
    return str(directory) if directory is not None else spec.id


def _has_2xx_tags(tokenizer: Any) -> bool:
    unk = getattr(tokenizer, "unk_token_id", None)
    return tokenizer.convert_tokens_to_ids("<2en>") not in (None, unk)


def load_model(
    spec: ModelSpec, runtime: RuntimeConfig, *, head: Head = "seq2seq", allow_download: bool = False
) -> LoadedModel:
    """Load (or reuse) the spec's tokenizer and model, in eval mode on the runtime's device.

    Raises ModelError when the model is missing locally (and downloading is not
    allowed), when only pickle weights exist without `allow_pickle`, or when
    transformers cannot load it, or the neural packages are not installed.
    """
    missing = missing_packages_reason()
    if missing:
        raise ModelError(f"cannot load {spec.id!r}: {missing}")
    device = resolve_device(runtime)
    apply_threads(runtime)
    key = (spec.id, spec.revision, device, head, spec.allow_pickle, spec.trust_remote_code)
    with _LOCK:
        if key in _REGISTRY:
            return _REGISTRY[key]
        loaded = _load(spec, runtime, device, head, allow_download)
        _REGISTRY[key] = loaded
        return loaded


def _load(spec: ModelSpec, runtime: RuntimeConfig, device: str, head: Head, allow_download: bool) -> LoadedModel:
    kwargs = pretrained_kwargs(spec, runtime, allow_download)
    if kwargs["local_files_only"]:
        ensure_present(spec)
    from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForSeq2SeqLM, AutoTokenizer

    auto_model = AutoModelForSeq2SeqLM if head == "seq2seq" else AutoModelForCausalLM
    source = _source(spec)
    # Any, as `LoadedModel.model`: transformers declares `PreTrainedModel.to` through
    # functools.wraps, which type checkers cannot bind as a method.
    model: Any
    try:
        config = AutoConfig.from_pretrained(source, **kwargs)
        tokenizer = AutoTokenizer.from_pretrained(source, **kwargs)
        family = detect_family(
            spec,
            getattr(config, "model_type", None),
            type(tokenizer).__name__,
            _has_2xx_tags(tokenizer),
            bool(getattr(config, "is_encoder_decoder", True)),
        )
        dtype = torch_dtype(device, family)
        model = auto_model.from_pretrained(
            source, config=config, dtype=dtype, use_safetensors=None if spec.allow_pickle else True, **kwargs
        )
        model.to(device)
    except ModelError:
        raise
    except Exception as exc:
        # A truncated model.safetensors raises SafetensorError, a bad config a TypeError,
        # a GPU out of memory a RuntimeError: whatever it is, the run falls back honestly.
        raise ModelError(
            f"model {spec.id!r} could not be loaded from {where_looked(spec)}: {type(exc).__name__}: {exc}"
        ) from exc
    model.eval()
    revision = resolved_revision(spec)
    log.info("loaded %s@%s (%s) on %s as %s", spec.id, revision, family, device, dtype)
    return LoadedModel(spec, model, tokenizer, family, device, dtype, revision)


def clear_loaded() -> None:
    """Forget every loaded model (tests; freeing memory between runs)."""
    with _LOCK:
        _REGISTRY.clear()
