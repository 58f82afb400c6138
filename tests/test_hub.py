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
def test_check_loads_and_generates_with_each_used_model(tiny_bart_dir: Path, tiny_causal_dir: Path) -> None:
    results = hub.check(_config(str(tiny_bart_dir), event=str(tiny_causal_dir)))
    assert [r.role for r in results] == ["summary article", "summary event"]
    assert all(r.ok for r in results), results
    assert all(r.seconds >= 0 for r in results)


def test_check_reports_a_missing_model_without_raising() -> None:
    (result,) = hub.check(_config(ABSENT))
    assert not result.ok and "not available locally" in result.detail


@pytest.mark.slow
def test_check_covers_translation_models(tiny_nllb_dir: Path, tiny_bart_dir: Path) -> None:
    results = hub.check(_config(str(tiny_bart_dir), translation=ModelSpec(id=str(tiny_nllb_dir), family="nllb")))
    assert [(r.role, r.ok) for r in results] == [("translation", True), ("summary article", True)], results
