"""Dialogue features end to end: /api/chat, the real Rasa server and the real action server."""

import uuid

import pytest
from fastapi.testclient import TestClient

from veiviser.settings import Settings
from veiviser.storage.feedback import FeedbackStore
from tests.support.chat_sessions import chat_body, remember
from tests.support.waiting import until

pytestmark = [pytest.mark.rasa, pytest.mark.model]


def _session() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def _say(client: TestClient, session: str, message: str, language: str | None = None,
         page_language: str | None = None) -> list[dict]:
    body = chat_body(session, message, language=language, page_language=page_language)
    response = client.post("/api/chat", json=body)
    assert response.status_code == 200, response.text
    return remember(session, response.json())["messages"]


def _types(messages: list[dict]) -> list[str]:
    return [m["type"] for m in messages]


def test_status_question_then_a_status_specific_answer(chat_client: TestClient) -> None:
    session = _session()
    first = _say(chat_client, session, "Do I have to take Norwegian classes, and who pays for them?")
    assert _types(first) == ["answer", "status-question"]
    payload = next(b["payload"] for b in first[1]["buttons"] if "labour-non-eea" in b["payload"])
    second = _say(chat_client, session, payload)
    answer = next(m for m in second if m["type"] == "answer")
    assert answer["article"]["slug"] == "norwegian-training-right-and-duty"
    assert answer["article"]["status"] == "labour-non-eea" and answer["article"]["status_note"]
    # Asked once: the next status-dependent answer comes straight for the kept status.
    third = _say(chat_client, session, "How do I get a tax deduction card?")
    assert "status-question" not in _types(third)


def test_safety_message_gets_emergency_contacts_first_in_the_users_language(chat_client: TestClient) -> None:
    messages = _say(chat_client, _session(), "Чоловік б'є мене і погрожує, я боюся")
    assert messages[0]["type"] == "safety" and messages[0]["language"] == "uk"
    cards = [m for m in messages if m["type"] == "answer"]
    assert [c["article"]["slug"] for c in cards[:2]] == ["violence-and-negative-social-control", "emergency-numbers"]
    assert all(c["article"]["language"] == "uk" for c in cards) and "112" in cards[1]["text"]


@pytest.mark.parametrize(("message", "first_card", "number"), [
    ("I have dark thoughts and think about ending my life", "mental-health-support", "116 123"),
    ("nie mam już siły żyć", "mental-health-support", "116 123"),
    ("زوجي سيقتلني إذا عرف أنني تحدثت معكم", "emergency-numbers", "112"),
])
def test_danger_in_ordinary_words_gets_its_own_help_first(chat_client: TestClient, message: str, first_card: str,
                                                          number: str) -> None:
    messages = _say(chat_client, _session(), message)
    assert messages[0]["type"] == "safety" and "abstain" not in _types(messages) and "clarify" not in _types(messages)
    assert messages[1]["article"]["slug"] == first_card and number in messages[1]["article"]["summary"]


def test_a_short_first_message_is_answered_in_the_pages_language(chat_client: TestClient) -> None:
    messages = _say(chat_client, _session(), "ok", page_language="uk")
    assert messages and all(m["language"] == "uk" for m in messages if m.get("language"))


def test_an_unsupported_language_gets_english_and_the_list_of_languages(chat_client: TestClient) -> None:
    messages = _say(chat_client, _session(), "Norveç'te banka hesabı nasıl açabilirim?")
    assert all(m["language"] == "en" for m in messages if m.get("language"))
    assert any("I can answer in these languages" in m["text"] and "українська" in m["text"] for m in messages)


def test_ukrainian_in_latin_letters_gets_the_ukrainian_answer(chat_client: TestClient) -> None:
    messages = _say(chat_client, _session(), "yak otrymaty kolektyvnyi zakhyst v norvehii")
    answers = [m for m in messages if m["type"] == "answer"]
    assert answers and answers[0]["article"]["slug"] == "collective-protection-ukraine"
    assert answers[0]["language"] == "uk" and answers[0]["article"]["language"] == "uk"


def test_talk_to_a_person(chat_client: TestClient) -> None:
    messages = _say(chat_client, _session(), "I want to talk to a person")
    assert _types(messages) == ["handoff"]
    assert "+47 23 35 15 00" in messages[0]["text"]


def test_switch_language_by_asking(chat_client: TestClient) -> None:
    session = _session()
    _say(chat_client, session, "How do I get a tax deduction card?")
    switched = _say(chat_client, session, "can you answer in Ukrainian?")
    assert switched[0]["language"] == "uk"
    after = _say(chat_client, session, "ok")
    assert all(m["language"] == "uk" for m in after)


def test_feedback_is_stored_with_article_language_and_status(chat_client: TestClient, settings: Settings) -> None:
    store = FeedbackStore(settings.database)
    before = len(store.all())
    session = _session()
    answer = _say(chat_client, session, "Hvordan får jeg fastlege?")
    not_helpful = next(b["payload"] for b in answer[0]["buttons"] if '"no"' in b["payload"])
    question = _say(chat_client, session, not_helpful)
    assert _types(question) == ["feedback-question"]
    outdated = next(b["payload"] for b in question[0]["buttons"] if "outdated" in b["payload"])
    _say(chat_client, session, outdated)
    rows = until(lambda: store.all()[before:])  # written after the reply, by the action server's writer
    assert [(r.article, r.language, r.helpful, r.reason) for r in rows] == [
        ("general-practitioner", "nb", False, "outdated")]


def test_first_steps_checklist(chat_client: TestClient) -> None:
    session = _session()
    assert _types(_say(chat_client, session, "what should I do first?")) == ["status-question"]
    checklist = _say(chat_client, session, '/set_status{"user_status": "asylum-seeker"}')[-1]
    assert checklist["type"] == "checklist"
    assert checklist["items"][0]["slug"] == "applying-for-asylum"
