"""Retrieval: language detection, encoders, segmentation, the faiss index and article search.

    from veiviser.retrieval import ArticleSearch
    search = ArticleSearch.build(kb, create_encoder(settings), index_dir)
    search.search("Як записатися на перевірку ID?").hits[0].slug
    # -> 'id-check-and-population-register'
"""

from veiviser.retrieval.encoders import TextEncoder, create_encoder
from veiviser.retrieval.language_detection import DetectedLanguage, LanguageDetector
from veiviser.retrieval.search import ArticleHit, ArticleSearch, SearchResult

__all__ = [
    "ArticleHit", "ArticleSearch", "DetectedLanguage", "LanguageDetector", "SearchResult", "TextEncoder",
    "create_encoder",
]
