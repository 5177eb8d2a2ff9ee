"""The editors' grid: every article in every language, with what needs an editor's attention in each cell."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from veiviser.editorial.drafts import Draft
from veiviser.editorial.translations import TranslationState, translation_state
from veiviser.knowledge.loader import KnowledgeBase

@dataclass(frozen=True)
class GridCell:
    translation: TranslationState
    needs_review: bool = False  # the text says `confidence: needs-review`
    stale: bool = False  # its review date is older than the setting allows
    draft_waiting: bool = False  # a draft of it waits in the review queue

    def flags(self) -> list[str]:
        """What the cell shows beside its link, most urgent first."""
        return [name for name, on in (("outdated", self.translation == "outdated"), ("stale", self.stale),
                                      ("needs-review", self.needs_review), ("draft", self.draft_waiting)) if on]


def article_grid(kb: KnowledgeBase, languages: Iterable[str], pending: Iterable[Draft], today: date,
                 review_max_age_days: int) -> list[tuple[str, dict[str, GridCell]]]:
    waiting = {(draft.slug, draft.language) for draft in pending}
    oldest = today - timedelta(days=review_max_age_days)
    rows = []
    for slug in sorted(kb.articles):
        cells = {}
        for language in languages:
            text = kb.articles[slug].texts.get(language)
            cells[language] = GridCell(
                translation=translation_state(kb, slug, language),
                needs_review=text is not None and text.meta.confidence == "needs-review",
                stale=text is not None and text.meta.reviewed < oldest,
                draft_waiting=(slug, language) in waiting)
        rows.append((slug, cells))
    return rows
