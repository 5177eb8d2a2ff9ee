"""Greeting, goodbye, thanks and out-of-scope replies, each in the user's language."""

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import answer_message_text
from actions.threaded import ThreadedAction
from veiviser.dialogue.policy import SmallTalk


class _SmallTalk(ThreadedAction, ABC):
    """Small talk, unless the message also asks something (the policy decides: "takk! og hva med tannlege?" is
    a question, thanks aside; "hi, he hits me" is help first). Abstract, so the action server does not
    register it as an action of its own."""

    kind: SmallTalk

    @abstractmethod
    def name(self) -> str: ...

    def work(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        return answer_message_text(dispatcher, tracker, self.kind)


class ActionGreet(_SmallTalk):
    kind = "greet"

    def name(self) -> str:
        return "action_greet"


class ActionGoodbye(_SmallTalk):
    kind = "goodbye"

    def name(self) -> str:
        return "action_goodbye"


class ActionThanks(_SmallTalk):
    kind = "thanks"

    def name(self) -> str:
        return "action_thanks"


class ActionOutOfScope(_SmallTalk):
    """Out of scope is recorded for editors (redacted by the store): they see what people ask that Veiviser
    does not cover."""
    kind = "out_of_scope"

    def name(self) -> str:
        return "action_out_of_scope"
