"""models.yaml: the shipped file validates; bad files give one message per problem, with its field path."""

from pathlib import Path

import pytest

from briefing.config import Config, load_config
from briefing.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_models_yaml_validates():
    cfg = load_config(ROOT / "models.yaml")
    assert cfg.languages == ["en", "hy", "az"]
    assert cfg.translation.model.id == "facebook/nllb-200-distilled-600M"
    assert cfg.translation.model.licence == "CC-BY-NC-4.0"


def test_defaults_need_no_file():
    assert load_config(None) == Config()


def test_partial_file_overrides_only_its_keys(tmp_path):
    path = tmp_path / "models.yaml"
    path.write_text("summary:\n  article_sentences: 5\n")
    cfg = load_config(path)
    assert cfg.summary.article_sentences == 5
    assert cfg.summary.event_sentences == Config().summary.event_sentences
    assert cfg.base_dir == str(tmp_path.resolve())


BAD_FILES = [
    ("summary:\n  article_sentences: 0\n", ["summary.article_sentences: Input should be greater than or equal to 1"]),
    ("languages: [en, fr]\n", ["languages: Value error, unsupported language(s) ['fr']"]),
    (
        "translation:\n  backend: google\n",
        ["translation.backend: Input should be 'none', 'transformers' or 'ctranslate2'"],
    ),
    (
        "translation:\n  bogus: 1\nruntime:\n  device: tpu\n",
        ["translation.bogus: unknown field", "runtime.device: Input should be"],
    ),
    (
        "translation:\n  pairs:\n    english-armenian: {id: x}\n",
        ["translation.pairs: Value error, pair key 'english-armenian'"],
    ),
    ("translation:\n  model: {id: '  '}\n", ["translation.model.id: Value error, must not be empty"]),
    ("- just\n- a list\n", ["(top level): must be a mapping of sections"]),
    ("summary: [\n", ["not valid YAML"]),
]


@pytest.mark.parametrize("text, expected", BAD_FILES)
def test_invalid_file_names_each_problem(tmp_path, text, expected):
    path = tmp_path / "models.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.path == str(path)
    assert len(info.value.problems) == len(expected)
    for problem, start in zip(info.value.problems, expected):
        assert start in problem


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.yaml")


def test_cli_overrides_and_offline_env(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    cfg = load_config(None, languages=["en"], **{"summary.article_sentences": 2})
    assert cfg.languages == ["en"]
    assert cfg.summary.article_sentences == 2
    assert cfg.runtime.offline is True
