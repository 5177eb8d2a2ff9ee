"""Logged-out editor sessions, in the database every API worker shares: a logout on one worker ends the
session on all of them (a cookie is valid until it expires otherwise, wherever it is shown)."""

from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, MetaData, String, Table, delete, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from veiviser.storage.database import open_database

metadata = MetaData()
ended_sessions_table = Table(
    "ended_sessions", metadata,
    Column("session_id", String(40), primary_key=True),
    Column("expires", DateTime(timezone=True), nullable=False),  # after this the cookie is refused anyway
)


class EndedSessions:
    def __init__(self, url: str) -> None:
        self._engine: Engine = open_database(url)

    def end(self, session_id: str, expires: float, now: float) -> None:
        with self._engine.begin() as connection:
            # Rows past their cookie's expiry are no longer needed: the signature check refuses those cookies.
            connection.execute(delete(ended_sessions_table).where(
                ended_sessions_table.c.expires <= datetime.fromtimestamp(now, UTC)))
            try:
                connection.execute(insert(ended_sessions_table).values(
                    session_id=session_id, expires=datetime.fromtimestamp(expires, UTC)))
            except IntegrityError:
                pass  # logged out twice

    def is_ended(self, session_id: str) -> bool:
        with self._engine.connect() as connection:
            return connection.execute(select(ended_sessions_table.c.session_id).where(
                ended_sessions_table.c.session_id == session_id)).first() is not None
