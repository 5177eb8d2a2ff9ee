"""Per-session and per-IP rate limits: 429 with Retry-After, counted per key, shared by one app's routes."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from veiviser.retrieval.search import ArticleSearch
from veiviser.settings import Settings

pytestmark = pytest.mark.model


@pytest.fixture
def strict_client(settings: Settings, real_search: ArticleSearch) -> Iterator[TestClient]:
    app = create_app(settings.model_copy(update={
        "rasa_url": "http://127.0.0.1:9", "actions_url": "http://127.0.0.1:9",
        "rate_limit_per_session": "3/minute", "rate_limit_per_ip": "8/minute"}))
    with TestClient(app) as client:
        yield client


def _chat(client: TestClient, session: str | None = None) -> int:
    body = {"message": "hei", "language": "nb", **({"session_id": session} if session else {})}
    return client.post("/api/chat", json=body).status_code


def test_one_session_is_limited_and_told_when_to_retry(strict_client: TestClient) -> None:
    first = strict_client.post("/api/chat", json={"message": "hei", "language": "nb"})
    flood = first.json()["session_id"]
    assert [first.status_code, _chat(strict_client, flood), _chat(strict_client, flood)] == [200, 200, 200]
    refused = strict_client.post("/api/chat", json={"session_id": flood, "message": "hei"})
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert "Too many requests from this session" in refused.json()["detail"]
    assert _chat(strict_client) == 200  # others are not punished for one session


def test_one_address_is_limited_across_sessions_and_routes(strict_client: TestClient) -> None:
    statuses = [_chat(strict_client) for _ in range(4)]
    statuses += [strict_client.get("/api/search", params={"q": "skole"}).status_code for _ in range(4)]
    assert statuses == [200] * 8
    refused = strict_client.get("/api/articles/school")
    assert refused.status_code == 429
    assert "Too many requests from this ip" in refused.json()["detail"]
    # The page, the widget and health checks are not rate limited: a busy centre must still load the chat.
    assert strict_client.get("/widget.js").status_code == 200
    assert strict_client.get("/healthz").status_code == 200


def test_a_redis_outage_lets_requests_through_and_shows_in_readiness(settings: Settings,
                                                                      real_search: ArticleSearch) -> None:
    # Nothing listens on port 9: the shared counter is unreachable, as in a Redis outage.
    app = create_app(settings.model_copy(update={
        "rasa_url": "http://127.0.0.1:9", "actions_url": "http://127.0.0.1:9",
        "rate_limit_per_session": "3/minute", "rate_limit_per_ip": "8/minute",
        "rate_limit_storage": "redis://127.0.0.1:9/0"}))
    with TestClient(app) as client:
        assert client.get("/readyz").json()["parts"]["rate_limit"] == "ok"
        assert [_chat(client) for _ in range(4)] == [200] * 4  # fails open: no 500, no 429
        ready = client.get("/readyz").json()
        assert ready["status"] == "degraded" and ready["parts"]["rate_limit"].startswith("storage failing")
