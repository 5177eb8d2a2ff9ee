"""Starting the search: a broken safety file stops the start with its file:line, never safety quietly off."""

import shutil
from pathlib import Path

import pytest

from veiviser.retrieval.live import SafetyFilesBroken, live_search_from_settings
from veiviser.settings import Settings


@pytest.mark.parametrize(("name", "broken"), [
    ("_guidance.yml", "safety:\n  articles: [emergency-numbers\n"),
    ("_safety.yml", "categories:\n  suicide: 12\n"),
])
def test_a_broken_safety_file_refuses_to_start(settings: Settings, tmp_path: Path, name: str, broken: str) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(settings.knowledge_dir, knowledge)
    (knowledge / name).write_text(broken, encoding="utf-8")
    with pytest.raises(SafetyFilesBroken, match=rf"{name}:\d+"):
        live_search_from_settings(settings.model_copy(update={"knowledge_dir": knowledge,
                                                              "data_dir": tmp_path}))
