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
from tests.support.chat_sessions import chat_body, issued, remember

pytestmark = [pytest.mark.rasa, pytest.mark.model]


@pytest.fixture(scope="module")
def stack(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """All three services as separate processes, so each can be stopped and restarted on its own."""
    scratch = Path(tmp_path_factory.mktemp("faults"))
    tracker_db = scratch / "tracker.db"
    services = Stack(settings, rasa_port=free_port(), actions_port=free_port(), api_port=free_port(),
                     tracker_db=tracker_db, actions_in_api=False)
    handoff = scratch / "handoff.yml"  # a copy the tests may break
    handoff.write_text(settings.handoff_file.read_text(encoding="utf-8"), encoding="utf-8")
    for service in services.services:
        service.env["VEIVISER_HANDOFF_FILE"] = str(handoff)
    services.start()
    yield services
    services.stop()


def _api(stack: Stack) -> str:
    return f"http://127.0.0.1:{stack.api_port}"


def _say(stack: Stack, session: str, message: str, language: str | None = None) -> dict[str, Any]:
    body = chat_body(session, message, language=language)
    response = httpx.post(f"{_api(stack)}/api/chat", json=body, timeout=60)
    assert response.status_code == 200, response.text
    return remember(session, response.json())


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
    # a later turn: the store redacts only the events it has not stored yet, and must not miss them
    _say(stack, "fault-privacy", "Hvordan får jeg skattekort? Skriv til kari.nordmann@example.no", language="nb")
    # a button payload typed by hand: its entity (and any slot it fills) holds the user's words
    _say(stack, "fault-privacy", '/choose_article{"article": "ola@example.no 987 65 432"}', language="nb")
    assert stack.tracker_db is not None
    with sqlite3.connect(stack.tracker_db) as db:
        stored = " ".join(row[0] for row in db.execute("SELECT data FROM events WHERE sender_id = ?",
                                                       (issued("fault-privacy"),)))
    assert "[id-number]" in stored and "[phone]" in stored and "[e-mail]" in stored
    assert number not in stored and number[-5:] not in stored and "412 34 567" not in stored
    assert "kari.nordmann@example.no" not in stored and "skattekort" in stored
    assert "ola@example.no" not in stored and "987 65 432" not in stored and "choose_article" in stored


def _statistics_db(settings: Settings) -> Path:
    assert settings.database.startswith("sqlite:///")
    return Path(settings.database.removeprefix("sqlite:///"))


def test_a_locked_statistics_database_never_costs_the_answer(stack: Stack, settings: Settings) -> None:
    path = _statistics_db(settings)
    _say(stack, "fault-db-warm", "Hvordan får jeg skattekort?", language="nb")  # the tables exist
    locker = sqlite3.connect(path, isolation_level=None, timeout=30)
    locker.execute("BEGIN EXCLUSIVE")  # as another process holding the file would
    try:
        for number, question in enumerate(("Hvordan får jeg skattekort?", "Jak zapisać dziecko do przedszkola?",
                                           "Як знайти фастлеге?")):
            reply = _say(stack, f"fault-db-locked-{number}", question)
            assert reply["degraded"] is False
            assert any(m["type"] == "answer" for m in reply["messages"]), reply
        feedback = _say(stack, "fault-db-locked-0", '/feedback{"helpful": "yes"}')
        assert feedback["messages"], "the thanks for feedback comes even when it cannot be stored now"
    finally:
        locker.execute("ROLLBACK")
        locker.close()


def test_a_broken_handoff_file_still_names_the_last_good_contact(stack: Stack) -> None:
    handoff = Path(stack.service("actions").env["VEIVISER_HANDOFF_FILE"])
    good = handoff.read_text(encoding="utf-8")
    first = _say(stack, "fault-handoff-1", "/handoff", language="en")
    assert any(m["type"] == "handoff" for m in first["messages"])
    try:
        handoff.write_text("name: [this edit is broken\nphone: 12\n", encoding="utf-8")
        reply = _say(stack, "fault-handoff-2", "/handoff", language="en")
        contact = next(m for m in reply["messages"] if m["type"] == "handoff")["contact"]
        assert contact["phone"] == "+47 23 35 15 00"
    finally:
        handoff.write_text(good, encoding="utf-8")
