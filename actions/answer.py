"""The retrieval answer: find the article for the user's question and answer from it, or abstain."""

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import language_event, resolve_language, send, user_text
from actions.retrieval import get_search
from veiviser.answers import abstain_message, answer_message

log = logging.getLogger(__name__)
SUGGESTIONS_WHEN_UNSURE = 3


class ActionAnswerQuestion(Action):
    """Answers from the best article when retrieval is confident; otherwise says so and offers choices."""

    def name(self) -> str:
        return "action_answer_question"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        search = get_search()
        language = resolve_language(tracker)
        result = search.search(user_text(tracker), k=SUGGESTIONS_WHEN_UNSURE)
        if result.confident and result.hits:
            message = answer_message(search.kb, result.hits[0].slug, language)
            message["probability"] = round(result.probability, 3)
        else:
            message = abstain_message(search.kb, language, [hit.slug for hit in result.hits])
        # Log the decision, never the user's words: they may hold ID numbers or case details.
        log.info("answer: language=%s confident=%s top=%s p=%.2f", language, result.confident,
                 result.hits[0].slug if result.hits else None, result.probability)
        send(dispatcher, message)
        return language_event(tracker, language)
