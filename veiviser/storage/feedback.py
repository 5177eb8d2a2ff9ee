"""Feedback on answers: which article, in which language, for which status, helpful or why not.

Nothing that identifies a person is stored: no session id, no message text, and the time only to the hour.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from sqlalchemy import Boolean, Column, DateTime, Integer, MetaData, String, Table, create_engine, insert, select
from sqlalchemy.engine import Engine

FEEDBACK_REASONS: Final[tuple[str, ...]] = ("wrong-topic", "outdated", "hard-to-understand", "not-my-language")

metadata = MetaData()
feedback_table = Table(
    "feedback", metadata,
    Column("id", Integer, primary_key=True),
    Column("hour", DateTime(timezone=True), nullable=False),
    Column("article", String(80), nullable=True),
    Column("language", String(8), nullable=False),
    Column("status", String(32), nullable=True),
    Column("helpful", Boolean, nullable=False),
    Column("reason", String(32), nullable=True),
)


@dataclass(frozen=True)
class Feedback:
    article: str | None
    language: str
    status: str | None
    helpful: bool
    reason: str | None = None

    def __post_init__(self) -> None:
        if self.reason is not None and self.reason not in FEEDBACK_REASONS:
            raise ValueError(f"unknown feedback reason {self.reason!r}")


class FeedbackStore:
    """Stores and reads feedback rows.

        store = FeedbackStore("sqlite:///var/veiviser.db")
        store.add(Feedback("school", "uk", "refugee", helpful=False, reason="outdated"))
    """

    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self._engine: Engine = create_engine(url, future=True)
        metadata.create_all(self._engine)

    def add(self, feedback: Feedback, now: datetime | None = None) -> None:
        hour = (now or datetime.now(UTC)).replace(minute=0, second=0, microsecond=0)
        with self._engine.begin() as connection:
            connection.execute(insert(feedback_table).values(
                hour=hour, article=feedback.article, language=feedback.language, status=feedback.status,
                helpful=feedback.helpful, reason=feedback.reason))

    def all(self) -> list[Feedback]:
        with self._engine.connect() as connection:
            rows = connection.execute(select(feedback_table).order_by(feedback_table.c.id)).mappings().all()
        return [Feedback(r["article"], r["language"], r["status"], r["helpful"], r["reason"]) for r in rows]
