"""Content checks that need the real model."""

import pytest

from veiviser.retrieval.confusion import near_duplicate_questions
from veiviser.retrieval.search import ArticleSearch

pytestmark = pytest.mark.model


def test_no_two_articles_share_near_duplicate_example_questions(real_search: ArticleSearch) -> None:
    assert [str(pair) for pair in near_duplicate_questions(real_search.index)] == []
