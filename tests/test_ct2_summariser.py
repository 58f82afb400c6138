"""The CTranslate2 summary backend, on tiny random-weight BART models converted locally.

Random weights summarise nothing, so these tests check plumbing: loading through
`load_summariser`, chunked inputs within the model's limit, the engine options,
agreement with the transformers backend on the same weights, the faithfulness
gate, fallback and strict errors, and `briefing models convert`. No network.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from briefing import faithfulness
from briefing.backends import loading
from briefing.backends import summarisers as S
from briefing.config import ModelSpec, RuntimeConfig, SummaryConfig
from briefing.document import Article, Page, Sentence
from briefing.errors import ModelError
from briefing.segment import split_sentences
from briefing.summarise import ExtractiveSummariser, load_summariser
from tiny_generators import LIE

ct2 = pytest.importorskip("briefing.backends.ct2")
pytest.importorskip("ctranslate2")

CORPUS = sorted((Path(__file__).resolve().parent.parent / "corpus").glob("*.txt"))
RUNTIME = RuntimeConfig(device="cpu", threads=1)
TINY_POSITIONS = 64  # build_tiny_bart's default input limit

#: An invented wire report (not from the sample corpus), with numbers and dates the gate must find support for.
WIRE = (
    "Foreign ministers Jeyhun Bayramov and Ararat Mirzoyan met in Almaty on 10 May. "
    "The two-day talks were hosted by Kazakhstan. The border commissions will meet again on 21 June. "
    "Some 6,500 displaced people are waiting for a peace deal, aid groups said."
)


def article(page_id: str, text: str) -> Article:
    sentences = [Sentence(s, 1, i) for i, s in enumerate(split_sentences(text, "en"))]
    page = Page(page_id, Path(f"{page_id}.txt"), text, "0" * 64, "txt", "utf-8")
    return Article(page=page, language="en", sentences=sentences)


def longest_corpus_article() -> Article:
    path = max(CORPUS, key=lambda p: p.stat().st_size)
    return article(path.stem, path.read_text(encoding="utf-8"))


def summary_config(
    model_dir: Path, converted: Path | None, backend: str = "ctranslate2", **changes: Any
) -> SummaryConfig:
    spec = ModelSpec(
        id=str(model_dir), ct2_dir=str(converted) if converted else None, family=changes.pop("family", None)
    )
    values = {"backend": backend, "article_model": spec, "max_new_tokens": 24, "beams": 1}
    return SummaryConfig(**(values | changes))


@pytest.fixture(autouse=True)
def _fresh_models() -> None:
    loading.clear_loaded()


@pytest.fixture(scope="module")
def bart_ct2(tiny_bart_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ct2.convert(ModelSpec(id=str(tiny_bart_dir)), tmp_path_factory.mktemp("ct2") / "bart")


@pytest.fixture(scope="module")
def bart_ct2_float32(tiny_bart_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ct2.convert(ModelSpec(id=str(tiny_bart_dir)), tmp_path_factory.mktemp("ct2") / "bart-f32", "float32")


class TranslateSpy:
    """Wraps a loaded `ctranslate2.Translator`, recording every `translate_batch` call."""

    def __init__(self, engine: Any):
        self.engine = engine
        self.calls: list[dict[str, Any]] = []

    def translate_batch(self, source: list[list[str]], **kwargs: Any) -> list[Any]:
        self.calls.append({"source": source, **kwargs})
        return self.engine.translate_batch(source, **kwargs)


# ------------------------------------------------------------------ loading


@pytest.mark.slow
def test_load_summariser_picks_ctranslate2(tiny_bart_dir: Path, bart_ct2: Path) -> None:
    summariser = load_summariser(summary_config(tiny_bart_dir, bart_ct2), RUNTIME, strict=True)
    assert isinstance(summariser, ct2.CT2Summariser)
    assert summariser.describe() == f"ctranslate2 {tiny_bart_dir}@local (bart, int8 weights); events: combine"
    assert S.input_limit(summariser.article_model) == TINY_POSITIONS - 2  # from the copied tokenizer: <s>, </s>


@pytest.mark.slow
def test_conversion_alone_is_enough(bart_ct2: Path, tmp_path: Path) -> None:
    """A machine with only the converted model (no original weights, no torch load) still summarises."""
    cfg = summary_config(tmp_path / "original-weights-not-here", bart_ct2, family="bart")
    summariser = load_summariser(cfg, RUNTIME, strict=True)
    assert isinstance(summariser, ct2.CT2Summariser)
    assert summariser.summarise_text(summariser.article_model, split_sentences(WIRE, "en"), 2).strip()


# ------------------------------------------------------------------ summarising


@pytest.mark.slow
def test_corpus_article_is_chunked_summarised_and_gated(tiny_bart_dir: Path, bart_ct2: Path) -> None:
    cfg = summary_config(tiny_bart_dir, bart_ct2, article_sentences=2, beams=2)
    summariser = load_summariser(cfg, RUNTIME, strict=True)
    spy = TranslateSpy(summariser.article_model.model)
    summariser.article_model.model = spy
    target = longest_corpus_article()
    summary = summariser.summarise_article(target)

    assert len(spy.calls) >= 2  # the chunks, then their summaries summarised again
    assert len(spy.calls[0]["source"]) > 1  # several chunks, in one call
    for call in spy.calls:
        assert call["batch_type"] == "tokens" and call["max_batch_size"] == ct2.SUMMARY_BATCH_TOKENS
        assert call["beam_size"] == 2 and call["max_decoding_length"] == 24 - 1  # less the forced </s>
        assert call["no_repeat_ngram_size"] == 2  # from the model's generation_config.json, as transformers applies it
        assert max(len(tokens) for tokens in call["source"]) <= TINY_POSITIONS
    assert summary or summariser.dropped  # something was generated and judged
    sources = S.article_sources(target)
    assert len(summary) <= 2
    for sentence in summary:
        assert sentence.sources == [target.id]
        assert faithfulness.check(sentence.text, sources) == []
    assert all(d.where == target.id and d.reasons for d in summariser.dropped)


@pytest.mark.slow
def test_same_output_as_transformers_on_the_same_weights(
    tiny_bart_dir: Path, bart_ct2_float32: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Greedy decoding in float32 matches transformers token for token: same inputs, options and limits."""
    monkeypatch.setitem(ct2.COMPUTE_TYPE, "cpu", "float32")  # int8 arithmetic would break near-ties of random weights
    hf = S.NeuralSummariser(summary_config(tiny_bart_dir, None, backend="transformers"), RUNTIME, names=())
    fast = ct2.CT2Summariser(summary_config(tiny_bart_dir, bart_ct2_float32), RUNTIME, names=())
    texts = [WIRE, "Mirzoyan and Bayramov held talks in Almaty, hosted by Kazakhstan.", "Talks resumed."]
    assert fast.article_model.dtype == "float32"
    assert fast._generate_batch(fast.article_model, texts) == hf._generate_batch(hf.article_model, texts)


@pytest.mark.slow
def test_invented_numbers_are_dropped_and_reported(lying_bart_dir: Path, tmp_path: Path) -> None:
    converted = ct2.convert(ModelSpec(id=str(lying_bart_dir)), tmp_path / "lying")
    summariser = load_summariser(summary_config(lying_bart_dir, converted, max_new_tokens=40), RUNTIME, strict=True)
    target = article("wire-1", WIRE)
    summary = summariser.summarise_article(target)
    assert all(faithfulness.check(s.text, S.article_sources(target)) == [] for s in summary)
    assert summariser.dropped, f"the model keeps saying {LIE!r}; its sentences should have been dropped"
    assert any(reason.startswith("number") for d in summariser.dropped for reason in d.reasons)


GENERATION_CONFIG_CASES = [
    # generation_config.json, max_new_tokens, expected translate_batch options
    (
        {"no_repeat_ngram_size": 3, "length_penalty": 2.0, "min_length": 56, "num_beams": 4},
        160,
        {"no_repeat_ngram_size": 3, "length_penalty": 2.0, "min_decoding_length": 56, "max_decoding_length": 160},
    ),
    ({"min_length": 56}, 24, {"min_decoding_length": 24, "max_decoding_length": 24}),  # never beyond the limit
    (
        {"forced_bos_token_id": 0, "forced_eos_token_id": 2, "repetition_penalty": None},
        24,
        {"target_prefix": ["<s>"], "max_decoding_length": 23},
    ),  # the forced end token takes the last place
    (None, 24, {"max_decoding_length": 24}),  # no file: engine defaults
]


class _Tokenizer:
    def convert_ids_to_tokens(self, token_id: int) -> str:
        return ["<s>", "<pad>", "</s>"][token_id]


@pytest.mark.parametrize("config, max_new_tokens, expected", GENERATION_CONFIG_CASES)
def test_generation_config_becomes_engine_options(tmp_path: Path, config, max_new_tokens, expected) -> None:
    if config is not None:
        (tmp_path / "generation_config.json").write_text(json.dumps(config), encoding="utf-8")
    assert ct2._generation_options(tmp_path, _Tokenizer(), max_new_tokens) == expected


# ------------------------------------------------------------------ fallback and errors


@pytest.mark.slow
def test_a_model_without_conversion_runs_on_transformers_with_a_warning(
    tiny_bart_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cfg = summary_config(tiny_bart_dir, tmp_path / "never-converted")
    with caplog.at_level(logging.WARNING, logger="briefing.backends.ct2"):
        summariser = load_summariser(cfg, RUNTIME, strict=True)
    assert isinstance(summariser, ct2.CT2Summariser)
    assert summariser.article_model.engine == "transformers"
    assert summariser.describe().startswith("transformers ")
    (record,) = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert "no CTranslate2 conversion" in record.getMessage() and "briefing models convert" in record.getMessage()


def test_no_conversion_and_no_weights_falls_back_or_raises_under_strict(tmp_path: Path) -> None:
    cfg = summary_config(tmp_path / "model", tmp_path / "never-converted")
    with pytest.raises(ModelError, match=r"no CTranslate2 conversion.*for transformers.*strict"):
        load_summariser(cfg, RUNTIME, strict=True)
    assert isinstance(load_summariser(cfg, RUNTIME, strict=False), ExtractiveSummariser)


@pytest.mark.slow
def test_a_causal_model_runs_on_transformers(tiny_causal_dir: Path, tmp_path: Path) -> None:
    """CTranslate2's Translator runs seq2seq models only: a chat model keeps transformers."""
    cfg = summary_config(tiny_causal_dir, tmp_path / "never-converted", family="causal")
    summariser = load_summariser(cfg, RUNTIME, strict=True)
    assert summariser.article_model.engine == "transformers" and summariser.article_model.family == "causal"


# ------------------------------------------------------------------ command line


@pytest.mark.slow
def test_models_convert_converts_the_summary_model(tiny_bart_dir: Path, tmp_path: Path) -> None:
    from briefing.cli import app

    target = tmp_path / "bart-ct2"
    config = tmp_path / "models.yaml"
    config.write_text(
        "translation:\n  backend: none\n"
        f"summary:\n  backend: ctranslate2\n  article_model:\n    id: '{tiny_bart_dir}'\n    ct2_dir: '{target}'\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["models", "convert", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert any(str(tiny_bart_dir) in line and f"converted   {target}" in line for line in result.output.splitlines())
    assert ct2.is_converted(target)
    assert ct2.read_sidecar(target)["family"] == "bart"
    shutil.rmtree(target)
