"""Retrieval answers: the best article when confident, a choice when two are close, else an honest "not sure"."""

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import (LANGUAGE_SLOT, LAST_ARTICLE_SLOT, LAST_QUESTION_SLOT, PENDING_SLOT,
                                  STATUS_ASKED_SLOT, STATUS_SLOT, Events, entity, language_event, resolve_language, safety_first,
                                  send, status, user_text)
from actions.language import chosen_language, page_language
from actions.retrieval import get_insight_store, get_search, get_unsupported_check
from veiviser.answers import abstain_message, answer_message, clarify_message, status_assumed, status_question
from veiviser.dialogue.reading import read_message, supported_languages_line
from veiviser.dialogue.replies import safety_slugs
from veiviser.privacy import redact
from veiviser.understanding.context import follow_up_article

log = logging.getLogger(__name__)
CHOICES = 3
#: Below the answer threshold but above this probability, two or three articles are close: ask, don't guess.
CLARIFY_ABOVE = 0.3


def answer_article(dispatcher: CollectingDispatcher, tracker: Tracker, slug: str, language: str,
                   stated_status: str | None = None, question: str | None = None) -> Events:
    """Sends the article's answer; asks the status once when the article differs by status and it is unknown.
    A status the message itself stated (`stated_status`) is used, and said, instead of asking. With the
    `question`, the answer starts with the article's sentences that answer it."""
    search = get_search()
    kb = search.kb
    known_status = stated_status or status(tracker)
    short = search.short_answer(question, slug, language, known_status) if question else None
    answer = answer_message(kb, slug, language, known_status, short)
    send(dispatcher, answer)
    events: Events = [SlotSet(LAST_ARTICLE_SLOT, slug)]
    if stated_status and answer["article"]["status"] == stated_status:
        send(dispatcher, status_assumed(language, stated_status))
    text = kb.text_for(slug, language)
    depends_on_status = text is not None and len(text.meta.by_status) >= 2
    unknown = known_status is None and tracker.get_slot("user_status") is None
    if depends_on_status and unknown and not tracker.get_slot(STATUS_ASKED_SLOT):
        send(dispatcher, status_question(language))
        events += [SlotSet(STATUS_ASKED_SLOT, True), SlotSet(PENDING_SLOT, "answer")]
    return events


class ActionAnswerQuestion(Action):
    """Answers from the best article when retrieval is confident; otherwise offers choices or abstains."""

    def name(self) -> str:
        return "action_answer_question"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        search = get_search()
        metadata: dict[str, Any] | None = (tracker.latest_message or {}).get("metadata")
        reading = read_message(search, user_text(tracker), chosen_language(metadata),
                               tracker.get_slot(LANGUAGE_SLOT), page_language(metadata), get_unsupported_check())
        language = reading.language
        events = language_event(tracker, language)
        assessment = safety_first(dispatcher, tracker, language, text=reading.text)
        guidance = search.kb.guidance
        stated = guidance.status_in_message(user_text(tracker)) or guidance.status_in_message(reading.text)
        if stated and stated != tracker.get_slot(STATUS_SLOT):
            events.append(SlotSet(STATUS_SLOT, stated))
        safety = assessment.urgent  # help was shown first; never follow it with "not sure" or a choice alone
        if reading.unsupported:
            send(dispatcher, {"type": "notice", "language": language, "text": supported_languages_line()})
        result = reading.result
        follow_up = follow_up_article(search, reading.text, result, tracker.get_slot(LAST_ARTICLE_SLOT))
        top = follow_up or (result.hits[0].slug if result.hits else None)
        topic = search.kb.articles[top].topic if top in search.kb.articles else None
        outcome = "safety" if safety else "answered"
        if (result.confident or follow_up) and top:
            if top not in safety_slugs(search.kb, assessment):  # already shown
                events += answer_article(dispatcher, tracker, top, language, stated, reading.text)
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
        log.info("answer: language=%s safety=%s/%s confident=%s top=%s p=%.2f", language, assessment.level,
                 assessment.category, result.confident, top, result.probability)
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
