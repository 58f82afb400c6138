"""Backend interfaces and the registry: no import cycle, one choice-and-fallback for both kinds of backend."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Callable
from graphlib import CycleError, TopologicalSorter
from pathlib import Path
from typing import Any

import pytest

import briefing
from briefing.config import Config, load_config
from briefing.errors import ModelError
from briefing.interfaces import Backend
from briefing.summarise import BACKENDS as SUMMARY_BACKENDS
from briefing.summarise import ExtractiveSummariser, load_summariser
from briefing.translate import BACKENDS as TRANSLATION_BACKENDS
from briefing.translate import OfflineTranslator, load_translator

PACKAGE = Path(briefing.__file__).parent


def _module_name(path: Path) -> str:
    parts = ("briefing", *path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _imports(name: str) -> set[str]:
    """The briefing modules `name` imports, at the top or inside a function."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # `from . import loading`
    return {module for module in found if module in MODULES and module != name}


# --------------------------------------------------------------------- no import cycle


def test_the_import_graph_has_no_cycle() -> None:
    """Deferred imports count too: none may exist only to hide a cycle."""
    graph = {name: _imports(name) for name in MODULES}
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        pytest.fail("import cycle: " + " -> ".join(exc.args[1]))


def test_the_interfaces_import_neither_stages_nor_backends() -> None:
    assert _imports("briefing.interfaces") <= {"briefing", "briefing.config", "briefing.document", "briefing.errors"}


#: The modules that formed a cycle when the interfaces lived in the stages.
ONCE_CYCLIC = (
    "briefing.summarise",
    "briefing.translate",
    "briefing.backends.summarisers",
    "briefing.backends.hf",
    "briefing.backends.ct2",
)


@pytest.mark.parametrize("first", ONCE_CYCLIC)
def test_the_backend_modules_import_in_any_order(first: str) -> None:
    """Each one first, in a fresh interpreter, then the others.

    That covers every order: a module imported later finds its dependencies
    either fully loaded or not loaded at all, never half-initialised, so it can
    fail only where importing it first would fail too.
    """
    order = [first, *(name for name in ONCE_CYCLIC if name != first)]
    code = (
        "import importlib, sys\n"
        f"for name in {order!r}:\n"
        "    importlib.import_module(name)\n"
        "assert 'torch' not in sys.modules and 'transformers' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_missing_model_falls_back_without_importing_torch(tmp_path: Path) -> None:
    """The registry's checks read files only: an offline run with absent models never pays for torch."""
    code = (
        "import sys\n"
        "from briefing.config import load_config\n"
        "from briefing.summarise import ExtractiveSummariser, load_summariser\n"
        "from briefing.translate import OfflineTranslator, load_translator\n"
        f"cfg = load_config(None, **{{'translation.model': {{'id': {str(tmp_path / 'absent')!r}}},\n"
        "    'summary.backend': 'transformers', 'summary.article_model': {'id': 'example-org/absent'}})\n"
        "assert isinstance(load_translator(cfg), OfflineTranslator)\n"
        "assert isinstance(load_summariser(cfg.summary, cfg.runtime), ExtractiveSummariser)\n"
        "assert 'torch' not in sys.modules and 'transformers' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})


# --------------------------------------------------------------------- the registry


@pytest.mark.parametrize("registry", [TRANSLATION_BACKENDS, SUMMARY_BACKENDS], ids=["translation", "summary"])
def test_unknown_backend_lists_the_valid_ones(registry: Any) -> None:
    with pytest.raises(ValueError, match=rf"unknown {registry.kind} backend 'google'; choose from \['") as caught:
        registry.backend_class("google")
    assert all(name in str(caught.value) for name in registry.names())


@pytest.mark.parametrize("registry", [TRANSLATION_BACKENDS, SUMMARY_BACKENDS], ids=["translation", "summary"])
def test_every_registered_backend_is_a_backend(registry: Any) -> None:
    for name in registry.names():
        assert issubclass(registry.backend_class(name), Backend), name


def _fake_model(folder: Path) -> str:
    """A folder that passes the presence check (config and safetensors weights), never loaded."""
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"model_type": "bart"}), encoding="utf-8")
    (folder / "model.safetensors").write_bytes(b"")
    return str(folder)


def _translator(cfg: Config, strict: bool, warn: Callable[[str], None]) -> object:
    return load_translator(cfg, strict=strict, warn=warn)


def _summariser(cfg: Config, strict: bool, warn: Callable[[str], None]) -> object:
    return load_summariser(cfg.summary, cfg.runtime, strict=strict, warn=warn)


ABSENT, PRESENT = "{absent}", "{present}"  # placeholders for a missing folder and a fake model

#: id, loader, settings, packages hidden, fallback, what the reason says
FALLBACK_CASES = [
    (
        "translation-packages",
        _translator,
        {"translation.model": {"id": PRESENT}},
        ("torch",),
        OfflineTranslator,
        "translation backend 'transformers' unavailable: torch not installed (pip install 'briefing[neural]')",
    ),
    (
        "translation-ct2-packages",
        _translator,
        {"translation.backend": "ctranslate2", "translation.model": {"id": PRESENT}},
        ("ctranslate2",),
        OfflineTranslator,
        "translation backend 'ctranslate2' unavailable: ctranslate2 not installed (pip install 'briefing[ct2]')",
    ),
    (
        "translation-absent",
        _translator,
        {"translation.model": {"id": ABSENT}},
        (),
        OfflineTranslator,
        "translation model not present locally: translation.model: model '{absent}' is not available locally",
    ),
    (
        "translation-ct2-unconverted",
        _translator,
        {"translation.backend": "ctranslate2", "translation.model": {"id": ABSENT, "ct2_dir": ABSENT}},
        (),
        OfflineTranslator,
        "translation.model: no CTranslate2 conversion of '{absent}' in {absent}; run `briefing models convert` "
        "(needs the model present locally); and for transformers: model '{absent}' is not available locally",
    ),
    (
        "summary-packages",
        _summariser,
        {"summary.backend": "transformers", "summary.article_model": {"id": PRESENT}},
        ("transformers",),
        ExtractiveSummariser,
        "summary backend 'transformers' unavailable: transformers not installed (pip install 'briefing[neural]')",
    ),
    (
        "summary-unset",
        _summariser,
        {"summary.backend": "transformers"},
        (),
        ExtractiveSummariser,
        "summary.backend is 'transformers' but summary.article_model is not set",
    ),
    (
        "summary-event-model-absent",
        _summariser,
        {
            "summary.backend": "transformers",
            "summary.article_model": {"id": PRESENT},
            "summary.event_strategy": "model",
            "summary.event_model": {"id": ABSENT},
        },
        (),
        ExtractiveSummariser,
        "summary model not present locally: summary.event_model: model '{absent}' is not available locally",
    ),
]


def _fill(value: Any, paths: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {key: _fill(item, paths) for key, item in value.items()}
    return value.format(**paths) if isinstance(value, str) else value


@pytest.mark.parametrize(
    ("loader", "settings", "hidden", "fallback", "reason"),
    [case[1:] for case in FALLBACK_CASES],
    ids=[case[0] for case in FALLBACK_CASES],
)
def test_a_backend_that_cannot_run_falls_back_or_fails_under_strict(
    loader: Callable[..., object],
    settings: dict[str, Any],
    hidden: tuple[str, ...],
    fallback: type,
    reason: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths = {"absent": str(tmp_path / "absent"), "present": _fake_model(tmp_path / "present")}
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name in hidden else real(name, *a))
    cfg = load_config(None, **_fill(settings, paths))
    warnings: list[str] = []
    assert isinstance(loader(cfg, False, warnings.append), fallback)
    (warning,) = warnings
    assert reason.format(**paths) in warning
    with pytest.raises(ModelError) as caught:
        loader(cfg, True, warnings.append)
    assert reason.format(**paths) in str(caught.value) and "strict mode: no fallback" in str(caught.value)


# --------------------------------------------------------------------- version floors


#: The first release of each package with an API the backends call (pyproject.toml must not allow older).
FLOORS = {
    "transformers": (4, 56),  # from_pretrained(dtype=...); older releases fail every model load
    "huggingface-hub": (0, 25),  # HfApi.list_repo_files, try_to_load_from_cache, snapshot_download(allow_patterns)
    "ctranslate2": (4, 3),  # Translator(use_vmap), get_supported_compute_types
}


@pytest.mark.parametrize("package, floor", FLOORS.items())
def test_pyproject_floors_are_the_first_releases_with_the_apis_used(package: str, floor: tuple[int, int]) -> None:
    import re

    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    pyproject = tomllib.loads((PACKAGE.parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    requirements = [r for extra in pyproject["project"]["optional-dependencies"].values() for r in extra]
    (requirement,) = [r for r in requirements if re.match(rf"{package}\b", r)]
    found = re.search(r">=\s*(\d+)\.(\d+)", requirement)
    assert found, requirement
    assert (int(found.group(1)), int(found.group(2))) >= floor, requirement


def test_the_loader_passes_dtype_not_torch_dtype() -> None:
    """transformers 4.56 renamed torch_dtype= to dtype=; the floor above is what makes this call valid."""
    source = (PACKAGE / "backends" / "loading.py").read_text(encoding="utf-8")
    assert "dtype=dtype" in source and "torch_dtype=" not in source
