"""Editors publish from the browser's forms: roles, review by someone else, live at once, history, revert."""

import html
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.rate_limit import RateLimiter
from api.state import AppState
from tests.support.knowledge_files import copy_knowledge_and_index, with_summary
from veiviser.settings import Settings

pytestmark = pytest.mark.model
PASSWORD = "a long enough passphrase"


@pytest.fixture(scope="module")
def client(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """An API over a copy of the knowledge base and its saved index, with three accounts."""
    knowledge, data = copy_knowledge_and_index(settings.knowledge_dir, settings.index_dir,
                                               tmp_path_factory.mktemp("editorial"))
    app = create_app(settings.model_copy(update={
        "knowledge_dir": knowledge, "data_dir": data, "database_url": f"sqlite:///{data / 'veiviser.db'}",
        "watch_knowledge": False,
        "rasa_url": "http://127.0.0.1:9"}))
    with TestClient(app) as test_client:
        state: AppState = test_client.app.state.veiviser  # type: ignore[attr-defined]
        # These tests sign in often; the limit on guessing is tested in test_admin.py.
        state.login_limiter = RateLimiter("1000/minute", "1000/minute", "memory://")
        for name, role in (("vera", "viewer"), ("eddie", "editor"), ("rita", "reviewer")):
            state.accounts.add(name, PASSWORD, role)  # type: ignore[arg-type]
        yield test_client


def _sign_in(client: TestClient, name: str) -> None:
    client.cookies.clear()
    response = client.post("/admin/login", data={"username": name, "password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 303, response.text


def _first_draft(review_page: str) -> int:
    return int(review_page.split('action="/admin/drafts/')[1].split("/")[0])


def _current(client: TestClient, slug: str = "school", language: str = "uk") -> str:
    page = client.get(f"/admin/articles/{slug}/{language}")
    assert page.status_code == 200
    start = page.text.index(">", page.text.index("<textarea")) + 1
    return html.unescape(page.text[start:page.text.index("</textarea>")])


def test_an_editor_drafts_a_reviewer_approves_and_the_chat_has_it_at_once(client: TestClient) -> None:
    _sign_in(client, "eddie")
    new_summary = "Школа в Норвегії безкоштовна; це резюме змінено в браузері."
    saved = client.post("/admin/articles/school/uk", data={"text": with_summary(_current(client), new_summary)},
                        follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == "/admin/review"
    assert client.get("/api/articles/school", params={"lang": "uk"}).json()["summary"] != new_summary
    queue = client.get("/admin/review").text
    assert "+summary: " + new_summary in queue and "Someone else reviews your own drafts" in queue
    _sign_in(client, "rita")
    queue = client.get("/admin/review").text
    approved = client.post(f"/admin/drafts/{_first_draft(queue)}/approve", follow_redirects=False)
    assert approved.status_code == 303
    assert client.get("/api/articles/school", params={"lang": "uk"}).json()["summary"] == new_summary
    history = client.get("/admin/history/school/uk").text
    assert "Written by eddie, approved by rita" in history


def test_a_viewer_reads_but_cannot_save(client: TestClient) -> None:
    _sign_in(client, "vera")
    assert "may read this text but not change it" in client.get("/admin/articles/school/uk").text
    refused = client.post("/admin/articles/school/uk", data={"text": "anything"})
    assert refused.status_code == 403


def test_a_draft_with_a_broken_source_url_is_refused_on_its_line(client: TestClient) -> None:
    _sign_in(client, "eddie")
    lines = _current(client).splitlines()
    url_line = next(i for i, line in enumerate(lines) if line.strip().startswith("url:"))
    lines[url_line] = "    url: not-a-url"
    refused = client.post("/admin/articles/school/uk", data={"text": "\n".join(lines) + "\n"})
    assert refused.status_code == 422
    assert f"Line {url_line + 1}:" in refused.text and 'aria-invalid="true"' in refused.text
    assert "not-a-url" in refused.text  # the editor's text is kept, not lost


def test_a_revert_restores_the_old_text_after_review(client: TestClient) -> None:
    _sign_in(client, "eddie")
    before = client.get("/api/articles/school", params={"lang": "uk"}).json()["summary"]
    client.post("/admin/articles/school/uk", data={"text": with_summary(_current(client), "Тимчасове резюме для перевірки відкату.")})
    _sign_in(client, "rita")
    queue = client.get("/admin/review").text
    client.post(f"/admin/drafts/{_first_draft(queue)}/approve")
    assert client.get("/api/articles/school", params={"lang": "uk"}).json()["summary"] == "Тимчасове резюме для перевірки відкату."
    _sign_in(client, "eddie")
    history = client.get("/admin/history/school/uk").text
    change_id = int(history.split('action="/admin/history/')[1].split("/")[0])
    assert client.post(f"/admin/history/{change_id}/revert", follow_redirects=False).status_code == 303
    _sign_in(client, "rita")
    queue = client.get("/admin/review").text
    client.post(f"/admin/drafts/{_first_draft(queue)}/approve")
    assert client.get("/api/articles/school", params={"lang": "uk"}).json()["summary"] == before


def test_a_disabled_account_loses_its_session(client: TestClient) -> None:
    _sign_in(client, "vera")
    assert client.get("/admin").status_code == 200
    client.app.state.veiviser.accounts.set_disabled("vera")  # type: ignore[attr-defined]
    try:
        assert client.get("/admin").status_code == 401
    finally:
        client.app.state.veiviser.accounts.set_disabled("vera", disabled=False)  # type: ignore[attr-defined]


def test_a_changed_english_text_puts_the_translations_in_the_queue_until_marked_in_step(client: TestClient) -> None:
    _sign_in(client, "eddie")
    source = _current(client, "kindergarten", "en")
    new_summary = "Kindergarten (barnehage) is for children under six; every child has a right to a place."
    client.post("/admin/articles/kindergarten/en", data={"text": with_summary(source, new_summary)})
    _sign_in(client, "rita")
    client.post(f"/admin/drafts/{_first_draft(client.get('/admin/review').text)}/approve")
    assert 'aria-label="Edit kindergarten in uk (outdated translation)"' in client.get("/admin").text
    queue = client.get("/admin/translations/uk").text
    assert "<code>kindergarten</code>" in queue and new_summary in queue  # old and new side by side
    assert "<code>school</code>" not in queue
    _sign_in(client, "eddie")
    ukrainian = _current(client, "kindergarten", "uk")
    client.post("/admin/articles/kindergarten/uk", data={
        "text": with_summary(ukrainian, "Дитячий садок (barnehage) для дітей до шести років; місце є в кожної."),
        "in_step": "true"})
    _sign_in(client, "rita")
    client.post(f"/admin/drafts/{_first_draft(client.get('/admin/review').text)}/approve")
    assert "<code>kindergarten</code>" not in client.get("/admin/translations/uk").text
