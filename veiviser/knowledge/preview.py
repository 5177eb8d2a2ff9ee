"""What an edited article would change before it is published: which dev-set questions it wins or loses.

    veiviser kb preview drafts/school-en.md      # a draft anywhere, or a file edited in place under knowledge/
"""

from dataclasses import dataclass, replace
from pathlib import Path

from veiviser.evaluation import EvalQuestion, Outcome, load_eval_questions, run_questions
from veiviser.knowledge.loader import KnowledgeBase
from veiviser.knowledge.model import Article, Problem
from veiviser.knowledge.parser import parse_article_text
from veiviser.languages import is_supported
from veiviser.retrieval.index import ArticleIndex
from veiviser.retrieval.search import ArticleSearch


@dataclass(frozen=True)
class PreviewChange:
    question: EvalQuestion
    before: str | None  # top article before the edit
    after: str | None   # top article with the edit

    @property
    def kind(self) -> str:
        expected = self.question.expected
        if self.after == expected and self.before != expected:
            return "wins"
        if self.before == expected and self.after != expected:
            return "loses"
        return "moves"


def with_draft(kb: KnowledgeBase, draft: Path) -> tuple[KnowledgeBase, list[Problem]]:
    """A copy of `kb` with the draft in place of (or beside) the article text it is for."""
    language = draft.stem
    if not is_supported(language):
        return kb, [Problem(draft, 1, f"name the draft <language>.md (e.g. en.md); '{language}' is not a language")]
    text, problems = parse_article_text(draft, language, official_domains=kb.official_domains)
    if text is None or any(p.severity == "error" for p in problems):
        return kb, problems
    articles = dict(kb.articles)
    current = articles.get(text.slug)
    texts = dict(current.texts) if current else {}
    texts[language] = text
    articles[text.slug] = Article(text.slug, text.meta.topic, texts)
    return replace(kb, articles=articles, fingerprint=f"{kb.fingerprint}+draft"), problems


def preview(search: ArticleSearch, draft_kb: KnowledgeBase,
            questions: list[EvalQuestion] | None = None) -> list[PreviewChange]:
    """Dev-set questions whose top article differs with the draft, embedding only the draft's new texts."""
    questions = questions if questions is not None else load_eval_questions()
    index = ArticleIndex.build(draft_kb, search.encoder, previous=search.index)
    candidate = ArticleSearch(draft_kb, index, search.encoder, detector=search.detector,
                              calibration=search.calibration, weights=search.weights,
                              abstain_below=search.abstain_below, previous=search)

    def top(outcome: Outcome) -> str | None:
        return outcome.ranked[0] if outcome.ranked and outcome.confident else None

    before = run_questions(search, questions)
    after = run_questions(candidate, questions)
    return [PreviewChange(b.question, top(b), top(a)) for b, a in zip(before, after) if top(b) != top(a)]


def render_preview(changes: list[PreviewChange]) -> str:
    if not changes:
        return "No dev-set question changes its answer with this draft."
    lines = []
    for change in sorted(changes, key=lambda c: ("wins", "loses", "moves").index(c.kind)):
        lines.append(f"{change.kind:<5} [{change.question.language}] {change.question.text!r}: "
                     f"{change.before or 'abstain'} -> {change.after or 'abstain'} "
                     f"(expected {change.question.expected or 'abstain'})")
    counts = {kind: sum(c.kind == kind for c in changes) for kind in ("wins", "loses", "moves")}
    lines.append(f"{counts['wins']} won, {counts['loses']} lost, {counts['moves']} moved between other answers")
    return "\n".join(lines)
