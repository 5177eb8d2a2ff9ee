"""Editors publish from the browser on a real stack over a copy of knowledge/: Rasa, and the API serving the
actions, so the chat's answer comes from the same live search the publish reloads."""

import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import axe_violations
from tests.support.knowledge_files import copy_knowledge_and_index, with_summary
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
    for name, role in (("eddie", "editor"), ("rita", "reviewer")):  # the operator's command, as documented
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


def _replace_summary(page: Page, summary: str) -> None:
    editor = page.get_by_label("The whole file", exact=False)
    editor.fill(with_summary(editor.input_value(), summary))


def _chat_summary(base_url: str) -> str:
    reply = httpx.post(f"{base_url}/api/chat", json={"message": "Чи безкоштовна школа в Норвегії?",
                                                    "language": "uk"}, timeout=60).json()
    cards = [m for m in reply["messages"] if m.get("article")]
    return cards[0]["article"]["summary"] if cards else ""


def test_an_editor_changes_a_ukrainian_summary_and_after_review_the_chat_answers_with_it(
        browser: Browser, editor_stack: str, screenshots: Path) -> None:
    base_url = editor_stack
    context = browser.new_context(bypass_csp=True, viewport={"width": 1100, "height": 900})  # axe is injected
    page = context.new_page()
    found: dict[str, list[dict]] = {}  # type: ignore[type-arg]
    page.goto(f"{base_url}/admin")
    found["login"] = axe_violations(page)

    _sign_in(page, base_url, "eddie")
    found["dashboard"] = axe_violations(page)
    page.get_by_role("link", name="Edit school in uk").click()
    _replace_summary(page, NEW_SUMMARY)
    found["editor"] = axe_violations(page)
    page.get_by_role("button", name="Save as a draft for review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    expect(page.get_by_text("Someone else reviews your own drafts.")).to_be_visible()
    assert _chat_summary(base_url) != NEW_SUMMARY  # not live before review

    _sign_in(page, base_url, "rita")
    page.goto(f"{base_url}/admin/review")
    found["review"] = axe_violations(page)
    page.screenshot(path=str(screenshots / "admin-review.png"), full_page=True)
    approve = page.get_by_role("button", name="Approve and publish draft")
    approved_at = time.monotonic()
    approve.first.click()
    expect(page.get_by_text("Written by eddie, approved by rita")).to_be_visible()
    deadline = approved_at + 2.0
    while _chat_summary(base_url) != NEW_SUMMARY:
        assert time.monotonic() < deadline, "the chat did not answer with the new summary within 2 s"
        time.sleep(0.1)
    found["history"] = axe_violations(page)
    page.screenshot(path=str(screenshots / "admin-history.png"), full_page=True)

    # The English source changes: the Ukrainian translation shows as outdated, in the grid and in its queue.
    _sign_in(page, base_url, "eddie")
    page.goto(f"{base_url}/admin/articles/school/en")
    _replace_summary(page, "School in Norway is free and lasts ten years; this summary was changed in a browser.")
    page.get_by_role("button", name="Save as a draft for review").click()
    _sign_in(page, base_url, "rita")
    page.goto(f"{base_url}/admin/review")
    page.get_by_role("button", name="Approve and publish draft").first.click()
    page.goto(f"{base_url}/admin")
    expect(page.get_by_role("link", name="Edit school in uk (outdated translation)")).to_have_text("outdated")
    page.goto(f"{base_url}/admin/translations/uk")
    expect(page.get_by_role("heading", name="school")).to_be_visible()
    found["translations"] = axe_violations(page)
    page.screenshot(path=str(screenshots / "admin-translations-uk.png"), full_page=True)
    context.close()
    (REPO_ROOT / "test-artifacts" / "axe-admin.json").write_text(json.dumps(found, indent=2), encoding="utf-8")
    assert {name: violations for name, violations in found.items() if violations} == {}
