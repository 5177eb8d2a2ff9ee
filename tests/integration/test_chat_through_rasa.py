"""Conversations through /api/chat, the real Rasa server (NLU, rules) and the real action server."""

import uuid

import pytest
from fastapi.testclient import TestClient

from veiviser.knowledge.loader import KnowledgeBase
from tests.support.chat_sessions import chat_body, remember

pytestmark = [pytest.mark.rasa, pytest.mark.model]


def _session() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def _say(client: TestClient, session: str, message: str, language: str | None = None) -> dict:
    body = chat_body(session, message, language=language)
    response = client.post("/api/chat", json=body)
    assert response.status_code == 200, response.text
    return remember(session, response.json())


def test_ukrainian_id_check_question_gets_the_ukrainian_summary_with_source_and_date(
        chat_client: TestClient, knowledge: KnowledgeBase) -> None:
    reply = _say(chat_client, _session(), "Як записатися на перевірку ID у податковій?")
    assert reply["language"] == "uk"
    answers = [m for m in reply["messages"] if m["type"] == "answer"]
    assert len(answers) == 1
    article = answers[0]["article"]
    expected = knowledge.articles["id-check-and-population-register"].texts["uk"]
    assert article["slug"] == "id-check-and-population-register"
    assert article["language"] == "uk"
    assert article["summary"] == expected.summary
    assert article["sources"] == [s.model_dump() for s in expected.sources]
    assert article["reviewed"] == expected.meta.reviewed.isoformat()


def test_greeting_in_arabic_then_the_session_stays_arabic(chat_client: TestClient) -> None:
    session = _session()
    greeting = _say(chat_client, session, "مرحبا")
    assert greeting["language"] == "ar"
    assert "Veiviser" in greeting["messages"][0]["text"]
    assert greeting["messages"][0]["text"] != "Hello!"  # translated, not the English id
    thanks = _say(chat_client, session, "ok")
    assert thanks["language"] == "ar"


def test_switching_to_english_mid_conversation(chat_client: TestClient) -> None:
    session = _session()
    assert _say(chat_client, session, "Hvordan får jeg fastlege?")["language"] == "nb"
    switched = _say(chat_client, session, "How do I get a regular GP?", language="en")
    assert switched["language"] == "en"
    answer = next(m for m in switched["messages"] if m["type"] == "answer")
    assert answer["article"]["slug"] == "general-practitioner"
    assert answer["article"]["language"] == "en"


def test_out_of_scope_gets_an_honest_i_dont_know(chat_client: TestClient) -> None:
    reply = _say(chat_client, _session(), "Who won the football match between Rosenborg and Molde yesterday?")
    assert [m["type"] for m in reply["messages"]] == ["abstain"]


def test_rasa_rest_channel_gets_text_for_text_only_clients(rasa_stack) -> None:  # type: ignore[no-untyped-def]
    import httpx

    replies = httpx.post(f"{rasa_stack.rasa_url}/webhooks/rest/webhook",
                         json={"sender": _session(), "message": "Hvordan får jeg skattekort?"}, timeout=30).json()
    texts = [r["text"] for r in replies if "text" in r]
    assert texts and any("Skatteetaten" in t or "skattekort" in t.lower() for t in texts)


def test_rasa_rest_shaped_endpoint_on_our_api(chat_client: TestClient) -> None:
    """Clients that speak Rasa's REST channel get Rasa's own message list from our API."""
    response = chat_client.post("/webhooks/rest/webhook", json={
        "sender": _session(), "message": "Hvordan får jeg skattekort?", "metadata": {"language": "nb"}})
    assert response.status_code == 200
    messages = response.json()
    assert all("recipient_id" in m for m in messages)
    texts = [m["text"] for m in messages if "text" in m]
    assert texts and any("skattekort" in t.lower() for t in texts)
    bad = chat_client.post("/webhooks/rest/webhook", json={"sender": "x", "message": ""})
    assert bad.status_code == 422
