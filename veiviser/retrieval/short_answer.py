"""The short answer: the one to three sentences of the chosen article that answer this question.

An article's summary answers the usual question; the fact someone asks for ("how long is the introduction
programme?", "what is the police's non-emergency number?") is often further down. The article's passages (its
summary in the user's language, and the passages of its full text, in the user's language where it has one)
are ranked by similarity to the question with the index's own vectors, with a small bonus for passages holding
a number when the question asks for one. Extractive only: the words are the article's own.
"""

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from veiviser.knowledge.model import ArticleText
from veiviser.retrieval.encoders import TextEncoder
from veiviser.retrieval.index import Entry
from veiviser.retrieval.segmentation import body_sentences, sentences

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


_SPACES: Final = re.compile(r"\s+")


def _squeezed(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _sentences_within(passage: str, full: ArticleText) -> list[str]:
    """The article's own sentences (a list item each its own, headings left out) that lie in this passage:
    "up to 2 years" alone, not the whole list glued to the next paragraph's heading."""
    inside = _squeezed(passage)
    return [sentence for sentence, heading in body_sentences(full.body, full.language)
            if not heading and _squeezed(sentence) in inside]


@dataclass(frozen=True)
class ShortAnswer:
    sentences: tuple[str, ...]
    language: str  # the language the sentences are in (the article may lack the user's)


#: The best sentences shown, in the best one's language. Measured on the facts dev set (tests/eval/facts.yml,
#: through the answer policy): the fact asked for was in 0.793 of the answers with one sentence (a second only
#: when it scored within 0.015 of the first), 0.818 with two.
SENTENCES_SHOWN: Final = 2
#: How many of the article's best passages (ranked with the index's vectors) are split into sentences.
PASSAGES_LOOKED_AT: Final = 2


class ShortAnswerFinder:
    """Ranks an article's passages with the vectors the index already holds, then the sentences of the best
    few, whose vectors are cached. Measured under load: embedding every sentence of an article on first use
    cost two thirds of the chat throughput; a few sentences of three passages cost little.

        finder.find(question, question_vector, shown, full)
        # -> ShortAnswer(sentences=("For the police when it is not urgent, call 02800.",), language="en")
    """

    def __init__(self, encoder: TextEncoder, passages: Sequence[Entry], vectors: np.ndarray,
                 cached_sentences: int = 20_000) -> None:
        self.encoder = encoder
        self._vectors = vectors
        self._entries = list(passages)
        self._rows: dict[tuple[str, str], list[int]] = {}
        for row, entry in enumerate(self._entries):
            self._rows.setdefault((entry.slug, entry.language), []).append(row)
        self._sentence_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cached_sentences = cached_sentences
        self._lock = threading.Lock()

    def _embed(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._sentence_vectors]
        if missing:
            fresh = self.encoder.encode_queries(missing)
            with self._lock:
                self._sentence_vectors.update(zip(missing, fresh))
                while len(self._sentence_vectors) > self._cached_sentences:
                    self._sentence_vectors.popitem(last=False)
        with self._lock:
            return np.vstack([self._sentence_vectors.get(t, np.zeros_like(self._vectors[0])) for t in texts])

    def find(self, question: str, question_vector: np.ndarray, shown: ArticleText, full: ArticleText,
             status: str | None = None) -> ShortAnswer | None:
        """The best one or two sentences of the article's summary (shown language) and full-text passages.
        `status` is accepted for symmetry; the status part has its own place on the card."""
        rows = [r for r in self._rows.get((shown.slug, shown.language), []) if self._entries[r].kind == "summary"]
        steps = " ".join(full.steps)  # the card shows the steps already
        rows += [r for r in self._rows.get((full.slug, full.language), [])
                 if self._entries[r].kind == "passage" and self._entries[r].text != steps]
        if not rows:
            return None
        # A question that states a number ("I am 22 ...") is answered by a rule with numbers in it.
        asks_for_a_number = bool(_ASKS_FOR_A_NUMBER.search(question) or _DIGIT.search(question))

        def bonus(texts: list[str]) -> np.ndarray:
            return NUMBER_BONUS * np.array([asks_for_a_number and bool(_DIGIT.search(t)) for t in texts], float)

        found: list[list[str]] = []
        for row in rows:
            entry = self._entries[row]
            if entry.kind == "summary":
                found.append(sentences(entry.text.removeprefix(f"{shown.title}. "), entry.language))
            else:
                found.append(_sentences_within(entry.text, full) or sentences(entry.text, entry.language))
        # The bonus looks at the sentences that can be shown: a lead-in's "2." is not a number that answers.
        passage_scores = self._vectors[rows] @ question_vector + bonus([" ".join(texts) for texts in found])
        candidates: list[tuple[str, str]] = []
        for i in np.argsort(-passage_scores)[:PASSAGES_LOOKED_AT]:
            candidates += [(s, self._entries[rows[i]].language) for s in found[i] if not s.endswith("?")]
        if not candidates:
            return None
        texts = [text for text, _ in candidates]
        scores = self._embed(texts) @ question_vector + bonus(texts)
        order = np.argsort(-scores)
        language = candidates[int(order[0])][1]
        chosen = [int(i) for i in order if candidates[int(i)][1] == language][:SENTENCES_SHOWN]
        return ShortAnswer(tuple(candidates[i][0] for i in sorted(chosen)), language)
