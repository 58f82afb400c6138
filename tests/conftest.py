"""Session fixtures: tiny random-weight models built once per test session.

Each fixture returns the directory of a model saved with `save_pretrained`
(safetensors), which loads exactly like a downloaded snapshot. Tests that use
them should be marked `pytest.mark.slow` (they import torch and transformers).
"""

from __future__ import annotations

from pathlib import Path

import pytest

#: The summariser model fixtures live beside their builders.
pytest_plugins = ["tiny_generators"]


@pytest.fixture(scope="session")
def tiny_nllb_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tiny_models import build_tiny_nllb

    return build_tiny_nllb(tmp_path_factory.mktemp("tiny-nllb"))


@pytest.fixture(scope="session")
def tiny_m2m100_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tiny_models import build_tiny_m2m100

    return build_tiny_m2m100(tmp_path_factory.mktemp("tiny-m2m100"))


@pytest.fixture(scope="session")
def tiny_marian_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tiny_models import build_tiny_marian

    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian"))


@pytest.fixture(scope="session")
def tiny_marian_multi_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A multi-target Marian model whose target is chosen by a `>>xxx<<` tag."""
    from tiny_models import build_tiny_marian

    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian-mul"), target_tags=(">>hye<<", ">>azj<<"))


@pytest.fixture(scope="session")
def tiny_madlad_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tiny_models import build_tiny_madlad

    return build_tiny_madlad(tmp_path_factory.mktemp("tiny-madlad"))


@pytest.fixture(scope="session")
def pickle_only_dir(tmp_path_factory: pytest.TempPathFactory, tiny_nllb_dir: Path) -> Path:
    """The tiny NLLB model with its weights as pytorch_model.bin only."""
    from tiny_models import build_pickle_only

    return build_pickle_only(tmp_path_factory.mktemp("tiny-pickle"), tiny_nllb_dir)


@pytest.fixture(scope="session")
def truncated_dir(tmp_path_factory: pytest.TempPathFactory, tiny_nllb_dir: Path) -> Path:
    """The tiny NLLB model with its model.safetensors cut in half."""
    from tiny_models import build_truncated

    return build_truncated(tmp_path_factory.mktemp("tiny-truncated"), tiny_nllb_dir)
