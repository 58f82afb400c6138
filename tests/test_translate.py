"""Choosing the translator: the honest offline default and its fallbacks (no model needed)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from briefing import translate
from briefing.config import load_config
from briefing.document import SummarySentence
from briefing.errors import ModelError
from briefing.interfaces import Translation, Translator
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
        "az": "en->az: The ministers met in Geneva.",  # no ru->az model: through its English
    }
    assert russian.routes == {"az": "via en"}
    assert set(english.translations) == {"hy", "az"}
    assert all(src != tgt for _texts, src, tgt in translator.calls), (
        "a sentence is never translated into its own language"
    )
    assert ("ru", "az") not in {(src, tgt) for _texts, src, tgt in translator.calls}, (
        "an unsupported direction is never asked for"
    )


# ------------------------------------------------------------------ routes: direct, through English, none


class PairTranslator(Translator):
    """One model per pair, like Marian: translates only the `pairs` it has, tagging the text."""

    name = "pairs"

    def __init__(self, pairs: set[tuple[str, str]], flag: tuple[str, str] | None = None):
        self.pairs, self.flag, self.calls = pairs, flag, []

    def supports(self, src: str, tgt: str) -> bool:
        return src == tgt or (src, tgt) in self.pairs

    def translate(self, texts, src, tgt):
        self.calls.append((list(texts), src, tgt))
        issues = ["language: expected hy"] if (src, tgt) == self.flag else []
        return [Translation(t, f"{t} [{src}>{tgt}]", "flagged" if issues else "ok", issues, "pairs") for t in texts]

    def describe(self) -> str:
        return "pairs"


ROUTE_CASES = [
    # pairs the models cover, src, tgt, route
    ({("ru", "hy")}, "ru", "hy", "direct"),
    ({("ru", "en"), ("en", "hy")}, "ru", "hy", "via en"),
    ({("ru", "en")}, "ru", "hy", "none"),
    ({("en", "hy")}, "en", "hy", "direct"),
    (set(), "hy", "hy", "identity"),
]


@pytest.mark.parametrize("pairs, src, tgt, expected", ROUTE_CASES)
def test_route(pairs, src: str, tgt: str, expected: str) -> None:
    assert translate.route(PairTranslator(pairs), src, tgt) == expected


def test_summaries_pivot_through_english_and_say_so() -> None:
    translator = PairTranslator({("ru", "en"), ("en", "hy"), ("en", "az"), ("tr", "en")})
    ru = SummarySentence("Министры встретились.", ["p1"], language="ru")
    tr = SummarySentence("Bakanlar görüştü.", ["p2"], language="tr")
    hy = SummarySentence("Նախարարները հանդիպեցին։", ["p3"], language="hy")
    translate.translate_summaries(translator, [ru, tr, hy], ["en", "hy", "az"])
    assert ru.translations["hy"] == "Министры встретились. [ru>en] [en>hy]" and ru.routes["hy"] == "via en"
    assert ru.translations["en"] == "Министры встретились. [ru>en]" and "en" not in ru.routes  # direct
    assert "hy" not in hy.translations and "hy" not in hy.routes  # already in Armenian: not translated
    assert "az" not in hy.translations and hy.routes["az"].startswith("untranslated: no translation model for hy->az")
    assert all(src != tgt for _, src, tgt in translator.calls)


def test_a_flag_on_either_leg_flags_the_pivoted_translation() -> None:
    translator = PairTranslator({("ru", "en"), ("en", "hy")}, flag=("en", "hy"))
    [result] = translate.translate_routed(translator, ["Министры встретились."], "ru", "hy")
    assert (result.status, result.via, result.issues) == ("flagged", "en", ["language: expected hy"])


def test_front_matter_says_which_directions_went_through_english() -> None:
    from briefing.render import translation_routes

    ru = SummarySentence("Министры встретились.", ["p1"], language="ru", routes={"hy": "via en"})
    ka = SummarySentence("მინისტრები შეხვდნენ.", ["p2"], language="ka", routes={"hy": "untranslated: no model"})
    en = SummarySentence("The ministers met.", ["p3"])
    assert translation_routes([ru, ka, en], "hy") == {"ka->hy": "untranslated: no model", "ru->hy": "via en"}
    assert translation_routes([en], "hy") == {}


# ------------------------------------------------------------------ once per run, and across runs


def test_repeated_sentences_translated_once_per_run_and_cached_across_runs(tmp_path) -> None:
    from briefing.cache import Cache

    with Cache(tmp_path / "cache.sqlite3") as cache:
        inner = PairTranslator({("en", "hy")})
        first = translate.cached(inner, cache)
        texts = ["The ministers met.", "Talks resumed.", "The ministers met."]
        assert [r.text for r in first.translate(texts, "en", "hy")] == [f"{t} [en>hy]" for t in texts]
        first.translate(["Talks resumed."], "en", "hy")
        assert inner.calls == [(["The ministers met.", "Talks resumed."], "en", "hy")]  # each once
        again = PairTranslator({("en", "hy")})
        results = translate.cached(again, cache).translate(texts, "en", "hy")  # the next run
        assert again.calls == [] and [r.text for r in results] == [f"{t} [en>hy]" for t in texts]
        other = PairTranslator({("en", "az")})
        translate.cached(other, cache).translate(texts[:1], "en", "az")
        assert other.calls == [(texts[:1], "en", "az")]  # another direction is another entry


def test_the_offline_translator_is_not_wrapped() -> None:
    offline = OfflineTranslator()
    assert translate.cached(offline) is offline
