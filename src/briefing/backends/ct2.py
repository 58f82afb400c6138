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

A model is first converted (`convert`, `convert_all`, behind `briefing models
convert`): the converted folder holds the CTranslate2 weights, the model's
tokenizer files (with the tokenizer class written into tokenizer_config.json, as
CTranslate2's own config.json names no model type), and ``briefing.json``
(family, source id, revision, the source weights' fingerprint, quantization), so
a run needs neither torch nor the original weights. Where it lives:
`ModelSpec.ct2_dir`, or `default_dir(spec)`. A conversion made from an older
snapshot than the one now pulled is stale: `convert` makes it again, and a run
says so. Each model runs on whichever engine it has: its conversion, or, for a
model without one (not converted yet, or an architecture CTranslate2 cannot
convert, such as LED), transformers, with a warning.

Compute types (`compute_type`): int8 on CPU; on a GPU float16, except T5-family
models (MADLAD-400), which overflow in float16: bfloat16 where the GPU has it,
float32 otherwise. An optional ``vmap.txt`` (`write_vmap`, used when
`translation.restrict_vocabulary` is set) restricts the output vocabulary to the
scripts of the target languages, which cuts the 256k-way output projection of NLLB.

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..config import Config, ModelSpec, RuntimeConfig, SummaryConfig, TranslationConfig
from ..errors import ModelError
from ..interfaces import GlossaryForms
from . import loading, textops
from .hf import RETRY_EXTRA_BEAMS, RETRY_REPETITION_PENALTY, Direction, HFTranslator, retry_ngram
from .summarisers import BATCH_TOKENS, NeuralSummariser, input_limit

log = logging.getLogger(__name__)

#: Compute type per device. int8 weights with float32 activations are the fastest
#: CPU mode CTranslate2 has (about 2-3x fp32, see benchmarks/); float16 on GPU
#: keeps quality identical to bf16/fp16 transformers at lower latency. T5-family
#: models are the exception (`compute_type`).
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


def compute_type(device: str, family: str | None, supported: Iterable[str] = ()) -> str:
    """The compute type a model runs in: `COMPUTE_TYPE`, except that T5-family models
    (`loading.NO_FLOAT16`) on a GPU run in bfloat16 when it is among the device's
    `supported` types, else float32 (float16 turns their output into <unk>)."""
    if device == "cuda" and family in loading.NO_FLOAT16:
        return loading.dtype_name(device, family, "bfloat16" in set(supported))
    return COMPUTE_TYPE[device]


def _engine_compute_type(device: str, family: str | None) -> str:
    import ctranslate2

    supported = ctranslate2.get_supported_compute_types(device) if device == "cuda" else ()
    return compute_type(device, family, supported)


class UnsupportedArchitecture(ModelError):
    """CTranslate2 has no converter for the model's architecture (LED/PRIMERA, for one)."""


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


def ensure_runnable(spec: ModelSpec) -> None:
    """Raise ModelError unless the spec has a conversion, or at least transformers weights to run on."""
    try:
        ensure_converted(spec)
    except ModelError as missing:
        try:
            loading.ensure_present(spec)
        except ModelError as absent:
            raise ModelError(f"{missing}; and for transformers: {absent}") from None


def stale(spec: ModelSpec, path: Path | None = None) -> str | None:
    """Why the conversion in `path` no longer matches the model's local weights, or None.

    The sidecar records the source weights' fingerprint (`loading.source_fingerprint`);
    a newer `briefing models pull` (another snapshot, other blobs) changes it. None
    too when the source is not here to compare (a conversion copied on its own).
    """
    path = Path(path) if path is not None else default_dir(spec)
    current = loading.source_fingerprint(spec)
    if not current or not is_converted(path):
        return None
    side = read_sidecar(path)
    if side.get("fingerprint") == current:
        return None
    return (
        f"the CTranslate2 conversion of {spec.id!r} in {path} was made from revision "
        f"{side.get('revision', 'unknown')}, not from the weights now present "
        f"(revision {loading.resolved_revision(spec)}); run `briefing models convert`"
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
        outdated = stale(spec, out)
        if outdated is None:
            log.info("%s already converted in %s", spec.id, out)
            return out
        log.info("converting again: %s", outdated)
    loading.ensure_present(spec)
    source = loading.cached_file(spec, "config.json")
    assert source is not None  # ensure_present checked it
    source_dir = source.parent
    try:
        import ctranslate2.converters
    except ImportError:
        raise ModelError("ctranslate2 is not installed: pip install 'briefing[ct2]'") from None
    family = _source_family(spec, source_dir)
    _check_architecture(spec, source, ctranslate2.converters)
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
        tokenizer_class = _name_tokenizer_class(source_dir, staging)
        sidecar = {
            "source": spec.id,
            "revision": loading.resolved_revision(spec),
            "fingerprint": loading.source_fingerprint(spec),
            "family": family,
            "tokenizer_class": tokenizer_class,
            "quantization": quantization,
            "ctranslate2": ctranslate2.__version__,
        }
        (staging / SIDECAR).write_text(json.dumps(sidecar, indent=2), encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        os.replace(staging, out)
    except ModelError:
        raise
    except Exception as exc:  # the converter raises whatever the model's files provoke
        raise ModelError(f"converting {spec.id!r} to CTranslate2 failed: {type(exc).__name__}: {exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log.info("converted %s (%s) to %s as %s", spec.id, family, out, quantization)
    return out


@dataclass
class Conversion:
    """What `convert_all` did with one configured model."""

    role: str  # "translation", "translation hy-en", "summary article", "summary event"
    spec: ModelSpec
    status: Literal["converted", "kept", "unsupported", "failed"]
    detail: str  # the folder, or why not


def conversion_roles(cfg: Config) -> list[tuple[str, ModelSpec]]:
    """Every model `briefing models convert` converts: the shared translation model (all its
    directions) and each per-pair one, unless translation is off; the summary models when
    summary.backend is ctranslate2. Each model once, in config order."""
    roles: list[tuple[str, ModelSpec]] = []
    if cfg.translation.backend != "none":
        if cfg.translation.model is not None:
            roles.append(("translation", cfg.translation.model))
        roles += [(f"translation {pair}", spec) for pair, spec in cfg.translation.pairs.items()]
    if cfg.summary.backend == "ctranslate2":
        if cfg.summary.article_model is not None:
            roles.append(("summary article", cfg.summary.article_model))
        if cfg.summary.event_strategy == "model" and cfg.summary.event_model is not None:
            roles.append(("summary event", cfg.summary.event_model))
    seen: set[tuple[str, str | None, str | None]] = set()
    unique = []
    for role, spec in roles:
        key = (spec.id, spec.revision, spec.ct2_dir)
        if key not in seen:
            seen.add(key)
            unique.append((role, spec))
    return unique


def convert_all(cfg: Config, quantization: str = DEFAULT_QUANTIZATION, *, force: bool = False) -> list[Conversion]:
    """Convert every model of `conversion_roles`, going on past any that cannot be converted.

    A model CTranslate2 has no converter for (LED/PRIMERA) is "unsupported" (it
    runs on transformers); one that is missing or whose conversion fails is
    "failed", with the reason. With `translation.restrict_vocabulary`, each
    translation conversion gets its ``vmap.txt`` for the output languages.
    """
    results = []
    for role, spec in conversion_roles(cfg):
        path = default_dir(spec)
        was = is_converted(path) and stale(spec, path) is None and not force
        try:
            out = convert(spec, quantization=quantization, force=force)
            if role.startswith("translation") and cfg.translation.restrict_vocabulary:
                kept = write_vmap(out, sorted(set(cfg.languages) | {"en"}))
                log.info("%s: output vocabulary restricted to %d tokens", spec.id, kept)
            results.append(Conversion(role, spec, "kept" if was else "converted", str(out)))
        except UnsupportedArchitecture as exc:
            results.append(Conversion(role, spec, "unsupported", str(exc)))
        except ModelError as exc:
            results.append(Conversion(role, spec, "failed", str(exc)))
    return results


def _check_architecture(spec: ModelSpec, config_file: Path, converters: Any) -> None:
    """UnsupportedArchitecture unless CTranslate2 has a converter for the model's config class."""
    loaders = getattr(getattr(converters, "transformers", None), "_MODEL_LOADERS", None)
    model_type = json.loads(config_file.read_text(encoding="utf-8")).get("model_type", "")
    if loaders is None or not model_type:
        return  # an unknown CTranslate2 layout: let the converter decide
    from transformers import CONFIG_MAPPING

    try:
        config_class = CONFIG_MAPPING[model_type].__name__
    except KeyError:
        return
    if config_class not in loaders:
        raise UnsupportedArchitecture(
            f"CTranslate2 cannot convert {spec.id!r}: it has no converter for {model_type!r} models "
            f"({config_class}); this model runs on transformers"
        )


def _name_tokenizer_class(source_dir: Path, out: Path) -> str:
    """Write the tokenizer's class into the conversion's tokenizer_config.json; return it.

    CTranslate2 writes its own config.json, which names no model type, and many hub
    repositories (every Helsinki-NLP opus-mt one) ship a tokenizer_config.json without
    `tokenizer_class`, leaving transformers to find the class from config.json. In the
    converted folder nothing would name it, so it is written down here.
    """
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(source_dir), local_files_only=True)
    name = type(tokenizer).__name__
    file = out / "tokenizer_config.json"
    config = json.loads(file.read_text(encoding="utf-8")) if file.is_file() else {}
    if not config.get("tokenizer_class"):
        config["tokenizer_class"] = name
        file.write_text(json.dumps(config, ensure_ascii=False, indent=2), encoding="utf-8")
    return str(config["tokenizer_class"])


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
    return frozenset({"Latin"} | {textops.target_script(lang) for lang in languages})


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
    """`HFTranslator` whose generation runs on CTranslate2 conversions of the configured models.

    A model without a conversion runs on transformers (with a warning), so each
    direction uses whichever engine it has.
    """

    name = "ctranslate2"
    requires = REQUIRES

    def __init__(self, cfg: TranslationConfig, runtime: RuntimeConfig, glossary_forms: GlossaryForms | None = None):
        """Check that ctranslate2 is importable and every configured model can run on some engine.

        Raises ImportError without ctranslate2, ModelError naming a model that has
        neither a conversion nor transformers weights, and the command that makes
        one. Models load on first use.
        """
        import ctranslate2  # noqa: F401  (ImportError -> the caller's offline fallback)

        super().__init__(cfg, runtime, glossary_forms)
        self._vmap: dict[str, frozenset[str]] = {}  # spec id -> scripts its vmap keeps
        self._tgt = ""

    @classmethod
    def ensure_present(cls, spec: ModelSpec) -> None:
        ensure_runnable(spec)

    def _known_family(self, spec: ModelSpec) -> str | None:
        """The family, from the spec or the conversion's sidecar."""
        if spec.family:
            return spec.family
        if is_converted(default_dir(spec)):
            return read_sidecar(default_dir(spec)).get("family")
        return super()._known_family(spec)

    def describe(self) -> str:
        parts = []
        for spec in self._specs():
            path = default_dir(spec)
            if not is_converted(path):
                parts.append(f"transformers {spec.id}@{loading.resolved_revision(spec)} (not converted)")
                continue
            side = read_sidecar(path)
            vmap = ", restricted vocabulary" if self.cfg.restrict_vocabulary and (path / VMAP).is_file() else ""
            parts.append(
                f"{self.name} {spec.id}@{side.get('revision', 'local')} ({side.get('family')}, "
                f"{side.get('quantization')} weights{vmap})"
            )
        return "; ".join(parts)

    def _describe_loaded(self, model: loading.LoadedModel) -> str:
        return model.describe(model.engine)

    def _load(self, spec: ModelSpec) -> loading.LoadedModel:
        path = default_dir(spec)
        if not is_converted(path):
            self._say(
                f"no CTranslate2 conversion of {spec.id!r} in {path}: it runs on transformers "
                "(run `briefing models convert` for the faster engine)"
            )
            return super()._load(spec)
        outdated = stale(spec, path)
        if outdated:
            self._say(outdated)
        loaded = load_engine(spec, path, self.runtime)
        side = read_sidecar(path)
        if self.cfg.restrict_vocabulary and (path / VMAP).is_file() and side.get("vmap_languages"):
            self._vmap[spec.id] = _scripts(side["vmap_languages"])
        return loaded

    def _say(self, message: str) -> None:
        log.warning("%s", message)
        if self.warn is not None:
            self.warn(message)

    def _generate(self, units, model, direction, src: str, tgt: str, retry: bool) -> None:
        self._tgt = tgt  # for `_generate_batch`: the vmap only serves targets in its scripts
        super()._generate(units, model, direction, src, tgt, retry)

    def _generate_batch(
        self, model: loading.LoadedModel, inputs: list[str], direction: Direction, max_input: int, retry: bool
    ) -> list[str]:
        """Translate one batch of prepared sentences with CTranslate2; decoded strings in input order."""
        if model.engine != self.name:
            return super()._generate_batch(model, inputs, direction, max_input, retry)
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
                use_vmap=textops.target_script(self._tgt) in self._vmap.get(model.spec.id, ()),
            )
        except (RuntimeError, ValueError) as exc:
            raise ModelError(f"CTranslate2 model {model.spec.id!r} failed to translate: {exc}") from exc
        sequences = [tokenizer.convert_tokens_to_ids(r.hypotheses[0]) for r in results]
        if direction.strip_ids:
            sequences = [[t for t in seq if t not in direction.strip_ids] for seq in sequences]
        return tokenizer.batch_decode(sequences, skip_special_tokens=True)


def load_engine(spec: ModelSpec, path: Path, runtime: RuntimeConfig) -> loading.LoadedModel:
    """A conversion's CTranslate2 translator and tokenizer, on the runtime's device (ModelError when it cannot load)."""
    import ctranslate2
    from transformers import AutoTokenizer

    side = read_sidecar(path)
    family = spec.family or side.get("family")
    if family is None:
        raise ModelError(f"{path}/{SIDECAR} names no model family; set `family` in models.yaml")
    device = resolve_device(runtime)
    compute = _engine_compute_type(device, family)
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
        engine = ctranslate2.Translator(
            str(path), device=device, compute_type=compute, inter_threads=1, intra_threads=runtime.threads or 0
        )
    except Exception as exc:  # transformers and CTranslate2 raise many kinds; a run must not see a traceback
        hint = "" if side.get("tokenizer_class") else " (a conversion made before 0.2.1: convert again with --force)"
        raise ModelError(
            f"CTranslate2 model {spec.id!r} could not be loaded from {path}: {type(exc).__name__}: {exc}{hint}"
        ) from exc
    log.info("loaded CTranslate2 %s from %s on %s (%s)", spec.id, path, device, compute)
    return loading.LoadedModel(
        spec, engine, tokenizer, family, device, compute, side.get("revision", "local"), engine="ctranslate2"
    )


# ------------------------------------------------------------------ summariser

#: Source tokens per CTranslate2 sub-batch of summary inputs: the same budget as
#: transformers (`summarisers.BATCH_TOKENS`); CTranslate2 sorts by length within it.
SUMMARY_BATCH_TOKENS = BATCH_TOKENS
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
    A model without a conversion (a decoder-only model, an LED/PRIMERA model that
    CTranslate2 cannot convert, or one not converted yet) runs on transformers,
    with a warning. Raises ImportError without ctranslate2, ModelError when a
    model has neither a conversion nor transformers weights.
    """

    name = "ctranslate2"
    requires = REQUIRES

    def __init__(self, cfg: SummaryConfig, runtime: RuntimeConfig, names: Iterable[str] | None = None):
        import ctranslate2  # noqa: F401  (ImportError -> load_summariser's fallback)

        self._options: dict[str, dict[str, Any]] = {}  # spec id -> translate_batch options
        super().__init__(cfg, runtime, names)

    @classmethod
    def ensure_present(cls, spec: ModelSpec) -> None:
        ensure_runnable(spec)

    def _load(self, spec: ModelSpec) -> loading.LoadedModel:
        self.ensure_present(spec)
        path = default_dir(spec)
        converted = is_converted(path)
        if converted and "causal" in (spec.family, read_sidecar(path).get("family")):
            converted = False  # CTranslate2's Translator runs seq2seq models; a chat model needs a Generator
        if not converted:
            log.warning(
                "no CTranslate2 conversion of summary model %r in %s: it runs on transformers%s",
                spec.id,
                path,
                "" if spec.family in {"led", "causal"} else " (run `briefing models convert`)",
            )
            return super()._load(spec)
        outdated = stale(spec, path)
        if outdated:
            log.warning("%s", outdated)
        loaded = load_engine(spec, path, self.runtime)
        self._options[spec.id] = _generation_options(path, loaded.tokenizer, self.cfg.max_new_tokens)
        return loaded

    def _describe_model(self, loaded: loading.LoadedModel) -> str:
        """E.g. 'ctranslate2 facebook/bart-large-cnn@main (bart, int8 weights)'."""
        if loaded.engine != self.name:
            return loaded.describe(loaded.engine)
        side = read_sidecar(default_dir(loaded.spec))
        return f"{self.name} {loaded.spec.id}@{loaded.revision} ({loaded.family}, {side.get('quantization')} weights)"

    def _generate_many(self, loaded: loading.LoadedModel, texts: Sequence[str], n_sentences: int) -> list[str]:
        """All texts in one call: CTranslate2 splits them by tokens (`SUMMARY_BATCH_TOKENS`)."""
        if loaded.engine != self.name:
            return super()._generate_many(loaded, texts, n_sentences)
        return self._generate_batch(loaded, texts) if texts else []

    def _generate_batch(self, loaded: loading.LoadedModel, texts: Sequence[str]) -> list[str]:
        """One summary per text, in input order; the same beams and new-token limit as transformers."""
        if loaded.engine != self.name:
            return super()._generate_batch(loaded, texts)
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
