"""One config reference: `.env.example` lists every variable any of the three processes reads."""

import re

import pytest

from veiviser.config_reference import OTHER_VARIABLES, env_example, settings_variables
from veiviser.settings import REPO_ROOT, Settings

DOCUMENTED = {v.name for v in settings_variables()} | {v.name for v in OTHER_VARIABLES}


def test_the_committed_env_example_is_the_generated_one() -> None:
    assert (REPO_ROOT / ".env.example").read_text("utf-8") == env_example(), \
        "run `.venv/bin/veiviser config env-example > .env.example`"


def test_every_setting_says_what_it_does() -> None:
    assert [v.name for v in settings_variables() if len(v.about) < 20] == []


def test_every_variable_rasas_files_expand_is_documented() -> None:
    used = {name for path in (REPO_ROOT / "bot").glob("*.yml")
            for name in re.findall(r"\$\{([A-Z0-9_]+)\}", path.read_text("utf-8"))}
    assert "VEIVISER_TRACKER_DB_URL" in used and used - DOCUMENTED == set()


def test_every_variable_the_code_reads_directly_is_documented() -> None:
    read = {name for folder in ("veiviser", "api", "actions", "bot/veiviser_rasa")
            for path in (REPO_ROOT / folder).rglob("*.py")
            for name in re.findall(r"environ(?:\.get)?[\[(]\"([A-Z0-9_]+)\"", path.read_text("utf-8"))}
    assert {"VEIVISER_RASA_PORT", "VEIVISER_LOG_FORMAT"} <= read and read - DOCUMENTED == set()


def test_an_empty_variable_is_an_unset_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """compose writes `${VEIVISER_METRICS_TOKEN:-}`: an operator who sets no token gets the default (None),
    not a refused start for a token shorter than 16 characters."""
    monkeypatch.setenv("VEIVISER_METRICS_TOKEN", "")
    monkeypatch.setenv("VEIVISER_PORT", "")
    settings = Settings()
    assert settings.metrics_token is None and settings.port == 8000
    monkeypatch.setenv("VEIVISER_METRICS_TOKEN", "short")
    with pytest.raises(ValueError, match="metrics_token"):
        Settings()
