"""Retention: conversations older than `VEIVISER_RETENTION_DAYS` are deleted.

A conversation lives in Rasa's tracker store (table `events`, one row per event, `timestamp` in Unix seconds).
It is deleted whole once its *last* event is older than the limit, so an ongoing conversation is never cut
in half. Feedback and insight rows keep their counts for the editors' charts, but lose the question text
(already redacted) at the same age: what a person wrote is not kept longer than their conversation.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, inspect, text, update

from veiviser.settings import Settings
from veiviser.storage.database import open_database
from veiviser.storage.feedback import feedback_table
from veiviser.storage.feedback import metadata as feedback_metadata
from veiviser.storage.insight import metadata as insight_metadata
from veiviser.storage.insight import questions_table


@dataclass(frozen=True)
class RetentionReport:
    conversations: int
    feedback_texts: int
    question_texts: int


def delete_old_conversations(tracker_url: str, cutoff: datetime) -> int:
    """Deletes every conversation whose last event is before `cutoff`; returns how many. A tracker store
    that Rasa has not created yet holds nothing to delete."""
    engine = create_engine(tracker_url, future=True)
    try:
        if not inspect(engine).has_table("events"):
            return 0
        stale = ("SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff")
        with engine.begin() as connection:
            count = connection.execute(text(f"SELECT COUNT(*) FROM ({stale}) AS stale"),
                                       {"cutoff": cutoff.timestamp()}).scalar_one()
            if count:
                connection.execute(text(f"DELETE FROM events WHERE sender_id IN ({stale})"),
                                   {"cutoff": cutoff.timestamp()})
        return int(count)
    finally:
        engine.dispose()


def forget_old_question_texts(database_url: str, cutoff: datetime) -> tuple[int, int]:
    """Blanks the question text of feedback and insight rows from before `cutoff`; returns both counts."""
    engine = open_database(database_url, feedback_metadata)
    insight_metadata.create_all(engine)
    try:
        with engine.begin() as connection:
            feedback = connection.execute(
                update(feedback_table).where(feedback_table.c.hour < cutoff, feedback_table.c.question.is_not(None))
                .values(question=None)).rowcount
            questions = connection.execute(
                update(questions_table).where(questions_table.c.hour < cutoff, questions_table.c.text != "")
                .values(text="")).rowcount
        return feedback, questions
    finally:
        engine.dispose()


def apply_retention(settings: Settings, now: datetime | None = None) -> RetentionReport:
    """
        report = apply_retention(get_settings())  # what `veiviser retention` and the API's hourly job run
    """
    cutoff = (now or datetime.now(UTC)) - timedelta(days=settings.retention_days)
    conversations = delete_old_conversations(settings.tracker_database, cutoff)
    feedback, questions = forget_old_question_texts(settings.database, cutoff)
    return RetentionReport(conversations, feedback, questions)
