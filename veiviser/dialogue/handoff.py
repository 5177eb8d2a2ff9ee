"""The deployment's human contact, and whether it is open now (from configuration, not code)."""

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from pydantic import ConfigDict, ValidationError, field_validator

from veiviser.messages import Contact

log = logging.getLogger(__name__)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class HandoffContact(Contact):
    """`config/handoff.yml`: the contact as the reply contract carries it, checked when it loads."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("opening_hours")
    @classmethod
    def _valid_hours(cls, hours: dict[str, str]) -> dict[str, str]:
        for day, span in hours.items():
            if day not in WEEKDAYS:
                raise ValueError(f"unknown weekday {day!r}; use {', '.join(WEEKDAYS)}")
            _span(span)
        return hours

    @field_validator("timezone")
    @classmethod
    def _valid_zone(cls, zone: str) -> str:
        ZoneInfo(zone)
        return zone

    @classmethod
    def load(cls, path: Path) -> "HandoffContact":
        return cls.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})


#: The contact shipped in config/handoff.yml, for a deployment whose own file has never read correctly.
DEFAULT_CONTACT = HandoffContact(name="UDI (Utlendingsdirektoratet)", phone="+47 23 35 15 00",
                                 url="https://www.udi.no/")


class LastGoodContact:
    """The contact file, read again when it changes (operators edit it live), keeping the last contact that
    read correctly when an edit breaks it: "talk to a person" must always name someone.

        contacts = LastGoodContact(Path("config/handoff.yml"))
        contacts.current().name  # -> 'UDI (Utlendingsdirektoratet)'
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.error: str | None = None  # why the file on disk is not the contact in use
        self._good: HandoffContact | None = None
        self._stamp: tuple[int, int] | None = (-1, -1)  # never read
        self._lock = threading.Lock()

    def current(self) -> HandoffContact:
        with self._lock:
            try:
                stat = self.path.stat()
                stamp: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_size)
            except OSError:
                stamp = None
            if stamp != self._stamp:
                self._stamp = stamp
                try:
                    self._good, self.error = HandoffContact.load(self.path), None
                except (OSError, UnicodeDecodeError, yaml.YAMLError, ValidationError, TypeError) as error:
                    self.error = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
                    log.error("handoff file %s cannot be read (%s); keeping the last good contact",
                              self.path, self.error)
            return self._good or DEFAULT_CONTACT


def _span(text: str) -> tuple[time, time]:
    start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    if end <= start:
        raise ValueError(f"opening hours {text!r} end before they start")
    return start, end


@dataclass(frozen=True)
class Availability:
    known: bool                     # False: no opening hours configured
    open_now: bool
    opens_next: datetime | None     # when staff are back, in the contact's timezone


def availability(contact: HandoffContact, now: datetime) -> Availability:
    """Whether the contact is open at `now`, and if not, when it next opens (within a week).

    >>> c = HandoffContact(name="Desk", opening_hours={"mon": "08:00-15:30"})
    >>> a = availability(c, datetime(2026, 11, 21, 12, 0, tzinfo=ZoneInfo("Europe/Oslo")))  # a Saturday
    >>> a.open_now, a.opens_next.isoformat()
    (False, '2026-11-23T08:00:00+01:00')
    """
    if not contact.opening_hours:
        return Availability(False, False, None)
    zone = ZoneInfo(contact.timezone)
    local = now.astimezone(zone)
    for offset in range(8):
        day = (local + timedelta(days=offset)).date()
        span = contact.opening_hours.get(WEEKDAYS[day.weekday()])
        if span is None:
            continue
        start, end = _span(span)
        opens, closes = datetime.combine(day, start, zone), datetime.combine(day, end, zone)
        if offset == 0 and opens <= local < closes:
            return Availability(True, True, None)
        if opens > local:
            return Availability(True, False, opens)
    return Availability(True, False, None)
