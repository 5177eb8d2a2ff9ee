"""Retrieval answers: the best article when confident, a choice when two are close, else an honest "not sure"."""

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import (LAST_ARTICLE_SLOT, LAST_QUESTION_SLOT, PENDING_SLOT, STATUS_ASKED_SLOT, Events,
                                  entity, language_event, resolve_language, safety_first, send, status, user_text)
from actions.retrieval import get_insight_store, get_search
from veiviser.answers import abstain_message, answer_message, clarify_message, status_question
from veiviser.privacy import redact

log = logging.getLogger(__name__)
CHOICES = 3
#: Below the answer threshold but above this probability, two or three articles are close: ask, don't guess.
CLARIFY_ABOVE = 0.3


def answer_article(dispatcher: CollectingDispatcher, tracker: Tracker, slug: str, language: str) -> Events:
    """Sends the article's answer; asks the status once when the article differs by status and it is unknown."""
    kb = get_search().kb
    known_status = status(tracker)
    send(dispatcher, answer_message(kb, slug, language, known_status))
    events: Events = [SlotSet(LAST_ARTICLE_SLOT, slug)]
    text = kb.text_for(slug, language)
    depends_on_status = text is not None and len(text.meta.by_status) >= 2
    if depends_on_status and tracker.get_slot("user_status") is None and not tracker.get_slot(STATUS_ASKED_SLOT):
        send(dispatcher, status_question(language))
        events += [SlotSet(STATUS_ASKED_SLOT, True), SlotSet(PENDING_SLOT, "answer")]
    return events


class ActionAnswerQuestion(Action):
    """Answers from the best article when retrieval is confident; otherwise offers choices or abstains."""

    def name(self) -> str:
        return "action_answer_question"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        search = get_search()
        language = resolve_language(tracker)
        events = language_event(tracker, language)
        safety = safety_first(dispatcher, tracker, language)
        result = search.search(user_text(tracker), k=CHOICES)
        safety_slugs = set(search.kb.guidance.safety.articles) if search.kb.guidance.safety else set()
        top = result.hits[0].slug if result.hits else None
        topic = search.kb.articles[top].topic if top in search.kb.articles else None
        outcome = "safety" if safety else "answered"
        if result.confident and top:
            if not (safety and top in safety_slugs):  # already shown
                events += answer_article(dispatcher, tracker, top, language)
            events.append(SlotSet(LAST_QUESTION_SLOT, redact(user_text(tracker))))
        elif not safety and result.hits and result.probability >= CLARIFY_ABOVE and len(result.hits) > 1:
            send(dispatcher, clarify_message(search.kb, language, [h.slug for h in result.hits]))
            outcome = "clarified"
        elif not safety:
            send(dispatcher, abstain_message(search.kb, language, [h.slug for h in result.hits], topic))
            outcome = "abstained"
        get_insight_store().record(user_text(tracker), language, topic, top if outcome == "answered" else None,
                                   outcome, result.probability)
        # Log the decision, never the user's words: they may hold ID numbers or case details.
        log.info("answer: language=%s safety=%s confident=%s top=%s p=%.2f", language, safety, result.confident,
                 top, result.probability)
        return events


class ActionAnswerArticle(Action):
    """The user picked an article from buttons (clarification, checklist, abstention choices)."""

    def name(self) -> str:
        return "action_answer_article"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        language = resolve_language(tracker)
        slug = entity(tracker, "article")
        if slug is None or get_search().kb.resolve(slug) is None:
            return ActionAnswerQuestion().run(dispatcher, tracker, domain)
        return language_event(tracker, language) + answer_article(dispatcher, tracker, slug, language)
