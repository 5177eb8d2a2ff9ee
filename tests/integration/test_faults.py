"""Faults with the real services: a part goes down or restarts mid-conversation, and the user still gets
answers in their language and keeps their conversation."""

import random
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.personal_data import generated_national_id
from veiviser.settings import Settings
from veiviser.stack import Stack, free_port

pytestmark = [pytest.mark.rasa, pytest.mark.model]


@pytest.fixture(scope="module")
def stack(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """All three services as separate processes, so each can be stopped and restarted on its own."""
    tracker_db = Path(tmp_path_factory.mktemp("faults")) / "tracker.db"
    services = Stack(settings, rasa_port=free_port(), actions_port=free_port(), api_port=free_port(),
                     tracker_db=tracker_db)
    services.start()
    yield services
    services.stop()


def _api(stack: Stack) -> str:
    return f"http://127.0.0.1:{stack.api_port}"


def _say(stack: Stack, session: str, message: str, language: str | None = None) -> dict[str, Any]:
    body = {"session_id": session, "message": message, **({"language": language} if language else {})}
    response = httpx.post(f"{_api(stack)}/api/chat", json=body, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def _readiness(stack: Stack) -> dict[str, Any]:
    return httpx.get(f"{_api(stack)}/readyz", timeout=10).json()


def _restart(stack: Stack, name: str) -> None:
    service = stack.service(name)
    service.stop()
    service.start()
    service.wait_healthy()


def _arabic_session_with_a_status(stack: Stack) -> str:
    session = f"fault-{uuid.uuid4().hex[:10]}"
    assert _say(stack, session, "مرحبا")["language"] == "ar"
    _say(stack, session, '/set_status{"user_status": "refugee"}')
    return session


def _assert_conversation_kept(stack: Stack, session: str) -> None:
    """Language and status come from the tracker store: a short 'ok' stays Arabic, and a status-dependent
    answer comes for the kept status without asking again."""
    assert _say(stack, session, "ok")["language"] == "ar"
    reply = _say(stack, session, "هل يجب أن أتعلم اللغة النرويجية ومن يدفع ثمن الدروس؟")
    assert reply["degraded"] is False
    types = [m["type"] for m in reply["messages"]]
    assert "status-question" not in types
    answer = next(m for m in reply["messages"] if m["type"] == "answer")
    assert answer["article"]["status"] == "refugee" and answer["language"] == "ar"


def test_api_restart_keeps_the_conversation(stack: Stack) -> None:
    session = _arabic_session_with_a_status(stack)
    _restart(stack, "api")
    _assert_conversation_kept(stack, session)


def test_rasa_restart_mid_conversation_loses_nothing(stack: Stack) -> None:
    session = _arabic_session_with_a_status(stack)
    _restart(stack, "rasa")
    _assert_conversation_kept(stack, session)


def test_rasa_down_chat_answers_from_retrieval_and_readiness_says_degraded(stack: Stack) -> None:
    rasa = stack.service("rasa")
    rasa.stop()
    try:
        ready = _readiness(stack)
        assert (ready["ready"], ready["status"]) == (True, "degraded")
        assert ready["parts"]["rasa"].startswith("unreachable") and ready["parts"]["actions"] == "ok"
        reply = _say(stack, "fault-rasa-down", "Як записатися на перевірку ID у податковій?")
        assert (reply["degraded"], reply["language"]) == (True, "uk")
        assert [m["type"] for m in reply["messages"]] == ["notice", "answer"]
        assert reply["messages"][1]["article"]["slug"] == "id-check-and-population-register"
    finally:
        rasa.start()
        rasa.wait_healthy()
    assert _readiness(stack)["status"] == "ok"


def test_action_server_down_the_user_still_gets_an_answer_in_their_language(stack: Stack) -> None:
    actions = stack.service("actions")
    actions.stop()
    try:
        assert _readiness(stack)["parts"]["actions"].startswith("unreachable")
        reply = _say(stack, "fault-actions-down", "Jak zarejestrować się w rejestrze ludności?")
        assert (reply["degraded"], reply["language"]) == (True, "pl")
        assert reply["messages"][0]["type"] == "notice" and reply["messages"][0]["language"] == "pl"
        # the same policy as the dialogue: an answer, a choice of close articles, or an honest "not sure"
        assert reply["messages"][1]["type"] in {"answer", "clarify", "abstain"}
    finally:
        actions.start()
        actions.wait_healthy()
    reply = _say(stack, "fault-actions-back", "Jak zarejestrować się w rejestrze ludności?")
    assert reply["degraded"] is False


def test_the_tracker_store_never_holds_an_id_number_or_phone_number(stack: Stack) -> None:
    number = generated_national_id(random.Random(11))
    _say(stack, "fault-privacy", f"Mitt fødselsnummer er {number}, ring meg på 412 34 567", language="nb")
    assert stack.tracker_db is not None
    with sqlite3.connect(stack.tracker_db) as db:
        stored = " ".join(row[0] for row in db.execute("SELECT data FROM events WHERE sender_id = 'fault-privacy'"))
    assert "[id-number]" in stored and "[phone]" in stored
    assert number not in stored and number[-5:] not in stored and "412 34 567" not in stored
