"""Choosing the translator: the honest offline default and its fallbacks (no model needed)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from briefing.config import load_config
from briefing.document import SummarySentence
from briefing.errors import ModelError
from briefing.interfaces import Translation
from briefing.translate import BACKENDS, OfflineTranslator, load_translator, translate_summaries


def test_offline_translator_translates_nothing_and_says_why():
    results = OfflineTranslator("no model").translate(["Blinken met Bayramov."], "en", "hy")
    assert results[0].text is None and results[0].status == "untranslated"
    assert results[0].issues == ["no model"]
    same = OfflineTranslator().translate(["Already English."], "en", "en")[0]
    assert (same.text, same.status) == ("Already English.", "ok")


def test_disabled_backend():
    translator = load_translator(load_config(None, **{"translation.backend": "none"}))
    assert isinstance(translator, OfflineTranslator)
    assert "disabled" in translator.describe()


def test_absent_model_falls_back_with_warning(tmp_path):
    warnings = []
    cfg = load_config(None, **{"translation.model": {"id": str(tmp_path / "absent")}})
    translator = load_translator(cfg, warn=warnings.append)
    assert isinstance(translator, OfflineTranslator)
    assert "not present locally" in warnings[0] and "absent" in warnings[0]
    with pytest.raises(ModelError, match="absent"):
        load_translator(cfg, strict=True)


def test_missing_neural_packages_fall_back_with_reason(tmp_path, monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    warnings = []
    translator = load_translator(load_config(None), warn=warnings.append)
    assert isinstance(translator, OfflineTranslator)
    assert "torch not installed" in warnings[0] and "briefing[neural]" in warnings[0]


def test_unknown_backend_lists_valid_ones():
    with pytest.raises(ValueError, match="choose from"):
        BACKENDS.backend_class("google")


def _fake_model(folder: Path, files: dict[str, str]) -> str:
    """A folder that passes the presence checks; nothing here loads it."""
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return str(folder)


HF_FILES = {"config.json": json.dumps({"model_type": "m2m_100"}), "model.safetensors": ""}
CT2_FILES = {"model.bin": "", "briefing.json": json.dumps({"family": "nllb"})}


def test_an_output_language_without_a_model_falls_back_naming_the_setting(tmp_path):
    cfg = load_config(
        None,
        **{"translation.model": None, "translation.pairs": {"en-hy": {"id": _fake_model(tmp_path / "hy", HF_FILES)}}},
    )
    warnings = []
    assert isinstance(load_translator(cfg, warn=warnings.append), OfflineTranslator)
    assert "translation.model (or translation.pairs.en-az) is not set" in warnings[0]
    with pytest.raises(ModelError, match=r"translation\.pairs\.en-az"):
        load_translator(cfg, strict=True)


def test_english_only_output_keeps_the_model_for_quotes(tmp_path):
    """With no hy/az output, foreign quotes still need the model: no fallback, even under --strict."""
    cfg = load_config(None, languages=["en"], **{"translation.model": {"id": _fake_model(tmp_path / "m", HF_FILES)}})
    translator = load_translator(cfg, strict=True)
    assert not isinstance(translator, OfflineTranslator) and translator.supports("ru", "en")


def test_ctranslate2_translation_does_not_need_torch(tmp_path, monkeypatch):
    pytest.importorskip("ctranslate2")
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    spec = {"id": str(tmp_path / "original-not-here"), "ct2_dir": _fake_model(tmp_path / "ct2", CT2_FILES)}
    cfg = load_config(None, **{"translation.backend": "ctranslate2", "translation.model": spec})
    translator = load_translator(cfg, strict=True)
    assert translator.name == "ctranslate2" and "nllb" in translator.describe()


def test_loading_without_neural_packages_is_a_clear_model_error(monkeypatch):
    from briefing.backends import loading
    from briefing.config import ModelSpec, RuntimeConfig

    monkeypatch.setattr(loading, "missing_packages", lambda packages=loading.NEURAL_PACKAGES: list(packages))
    with pytest.raises(ModelError, match=r"not installed \(pip install 'briefing\[neural\]'\)"):
        loading.load_model(ModelSpec(id="facebook/nllb-200-distilled-600M"), RuntimeConfig())


class _RecordingTranslator(OfflineTranslator):
    """Translates every supported direction as "<src>-><tgt>: text", and records what it was asked."""

    def __init__(self, unsupported: frozenset[tuple[str, str]] = frozenset()):
        super().__init__("recording")
        self.unsupported = unsupported
        self.calls: list[tuple[tuple[str, ...], str, str]] = []

    def supports(self, src: str, tgt: str) -> bool:
        return (src, tgt) not in self.unsupported

    def translate(self, texts, src, tgt):
        self.calls.append((tuple(texts), src, tgt))
        return [Translation(t, f"{src}->{tgt}: {t}", "ok") for t in texts]


def test_summary_sentences_are_translated_from_their_own_language_into_every_other_output_language():
    armenian = SummarySentence("Նախարարները հանդիպեցին Ժնևում։", ["hy1"], language="hy")
    russian = SummarySentence(
        "Министры встретились в Женеве.", ["ru1"], {"en": "The ministers met in Geneva."}, language="ru"
    )
    english = SummarySentence("The ministers met in Geneva.", ["en1"])
    translator = _RecordingTranslator(unsupported=frozenset({("ru", "az")}))
    translate_summaries(translator, [armenian, russian, english], ("en", "hy", "az"))
    assert armenian.translations == {
        "en": "hy->en: Նախարարները հանդիպեցին Ժնևում։",
        "az": "hy->az: Նախարարները հանդիպեցին Ժնևում։",
    }
    assert russian.translations == {
        "en": "The ministers met in Geneva.",
        "hy": "ru->hy: Министры встретились в Женеве.",
    }
    assert set(english.translations) == {"hy", "az"}
    assert all(src != tgt for _texts, src, tgt in translator.calls), (
        "a sentence is never translated into its own language"
    )
    assert ("ru", "az") not in {(src, tgt) for _texts, src, tgt in translator.calls}, (
        "an unsupported direction stays untranslated"
    )
