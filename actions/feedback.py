"""Helpful / not helpful, with a reason, stored without personal data."""

import logging
from datetime import UTC, datetime
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import (LAST_ARTICLE_SLOT, LAST_QUESTION_SLOT, STATUS_SLOT, Events, entity,
                                  resolve_language, send)
from actions.retrieval import get_feedback_store
from actions.threaded import ThreadedAction
from veiviser.dialogue.replies import feedback_reason_question, feedback_thanks
from veiviser.storage.background import statistics_writer
from veiviser.storage.feedback import FEEDBACK_REASONS, Feedback

log = logging.getLogger(__name__)


class ActionFeedback(ThreadedAction):
    def name(self) -> str:
        return "action_feedback"

    def work(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        language = resolve_language(tracker)
        helpful = entity(tracker, "helpful")
        reason = entity(tracker, "reason")
        if helpful == "no" and reason not in FEEDBACK_REASONS:
            send(dispatcher, feedback_reason_question(language))
            return []
        record = Feedback(article=tracker.get_slot(LAST_ARTICLE_SLOT), language=language,
                          status=tracker.get_slot(STATUS_SLOT), helpful=helpful != "no",
                          reason=reason if helpful == "no" else None,
                          question=tracker.get_slot(LAST_QUESTION_SLOT) if helpful == "no" else None)
        now = datetime.now(UTC)
        statistics_writer().submit("feedback", lambda: get_feedback_store().add(record, now=now))
        log.info("feedback queued: article=%s helpful=%s reason=%s", record.article, record.helpful, record.reason)
        send(dispatcher, feedback_thanks(language))
        return []
