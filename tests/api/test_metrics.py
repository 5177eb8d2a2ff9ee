"""`/metrics`: counts by route, language and outcome, never a user's text; only for this machine or a token."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from api.main import create_app
from veiviser.settings import Settings

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def degraded_client(settings: Settings) -> Iterator[TestClient]:
    """Rasa unreachable: every chat reply is the API's own (degraded) one."""
    app = create_app(settings.model_copy(update={"rasa_url": "http://127.0.0.1:9", "watch_knowledge": False}))
    with TestClient(app, client=("127.0.0.1", 50000)) as client:
        yield client


def samples(client: TestClient, **headers: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.text
    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(response.text) for s in family.samples}


def value(found: dict, name: str, **labels: str) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


def test_a_scripted_conversation_shows_in_the_counts(degraded_client: TestClient) -> None:
    before = samples(degraded_client)
    questions = [("Як записатися на перевірку ID у податковій?", "uk"),
                 ("Hvordan får jeg fastlege? Fødselsnummeret mitt er 01019012345", "nb"),
                 ("What is the best pizza topping?", "en")]
    for text, language in questions:
        assert degraded_client.post("/api/chat", json={"message": text, "language": language}).status_code == 200
    degraded_client.get("/api/articles/school?lang=pl")
    after = samples(degraded_client)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("veiviser_chat_replies_total", language="uk", outcome="answer", degraded="true") == 1
    assert grew("veiviser_chat_replies_total", language="nb", outcome="answer", degraded="true") == 1
    assert grew("veiviser_chat_replies_total", language="en", outcome="abstention", degraded="true") == 1
    assert grew("veiviser_http_request_duration_seconds_count", method="POST", route="/api/chat", status="200") == 3
    assert grew("veiviser_http_request_duration_seconds_count", method="GET", route="/api/articles/{slug}",
                status="200") == 1
    assert value(after, "veiviser_knowledge_file_errors") == 0
    for invented in ("BREW", "X" * 40):  # a method name a client made up is one label value, not one each
        degraded_client.request(invented, "/api/chat")
    methods = {dict(labels)["method"] for name, labels in samples(degraded_client)
               if name == "veiviser_http_request_duration_seconds_count"}
    assert "other" in methods and not methods - {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "other"}
    text = degraded_client.get("/metrics").text
    assert "01019012345" not in text and "fastlege" not in text and "school" not in text  # templates, no text


def test_a_safety_message_counts_as_a_safety_routing(degraded_client: TestClient) -> None:
    before = samples(degraded_client)
    reply = degraded_client.post("/api/chat", json={"message": "Mannen min slår meg og jeg er redd", "language": "nb"})
    assert reply.json()["messages"][0]["type"] == "safety"  # help first, before the degraded notice
    after = samples(degraded_client)
    labels = {"language": "nb", "outcome": "safety", "degraded": "true"}
    assert value(after, "veiviser_chat_replies_total", **labels) - value(before, "veiviser_chat_replies_total", **labels) == 1


def test_reloads_are_counted(degraded_client: TestClient) -> None:
    before = value(samples(degraded_client), "veiviser_knowledge_reloads_total", result="done")
    degraded_client.app.state.veiviser.live.reload()  # type: ignore[attr-defined]
    assert value(samples(degraded_client), "veiviser_knowledge_reloads_total", result="done") == before + 1


def test_only_this_machine_reads_metrics_without_a_token(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"watch_knowledge": False}))
    with TestClient(app, client=("203.0.113.9", 40000)) as outside:
        assert outside.get("/metrics").status_code == 403
    tokened = create_app(settings.model_copy(update={"watch_knowledge": False, "metrics_token": "s" * 24}))
    with TestClient(tokened, client=("203.0.113.9", 40000)) as scraper:
        assert scraper.get("/metrics").status_code == 401
        assert scraper.get("/metrics", headers={"Authorization": "Bearer " + "s" * 24}).status_code == 200
