"""Retention: conversations older than `VEIVISER_RETENTION_DAYS` are deleted.

A conversation lives in Rasa's tracker store (table `events`, one row per event, `timestamp` in Unix seconds).
It is deleted whole once its *last* event is older than the limit, so an ongoing conversation is never cut
in half. At the same age, feedback rows lose the question text (already redacted), and question rows become
daily counts and are deleted: what a person wrote is not kept longer than their conversation, and the
editors' charts keep their history without the table growing for ever.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, inspect, text

from veiviser.settings import Settings
from veiviser.storage.feedback import FeedbackStore
from veiviser.storage.insight import InsightStore


@dataclass(frozen=True)
class RetentionReport:
    conversations: int
    feedback_texts: int
    questions_summarised: int


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


def apply_retention(settings: Settings, feedback: FeedbackStore, insight: InsightStore,
                    now: datetime | None = None) -> RetentionReport:
    """
        report = apply_retention(settings, feedback_store, insight_store)  # `veiviser retention`, the API hourly
    """
    cutoff = (now or datetime.now(UTC)) - timedelta(days=settings.retention_days)
    conversations = delete_old_conversations(settings.tracker_database, cutoff)
    return RetentionReport(conversations, feedback.forget_questions_before(cutoff), insight.summarise_before(cutoff))
