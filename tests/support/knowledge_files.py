"""Writes small knowledge trees for tests."""

import shutil
from pathlib import Path

from veiviser.knowledge.sources_config import SOURCES_FILE
from veiviser.settings import REPO_ROOT

VALID_ARTICLE = """---
slug: {slug}
topic: health
title: {title}
summary: >-
  {summary}
statuses: [all]
sources:
  - title: Helsenorge
    url: https://www.helsenorge.no/en/
    publisher: Helsenorge
reviewed: 2026-01-15
questions:
{questions}
---
{body}

## What to do {{#steps}}

1. Call first.
2. Bring your ID.
"""


def article_text(slug: str = "general-practitioner", title: str = "Getting a regular GP",
                 summary: str = "Everyone who lives in Norway can get a regular GP (fastlege). Choose one on helsenorge.no.",
                 questions: tuple[str, ...] = ("How do I get a GP?",),
                 body: str = "A GP is a doctor you see first.") -> str:
    lines = "\n".join(f"  - {q}" for q in questions)
    return VALID_ARTICLE.format(slug=slug, title=title, summary=summary, questions=lines, body=body)


def write_article(root: Path, slug: str, language: str, text: str | None = None) -> Path:
    """An article file in a test's knowledge folder; the folder gets the real list of official domains."""
    sources = root / SOURCES_FILE
    if not sources.exists():
        root.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO_ROOT / "knowledge" / SOURCES_FILE, sources)
    path = root / slug / f"{language}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if text is not None else article_text(slug=slug), encoding="utf-8")
    return path


def copy_knowledge_and_index(knowledge_dir: Path, index_dir: Path, root: Path) -> tuple[Path, Path]:
    """A copy of the real knowledge base and its saved index under `root` ((knowledge, data dir)), for tests
    that change files: loading the copy reuses every vector instead of embedding the texts again."""
    shutil.copytree(knowledge_dir, root / "knowledge")
    shutil.copytree(index_dir, root / "var" / "index")
    return root / "knowledge", root / "var"


def with_summary(file_text: str, summary: str) -> str:
    """An article file with its summary (folded over several lines or not) replaced by a one-line one."""
    head, _, rest = file_text.partition("\nsummary:")
    after = rest.split("\n", 1)[1]
    while after.startswith("  "):  # the old folded summary's lines
        after = after.split("\n", 1)[1]
    return f"{head}\nsummary: {summary}\n{after}"
