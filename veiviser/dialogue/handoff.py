"""The deployment's human contact, and whether it is open now (from configuration, not code)."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from pydantic import ConfigDict, field_validator

from veiviser.messages import Contact

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
