"""`veiviser kb preview`: what a draft would win or lose on the dev set, with the real model."""

from pathlib import Path

import pytest

from veiviser.evaluation import EvalQuestion
from veiviser.knowledge.preview import preview, render_preview, with_draft
from veiviser.retrieval.search import ArticleSearch

pytestmark = pytest.mark.model
QUESTIONS = [
    EvalQuestion("Is the dentist free for my children?", "en", "dental-care"),
    EvalQuestion("How do I get a regular GP?", "en", "general-practitioner"),
]


def test_a_draft_that_claims_another_articles_question_shows_the_loss(real_search: ArticleSearch,
                                                                      tmp_path: Path) -> None:
    source = real_search.kb.articles["kindergarten"].texts["en"].path.read_text(encoding="utf-8")
    draft = tmp_path / "en.md"
    draft.write_text(source.replace("questions:\n", "questions:\n  - Is the dentist free for my children?\n", 1),
                     encoding="utf-8")
    draft_kb, problems = with_draft(real_search.kb, draft)
    assert [p for p in problems if p.severity == "error"] == []
    changes = preview(real_search, draft_kb, QUESTIONS)
    assert [(c.kind, c.before, c.after) for c in changes] == [("loses", "dental-care", "kindergarten")]
    assert "1 lost" in render_preview(changes)
    assert real_search.kb.articles["kindergarten"].texts["en"].path.read_text(encoding="utf-8") == source


def test_a_broken_draft_is_reported_not_previewed(real_search: ArticleSearch, tmp_path: Path) -> None:
    draft = tmp_path / "en.md"
    draft.write_text("---\nslug: kindergarten\n---\n", encoding="utf-8")
    _, problems = with_draft(real_search.kb, draft)
    assert any("missing required field" in p.message for p in problems)
