"""Follow-ups with the real model: a short question after an answer stays on its article unless it names another."""

import pytest

from veiviser.retrieval.search import ArticleSearch
from veiviser.understanding.context import follow_up_article

pytestmark = pytest.mark.model


@pytest.mark.parametrize(("last", "message"), [
    ("kindergarten", "А скільки це коштує?"),
    ("family-reunification", "and for my wife?"),
    ("introduction-programme", "hvor lenge varer det?"),
])
def test_a_short_follow_up_stays_on_the_article_just_discussed(real_search: ArticleSearch, last: str,
                                                               message: str) -> None:
    assert follow_up_article(real_search, message, real_search.search(message), last) == last


@pytest.mark.parametrize(("last", "message"), [
    ("general-practitioner", "and what about the dentist?"),
    ("kindergarten", "Як отримати податкову картку в Норвегії?"),
])
def test_a_message_that_names_another_topic_moves_on(real_search: ArticleSearch, last: str, message: str) -> None:
    assert follow_up_article(real_search, message, real_search.search(message), last) is None


def test_no_follow_up_without_an_earlier_answer_or_for_a_bare_ok(real_search: ArticleSearch) -> None:
    assert follow_up_article(real_search, "how much?", real_search.search("how much?"), None) is None
    assert follow_up_article(real_search, "ok", real_search.search("ok"), "kindergarten") is None
