"""The translation benchmark's GPU arithmetic: bandwidth by GPU name, and the memory-bandwidth bound."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location(
    "benchmark_translation", Path(__file__).resolve().parent.parent / "benchmarks" / "translation.py"
)
assert _SPEC is not None and _SPEC.loader is not None
translation = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(translation)

BANDWIDTH_CASES = [
    ("NVIDIA H200", {}, 4.8e12),
    ("NVIDIA H100 80GB HBM3", {}, 3.35e12),
    ("NVIDIA H100 PCIe", {}, 2.0e12),
    ("NVIDIA A100-SXM4-80GB", {}, 2.039e12),
    ("NVIDIA H200", {"BENCH_GPU_BANDWIDTH_TBS": "4.0"}, 4.0e12),  # the override wins
    ("Some Future GPU", {}, None),
]


@pytest.mark.parametrize("name, env, expected", BANDWIDTH_CASES)
def test_gpu_bandwidth_by_name(name: str, env: dict[str, str], expected: float | None) -> None:
    assert translation.gpu_bandwidth(name, env)[0] == expected


def test_the_bound_for_nllb_600m_counts_weights_and_kv_cache() -> None:
    bound = translation.bandwidth_bound(translation.NLLB_600M, 4.8e12, 64, 4, 40, 32)
    # decoder (12 layers of about 16.8M parameters) plus the 256k x 1024 output projection, in float16
    assert 0.90e9 < bound["weights_bytes_per_step"] < 0.95e9
    # 12 layers x K,V x 1024 x (40 source + 16.5 mean target positions) x 256 hypotheses x 2 bytes
    assert bound["kv_bytes_per_step"] == round(12 * 2 * 1024 * (40 + 16.5) * 256 * 2)
    steps = 4.8e12 / (bound["weights_bytes_per_step"] + bound["kv_bytes_per_step"])
    assert bound["target_tokens_per_s_bound"] == round(steps * 64, 1)


def test_the_gpu_suite_reports_ct2_float16_at_batch_64_against_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """The GPU section carries the bound next to its rows (it once computed it and dropped it)."""

    def fake_case(case: dict) -> dict:
        return {
            **case,
            "sentences": 200,
            "source_tokens": 8000,
            "target_tokens_per_s": 9000.0,
            "target_tokens_per_sentence": [32],
        }

    monkeypatch.setattr(translation, "build_model", lambda: Path("hf"))
    monkeypatch.setattr(translation, "build_ct2", lambda hf_dir, dtype: Path("ct2"))
    monkeypatch.setattr(translation, "run_case", fake_case)
    monkeypatch.setattr(translation, "gpu_name", lambda: "NVIDIA H200")
    bound = translation.gpu_suite()["bandwidth_bound"]
    assert bound["batch_size"] == 64 and bound["measured_target_tokens_per_s"] == 9000.0
    assert 0 < bound["share_of_bound"] < 1
