"""Safety as understanding, not a word list: is this message about danger, and which kind?

Two logistic regressions learn from the curated examples in `knowledge/_safety.yml`, against ordinary
messages (the knowledge base's example questions and the file's hard negatives, "this queue is killing me"):
one over the message's meaning (its embedding, the vector the search computes anyway), which also names the
category, and one over its spelling (character n-grams), which catches inflections and misspellings the
small embedding model blurs. Their mean is the probability; a keyword term from `_guidance.yml` adds a small
bonus, a second signal. Measured on held-out dev sets, the mean beats either model alone. One decision:

- `urgent`: help contacts for the category first, before anything else;
- `notice`: a weaker signal, so the answer carries one line of help contacts;
- `none`.

The thresholds were chosen on held-out dev sets (`make eval-dialogue`), recall first: a missed message costs
far more than an extra paragraph of phone numbers.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal, cast

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from veiviser.knowledge.guidance import Guidance
from veiviser.knowledge.safety_examples import NOT_SAFETY, SAFETY_CATEGORIES, SafetyCategory

SafetyLevel = Literal["none", "notice", "urgent"]


@dataclass(frozen=True)
class SafetyThresholds:
    """Where the combined score turns into a level, and how the two models are fitted."""

    urgent_at: float = 0.5
    #: Chosen on the dialogue dev sets (2,323 examples): 0.35 gave recall 0.988 at 1.5 % false alarms,
    #: 0.38 gives 0.980 at 0.8 %, 0.40 gives 0.971 at 0.5 %.
    notice_at: float = 0.38
    #: Added to the score when a keyword term matches.
    keyword_bonus: float = 0.2
    #: Hard negatives count more than ordinary questions: they are the near misses the boundary must learn.
    hard_negative_weight: float = 10.0
    #: Inverse regularisation strength of both logistic regressions.
    regularisation: float = 3.0


DEFAULT_THRESHOLDS: Final = SafetyThresholds()


@dataclass(frozen=True)
class SafetyAssessment:
    """What the classifier made of one message."""

    level: SafetyLevel
    category: SafetyCategory | None  # the most likely category, when the level is not "none"
    score: float  # probability of any safety category, plus the keyword bonus, at most 1
    keyword: bool  # a term from `_guidance.yml` matched

    @property
    def urgent(self) -> bool:
        return self.level == "urgent"


NO_SIGNAL: Final = SafetyAssessment("none", None, 0.0, False)


class SafetyClassifier:
    """Fitted once per knowledge base version (at start-up and on reload), then a dot product per message.

        classifier = SafetyClassifier.fit(examples, example_vectors, questions, question_vectors, kb.guidance)
        classifier.assess("he says he will kill me if I leave", encoder.encode_queries([...])[0]).level
        # -> 'urgent'
    """

    def __init__(self, model: LogisticRegression | None, guidance: Guidance,
                 thresholds: SafetyThresholds = DEFAULT_THRESHOLDS,
                 spelling: tuple[TfidfVectorizer, LogisticRegression] | None = None) -> None:
        if (model is None) != (spelling is None):
            raise ValueError("both models or neither")
        self.model = model
        self.guidance = guidance
        self.thresholds = thresholds
        if spelling is not None:
            self.character_grams, self.spelling = spelling
        classes = list(model.classes_) if model is not None else []
        self._none_column = classes.index(NOT_SAFETY) if NOT_SAFETY in classes else None
        self._categories = [cast(SafetyCategory, str(c)) for c in classes]

    @classmethod
    def fit(cls, examples: Sequence[tuple[str, str]], example_vectors: np.ndarray, ordinary: Sequence[str],
            ordinary_vectors: np.ndarray, guidance: Guidance,
            thresholds: SafetyThresholds = DEFAULT_THRESHOLDS) -> "SafetyClassifier":
        """Learns from (text, category or NOT_SAFETY) examples and their vectors, against ordinary messages
        (the knowledge base's example questions). Without positive examples only the keyword terms are left."""
        positives = [i for i, (_, label) in enumerate(examples) if label != NOT_SAFETY]
        if not positives:
            return cls(None, guidance, thresholds)
        hard = [i for i, (_, label) in enumerate(examples) if label == NOT_SAFETY]
        order = positives + hard
        vectors = np.vstack([example_vectors[order], ordinary_vectors])
        labels = [examples[i][1] for i in order] + [NOT_SAFETY] * len(ordinary)
        texts = [examples[i][0] for i in order] + list(ordinary)
        weights = np.concatenate([
            np.full(len(positives), len(ordinary) / len(positives)),  # both sides weigh the same in total
            np.full(len(hard), thresholds.hard_negative_weight),
            np.ones(len(ordinary)),
        ])
        meaning = LogisticRegression(C=thresholds.regularisation, max_iter=2000)
        meaning.fit(vectors, labels, sample_weight=weights)
        character_grams = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
        spelling = LogisticRegression(C=thresholds.regularisation, max_iter=3000)
        spelling.fit(character_grams.fit_transform(texts), [label != NOT_SAFETY for label in labels],
                     sample_weight=weights)
        return cls(meaning, guidance, thresholds, (character_grams, spelling))

    def assess(self, text: str, vector: np.ndarray) -> SafetyAssessment:
        """The level and category for a message, from its query embedding and its words."""
        keyword = self.guidance.is_safety_message(text)
        if self.model is None or self._none_column is None:
            # No examples to learn from (a missing or broken `_safety.yml`): the terms alone decide, as before
            # the classifier existed, so safety is never silently off.
            return SafetyAssessment("urgent", None, 1.0, True) if keyword else NO_SIGNAL
        row = self.model.predict_proba(vector.reshape(1, -1))[0]
        by_meaning = float(1.0 - row[self._none_column])
        by_spelling = float(self.spelling.predict_proba(self.character_grams.transform([text]))[0, 1])
        probability = (by_meaning + by_spelling) / 2
        row[self._none_column] = -1.0
        category = self._categories[int(np.argmax(row))]
        score = min(1.0, probability + (self.thresholds.keyword_bonus if keyword else 0.0))
        if score >= self.thresholds.urgent_at:
            level: SafetyLevel = "urgent"
        elif score >= self.thresholds.notice_at:
            level = "notice"
        else:
            return SafetyAssessment("none", None, score, keyword)
        return SafetyAssessment(level, category, score, keyword)


__all__ = ["NO_SIGNAL", "SAFETY_CATEGORIES", "SafetyAssessment", "SafetyClassifier", "SafetyLevel",
           "SafetyThresholds"]
