"""Rasa down: /api/chat and the REST webhook answer from retrieval, in the user's language, with a notice."""

import pytest
from fastapi.testclient import TestClient

from api.state import AppState
from veiviser.dialogue.direct_reply import DEGRADED_NOTICE
from veiviser.i18n import gettext

pytestmark = pytest.mark.model


def test_rasa_down_answers_from_retrieval_in_the_users_language(api_client: TestClient) -> None:
    response = api_client.post("/api/chat", json={"message": "Як записатися на перевірку ID у податковій?"})
    assert response.status_code == 200
    body = response.json()
    assert (body["degraded"], body["language"]) == (True, "uk")
    notice, answer = body["messages"]
    assert notice["text"] == gettext("uk", DEGRADED_NOTICE) != DEGRADED_NOTICE
    assert answer["type"] == "answer"
    assert answer["article"]["slug"] == "id-check-and-population-register"
    assert answer["article"]["sources"] and answer["article"]["reviewed"]
    # Feedback needs the dialogue (it refers to the conversation); without it the buttons would do nothing.
    assert answer["buttons"] == []


def test_rasa_down_still_says_not_sure_instead_of_guessing(api_client: TestClient) -> None:
    body = api_client.post("/api/chat", json={"language": "en",
                                              "message": "Who won the football match between Rosenborg and Molde?"}).json()
    assert body["degraded"] is True
    assert [m["type"] for m in body["messages"]] == ["notice", "abstain"]


def test_rasa_down_puts_help_contacts_first(api_client: TestClient) -> None:
    body = api_client.post("/api/chat", json={"language": "en",
                                              "message": "My husband hits me and I am afraid"}).json()
    assert [m["type"] for m in body["messages"]][:2] == ["safety", "notice"]  # help before the notice too
    assert "113" in " ".join(m["text"] for m in body["messages"])


def test_rasa_down_a_chosen_article_still_opens(api_client: TestClient) -> None:
    body = api_client.post("/api/chat", json={"language": "ar",
                                              "message": '/choose_article{"article": "school"}'}).json()
    answer = body["messages"][1]
    assert (answer["type"], answer["article"]["slug"], answer["language"]) == ("answer", "school", "ar")


def test_rasa_down_feedback_button_gets_try_again_not_a_search(api_client: TestClient) -> None:
    body = api_client.post("/api/chat", json={"language": "pl",
                                              "message": '/feedback{"helpful": "yes"}'}).json()
    assert [m["type"] for m in body["messages"]] == ["notice", "text"]
    assert body["messages"][1]["text"] == gettext("pl", "Something went wrong. Please try again in a moment.")


def test_rasa_down_the_rest_webhook_answers_in_rasas_shape(api_client: TestClient) -> None:
    replies = api_client.post("/webhooks/rest/webhook", json={
        "sender": "degraded-6", "message": "Hvordan får jeg fastlege?", "metadata": {"language": "nb"}}).json()
    assert all(r["recipient_id"] == "degraded-6" and r["text"] for r in replies)
    assert replies[1]["custom"]["article"]["slug"] == "general-practitioner"


def test_a_dialogue_that_answers_nothing_still_gives_the_answer(api_client: TestClient, state: AppState,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # Rasa is up but an action failed (a locked database, a broken file): Rasa drops its messages and
    # answers 200 with nothing. The person still gets the answer, from retrieval.
    async def nothing(*_: object) -> list[dict[str, object]]:
        return []

    async def ready() -> str:
        return "ok"

    monkeypatch.setattr(state.rasa, "send", nothing)
    monkeypatch.setattr(state.rasa, "actions_ready", ready)
    body = api_client.post("/api/chat", json={"language": "nb", "message": "Hvordan får jeg skattekort?"}).json()
    assert body["messages"] and any(m["type"] == "answer" for m in body["messages"])
    assert api_client.post("/api/chat", json={"session_id": body["session_id"],
                                              "message": "/restart"}).json()["messages"] == []


def test_the_reply_carries_the_users_message_redacted_for_storing(api_client: TestClient) -> None:
    body = api_client.post("/api/chat", json={"language": "nb",
                                              "message": "Ring meg på 412 34 567. Hvordan får jeg skattekort?"}).json()
    assert body["user_text"] == "Ring meg på [phone]. Hvordan får jeg skattekort?"


def test_webhook_senders_never_reach_a_conversation_the_api_issued(api_client: TestClient, state: AppState,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    async def rasa(sender: str, message: str, metadata: dict[str, str]) -> list[dict[str, object]]:
        seen.append(sender)
        return [{"recipient_id": sender, "text": "hei"}]

    async def ready() -> str:
        return "ok"

    monkeypatch.setattr(state.rasa, "send", rasa)
    monkeypatch.setattr(state.rasa, "actions_ready", ready)
    issued = api_client.post("/api/chat", json={"message": "hei", "language": "nb"}).json()["session_id"]
    replies = api_client.post("/webhooks/rest/webhook", json={"sender": issued, "message": "hei"}).json()
    assert seen == [issued, f"webhook:{issued}"]  # the same string names two different conversations
    assert replies == [{"recipient_id": issued, "text": "hei"}]  # the client sees its own sender back
