"""Loads the whole `knowledge/` tree into a `KnowledgeBase`, collecting problems instead of stopping.

A broken file is left out (and reported); the rest of the knowledge base still loads, so one editor's
typo never takes the service down.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from veiviser.knowledge.guidance import GUIDANCE_FILE, Guidance, load_guidance
from veiviser.knowledge.model import Article, ArticleText, Problem
from veiviser.knowledge.parser import parse_article_text
from veiviser.knowledge.safety_examples import SAFETY_EXAMPLES_FILE, SafetyExamples, load_safety_examples
from veiviser.knowledge.sources_config import SOURCES_FILE, load_official_domains
from veiviser.languages import SUPPORTED_LANGUAGES, fallback_chain


@dataclass
class KnowledgeBase:
    """All articles that loaded, by slug, with a fingerprint of the files they came from."""

    articles: dict[str, Article] = field(default_factory=dict)
    guidance: Guidance = field(default_factory=Guidance)
    safety_examples: SafetyExamples = field(default_factory=SafetyExamples)
    fingerprint: str = ""
    #: The domains sources may cite (`_sources.yml`); the texts were checked against these.
    official_domains: frozenset[str] = frozenset()
    #: (modification time, size) of each file a text was parsed from, so a reload re-parses only changed files.
    stamps: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.articles)

    def resolve(self, slug: str) -> Article | None:
        """The article for `slug`, following `aliases` of renamed articles."""
        if slug in self.articles:
            return self.articles[slug]
        for article in self.articles.values():
            if any(slug in text.meta.aliases for text in article.texts.values()):
                return article
        return None

    def text_for(self, slug: str, language: str) -> ArticleText | None:
        """The article's text in `language`, or the best fallback language it has."""
        article = self.resolve(slug)
        if article is None:
            return None
        for code in fallback_chain(language):
            if code in article.texts:
                return article.texts[code]
        return next(iter(article.texts.values()), None)

    def full_text_for(self, slug: str, language: str) -> ArticleText | None:
        """The article with body text in `language`, or in the best fallback that has a body."""
        article = self.resolve(slug)
        if article is None:
            return None
        for code in fallback_chain(language):
            text = article.texts.get(code)
            if text is not None and text.is_full_text:
                return text
        return next((t for t in article.texts.values() if t.is_full_text), None)

    def texts(self) -> list[ArticleText]:
        return [text for slug in sorted(self.articles) for _, text in sorted(self.articles[slug].texts.items())]


def _article_folders(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


class _Fingerprint:
    """SHA-256 over each file's path (relative to the root) and bytes, in the order they are added."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._digest = hashlib.sha256()

    def add(self, path: Path) -> None:
        self._digest.update(str(path.relative_to(self._root)).encode())
        self._digest.update(path.read_bytes())

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


def load_knowledge(
    root: Path, today: date | None = None, review_max_age_days: int = 365, previous: KnowledgeBase | None = None
) -> tuple[KnowledgeBase, list[Problem]]:
    """Reads every article folder under `root`.

    With `previous` (the knowledge base a running service serves), a file that is now broken keeps its last
    good version: the error is reported, and readers go on getting the text that worked.

        kb, problems = load_knowledge(Path("knowledge"))
        [str(p) for p in problems]
        # -> ['knowledge/school/en.md:4: statuses.0: Input should be ...']
    """
    today = today or date.today()
    problems: list[Problem] = []
    kb = KnowledgeBase()
    if not root.is_dir():
        return kb, [Problem(root, 0, "knowledge folder does not exist")]
    # The fingerprint covers the bytes as they were before each file was parsed, never a later read: a file
    # saved during a load would otherwise give the old text the new fingerprint, and the reload its save
    # triggers would find "nothing changed" and never serve it.
    fingerprint = _Fingerprint(root)
    if (root / SOURCES_FILE).exists():
        fingerprint.add(root / SOURCES_FILE)
    kb.official_domains, source_problems = load_official_domains(root)
    problems.extend(source_problems)
    if previous is not None and any(p.severity == "error" for p in source_problems):
        kb.official_domains = previous.official_domains  # the last good list, as for a broken article
    # A changed list of domains can make any source valid or invalid: every text is checked again.
    reusable = previous if previous is not None and previous.official_domains == kb.official_domains else None
    for folder in _article_folders(root):
        article = Article(slug=folder.name, topic="")
        for path in sorted(folder.glob("*.md")):
            stamp = _stamp(path)
            fingerprint.add(path)
            if path.stem not in SUPPORTED_LANGUAGES:
                problems.append(Problem(path, 1, f"'{path.stem}' is not a supported language code; "
                                                 f"name the file one of: {', '.join(SUPPORTED_LANGUAGES)}"))
                continue
            text = _last_good(previous, folder.name, path) if reusable and reusable.stamps.get(path) == stamp else None
            file_problems: list[Problem] = []
            if text is None:  # new or changed since the previous load
                text, file_problems = parse_article_text(path, path.stem, today, kb.official_domains)
            if text is not None:
                file_problems += _check_in_context(text, folder, article, today, review_max_age_days)
            problems.extend(file_problems)
            if text is None or any(p.severity == "error" for p in file_problems):
                text = _last_good(previous, folder.name, path)
                if text is None:
                    continue
                problems.append(Problem(path, 1, "the last good version of this file is still served", "warning"))
            else:
                kb.stamps[path] = stamp  # only a good parse may be reused: a broken file is re-read and re-reported
            article.topic = article.topic or text.meta.topic
            article.texts[text.language] = text
        for path in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix != ".md"):
            problems.append(Problem(path, 1, "unexpected file: an article folder holds only <language>.md files",
                                    "warning"))
        if article.texts:
            kb.articles[article.slug] = article
    for name in (GUIDANCE_FILE, SAFETY_EXAMPLES_FILE):
        if (root / name).exists():
            fingerprint.add(root / name)
    kb.guidance, guidance_problems = load_guidance(root, set(kb.articles), kb.official_domains)
    problems.extend(guidance_problems)
    if previous is not None and any(p.severity == "error" for p in guidance_problems):
        kb.guidance = previous.guidance
    kb.safety_examples, safety_problems = load_safety_examples(root)
    problems.extend(safety_problems)
    if previous is not None and safety_problems:
        kb.safety_examples = previous.safety_examples
    kb.fingerprint = fingerprint.hexdigest()
    return kb, problems


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_mtime_ns, status.st_size


def _last_good(previous: KnowledgeBase | None, slug: str, path: Path) -> ArticleText | None:
    if previous is None or slug not in previous.articles:
        return None
    text = previous.articles[slug].texts.get(path.stem)
    return text if text is not None and text.path == path else None


def _check_in_context(
    text: ArticleText, folder: Path, article: Article, today: date, review_max_age_days: int
) -> list[Problem]:
    """Checks that need more than the file itself: folder name, sibling languages, review age."""
    found: list[Problem] = []
    meta_line = 2  # the first line inside the front matter
    if text.meta.slug != folder.name:
        found.append(Problem(text.path, _line_of_key(text.path, "slug") or meta_line,
                             f"slug '{text.meta.slug}' does not match its folder '{folder.name}'"))
    if article.topic and text.meta.topic != article.topic:
        found.append(Problem(text.path, _line_of_key(text.path, "topic") or meta_line,
                             f"topic '{text.meta.topic}' differs from '{article.topic}' in the other languages"))
    if today - text.meta.reviewed > timedelta(days=review_max_age_days):
        found.append(Problem(text.path, _line_of_key(text.path, "reviewed") or meta_line,
                             f"last reviewed {text.meta.reviewed.isoformat()}, more than "
                             f"{review_max_age_days} days ago: check it is still correct", "warning"))
    return found


def _line_of_key(path: Path, key: str) -> int | None:
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return None
