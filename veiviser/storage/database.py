"""Opening the database: SQLite by default (folder created), PostgreSQL by URL; tables created or widened.

Columns are only ever added (nullable), so an older database is brought up to date in place with
`ALTER TABLE ... ADD COLUMN`; a full migration tool would be more than these two small tables need.
"""

import sqlite3
from pathlib import Path

from typing import Any, Final

from sqlalchemy import MetaData, create_engine, event, inspect, text
from sqlalchemy.engine import Engine

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


def open_database(url: str, metadata: MetaData) -> Engine:
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///file:"):  # a URI names an existing file
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    metadata.create_all(engine)
    inspector = inspect(engine)
    with engine.begin() as connection:
        for table in metadata.sorted_tables:
            present = {column["name"] for column in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name not in present and column.nullable:
                    kind = column.type.compile(dialect=engine.dialect)
                    connection.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}'))
    return engine
