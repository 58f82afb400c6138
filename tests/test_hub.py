"""Model management: listing configured models, pulling (without network), checking tiny models."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing import hub
from briefing.backends import loading
from briefing.config import Config, ModelSpec, RuntimeConfig, SummaryConfig, TranslationConfig
from briefing.errors import ModelError

ABSENT = "example-org/absent-summariser"


@pytest.fixture(autouse=True)
def _isolated_hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty Hugging Face cache and an unreachable hub, whatever the machine has."""
    import huggingface_hub.constants as constants

    cache = tmp_path / "hf-cache"
    cache.mkdir()
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))
    monkeypatch.setattr(constants, "ENDPOINT", "http://127.0.0.1:9")  # closed port: connection refused at once
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    loading.clear_loaded()
    return cache


def _config(
    article: str, *, event: str | None = None, offline: bool = False, translation: ModelSpec | None = None
) -> Config:
    summary = SummaryConfig(
        backend="transformers",
        article_model=ModelSpec(id=article),
        event_strategy="model" if event else "combine",
        event_model=ModelSpec(id=event) if event else None,
        max_new_tokens=8,
        beams=1,
    )
    translating = TranslationConfig(backend="transformers" if translation else "none", model=translation)
    return Config(
        translation=translating, summary=summary, runtime=RuntimeConfig(device="cpu", threads=1, offline=offline)
    )


def _fake_snapshot(cache: Path, repo_id: str, model_dir: Path, commit: str = "a" * 40) -> Path:
    """Lay `model_dir` out as huggingface_hub's cache does after a download."""
    repo = cache / f"models--{repo_id.replace('/', '--')}"
    snapshot = repo / "snapshots" / commit
    shutil.copytree(model_dir, snapshot)
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(commit)
    return snapshot


LICENCE_CASES = [
    (ModelSpec(id="facebook/nllb-200-distilled-600M"), "CC-BY-NC-4.0"),
    (ModelSpec(id="Helsinki-NLP/opus-mt-en-hy"), "CC-BY-4.0"),
    (ModelSpec(id="facebook/bart-large-cnn"), "MIT"),
    (ModelSpec(id="Qwen/Qwen2.5-1.5B-Instruct"), "Apache-2.0"),
    (ModelSpec(id="Qwen/Qwen2.5-3B-Instruct"), "Qwen Research Licence (non-commercial)"),
    (ModelSpec(id="facebook/bart-large-cnn", licence="custom"), "custom"),  # the spec's own licence wins
    (ModelSpec(id="someone/unknown-model"), None),
]


@pytest.mark.parametrize(("spec", "licence"), LICENCE_CASES)
def test_licence_of(spec: ModelSpec, licence: str | None) -> None:
    assert hub.licence_of(spec) == licence


def test_allow_patterns_fetch_pickle_only_when_allowed() -> None:
    safe = hub.allow_patterns(ModelSpec(id="a/b"))
    assert "*.safetensors" in safe and "config.json" in safe and "tokenizer.json" in safe
    assert not any(p.endswith(".bin") or p.endswith(".py") for p in safe)
    assert any(p.endswith(".bin") for p in hub.allow_patterns(ModelSpec(id="a/b", allow_pickle=True)))


def test_configured_models_absent_hub_id() -> None:
    (info,) = hub.configured_models(_config(ABSENT))
    assert (info.role, info.task, info.used) == ("summary article", "summarization", True)
    assert not info.present_locally
    assert info.local_path is None and info.size_bytes is None
    assert info.licence is None


@pytest.mark.slow
def test_configured_models_local_directory_and_cached_hub_id(tiny_bart_dir: Path, _isolated_hub: Path) -> None:
    _fake_snapshot(_isolated_hub, "facebook/bart-large-cnn", tiny_bart_dir)
    cfg = _config(str(tiny_bart_dir), event="facebook/bart-large-cnn")
    local, cached = hub.configured_models(cfg)
    assert local.present_locally and local.local_path == tiny_bart_dir and local.revision == "local"
    weights = (tiny_bart_dir / "model.safetensors").stat().st_size
    assert local.size_bytes is not None and local.size_bytes > weights
    assert cached.role == "summary event" and cached.present_locally
    assert cached.licence == "MIT"
    assert cached.size_bytes == local.size_bytes
    assert cached.revision == "a" * 12


def test_models_switched_off_are_listed_as_unused() -> None:
    cfg = Config(summary=SummaryConfig(backend="extractive", article_model=ModelSpec(id=ABSENT)))
    infos = {i.role: i for i in hub.configured_models(cfg)}
    assert infos["translation"].used and infos["translation"].licence == "CC-BY-NC-4.0"
    assert not infos["summary article"].used


@pytest.mark.parametrize("via_env", [False, True])
def test_pull_offline_explains_how_to_copy_a_model(via_env: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if via_env:
        monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelError) as caught:
        hub.pull(_config(ABSENT, offline=not via_env), progress=False)
    message = str(caught.value)
    assert "needs network" in message and "copy the model" in message and "HF_HUB_OFFLINE" in message


def test_pull_network_failure_is_a_model_error_with_the_reason() -> None:
    with pytest.raises(ModelError) as caught:
        hub.pull(_config(ABSENT), progress=False)
    message = str(caught.value)
    assert ABSENT in message and "Traceback" not in message
    assert "onnect" in message  # the connection failure, e.g. "ConnectError: ... Connection refused"


def test_pull_transport_error_mid_download_is_a_model_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A dropped connection surfaces as the hub client's own error (httpx2), not wrapped by huggingface_hub."""
    import huggingface_hub

    client = pytest.importorskip("httpx2")

    def drop(*args: object, **kwargs: object) -> str:
        raise client.ReadTimeout("The read operation timed out")

    monkeypatch.setattr(huggingface_hub, "snapshot_download", drop)
    monkeypatch.setattr(hub, "repo_files", lambda spec: ["config.json", "model.safetensors"])
    with pytest.raises(ModelError, match=rf"could not download model '{ABSENT}': ReadTimeout: The read operation"):
        hub.pull(_config(ABSENT), progress=False)


@pytest.mark.slow
def test_pull_local_directory_is_verified_not_downloaded(tiny_bart_dir: Path) -> None:
    # Offline too: a local directory needs no network.
    (info,) = hub.pull(_config(str(tiny_bart_dir), offline=True), progress=False)
    assert info.present_locally and info.local_path == tiny_bart_dir


@pytest.mark.slow
@pytest.mark.parametrize(
    ("remove", "problem"),
    [("model.safetensors", "no safetensors weights"), ("tokenizer.json", "no tokenizer files")],
)
def test_pull_reports_an_incomplete_local_directory(
    tiny_bart_dir: Path, tmp_path: Path, remove: str, problem: str
) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(tiny_bart_dir, broken)
    (broken / remove).unlink()
    with pytest.raises(ModelError, match=problem):
        hub.pull(_config(str(broken)), progress=False)


@pytest.mark.slow
def test_check_summarises_once_with_each_used_model(tiny_bart_dir: Path, tiny_causal_dir: Path) -> None:
    results = hub.check(_config(str(tiny_bart_dir), event=str(tiny_causal_dir)))
    assert [r.role for r in results] == ["summary article", "summary event"]
    assert [(r.engine, r.device, r.dtype) for r in results] == [("transformers", "cpu", "float32")] * 2
    assert all(r.seconds >= 0 for r in results)


def test_check_reports_a_missing_model_without_raising() -> None:
    (result,) = hub.check(_config(ABSENT))
    assert not result.ok and "not present locally" in result.detail


@pytest.mark.slow
def test_check_translates_every_configured_direction_and_judges_its_language(tiny_nllb_dir: Path) -> None:
    """Random weights write no language: the honest verdict is FAILED, for the right reasons."""
    cfg = _config(ABSENT, translation=ModelSpec(id=str(tiny_nllb_dir), family="nllb"))
    cfg = cfg.model_copy(update={"summary": SummaryConfig()})  # extractive: translation only
    results = hub.check(cfg)
    directions = [r.direction for r in results]
    assert directions == [f"{s}->{t}" for t in ("en", "hy", "az") for s in ("en", "hy", "az", "ru", "tr") if s != t]
    assert {(r.engine, r.device, r.dtype) for r in results} == {("transformers", "cpu", "float32")}
    assert all(r.tokens_per_second and r.tokens_per_second > 0 for r in results)
    assert not any(r.ok for r in results) and all(r.status == "FAILED" for r in results)
    into_armenian = next(r for r in results if r.direction == "en->hy")
    assert "script: expected Armenian" in into_armenian.detail


@pytest.mark.slow
def test_check_pivots_through_english_where_a_pair_has_no_model(tiny_marian_dir: Path) -> None:
    pairs = {pair: ModelSpec(id=str(tiny_marian_dir), family="marian") for pair in ("ru-en", "en-hy")}
    cfg = Config(
        languages=["en", "hy"],
        translation=TranslationConfig(backend="transformers", model=None, pairs=pairs),
        runtime=RuntimeConfig(device="cpu", threads=1),
    )
    by_direction = {r.direction: r for r in hub.check(cfg)}
    assert "ru->hy (via en)" in by_direction and by_direction["ru->hy (via en)"].engine == "transformers"
    assert by_direction["az->hy"].skipped and by_direction["az->hy"].status == "no model"


@pytest.mark.slow
def test_models_check_prints_the_table_and_exits_6(tiny_nllb_dir: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from briefing.cli import app

    config = tmp_path / "models.yaml"
    config.write_text(
        f"languages: [en, hy]\ntranslation:\n  model: {{id: '{tiny_nllb_dir}', family: nllb}}\n"
        "summary:\n  backend: extractive\nruntime:\n  device: cpu\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["models", "check", "--config", str(config)])
    assert result.exit_code == 6, result.output
    lines = result.output.splitlines()
    header = next(line for line in lines if " direction " in line)
    assert header[header.index("model") :].split()[:7] == [
        "model", "direction", "engine", "device", "dtype", "tokens/s", "result"
    ]  # fmt: skip
    row = next(line.split() for line in lines if " en->hy " in line)
    assert row[1:5] == ["en->hy", "transformers", "cpu", "float32"] and row[6] == "FAILED"
    assert float(row[5].replace(",", "")) > 0


# ------------------------------------------------------------------ pull: which weights, said exactly

PULL_CASES = [
    # files in the repository, allow_pickle, pickle weights fetched, or the error
    (["config.json", "model.safetensors", "pytorch_model.bin"], False, False, None),
    (["config.json", "model.safetensors", "pytorch_model.bin"], True, False, None),  # never both
    (["config.json", "pytorch_model.bin", "tokenizer.json"], True, True, None),
    (["config.json", "pytorch_model.bin", "tokenizer.json"], False, None, "only pickle weights"),
    (["config.json", "tokenizer.json"], False, None, "has no weights"),
]


@pytest.mark.parametrize("files, allow_pickle, fetched, error", PULL_CASES)
def test_pull_lists_the_repository_and_fetches_only_acceptable_weights(
    monkeypatch: pytest.MonkeyPatch, files: list[str], allow_pickle: bool, fetched, error
) -> None:
    import huggingface_hub

    asked: list[list[str]] = []
    monkeypatch.setattr(hub, "repo_files", lambda spec: files)

    def download(repo_id: str, revision=None, allow_patterns=()) -> str:
        asked.append(list(allow_patterns))
        raise OSError("stop here")  # what was asked for is all this test needs

    monkeypatch.setattr(huggingface_hub, "snapshot_download", download)
    spec = ModelSpec(id="org/model", allow_pickle=allow_pickle)
    cfg = _config(ABSENT, translation=spec).model_copy(update={"summary": SummaryConfig()})
    with pytest.raises(ModelError) as caught:
        hub.pull(cfg, progress=False)
    if error:
        assert error in str(caught.value) and asked == []
        if error == "only pickle weights":
            assert "allow_pickle: true" in str(caught.value) and "org/model@main" in str(caught.value)
    else:
        assert "*.safetensors" in asked[0] and ("pytorch_model*.bin" in asked[0]) is fetched


def test_the_default_translation_model_can_be_pulled() -> None:
    """facebook/nllb-200-distilled-600M ships pytorch_model.bin only on main: the default allows it."""
    from briefing.config import Config, load_config

    shipped = load_config(Path(__file__).resolve().parent.parent / "models.yaml")
    for cfg in (Config(), shipped):
        spec = cfg.translation.model
        assert spec is not None and spec.id == "facebook/nllb-200-distilled-600M"
        hub.weights_plan(spec, ["config.json", "pytorch_model.bin", "sentencepiece.bpe.model", "tokenizer.json"])
