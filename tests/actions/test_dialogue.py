"""The dialogue actions from tracker fixtures: the events they return and what they send."""

from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from sqlalchemy.exc import OperationalError
from rasa_sdk.executor import CollectingDispatcher

import actions.answer
import actions.feedback
from actions.answer import ActionAnswerQuestion
from actions.checklist import ActionFirstSteps
from actions.feedback import ActionFeedback
from actions.handoff import ActionHandoff
from actions.language_switch import ActionSwitchLanguage
from actions.status import ActionSetStatus
from tests.actions.conftest import load_tracker
from veiviser.storage.background import BackgroundWriter, statistics_writer
from veiviser.storage.feedback import Feedback, FeedbackStore
from veiviser.storage.insight import InsightStore

pytestmark = pytest.mark.model


def _types(dispatcher: CollectingDispatcher) -> list[str]:
    return [m["custom"]["type"] for m in dispatcher.messages]


def test_status_is_asked_once_when_the_answer_depends_on_it(dispatcher: CollectingDispatcher,
                                                            domain: dict[str, Any]) -> None:
    events = ActionAnswerQuestion().work(dispatcher, load_tracker("english_training_question_status_unknown"), domain)
    assert _types(dispatcher) == ["answer", "status-question"]
    assert dispatcher.messages[0]["custom"]["article"]["slug"] == "norwegian-training-right-and-duty"
    assert SlotSet("status_asked", True) in events and SlotSet("pending", "answer") in events
    assert SlotSet("last_article", "norwegian-training-right-and-duty") in events


def test_choosing_a_status_answers_again_for_that_status(dispatcher: CollectingDispatcher,
                                                         domain: dict[str, Any]) -> None:
    events = ActionSetStatus().work(dispatcher, load_tracker("status_chosen_after_question"), domain)
    assert SlotSet("user_status", "labour-non-eea") in events
    assert _types(dispatcher) == ["text", "answer"]
    card = dispatcher.messages[1]["custom"]["article"]
    assert card["status"] == "labour-non-eea" and "pay" in card["status_note"]


def test_first_steps_asks_the_status_then_gives_the_checklist(dispatcher: CollectingDispatcher,
                                                             domain: dict[str, Any]) -> None:
    events = ActionFirstSteps().work(dispatcher, load_tracker("first_steps_without_status"), domain)
    assert _types(dispatcher) == ["status-question"] and SlotSet("pending", "checklist") in events
    second = CollectingDispatcher()
    ActionSetStatus().work(second, load_tracker("status_chosen_for_checklist"), domain)
    checklist = second.messages[-1]["custom"]
    assert checklist["type"] == "checklist" and checklist["language"] == "uk" and checklist["status"] == "refugee"
    assert checklist["items"][0]["slug"] == "id-check-and-population-register"


@pytest.fixture
def feedback_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FeedbackStore:
    store = FeedbackStore(f"sqlite:///{tmp_path / 'feedback.db'}")
    monkeypatch.setattr(actions.feedback, "get_feedback_store", lambda: store)
    return store


def test_not_helpful_asks_why_then_stores_the_reason(dispatcher: CollectingDispatcher, domain: dict[str, Any],
                                                     feedback_store: FeedbackStore) -> None:
    ActionFeedback().work(dispatcher, load_tracker("not_helpful_without_reason"), domain)
    assert _types(dispatcher) == ["feedback-question"] and feedback_store.all() == []
    thanks = CollectingDispatcher()
    ActionFeedback().work(thanks, load_tracker("not_helpful_outdated"), domain)
    assert _types(thanks) == ["text"]
    assert statistics_writer().wait_idle(10)  # written after the reply
    assert feedback_store.all() == [Feedback("school", "ar", "refugee", helpful=False, reason="outdated")]


def test_the_answer_comes_when_the_database_cannot_be_written(dispatcher: CollectingDispatcher,
                                                              domain: dict[str, Any], tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_store() -> InsightStore:
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(actions.answer, "get_insight_store", broken_store)
    writer = BackgroundWriter(attempts=2, first_pause_s=0.01)
    monkeypatch.setattr(actions.answer, "statistics_writer", lambda: writer)
    ActionAnswerQuestion().work(dispatcher, load_tracker("refugee_states_status_in_english"), domain)
    assert "answer" in _types(dispatcher)
    assert writer.wait_idle(10) and writer.dropped["questions"] == 1


def test_handoff_gives_the_configured_contact(dispatcher: CollectingDispatcher, domain: dict[str, Any]) -> None:
    ActionHandoff().work(dispatcher, load_tracker("handoff_in_polish"), domain)
    message = dispatcher.messages[0]["custom"]
    assert message["type"] == "handoff" and message["language"] == "pl"
    assert message["contact"]["phone"] == "+47 23 35 15 00"


def test_safety_message_gets_help_contacts_first(dispatcher: CollectingDispatcher, domain: dict[str, Any]) -> None:
    ActionAnswerQuestion().work(dispatcher, load_tracker("safety_in_norwegian"), domain)
    types = _types(dispatcher)
    assert types[0] == "safety" and dispatcher.messages[0]["custom"]["level"] == "urgent"
    # Violence at home: the violence article's help first (crisis centres, 116 006), then the emergency numbers.
    first, second = (dispatcher.messages[i]["custom"]["article"] for i in (1, 2))
    assert (first["slug"], second["slug"]) == ("violence-and-negative-social-control", "emergency-numbers")
    assert first["language"] == "nb" and "116 006" in first["summary"] and "112" in second["summary"]
    assert "abstain" not in types and "clarify" not in types


def test_switching_language_keeps_the_status(dispatcher: CollectingDispatcher, domain: dict[str, Any]) -> None:
    events = ActionSwitchLanguage().work(dispatcher, load_tracker("switch_to_ukrainian"), domain)
    assert events == [SlotSet("language", "uk")]
    assert dispatcher.messages[0]["custom"]["language"] == "uk"


def test_a_status_stated_in_the_message_is_used_said_and_not_asked(dispatcher: CollectingDispatcher,
                                                                    domain: dict[str, Any]) -> None:
    events = ActionAnswerQuestion().work(dispatcher, load_tracker("refugee_states_status_in_english"), domain)
    assert SlotSet("user_status", "refugee") in events
    types = _types(dispatcher)
    assert "status-question" not in types and "status-assumed" in types
    answer = next(m["custom"] for m in dispatcher.messages if m["custom"]["type"] == "answer")
    assert answer["article"]["slug"] == "introduction-programme" and answer["article"]["status"] == "refugee"


def test_a_short_follow_up_is_answered_from_the_article_just_discussed(dispatcher: CollectingDispatcher,
                                                                       domain: dict[str, Any]) -> None:
    ActionAnswerQuestion().work(dispatcher, load_tracker("price_follow_up_after_kindergarten_in_ukrainian"), domain)
    answer = next(m["custom"] for m in dispatcher.messages if m["custom"]["type"] == "answer")
    assert answer["article"]["slug"] == "kindergarten" and answer["language"] == "uk"
    assert "clarify" not in _types(dispatcher)
