""""Talk to a person": the deployment's configured contact, and whether they are there now."""

from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import Events, language_event, resolve_language, safety_first, send
from actions.threaded import ThreadedAction
from veiviser.dialogue.handoff import LastGoodContact
from veiviser.dialogue.replies import handoff_message
from veiviser.settings import get_settings


@lru_cache(maxsize=4)
def _contacts(path: Path) -> LastGoodContact:
    return LastGoodContact(path)


class ActionHandoff(ThreadedAction):
    def name(self) -> str:
        return "action_handoff"

    def work(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        language = resolve_language(tracker)
        safety_first(dispatcher, tracker, language)
        contact = _contacts(get_settings().handoff_file).current()
        send(dispatcher, handoff_message(contact, language, datetime.now(UTC)))
        return language_event(tracker, language)
