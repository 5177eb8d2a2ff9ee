"""Schema migrations: a new database gets the tables the code defines, a 0.1.0 one keeps its rows and is
stamped, and a worker on a database that is behind refuses to start."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from veiviser.storage.database import open_database
from veiviser.storage.migrate import DatabaseBehind, all_metadata, current_revision, head_revision, require_current


def test_a_new_database_gets_exactly_the_tables_the_code_defines(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'new.db'}")
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), all_metadata())
    assert differences == []  # a model changed without a migration shows here


def test_a_database_from_before_migrations_keeps_its_rows_and_is_stamped(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = create_engine(url)
    with old.begin() as connection:  # as 0.1.0's first stop made it: no question column, no editors' tables
        connection.execute(text("CREATE TABLE feedback (id INTEGER NOT NULL, hour DATETIME NOT NULL, "
                                "article VARCHAR(80), language VARCHAR(8) NOT NULL, status VARCHAR(32), "
                                "helpful BOOLEAN NOT NULL, reason VARCHAR(32), PRIMARY KEY (id))"))
        connection.execute(text("INSERT INTO feedback (hour, article, language, helpful) "
                                "VALUES (:hour, 'school', 'uk', 1)"), {"hour": datetime.now(UTC)})
    old.dispose()
    engine = open_database(url)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT article, question FROM feedback")).all() == [("school", None)]
        assert compare_metadata(MigrationContext.configure(connection), all_metadata()) == []


def test_a_worker_refuses_a_database_that_is_behind(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'behind.db'}")  # never upgraded
    with pytest.raises(DatabaseBehind, match="veiviser db upgrade"):
        require_current(engine)
