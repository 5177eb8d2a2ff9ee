"""What every action needs from the tracker: the user's text, the reply language, the status, safety."""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.language import chosen_language, page_language
from actions.retrieval import get_search
from veiviser.dialogue.policy import Conversation
from veiviser.dialogue.replies import safety_messages
from veiviser.messages import Message
from veiviser.understanding import NO_SIGNAL, SafetyAssessment
from veiviser.understanding.language import reply_language

LANGUAGE_SLOT = "language"
STATUS_SLOT = "user_status"
LAST_ARTICLE_SLOT = "last_article"
LAST_QUESTION_SLOT = "last_question"  # redacted; feedback on the answer refers to it
PENDING_SLOT = "pending"        # what to do once the status is known: "answer" or "checklist"
STATUS_ASKED_SLOT = "status_asked"

Events = list[dict[str, Any]]


def user_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def entity(tracker: Tracker, name: str) -> str | None:
    """The first value of entity `name` in the latest message (button payloads carry them)."""
    for found in (tracker.latest_message or {}).get("entities") or []:
        if found.get("entity") == name and isinstance(found.get("value"), str):
            return found["value"]
    return None


def resolve_language(tracker: Tracker) -> str:
    """The language to answer this message in (see `actions.language.reply_language`).

    A button payload ("/set_status{...}") says nothing about language: the session's language stays.
    """
    text = user_text(tracker)
    metadata: dict[str, Any] | None = (tracker.latest_message or {}).get("metadata")
    chosen = chosen_language(metadata)
    session = tracker.get_slot(LANGUAGE_SLOT)
    if not chosen and text.startswith("/"):
        return session or "en"
    detected = None if chosen else get_search().detector.detect(text)
    return reply_language(text, chosen, detected, session, page_language(metadata))


def language_event(tracker: Tracker, language: str) -> Events:
    """A SlotSet when the language changed, so the session keeps it."""
    return [] if tracker.get_slot(LANGUAGE_SLOT) == language else [SlotSet(LANGUAGE_SLOT, language)]


def status(tracker: Tracker) -> str | None:
    value = tracker.get_slot(STATUS_SLOT)
    return value if isinstance(value, str) and value != "other" else None


def conversation(tracker: Tracker) -> Conversation:
    """What the policy needs to know about the conversation so far."""
    metadata: dict[str, Any] | None = (tracker.latest_message or {}).get("metadata")
    slot_status = tracker.get_slot(STATUS_SLOT)
    return Conversation(language=tracker.get_slot(LANGUAGE_SLOT),
                        status=slot_status if isinstance(slot_status, str) else None,
                        last_article=tracker.get_slot(LAST_ARTICLE_SLOT),
                        status_asked=bool(tracker.get_slot(STATUS_ASKED_SLOT)),
                        chosen_language=chosen_language(metadata), page_language=page_language(metadata))


def send(dispatcher: Any, message: Message) -> None:
    """Sends the text (for text-only channels, with buttons as quick replies) and the structured message."""
    wire = message.model_dump(mode="json")
    dispatcher.utter_message(text=wire["text"], buttons=wire["buttons"], json_message=wire)


def safety_first(dispatcher: Any, tracker: Tracker, language: str) -> SafetyAssessment:
    """Sends help contacts first when a message that is not a question (asking for a person) is about danger.
    Only urgent help: a weak signal's line of contacts belongs with an answer (see the policy)."""
    search = get_search()
    text = user_text(tracker)
    assessment = NO_SIGNAL if text.startswith("/") else search.assess_safety(text)
    if assessment.urgent:
        for message in safety_messages(search.kb, language, assessment, status(tracker)):
            send(dispatcher, message)
    return assessment
