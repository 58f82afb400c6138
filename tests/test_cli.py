"""The command line, through typer's CliRunner (and a subprocess where imports matter)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing import __version__
from briefing.cli import Exit, app

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
runner = CliRunner()


@pytest.fixture
def offline_config(tmp_path):
    path = tmp_path / "models.yaml"
    path.write_text(
        f"translation:\n  backend: none\nsummary:\n  backend: extractive\ncache:\n  path: '{tmp_path / 'cache'}'\n"
    )
    return path


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"briefing {__version__}"


def test_help_lists_commands_and_exit_codes():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for word in ("run", "summarise", "detect", "models", "cache", "Exit codes", "75 locked"):
        assert word in result.output


def test_help_does_not_import_torch():
    code = (
        "import sys; from briefing.cli import app; from typer.testing import CliRunner; CliRunner().invoke(app, ['--help']); "
        "print(sorted(m for m in ('torch', 'transformers', 'ctranslate2', 'trafilatura', 'lingua') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_run_prints_one_line_summary(tmp_path, offline_config):
    result = runner.invoke(app, ["run", str(CORPUS), "--out", str(tmp_path / "out"), "--config", str(offline_config)])
    assert result.exit_code == Exit.OK, result.output
    line = result.stdout.strip().splitlines()[-1]
    assert line.startswith("5 pages read, 3 events, ")
    assert "fragments: 4 stripped" in line and "0 failed" in line
    assert (tmp_path / "out" / "index.md").is_file()


def test_run_lang_option_limits_outputs(tmp_path, offline_config):
    result = runner.invoke(
        app, ["run", str(CORPUS), "-o", str(tmp_path / "out"), "-c", str(offline_config), "--lang", "en,az"]
    )
    assert result.exit_code == 0, result.output
    names = {p.name for p in (tmp_path / "out" / "events").rglob("*.md")}
    assert names == {"briefing.en.md", "briefing.az.md"}


def test_run_bad_language_is_a_config_error(tmp_path, offline_config):
    result = runner.invoke(
        app, ["run", str(CORPUS), "-o", str(tmp_path / "out"), "-c", str(offline_config), "--lang", "en,xx"]
    )
    assert result.exit_code == Exit.CONFIG
    assert "languages" in result.output and "xx" in result.output


def test_run_missing_corpus(tmp_path, offline_config):
    result = runner.invoke(app, ["run", str(tmp_path / "nope"), "-o", str(tmp_path / "out"), "-c", str(offline_config)])
    assert result.exit_code == Exit.INPUT
    assert "nope" in result.output


def test_summarise_markdown(offline_config):
    files = [str(p) for p in sorted(CORPUS.glob("00[012]*.txt"))]
    result = runner.invoke(app, ["summarise", *files, "-c", str(offline_config)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("---\ngenerator: briefing")
    assert "# Briefing: Blair House, Washington, 7 November 2022" in result.stdout
    assert "[1]" in result.stdout and "[2]" in result.stdout


def test_summarise_json_in_armenian(offline_config):
    files = [str(p) for p in sorted(CORPUS.glob("*.txt"))]
    result = runner.invoke(app, ["summarise", *files, "-c", str(offline_config), "--lang", "hy", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["language"] == "hy"
    assert len(data["events"]) == 3
    sentence = data["events"][0]["summary"][0]
    assert sentence["translation"] is None  # no model: nothing pretends to be Armenian
    assert len(data["articles"]) == 5


def test_summarise_bad_format(offline_config):
    result = runner.invoke(app, ["summarise", str(next(CORPUS.glob("*.txt"))), "-c", str(offline_config), "-f", "pdf"])
    assert result.exit_code == Exit.USAGE


def test_detect_json(offline_config):
    result = runner.invoke(app, ["detect", str(next(CORPUS.glob("003_*.txt"))), "--json", "-c", str(offline_config)])
    assert result.exit_code == 0, result.output
    fragments = json.loads(result.stdout)
    assert {f["text"] for f in fragments} == {"ru", "arm", "Ссылка скопирована"}
    assert all({"file", "line", "script", "language", "confidence", "action"} <= set(f) for f in fragments)


def test_detect_table(offline_config):
    result = runner.invoke(app, ["detect", str(next(CORPUS.glob("002_*.txt"))), "-c", str(offline_config)])
    assert result.exit_code == 0
    assert "main language en, 1 fragments" in result.stdout
    assert "Armenian" in result.stdout and "stripped" in result.stdout


def test_detect_reports_unreadable_file(tmp_path, offline_config):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    result = runner.invoke(app, ["detect", str(empty), "-c", str(offline_config)])
    assert result.exit_code == Exit.MOST_FAILED
    assert "empty.txt" in result.output and "empty page" in result.output


def test_models_list_shows_licence_and_presence(tmp_path):
    config = tmp_path / "models.yaml"
    config.write_text("translation:\n  model: {id: facebook/nllb-200-distilled-600M}\n")
    result = runner.invoke(app, ["models", "list", "-c", str(config), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    nllb = next(r for r in rows if r["id"] == "facebook/nllb-200-distilled-600M")
    assert nllb["licence"] == "CC-BY-NC-4.0"
    assert nllb["present"] is False


def test_models_pull_offline_fails_clearly(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    config = tmp_path / "models.yaml"
    config.write_text("translation:\n  model: {id: facebook/nllb-200-distilled-600M}\n")
    result = runner.invoke(app, ["models", "pull", "-c", str(config)])
    assert result.exit_code == Exit.MODEL
    assert "offline" in result.output and "Traceback" not in result.output


def test_strict_missing_model_exit_code(tmp_path):
    config = tmp_path / "models.yaml"
    config.write_text(f"translation:\n  model: {{id: '{tmp_path / 'absent'}'}}\ncache:\n  enabled: false\n")
    result = runner.invoke(app, ["run", str(CORPUS), "-o", str(tmp_path / "out"), "-c", str(config), "--strict"])
    assert result.exit_code == Exit.MODEL
    assert "absent" in result.output


def test_fallback_without_strict_warns_and_succeeds(tmp_path):
    config = tmp_path / "models.yaml"
    config.write_text(f"translation:\n  model: {{id: '{tmp_path / 'absent'}'}}\ncache:\n  enabled: false\n")
    result = runner.invoke(app, ["run", str(CORPUS), "-o", str(tmp_path / "out"), "-c", str(config)])
    assert result.exit_code == 0, result.output
    index = (tmp_path / "out" / "index.md").read_text()
    assert "translation model not present locally" in index
