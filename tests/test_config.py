"""models.yaml: the shipped file validates; bad files give one message per problem, with its field path."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import Exit, app
from briefing.config import Config, LangIdConfig, load_config
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
    ("cache:\n  path: 2022-02-30\n", ["not valid YAML (unreadable value: day is out of range for month)"]),
    ("runtime:\n  threads: " + "9" * 5001 + "\n", ["not valid YAML (unreadable value"]),
    ("cache: " + "[" * 100 + "]" * 100 + "\n", ["not valid YAML (nested deeper than"]),
    ("defaults: &d {beams: 2}\nsummary: *d\n", ["not valid YAML (anchors and aliases are not allowed (line 1))"]),
    ("langid:\n  languages: [en, xx, hy]\n", ["langid.languages: Value error, lingua does not know 'xx'"]),
    (
        "langid:\n  backend: langdetect\n  languages: [en, az, ru]\n",
        ["langid.languages: Value error, langdetect does not know 'az'"],
    ),
    ("langid:\n  languages: [en]\n", ["langid.languages: Value error, name at least two candidate languages"]),
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


#: An alias bomb: ten references a level, five levels (about 10^5 strings once expanded).
BOMB = "\n".join(
    ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 6)]
    + ["languages: *a5"]
)


@pytest.mark.parametrize(
    "text",
    [
        BOMB,
        "cache:\n  path: 2022-02-30\n",
        "runtime:\n  threads: " + "9" * 5001 + "\n",
        "x: " + "[" * 1000 + "]" * 1000,
    ],
    ids=["alias-bomb", "feb-30", "5001-digits", "deep"],
)
def test_a_malformed_models_yaml_exits_4_naming_the_file(tmp_path, text):
    path = tmp_path / "models.yaml"
    path.write_text(text)
    (tmp_path / "corpus").mkdir()
    result = CliRunner().invoke(app, ["run", str(tmp_path / "corpus"), "--config", str(path), "--dry-run"])
    assert result.exit_code == Exit.CONFIG, result.output
    assert str(path) in result.output and "not valid YAML" in result.output
    assert "Traceback" not in result.output


def test_a_section_given_as_a_value_is_reported_not_a_crash(tmp_path):
    path = tmp_path / "models.yaml"
    path.write_text("cache: 5\n")
    with pytest.raises(ConfigError) as info:
        load_config(path, **{"cache.enabled": False})  # what --no-cache sets
    assert info.value.problems == ["cache: Input should be a valid dictionary or instance of CacheConfig"]


@pytest.mark.parametrize("backend", ["lingua", "langdetect"])
def test_the_default_candidates_are_known_to_each_backend(backend):
    """langdetect knows no Azerbaijani, so its default candidates leave it out; Armenian is decided by script."""
    languages = LangIdConfig(backend=backend).languages
    assert {"en", "hy", "ru"} <= set(languages)
    assert ("az" in languages) == (backend == "lingua")
