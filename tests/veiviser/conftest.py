from datetime import date
from pathlib import Path

import pytest

from tests.support.knowledge_files import write_article
from veiviser.knowledge.loader import KnowledgeBase, load_knowledge


@pytest.fixture
def tmp_knowledge_without_somali(tmp_path: Path) -> KnowledgeBase:
    write_article(tmp_path, "general-practitioner", "en")
    kb, problems = load_knowledge(tmp_path, today=date(2026, 6, 1))
    assert problems == []
    return kb
