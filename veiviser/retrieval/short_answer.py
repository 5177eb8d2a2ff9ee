"""The short answer: the one or two sentences of the chosen article that answer this question.

An article's summary answers the usual question; the fact someone asks for ("how long is the introduction
programme?", "how many times a year can I change GP?") is often further down. The article's sentences (its
summary, the part for the user's status, and its body, in the user's language where it has one) are ranked by
similarity to the question with the same embedding model as the search, with a small bonus for sentences
holding a number when the question asks for one. Extractive only: the words are the article's own.
"""

import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Final

import numpy as np

from veiviser.knowledge.model import ArticleText
from veiviser.retrieval.encoders import TextEncoder
from veiviser.retrieval.segmentation import plain_text, sentences

#: Questions that ask for a number, an amount, a duration, a date or a phone number, in our languages.
_ASKS_FOR_A_NUMBER: Final = re.compile(
    r"how (long|many|much|old|often)|when\b|what number|phone|call\b|age\b|"
    r"hvor (lenge|mange|mye|gammel|ofte)|når\b|telefon|ring|alder|kor (lenge|mange|mykje)|"
    r"скільки|коли|номер|телефон|вік|сколько|когда|возраст|"
    r"\bile\b|jak długo|jak dlugo|kiedy|numer|wiek|kiek|kada|numeri|telefon|amž|"
    r"كم|متى|رقم|هاتف|عمر|imisa|intee|goorma|lambar|taleefan|da'|ክንደይ|መዓስ|ቁጽሪ|ስልኪ|"
    r"چقدر|چند|کی\b|شماره|تلفن|سن\b", re.IGNORECASE)
_DIGIT: Final = re.compile(r"\d")
NUMBER_BONUS: Final = 0.06
#: A second sentence is added when it scores this close to the best one.
SECOND_SENTENCE_WITHIN: Final = 0.015
MAX_SENTENCE_CHARS: Final = 400


@dataclass(frozen=True)
class ShortAnswer:
    sentences: tuple[str, ...]
    language: str  # the language the sentences are in (the article may lack the user's)


@dataclass(frozen=True)
class _Candidate:
    text: str
    language: str


def candidates(shown: ArticleText, full: ArticleText, status: str | None) -> list[_Candidate]:
    """The article's answering sentences: summary and status part in the shown language, then the body (of
    the full text, which may be in another language). Headings and questions answer nothing, so they go."""
    found = [_Candidate(s, shown.language) for s in sentences(shown.summary, shown.language)]
    note = shown.meta.by_status.get(status) if status else None
    if note:
        found += [_Candidate(s, shown.language) for s in sentences(note, shown.language)]
    for paragraph in body_paragraphs(full.body):
        found += [_Candidate(s, full.language) for s in sentences(paragraph, full.language)
                  if not s.endswith(("?", "؟", ":"))]
    return [c for c in dict.fromkeys(found) if len(c.text) <= MAX_SENTENCE_CHARS]


_LIST_ITEM: Final = re.compile(r"^(\d{1,2}[.)]|[-*+])\s")


def body_paragraphs(markdown: str) -> list[str]:
    r"""The body's paragraphs as plain text, hard-wrapped lines joined, headings and bold-only lines left out,
    each list item a paragraph of its own.

    >>> body_paragraphs("## Steps {#steps}\n\n**Cost**\nAdults pay a fee\nper visit.\n1. Book.\n2. Go.")
    ['Adults pay a fee per visit.', 'Book.', 'Go.']
    """
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            paragraphs.append(plain_text(" ".join(current)))
            current.clear()

    for line in markdown.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or (stripped.startswith("**") and stripped.endswith("**")):
            flush()
        elif _LIST_ITEM.match(stripped):
            flush()
            current.append(stripped)
        else:
            current.append(stripped)
    flush()
    return [p for p in paragraphs if p]


class ShortAnswerFinder:
    """Ranks an article's sentences for a question; sentence vectors are cached per article text.

        finder.find(question, question_vector, shown, full, status)
        # -> ShortAnswer(sentences=("It lasts 3-6 months ...",), language="en")
    """

    def __init__(self, encoder: TextEncoder, cached_texts: int = 512) -> None:
        self.encoder = encoder
        self._cache: OrderedDict[str, tuple[list[_Candidate], np.ndarray]] = OrderedDict()
        self._cached_texts = cached_texts
        self._lock = threading.Lock()

    def _embedded(self, shown: ArticleText, full: ArticleText, status: str | None) -> tuple[list[_Candidate], np.ndarray]:
        key = hashlib.sha256("\x00".join((shown.language, shown.summary, full.language, full.body,
                                          str(status), shown.meta.by_status.get(status or "", ""))).encode()).hexdigest()
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        found = candidates(shown, full, status)
        # Embedded like the index's passages (the symmetric query prefix), so scores compare with the search's.
        vectors = self.encoder.encode_queries([c.text for c in found]) if found else np.zeros((0, 1), np.float32)
        with self._lock:
            self._cache[key] = (found, vectors)
            while len(self._cache) > self._cached_texts:
                self._cache.popitem(last=False)
        return found, vectors

    def find(self, question: str, question_vector: np.ndarray, shown: ArticleText, full: ArticleText,
             status: str | None = None) -> ShortAnswer | None:
        found, vectors = self._embedded(shown, full, status)
        if not found:
            return None
        scores = vectors @ question_vector
        if _ASKS_FOR_A_NUMBER.search(question):
            scores = scores + NUMBER_BONUS * np.array([bool(_DIGIT.search(c.text)) for c in found])
        order = np.argsort(-scores)
        best = found[int(order[0])]
        chosen = [int(order[0])]
        if len(order) > 1:
            second = int(order[1])
            if scores[order[0]] - scores[second] <= SECOND_SENTENCE_WITHIN and found[second].language == best.language:
                chosen.append(second)
        return ShortAnswer(tuple(found[i].text for i in sorted(chosen)), best.language)
