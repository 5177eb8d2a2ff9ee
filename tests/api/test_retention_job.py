"""The API deletes old conversations itself: at start-up, then every hour."""

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from tests.support.tracker_store import conversation_sizes, write_tracker_store
from veiviser.retrieval.search import ArticleSearch
from veiviser.settings import Settings

pytestmark = pytest.mark.model


def test_the_running_api_applies_the_retention_setting(settings: Settings, real_search: ArticleSearch,
                                                        tmp_path: Path) -> None:
    now = datetime.now(UTC)
    tracker = tmp_path / "tracker.db"
    write_tracker_store(tracker, [("last-month", now - timedelta(days=8)), ("today", now - timedelta(minutes=5))])
    app = create_app(settings.model_copy(update={
        "rasa_url": "http://127.0.0.1:9", "actions_url": "http://127.0.0.1:9", "retention_days": 7,
        "tracker_db_url": f"sqlite:///{tracker}", "database_url": f"sqlite:///{tmp_path / 'veiviser.db'}"}))
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        for _ in range(50):  # the job runs in the background right after start-up
            if "last-month" not in conversation_sizes(tracker):
                break
            time.sleep(0.1)
    assert conversation_sizes(tracker) == {"today": 1}
