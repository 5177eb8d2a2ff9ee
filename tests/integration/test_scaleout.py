"""Scale-out end to end: two Rasa replicas and two API workers behind nginx, PostgreSQL and Redis shared.

One `ScaleOutStack` (real PostgreSQL, Redis and nginx from Debian's packages, on loopback) serves the whole
module. Turns of one conversation go to different replicas on purpose; state must survive the switch.
"""

import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
import redis

from veiviser.privacy import is_national_id_number
from tests.support.scaleout import LOCK_STORE_DB, ScaleOutStack
from veiviser.storage.migrate import head_revision
from veiviser.settings import Settings
from tests.support.chat_sessions import chat_body, issued, remember
from tests.support.waiting import until

pytestmark = [pytest.mark.rasa, pytest.mark.model, pytest.mark.scaleout]

#: A valid national ID number (mod-11 check digits), as a user might type it into the chat.
NATIONAL_ID = "15099947613"


@pytest.fixture(scope="module")
def scaleout(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScaleOutStack]:
    stack = ScaleOutStack(settings, logs_dir=Path(tmp_path_factory.mktemp("scaleout-logs")))
    started = time.monotonic()
    stack.start()
    print(f"\nscale-out stack up in {time.monotonic() - started:.0f} s; logs in {stack.logs}")
    yield stack
    stack.stop()


def _session() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def _to_replica(rasa_url: str, sender: str, message: str, language: str | None = None) -> list[dict[str, Any]]:
    """One turn straight to one Rasa replica's REST channel; returns our actions' JSON messages."""
    response = httpx.post(f"{rasa_url}/webhooks/rest/webhook", timeout=60, json={
        "sender": sender, "message": message, "metadata": {"language": language} if language else {}})
    assert response.status_code == 200, response.text
    return [m["custom"] for m in response.json() if isinstance(m.get("custom"), dict)]


def _chat(stack: ScaleOutStack, session: str, message: str, language: str | None = None) -> dict[str, Any]:
    """One turn through the public entry point (nginx, an API worker, nginx, a Rasa replica)."""
    body = chat_body(session, message, language=language)
    response = httpx.post(f"{stack.entry_url}/api/chat", json=body, timeout=60)
    assert response.status_code == 200, response.text
    return remember(session, response.json())


def _types(messages: list[dict[str, Any]]) -> list[str]:
    return [m["type"] for m in messages]


def _tracker_events(stack: ScaleOutStack, sender: str) -> list[dict[str, Any]]:
    """The conversation as Rasa's tracker store holds it in PostgreSQL, oldest event first."""
    with psycopg.connect(stack.postgres_conninfo) as connection:
        rows = connection.execute("SELECT data FROM events WHERE sender_id = %s ORDER BY id", (sender,)).fetchall()
    return [json.loads(data) for (data,) in rows]


def _upstreams_since(stack: ScaleOutStack, offset: int) -> set[str]:
    """The upstream addresses nginx logged after `offset` bytes of its upstreams log."""
    with stack.upstreams_log.open() as log:
        log.seek(offset)
        return {line.split()[3] for line in log if len(line.split()) == 4}


def test_one_conversation_alternating_between_replicas_keeps_its_state(scaleout: ScaleOutStack) -> None:
    replica_a, replica_b = scaleout.rasa_urls
    session = _session()
    question = "Do I have to take Norwegian classes, and who pays for them?"
    first = _to_replica(replica_a, session, question)
    assert _types(first) == ["answer", "status-question"]
    payload = next(b["payload"] for b in first[1]["buttons"] if "labour-non-eea" in b["payload"])
    # Replica B never saw turn 1: it answers the pending question only if it read A's tracker.
    second = _to_replica(replica_b, session, payload)
    answer = next(m for m in second if m["type"] == "answer")
    assert answer["article"]["slug"] == "norwegian-training-right-and-duty"
    assert answer["article"]["status"] == "labour-non-eea"
    # Back on A: the status B stored is kept, so nobody asks for it again.
    third = _to_replica(replica_a, session, "How do I get a tax deduction card?")
    assert "status-question" not in _types(third)
    user_turns = [e["text"] for e in _tracker_events(scaleout, session) if e["event"] == "user"]
    assert user_turns == [question, payload, "How do I get a tax deduction card?"]


def test_language_sticks_when_turns_alternate_between_replicas(scaleout: ScaleOutStack) -> None:
    replica_a, replica_b = scaleout.rasa_urls
    session = _session()
    greeting = _to_replica(replica_a, session, "مرحبا")
    assert greeting[0]["language"] == "ar"
    assert all(m["language"] == "ar" for m in _to_replica(replica_b, session, "ok"))


def test_conversations_through_the_entry_point_use_every_worker_and_replica(scaleout: ScaleOutStack) -> None:
    offset = scaleout.upstreams_log.stat().st_size
    arabic = _session()
    assert _chat(scaleout, arabic, "مرحبا")["language"] == "ar"
    assert _chat(scaleout, arabic, "ok")["language"] == "ar"
    status = _session()
    first = _chat(scaleout, status, "Do I have to take Norwegian classes, and who pays for them?")["messages"]
    assert _types(first) == ["answer", "status-question"]
    payload = next(b["payload"] for b in first[1]["buttons"] if "labour-non-eea" in b["payload"])
    answer = next(m for m in _chat(scaleout, status, payload)["messages"] if m["type"] == "answer")
    assert answer["article"]["status"] == "labour-non-eea"
    assert "status-question" not in _types(_chat(scaleout, status, "How do I get a tax deduction card?")["messages"])
    time.sleep(0.2)  # nginx writes its log line after the response
    served_by = _upstreams_since(scaleout, offset)
    expected = {url.removeprefix("http://") for url in scaleout.api_urls + scaleout.rasa_urls}
    assert expected <= served_by


def test_readiness_through_the_entry_point_reaches_rasa_and_the_actions(scaleout: ScaleOutStack) -> None:
    response = httpx.get(f"{scaleout.entry_url}/readyz", timeout=10)
    assert response.status_code == 200, response.text


def test_feedback_through_the_entry_point_is_stored_in_postgresql(scaleout: ScaleOutStack) -> None:
    with psycopg.connect(scaleout.postgres_conninfo) as connection:
        last_id = connection.execute("SELECT COALESCE(MAX(id), 0) FROM feedback").fetchone()[0]  # type: ignore[index]
    session = _session()
    answer = _chat(scaleout, session, "Hvordan får jeg fastlege?")["messages"]
    not_helpful = next(b["payload"] for b in answer[0]["buttons"] if '"no"' in b["payload"])
    question = _chat(scaleout, session, not_helpful)["messages"]
    assert _types(question) == ["feedback-question"]
    outdated = next(b["payload"] for b in question[0]["buttons"] if "outdated" in b["payload"])
    thanks = _chat(scaleout, session, outdated)["messages"]
    assert _types(thanks) == ["text"], thanks

    def stored() -> list[tuple[object, ...]]:
        with psycopg.connect(scaleout.postgres_conninfo) as connection:
            return connection.execute("SELECT article, language, helpful, reason FROM feedback WHERE id > %s",
                                      (last_id,)).fetchall()

    # statistics are written after the reply, by the action server's writer
    assert until(stored) == [("general-practitioner", "nb", False, "outdated")]


def test_api_workers_share_their_rate_limit_counts_in_redis(scaleout: ScaleOutStack) -> None:
    session = _session()
    for _ in range(2):  # round robin: one request to each worker
        _chat(scaleout, session, "hei")
    client = redis.Redis(port=scaleout.redis_port, db=0)
    keys = client.keys(f"LIMITS:*/session/{issued(session)}/*")
    assert len(keys) == 1 and client.llen(keys[0]) == 2  # one moving window, both workers' hits in it
    client.close()


def test_rasa_takes_the_conversation_lock_in_redis(scaleout: ScaleOutStack) -> None:
    session = _session()
    client = redis.Redis(port=scaleout.redis_port, db=LOCK_STORE_DB)
    client.config_set("notify-keyspace-events", "K$g")  # announce SET and DEL on keys
    subscription = client.pubsub()
    subscription.subscribe(f"__keyspace@{LOCK_STORE_DB}__:lock:{session}")
    assert subscription.get_message(timeout=2)["type"] == "subscribe"  # type: ignore[index]
    _to_replica(scaleout.rasa_urls[1], session, "Hvordan får jeg skattekort?")
    seen = []
    while (message := subscription.get_message(timeout=1)) is not None:
        seen.append(message["data"].decode())
    subscription.close()
    assert "set" in seen and seen[-1] == "del"  # taken while the turn ran, released after it
    assert not client.exists(f"lock:{session}")
    client.close()


def test_national_id_numbers_are_redacted_in_the_postgresql_tracker_store(scaleout: ScaleOutStack) -> None:
    assert is_national_id_number(NATIONAL_ID)
    session = _session()
    _to_replica(scaleout.rasa_urls[0], session, f"Mitt fødselsnummer er {NATIONAL_ID}, hvordan får jeg skattekort?")
    with psycopg.connect(scaleout.postgres_conninfo) as connection:
        stored = [data for (data,) in connection.execute(
            "SELECT data FROM events WHERE sender_id = %s", (session,)).fetchall()]
        questions = [text for (text,) in connection.execute("SELECT text FROM questions").fetchall()]
    assert stored, "the conversation is in PostgreSQL, not in a replica's memory"
    assert not any(NATIONAL_ID in data for data in stored)
    assert any("[id-number]" in data for data in stored)
    assert not any(NATIONAL_ID in text for text in questions)


def test_the_postgresql_schema_was_migrated_once_and_the_workers_found_it_current(scaleout: ScaleOutStack) -> None:
    with psycopg.connect(scaleout.postgres_conninfo) as connection:
        versions = [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]
        tables = {row[0] for row in connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")}
    assert versions == [head_revision()]
    assert {"feedback", "questions", "editor_accounts", "editorial_drafts", "events"} <= tables  # events: Rasa's
