"""Retention: whole conversations older than the limit go; recent ones and counts for editors stay."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.support.tracker_store import conversation_sizes, write_tracker_store
from veiviser.settings import Settings
from veiviser.storage.feedback import Feedback, FeedbackStore
from veiviser.storage.insight import InsightStore
from veiviser.storage.retention import apply_retention, delete_old_conversations

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def test_old_conversations_are_deleted_whole_and_ongoing_ones_are_kept(tmp_path: Path) -> None:
    db = tmp_path / "tracker.db"
    write_tracker_store(db, [
        ("old", NOW - timedelta(days=60)), ("old", NOW - timedelta(days=45)),
        # Started long ago but still going: its last event is recent, so none of it is deleted.
        ("ongoing", NOW - timedelta(days=40)), ("ongoing", NOW - timedelta(days=1)),
        ("new", NOW - timedelta(hours=2)),
    ])
    assert delete_old_conversations(f"sqlite:///{db}", NOW - timedelta(days=30)) == 1
    assert conversation_sizes(db) == {"ongoing": 2, "new": 1}
    assert delete_old_conversations(f"sqlite:///{db}", NOW - timedelta(days=30)) == 0  # nothing left to do


def test_a_tracker_store_rasa_has_not_created_yet_is_fine(tmp_path: Path) -> None:
    assert delete_old_conversations(f"sqlite:///{tmp_path / 'empty.db'}", NOW) == 0


def test_apply_retention_deletes_old_questions_but_keeps_their_counts(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, retention_days=30, database_url="", tracker_db_url="")
    write_tracker_store(tmp_path / "tracker.db", [("old", NOW - timedelta(days=31)), ("new", NOW)])
    feedback, insight = FeedbackStore(settings.database), InsightStore(settings.database)
    feedback.add(Feedback("school", "uk", None, helpful=False, reason="outdated", question="old question"),
                 now=NOW - timedelta(days=40))
    feedback.add(Feedback("school", "uk", None, helpful=True, question="new question"), now=NOW)
    for _ in range(3):
        insight.record("old question", "uk", "school", "school", "answered", 0.9, now=NOW - timedelta(days=40))
    insight.record("new question", "uk", "school", "school", "answered", 0.9, now=NOW)
    counts_before = insight.counts()

    report = apply_retention(settings, feedback, insight, now=NOW)

    assert (report.conversations, report.feedback_texts, report.questions_summarised) == (1, 1, 3)
    assert conversation_sizes(tmp_path / "tracker.db") == {"new": 1}
    assert [f.question for f in feedback.all()] == [None, "new question"]
    assert [f.reason for f in feedback.all()] == ["outdated", None]  # the editors' counts stay
    assert [q.text for q in insight.all()] == ["new question"]  # the old rows are gone ...
    assert insight.counts() == counts_before  # ... and the charts count them as before
    assert [(c.day, c.count) for c in insight.counts()] == [((NOW - timedelta(days=40)).date(), 3), (NOW.date(), 1)]
    assert apply_retention(settings, feedback, insight, now=NOW).questions_summarised == 0  # counted once
