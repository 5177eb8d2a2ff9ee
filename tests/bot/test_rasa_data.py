"""Rasa's own checks on bot/: the training data and domain agree, and every action exists in actions/."""

import re
import subprocess

import pytest
import yaml

from veiviser.settings import REPO_ROOT
from veiviser.stack import BOT_DIR, RASA_BIN, RASA_PYTHONPATH

pytestmark = pytest.mark.rasa


def test_rasa_data_validate() -> None:
    result = subprocess.run([str(RASA_BIN), "data", "validate", "--domain", "domain", "--data", "data",
                             "--config", "config.yml", "--fail-on-warnings"],
                            cwd=BOT_DIR, capture_output=True, text=True, env={"RASA_TELEMETRY_ENABLED": "false",
                                                                            "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_every_domain_action_is_implemented() -> None:
    declared = set()
    for path in (BOT_DIR / "domain").glob("*.yml"):
        declared |= set((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("actions", []))
    source = "\n".join(p.read_text(encoding="utf-8") for p in (REPO_ROOT / "actions").glob("*.py"))
    implemented = set(re.findall(r'return "(action_[a-z_]+)"', source))
    assert declared == implemented


def test_rasa_test_stories_in_six_languages(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`rasa test` on bot/tests with --fail-on-prediction-errors: NLU and dialogue predict every turn."""
    result = subprocess.run([str(RASA_BIN), "test", "--model", "models", "--stories", "tests",
                             "--fail-on-prediction-errors", "--out", str(tmp_path)],
                            cwd=BOT_DIR, capture_output=True, text=True,
                            env={"RASA_TELEMETRY_ENABLED": "false", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
                                 "PYTHONPATH": RASA_PYTHONPATH, "VEIVISER_TRACKER_DB_URL": f"sqlite:///{tmp_path / 'tracker.db'}"})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = (tmp_path / "story_report.json").read_text(encoding="utf-8")
    assert '"accuracy": 1.0' in report
