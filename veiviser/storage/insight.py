"""What people asked and how it went, for editors: redacted question, language, topic, article, outcome.

The question text is redacted (`veiviser.privacy.redact`) before it reaches this module's table, and the
time is kept to the hour; there is no session id.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from sqlalchemy import Column, DateTime, Float, Integer, MetaData, String, Table, insert, select, update

from veiviser.privacy import redact
from veiviser.storage.database import open_database

OUTCOMES: Final[tuple[str, ...]] = ("answered", "clarified", "abstained", "safety")

metadata = MetaData()
questions_table = Table(
    "questions", metadata,
    Column("id", Integer, primary_key=True),
    Column("hour", DateTime(timezone=True), nullable=False),
    Column("language", String(8), nullable=False),
    Column("topic", String(64), nullable=True),
    Column("article", String(80), nullable=True),
    Column("outcome", String(16), nullable=False),
    Column("probability", Float, nullable=False),
    Column("text", String(2000), nullable=False),
)


@dataclass(frozen=True)
class QuestionEvent:
    hour: datetime
    language: str
    topic: str | None
    article: str | None
    outcome: str
    probability: float
    text: str


class InsightStore:
    """Records questions (redacted) and reads them back for the editors' dashboard."""

    def __init__(self, url: str) -> None:
        self._engine = open_database(url, metadata)

    def record(self, text: str, language: str, topic: str | None, article: str | None, outcome: str,
               probability: float, now: datetime | None = None) -> None:
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        hour = (now or datetime.now(UTC)).replace(minute=0, second=0, microsecond=0)
        with self._engine.begin() as connection:
            connection.execute(insert(questions_table).values(
                hour=hour, language=language, topic=topic, article=article, outcome=outcome,
                probability=round(probability, 3), text=redact(text)[:2000]))

    def forget_texts_before(self, cutoff: datetime) -> int:
        """Blanks the text of questions older than `cutoff` (retention); the counts stay. Returns how many."""
        with self._engine.begin() as connection:
            return connection.execute(
                update(questions_table).where(questions_table.c.hour < cutoff, questions_table.c.text != "")
                .values(text="")).rowcount

    def all(self) -> list[QuestionEvent]:
        with self._engine.connect() as connection:
            rows = connection.execute(select(questions_table).order_by(questions_table.c.id)).mappings().all()
        return [QuestionEvent(r["hour"], r["language"], r["topic"], r["article"], r["outcome"], r["probability"],
                              r["text"]) for r in rows]
