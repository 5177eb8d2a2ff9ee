"""Switching language mid-conversation ("can you answer in Ukrainian?"); nothing else in the session changes."""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswerQuestion
from actions.conversation import LANGUAGE_SLOT, Events, send, user_text
from actions.threaded import ThreadedAction
from veiviser.dialogue.language_request import requested_language
from veiviser.dialogue.replies import language_switched


class ActionSwitchLanguage(ThreadedAction):
    def name(self) -> str:
        return "action_switch_language"

    def work(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        target = requested_language(user_text(tracker))
        if target is None:  # the classifier thought so, but no language is named: treat it as a question
            return ActionAnswerQuestion().work(dispatcher, tracker, domain)
        send(dispatcher, language_switched(target))
        return [SlotSet(LANGUAGE_SLOT, target)]
