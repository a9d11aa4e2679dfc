"""Settings: file, environment, errors, and the documented example staying true."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.config import Settings, load_settings
from bot.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]


def test_example_file_lists_every_default():
    example = yaml.safe_load((REPO / "config.example.yaml").read_text())
    defaults = Settings().model_dump(mode="json", exclude={"home", "data_dir"})
    assert example == defaults, "regenerate config.example.yaml from Settings defaults"


def test_environment_overrides_file(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text("tutor:\n  max_quotes: 2\nretrieval:\n  default_k: 7\n")
    settings = load_settings(config, environ={
        "TUTOR_DATA_DIR": str(tmp_path / "d"), "TUTOR__RETRIEVAL__DEFAULT_K": "9",
    })
    assert settings.tutor.max_quotes == 2
    assert settings.retrieval.default_k == 9
    assert settings.progress_db == (tmp_path / "d" / "tutor.sqlite").resolve()


@pytest.mark.parametrize(
    "content, message",
    [
        ("tutor: [1, 2]\n", "tutor"),
        ("retrieval:\n  default_k: 0\n", "retrieval.default_k"),
        ("retrieval:\n  no_such: 1\n", "no_such"),
        ("- a\n", "mapping"),
        ("a: [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_config_is_one_clear_error(tmp_path, content, message):
    config = tmp_path / "c.yaml"
    config.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_settings(config, environ={})


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.yaml", environ={})


def test_secrets_are_not_settings(monkeypatch):
    """The token and API key are read from the environment when used, never held in settings."""
    monkeypatch.setenv("DISCORD_TOKEN", "secret-token-value")
    monkeypatch.setenv("TUTOR_LLM_API_KEY", "secret-key-value")
    dumped = repr(load_settings(environ=None))
    assert "secret-token-value" not in dumped and "secret-key-value" not in dumped

    def keys(node):
        if isinstance(node, dict):
            for key, value in node.items():
                yield key
                yield from keys(value)

    assert not {"token", "discord_token", "api_key"} & set(keys(Settings().model_dump()))


@pytest.mark.parametrize(
    "environ, message",
    [
        ({"TUTOR__TUTR__MAX_QUOTES": "2"}, "invalid setting tutr: Extra inputs are not permitted"),
        ({"TUTOR__TUTOR__MAX_QUOTE": "2"}, "invalid setting tutor.max_quote: Extra inputs"),
        ({"TUTOR__TUTOR__MAX_QUOTES": "9"}, "invalid setting tutor.max_quotes: Input should be less than or equal to 6"),
        ({"TUTOR__TUTOR": "{bad"}, "environment variable TUTOR__TUTOR is not valid YAML"),
    ],
)
def test_bad_environment_setting_is_one_clear_error(environ, message):
    """A misspelt section must not be ignored in silence (what pydantic-settings does, see
    bot/config.py), and a malformed value names its variable."""
    with pytest.raises(ConfigError, match=message) as raised:
        load_settings(environ=environ)
    assert "\n" not in str(raised.value)


def test_environment_values_are_yaml():
    settings = load_settings(environ={"TUTOR__QUIZ__STREAK_BONUS": "false", "TUTOR__TUTOR__MAX_QUOTES": "2"})
    assert settings.quiz.streak_bonus is False and settings.tutor.max_quotes == 2
