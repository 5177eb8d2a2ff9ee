"""Editors publish from the browser on a real stack over a copy of knowledge/: Rasa, and the API serving the
actions, so the chat's answer comes from the same live search the publish reloads."""

import json
import os
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import axe_violations
from tests.support.knowledge_files import copy_knowledge_and_index
from veiviser.settings import REPO_ROOT, Settings
from veiviser.stack import Stack, free_port

PASSWORD = "a long enough passphrase"
NEW_SUMMARY = "Навчання в школі в Норвегії безкоштовне; це резюме змінила редакторка в браузері."


@pytest.fixture(scope="module")
def editor_stack(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = Path(tmp_path_factory.mktemp("editor-stack"))
    knowledge, data = copy_knowledge_and_index(settings.knowledge_dir, settings.index_dir, root)
    env = {"VEIVISER_KNOWLEDGE_DIR": str(knowledge), "VEIVISER_DATA_DIR": str(data),
           "VEIVISER_DATABASE_URL": f"sqlite:///{data / 'veiviser.db'}"}  # accounts and drafts of this stack only
    for name, role in (("eddie", "editor"), ("rita", "reviewer"), ("vera", "viewer")):  # the operator's command, as documented
        added = subprocess.run([str(REPO_ROOT / ".venv" / "bin" / "veiviser"), "users", "add", name, "--role", role,
                                "--password-stdin"], input=PASSWORD + "\n", text=True, env={**os.environ, **env},
                               capture_output=True, check=False)
        assert added.returncode == 0, added.stderr
    stack = Stack(settings.model_copy(update={"data_dir": data}), rasa_port=free_port(),
                  actions_port=free_port(), api_port=free_port(), tracker_db=root / "tracker.db")
    for service in stack.services:
        service.env.update(env)
    stack.start()
    yield f"http://127.0.0.1:{stack.api_port}"
    stack.stop()


def _sign_in(page: Page, base_url: str, name: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base_url}/admin")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Editors' dashboard")


def _chat_summary(base_url: str) -> str:
    reply = httpx.post(f"{base_url}/api/chat", json={"message": "Чи безкоштовна школа в Норвегії?",
                                                    "language": "uk"}, timeout=60).json()
    cards = [m for m in reply["messages"] if m.get("article")]
    return cards[0]["article"]["summary"] if cards else ""


def _edit_link(page: Page, slug: str, language: str) -> Locator:
    return page.get_by_role("link", name=re.compile(rf"^Edit {slug} in {language}\b"))


def _approve_first_draft(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/admin/review")
    page.get_by_role("button", name="Approve and publish draft").first.click()
    expect(page.get_by_text("approved by rita").first).to_be_visible()


def _wait_for_chat_summary(base_url: str, summary: str, since: float, seconds: float = 2.0) -> None:
    while _chat_summary(base_url) != summary:
        assert time.monotonic() < since + seconds, f"the chat did not answer with the summary within {seconds} s"
        time.sleep(0.1)


def test_an_editor_changes_a_ukrainian_summary_and_after_review_the_chat_answers_with_it(
        browser: Browser, editor_stack: str, screenshots: Path) -> None:
    base_url = editor_stack
    # One browser per person, each signed in once (logins are limited to 5 a minute per address).
    contexts = [browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900}) for _ in range(3)]
    page, reviewer, viewer = (context.new_page() for context in contexts)  # axe is injected: CSP bypassed
    found: dict[str, list[dict]] = {}  # type: ignore[type-arg]
    original = _chat_summary(base_url)
    page.goto(f"{base_url}/admin")
    found["login"] = axe_violations(page)

    _sign_in(page, base_url, "eddie")
    found["dashboard"] = axe_violations(page)
    _edit_link(page, "school", "uk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("school/uk.md")

    # As the editor types, the validator's problem appears on the field it belongs to.
    url = page.locator("#f-source-1-url")
    kept_url = url.input_value()
    url.fill("https://example.com/school")
    field_error = page.locator("#err-source-1-url")
    expect(field_error).to_contain_text("example.com is not on the list of official domains")
    expect(url).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#check-status")).to_contain_text("One problem")
    found["editor-with-error"] = axe_violations(page)
    # Saving anyway is refused, with the error on that field and everything typed kept.
    page.locator("#f-summary").fill(NEW_SUMMARY)
    page.get_by_role("button", name="Save as a draft for review").click()
    expect(page.get_by_role("heading", name="The draft was not saved")).to_be_visible()
    expect(page.locator("#err-source-1-url")).to_contain_text("not on the list of official domains")
    expect(page.locator("#f-summary")).to_have_value(NEW_SUMMARY)
    page.get_by_role("link", name=re.compile("not on the list of official domains")).click()
    expect(page.locator("#f-source-1-url")).to_be_focused()

    page.locator("#f-source-1-url").fill(kept_url)
    expect(field_error).to_be_hidden()
    expect(page.locator("#problems")).to_be_hidden()  # the refused save's list goes once all is fixed
    expect(page.locator("#preview .summary")).to_have_text(NEW_SUMMARY)  # the card the chat will show
    found["editor"] = axe_violations(page)
    page.screenshot(path=str(screenshots / "admin-editor.png"), full_page=True)
    page.get_by_role("button", name="Save as a draft for review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    expect(page.get_by_text("Someone else reviews your own drafts.")).to_be_visible()
    assert _chat_summary(base_url) != NEW_SUMMARY  # not live before review

    _sign_in(reviewer, base_url, "rita")
    reviewer.goto(f"{base_url}/admin/review")
    found["review"] = axe_violations(reviewer)
    reviewer.screenshot(path=str(screenshots / "admin-review.png"), full_page=True)
    approved_at = time.monotonic()
    reviewer.get_by_role("button", name="Approve and publish draft").first.click()
    expect(reviewer.get_by_text("Written by eddie, approved by rita")).to_be_visible()
    _wait_for_chat_summary(base_url, NEW_SUMMARY, approved_at)
    found["history"] = axe_violations(reviewer)
    reviewer.screenshot(path=str(screenshots / "admin-history.png"), full_page=True)

    # A revert is a draft too; once approved, the chat has the old summary again.
    page.goto(f"{base_url}/admin/history/school/uk")
    page.get_by_role("button", name=re.compile(r"^Revert change")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    _approve_first_draft(reviewer, base_url)
    _wait_for_chat_summary(base_url, original, time.monotonic(), seconds=5.0)

    # The English source changes: the Ukrainian translation shows as outdated, in the grid and in its queue.
    page.goto(f"{base_url}/admin/articles/school/en")
    page.locator("#f-summary").fill(
        "School in Norway is free and lasts ten years; this summary was changed in a browser.")
    page.get_by_role("button", name="Save as a draft for review").click()
    _approve_first_draft(reviewer, base_url)
    page.goto(f"{base_url}/admin")
    expect(page.get_by_role("link", name=re.compile(r"^Edit school in uk \(outdated translation\)"))).to_have_text("edit")
    page.goto(f"{base_url}/admin/translations/uk")
    expect(page.get_by_role("heading", name="school")).to_be_visible()
    found["translations"] = axe_violations(page)
    page.screenshot(path=str(screenshots / "admin-translations-uk.png"), full_page=True)

    # A viewer reads but has no form, and the server refuses a save all the same.
    _sign_in(viewer, base_url, "vera")
    viewer.goto(f"{base_url}/admin/articles/school/uk")
    expect(viewer.get_by_text("may read this text but not change it")).to_be_visible()
    expect(viewer.locator("#article-form")).to_have_count(0)
    assert viewer.request.post(f"{base_url}/admin/articles/school/uk", form={"title": "x"}).status == 403

    # The editors' area in Norwegian bokmål, chosen once and remembered.
    viewer.goto(f"{base_url}/admin")
    viewer.get_by_role("link", name="Norsk (bokmål)").click()
    expect(viewer.get_by_role("heading", level=1)).to_have_text("Redaktørenes oversikt")
    expect(viewer.locator("html")).to_have_attribute("lang", "nb")
    found["dashboard-nb"] = axe_violations(viewer)
    viewer.goto(f"{base_url}/admin/articles/school/uk")
    expect(viewer.get_by_text("Rollen din (viewer) kan lese denne teksten, men ikke endre den.")).to_be_visible()
    found["viewer-nb"] = axe_violations(viewer)
    for context in contexts:
        context.close()
    (REPO_ROOT / "test-artifacts" / "axe-admin.json").write_text(json.dumps(found, indent=2), encoding="utf-8")
    assert {name: violations for name, violations in found.items() if violations} == {}
