"""The editors' grid flags what needs attention in each article text."""

from datetime import UTC, date, datetime

from veiviser.editorial.article_grid import GridCell, article_grid
from veiviser.editorial.drafts import Draft
from veiviser.knowledge.loader import KnowledgeBase


def _cells(knowledge: KnowledgeBase, today: date, pending: list[Draft] = [], max_age: int = 365) -> dict:
    return {slug: cells for slug, cells in article_grid(knowledge, ["en", "uk"], pending, today, max_age)}


def test_flags_follow_review_date_confidence_and_waiting_drafts(knowledge: KnowledgeBase) -> None:
    school_uk = knowledge.articles["school"].texts["uk"]
    reviewed = school_uk.meta.reviewed
    draft = Draft(1, "school", "uk", "text", "eddie", datetime.now(UTC), "pending")
    fresh = _cells(knowledge, reviewed)["school"]["uk"]
    assert not fresh.stale and not fresh.draft_waiting
    later = _cells(knowledge, date(reviewed.year + 2, 1, 1), [draft])["school"]["uk"]
    assert later.stale and later.draft_waiting and later.flags()[-1] == "draft"
    assert _cells(knowledge, reviewed)["school"]["uk"].needs_review == (school_uk.meta.confidence == "needs-review")


def test_a_cell_lists_its_flags_most_urgent_first() -> None:
    cell = GridCell("outdated", needs_review=True, stale=True, draft_waiting=True)
    assert cell.flags() == ["outdated", "stale", "needs-review", "draft"]
    assert GridCell("current").flags() == [] and GridCell("missing").flags() == []
