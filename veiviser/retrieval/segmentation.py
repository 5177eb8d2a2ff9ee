"""Splits article bodies into passages of a few sentences, with spaCy's rule-based sentencizer.

spaCy has blank pipelines for all our languages but Somali, which uses the multi-language `xx` pipeline.
"""

import re
import threading
from functools import lru_cache

import spacy
from spacy.language import Language

_SPACY_CODES = {"so": "xx"}
_MARKDOWN_NOISE = re.compile(r"^\s{0,3}(#{1,6}\s+|[-*+]\s+|\d{1,2}[.)]\s+|>\s?)", re.MULTILINE)
_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")
_lock = threading.Lock()


@lru_cache(maxsize=None)
def _pipeline(language: str) -> Language:
    nlp = spacy.blank(_SPACY_CODES.get(language, language))
    nlp.add_pipe("sentencizer")
    return nlp


def plain_text(markdown: str) -> str:
    """Markdown without heading marks, list bullets and link targets.

    >>> plain_text("## Steps\\n- Go to [NAV](https://www.nav.no/).")
    'Steps\\nGo to NAV.'
    """
    return _MARKDOWN_NOISE.sub("", _LINK.sub(r"\1", markdown)).replace("**", "").strip()


def sentences(text: str, language: str) -> list[str]:
    with _lock:
        nlp = _pipeline(language)
    return [s.text.strip() for paragraph in text.split("\n\n") for s in nlp(paragraph).sents if s.text.strip()]


@lru_cache(maxsize=8192)
def passages(markdown: str, language: str, max_chars: int = 400) -> tuple[str, ...]:
    """Groups consecutive sentences into passages of at most about `max_chars` characters.
    Cached: a live reload re-segments only the texts that changed.

    >>> passages("One. Two. Three.", "en", max_chars=9)
    ('One. Two.', 'Three.')
    """
    chunks: list[str] = []
    current = ""
    for sentence in sentences(plain_text(markdown), language):
        if current and len(current) + 1 + len(sentence) > max_chars:
            chunks.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        chunks.append(current)
    return tuple(chunks)
