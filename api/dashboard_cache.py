"""The editors' dashboard, built at most once per change: clustering a few thousand questions costs seconds
on a small server, and several editors reloading the page must not each pay for it."""

import threading
import time
from collections.abc import Callable, Hashable
from typing import Final

from veiviser.insight import Dashboard

#: A board is rebuilt when what it shows changed, and at least this often (the review dates age by the day).
MAX_AGE_SECONDS: Final = 300.0


class DashboardCache:
    """
        board = cache.get(key, build)   # `build()` runs only when `key` changed or the board is too old
    """

    def __init__(self, max_age_s: float = MAX_AGE_SECONDS) -> None:
        self.max_age_s = max_age_s
        self._key: Hashable = None
        self._board: Dashboard | None = None
        self._built_at = 0.0
        self._lock = threading.Lock()  # one build at a time; the others wait for it and reuse it

    def get(self, key: Hashable, build: Callable[[], Dashboard]) -> Dashboard:
        with self._lock:
            fresh = time.monotonic() - self._built_at < self.max_age_s
            if self._board is None or key != self._key or not fresh:
                self._board, self._key, self._built_at = build(), key, time.monotonic()
            return self._board
