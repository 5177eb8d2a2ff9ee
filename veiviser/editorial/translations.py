"""Which translations are behind their source text.

A translation's front matter says which version of the English text it was made from
(`translated_from: en@<fingerprint>`). The fingerprint covers what a reader sees and a translator
translates (title, summary, by-status notes, steps, body); dates, sources and example questions are left out,
so a new review date or an extra example question does not send eleven languages back to the translators.
"""

import difflib
import hashlib
import re
from typing import Final, Literal

from veiviser.knowledge.loader import KnowledgeBase
from veiviser.knowledge.model import ArticleText

#: The text translations are made from (checked against the Norwegian and the official sources).
SOURCE_LANGUAGE: Final = "en"
TranslationState = Literal["source", "missing", "current", "outdated", "unstamped"]
_STAMP_LINE: Final = re.compile(r"^translated_from:.*$", re.MULTILINE)


def fingerprint(text: ArticleText) -> str:
    """12 hex digits that change when anything a translator translates changes."""
    parts = [text.title, text.summary, *(f"{k}: {v}" for k, v in sorted(text.meta.by_status.items())),
             *text.steps, text.body.strip()]
    return hashlib.sha256("\n\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def stamp_value(source: ArticleText) -> str:
    return f"{source.language}@{fingerprint(source)}"


def translation_state(kb: KnowledgeBase, slug: str, language: str) -> TranslationState:
    article = kb.articles.get(slug)
    text = article.texts.get(language) if article else None
    if text is None:
        return "missing"
    if language == SOURCE_LANGUAGE:
        return "source"
    source = article.texts.get(SOURCE_LANGUAGE) if article else None
    if source is None or text.meta.translated_from is None:
        return "unstamped"
    return "current" if text.meta.translated_from == stamp_value(source) else "outdated"


def with_stamp(file_text: str, value: str) -> str:
    """The file with its `translated_from` line set to `value` (added at the end of the front matter)."""
    if _STAMP_LINE.search(file_text):
        return _STAMP_LINE.sub(f"translated_from: {value}", file_text, count=1)
    head, separator, rest = file_text.partition("\n---")  # the front matter's closing line
    return f"{head}\ntranslated_from: {value}{separator}{rest}"


def paragraphs(text: ArticleText) -> list[str]:
    """What a translator works through, in order: title, summary, each note, each step, each body paragraph."""
    return [text.title, text.summary, *(f"{k}: {v}" for k, v in sorted(text.meta.by_status.items())),
            *text.steps, *(p.strip() for p in text.body.split("\n\n") if p.strip())]


def changed_paragraphs(before: ArticleText | None, after: ArticleText) -> list[tuple[str, str]]:
    """(old, new) source paragraphs that differ; with no earlier version known, every paragraph as new."""
    if before is None:
        return [("", new) for new in paragraphs(after)]
    old, new = paragraphs(before), paragraphs(after)
    changes: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag != "equal":
            changes.append(("\n\n".join(old[i1:i2]), "\n\n".join(new[j1:j2])))
    return changes
