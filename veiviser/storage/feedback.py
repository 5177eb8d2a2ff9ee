"""Feedback on answers: which article, in which language, for which status, helpful or why not.

Nothing that identifies a person is stored: no session id, the time only to the hour, and the question the
answer was for only after `veiviser.privacy.redact` (editors cluster unhelpful answers by it).
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from sqlalchemy import Boolean, Column, DateTime, Integer, MetaData, String, Table, insert, select, update
from sqlalchemy.engine import Engine

from veiviser.privacy import redact
from veiviser.storage.database import open_database

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
    Column("question", String(2000), nullable=True),
)


@dataclass(frozen=True)
class Feedback:
    article: str | None
    language: str
    status: str | None
    helpful: bool
    reason: str | None = None
    question: str | None = None  # redacted before storage

    def __post_init__(self) -> None:
        if self.reason is not None and self.reason not in FEEDBACK_REASONS:
            raise ValueError(f"unknown feedback reason {self.reason!r}")


class FeedbackStore:
    """Stores and reads feedback rows.

        store = FeedbackStore("sqlite:///var/veiviser.db")
        store.add(Feedback("school", "uk", "refugee", helpful=False, reason="outdated"))
    """

    def __init__(self, url: str) -> None:
        self._engine: Engine = open_database(url)

    def add(self, feedback: Feedback, now: datetime | None = None) -> None:
        hour = (now or datetime.now(UTC)).replace(minute=0, second=0, microsecond=0)
        with self._engine.begin() as connection:
            connection.execute(insert(feedback_table).values(
                hour=hour, article=feedback.article, language=feedback.language, status=feedback.status,
                helpful=feedback.helpful, reason=feedback.reason,
                question=redact(feedback.question)[:2000] if feedback.question else None))

    def forget_questions_before(self, cutoff: datetime) -> int:
        """Blanks the question of rows older than `cutoff` (retention); the counts stay. Returns how many."""
        with self._engine.begin() as connection:
            return connection.execute(
                update(feedback_table).where(feedback_table.c.hour < cutoff, feedback_table.c.question.is_not(None))
                .values(question=None)).rowcount

    def all(self) -> list[Feedback]:
        with self._engine.connect() as connection:
            rows = connection.execute(select(feedback_table).order_by(feedback_table.c.id)).mappings().all()
        return [Feedback(r["article"], r["language"], r["status"], r["helpful"], r["reason"], r["question"])
                for r in rows]
