"""The action server's one `ArticleSearch` and its stores, created on first use.

Loading models when the module is imported crashed the action server (it imports every module at
start-up and forks), so the search is built lazily, once, behind a lock.
"""

import threading
from functools import lru_cache

from veiviser.knowledge.loader import load_knowledge
from veiviser.retrieval.encoders import create_encoder
from veiviser.retrieval.live import LiveSearch
from veiviser.retrieval.search import ArticleSearch
from veiviser.settings import get_settings
from veiviser.storage.feedback import FeedbackStore
from veiviser.storage.insight import InsightStore

_live: LiveSearch | None = None
_lock = threading.Lock()


def get_search() -> ArticleSearch:
    """The current search; it follows edits under knowledge/ like the API's does."""
    global _live
    if _live is None:
        with _lock:
            if _live is None:
                settings = get_settings()
                kb, _ = load_knowledge(settings.knowledge_dir)
                search = ArticleSearch.build(kb, create_encoder(settings), settings.index_dir,
                                             abstain_below=settings.abstain_below)
                _live = LiveSearch(search, settings.knowledge_dir, settings.index_dir, settings.review_max_age_days)
                if settings.watch_knowledge:
                    _live.start_watching()
    return _live.current


@lru_cache(maxsize=1)
def get_feedback_store() -> FeedbackStore:
    return FeedbackStore(get_settings().database)


@lru_cache(maxsize=1)
def get_insight_store() -> InsightStore:
    return InsightStore(get_settings().database)
