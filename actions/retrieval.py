"""The action server's one `ArticleSearch` and its stores, created on first use.

Loading models when the module is imported crashed the action server (it imports every module at
start-up and forks), so the search is built lazily, once, behind a lock.
"""

import threading
from functools import lru_cache

from veiviser.retrieval.live import LiveSearch, live_search_from_settings
from veiviser.retrieval.search import ArticleSearch
from veiviser.settings import get_settings
from veiviser.storage.feedback import FeedbackStore
from veiviser.storage.insight import InsightStore
from veiviser.understanding.language import UnsupportedLanguageCheck

_live: LiveSearch | None = None
_lock = threading.Lock()


def get_search() -> ArticleSearch:
    """The current search; it follows edits under knowledge/ like the API's does."""
    global _live
    if _live is None:
        with _lock:
            if _live is None:
                settings = get_settings()
                _live = live_search_from_settings(settings)
                if settings.watch_knowledge:
                    _live.start_watching()
    return _live.current


@lru_cache(maxsize=1)
def get_unsupported_check() -> UnsupportedLanguageCheck:
    return UnsupportedLanguageCheck()


@lru_cache(maxsize=1)
def get_feedback_store() -> FeedbackStore:
    return FeedbackStore(get_settings().database)


@lru_cache(maxsize=1)
def get_insight_store() -> InsightStore:
    return InsightStore(get_settings().database)
