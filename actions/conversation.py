"""What every action needs from the tracker: the user's text and the language to answer in."""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.language import chosen_language, reply_language
from actions.retrieval import get_search

LANGUAGE_SLOT = "language"


def user_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def resolve_language(tracker: Tracker) -> str:
    """The language to answer this message in (see `actions.language.reply_language`)."""
    text = user_text(tracker)
    metadata: dict[str, Any] | None = (tracker.latest_message or {}).get("metadata")
    chosen = chosen_language(metadata)
    detected = None if chosen else get_search().detector.detect(text)
    return reply_language(text, chosen, detected, tracker.get_slot(LANGUAGE_SLOT))


def language_event(tracker: Tracker, language: str) -> list[dict[str, Any]]:
    """A SlotSet when the language changed, so the session keeps it."""
    return [] if tracker.get_slot(LANGUAGE_SLOT) == language else [SlotSet(LANGUAGE_SLOT, language)]


def send(dispatcher: Any, message: dict[str, Any]) -> None:
    """Sends the text (for text-only channels) and the structured message (for our chat) together."""
    dispatcher.utter_message(text=message["text"], json_message=message)
