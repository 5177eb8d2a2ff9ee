"""The actions' one `ArticleSearch` and its stores: the API's own when the API serves the actions
(`share_search`), otherwise created on first use.

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


def share_search(live: LiveSearch) -> None:
    """Actions served from the API process (`api.action_server`) use the API's live search: one model,
    one index, one file watcher."""
    global _live
    with _lock:
        _live = live


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
