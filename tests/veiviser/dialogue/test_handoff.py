"""Handoff contact: opening hours from configuration, and when staff are back."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_skeleton
from pydantic import ValidationError

from veiviser.dialogue.handoff import DEFAULT_CONTACT, HandoffContact, LastGoodContact, availability
from veiviser.dialogue.replies import BACK_AT_SKELETONS, format_back_at, handoff_message

OSLO = ZoneInfo("Europe/Oslo")
DESK = HandoffContact(name="Mottak Nord", phone="+47 400 00 000", email="desk@example.org",
                      url="https://www.udi.no/", opening_hours={"mon": "08:00-15:30", "fri": "09:00-12:00"})


def test_open_during_hours() -> None:
    assert availability(DESK, datetime(2026, 11, 23, 9, 0, tzinfo=OSLO)).open_now  # Monday 09:00


def test_closed_in_the_evening_and_back_on_the_next_opening_day() -> None:
    state = availability(DESK, datetime(2026, 11, 23, 16, 0, tzinfo=OSLO))  # Monday 16:00
    assert not state.open_now
    assert state.opens_next == datetime(2026, 11, 27, 9, 0, tzinfo=OSLO)  # Friday 09:00


def test_the_timezone_of_the_contact_counts() -> None:
    utc_monday_0730 = datetime(2026, 11, 23, 7, 30, tzinfo=ZoneInfo("UTC"))  # 08:30 in Oslo
    assert availability(DESK, utc_monday_0730).open_now


def test_unknown_hours_are_said_plainly() -> None:
    contact = HandoffContact(name="UDI", phone="+47 23 35 15 00")
    message = handoff_message(contact, "en", datetime(2026, 11, 23, 9, 0, tzinfo=OSLO))
    assert message.open_now is None
    assert "+47 23 35 15 00" in message.text and "opening hours" in message.text


def test_message_in_the_users_language_with_when_staff_are_back() -> None:
    message = handoff_message(DESK, "nb", datetime(2026, 11, 21, 12, 0, tzinfo=OSLO))  # Saturday
    assert "Mottak Nord" in message.text and "desk@example.org" in message.text
    monday_8 = datetime(2026, 11, 23, 8, 0, tzinfo=OSLO)
    # Compared with what Babel's CLDR data says for Norwegian, not a copy of it: CLDR's wording changes
    # between Babel releases (2.18: "man. 23. nov.", 2.19: "man. 23 november").
    expected = f"{format_skeleton('MMMMEd', monday_8, locale='nb')} {format_skeleton('Hm', monday_8, locale='nb')}"
    assert expected in message.text
    assert "23" in expected and "08:00" in expected


def test_the_back_at_pattern_names_weekday_day_month_and_24_hour_time() -> None:
    # The pattern we chose, pinned: a change to it is a decision, not a side effect of a library upgrade.
    assert BACK_AT_SKELETONS == ("MMMMEd", "Hm")
    when = format_back_at(datetime(2026, 11, 23, 15, 30, tzinfo=OSLO), "en")
    assert all(part in when for part in ("Mon", "November", "23", "15:30")), when


@pytest.mark.parametrize("hours", [{"someday": "08:00-10:00"}, {"mon": "15:00-08:00"}, {"mon": "eight to ten"}])
def test_bad_opening_hours_are_refused(hours: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        HandoffContact(name="x", opening_hours=hours)


def test_the_shipped_configuration_loads() -> None:
    contact = HandoffContact.load(Path(__file__).resolve().parents[3] / "config" / "handoff.yml")
    assert contact.name and contact.url


def test_a_broken_edit_keeps_the_last_good_contact(tmp_path: Path) -> None:
    path = tmp_path / "handoff.yml"
    path.write_text("name: Mottak Nord\nphone: '+47 400 00 000'\n", encoding="utf-8")
    contacts = LastGoodContact(path)
    assert contacts.current().name == "Mottak Nord" and contacts.error is None
    for broken in ("name: [unclosed\n", "nmae: typo\n", "name: X\nopening_hours: {mon: '17:00-08:00'}\n"):
        path.write_text(broken, encoding="utf-8")
        assert contacts.current().name == "Mottak Nord"
        assert contacts.error
    path.write_bytes(b"\xff\xfe\x00binary")
    assert contacts.current().name == "Mottak Nord" and "UnicodeDecodeError" in (contacts.error or "")
    path.write_text("name: Mottak Sør\n", encoding="utf-8")
    assert contacts.current().name == "Mottak Sør" and contacts.error is None


def test_a_file_that_never_read_gives_the_shipped_contact(tmp_path: Path) -> None:
    contacts = LastGoodContact(tmp_path / "missing.yml")
    assert contacts.current() == DEFAULT_CONTACT and contacts.error
