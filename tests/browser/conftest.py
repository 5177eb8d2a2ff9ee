"""A real browser (Debian's Chromium, driven by Playwright) against the real API, Rasa and action server."""

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from api.main import create_app
from veiviser.settings import REPO_ROOT, Settings
from veiviser.stack import Stack, free_port

CHROMIUM = os.environ.get("VEIVISER_CHROMIUM", "/usr/bin/chromium")
VENDOR = REPO_ROOT / "var" / "vendor"  # axe-core and rasa-webchat, fetched by `make setup-test`
# No sandbox (CI runs as root) and no background networking: this machine has no internet, and Chromium
# otherwise keeps trying to reach Google's services.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage"]

pytestmark = [pytest.mark.browser, pytest.mark.rasa]


@pytest.fixture(scope="session")
def browser_stack(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    stack = Stack(settings, rasa_port=free_port(), actions_port=free_port(), api_port=None,
                  tracker_db=Path(tmp_path_factory.mktemp("rasa-browser")) / "tracker.db", rasa_cors="*")
    stack.start()
    yield stack
    stack.stop()


@pytest.fixture(scope="session")
def base_url(settings: Settings, browser_stack: Stack) -> Iterator[str]:
    """Our API served over real HTTP (uvicorn in a thread), talking to the real Rasa."""
    port = free_port()
    app = create_app(settings.model_copy(update={"rasa_url": browser_stack.rasa_url}))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    yield url
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make setup-test` (installs Debian's chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    folder = REPO_ROOT / "test-artifacts" / "screenshots"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def vendor_file(relative: str) -> Path:
    path = VENDOR / relative
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make setup-test`")
    return path


def axe_violations(page: Page) -> list[dict]:  # type: ignore[type-arg]
    """axe-core's violations on the page as it is now (the page's context must bypass our CSP)."""
    page.add_script_tag(path=str(vendor_file("axe-core/axe.min.js")))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]],
             "why": v["nodes"][0].get("failureSummary", "")[:300]} for v in result["violations"]]
