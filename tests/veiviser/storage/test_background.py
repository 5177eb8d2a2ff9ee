"""Best-effort statistics: retried while the database is locked, dropped and counted when it stays broken."""

import sqlite3
import threading
import time
from pathlib import Path

from veiviser.storage.background import BackgroundWriter
from veiviser.storage.feedback import Feedback, FeedbackStore


def test_a_write_waits_out_a_short_lock_and_lands(tmp_path: Path) -> None:
    path = tmp_path / "stats.db"
    store = FeedbackStore(f"sqlite:///{path}")
    locker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    locker.execute("BEGIN EXCLUSIVE")  # another process holds the file
    threading.Timer(1.0, lambda: locker.execute("COMMIT")).start()
    writer = BackgroundWriter(attempts=3, first_pause_s=0.2)
    started = time.monotonic()
    writer.submit("feedback", lambda: store.add(Feedback("school", "uk", None, helpful=True)))
    assert time.monotonic() - started < 0.5  # submitting never waits for the database
    assert writer.wait_idle(30)
    assert writer.written["feedback"] == 1 and not writer.dropped
    assert len(store.all()) == 1
    locker.close()


def test_a_read_only_database_drops_the_write_and_counts_it(tmp_path: Path) -> None:
    path = tmp_path / "stats.db"
    FeedbackStore(f"sqlite:///{path}")
    store = FeedbackStore(f"sqlite:///file:{path}?mode=ro&uri=true")  # as on a read-only volume
    writer = BackgroundWriter(attempts=2, first_pause_s=0.01)
    writer.submit("feedback", lambda: store.add(Feedback("school", "uk", None, helpful=True)))
    assert writer.wait_idle(30)
    assert writer.dropped["feedback"] == 1 and not writer.written


def test_a_full_queue_drops_at_once_instead_of_growing(tmp_path: Path) -> None:
    release = threading.Event()
    writer = BackgroundWriter(attempts=1, capacity=1)
    writer.submit("slow", release.wait)  # taken by the thread, which now waits
    time.sleep(0.1)
    writer.submit("queued", lambda: None)
    writer.submit("overflow", lambda: None)
    assert writer.dropped["overflow"] == 1
    release.set()
    assert writer.wait_idle(10) and writer.written["queued"] == 1
