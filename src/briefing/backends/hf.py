"""Translation with Hugging Face transformers seq2seq models (NLLB, M2M100, Marian, MADLAD-400).

`HFTranslator.translate(texts, src, tgt)` does, for every text:

1. split it into lines, and lines into sentences (`briefing.segment.split_sentences`);
   NLLB was trained on inputs of at most 512 tokens and drops later sentences of
   long ones, so sentences are translated one by one;
2. protect each sentence (`textops.protect`): glossary names forced to their
   target form, numbers/dates/URLs behind ``[k]`` placeholders;
3. batch the call's distinct sentences by token count, longest first (a sentence
   repeated in the call is translated once; no cap on sentences per batch);
4. generate (beams, no_repeat_ngram_size, max new tokens = ratio * input + offset),
   with the family's target-language mechanism (see `Direction`);
5. restore placeholders, then run the QA checks (`textops.check`, with the
   project's language identifier for the output-language check); sentences that
   fail are generated once more with stricter settings, and if they still fail
   they are returned with status "flagged" and their issues, never as "ok".

A model that cannot be loaded or fails to generate (a truncated safetensors file,
a language it has no token for, a GPU out of memory) makes that direction
untranslated, with the reason and one warning, for the rest of the run; under
`--strict` (`Backend.strict`) it raises ModelError instead.

Models come from `briefing.backends.loading` (safetensors only, local only, one
load per process). Importing this module imports neither torch nor transformers;
the first translation does.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import langid
from ..config import LangIdConfig, ModelSpec, RuntimeConfig, TranslationConfig
from ..errors import ModelError
from ..interfaces import GlossaryForms, Status, Translation, Translator
from ..segment import split_sentences
from . import langcodes, loading, textops

log = logging.getLogger(__name__)

#: Longest input (tokens) given to a model; NLLB and M2M100 were trained on <= 512.
MAX_INPUT_TOKENS = 512
#: Settings for the one retry of a sentence that failed QA: wider beam search,
#: stricter n-gram blocking and a repetition penalty, the usual cures for the
#: loops and truncations that the checks catch.
RETRY_EXTRA_BEAMS = 2
RETRY_NO_REPEAT_NGRAM = 3
RETRY_REPETITION_PENALTY = 1.3

_MARIAN_TAG_RE = re.compile(r"^>>[\w-]+<<$")


@dataclass
class _Unit:
    """One sentence on its way through the model."""

    text_index: int
    protected: textops.Protected
    output: str = ""
    issues: list[str] = field(default_factory=list)


@dataclass
class Direction:
    """How to ask a loaded model for one src -> tgt direction."""

    prefix: str = ""  # prepended to every source sentence (MADLAD <2xx>, Marian >>xxx<<)
    src_lang: str | None = None  # tokenizer.src_lang (NLLB, M2M100)
    forced_bos_token_id: int | None = None  # first generated token (NLLB, M2M100)
    strip_ids: frozenset[int] = frozenset()  # language tokens the tokenizer does not treat as special


class HFTranslator(Translator):
    """Translator backed by transformers seq2seq models, configured by `TranslationConfig`."""

    name = "transformers"
    requires = loading.NEURAL_PACKAGES

    def __init__(self, cfg: TranslationConfig, runtime: RuntimeConfig, glossary_forms: GlossaryForms | None = None):
        """Check (cheaply, without loading) that every configured model is present locally.

        Raises ModelError naming a missing model, where it was looked for and how to get it.
        Models are loaded on first use, once each.
        """
        super().__init__(cfg, runtime, glossary_forms)
        specs = self._specs()
        if not specs:
            raise ModelError(f"translation.backend is {self.name!r} but no translation model is configured")
        for spec in specs:
            self.ensure_present(spec)
        self._loaded: dict[str, loading.LoadedModel] = {}
        self._broken: dict[tuple[str, str], str] = {}  # direction -> why it cannot translate
        self._identifier: langid.LanguageIdentifier | None = None

    @classmethod
    def ensure_present(cls, spec: ModelSpec) -> None:
        """The model's config and safetensors weights (or, if allowed, pickle ones) are here."""
        loading.ensure_present(spec)

    # -------------------------------------------------------------- public API

    def supports(self, src: str, tgt: str) -> bool:
        """Whether a model is configured for the direction and its family can name both languages."""
        if src == tgt:
            return True
        spec = self._spec(src, tgt)
        if spec is None or (src, tgt) in self._broken:
            return False
        family = self._known_family(spec)
        if family is None or family == "marian":
            return True  # decided when the model (and its vocabulary) is loaded
        try:
            langcodes.family_code(family, src)
            langcodes.family_code(family, tgt)
        except langcodes.UnsupportedLanguage:
            return False
        return True

    def describe(self) -> str:
        """E.g. 'transformers facebook/nllb-200-distilled-600M@main (nllb)'; one entry per model."""
        if self._loaded:
            return "; ".join(m.describe(self.name) for m in self._loaded.values())
        return "; ".join(
            f"{self.name} {s.id}@{loading.resolved_revision(s)} ({s.family or 'family from config'})"
            for s in self._specs()
        )

    def translate(self, texts: Sequence[str], src: str, tgt: str) -> list[Translation]:
        """Translate each text; same length and order as `texts`. See the module docstring for the steps."""
        if src == tgt:
            return [Translation(t, t, "ok", backend="identity") for t in texts]
        if (src, tgt) in self._broken:
            return [Translation(t, None, "untranslated", [self._broken[(src, tgt)]], self.name) for t in texts]
        try:
            model = self._model(src, tgt)
            direction = self._direction(model, src, tgt)
            units, layout = self._split(texts, src, tgt)
            work = _distinct([u for u in units if u.protected.text.strip()])
            self._generate(list(work.values()), model, direction, src, tgt, retry=False)
            failed = [u for u in work.values() if u.issues]
            if failed:
                log.info("%d of %d sentences failed QA (%s->%s); retrying once", len(failed), len(work), src, tgt)
                self._generate(failed, model, direction, src, tgt, retry=True)
        except ModelError as exc:
            return self._unavailable(texts, src, tgt, exc)
        for unit in units:
            twin = work.get(unit.protected.source)
            if twin is not None and twin is not unit:
                unit.output, unit.issues = twin.output, list(twin.issues)
        return self._assemble(texts, units, layout, self._describe_loaded(model))

    def loaded(self, src: str, tgt: str) -> loading.LoadedModel:
        """The direction's model, loaded now if it was not (for `briefing models check`); ModelError if it cannot be."""
        return self._model(src, tgt)

    def _describe_loaded(self, model: loading.LoadedModel) -> str:
        return model.describe(self.name)

    def _unavailable(self, texts: Sequence[str], src: str, tgt: str, exc: ModelError) -> list[Translation]:
        """The direction cannot translate: raise under strict, else warn once and leave `texts` untranslated."""
        if self.strict:
            raise ModelError(f"translation {src}->{tgt} failed: {exc} (strict mode: no fallback)") from exc
        reason = f"translation {src}->{tgt} unavailable: {exc}"
        self._broken[(src, tgt)] = reason
        message = f"{reason}; sentences stay in their own language, marked untranslated"
        log.warning("%s", message)
        if self.warn is not None:
            self.warn(message)
        return [Translation(t, None, "untranslated", [reason], self.name) for t in texts]

    def identify(self, text: str) -> tuple[str | None, float]:
        """The language of an output, by the project's identifier (`briefing.langid`), built on first use."""
        if self._identifier is None:
            self._identifier = langid.LanguageIdentifier(LangIdConfig())
        return self._identifier.detect(text)

    # -------------------------------------------------------------- models

    def _specs(self) -> list[ModelSpec]:
        """Every configured model: the shared one, then the per-pair ones."""
        return ([self.cfg.model] if self.cfg.model else []) + list(self.cfg.pairs.values())

    def _spec(self, src: str, tgt: str) -> ModelSpec | None:
        return self.cfg.pairs.get(f"{src}-{tgt}", self.cfg.model)

    def _known_family(self, spec: ModelSpec) -> str | None:
        """The spec's family, if known without loading anything new."""
        return spec.family or (self._loaded[spec.id].family if spec.id in self._loaded else None)

    def _model(self, src: str, tgt: str) -> loading.LoadedModel:
        """The direction's model, loaded once (`_load`)."""
        spec = self._spec(src, tgt)
        if spec is None:
            raise ModelError(f"no translation model configured for {src}->{tgt}")
        if spec.id not in self._loaded:
            self._loaded[spec.id] = self._load(spec)
        return self._loaded[spec.id]

    def _load(self, spec: ModelSpec) -> loading.LoadedModel:
        loaded = loading.load_model(spec, self.runtime, head="seq2seq")
        _warn_if_placeholders_unsafe(loaded)
        return loaded

    def _direction(self, model: loading.LoadedModel, src: str, tgt: str) -> Direction:
        """The family's way of naming the source and forcing the target language."""
        tokenizer = model.tokenizer
        if model.family == "nllb":
            src_code, tgt_code = langcodes.nllb_code(src), langcodes.nllb_code(tgt)
            return Direction(src_lang=src_code, forced_bos_token_id=_token_id(tokenizer, tgt_code, model))
        if model.family == "m2m100":
            src_code, tgt_code = langcodes.m2m100_code(src), langcodes.m2m100_code(tgt)
            try:
                forced = tokenizer.get_lang_id(tgt_code)
            except (KeyError, AttributeError):
                raise langcodes.UnsupportedLanguage(
                    f"model {model.spec.id!r} has no language token for {tgt!r}"
                ) from None
            # transformers 5 does not register M2M100's __xx__ tokens as special, so
            # skip_special_tokens would leave them in the text: strip them by id.
            lang_ids = frozenset(getattr(tokenizer, "lang_token_to_id", {}).values())
            return Direction(src_lang=src_code, forced_bos_token_id=forced, strip_ids=lang_ids | {forced})
        if model.family in {"madlad", "t5"}:
            tag = langcodes.madlad_tag(tgt)
            _token_id(tokenizer, tag, model)
            return Direction(prefix=f"{tag} ")
        if model.family == "marian":
            return Direction(prefix=_marian_prefix(tokenizer, tgt, model))
        raise ModelError(f"model {model.spec.id!r} is a {model.family!r} model, not a translation model")

    # -------------------------------------------------------------- steps

    def _split(self, texts: Sequence[str], src: str, tgt: str) -> tuple[list[_Unit], list[list[list[int]]]]:
        """Units for every sentence, and per text the unit indices of each line."""
        units: list[_Unit] = []
        layout: list[list[list[int]]] = []
        for i, text in enumerate(texts):
            forms = self.glossary_forms(text, src, tgt) if self.glossary_forms else {}
            lines = []
            for line in text.split("\n"):
                indices = []
                for sentence in split_sentences(line, src) if line.strip() else []:
                    if sentence.strip():
                        indices.append(len(units))
                        units.append(_Unit(i, textops.protect(sentence.strip(), forms)))
                lines.append(indices)
            layout.append(lines)
        return units, layout

    def _generate(
        self, units: list[_Unit], model: loading.LoadedModel, direction: Direction, src: str, tgt: str, retry: bool
    ) -> None:
        """Translate `units` in token-count batches, then restore and check each one in place."""
        if not units:
            return
        tokenizer = model.tokenizer
        if direction.src_lang is not None:
            tokenizer.src_lang = direction.src_lang
        inputs = [direction.prefix + u.protected.text for u in units]
        max_input = min(
            int(getattr(tokenizer, "model_max_length", MAX_INPUT_TOKENS) or MAX_INPUT_TOKENS),
            MAX_INPUT_TOKENS,
            _positions(model) or MAX_INPUT_TOKENS,
        )
        lengths = [len(ids) for ids in tokenizer(inputs, add_special_tokens=True)["input_ids"]]
        for batch in textops.plan_batches(lengths, self.cfg.batch_tokens):
            outputs = self._generate_batch(model, [inputs[i] for i in batch], direction, max_input, retry)
            for i, output in zip(batch, outputs):
                units[i].output, units[i].issues = self._check(units[i], output, src, tgt)
                if lengths[i] > max_input:
                    units[i].issues.append(f"truncated: input of {lengths[i]} tokens cut to {max_input}")

    def _generate_batch(
        self, model: loading.LoadedModel, inputs: list[str], direction: Direction, max_input: int, retry: bool
    ) -> list[str]:
        import torch

        tokenizer = model.tokenizer
        encoded = tokenizer(inputs, return_tensors="pt", padding=True, truncation=True, max_length=max_input)
        encoded = encoded.to(model.device)
        input_len = int(encoded["input_ids"].shape[1])
        kwargs: dict[str, Any] = {
            "num_beams": min(16, self.cfg.beams + RETRY_EXTRA_BEAMS) if retry else self.cfg.beams,
            "no_repeat_ngram_size": retry_ngram(self.cfg.no_repeat_ngram_size)
            if retry
            else self.cfg.no_repeat_ngram_size,
            "max_new_tokens": _new_token_limit(
                model, int(self.cfg.max_length_ratio * input_len + self.cfg.max_length_offset)
            ),
        }
        if retry:
            kwargs["repetition_penalty"] = RETRY_REPETITION_PENALTY
        if direction.forced_bos_token_id is not None:
            kwargs["forced_bos_token_id"] = direction.forced_bos_token_id
        try:
            with torch.inference_mode():
                generated = model.model.generate(**encoded, **kwargs)
        except (RuntimeError, ValueError, IndexError) as exc:
            raise ModelError(f"model {model.spec.id!r} failed to generate: {type(exc).__name__}: {exc}") from exc
        sequences = generated.tolist()
        if direction.strip_ids:
            sequences = [[t for t in seq if t not in direction.strip_ids] for seq in sequences]
        return tokenizer.batch_decode(sequences, skip_special_tokens=True)

    def _check(self, unit: _Unit, output: str, src: str, tgt: str) -> tuple[str, list[str]]:
        restored, issues = textops.restore(output.strip(), unit.protected)
        issues += textops.check(
            unit.protected.source,
            restored,
            src,
            tgt,
            unit.protected.forms,
            exempt=list(unit.protected.slots.values()),
            identify=self.identify,
        )
        return restored, list(dict.fromkeys(issues))

    @staticmethod
    def _assemble(
        texts: Sequence[str], units: list[_Unit], layout: list[list[list[int]]], backend: str
    ) -> list[Translation]:
        results = []
        for text, lines in zip(texts, layout):
            out_lines, issues = [], []
            n_sentences = sum(len(line) for line in lines)
            number = 0
            for line in lines:
                out_lines.append(" ".join(units[i].output for i in line))
                for i in line:
                    number += 1
                    where = f"sentence {number}: " if n_sentences > 1 else ""
                    issues += [where + issue for issue in units[i].issues]
            status: Status = "flagged" if issues else "ok"
            results.append(Translation(text, "\n".join(out_lines), status, issues, backend))
        return results


# ------------------------------------------------------------------ helpers


def _positions(model: loading.LoadedModel) -> int | None:
    """The model's position table size (config.max_position_embeddings), when it has one."""
    value = getattr(getattr(model.model, "config", None), "max_position_embeddings", None)
    return value if isinstance(value, int) and value > 0 else None


def _new_token_limit(model: loading.LoadedModel, wanted: int) -> int:
    """`wanted` new tokens, but never past the decoder's position table (which would index out of range)."""
    positions = _positions(model)
    return min(wanted, positions - 2) if positions is not None else wanted


def _distinct(units: list[_Unit]) -> dict[str, _Unit]:
    """The first unit of each distinct sentence: a sentence repeated in one call is generated once."""
    first: dict[str, _Unit] = {}
    for unit in units:
        first.setdefault(unit.protected.source, unit)
    return first


def _token_id(tokenizer: Any, token: str, model: loading.LoadedModel) -> int:
    """The id of a language token, or UnsupportedLanguage when the vocabulary lacks it."""
    token_id = tokenizer.convert_tokens_to_ids(token)
    if token_id is None or token_id == tokenizer.unk_token_id:
        raise langcodes.UnsupportedLanguage(f"model {model.spec.id!r} has no token {token!r}")
    return int(token_id)


def _marian_prefix(tokenizer: Any, tgt: str, model: loading.LoadedModel) -> str:
    """'' for a one-pair Marian model; the target tag plus a space for a multi-target one."""
    vocab = tokenizer.get_vocab()
    if not any(_MARIAN_TAG_RE.match(token) for token in vocab):
        return ""
    for tag in langcodes.marian_tag_candidates(tgt):
        if tag in vocab:
            return f"{tag} "
    raise langcodes.UnsupportedLanguage(f"multi-target model {model.spec.id!r} has no target tag for {tgt!r}")


def _warn_if_placeholders_unsafe(model: loading.LoadedModel) -> None:
    """Warn once per model when its vocabulary cannot even spell a placeholder (QA will flag losses)."""
    probe = "[1]"
    tokenizer = model.tokenizer
    decoded = tokenizer.decode(tokenizer(probe, add_special_tokens=False)["input_ids"], skip_special_tokens=True)
    if probe not in decoded.replace(" ", ""):
        log.warning(
            "model %s cannot spell the placeholder %r (got %r); protected numbers will be flagged as lost",
            model.spec.id,
            probe,
            decoded,
        )


def retry_ngram(configured: int) -> int:
    """Stricter n-gram blocking for the retry: 3, or the configured size if already smaller (but not off)."""
    return RETRY_NO_REPEAT_NGRAM if configured == 0 else min(configured, RETRY_NO_REPEAT_NGRAM)
