"""A tracker store as Rasa's SQL tracker store lays it out, for retention tests without Rasa."""

import sqlite3
from datetime import datetime
from pathlib import Path


def write_tracker_store(path: Path, events: list[tuple[str, datetime]]) -> None:
    """The table Rasa's SQL tracker store creates, with events at the given times."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
                   "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
                   "action_name VARCHAR(255), data TEXT)")
        db.executemany("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'user', ?, '{}')",
                       [(sender, when.timestamp()) for sender, when in events])


def conversation_sizes(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT sender_id, COUNT(*) FROM events GROUP BY sender_id").fetchall())
