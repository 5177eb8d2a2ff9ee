"""Rasa's SQL tracker store, with personal data redacted from users' messages before they are written.

Rasa stores every message it receives; without this, ID numbers and phone numbers typed into the chat would
sit in the tracker database. `endpoints.yml` names this class; Rasa runs with the repository on PYTHONPATH so
it can import `veiviser.privacy` (standard library only, so it also runs on Rasa's Python 3.10).
"""

import itertools
from collections.abc import Iterable

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from veiviser.privacy import install_log_redaction, redact

# Rasa imports this module at start-up; from then on its own log records are redacted too.
install_log_redaction()


def redact_user_messages(events: Iterable[Event]) -> int:
    """Redacts the text of every user message among `events` in place; returns how many changed."""
    changed = 0
    for event in events:
        if isinstance(event, UserUttered) and event.text:
            clean = redact(event.text)
            if clean != event.text:
                event.text = clean
                event.parse_data["text"] = clean
                changed += 1
    return changed


class RedactingSQLTrackerStore(SQLTrackerStore):
    """`type: veiviser_rasa.tracker_store.RedactingSQLTrackerStore` in endpoints.yml; the same keys as `SQL`."""

    async def save(self, tracker: DialogueStateTracker) -> None:
        # Only the events not yet stored: the stored ones were redacted when they were saved, and redacting
        # the whole session on every save grew with the session on Rasa's one event loop.
        with self.session_scope() as session:
            stored = self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False).count()
        redact_user_messages(itertools.islice(tracker.events, stored, None))
        await super().save(tracker)
