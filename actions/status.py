"""The user's status (collective protection, asylum seeker, refugee, ...): set or changed from buttons."""

from dataclasses import replace
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import carry_out
from actions.conversation import (LAST_ARTICLE_SLOT, PENDING_SLOT, STATUS_ASKED_SLOT, STATUS_SLOT, Events,
                                  conversation, entity, resolve_language, send)
from actions.retrieval import get_search
from actions.threaded import ThreadedAction
from veiviser.answers import STATUS_LABELS, status_question, text_message
from veiviser.dialogue.policy import decide_article
from veiviser.dialogue.replies import checklist_message
from veiviser.i18n import N_, gettext


class ActionSetStatus(ThreadedAction):
    """Keeps the chosen status, then finishes what was waiting for it (the answer or the checklist)."""

    def name(self) -> str:
        return "action_set_status"

    def work(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        language = resolve_language(tracker)
        chosen = entity(tracker, "user_status") or tracker.get_slot(STATUS_SLOT)
        if chosen not in STATUS_LABELS:
            send(dispatcher, status_question(language))  # "change my status": ask again
            return [SlotSet(STATUS_ASKED_SLOT, True)]
        label = gettext(language, STATUS_LABELS[chosen])
        send(dispatcher, text_message(language, N_("Thank you. I will answer for: {status}."), status=label))
        events: Events = [SlotSet(STATUS_SLOT, chosen), SlotSet(PENDING_SLOT, None)]
        pending = tracker.get_slot(PENDING_SLOT)
        if pending == "checklist":
            send(dispatcher, checklist_message(get_search().kb, language, chosen))
        elif pending == "answer" and tracker.get_slot(LAST_ARTICLE_SLOT):
            known = replace(conversation(tracker), status=chosen, language=language)
            events += carry_out(dispatcher, tracker, decide_article(get_search(), tracker.get_slot(LAST_ARTICLE_SLOT),
                                                                   known))
        return events
