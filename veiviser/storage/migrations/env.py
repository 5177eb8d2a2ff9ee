"""Alembic's environment: `veiviser.storage.migrate` hands over the connection (no alembic.ini needed)."""

from alembic import context

from veiviser.storage.migrate import all_metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=all_metadata(),
                  render_as_batch=connection.dialect.name == "sqlite")  # SQLite alters a table by copying it
with context.begin_transaction():
    context.run_migrations()
