"""Editors publish from the browser's forms: roles, review by someone else, live at once, history, revert."""

import difflib
import html
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.rate_limit import RateLimiter
from api.state import AppState
from tests.support.html_forms import as_post, form_fields, replaced
from tests.support.knowledge_files import copy_knowledge_and_index, with_summary
from veiviser.knowledge.model import ArticleText
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
    page = client.get(f"/admin/articles/{slug}/{language}?raw=1")
    assert page.status_code == 200
    start = page.text.index(">", page.text.index("<textarea")) + 1
    return html.unescape(page.text[start:page.text.index("</textarea>")])


def _parsed(client: TestClient, slug: str, language: str) -> ArticleText:
    """The text as the API serves it (after the reload that publishing does)."""
    state: AppState = client.app.state.veiviser  # type: ignore[attr-defined]
    return state.search.kb.articles[slug].texts[language]


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
    assert 'aria-label="Edit kindergarten in uk (outdated translation)' in client.get("/admin").text
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


def test_the_form_changes_one_field_and_the_published_file_only_there(client: TestClient) -> None:
    _sign_in(client, "eddie")
    page = client.get("/admin/articles/reporting-a-move/pl").text
    fields = form_fields(page, "article-form")
    assert ("title", _parsed(client, "reporting-a-move", "pl").title) in fields
    before = _current(client, "reporting-a-move", "pl")
    new_summary = "Po przeprowadzce zgłoś nowy adres w ciągu 8 dni – to podsumowanie zmieniono w formularzu."
    saved = client.post("/admin/articles/reporting-a-move/pl", data=as_post(replaced(fields, summary=new_summary)),
                        follow_redirects=False)
    assert saved.status_code == 303, saved.text
    _sign_in(client, "rita")
    client.post(f"/admin/drafts/{_first_draft(client.get('/admin/review').text)}/approve")
    after = _current(client, "reporting-a-move", "pl")
    changed = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed and all(line.startswith(("-  ", "+  ")) for line in changed)  # summary lines, nothing else
    assert _parsed(client, "reporting-a-move", "pl").summary == new_summary


def test_a_broken_source_url_is_refused_on_its_field_and_nothing_typed_is_lost(client: TestClient) -> None:
    _sign_in(client, "eddie")
    fields = form_fields(client.get("/admin/articles/school/pl").text, "article-form")
    posted = replaced(fields, source_1_url="https://example.com/skola", title="Szkoła – tytuł zmieniony")
    refused = client.post("/admin/articles/school/pl", data=as_post(posted))
    assert refused.status_code == 422
    error = refused.text.split('id="err-source-1-url"')[1].split("</p>")[0]
    assert "example.com is not on the list of official domains" in error
    assert 'id="f-source-1-url" name="source-1-url" value="https://example.com/skola"' in refused.text
    assert "aria-invalid" in refused.text.split('id="f-source-1-url"')[1].split(">")[0]
    assert 'value="Szkoła – tytuł zmieniony"' in refused.text  # the rest of the form comes back as typed
    assert 'id="err-title" hidden' in refused.text


def test_the_check_as_you_type_puts_problems_on_fields_and_renders_the_card(client: TestClient) -> None:
    _sign_in(client, "eddie")
    fields = form_fields(client.get("/admin/articles/school/ar").text, "article-form")
    blank_row = [name for name, _ in fields if name.endswith("-url")][-1]  # the spare rows come last
    row = blank_row.split("-")[1]
    posted = replaced(fields, summary="قصير", reviewed="2026-02-30") + [
        (f"source-{row}-title", "x"), (f"source-{row}-publisher", "y")]
    posted = [(name, "http://udi.no/" if name == blank_row else value) for name, value in posted]
    result = client.post("/admin/articles/school/ar/check", data=as_post(posted))
    assert result.status_code == 200
    problems = {p["field"]: p["message"] for p in result.json()["problems"]}
    assert set(problems) == {"summary", "reviewed", blank_row}  # the typed row, not its place among the valid ones
    assert "https://" in problems[blank_row]
    card = result.json()["preview"]
    assert 'dir="rtl"' in card and "قصير" in card and "<script" not in card


def test_the_preview_escapes_what_the_editor_types(client: TestClient) -> None:
    _sign_in(client, "eddie")
    fields = form_fields(client.get("/admin/articles/school/en").text, "article-form")
    posted = replaced(fields, body="<img src=x onerror=alert(1)> **bold**", source_0_url="javascript:alert(1)")
    card = client.post("/admin/articles/school/en/check", data=as_post(posted)).json()["preview"]
    assert "<img" not in card and "&lt;img src=x onerror=alert(1)&gt; bold" in card
    assert 'href="javascript' not in card


def test_a_viewer_may_not_check_or_save_and_sees_no_form(client: TestClient) -> None:
    _sign_in(client, "vera")
    page = client.get("/admin/articles/school/uk").text
    assert 'id="article-form"' not in page and "may read this text but not change it" in page
    assert client.post("/admin/articles/school/uk/check", data={"title": "x"}).status_code == 403
    assert client.post("/admin/articles/school/uk", data={"title": "x"}).status_code == 403


def test_the_grid_flags_a_waiting_draft_and_offers_to_write_a_missing_text(client: TestClient) -> None:
    _sign_in(client, "eddie")
    fields = form_fields(client.get("/admin/articles/voting-and-elections/lt").text, "article-form")
    client.post("/admin/articles/voting-and-elections/lt",
                data=as_post(replaced(fields, title="Balsavimas ir rinkimai – juodraštis")))
    grid = client.get("/admin").text
    cell = grid.split('aria-label="Edit voting-and-elections in lt')[1].split("</td>")[0]
    assert "(a draft waits for review)" in cell and 'class="badge draft"' in cell


def test_the_editors_area_speaks_norwegian(client: TestClient) -> None:
    _sign_in(client, "eddie")
    page = client.get("/admin/articles/school/uk", headers={"Accept-Language": "nb-NO,nb;q=0.9,en;q=0.5"}).text
    assert '<html lang="nb">' in page and "Lagre som utkast til gjennomgang" in page
    assert "Save as a draft for review" in client.get("/admin/articles/school/uk?lang=en").text
