"""Statistics are written after the reply and never in its way.

The questions log and the feedback store are for editors; a person's answer must not wait for them or be
lost because of them (a locked SQLite file, a full disk, a read-only volume made the action fail, and Rasa
then dropped the answer it had already queued). Writes go to a bounded queue served by one thread, are
retried a few times with growing pauses, and are dropped, counted and logged when they still fail.
"""

import logging
import queue
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Final

log = logging.getLogger(__name__)

#: Tries per write, and the first pause between tries (doubled each time): with SQLite's busy timeout of 5 s
#: a write gives up after about 20 s.
ATTEMPTS: Final = 3
FIRST_PAUSE_S: Final = 0.5
#: Writes waiting beyond this many are dropped at once rather than held in memory.
CAPACITY: Final = 1000

Write = Callable[[], object]


class BackgroundWriter:
    """One queue and one daemon thread for best-effort writes.

        writer.submit("questions", lambda: store.record(...))  # returns at once
        writer.dropped["questions"]                             # how many were given up
    """

    def __init__(self, attempts: int = ATTEMPTS, first_pause_s: float = FIRST_PAUSE_S,
                 capacity: int = CAPACITY) -> None:
        self.attempts = attempts
        self.first_pause_s = first_pause_s
        self.written: Counter[str] = Counter()
        self.dropped: Counter[str] = Counter()
        self._queue: queue.Queue[tuple[str, Write]] = queue.Queue(maxsize=capacity)
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, what: str, write: Write) -> None:
        """Queues `write` (named `what` in counts and logs); never raises, never blocks."""
        self._ensure_thread()
        try:
            self._queue.put_nowait((what, write))
        except queue.Full:
            self._drop(what, "queue full")

    def wait_idle(self, timeout_s: float) -> bool:
        """True once every queued write is done (written or dropped); False after `timeout_s`."""
        deadline = time.monotonic() + timeout_s
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def _ensure_thread(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._serve, name="statistics-writer", daemon=True)
                self._thread.start()

    def _serve(self) -> None:
        while True:
            what, write = self._queue.get()
            try:
                self._write(what, write)
            finally:
                self._queue.task_done()

    def _write(self, what: str, write: Write) -> None:
        for attempt in range(self.attempts):
            try:
                write()
            except Exception as error:  # any failure of bookkeeping; the thread must outlive it
                reason = type(error).__name__
                if attempt + 1 < self.attempts:
                    time.sleep(self.first_pause_s * 2 ** attempt)
            else:
                self.written[what] += 1
                return
        self._drop(what, reason)

    def _drop(self, what: str, reason: str) -> None:
        self.dropped[what] += 1
        # The type of the error only: a database error's text can hold the row, and the row a question.
        log.warning("statistics write dropped: %s (%s); %d dropped so far", what, reason, self.dropped[what])


_writer: BackgroundWriter | None = None
_writer_lock = threading.Lock()


def statistics_writer() -> BackgroundWriter:
    """The process's one writer. A lock, not `lru_cache` as elsewhere: `lru_cache` may run the function twice
    when two threads ask at once, and two writers would each keep a queue, a thread and their own count of
    dropped writes."""
    global _writer
    with _writer_lock:
        if _writer is None:
            _writer = BackgroundWriter()
        return _writer
