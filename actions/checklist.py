""""What should I do first?": an ordered checklist for the user's status (asks the status first if unknown)."""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import (PENDING_SLOT, STATUS_ASKED_SLOT, STATUS_SLOT, Events, language_event,
                                  resolve_language, send)
from actions.retrieval import get_search
from actions.threaded import ThreadedAction
from veiviser.answers import status_question
from veiviser.dialogue.replies import checklist_message


class ActionFirstSteps(ThreadedAction):
    def name(self) -> str:
        return "action_first_steps"

    def work(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        language = resolve_language(tracker)
        events = language_event(tracker, language)
        chosen = tracker.get_slot(STATUS_SLOT)
        if chosen is None:
            send(dispatcher, status_question(language))
            return events + [SlotSet(PENDING_SLOT, "checklist"), SlotSet(STATUS_ASKED_SLOT, True)]
        send(dispatcher, checklist_message(get_search().kb, language, chosen))
        return events
