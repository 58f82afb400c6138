"""Translation with CTranslate2: the same steps as `HFTranslator`, a faster engine.

`CT2Translator` subclasses `briefing.backends.hf.HFTranslator` and replaces only
generation. Sentence splitting, protection (glossary forms, ``[k]``
placeholders), token-count batching, the target-language mechanism of each
family (`HFTranslator._direction`), restoring, QA checks and the one stricter
retry are inherited unchanged, so both backends flag the same problems the same
way.

How a direction is asked for: the family's forced first token (NLLB
``hye_Armn``, M2M100 ``__hy__``) becomes CTranslate2's ``target_prefix``; prefix
tags (MADLAD ``<2hy>``, Marian ``>>hye<<``) stay in the source text, as with
transformers.

A model must first be converted (`convert`, behind `briefing models convert`):
the converted folder holds the CTranslate2 weights, the model's tokenizer files,
and ``briefing.json`` (family, source id, revision, quantization), so a run needs
neither torch nor the original weights. Where it lives: `ModelSpec.ct2_dir`, or
`default_dir(spec)`.

Compute types: int8 on CPU, float16 on a GPU (`COMPUTE_TYPE`), whatever the
stored quantization (CTranslate2 converts at load time). An optional
``vmap.txt`` (`write_vmap`) restricts the output vocabulary to the scripts of
the target languages, which cuts the 256k-way output projection of NLLB.

`CT2Summariser` does the same for seq2seq summarisers (BART, PEGASUS, mBART,
T5): it subclasses `briefing.backends.summarisers.NeuralSummariser` and replaces
only loading and generation, so chunking, the faithfulness gate and the event
strategies are shared. Decoder-only (causal) summarisers are not supported here.

Importing this module imports neither ctranslate2 nor transformers.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..config import ModelSpec, RuntimeConfig, SummaryConfig, TranslationConfig
from ..errors import ModelError
from ..interfaces import GlossaryForms
from . import loading, textops
from .hf import RETRY_EXTRA_BEAMS, RETRY_REPETITION_PENALTY, Direction, HFTranslator, retry_ngram
from .summarisers import NeuralSummariser, input_limit

log = logging.getLogger(__name__)

#: Compute type per device. int8 weights with float32 activations are the fastest
#: CPU mode CTranslate2 has (about 2-3x fp32, see benchmarks/); float16 on GPU
#: keeps quality identical to bf16/fp16 transformers at lower latency.
COMPUTE_TYPE = {"cpu": "int8", "cuda": "float16"}
#: How weights are stored by default: int8 is the smallest file (a quarter of
#: fp32) and loads as float16 on a GPU too.
DEFAULT_QUANTIZATION = "int8"
QUANTIZATIONS = ("int8", "int8_float16", "int8_float32", "int16", "float16", "bfloat16", "float32")
#: What running a conversion imports: the engine, and transformers for the tokenizer.
REQUIRES: tuple[str, ...] = ("ctranslate2", "transformers")
#: The file describing a conversion, written next to model.bin.
SIDECAR = "briefing.json"
VMAP = "vmap.txt"
#: Tokenizer files copied from the source model into the converted folder.
TOKENIZER_FILES = (
    "tokenizer_config.json",
    "special_tokens_map.json",
    "tokenizer.json",
    "sentencepiece.bpe.model",
    "spm.model",
    "spiece.model",
    "source.spm",
    "target.spm",
    "vocab.json",
    "sentencepiece.model",
    "added_tokens.json",
    "generation_config.json",
    "merges.txt",
)
#: Layer-norm layout of BART-style architectures. CTranslate2's BART loader reads
#: ``normalize_before`` / ``normalize_embedding`` from the config, keys that old
#: hub configs carry but transformers 5 no longer writes; these are the
#: architectures' fixed layouts (BART post-norm with an embedding norm, PEGASUS
#: pre-norm without one, mBART pre-norm with one), filled in only when missing.
NORM_LAYOUT = {
    "bart": {"normalize_before": False, "normalize_embedding": True},
    "pegasus": {"normalize_before": True, "normalize_embedding": False},
    "mbart": {"normalize_before": True, "normalize_embedding": True},
}


# ------------------------------------------------------------------ conversion


def default_dir(spec: ModelSpec) -> Path:
    """Where a spec's conversion lives when `ct2_dir` is unset: ``<HF_HOME>/ct2/<id>``."""
    if spec.ct2_dir:
        return Path(spec.ct2_dir).expanduser()
    source = loading.local_dir(spec)
    name = str(source.resolve()) if source is not None else spec.id
    safe = re.sub(r"[^\w.-]+", "--", name).strip("-")
    if spec.revision:
        safe += f"@{spec.revision}"
    return loading.hub_cache_dir().parent / "ct2" / safe


def is_converted(path: Path) -> bool:
    """Whether `path` holds a conversion made by `convert` (weights and sidecar)."""
    return (Path(path) / "model.bin").is_file() and (Path(path) / SIDECAR).is_file()


def ensure_converted(spec: ModelSpec) -> None:
    """Raise ModelError, saying where it looked and how to make one, unless the spec's conversion is present."""
    where = default_dir(spec)
    if not is_converted(where):
        raise ModelError(
            f"no CTranslate2 conversion of {spec.id!r} in {where}; run `briefing models convert` "
            "(needs the model present locally)"
        )


def read_sidecar(path: Path) -> dict[str, Any]:
    """The conversion's description (family, source, revision, quantization); ModelError if unreadable."""
    try:
        return json.loads((Path(path) / SIDECAR).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path} is not a CTranslate2 conversion made by `briefing models convert`: {exc}") from None


def convert(
    spec: ModelSpec, out_dir: Path | None = None, quantization: str = DEFAULT_QUANTIZATION, *, force: bool = False
) -> Path:
    """Convert a locally present transformers model to CTranslate2 in `out_dir` (default: `default_dir`).

    Uses only local files (never downloads). The folder is written next to its
    final place and renamed into it, so an interrupted conversion leaves nothing
    half-written. An existing conversion is kept unless `force`. Returns the folder.
    Raises ModelError when the model is missing, ctranslate2 is not installed,
    the quantization is unknown, or the converter fails.
    """
    if quantization not in QUANTIZATIONS:
        raise ModelError(f"unknown quantization {quantization!r}; choose from {list(QUANTIZATIONS)}")
    out = Path(out_dir) if out_dir is not None else default_dir(spec)
    if is_converted(out) and not force:
        log.info("%s already converted in %s", spec.id, out)
        return out
    loading.ensure_present(spec)
    source = loading.cached_file(spec, "config.json")
    assert source is not None  # ensure_present checked it
    source_dir = source.parent
    try:
        import ctranslate2.converters
    except ImportError:
        raise ModelError("ctranslate2 is not installed: pip install 'briefing[ct2]'") from None
    family = _source_family(spec, source_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        rows = json.loads(source.read_text(encoding="utf-8")).get("vocab_size")
        converter = _converter_class(ctranslate2.converters.TransformersConverter, rows)(
            str(source_dir),
            trust_remote_code=spec.trust_remote_code,
        )
        converter.convert(str(staging), quantization=quantization, force=True)
        for name in TOKENIZER_FILES:
            if (source_dir / name).is_file():
                shutil.copyfile(source_dir / name, staging / name)
        sidecar = {
            "source": spec.id,
            "revision": loading.resolved_revision(spec),
            "family": family,
            "quantization": quantization,
            "ctranslate2": ctranslate2.__version__,
        }
        (staging / SIDECAR).write_text(json.dumps(sidecar, indent=2), encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        os.replace(staging, out)
    except (OSError, ValueError, RuntimeError, KeyError) as exc:
        raise ModelError(f"converting {spec.id!r} to CTranslate2 failed: {exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log.info("converted %s (%s) to %s as %s", spec.id, family, out, quantization)
    return out


def _converter_class(base: type, rows: int | None) -> type:
    """CTranslate2's converter, with language tokens that transformers keeps outside `get_vocab`,
    and BART-style configs completed with their layer-norm layout (`NORM_LAYOUT`).

    transformers 5's M2M100Tokenizer no longer lists its ``__xx__`` language
    tokens in `get_vocab()`, while CTranslate2 builds the vocabulary from it and
    then finds fewer tokens than embedding rows. The tokenizer is given back with
    `get_vocab` completed from `lang_token_to_id`, so each token keeps its id, and
    with as many padding ("madeup") words as the model's `rows` (embedding size)
    leave over, no more.
    """

    class Converter(base):
        def load_model(self, model_class, model_name_or_path, **kwargs):
            model = super().load_model(model_class, model_name_or_path, **kwargs)
            for key, value in NORM_LAYOUT.get(getattr(model.config, "model_type", ""), {}).items():
                if not hasattr(model.config, key):
                    setattr(model.config, key, value)
            return model

        def load_tokenizer(self, tokenizer_class, model_name_or_path, **kwargs):
            tokenizer = super().load_tokenizer(tokenizer_class, model_name_or_path, **kwargs)
            extra = getattr(tokenizer, "lang_token_to_id", None)
            if extra:
                vocab = {**tokenizer.get_vocab(), **extra}
                tokenizer.get_vocab = lambda: dict(vocab)
                if rows is not None and hasattr(tokenizer, "num_madeup_words"):
                    tokenizer.num_madeup_words = max(0, rows - len(vocab))
            return tokenizer

    return Converter


def _source_family(spec: ModelSpec, source_dir: Path) -> str:
    """The family of the model in `source_dir`, from the spec or its config and tokenizer config."""

    def _json(name: str) -> dict[str, Any]:
        path = source_dir / name
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}

    config, tok = _json("config.json"), _json("tokenizer_config.json")
    vocab = (
        (source_dir / "tokenizer.json").read_text(encoding="utf-8") if (source_dir / "tokenizer.json").is_file() else ""
    )
    return loading.detect_family(
        spec,
        config.get("model_type"),
        tok.get("tokenizer_class") or config.get("tokenizer_class"),
        '"<2en>"' in vocab,
        bool(config.get("is_encoder_decoder", True)),
    )


# ------------------------------------------------------------------ vocabulary restriction


def vocabulary(path: Path) -> list[str]:
    """The target vocabulary of a conversion, in id order."""
    path = Path(path)
    for name in ("shared_vocabulary.json", "target_vocabulary.json"):
        if (path / name).is_file():
            return json.loads((path / name).read_text(encoding="utf-8"))
    for name in ("shared_vocabulary.txt", "target_vocabulary.txt"):
        if (path / name).is_file():
            return (path / name).read_text(encoding="utf-8").split("\n")
    raise ModelError(f"{path} has no CTranslate2 vocabulary file")


def target_tokens(tokens: Iterable[str], languages: Sequence[str]) -> list[str]:
    """The tokens a translation into `languages` can need.

    Kept: tokens whose letters are all in the target languages' scripts (Latin
    is always allowed, for names, acronyms and language codes such as
    ``hye_Armn``), and tokens without letters (punctuation, digits, ``[k]``
    pieces). Dropped: other scripts (CJK, Devanagari, Arabic for hy/az, ...).
    """
    allowed = _scripts(languages)
    kept = []
    for token in tokens:
        if token and all(textops.script_of(ch) in allowed for ch in token if ch.isalpha()):
            kept.append(token)
    return kept


def write_vmap(path: Path, languages: Sequence[str]) -> int:
    """Write ``vmap.txt`` into a conversion, restricting output to `languages` (see `target_tokens`).

    The file holds one line with an empty source n-gram, whose candidates
    CTranslate2 always keeps; the translator then decodes with ``use_vmap``.
    The languages are recorded in the sidecar: a translator uses the vmap only
    for targets written in one of their scripts. Returns the number of tokens kept.
    """
    path = Path(path)
    kept = [t for t in target_tokens(vocabulary(path), languages) if " " not in t and "\t" not in t]
    (path / VMAP).write_text("\t" + " ".join(kept) + "\n", encoding="utf-8")
    side = read_sidecar(path)
    side["vmap_languages"] = sorted(languages)
    (path / SIDECAR).write_text(json.dumps(side, indent=2), encoding="utf-8")
    return len(kept)


def _scripts(languages: Iterable[str]) -> frozenset[str]:
    """The scripts a translation into `languages` is written in (Latin always included)."""
    return frozenset({"Latin"} | {textops.TARGET_SCRIPT.get(lang, "Latin") for lang in languages})


# ------------------------------------------------------------------ translator


def resolve_device(runtime: RuntimeConfig) -> str:
    """'cuda' or 'cpu' from the runtime setting, asking CTranslate2 (not torch) about GPUs."""
    import ctranslate2

    has_gpu = ctranslate2.get_cuda_device_count() > 0
    if runtime.device == "cuda" and not has_gpu:
        raise ModelError("runtime.device is 'cuda' but CTranslate2 sees no CUDA device")
    if runtime.device == "auto":
        return "cuda" if has_gpu else "cpu"
    return runtime.device


class CT2Translator(HFTranslator):
    """`HFTranslator` whose generation runs on CTranslate2 conversions of the configured models."""

    name = "ctranslate2"
    requires = REQUIRES

    def __init__(self, cfg: TranslationConfig, runtime: RuntimeConfig, glossary_forms: GlossaryForms | None = None):
        """Check that ctranslate2 is importable and every configured model has a conversion.

        Raises ImportError without ctranslate2, ModelError naming the missing
        conversion and the command that makes it. Models load on first use.
        """
        import ctranslate2  # noqa: F401  (ImportError -> the caller's offline fallback)

        super().__init__(cfg, runtime, glossary_forms)
        self._vmap: dict[str, frozenset[str]] = {}  # spec id -> scripts its vmap keeps
        self._tgt = ""

    @classmethod
    def ensure_present(cls, spec: ModelSpec) -> None:
        ensure_converted(spec)

    def _known_family(self, spec: ModelSpec) -> str | None:
        """The family, from the spec or the conversion's sidecar."""
        return spec.family or read_sidecar(default_dir(spec)).get("family")

    def describe(self) -> str:
        parts = []
        for spec in self._specs():
            side = read_sidecar(default_dir(spec))
            parts.append(
                f"{self.name} {spec.id}@{side.get('revision', 'local')} ({side.get('family')}, "
                f"{side.get('quantization')} weights)"
            )
        return "; ".join(parts)

    def _load(self, spec: ModelSpec) -> loading.LoadedModel:
        import ctranslate2
        from transformers import AutoTokenizer

        path = default_dir(spec)
        side = read_sidecar(path)
        device = resolve_device(self.runtime)
        compute_type = COMPUTE_TYPE[device]
        try:
            tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
            engine = ctranslate2.Translator(
                str(path),
                device=device,
                compute_type=compute_type,
                inter_threads=1,
                intra_threads=self.runtime.threads or 0,
            )
        except (OSError, ValueError, RuntimeError) as exc:
            raise ModelError(f"CTranslate2 model {spec.id!r} could not be loaded from {path}: {exc}") from exc
        if (path / VMAP).is_file() and side.get("vmap_languages"):
            self._vmap[spec.id] = _scripts(side["vmap_languages"])
        family = spec.family or side.get("family")
        if family is None:
            raise ModelError(f"{path}/{SIDECAR} names no model family; set `family` in models.yaml")
        log.info("loaded CTranslate2 %s from %s on %s (%s)", spec.id, path, device, compute_type)
        return loading.LoadedModel(spec, engine, tokenizer, family, device, compute_type, side.get("revision", "local"))

    def _generate(self, units, model, direction, src: str, tgt: str, retry: bool) -> None:
        self._tgt = tgt  # for `_generate_batch`: the vmap only serves targets in its scripts
        super()._generate(units, model, direction, src, tgt, retry)

    def _generate_batch(
        self, model: loading.LoadedModel, inputs: list[str], direction: Direction, max_input: int, retry: bool
    ) -> list[str]:
        """Translate one batch of prepared sentences with CTranslate2; decoded strings in input order."""
        tokenizer = model.tokenizer
        ids = tokenizer(inputs, truncation=True, max_length=max_input)["input_ids"]
        source = [tokenizer.convert_ids_to_tokens(seq) for seq in ids]
        prefix = None
        if direction.forced_bos_token_id is not None:
            prefix = [[tokenizer.convert_ids_to_tokens(direction.forced_bos_token_id)] for _ in source]
        input_len = max(len(seq) for seq in ids)
        beams = min(16, self.cfg.beams + RETRY_EXTRA_BEAMS) if retry else self.cfg.beams
        no_repeat = retry_ngram(self.cfg.no_repeat_ngram_size) if retry else self.cfg.no_repeat_ngram_size
        try:
            results = model.model.translate_batch(
                source,
                target_prefix=prefix,
                beam_size=beams,
                no_repeat_ngram_size=no_repeat,
                repetition_penalty=RETRY_REPETITION_PENALTY if retry else 1.0,
                # Counts the target prefix, as transformers' max_new_tokens counts the forced token.
                max_decoding_length=int(self.cfg.max_length_ratio * input_len + self.cfg.max_length_offset),
                max_input_length=max_input,
                max_batch_size=self.cfg.batch_tokens,
                batch_type="tokens",
                use_vmap=textops.TARGET_SCRIPT.get(self._tgt, "Latin") in self._vmap.get(model.spec.id, ()),
            )
        except (RuntimeError, ValueError) as exc:
            raise ModelError(f"CTranslate2 model {model.spec.id!r} failed to translate: {exc}") from exc
        sequences = [tokenizer.convert_tokens_to_ids(r.hypotheses[0]) for r in results]
        if direction.strip_ids:
            sequences = [[t for t in seq if t not in direction.strip_ids] for seq in sequences]
        return tokenizer.batch_decode(sequences, skip_special_tokens=True)


# ------------------------------------------------------------------ summariser

#: Source tokens per CTranslate2 sub-batch of summary inputs: four full BART
#: inputs (1024 tokens). Inputs are sorted by length within it, so chunks of one
#: long article share padding; beam search keeps `beams` decoder states per input,
#: so this bounds memory rather than speed (not tuned further).
SUMMARY_BATCH_TOKENS = 4096
#: Settings of a model's generation_config.json that `generate` would apply, and
#: the `translate_batch` option each becomes. `min_length` is capped at
#: `max_new_tokens`, as transformers would stop there too.
GENERATION_OPTIONS = {
    "no_repeat_ngram_size": "no_repeat_ngram_size",
    "repetition_penalty": "repetition_penalty",
    "length_penalty": "length_penalty",
    "min_length": "min_decoding_length",
}


class CT2Summariser(NeuralSummariser):
    """`NeuralSummariser` whose seq2seq models run on their CTranslate2 conversions.

    Each model's conversion is found as for translation (`ModelSpec.ct2_dir`,
    else `default_dir`); the tokenizer and generation_config.json come from the
    conversion folder, so neither torch nor the original weights are needed.
    Raises ImportError without ctranslate2, ModelError when a conversion is
    missing or the model is decoder-only (family "causal").
    """

    name = "ctranslate2"
    requires = REQUIRES

    def __init__(self, cfg: SummaryConfig, runtime: RuntimeConfig, names: Iterable[str] | None = None):
        import ctranslate2  # noqa: F401  (ImportError -> load_summariser's fallback)

        self._options: dict[str, dict[str, Any]] = {}  # spec id -> translate_batch options
        super().__init__(cfg, runtime, names)

    @classmethod
    def ensure_present(cls, spec: ModelSpec) -> None:
        ensure_converted(spec)

    def _load(self, spec: ModelSpec) -> loading.LoadedModel:
        import ctranslate2
        from transformers import AutoTokenizer

        self.ensure_present(spec)
        path = default_dir(spec)
        side = read_sidecar(path)
        family = spec.family or side.get("family")
        if family == "causal":
            raise ModelError(
                f"summary model {spec.id!r} is decoder-only (causal); the ctranslate2 summary backend "
                "runs seq2seq models only (BART, PEGASUS, T5): use summary.backend: transformers"
            )
        device = resolve_device(self.runtime)
        compute_type = COMPUTE_TYPE[device]
        try:
            tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
            engine = ctranslate2.Translator(
                str(path),
                device=device,
                compute_type=compute_type,
                inter_threads=1,
                intra_threads=self.runtime.threads or 0,
            )
        except (OSError, ValueError, RuntimeError) as exc:
            raise ModelError(f"CTranslate2 model {spec.id!r} could not be loaded from {path}: {exc}") from exc
        self._options[spec.id] = _generation_options(path, tokenizer, self.cfg.max_new_tokens)
        log.info("loaded CTranslate2 summariser %s from %s on %s (%s)", spec.id, path, device, compute_type)
        return loading.LoadedModel(
            spec, engine, tokenizer, family or "bart", device, compute_type, side.get("revision", "local")
        )

    def _describe_model(self, loaded: loading.LoadedModel) -> str:
        """E.g. 'ctranslate2 facebook/bart-large-cnn@main (bart, int8 weights)'."""
        side = read_sidecar(default_dir(loaded.spec))
        return f"{self.name} {loaded.spec.id}@{loaded.revision} ({loaded.family}, {side.get('quantization')} weights)"

    def _generate_many(self, loaded: loading.LoadedModel, texts: Sequence[str], n_sentences: int) -> list[str]:
        """All texts in one call: CTranslate2 splits them by tokens (`SUMMARY_BATCH_TOKENS`)."""
        return self._generate_batch(loaded, texts) if texts else []

    def _generate_batch(self, loaded: loading.LoadedModel, texts: Sequence[str]) -> list[str]:
        """One summary per text, in input order; the same beams and new-token limit as transformers."""
        tokenizer = loaded.tokenizer
        max_input = input_limit(loaded) + tokenizer.num_special_tokens_to_add()
        ids = tokenizer(list(texts), truncation=True, max_length=max_input)["input_ids"]
        source = [tokenizer.convert_ids_to_tokens(seq) for seq in ids]
        options = dict(self._options.get(loaded.spec.id, {}))
        prefix = options.pop("target_prefix", None)
        try:
            results = loaded.model.translate_batch(
                source,
                target_prefix=[list(prefix) for _ in source] if prefix else None,
                beam_size=self.cfg.beams,
                max_input_length=max_input,
                batch_type="tokens",
                max_batch_size=SUMMARY_BATCH_TOKENS,
                **options,
            )
        except (RuntimeError, ValueError) as exc:
            raise ModelError(f"CTranslate2 model {loaded.spec.id!r} failed to generate: {exc}") from exc
        sequences = [tokenizer.convert_tokens_to_ids(r.hypotheses[0]) for r in results]
        return [text.strip() for text in tokenizer.batch_decode(sequences, skip_special_tokens=True)]


def _generation_options(path: Path, tokenizer: Any, max_new_tokens: int) -> dict[str, Any]:
    """`translate_batch` options from the conversion's generation_config.json (`GENERATION_OPTIONS`).

    ``max_decoding_length`` is `max_new_tokens`, less one when the model forces
    an end token (``forced_eos_token_id``): transformers then spends the last
    new token on it. A ``forced_bos_token_id`` (BART CNN models force ``<s>``)
    becomes a target prefix, as transformers forces it as the first new token;
    both limits count it.
    """
    file = Path(path) / "generation_config.json"
    try:
        config = json.loads(file.read_text(encoding="utf-8")) if file.is_file() else {}
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable %s: %s", file, exc)
        config = {}
    options = {option: config[key] for key, option in GENERATION_OPTIONS.items() if config.get(key) is not None}
    options["max_decoding_length"] = max_new_tokens - (1 if config.get("forced_eos_token_id") is not None else 0)
    if "min_decoding_length" in options:
        options["min_decoding_length"] = min(int(options["min_decoding_length"]), max_new_tokens)
    forced = config.get("forced_bos_token_id")
    if forced is not None:
        options["target_prefix"] = [tokenizer.convert_ids_to_tokens(int(forced))]
    return options
