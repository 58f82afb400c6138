"""The CTranslate2 translation backend, on tiny random-weight models converted locally.

Random weights translate nothing, so these tests check plumbing: conversion and
its sidecar, target-language prefixes per family, token batching with order
restored, placeholder and glossary restoration, QA flags with one retry, the
vocabulary restriction (vmap), and clear errors. No network.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from briefing.config import Config, ModelSpec, RuntimeConfig, TranslationConfig
from briefing.errors import ModelError

ct2 = pytest.importorskip("briefing.backends.ct2")
pytest.importorskip("ctranslate2")

RUNTIME = RuntimeConfig(device="cpu", threads=1)


@pytest.fixture(scope="module")
def nllb_ct2(tiny_nllb_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ct2.convert(ModelSpec(id=str(tiny_nllb_dir)), tmp_path_factory.mktemp("ct2") / "nllb")


@pytest.fixture(scope="module")
def m2m100_ct2(tiny_m2m100_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ct2.convert(ModelSpec(id=str(tiny_m2m100_dir)), tmp_path_factory.mktemp("ct2") / "m2m100", "float32")


def _translator(model_dir: Path, converted: Path, glossary=None, **cfg: Any):
    spec = ModelSpec(id=str(model_dir), ct2_dir=str(converted))
    return ct2.CT2Translator(TranslationConfig(model=spec, **cfg), RUNTIME, glossary)


class TranslateSpy:
    """Wraps a loaded `ctranslate2.Translator`: records every call; echoes the source or runs the model."""

    def __init__(self, engine: Any, echo: bool = False):
        self.engine = engine
        self.echo = echo
        self.calls: list[dict[str, Any]] = []
        self.results: list[Any] = []

    def translate_batch(self, source: list[list[str]], target_prefix=None, **kwargs: Any) -> list[Any]:
        self.calls.append({"source": source, "target_prefix": target_prefix, **kwargs})
        if self.echo:  # a perfect "copy" model: the prefix, then the source minus its language token
            prefixes = target_prefix or [[] for _ in source]
            results = [_Result(list(p) + list(s[1:])) for p, s in zip(prefixes, source)]
        else:
            results = self.engine.translate_batch(source, target_prefix=target_prefix, **kwargs)
        self.results.append(results)
        return results


class _Result:
    def __init__(self, tokens: list[str]):
        self.hypotheses = [tokens]


def _spy(translator, src: str, tgt: str, echo: pytest.MonkeyPatch | None = None) -> TranslateSpy:
    """Spy on the direction's engine; `echo` (a monkeypatch) makes it a copy model, which the
    language check, tested on its own, would rightly flag: it is switched off for these plumbing tests."""
    loaded = translator._model(src, tgt)
    spy = TranslateSpy(loaded.model, echo is not None)
    loaded.model = spy
    if echo is not None:
        echo.setattr(ct2.textops, "language_issues", lambda *args, **kwargs: [])
    return spy


# ------------------------------------------------------------------ conversion


@pytest.mark.slow
def test_conversion_is_self_contained(nllb_ct2: Path, tiny_nllb_dir: Path) -> None:
    assert ct2.is_converted(nllb_ct2)
    side = ct2.read_sidecar(nllb_ct2)
    assert side["family"] == "nllb" and side["quantization"] == "int8" and side["source"] == str(tiny_nllb_dir)
    assert (nllb_ct2 / "tokenizer_config.json").is_file()  # the run needs no original model files
    vocab = ct2.vocabulary(nllb_ct2)
    assert "hye_Armn" in vocab and "azj_Latn" in vocab


@pytest.mark.slow
def test_existing_conversion_kept_unless_forced(nllb_ct2: Path, tiny_nllb_dir: Path) -> None:
    before = (nllb_ct2 / "model.bin").stat().st_mtime_ns
    assert ct2.convert(ModelSpec(id=str(tiny_nllb_dir)), nllb_ct2) == nllb_ct2
    assert (nllb_ct2 / "model.bin").stat().st_mtime_ns == before


CONVERT_ERRORS = [
    # spec id (relative to tmp_path), quantization, message fragment
    ("missing-model", "int8", "not available locally"),
    ("tiny", "int3", "unknown quantization"),
]


@pytest.mark.slow
@pytest.mark.parametrize("model, quantization, message", CONVERT_ERRORS)
def test_convert_errors(tmp_path: Path, tiny_nllb_dir: Path, model: str, quantization: str, message: str) -> None:
    model_id = str(tiny_nllb_dir) if model == "tiny" else str(tmp_path / model)
    with pytest.raises(ModelError, match=message):
        ct2.convert(ModelSpec(id=model_id), tmp_path / "out", quantization)
    assert not (tmp_path / "out").exists()  # nothing half-written


@pytest.mark.slow
def test_missing_conversion_and_weights_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"briefing models convert.*for transformers"):
        _translator(tmp_path / "no-model", tmp_path / "never-converted")


@pytest.mark.slow
def test_a_model_without_conversion_runs_on_transformers_with_a_warning(tiny_nllb_dir: Path, tmp_path: Path) -> None:
    """Each direction uses whichever engine it has: here the transformers weights."""
    translator = _translator(tiny_nllb_dir, tmp_path / "never-converted")
    warnings: list[str] = []
    translator.on_failure(False, warnings.append)
    [result] = translator.translate(["The ministers met in Geneva."], "en", "hy")
    assert result.text and result.backend.startswith("transformers ")
    assert "not converted" in translator.describe()
    assert any("runs on transformers" in w and "briefing models convert" in w for w in warnings)


@pytest.mark.slow
def test_load_translator_picks_ctranslate2(tiny_nllb_dir: Path, nllb_ct2: Path) -> None:
    from briefing.translate import load_translator

    spec = ModelSpec(id=str(tiny_nllb_dir), ct2_dir=str(nllb_ct2))
    cfg = Config(translation=TranslationConfig(backend="ctranslate2", model=spec), runtime=RUNTIME)
    translator = load_translator(cfg, strict=True)
    assert isinstance(translator, ct2.CT2Translator)
    assert "ctranslate2" in translator.describe() and "int8" in translator.describe()


@pytest.mark.slow
def test_conversion_alone_is_enough(nllb_ct2: Path, tmp_path: Path) -> None:
    """A machine that has only the converted model (not the original weights) still translates."""
    from briefing.translate import load_translator

    spec = ModelSpec(id=str(tmp_path / "original-weights-not-here"), family="nllb", ct2_dir=str(nllb_ct2))
    cfg = Config(translation=TranslationConfig(backend="ctranslate2", model=spec), runtime=RUNTIME)
    translator = load_translator(cfg, strict=True)
    assert isinstance(translator, ct2.CT2Translator)
    result = translator.translate(["Talks resumed on 7 November."], "en", "hy")[0]
    assert result.status in ("ok", "flagged") and result.text is not None


# ------------------------------------------------------------------ directions

DIRECTION_CASES = [
    # converted fixture, model fixture, src, tgt, first source token, target prefix token
    ("nllb_ct2", "tiny_nllb_dir", "en", "hy", "eng_Latn", "hye_Armn"),
    ("nllb_ct2", "tiny_nllb_dir", "en", "az", "eng_Latn", "azj_Latn"),
    ("nllb_ct2", "tiny_nllb_dir", "ru", "en", "rus_Cyrl", "eng_Latn"),
    ("m2m100_ct2", "tiny_m2m100_dir", "en", "hy", "__en__", "__hy__"),
]


@pytest.mark.slow
@pytest.mark.parametrize("converted, model, src, tgt, first_source, prefix", DIRECTION_CASES)
def test_target_prefix_and_source_language(request, converted, model, src, tgt, first_source, prefix) -> None:
    translator = _translator(request.getfixturevalue(model), request.getfixturevalue(converted))
    spy = _spy(translator, src, tgt)
    [result] = translator.translate(["The talks resumed in Geneva."], src, tgt)
    call = spy.calls[0]
    assert call["source"][0][0] == first_source
    assert call["target_prefix"] == [[prefix]]
    assert spy.results[0][0].hypotheses[0][0] == prefix  # the model really started with the target code
    assert prefix not in (result.text or "")  # language tokens never leak into text
    assert result.backend.startswith("ctranslate2")


@pytest.mark.slow
def test_supports_follows_family_codes(tiny_nllb_dir: Path, nllb_ct2: Path) -> None:
    translator = _translator(tiny_nllb_dir, nllb_ct2)
    assert translator.supports("en", "hy") and translator.supports("en", "az")
    assert not translator.supports("en", "xx")


# ------------------------------------------------------------------ batching, protection

from test_translate_hf import ORDER_TEXTS  # noqa: E402 - the same table, shared


@pytest.mark.slow
def test_token_batches_longest_first_and_order_restored(
    tiny_nllb_dir: Path, nllb_ct2: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    translator = _translator(tiny_nllb_dir, nllb_ct2, batch_tokens=64)
    spy = _spy(translator, "tr", "en", echo=monkeypatch)
    results = translator.translate(ORDER_TEXTS, "tr", "en")
    assert len(spy.calls) > 1  # the token budget split the work
    assert all(call["batch_type"] == "tokens" and call["max_batch_size"] == 64 for call in spy.calls)
    widths = [max(len(s) for s in call["source"]) for call in spy.calls]
    assert widths == sorted(widths, reverse=True)
    for text, result in zip(ORDER_TEXTS, results):
        assert result.source == text
        assert result.status == "ok", result.issues
        assert result.text == text


@pytest.mark.slow
def test_placeholders_and_glossary_forms_restored(
    tiny_nllb_dir: Path, nllb_ct2: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "Bayramov 6,500 gözlemciyi 2024-11-07 tarihinde https://mfa.gov.az/en adresinde duyurdu."
    translator = _translator(tiny_nllb_dir, nllb_ct2, lambda t, s, g: {"Bayramov": "Bayramov-EN"})
    spy = _spy(translator, "tr", "en", echo=monkeypatch)
    [result] = translator.translate([text], "tr", "en")
    seen = "".join(spy.calls[0]["source"][0])
    assert "6,500" not in seen and "[1]" in seen.replace("▁", "")  # the model saw placeholders
    assert result.status == "ok", result.issues
    assert result.text == text.replace("Bayramov", "Bayramov-EN")


@pytest.mark.slow
def test_decoding_settings_follow_config(tiny_nllb_dir: Path, nllb_ct2: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    translator = _translator(
        tiny_nllb_dir, nllb_ct2, beams=3, no_repeat_ngram_size=5, max_length_ratio=1.5, max_length_offset=7
    )
    spy = _spy(translator, "tr", "en", echo=monkeypatch)
    translator.translate(["Dışişleri bakanları yeniden bir araya geldi."], "tr", "en")
    call = spy.calls[0]
    assert (call["beam_size"], call["no_repeat_ngram_size"]) == (3, 5)
    assert call["max_decoding_length"] == int(1.5 * len(call["source"][0]) + 7)


# ------------------------------------------------------------------ QA


@pytest.mark.slow
def test_garbage_output_is_flagged_after_exactly_one_retry(tiny_nllb_dir: Path, nllb_ct2: Path) -> None:
    translator = _translator(tiny_nllb_dir, nllb_ct2, beams=2)
    spy = _spy(translator, "en", "hy")
    [result] = translator.translate(["The ministers met in Geneva on 12 March."], "en", "hy")
    assert len(spy.calls) == 2  # the batch, then one stricter retry
    retry = spy.calls[1]
    assert retry["beam_size"] == 4 and retry["repetition_penalty"] > 1 and retry["no_repeat_ngram_size"] == 3
    assert result.status == "flagged" and result.text
    assert any(issue.startswith("script: expected Armenian") for issue in result.issues)
    assert "placeholder-lost: [1]" in result.issues


# ------------------------------------------------------------------ vocabulary restriction

TOKEN_CASES = [
    # token, languages, kept
    ("▁Բարև", ["hy"], True),
    ("▁Vaşinqton", ["az"], True),
    ("hye_Armn", ["hy"], True),
    (",", ["hy"], True),
    ("▁12", ["az"], True),
    ("▁Москва", ["hy", "az"], False),
    ("▁東京", ["hy"], False),
    ("▁Բարև", ["az"], False),
    ("▁Москва", ["ru"], True),
]


@pytest.mark.parametrize("token, languages, kept", TOKEN_CASES)
def test_target_tokens_by_script(token: str, languages: list[str], kept: bool) -> None:
    assert (token in ct2.target_tokens([token], languages)) is kept


@pytest.mark.slow
def test_vmap_written_and_used_only_for_its_scripts(tiny_nllb_dir: Path, tmp_path: Path) -> None:
    converted = ct2.convert(ModelSpec(id=str(tiny_nllb_dir)), tmp_path / "vmap")
    vocab = ct2.vocabulary(converted)
    assert ct2.write_vmap(converted, ["hy"]) == len(ct2.target_tokens(vocab, ["hy"]))
    [line] = (converted / ct2.VMAP).read_text(encoding="utf-8").splitlines()
    source, _, targets = line.partition("\t")
    kept = set(targets.split(" "))
    assert source == ""  # an empty source n-gram: candidates kept for every input
    assert "hye_Armn" in kept and "</s>" in kept
    cyrillic = {t for t in vocab if any(ct2.textops.script_of(ch) == "Cyrillic" for ch in t)}
    assert cyrillic and not (cyrillic & kept)  # the tiny vocabulary has Russian pieces; none survive
    assert ct2.read_sidecar(converted)["vmap_languages"] == ["hy"]
    unrestricted = _translator(tiny_nllb_dir, converted, beams=2)
    spy = _spy(unrestricted, "en", "hy")
    unrestricted.translate(["The ministers met in Geneva."], "en", "hy")
    assert spy.calls and not any(call["use_vmap"] for call in spy.calls)  # off unless the config asks
    translator = _translator(tiny_nllb_dir, converted, beams=2, restrict_vocabulary=True)
    assert "restricted vocabulary" in translator.describe()
    spy = _spy(translator, "en", "hy")
    translator.translate(["The ministers met in Geneva."], "en", "hy")
    assert spy.calls and all(call["use_vmap"] for call in spy.calls)
    spy.calls.clear()
    translator.translate(["Talks will continue next week."], "en", "ru")  # Cyrillic target: not restricted
    assert spy.calls and not any(call["use_vmap"] for call in spy.calls)


@pytest.mark.slow
def test_sidecar_is_json_with_versions(nllb_ct2: Path) -> None:
    data = json.loads((nllb_ct2 / ct2.SIDECAR).read_text(encoding="utf-8"))
    assert data["ctranslate2"] and data["revision"] == "local"


# ------------------------------------------------------------------ opus-mt layout, every direction, staleness


@pytest.mark.slow
def test_a_real_layout_marian_converts_and_translates(tiny_marian_dir: Path, tmp_path: Path) -> None:
    """opus-mt: </s>=0, <pad> last, a tokenizer_config.json naming no class; CTranslate2's
    config.json names no model type, so the conversion must name the tokenizer itself."""
    source_config = json.loads((tiny_marian_dir / "tokenizer_config.json").read_text(encoding="utf-8"))
    assert "tokenizer_class" not in source_config  # as the hub ships it
    spec = ModelSpec(id=str(tiny_marian_dir), ct2_dir=str(tmp_path / "marian"))
    converted = ct2.convert(spec)
    assert "model_type" not in json.loads((converted / "config.json").read_text(encoding="utf-8"))
    assert ct2.read_sidecar(converted)["tokenizer_class"] == "MarianTokenizer"
    translator = ct2.CT2Translator(TranslationConfig(model=spec), RUNTIME)
    [result] = translator.translate(["The ministers met in Geneva."], "en", "hy")
    assert result.text is not None and result.backend.startswith("ctranslate2 ")
    vocabulary = ct2.vocabulary(converted)
    assert vocabulary[0] == "</s>" and "<pad>" not in vocabulary  # CTranslate2 drops the trailing <pad>


@pytest.mark.slow
def test_convert_all_goes_on_past_a_model_it_cannot_convert(
    tiny_nllb_dir: Path, tiny_marian_dir: Path, tiny_led_dir: Path, tiny_bart_dir: Path, tmp_path: Path
) -> None:
    from briefing.config import SummaryConfig

    def spec(model: Path, name: str) -> ModelSpec:
        return ModelSpec(id=str(model), ct2_dir=str(tmp_path / name))

    cfg = Config(
        translation=TranslationConfig(
            backend="ctranslate2", model=spec(tiny_nllb_dir, "nllb"), pairs={"hy-en": spec(tiny_marian_dir, "marian")}
        ),
        summary=SummaryConfig(
            backend="ctranslate2",
            article_model=spec(tiny_led_dir, "led"),
            event_strategy="model",
            event_model=spec(tiny_bart_dir, "bart"),
        ),
    )
    results = ct2.convert_all(cfg)
    assert [(r.role, r.status) for r in results] == [
        ("translation", "converted"),
        ("translation hy-en", "converted"),
        ("summary article", "unsupported"),
        ("summary event", "converted"),  # after the LED model: not stopped by it
    ]
    assert "no converter for 'led'" in results[2].detail
    assert [r.status for r in ct2.convert_all(cfg)] == ["kept", "kept", "unsupported", "kept"]


@pytest.mark.slow
def test_models_convert_reports_every_model_and_exits_0(tiny_led_dir: Path, tiny_bart_dir: Path, tmp_path: Path):
    from typer.testing import CliRunner

    from briefing.cli import app

    config = tmp_path / "models.yaml"
    config.write_text(
        "translation:\n  backend: none\nsummary:\n  backend: ctranslate2\n"
        f"  article_model: {{id: '{tiny_led_dir}', ct2_dir: '{tmp_path / 'led'}'}}\n"
        f"  event_strategy: model\n  event_model: {{id: '{tiny_bart_dir}', ct2_dir: '{tmp_path / 'bart'}'}}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["models", "convert", "--config", str(config)])
    assert result.exit_code == 0, result.output
    article = next(line for line in result.output.splitlines() if "summary article" in line)
    event = next(line for line in result.output.splitlines() if "summary event" in line)
    assert "unsupported" in article and "no converter for 'led'" in article and " converted " in event


@pytest.mark.slow
def test_a_conversion_is_redone_when_the_weights_change(tiny_nllb_dir: Path, tmp_path: Path) -> None:
    import shutil

    model = tmp_path / "model"
    shutil.copytree(tiny_nllb_dir, model)
    spec = ModelSpec(id=str(model), ct2_dir=str(tmp_path / "ct2"))
    converted = ct2.convert(spec)
    before = ct2.read_sidecar(converted)["fingerprint"]
    assert ct2.stale(spec) is None
    weights = model / "model.safetensors"
    weights.write_bytes(weights.read_bytes())  # a newer pull: other blobs, other times
    os.utime(weights, ns=(10**18, 10**18))
    assert "briefing models convert" in (ct2.stale(spec) or "")
    ct2.convert(spec)  # no --force needed
    assert ct2.read_sidecar(converted)["fingerprint"] != before and ct2.stale(spec) is None


COMPUTE_CASES = [
    # device, family, supported on the device, compute type
    ("cpu", "nllb", (), "int8"),
    ("cpu", "madlad", (), "int8"),
    ("cuda", "nllb", ("float16", "bfloat16"), "float16"),
    ("cuda", "madlad", ("float16", "bfloat16"), "bfloat16"),
    ("cuda", "madlad", ("float16", "int8_float16"), "float32"),  # never float16 for T5
    ("cuda", "t5", ("float16",), "float32"),
]


@pytest.mark.parametrize("device, family, supported, expected", COMPUTE_CASES)
def test_compute_type_never_float16_for_t5_family(device: str, family: str, supported: tuple, expected: str) -> None:
    assert ct2.compute_type(device, family, supported) == expected


@pytest.mark.slow
def test_models_check_uses_the_conversion_with_the_ctranslate2_backend(tiny_nllb_dir: Path, nllb_ct2: Path) -> None:
    """`briefing models check` runs what `run` runs: the CTranslate2 conversion, not the transformers weights."""
    from briefing import hub

    spec = ModelSpec(id=str(tiny_nllb_dir), ct2_dir=str(nllb_ct2), family="nllb")
    cfg = Config(
        languages=["en", "hy"], translation=TranslationConfig(backend="ctranslate2", model=spec), runtime=RUNTIME
    )
    results = hub.check(cfg)
    assert results and {(r.engine, r.device, r.dtype) for r in results} == {("ctranslate2", "cpu", "int8")}
    assert all(r.tokens_per_second for r in results)
