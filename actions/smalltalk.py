"""Greeting, goodbye, thanks and out-of-scope replies, each in the user's language."""

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import language_event, resolve_language, safety_first, send, user_text
from actions.answer import ActionAnswerQuestion
from actions.retrieval import get_insight_store, get_search
from veiviser.answers import plain_message
from veiviser.i18n import N_


#: Shorter messages ("thanks a lot", "hi there") are small talk whatever retrieval makes of them.
MIN_WORDS_FOR_A_QUESTION = 3


def carries_a_question(text: str) -> bool:
    """True when a greeting, thanks or goodbye comes with a question the knowledge base answers confidently."""
    if len(text.split()) < MIN_WORDS_FOR_A_QUESTION or text.startswith("/"):
        return False
    return get_search().search(text, k=1).confident


class _CatalogReply(Action, ABC):
    """Replies with one sentence from the catalogs; subclasses name the action and the sentence.

    Abstract, so the action server does not register it as an action of its own.
    """

    message_id = ""
    kind = "text"

    @abstractmethod
    def name(self) -> str: ...

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        if carries_a_question(user_text(tracker)):  # "takk! og hva med tannlege?" is a question, thanks aside
            return ActionAnswerQuestion().run(dispatcher, tracker, domain)
        language = resolve_language(tracker)
        if not safety_first(dispatcher, tracker, language, urgent_only=True).urgent:  # "hi, he hits me" is not small talk
            send(dispatcher, plain_message(language, self.message_id, self.kind))
        return language_event(tracker, language)


class ActionGreet(_CatalogReply):
    message_id = N_("Hello! I am Veiviser. I answer questions about life in Norway for newcomers: registration, "
                    "Norwegian courses, work, health, school, housing and more. Please do not write ID numbers "
                    "or details of your case here.")

    def name(self) -> str:
        return "action_greet"


class ActionGoodbye(_CatalogReply):
    message_id = N_("Goodbye, and good luck!")

    def name(self) -> str:
        return "action_goodbye"


class ActionThanks(_CatalogReply):
    message_id = N_("You're welcome! Ask me again whenever you need to.")

    def name(self) -> str:
        return "action_thanks"


class ActionOutOfScope(_CatalogReply):
    message_id = N_("I can only help with questions about settling in Norway, such as residence, registration, "
                    "Norwegian training, work, health, school and housing.")
    kind = "abstain"

    def name(self) -> str:
        return "action_out_of_scope"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        events = super().run(dispatcher, tracker, domain)
        # Editors see what people ask that Veiviser does not cover (redacted by the store).
        get_insight_store().record(user_text(tracker), resolve_language(tracker), None, None, "abstained", 0.0)
        return events
