"""Retrieval answers, through the one answer policy (`veiviser.dialogue.policy`): the actions read the
conversation from the tracker, send what the policy decided, and keep what it learnt in slots."""

import logging
from datetime import UTC, datetime
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import (LAST_ARTICLE_SLOT, LAST_QUESTION_SLOT, PENDING_SLOT, STATUS_ASKED_SLOT,
                                  STATUS_SLOT, Events, conversation, entity, language_event, send, user_text)
from actions.retrieval import get_insight_store, get_search, get_unsupported_check
from actions.threaded import ThreadedAction
from veiviser.dialogue.policy import Decision, SmallTalk, decide, decide_article
from veiviser.privacy import redact
from veiviser.storage.background import statistics_writer

log = logging.getLogger(__name__)


def carry_out(dispatcher: CollectingDispatcher, tracker: Tracker, decision: Decision) -> Events:
    """Sends the decision's replies and returns the slots it changes."""
    for reply in decision.replies:
        send(dispatcher, reply)
    events = language_event(tracker, decision.language)
    if decision.stated_status:
        events.append(SlotSet(STATUS_SLOT, decision.stated_status))
    if decision.article:
        events.append(SlotSet(LAST_ARTICLE_SLOT, decision.article))
        if not user_text(tracker).startswith("/"):
            events.append(SlotSet(LAST_QUESTION_SLOT, redact(user_text(tracker))))
    if decision.asked_status:
        events += [SlotSet(STATUS_ASKED_SLOT, True), SlotSet(PENDING_SLOT, "answer")]
    return events


def answer_message_text(dispatcher: CollectingDispatcher, tracker: Tracker,
                        small_talk: SmallTalk | None = None) -> Events:
    """Decides on the user's message and carries the decision out; records the outcome for editors."""
    search = get_search()
    text = user_text(tracker)
    decision = decide(search, text, conversation(tracker), small_talk, get_unsupported_check())
    events = carry_out(dispatcher, tracker, decision)
    if decision.outcome != "small-talk":
        now = datetime.now(UTC)
        # After the reply, best-effort: a locked or read-only database must not cost the person the answer.
        statistics_writer().submit("questions", lambda: get_insight_store().record(
            text, decision.language, decision.topic, decision.article if decision.outcome == "answered" else None,
            decision.outcome, decision.probability, now=now))
    # Log the decision, never the user's words: they may hold ID numbers or case details.
    log.info("decision: outcome=%s language=%s safety=%s/%s article=%s p=%.2f", decision.outcome,
             decision.language, decision.safety.level, decision.safety.category, decision.article,
             decision.probability)
    return events


class ActionAnswerQuestion(ThreadedAction):
    """Answers from the best article when retrieval is confident; otherwise offers choices or abstains."""

    def name(self) -> str:
        return "action_answer_question"

    def work(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        return answer_message_text(dispatcher, tracker)


class ActionAnswerArticle(ThreadedAction):
    """The user picked an article from buttons (clarification, checklist, abstention choices)."""

    def name(self) -> str:
        return "action_answer_article"

    def work(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        slug = entity(tracker, "article")
        search = get_search()
        if slug is None or search.kb.resolve(slug) is None:
            return answer_message_text(dispatcher, tracker)
        return carry_out(dispatcher, tracker, decide_article(search, slug, conversation(tracker)))
