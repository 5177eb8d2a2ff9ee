"""Schema migrations of our own tables with Alembic (`veiviser/storage/migrations/`).

SQLite (the embedded default): each store brings its file up to date when it opens it, so `make run` needs no
step of its own. PostgreSQL (several workers share it): `veiviser db upgrade` runs once before the workers
start; a worker that finds the database behind refuses to start instead of racing another to alter it.
A database made by 0.1.0, before migrations, is brought to the baseline and stamped, never created again.
"""

import logging
from pathlib import Path
from typing import Final

# Alembic tells every step at INFO, some as it is imported; each store opening its database would fill the
# log with them.
logging.getLogger("alembic").setLevel(logging.WARNING)

from alembic import command  # noqa: E402
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, MetaData, inspect, text

MIGRATIONS: Final = Path(__file__).resolve().parent / "migrations"
BASELINE: Final = "0001"


class DatabaseBehind(RuntimeError):
    """The database's schema is older than this version's; `veiviser db upgrade` brings it up to date."""


def all_metadata() -> MetaData:
    """Every table of ours as the code defines it now (what the migrations must produce)."""
    from veiviser.editorial.accounts import metadata as accounts
    from veiviser.editorial.drafts import metadata as drafts
    from veiviser.editorial.ended_sessions import metadata as ended_sessions
    from veiviser.storage.feedback import metadata as feedback
    from veiviser.storage.insight import metadata as insight

    combined = MetaData()
    for part in (feedback, insight, accounts, drafts, ended_sessions):
        for table in part.tables.values():
            table.to_metadata(combined)
    return combined


def _config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config(None)).get_current_head()  # type: ignore[arg-type]
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> str:
    """Brings the database to the newest revision; returns it."""
    from veiviser.storage.migrations.baseline import baseline

    with engine.begin() as connection:
        config = _config(connection)
        existing = set(inspect(connection).get_table_names())
        if MigrationContext.configure(connection).get_current_revision() is None and existing & set(baseline.tables):
            _widen_to_baseline(connection, baseline, existing)
            command.stamp(config, BASELINE)
        command.upgrade(config, "head")
    return head_revision()


def _widen_to_baseline(connection: Connection, baseline: MetaData, existing: set[str]) -> None:
    """A 0.1.0 database may predate some nullable columns (0.1.0 added them in place) or a table."""
    inspector = inspect(connection)
    for table in baseline.sorted_tables:
        if table.name not in existing:
            table.create(connection)
            continue
        present = {column["name"] for column in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name not in present and column.nullable:
                kind = column.type.compile(dialect=connection.dialect)
                connection.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}'))


def require_current(engine: Engine) -> None:
    """Raises when the database is not at the newest revision (PostgreSQL: upgrading is the operator's step)."""
    current, head = current_revision(engine), head_revision()
    if current != head:
        raise DatabaseBehind(f"the database {engine.url.render_as_string(hide_password=True)} is at revision "
                             f"{current or 'none'}, this version needs {head}: run `veiviser db upgrade` once "
                             "before starting the workers")
