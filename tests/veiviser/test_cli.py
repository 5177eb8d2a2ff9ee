"""The `veiviser` command as editors use it."""

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.support.knowledge_files import article_text, write_article
from tests.support.tracker_store import conversation_sizes, write_tracker_store
from veiviser.cli import main


def test_validate_passes_on_a_good_tree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_article(tmp_path, "general-practitioner", "en")
    assert main(["kb", "validate", str(tmp_path)]) == 0
    assert "1 articles, 1 language files; 0 errors" in capsys.readouterr().err


def test_validate_prints_every_problem_with_file_and_line_and_fails(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    write_article(tmp_path, "general-practitioner", "en", article_text().replace("statuses: [all]", "statuses: [alien]"))
    write_article(tmp_path, "dental-care", "xx")
    assert main(["kb", "validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{tmp_path}/dental-care/xx.md:1: 'xx' is not a supported language code")
    assert out[1].startswith(f"{tmp_path}/general-practitioner/en.md:7: statuses.0: Input should be")


def test_the_console_command_is_installed() -> None:
    result = subprocess.run([Path(sys.executable).parent / "veiviser", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "kb" in result.stdout


def test_coverage_table_lists_every_article_and_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "coverage"]) == 0
    table = capsys.readouterr().out
    header = table.splitlines()[0].split()
    assert header == ["slug", "nb", "nn", "en", "uk", "ru", "pl", "lt", "ar", "so", "ti", "fa"]
    row = next(line for line in table.splitlines() if line.startswith("emergency-numbers "))
    assert row.split()[1:] == ["full"] * 11  # the full text in every language


def test_retention_deletes_old_conversations_now(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    tracker = tmp_path / "tracker.db"
    write_tracker_store(tracker, [("old", now - timedelta(days=3)), ("today", now)])
    env = {**os.environ, "VEIVISER_RETENTION_DAYS": "2", "VEIVISER_TRACKER_DB_URL": f"sqlite:///{tracker}",
           "VEIVISER_DATABASE_URL": f"sqlite:///{tmp_path / 'veiviser.db'}"}
    result = subprocess.run([str(Path(sys.executable).parent / "veiviser"), "retention"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "older than 2 days: 1 conversations deleted" in result.stdout
    assert conversation_sizes(tracker) == {"today": 1}
