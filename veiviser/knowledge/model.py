"""Parsed knowledge: one article, its text in each language, and problems found on the way."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from veiviser.knowledge.schema import FrontMatter, Source


@dataclass(frozen=True)
class Problem:
    """Something wrong in a knowledge file, printed as `file:line: message`."""

    path: Path
    line: int
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"


@dataclass(frozen=True)
class ArticleText:
    """One article in one language."""

    language: str
    meta: FrontMatter
    body: str
    steps: tuple[str, ...]
    path: Path

    @property
    def slug(self) -> str:
        return self.meta.slug

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def summary(self) -> str:
        return self.meta.summary

    @property
    def sources(self) -> list[Source]:
        return self.meta.sources

    @property
    def is_full_text(self) -> bool:
        """A file with body text; otherwise it is a summary translation (title, summary, steps, questions)."""
        return bool(self.body.strip())


@dataclass
class Article:
    """One article (one folder) with its text per language."""

    slug: str
    topic: str
    texts: dict[str, ArticleText] = field(default_factory=dict)

    @property
    def languages(self) -> list[str]:
        return sorted(self.texts)
