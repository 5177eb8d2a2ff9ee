"""/docs in a real browser: Swagger UI loads from our own host and shows the API under our CSP."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.rasa, pytest.mark.model]


def test_the_api_documentation_renders_from_our_host_under_our_policy(page: Page, base_url: str) -> None:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    other_hosts: list[str] = []
    page.on("request", lambda request: other_hosts.append(request.url)
            if not request.url.startswith(base_url) and not request.url.startswith("data:") else None)
    page.goto(f"{base_url}/docs")
    expect(page.locator(".opblock-summary-path", has_text="/api/chat").first).to_be_visible(timeout=20_000)
    expect(page.locator(".info .title")).to_contain_text("Veiviser")
    assert other_hosts == [] and problems == []
