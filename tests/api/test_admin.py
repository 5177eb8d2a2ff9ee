"""The editors' area: token-protected dashboard and CSV export."""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from veiviser.settings import Settings
from veiviser.storage.insight import InsightStore

TOKEN = "s3cret-editor-token"


@pytest.fixture
def admin_client(settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    database = f"sqlite:///{tmp_path / 'veiviser.db'}"
    store = InsightStore(database)
    for language in ("uk", "ar"):
        store.record("when does the Rema 1000 shop open, my phone is 41234567", language, None, None,
                     "abstained", 0.1, now=datetime(2026, 11, 20, 9, tzinfo=UTC))
    store.record("Як отримати fødselsnummer?", "uk", "registration-and-id", "d-number-and-national-id-number",
                 "answered", 0.93, now=datetime(2026, 11, 21, 9, tzinfo=UTC))
    app = create_app(settings.model_copy(update={"admin_token": TOKEN, "database_url": database,
                                                 "rasa_url": "http://127.0.0.1:9"}))
    with TestClient(app) as client:
        yield client


def test_the_dashboard_needs_the_token(admin_client: TestClient) -> None:
    assert admin_client.get("/admin").status_code == 401
    assert admin_client.get("/admin/export.csv").status_code == 401
    wrong = admin_client.post("/admin/login", data={"token": "guess"})
    assert wrong.status_code == 401 and "not right" in wrong.text


def test_dashboard_shows_charts_clusters_and_redacted_examples(admin_client: TestClient) -> None:
    login = admin_client.post("/admin/login", data={"token": TOKEN}, follow_redirects=False)
    assert login.status_code == 303 and "httponly" in login.headers["set-cookie"].lower()
    page = admin_client.get("/admin")
    assert page.status_code == 200
    assert page.text.count("<rect") >= 5  # bars for topics, languages and days
    assert "when does the Rema 1000 shop open, my phone is [phone]" in page.text
    assert "41234567" not in page.text
    assert "content-security-policy" in page.headers


def test_csv_export_with_a_bearer_token(admin_client: TestClient) -> None:
    response = admin_client.get("/admin/export.csv", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    lines = response.text.strip().splitlines()
    assert lines[0].startswith("hour,language,topic") and len(lines) == 4
    assert "41234567" not in response.text


def test_preview_form_reports_a_broken_draft(admin_client: TestClient) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    response = admin_client.post("/admin/preview", data={"language": "en", "draft": "---\nslug: school\n---\n"},
                                 headers=headers)
    assert response.status_code == 200 and "missing required field" in response.text
    assert admin_client.post("/admin/preview", data={"language": "en", "draft": "x"}).status_code == 401


def test_production_refuses_the_default_token(settings: Settings) -> None:
    with pytest.raises(ValueError, match="ADMIN_TOKEN"):
        Settings(environment="production", admin_token="change-me")
