"""Rasa's SQL tracker store, with personal data redacted from users' messages before they are written.

Rasa stores every message it receives; without this, ID numbers and phone numbers typed into the chat would
sit in the tracker database. `endpoints.yml` names this class; Rasa runs with the repository on PYTHONPATH so
it can import `veiviser.privacy` (standard library only, so it also runs on Rasa's Python 3.10).
"""

import itertools
from collections.abc import Iterable
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine import make_url

from veiviser.privacy import install_log_redaction, redact
from veiviser_rasa.action_validation import install_cached_action_validation
from veiviser_rasa.event_types import install_cached_event_types

# Rasa imports this module at start-up; from then on its own log records are redacted too, the action
# server's replies are validated without checking the schema itself each time (see action_validation), and
# stored events find their class in a table instead of a walk over all event classes (see event_types).
install_log_redaction()
install_cached_action_validation()
install_cached_event_types()


def redacted(value: Any) -> Any:
    """`value` with every string in it redacted, through dicts and lists (entities, slot values, metadata)."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: redacted(item) for key, item in value.items()}
    if isinstance(value, list):
        return [redacted(item) for item in value]
    return value


def redact_user_messages(events: Iterable[Event]) -> int:
    """Redacts, in place, what users wrote among `events`: a message's text and everything parsed from it
    (entities, the NLU result, the channel's metadata), and the values set in slots, which entities and
    "/intent{...}" payloads fill with the user's words. Returns how many events changed."""
    changed = 0
    for event in events:
        before = _user_parts(event)
        if isinstance(event, UserUttered):
            event.text = redacted(event.text)
            event.entities = redacted(event.entities)
            event.parse_data = redacted(event.parse_data)
            event.metadata = redacted(event.metadata)
            event.parse_data["metadata"] = event.metadata
        elif isinstance(event, SlotSet):
            event.value = redacted(event.value)
        changed += _user_parts(event) != before
    return changed


def _user_parts(event: Event) -> Any:
    if isinstance(event, UserUttered):
        return (event.text, event.entities, event.parse_data, event.metadata)
    return event.value if isinstance(event, SlotSet) else None


def rasa_database_url(url: str) -> str:
    """The API's spelling of the tracker database (`VEIVISER_TRACKER_DB_URL`) as Rasa's Python can open it:
    the driver left to the dialect's default (Rasa's environment has psycopg2, the API's has psycopg 3).

    >>> rasa_database_url("postgresql+psycopg://rasa:s%40cret@db:5432/tracker")
    'postgresql://rasa:s%40cret@db:5432/tracker'
    >>> rasa_database_url("sqlite:////srv/veiviser/tracker.db")
    'sqlite:////srv/veiviser/tracker.db'
    """
    parsed = make_url(url)
    return parsed.set(drivername=parsed.get_backend_name()).render_as_string(hide_password=False)


class RedactingSQLTrackerStore(SQLTrackerStore):
    """`type: veiviser_rasa.tracker_store.RedactingSQLTrackerStore` in endpoints.yml; the same keys as `SQL`,
    and `url` may be a whole database URL, the same `VEIVISER_TRACKER_DB_URL` the API reads."""

    def __init__(self, domain: Any = None, host: str | None = None, dialect: str = "sqlite",
                 **kwargs: Any) -> None:
        if host and "://" in host:
            host = rasa_database_url(host)
            dialect = make_url(host).get_backend_name()
        super().__init__(domain=domain, host=host, dialect=dialect, **kwargs)

    async def save(self, tracker: DialogueStateTracker) -> None:
        # Only the events not yet stored: the stored ones were redacted when they were saved, and redacting
        # the whole session on every save grew with the session on Rasa's one event loop.
        with self.session_scope() as session:
            stored = self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False).count()
        redact_user_messages(itertools.islice(tracker.events, stored, None))
        await super().save(tracker)
