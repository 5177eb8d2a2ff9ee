"""The page, the widget files, the UI strings, CORS for embedding sites, and security headers."""

import re

from fastapi.testclient import TestClient

from api.main import create_app
from veiviser.settings import Settings


def test_page_in_the_browsers_language_with_a_strict_csp(api_client: TestClient) -> None:
    response = api_client.get("/", headers={"Accept-Language": "uk-UA,uk;q=0.9,en;q=0.5"})
    assert response.status_code == 200
    assert '<html lang="uk" dir="ltr">' in response.text
    assert response.headers["content-language"] == "uk"
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_arabic_page_is_right_to_left_and_the_choice_is_remembered(api_client: TestClient) -> None:
    response = api_client.get("/?lang=ar")
    assert '<html lang="ar" dir="rtl">' in response.text
    assert response.cookies.get("veiviser_lang") == "ar"


def test_widget_files_are_served_small(api_client: TestClient) -> None:
    script = api_client.get("/widget.js")
    assert script.headers["content-type"].startswith("text/javascript") and len(script.content) < 50_000
    assert api_client.get("/widget.css").status_code == 200
    assert api_client.get("/not-a-file.js").status_code == 404


def test_ui_strings_in_every_language_name_each_language_in_itself(api_client: TestClient) -> None:
    body = api_client.get("/api/ui", params={"lang": "fa"}).json()
    assert body["dir"] == "rtl" and body["strings"]["send"] != "Send"
    names = {item["code"]: item["name"] for item in body["languages"]}
    assert names["uk"] == "українська" and names["ti"] == "ትግርኛ" and names["nb"] == "norsk bokmål"
    assert api_client.get("/api/ui", params={"lang": "xx"}).status_code == 422


def test_only_allowed_origins_may_embed(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"allowed_origins": ["https://mottak.example.no"],
                                                 "rasa_url": "http://127.0.0.1:9"}))
    with TestClient(app) as client:
        allowed = client.options("/api/chat", headers={"Origin": "https://mottak.example.no",
                                                       "Access-Control-Request-Method": "POST"})
        assert allowed.headers.get("access-control-allow-origin") == "https://mottak.example.no"
        other = client.options("/api/chat", headers={"Origin": "https://evil.example.com",
                                                     "Access-Control-Request-Method": "POST"})
        assert "access-control-allow-origin" not in other.headers


def test_uptime_monitors_may_check_with_head(api_client: TestClient) -> None:
    for path in ("/", "/healthz", "/readyz"):
        response = api_client.head(path)
        assert response.status_code == 200, path
        assert response.content == b""


def test_text_is_compressed_and_there_is_a_favicon(api_client: TestClient) -> None:
    widget = api_client.get("/widget.js", headers={"Accept-Encoding": "gzip"})
    assert widget.headers["content-encoding"] == "gzip"
    assert int(widget.headers["content-length"]) < len(widget.content) / 2  # sent compressed, read decompressed
    assert "content-encoding" not in api_client.get("/widget.js", headers={"Accept-Encoding": "identity"}).headers
    icon = api_client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/png"
    assert icon.content.startswith(b"\x89PNG")


def test_the_page_links_versioned_files_that_cache_for_a_year(api_client: TestClient) -> None:
    page = api_client.get("/").text
    links = re.findall(r'(?:href|src)="(/(?:page\.css|widget\.js)\?v=[0-9a-f]{12})"', page)
    assert len(links) == 2, page
    for link in links:
        assert api_client.get(link).headers["cache-control"] == "public, max-age=31536000, immutable"
    # the plain URL embedding sites use, and an old release's URL, may change: minutes, not a year
    assert api_client.get("/widget.js").headers["cache-control"] == "public, max-age=300"
    assert api_client.get("/widget.css?v=000000000000").headers["cache-control"] == "public, max-age=300"
