"""The safety classifier with the real model: held-out messages get help first, ordinary ones do not."""

import pytest

from veiviser.knowledge.loader import KnowledgeBase
from veiviser.retrieval.search import ArticleSearch, fit_safety_classifier
from veiviser.understanding.evaluation import load_safety_cases, score_safety
from veiviser.understanding.safety import SafetyClassifier

pytestmark = pytest.mark.model


def test_a_sample_of_the_held_out_sets_meets_the_goals(real_search: ArticleSearch) -> None:
    # Every third case: a fast, fixed subset of the dev sets (`make eval-dialogue` runs them all).
    safety, ordinary = load_safety_cases()
    figures = score_safety(real_search.assess_safety, safety[::3], ordinary[::3])
    assert figures.recall >= 0.95, [c.text for c in figures.misses]
    assert figures.false_alarm_rate <= 0.06, [c.text for c in figures.alarms]
    assert figures.urgent_false_alarm_rate <= 0.02


@pytest.mark.parametrize(("message", "category"), [
    ("I have dark thoughts and think about ending my life", "suicide"),
    ("my husband said he will kill me if I leave", "threat"),
    ("mąż mnie zabije jeśli się dowie", "threat"),
    ("nebenoriu gyventi", "suicide"),
    ("eg vil ikkje leva lenger", "suicide"),
    ("my boss keeps my passport and I work 14 hours a day without pay", "exploitation"),
])
def test_the_messages_from_the_issue_are_urgent(real_search: ArticleSearch, message: str, category: str) -> None:
    assessment = real_search.assess_safety(message)
    assert assessment.urgent, (message, assessment)
    assert assessment.category == category or category == "threat" and assessment.category == "domestic-violence"


@pytest.mark.parametrize("message", ["this queue is killing me", "I'd die for a cheaper flat",
                                     "Hvordan får jeg skattekort?", "Як записати дитину до школи?"])
def test_ordinary_messages_and_idioms_get_no_help_line(real_search: ArticleSearch, message: str) -> None:
    assert real_search.assess_safety(message).level == "none"


def test_without_examples_only_the_keyword_terms_are_left(knowledge: KnowledgeBase,
                                                          real_search: ArticleSearch) -> None:
    index = real_search.index
    keyword_only = SafetyClassifier.fit([], index.safety.vectors[:0], [], index.questions.vectors[:0],
                                        knowledge.guidance)
    vector = real_search.encoder.encode_queries(["he hits me"])[0]
    assert keyword_only.assess("my husband hits me", vector).level != "none"
    assert keyword_only.assess("how do I get a tax card", vector).level == "none"
    assert fit_safety_classifier(index, knowledge).model is not None
