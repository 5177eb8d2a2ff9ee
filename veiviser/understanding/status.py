"""The person's situation (status): taken from their own words, and used to choose between close articles.

"I am a refugee. How long is the introduction programme?" states a status: the answer uses the refugee part
of the article and the status question is not asked. The phrases are content (`status_phrases` in
`knowledge/_guidance.yml`), so editors extend them without code.
"""

from typing import Final

from veiviser.knowledge.loader import KnowledgeBase
from veiviser.retrieval.search import SearchResult
from veiviser.retrieval.segmentation import sentences

#: How far below the top article one with a part for the person's status may score and still be preferred.
STATUS_PART_MARGIN: Final = 0.02
#: What is left of a message without its status sentences is searched on its own from this many words.
MIN_QUESTION_WORDS: Final = 3


def stated_status(kb: KnowledgeBase, *texts: str) -> str | None:
    """The status the first of `texts` that states one states (the message as typed, then its reading)."""
    for text in texts:
        found = kb.guidance.status_in_message(text)
        if found:
            return found
    return None


def question_without_status(kb: KnowledgeBase, text: str, language: str) -> str | None:
    """The message without its sentences that state a status, when something is left to search: in "I'm a
    student from Uzbekistan. Can I work part-time while I study?" the status sentence outweighs the question
    in the embedding, and the study articles win over the work one. None when no sentence states a status or
    every sentence does ("I have collective protection and want to swap my licence" is searched whole)."""
    parts = sentences(text, language)
    kept = [part for part in parts if not kb.guidance.status_in_message(part)]
    if len(kept) == len(parts) or not kept or len(" ".join(kept).split()) < MIN_QUESTION_WORDS:
        return None
    return " ".join(kept)


def has_status_part(kb: KnowledgeBase, slug: str, status: str) -> bool:
    article = kb.articles.get(slug)
    return article is not None and any(status in text.meta.by_status for text in article.texts.values())


def written_for(kb: KnowledgeBase, slug: str, status: str) -> bool:
    """True when the whole article is about this status (it applies to it and has no parts by status):
    the collective protection article for someone with collective protection."""
    article = kb.articles.get(slug)
    return article is not None and all(status in text.meta.statuses and not text.meta.by_status
                                       for text in article.texts.values())


def prefer_status_part(kb: KnowledgeBase, result: SearchResult, status: str | None) -> str | None:
    """The article to answer from when the person's status is known: the top article, unless it says nothing
    about that status and one close behind it does ("I'm an asylum seeker: can I work while I wait?" is the
    work article's asylum-seeker part, not the asylum procedure)."""
    if not result.hits:
        return None
    top = result.hits[0]
    if status is None or has_status_part(kb, top.slug, status) or written_for(kb, top.slug, status):
        return top.slug
    for hit in result.hits[1:]:
        if top.score - hit.score <= STATUS_PART_MARGIN and has_status_part(kb, hit.slug, status):
            return hit.slug
    return top.slug
