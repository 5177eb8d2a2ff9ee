"""Splits article bodies into passages of a few sentences, with spaCy's rule-based sentencizer, and into the
blocks (paragraphs, list items, headings) the short answer takes its sentences from.

spaCy has blank pipelines for all our languages but Somali, which uses the multi-language `xx` pipeline.
"""

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from veiviser.imports import hidden_modules

with hidden_modules("torch"):  # see veiviser.imports: 205 MB per process for nothing
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


#: A line that starts a block of its own: a heading, a list item or a quote.
_BLOCK_START = re.compile(r"^\s{0,3}(#{1,6}\s|[-*+]\s|\d{1,2}[.)]\s|>)")
#: A paragraph's bold lead-in ("**How long?** It depends ..."): a heading in all but name. Its number, if it
#: has one ("**2. Self-settlement.**"), is left out: it counts the ways, it is not a fact. Bold words that do
#: not end in a stop ("**Young adults** pay less") are the start of a sentence, not a heading.
_LEAD_IN = re.compile(r"^\*\*(?:\d{1,2}[.)]\s+)?([^*\n]{0,79}[.?!:؟።፧])\*\*\s*")
#: A line that is bold from end to end ("**Where to get help**") is a heading.
_BOLD_LINE = re.compile(r"^\*\*[^*\n]+\*\*$")
_HEADING_ID = re.compile(r"\s*\{#[\w-]+\}\s*$")


@dataclass(frozen=True)
class Block:
    """A paragraph, a list item or a heading, as plain text on one line."""

    text: str
    heading: bool = False


def blocks(markdown: str) -> list[Block]:
    r"""The markdown's paragraphs, list items and headings (bold lead-ins included), hard wraps undone.

    A list item is a block of its own: facts live in lists ("without upper secondary: up to 2 years"), and
    joined to the next paragraph they read as one sentence with it.

    >>> [(b.text, b.heading) for b in blocks("**How long?** It varies:\n- one: 3 years\n- two: 2 years")]
    [('How long?', True), ('It varies:', False), ('one: 3 years', False), ('two: 2 years', False)]
    """
    found: list[Block] = []
    for paragraph in re.split(r"\n\s*\n", _LINK.sub(r"\1", markdown)):
        lines: list[str] = []
        for line in paragraph.splitlines():
            if not line.strip():
                continue
            if _BLOCK_START.match(line) or not lines or _BOLD_LINE.match(lines[-1]):
                lines.append(line.strip())
            else:
                lines[-1] = f"{lines[-1]} {line.strip()}"
        for line in lines:
            heading = line.startswith("#") or bool(_BOLD_LINE.match(line))
            text = _HEADING_ID.sub("", _MARKDOWN_NOISE.sub("", line)) if heading else _MARKDOWN_NOISE.sub("", line)
            if lead_in := _LEAD_IN.match(text):
                found.append(Block(lead_in.group(1).strip(), heading=True))
                text = text[lead_in.end():]
            text = text.replace("**", "").strip()
            if text:
                found.append(Block(text, heading=heading))
    return found


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


@lru_cache(maxsize=4096)
def body_sentences(markdown: str, language: str) -> tuple[tuple[str, bool], ...]:
    r"""(sentence, is a heading) for every block of an article body: each list item a sentence of its own, a
    lead-in ("**How long?**") a heading. The index's passages keep their own segmentation (changing it moved
    enough vectors to cost a dev out-of-scope question); the short answer picks from these finer sentences
    inside the passages it ranked.

    >>> body_sentences("**How long?** It varies:\n- one: 3 years\n- two: 2 years", "en")[-1]
    ('two: 2 years', False)
    """
    return tuple((sentence, block.heading) for block in blocks(markdown)
                 for sentence in sentences(block.text, language))
