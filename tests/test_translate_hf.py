"""The transformers translation backend and model loading, on tiny random-weight models.

Random weights translate nothing, so these tests check plumbing: language codes
and forced first tokens per family, batching and order, placeholder and glossary
restoration, QA flags and the single retry, and the loading policy (local only,
safetensors only, clear errors).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from briefing.backends import langcodes, loading, textops
from briefing.config import ModelSpec, RuntimeConfig, TranslationConfig
from briefing.errors import ModelError

RUNTIME = RuntimeConfig(device="cpu")


def _translator(model_dir: Path, glossary=None, **cfg: Any):
    from briefing.backends.hf import HFTranslator

    return HFTranslator(TranslationConfig(model=ModelSpec(id=str(model_dir)), **cfg), RUNTIME, glossary)


class GenerateSpy:
    """Stands in for `model.generate`: records every call; echoes the input or runs the real model."""

    def __init__(self, loaded: loading.LoadedModel, echo: bool = False):
        self.loaded = loaded
        self.real = loaded.model.generate
        self.echo = echo
        self.calls: list[dict[str, Any]] = []
        self.outputs: list[Any] = []

    def __call__(self, **kwargs: Any) -> Any:
        import torch

        self.calls.append(kwargs)
        if self.echo:  # a perfect "copy" model: decoder start, then the input tokens
            ids = kwargs["input_ids"]
            start = torch.full((ids.shape[0], 1), self.loaded.model.config.decoder_start_token_id)
            out = torch.cat([start, ids], dim=1)
        else:
            out = self.real(**kwargs)
        self.outputs.append(out)
        return out


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch):
    """spy(model_dir, echo=False) -> GenerateSpy installed on the cached loaded model."""

    def install(model_dir: Path, echo: bool = False) -> GenerateSpy:
        loaded = loading.load_model(ModelSpec(id=str(model_dir)), RUNTIME)
        recorder = GenerateSpy(loaded, echo)
        monkeypatch.setattr(loaded.model, "generate", recorder)
        if echo:  # a copy is the plumbing's stand-in for a translation; the language check would rightly flag it
            monkeypatch.setattr(textops, "language_issues", lambda *args, **kwargs: [])
        return recorder

    return install


def _first_input_token(recorder: GenerateSpy) -> str:
    ids = recorder.calls[0]["input_ids"][0].tolist()
    return recorder.loaded.tokenizer.convert_ids_to_tokens(ids[0])


# ------------------------------------------------------------------ families

FAMILY_CASES = [
    # fixture, src, tgt, family, first input token, forced first generated token (None: no forcing)
    ("tiny_nllb_dir", "en", "hy", "nllb", "eng_Latn", "hye_Armn"),
    ("tiny_nllb_dir", "en", "az", "nllb", "eng_Latn", "azj_Latn"),
    ("tiny_nllb_dir", "ru", "en", "nllb", "rus_Cyrl", "eng_Latn"),
    ("tiny_m2m100_dir", "en", "hy", "m2m100", "__en__", "__hy__"),
    ("tiny_m2m100_dir", "tr", "en", "m2m100", "__tr__", "__en__"),
    ("tiny_madlad_dir", "en", "az", "madlad", "<2az>", None),
    ("tiny_marian_multi_dir", "en", "hy", "marian", ">>hye<<", None),
    ("tiny_marian_multi_dir", "en", "az", "marian", ">>azj<<", None),
    ("tiny_marian_dir", "en", "hy", "marian", "▁The", None),
]


@pytest.mark.slow
@pytest.mark.parametrize("fixture, src, tgt, family, first_input, forced", FAMILY_CASES)
def test_language_codes_and_forced_bos(request, spy, fixture, src, tgt, family, first_input, forced) -> None:
    model_dir = request.getfixturevalue(fixture)
    recorder = spy(model_dir)
    translator = _translator(model_dir)
    [result] = translator.translate(["The talks resumed."], src, tgt)
    assert recorder.loaded.family == family
    assert _first_input_token(recorder) == first_input
    kwargs = recorder.calls[0]
    if forced is None:
        assert "forced_bos_token_id" not in kwargs
    else:
        forced_id = recorder.loaded.tokenizer.convert_tokens_to_ids(forced)
        assert kwargs["forced_bos_token_id"] == forced_id
        assert recorder.outputs[0][0, 1].item() == forced_id  # right after the decoder start token
        assert forced not in (result.text or "")  # language tokens never leak into text
    assert f"({family})" in translator.describe()


@pytest.mark.slow
def test_generation_settings_follow_config(spy, tiny_nllb_dir: Path) -> None:
    recorder = spy(tiny_nllb_dir, echo=True)
    translator = _translator(tiny_nllb_dir, beams=3, no_repeat_ngram_size=5, max_length_ratio=1.5, max_length_offset=7)
    translator.translate(["Dışişleri bakanları yeniden bir araya geldi."], "tr", "en")
    kwargs = recorder.calls[0]
    input_len = kwargs["input_ids"].shape[1]
    assert kwargs["num_beams"] == 3
    assert kwargs["no_repeat_ngram_size"] == 5
    assert kwargs["max_new_tokens"] == int(1.5 * input_len + 7)


# ------------------------------------------------------------------ batching, protection

ORDER_TEXTS = [
    "Bakan 11 Mart'ta konuştu.",
    "Dışişleri bakanları 22 Nisan'da Cenevre'de yeniden bir araya geldi ve sınırın belirlenmesi, "
    "ulaşım yollarının açılması ve barış anlaşmasının taslağı üzerine 33 saat boyunca görüştü.",
    "Toplantı 44 dakika sürdü.",
    "Komisyonlar 55 gün sonra Tiflis'te buluşacak, taraflar 66 maddelik taslağın büyük bölümünde uzlaştı.",
]


@pytest.mark.slow
def test_batches_sorted_by_length_and_order_restored(spy, tiny_nllb_dir: Path) -> None:
    recorder = spy(tiny_nllb_dir, echo=True)
    results = _translator(tiny_nllb_dir, batch_tokens=64).translate(ORDER_TEXTS, "tr", "en")
    assert len(recorder.calls) > 1  # the token budget split the work
    widths = [call["input_ids"].shape[1] for call in recorder.calls]
    assert widths == sorted(widths, reverse=True)  # longest first
    for text, result in zip(ORDER_TEXTS, results):
        assert result.source == text
        assert result.status == "ok", result.issues
        assert set(n for n in text.split() if n.isdigit()) <= set((result.text or "").split())


@pytest.mark.slow
def test_placeholders_and_glossary_forms_restored(spy, tiny_nllb_dir: Path) -> None:
    recorder = spy(tiny_nllb_dir, echo=True)
    text = "Bayramov 6,500 gözlemciyi 2024-11-07 tarihinde https://mfa.gov.az/en adresinde duyurdu."
    calls: list[tuple[str, str, str]] = []

    def glossary(t: str, src: str, tgt: str) -> dict[str, str]:
        calls.append((t, src, tgt))
        return {"Bayramov": "Bayramov-EN"} if "Bayramov" in t else {}

    [result] = _translator(tiny_nllb_dir, glossary).translate([text], "tr", "en")
    model_input = recorder.loaded.tokenizer.decode(recorder.calls[0]["input_ids"][0], skip_special_tokens=True)
    assert "6,500" not in model_input and "[1]" in model_input  # the model saw placeholders
    assert result.status == "ok", result.issues
    assert result.text == text.replace("Bayramov", "Bayramov-EN")
    assert calls == [(text, "tr", "en")]


@pytest.mark.slow
def test_sentences_translated_separately_and_rejoined(spy, tiny_nllb_dir: Path) -> None:
    recorder = spy(tiny_nllb_dir, echo=True)
    text = "Bakanlar Cenevre'de buluştu. Görüşme 3 saat sürdü.\nTaraflar yeniden görüşecek."
    [result] = _translator(tiny_nllb_dir).translate([text], "tr", "en")
    assert sum(call["input_ids"].shape[0] for call in recorder.calls) == 3
    assert result.text == text


# ------------------------------------------------------------------ QA and retry


@pytest.mark.slow
def test_wrong_script_output_is_flagged_after_exactly_one_retry(spy, tiny_nllb_dir: Path) -> None:
    recorder = spy(tiny_nllb_dir)
    [result] = _translator(tiny_nllb_dir, beams=2).translate(["The ministers met in Geneva on 12 March."], "en", "hy")
    assert len(recorder.calls) == 2  # the batch, then one retry of the failing sentence
    retry = recorder.calls[1]
    assert retry["num_beams"] == 4 and retry["repetition_penalty"] > 1 and retry["no_repeat_ngram_size"] == 3
    assert result.status == "flagged"
    assert result.text  # flagged output is still returned, with its problems
    assert any(issue.startswith("script: expected Armenian") for issue in result.issues)
    assert any(issue == "placeholder-lost: [1]" for issue in result.issues)


@pytest.mark.slow
def test_good_output_is_not_retried(spy, tiny_nllb_dir: Path) -> None:
    recorder = spy(tiny_nllb_dir, echo=True)
    results = _translator(tiny_nllb_dir).translate(["Taraflar uzlaştı.", "Görüşme bitti."], "tr", "en")
    assert len(recorder.calls) == 1
    assert [r.status for r in results] == ["ok", "ok"]


@pytest.mark.slow
def test_identity_when_languages_match(spy, tiny_nllb_dir: Path) -> None:
    recorder = spy(tiny_nllb_dir)
    [result] = _translator(tiny_nllb_dir).translate(["Unchanged."], "en", "en")
    assert (result.text, result.status, recorder.calls) == ("Unchanged.", "ok", [])


@pytest.mark.slow
def test_unknown_target_language_is_untranslated_or_raises_under_strict(tiny_nllb_dir: Path) -> None:
    translator = _translator(tiny_nllb_dir)
    warnings: list[str] = []
    translator.on_failure(False, warnings.append)
    [result] = translator.translate(["Hello."], "en", "xx")
    assert (result.text, result.status) == (None, "untranslated")
    assert "no NLLB (FLORES-200) code" in result.issues[0] and len(warnings) == 1
    assert not translator.supports("en", "xx")
    strict = _translator(tiny_nllb_dir)
    strict.on_failure(True, None)
    with pytest.raises(ModelError, match="strict mode"):
        strict.translate(["Hello."], "en", "xx")


# ------------------------------------------------------------------ loading policy


def test_missing_directory_raises_model_error(tmp_path: Path) -> None:
    from briefing.backends.hf import HFTranslator

    spec = ModelSpec(id=str(tmp_path / "no-such-model"))
    with pytest.raises(ModelError, match="briefing models pull"):
        HFTranslator(TranslationConfig(model=spec), RUNTIME)


def test_uncached_hub_model_raises_model_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from huggingface_hub import constants

    from briefing.backends.hf import HFTranslator

    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path))
    spec = ModelSpec(id="facebook/nllb-200-distilled-600M")
    assert not loading.is_available(spec)
    with pytest.raises(ModelError, match=r"not available locally.*facebook/nllb-200-distilled-600M"):
        HFTranslator(TranslationConfig(model=spec), RUNTIME)


def _fake_hub_snapshot(cache: Path, repo: str, files: dict[str, str], commit: str = "a" * 40) -> None:
    """The on-disk layout huggingface_hub uses for a downloaded snapshot."""
    folder = cache / f"models--{repo.replace('/', '--')}"
    (folder / "refs").mkdir(parents=True)
    (folder / "refs" / "main").write_text(commit)
    snapshot = folder / "snapshots" / commit
    snapshot.mkdir(parents=True)
    for name, content in files.items():
        (snapshot / name).write_text(content)


HUB_AVAILABILITY_CASES = [
    # files in the snapshot, allow_pickle, available
    ({"config.json": "{}", "model.safetensors": ""}, False, True),
    ({"config.json": "{}", "model.safetensors.index.json": "{}"}, False, True),
    ({"config.json": "{}", "pytorch_model.bin": ""}, False, False),
    ({"config.json": "{}", "pytorch_model.bin": ""}, True, True),
    ({"model.safetensors": ""}, False, False),
]


@pytest.mark.parametrize("files, allow_pickle, available", HUB_AVAILABILITY_CASES)
def test_is_available_reads_the_hub_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files, allow_pickle, available
) -> None:
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path))
    _fake_hub_snapshot(tmp_path, "org/tiny", files)
    spec = ModelSpec(id="org/tiny", allow_pickle=allow_pickle)
    assert loading.is_available(spec) is available
    if available:
        assert loading.resolved_revision(spec) == "a" * 12


@pytest.mark.slow
def test_pickle_only_weights_refused_unless_allowed(pickle_only_dir: Path) -> None:
    from briefing.backends.hf import HFTranslator

    refused = ModelSpec(id=str(pickle_only_dir))
    assert not loading.is_available(refused)
    with pytest.raises(ModelError, match="pickle"):
        HFTranslator(TranslationConfig(model=refused), RUNTIME)
    allowed = ModelSpec(id=str(pickle_only_dir), allow_pickle=True)
    assert loading.is_available(allowed)
    [result] = HFTranslator(TranslationConfig(model=allowed), RUNTIME).translate(["Talks resumed."], "en", "az")
    assert result.text is not None


OFFLINE_CASES = [
    # runtime offline, HF_HUB_OFFLINE, allow_download, local_files_only
    (False, "", True, False),
    (True, "", True, True),
    (False, "1", True, True),
    (False, "", False, True),  # `briefing run` never downloads
]


@pytest.mark.parametrize("offline, env, allow_download, local_only", OFFLINE_CASES)
def test_offline_flag_respected(monkeypatch: pytest.MonkeyPatch, offline, env, allow_download, local_only) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", env)
    kwargs = loading.pretrained_kwargs(ModelSpec(id="org/model"), RuntimeConfig(offline=offline), allow_download)
    assert kwargs["local_files_only"] is local_only
    assert kwargs["trust_remote_code"] is False


def test_trust_remote_code_only_when_opted_in() -> None:
    spec = ModelSpec(id="org/model", trust_remote_code=True)
    assert loading.pretrained_kwargs(spec, RUNTIME)["trust_remote_code"] is True


@pytest.mark.slow
def test_each_model_loaded_once(tiny_nllb_dir: Path) -> None:
    spec = ModelSpec(id=str(tiny_nllb_dir))
    assert loading.load_model(spec, RUNTIME) is loading.load_model(spec, RUNTIME)


@pytest.mark.slow
def test_cpu_device_and_dtype() -> None:
    import torch

    assert loading.resolve_device(RuntimeConfig(device="cpu")) == "cpu"
    assert loading.torch_dtype("cpu") == torch.float32
    if not torch.cuda.is_available():
        assert loading.resolve_device(RuntimeConfig(device="auto")) == "cpu"
        with pytest.raises(ModelError, match="no CUDA"):
            loading.resolve_device(RuntimeConfig(device="cuda"))


FAMILY_DETECTION_CASES = [
    # spec family, model_type, tokenizer class, has <2xx> tags, encoder-decoder, expected
    (None, "m2m_100", "NllbTokenizer", False, True, "nllb"),
    (None, "m2m_100", "NllbTokenizerFast", False, True, "nllb"),
    (None, "m2m_100", "M2M100Tokenizer", False, True, "m2m100"),
    (None, "marian", "MarianTokenizer", False, True, "marian"),
    (None, "t5", "T5Tokenizer", True, True, "madlad"),
    (None, "t5", "T5Tokenizer", False, True, "t5"),
    (None, "bart", "BartTokenizer", False, True, "bart"),
    (None, "llama", "LlamaTokenizer", False, False, "causal"),
    ("m2m100", "m2m_100", "NllbTokenizer", False, True, "m2m100"),  # the spec wins
]


@pytest.mark.parametrize("family, model_type, tokenizer, tags, enc_dec, expected", FAMILY_DETECTION_CASES)
def test_detect_family(family, model_type, tokenizer, tags, enc_dec, expected) -> None:
    spec = ModelSpec(id="org/model", family=family)
    assert loading.detect_family(spec, model_type, tokenizer, tags, enc_dec) == expected


def test_detect_family_unknown_raises() -> None:
    with pytest.raises(ModelError, match="set `family`"):
        loading.detect_family(ModelSpec(id="org/model"), "wav2vec2", None)


LANGCODE_CASES = [
    # family, lang, code
    ("nllb", "en", "eng_Latn"),
    ("nllb", "hy", "hye_Armn"),
    ("nllb", "az", "azj_Latn"),
    ("nllb", "ru", "rus_Cyrl"),
    ("nllb", "tr", "tur_Latn"),
    ("m2m100", "hy", "hy"),
    ("m2m100", "ru", "ru"),
    ("m2m100", "tr", "tr"),
    ("m2m100", "fr", "fr"),
    ("madlad", "hy", "<2hy>"),
    ("madlad", "ru", "<2ru>"),
    ("madlad", "tr", "<2tr>"),
    ("marian", "hy", None),
]


@pytest.mark.parametrize("family, lang, code", LANGCODE_CASES)
def test_family_codes(family: str, lang: str, code: str | None) -> None:
    assert langcodes.family_code(family, lang) == code


def test_marian_tag_candidates_cover_opus_spellings() -> None:
    assert langcodes.marian_tag_candidates("az")[:4] == [">>azj_Latn<<", ">>azj<<", ">>aze_Latn<<", ">>aze<<"]
    assert ">>hye<<" in langcodes.marian_tag_candidates("hy")
    assert ">>rus<<" in langcodes.marian_tag_candidates("ru") and ">>tur<<" in langcodes.marian_tag_candidates("tr")


@pytest.mark.slow
def test_gpu_sized_batches_have_no_sentence_cap(spy, tiny_nllb_dir: Path) -> None:
    """40 short sentences fit the token budget: one generate call of 40 rows (the old cap made it 3 of 16)."""
    recorder = spy(tiny_nllb_dir, echo=True)
    texts = [f"Görüşme {i} saat sürdü." for i in range(40)]
    _translator(tiny_nllb_dir, batch_tokens=2048).translate(texts, "tr", "en")
    assert [call["input_ids"].shape[0] for call in recorder.calls] == [40]


def test_supports_without_loading(tmp_path: Path) -> None:
    from briefing.backends.hf import HFTranslator

    model_dir = tmp_path / "m"
    model_dir.mkdir()
    (model_dir / "config.json").write_text(json.dumps({"model_type": "m2m_100"}))
    (model_dir / "model.safetensors").write_text("")
    translator = HFTranslator(TranslationConfig(model=ModelSpec(id=str(model_dir), family="nllb")), RUNTIME)
    assert translator.supports("en", "hy") and translator.supports("ru", "en")
    assert not translator.supports("en", "xx")
    assert translator.describe() == f"transformers {model_dir}@local (nllb)"


# ------------------------------------------------------------------ a model that fails to load


@pytest.mark.slow
def test_truncated_weights_are_a_model_error(truncated_dir: Path) -> None:
    loading.clear_loaded()
    with pytest.raises(ModelError, match=r"could not be loaded.*SafetensorError"):
        loading.load_model(ModelSpec(id=str(truncated_dir)), RUNTIME)


@pytest.mark.slow
@pytest.mark.parametrize("strict", [False, True])
def test_run_with_a_truncated_model_warns_or_exits_6_under_strict(truncated_dir: Path, tmp_path: Path, strict: bool):
    """`briefing run`: no traceback; the honest fallback and a warning, or exit 6 under --strict."""
    from typer.testing import CliRunner

    from briefing.cli import app
    from tiny_models import CORPUS_DIR

    config = tmp_path / "models.yaml"
    config.write_text(
        f"translation:\n  backend: transformers\n  model: {{id: '{truncated_dir}', family: nllb}}\n"
        "summary:\n  backend: extractive\ncache:\n  enabled: false\n",
        encoding="utf-8",
    )
    args = ["run", str(CORPUS_DIR), "--out", str(tmp_path / "out"), "--config", str(config), "--lang", "en,hy"]
    result = CliRunner().invoke(app, [*args, "--strict"] if strict else args)
    assert "Traceback" not in result.output
    if strict:
        assert result.exit_code == 6, result.output
        assert "SafetensorError" in result.output and "strict" in result.output
    else:
        assert result.exit_code == 0, result.output
        manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
        assert any("unavailable" in w and "SafetensorError" in w for w in manifest["warnings"])


DTYPE_CASES = [
    # device, family, bf16 supported, dtype
    ("cpu", "nllb", False, "float32"),
    ("cpu", "madlad", True, "float32"),
    ("cuda", "nllb", True, "bfloat16"),
    ("cuda", "nllb", False, "float16"),
    ("cuda", "madlad", True, "bfloat16"),
    ("cuda", "madlad", False, "float32"),  # float16 turns T5-family output into <unk>
    ("cuda", "t5", False, "float32"),
]


@pytest.mark.parametrize("device, family, bf16, dtype", DTYPE_CASES)
def test_dtype_never_float16_for_t5_family(device: str, family: str, bf16: bool, dtype: str) -> None:
    assert loading.dtype_name(device, family, bf16) == dtype


@pytest.mark.slow
def test_a_sentence_repeated_in_a_call_is_generated_once(spy, tiny_nllb_dir: Path) -> None:
    recorder = spy(tiny_nllb_dir, echo=True)
    texts = ["Taraflar uzlaştı. Görüşme bitti.", "Taraflar uzlaştı.", "Görüşme bitti."]
    results = _translator(tiny_nllb_dir).translate(texts, "tr", "en")
    assert sum(call["input_ids"].shape[0] for call in recorder.calls) == 2
    assert [r.text for r in results] == texts
