"""Search over the real knowledge base with the real model: right article, language, and abstention."""

import pytest

from veiviser.retrieval.index import ArticleIndex, _FlatIndex
from veiviser.retrieval.search import ArticleSearch

pytestmark = pytest.mark.model


@pytest.mark.parametrize(("question", "language", "slug"), [
    ("Як записатися на перевірку ID у податковій?", "uk", "id-check-and-population-register"),
    ("Hvordan får jeg BankID når jeg bare har D-nummer?", "nb", "bank-account-and-bankid"),
    ("what number do I call for legevakt at night", "en", "emergency-numbers"),
    ("كم مبلغ منحة برنامج التعريف؟", "ar", "introduction-benefit"),
])
def test_finds_the_article_and_the_language(real_search: ArticleSearch, question: str, language: str,
                                            slug: str) -> None:
    result = real_search.search(question)
    assert result.query_language == language
    assert result.hits[0].slug == slug
    assert result.confident


def test_results_are_ranked_best_first_and_limited_to_k(real_search: ArticleSearch) -> None:
    hits = real_search.search("Hvordan søker jeg barnehageplass?", k=4).hits
    assert len(hits) == 4
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_abstains_on_questions_outside_the_knowledge_base(real_search: ArticleSearch) -> None:
    result = real_search.search("Which football team won the Champions League in 1999?")
    assert not result.confident
    assert result.probability < real_search.abstain_below


def test_an_explicit_language_is_kept_and_checked(real_search: ArticleSearch) -> None:
    assert real_search.search("skattekort", language="pl").query_language == "pl"
    with pytest.raises(ValueError, match="unsupported"):
        real_search.search("skattekort", language="de")


def test_anchor_name_lifts_its_article(real_search: ArticleSearch) -> None:
    # "116 117" is written the same in every language: the lexical signal points at emergency numbers.
    without = real_search.score_articles("ring 116 117")
    assert max(without.values(), key=lambda h: h.score).slug == "emergency-numbers"


def test_a_reload_that_changes_no_safety_input_keeps_the_fitted_classifier(real_search: ArticleSearch) -> None:
    # Refitting on every edit took seconds; an edited summary or body changes none of what it learns from.
    same = ArticleSearch(real_search.kb, real_search.index, real_search.encoder, previous=real_search)
    assert same.safety is real_search.safety
    index = real_search.index
    fewer_questions = ArticleIndex(_FlatIndex(index.questions.entries[:-1], index.questions.vectors[:-1]),
                                   index.passages, index.key, index.safety, index.encoder)
    refitted = ArticleSearch(real_search.kb, fewer_questions, real_search.encoder, previous=real_search)
    assert refitted.safety is not real_search.safety
    assert refitted.assess_safety("he says he will kill me tonight").urgent
