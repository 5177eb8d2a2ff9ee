"""The editors' dashboard data: counts, clusters of unanswered questions, content to review."""

from datetime import UTC, date, datetime
from pathlib import Path

from tests.support.fake_encoder import FakeEncoder
from veiviser.insight import CLUSTERED_QUESTIONS, UNANSWERED, build_dashboard, cluster_questions
from veiviser.knowledge.loader import KnowledgeBase
from veiviser.storage.feedback import Feedback
from veiviser.storage.insight import InsightStore


def test_identical_questions_cluster_and_different_ones_do_not() -> None:
    texts = [("where can I park my car", "en"), ("where can I park my car", "en"), ("where can I park my car", "pl"),
             ("how to fix a bike", "nb")]
    clusters = cluster_questions(texts, FakeEncoder())
    assert [c.count for c in clusters] == [3, 1]
    assert clusters[0].examples == ["where can I park my car"]
    assert dict(clusters[0].languages) == {"en": 2, "pl": 1}


def test_questions_are_stored_redacted_to_the_hour(tmp_path: Path) -> None:
    store = InsightStore(f"sqlite:///{tmp_path / 'v.db'}")
    store.record("my D number is 48106913334", "en", "registration-and-id", "d-number-and-national-id-number",
                 "answered", 0.91, now=datetime(2026, 11, 21, 14, 37, tzinfo=UTC))
    [event] = store.all()
    assert event.text == "my D number is [id-number]"
    assert event.hour.minute == 0 and event.hour.hour == 14


def test_dashboard_counts_and_lists(knowledge: KnowledgeBase, tmp_path: Path) -> None:
    store = InsightStore(f"sqlite:///{tmp_path / 'v.db'}")
    hour = datetime(2026, 11, 20, 10, tzinfo=UTC)
    store.record("fastlege?", "uk", "health", "general-practitioner", "answered", 0.9, now=hour)
    store.record("weather tomorrow", "uk", None, None, "abstained", 0.1, now=hour)
    store.record("weather tomorrow", "ar", None, None, "abstained", 0.1, now=hour)
    feedback = [Feedback("school", "uk", None, False, "outdated", "school holidays?"),
                Feedback("school", "uk", None, True)]
    board = build_dashboard(store.counts(), store.recent_texts(UNANSWERED, CLUSTERED_QUESTIONS), feedback, knowledge,
                            FakeEncoder(), {}, date(2026, 11, 21), 365)
    assert board.total == 3 and board.outcomes == {"answered": 1, "abstained": 2}
    assert board.by_language == [("uk", 2), ("ar", 1)]
    assert [c.count for c in board.unanswered] == [2]
    assert board.not_helpful == [("school", "outdated", 1)]
    assert [c.examples for c in board.not_helpful_questions] == [["school holidays?"]]
    assert ("voluntary-return", "all", "marked needs-review") in board.stale


def test_only_the_newest_unanswered_questions_are_clustered_and_all_are_counted(knowledge: KnowledgeBase,
                                                                                tmp_path: Path) -> None:
    store = InsightStore(f"sqlite:///{tmp_path / 'v.db'}")
    hour = datetime(2026, 11, 20, 10, tzinfo=UTC)
    for number in range(30):
        store.record(f"question number {number}", "en", None, None, "abstained", 0.1, now=hour)
    store.record("answered one", "en", "health", None, "answered", 0.9, now=hour)
    newest = store.recent_texts(UNANSWERED, 5)
    assert newest == [(f"question number {n}", "en") for n in range(29, 24, -1)]
    board = build_dashboard(store.counts(), newest, [], knowledge, FakeEncoder(), {}, date(2026, 11, 21), 365)
    assert board.total == 31 and board.outcomes == {"abstained": 30, "answered": 1}
    assert sum(cluster.count for cluster in board.unanswered) == 5
