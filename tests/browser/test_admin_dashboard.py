"""The editors' dashboard in the browser, built from conversations scripted through the real stack."""

import uuid
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from veiviser.settings import Settings

pytestmark = [pytest.mark.browser, pytest.mark.rasa, pytest.mark.model]


def test_dashboard_shows_charts_and_clusters_from_real_conversations(page: Page, base_url: str, settings: Settings,
                                                                     screenshots: Path) -> None:
    marker = uuid.uuid4().hex[:6]
    script = [f"Which football team won the cup final {marker}?", f"Who won the football cup final {marker}?",
              "Як записатися на перевірку ID у податковій?", "Hvordan får jeg fastlege?"]
    for text in script:
        reply = httpx.post(f"{base_url}/api/chat", json={"message": text}, timeout=60)
        assert reply.status_code == 200
    page.goto(f"{base_url}/admin")
    page.locator("#password").fill(settings.admin_token)
    page.locator("#password").press("Enter")
    expect(page.locator("h1")).to_have_text("Editors' dashboard")
    assert page.locator("svg[role=img] rect").count() >= 3
    cluster = page.locator("table.clusters.unanswered tr").filter(has_text=marker).first
    expect(cluster).to_be_visible()
    page.screenshot(path=str(screenshots / "admin-dashboard.png"), full_page=True)
