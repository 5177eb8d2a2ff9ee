"""ActionAnswerQuestion from tracker fixtures: the events it returns and the messages it sends."""

from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswerQuestion
from tests.actions.conftest import load_tracker

pytestmark = pytest.mark.model


def test_ukrainian_question_gets_the_ukrainian_answer_card(dispatcher: CollectingDispatcher,
                                                           domain: dict[str, Any]) -> None:
    events = ActionAnswerQuestion().work(dispatcher, load_tracker("ukrainian_id_check"), domain)
    assert events[:2] == [SlotSet("language", "uk"), SlotSet("last_article", "id-check-and-population-register")]
    message = dispatcher.messages[0]
    card = message["custom"]
    assert card["type"] == "answer" and card["language"] == "uk"
    assert card["article"]["slug"] == "id-check-and-population-register"
    assert card["article"]["language"] == "uk"
    assert message["text"] == card["text"]  # text-only channels get the same answer


def test_out_of_scope_abstains_in_the_chosen_language(dispatcher: CollectingDispatcher,
                                                      domain: dict[str, Any]) -> None:
    events = ActionAnswerQuestion().work(dispatcher, load_tracker("out_of_scope_polish_with_english_chosen"), domain)
    assert events == [SlotSet("language", "en")]
    card = dispatcher.messages[0]["custom"]
    assert card["type"] == "abstain"
    assert card["text"].startswith("I'm not sure")
