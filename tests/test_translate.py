"""Choosing the translator: the honest offline default and its fallbacks (no model needed)."""

from __future__ import annotations

import importlib.util

import pytest

from briefing.config import load_config
from briefing.errors import ModelError
from briefing.translate import OfflineTranslator, backend_class, load_translator


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
        backend_class("google")


def test_loading_without_neural_packages_is_a_clear_model_error(monkeypatch):
    from briefing.backends import loading
    from briefing.config import ModelSpec, RuntimeConfig

    monkeypatch.setattr(loading, "missing_packages", lambda packages=loading.NEURAL_PACKAGES: list(packages))
    with pytest.raises(ModelError, match=r"not installed \(pip install 'briefing\[neural\]'\)"):
        loading.load_model(ModelSpec(id="facebook/nllb-200-distilled-600M"), RuntimeConfig())
