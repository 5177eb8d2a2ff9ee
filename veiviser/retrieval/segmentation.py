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


#: A piece the sentencizer cut off after an abbreviation or a list number ("2023 m.,", "2.") has fewer words
#: than this, or ends in a comma or semicolon; it is joined to its neighbour.
_FRAGMENT_WORDS = 2
_FRAGMENT_END = (",", ";")


def _is_fragment(piece: str) -> bool:
    return len(piece.split()) < _FRAGMENT_WORDS or piece.endswith(_FRAGMENT_END)


def _joined_fragments(pieces: list[str]) -> list[str]:
    """Fragments joined to the sentence after them (the last one to the sentence before it).

    >>> _joined_fragments(["Paskutiniai vyko 2023 m.,", "todėl kiti bus 2027 m.", "Galite balsuoti."])
    ['Paskutiniai vyko 2023 m., todėl kiti bus 2027 m.', 'Galite balsuoti.']
    """
    joined: list[str] = []
    pending = ""
    for piece in pieces:
        piece = f"{pending} {piece}".strip()
        pending = piece if _is_fragment(piece) else ""
        if not pending:
            joined.append(piece)
    if pending:
        if joined:
            joined[-1] = f"{joined[-1]} {pending}"
        else:
            joined.append(pending)
    return joined


def sentences(text: str, language: str) -> list[str]:
    """The sentences of each paragraph, with the fragments spaCy's rules cut off joined back."""
    with _lock:
        nlp = _pipeline(language)
    return [sentence for paragraph in text.split("\n\n")
            for sentence in _joined_fragments([s.text.strip() for s in nlp(paragraph).sents if s.text.strip()])]


@lru_cache(maxsize=8192)
def passages(markdown: str, language: str, max_chars: int = 400) -> tuple[str, ...]:
    """Groups consecutive sentences into passages of at most about `max_chars` characters.
    Cached: a live reload re-segments only the texts that changed.

    >>> passages("Call 113. Call 112. Call 110.", "en", max_chars=19)
    ('Call 113. Call 112.', 'Call 110.')
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
