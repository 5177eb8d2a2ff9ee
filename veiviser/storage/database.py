"""Opening the database: SQLite by default (folder created), PostgreSQL by URL; its schema brought up to date
by the migrations (SQLite) or checked to be (PostgreSQL, where `veiviser db upgrade` is the operator's step).
"""

import sqlite3
from pathlib import Path

from typing import Any, Final

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

from veiviser.storage.migrate import require_current, upgrade

#: How long an SQLite write waits for another writer's lock before it fails (the statistics writer retries).
SQLITE_BUSY_TIMEOUT_MS: Final = 5000


def _sqlite_pragmas(connection: Any, _: Any) -> None:
    """Write-ahead logging, so readers (the editors' dashboard) never block writers, and a busy timeout, so
    a writer waits for a lock instead of failing at once."""
    cursor = connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError:  # a read-only file still opens, for reading
        pass
    cursor.close()


def open_database(url: str) -> Engine:
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///file:"):  # a URI names an existing file
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    if engine.dialect.name == "sqlite":
        upgrade(engine)  # one process owns the file: it may alter it
    else:
        require_current(engine)
    return engine
