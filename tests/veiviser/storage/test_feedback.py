"""Feedback rows: stored with article, language and status, and nothing that identifies a person."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from veiviser.storage.feedback import Feedback, FeedbackStore


def test_feedback_round_trips_without_personal_data(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db' / 'veiviser.db'}"
    store = FeedbackStore(url)
    store.add(Feedback("school", "uk", "refugee", helpful=False, reason="outdated"),
              now=datetime(2026, 11, 21, 14, 37, 12, tzinfo=UTC))
    store.add(Feedback("school", "ar", None, helpful=True))
    assert store.all() == [Feedback("school", "uk", "refugee", False, "outdated"), Feedback("school", "ar", None, True)]
    columns = {c["name"] for c in inspect(create_engine(url)).get_columns("feedback")}
    assert columns == {"id", "hour", "article", "language", "status", "helpful", "reason", "question"}  # no session


def test_the_question_is_stored_redacted(tmp_path: Path) -> None:
    store = FeedbackStore(f"sqlite:///{tmp_path / 'veiviser.db'}")
    store.add(Feedback("school", "nb", None, helpful=False, reason="wrong-topic",
                       question="Jeg har D-nummer 48106913334 og tlf 41234567"))
    assert store.all()[0].question == "Jeg har D-nummer [id-number] og tlf [phone]"


def test_unknown_reason_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown feedback reason"):
        Feedback("school", "uk", None, helpful=False, reason="I live at Storgata 1")
