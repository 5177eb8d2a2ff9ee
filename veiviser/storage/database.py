"""Opening the database: SQLite by default (folder created), PostgreSQL by URL; tables created or widened.

Columns are only ever added (nullable), so an older database is brought up to date in place with
`ALTER TABLE ... ADD COLUMN`; a full migration tool would be more than these two small tables need.
"""

from pathlib import Path

from sqlalchemy import MetaData, create_engine, inspect, text
from sqlalchemy.engine import Engine


def open_database(url: str, metadata: MetaData) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True)
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
