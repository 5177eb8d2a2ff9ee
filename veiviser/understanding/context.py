"""Follow-ups: a short or elliptic message after an answer is read against the article just discussed.

"А скільки це коштує?" after the kindergarten answer is about kindergarten, though on its own it matches the
introduction benefit as well as anything. The article just discussed competes with a fresh search and wins
when the message is short and the fresh top article is not clearly better; a message that clearly names
another topic ("and what about the dentist?") still moves on. Tuned on `tests/eval/dialogue/followups.yml`:
61 of 64 right against 40 of 64 for a fresh search alone; the margin gave the same figure from 0.04 to 0.10.
"""

from typing import Final

from veiviser.retrieval.search import ArticleSearch, SearchResult

FOLLOW_UP_MAX_WORDS: Final = 12
#: How far below the fresh top article the one just discussed may score and still win.
FOLLOW_UP_MARGIN: Final = 0.04
#: A fresh search this sure of another article is a new topic, however short the message.
NEW_TOPIC_PROBABILITY: Final = 0.9


def follow_up_article(search: ArticleSearch, text: str, result: SearchResult, last_article: str | None) -> str | None:
    """`last_article` when `text` reads as a follow-up to it, else None (a new question)."""
    if not last_article or last_article not in search.kb.articles or not result.hits:
        return None
    words = len(text.split())
    if words > FOLLOW_UP_MAX_WORDS or text.startswith("/") or (words < 2 and "?" not in text):
        return None  # "ok" or "👍" after an answer is not a question about it
    top = result.hits[0]
    if top.slug == last_article:
        return last_article  # the same topic, even when the short message alone is not enough to be sure
    if result.confident and result.probability >= NEW_TOPIC_PROBABILITY:
        return None
    last = search.score_articles(text, result.query_language).get(last_article)
    return last_article if last is not None and top.score - last.score <= FOLLOW_UP_MARGIN else None
