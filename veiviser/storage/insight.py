"""What people asked and how it went, for editors: redacted question, language, topic, article, outcome.

The question text is redacted (`veiviser.privacy.redact`) before it reaches this module's table, and the
time is kept to the hour; there is no session id. Past retention a question row is summarised into a daily
count (day, language, topic, article, outcome) and deleted, so the table does not grow for ever while the
editors' charts keep their history.
"""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Final

from sqlalchemy import (Column, Date, DateTime, Float, Integer, MetaData, RowMapping, String, Table, delete, desc,
                        func, insert, select)

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
#: Questions past retention, counted per day: what the charts need, without the text.
question_counts_table = Table(
    "question_counts", metadata,
    Column("id", Integer, primary_key=True),
    Column("day", Date, nullable=False),
    Column("language", String(8), nullable=False),
    Column("topic", String(64), nullable=True),
    Column("article", String(80), nullable=True),
    Column("outcome", String(16), nullable=False),
    Column("count", Integer, nullable=False),
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


@dataclass(frozen=True)
class QuestionCount:
    day: date
    language: str
    topic: str | None
    outcome: str
    count: int


class InsightStore:
    """Records questions (redacted) and reads them back for the editors' dashboard."""

    def __init__(self, url: str) -> None:
        self._engine = open_database(url)

    def record(self, text: str, language: str, topic: str | None, article: str | None, outcome: str,
               probability: float, now: datetime | None = None) -> None:
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        hour = (now or datetime.now(UTC)).replace(minute=0, second=0, microsecond=0)
        with self._engine.begin() as connection:
            connection.execute(insert(questions_table).values(
                hour=hour, language=language, topic=topic, article=article, outcome=outcome,
                probability=round(probability, 3), text=redact(text)[:2000]))

    def summarise_before(self, cutoff: datetime) -> int:
        """Questions older than `cutoff` become daily counts and are deleted (retention); returns how many.
        One transaction: a row is either still there or already counted, never both or neither."""
        q = questions_table.c
        old = (q.hour < cutoff,)
        kind = (q.hour, q.language, q.topic, q.article, q.outcome)
        with self._engine.begin() as connection:
            # grouped in the database: a year's backlog is a few rows per hour, not one per question
            per_day: Counter[tuple[date, str, str | None, str | None, str]] = Counter()
            for hour, language, topic, article, outcome, count in connection.execute(
                    select(*kind, func.count()).where(*old).group_by(*kind)):
                per_day[(hour.date(), language, topic, article, outcome)] += count
            if not per_day:
                return 0
            connection.execute(insert(question_counts_table), [
                {"day": day, "language": language, "topic": topic, "article": article, "outcome": outcome,
                 "count": count} for (day, language, topic, article, outcome), count in per_day.items()])
            connection.execute(delete(questions_table).where(*old))
        return sum(per_day.values())

    def counts(self) -> list[QuestionCount]:
        """Questions per day, language, topic and outcome: the summarised past and the recent rows, grouped
        in the database (one row per hour and kind, not per question)."""
        q, c = questions_table.c, question_counts_table.c
        per_day: Counter[tuple[date, str, str | None, str]] = Counter()
        with self._engine.connect() as connection:
            for row in connection.execute(select(q.hour, q.language, q.topic, q.outcome, func.count())
                                          .group_by(q.hour, q.language, q.topic, q.outcome)):
                per_day[(row[0].date(), row[1], row[2], row[3])] += row[4]
            for row in connection.execute(select(c.day, c.language, c.topic, c.outcome, func.sum(c.count))
                                          .group_by(c.day, c.language, c.topic, c.outcome)):
                per_day[(row[0], row[1], row[2], row[3])] += int(row[4])
        return [QuestionCount(day, language, topic, outcome, count)
                for (day, language, topic, outcome), count in sorted(per_day.items(), key=lambda i: str(i[0]))]

    def recent_texts(self, outcomes: tuple[str, ...], limit: int) -> list[tuple[str, str]]:
        """The newest `limit` (text, language) pairs with one of `outcomes`, newest first."""
        q = questions_table.c
        with self._engine.connect() as connection:
            rows = connection.execute(select(q.text, q.language).where(q.outcome.in_(outcomes), q.text != "")
                                      .order_by(desc(q.id)).limit(limit)).all()
        return [(row.text, row.language) for row in rows]

    def latest_id(self) -> int:
        with self._engine.connect() as connection:
            return int(connection.execute(select(func.coalesce(func.max(questions_table.c.id), 0))).scalar_one())

    def stream(self, batch: int = 1000) -> Iterator[QuestionEvent]:
        """Every stored question, oldest first, read `batch` rows at a time (the CSV export)."""
        after = 0
        while True:
            with self._engine.connect() as connection:
                rows = connection.execute(select(questions_table).where(questions_table.c.id > after)
                                          .order_by(questions_table.c.id).limit(batch)).mappings().all()
            if not rows:
                return
            after = rows[-1]["id"]
            yield from (_event(r) for r in rows)

    def all(self) -> list[QuestionEvent]:
        return list(self.stream())


def _event(r: RowMapping) -> QuestionEvent:
    return QuestionEvent(r["hour"], r["language"], r["topic"], r["article"], r["outcome"], r["probability"], r["text"])
