"""Rasa's SQL tracker store, with personal data redacted from users' messages before they are written.

Rasa stores every message it receives; without this, ID numbers and phone numbers typed into the chat would
sit in the tracker database. `endpoints.yml` names this class; Rasa runs with the repository on PYTHONPATH so
it can import `veiviser.privacy` (standard library only, so it also runs on Rasa's Python 3.10).
"""

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from veiviser.privacy import install_log_redaction, redact

# Rasa imports this module at start-up; from then on its own log records are redacted too.
install_log_redaction()


def redact_user_messages(tracker: DialogueStateTracker) -> int:
    """Redacts the text of every user message in place; returns how many changed."""
    changed = 0
    for event in tracker.events:
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
        redact_user_messages(tracker)
        await super().save(tracker)
