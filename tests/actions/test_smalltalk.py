"""Small-talk actions answer from the catalogs in the session's language."""

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.smalltalk import ActionGreet, ActionThanks
from tests.actions.conftest import load_tracker
from veiviser.dialogue.policy import SMALL_TALK
from veiviser.i18n import gettext


def test_a_short_message_keeps_the_session_language(dispatcher: CollectingDispatcher, domain: dict[str, Any]) -> None:
    events = ActionThanks().work(dispatcher, load_tracker("short_thanks_in_ukrainian_session"), domain)
    assert events == []  # the language did not change
    assert dispatcher.messages[0]["text"] == gettext("uk", SMALL_TALK["thanks"])
    assert dispatcher.messages[0]["text"] != SMALL_TALK["thanks"]  # really translated


def test_greeting_in_ukrainian(dispatcher: CollectingDispatcher, domain: dict[str, Any]) -> None:
    ActionGreet().work(dispatcher, load_tracker("greeting_in_ukrainian"), domain)
    assert dispatcher.messages[0]["custom"]["language"] == "uk"
    assert "Veiviser" in dispatcher.messages[0]["text"]


@pytest.mark.parametrize(("action", "tracker", "slug"), [
    (ActionThanks, "thanks_with_a_question_in_norwegian", "dental-care"),
    (ActionGreet, "ukrainian_id_check", "id-check-and-population-register"),
])
def test_small_talk_with_a_question_answers_the_question(dispatcher: CollectingDispatcher, domain: dict[str, Any],
                                                         action: type, tracker: str, slug: str) -> None:
    action().work(dispatcher, load_tracker(tracker), domain)
    answers = [m["custom"] for m in dispatcher.messages if m["custom"]["type"] == "answer"]
    assert answers and answers[0]["article"]["slug"] == slug
