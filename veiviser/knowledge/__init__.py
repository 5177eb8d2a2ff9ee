"""Knowledge files: their schema, parsing, loading and coverage.

    from veiviser.knowledge import load_knowledge
    kb, problems = load_knowledge(Path("knowledge"))
"""

from veiviser.knowledge.loader import KnowledgeBase, load_knowledge
from veiviser.knowledge.model import Article, ArticleText, Problem
from veiviser.knowledge.schema import STATUSES, FrontMatter, Source

__all__ = [
    "Article", "ArticleText", "FrontMatter", "KnowledgeBase", "Problem", "STATUSES", "Source", "load_knowledge",
]
