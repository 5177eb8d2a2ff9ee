"""A lexical signal for exact names: BankID, D-nummer, skattekort, 116 117, NAV.

Embeddings blur rare proper names; plain BM25 fused with them hurt ranking when measured (it rewards common
words). So only *anchor terms* count here: words that appear in the same article in at least two languages
(names survive translation, ordinary words do not) and in only a few articles. A query containing one
gives those articles a small bonus; a query with none changes nothing.
"""

import re
from collections import defaultdict
from dataclasses import dataclass

from veiviser.knowledge.loader import KnowledgeBase

_DIGIT_GROUPS = re.compile(r"(?<!\d)(\d{2,3})(?: (\d{2,3}))+(?!\d)")
_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
MIN_LANGUAGES = 2
MAX_ARTICLES = 3
# Close languages share ordinary words; they count as one language when looking for names.
_LANGUAGE_FAMILY = {"nn": "nb", "ru": "uk"}


def tokens(text: str) -> set[str]:
    """Lower-cased word tokens; phone-style digit groups are joined ('116 117' -> '116117').

    >>> sorted(tokens("Ring 116 117 eller bruk BankID/D-nummer"))
    ['116117', 'bankid', 'bruk', 'd-nummer', 'eller', 'ring']
    """
    joined = _DIGIT_GROUPS.sub(lambda m: m.group(0).replace(" ", ""), text)
    return {t.lower() for t in _TOKEN.findall(joined) if len(t) >= 3 or t.isdigit()}


@dataclass(frozen=True)
class AnchorTerms:
    """Anchor term -> the articles it names."""

    articles_by_term: dict[str, frozenset[str]]

    @classmethod
    def from_knowledge(cls, kb: KnowledgeBase) -> "AnchorTerms":
        languages_by_term: dict[tuple[str, str], set[str]] = defaultdict(set)
        for text in kb.texts():
            words = tokens(" ".join([text.title, text.summary, text.body, *text.steps, *text.meta.questions,
                                     *text.meta.aliases]))
            for word in words:
                languages_by_term[(word, text.slug)].add(_LANGUAGE_FAMILY.get(text.language, text.language))
        articles: dict[str, set[str]] = defaultdict(set)
        for (word, slug), languages in languages_by_term.items():
            if len(languages) >= MIN_LANGUAGES and (len(word) >= 4 or any(c.isdigit() for c in word)):
                articles[word].add(slug)
        return cls({w: frozenset(s) for w, s in articles.items() if len(s) <= MAX_ARTICLES})

    def bonuses(self, query: str, weight: float) -> dict[str, float]:
        """Article -> bonus for the anchor terms in `query` (a term shared by n articles gives weight / n)."""
        found: dict[str, float] = defaultdict(float)
        for word in tokens(query):
            slugs = self.articles_by_term.get(word)
            if slugs:
                for slug in slugs:
                    found[slug] += weight / len(slugs)
        return dict(found)
