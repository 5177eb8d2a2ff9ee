"""The reply contract: every message type is typed, travels through Rasa's JSON, and the widget renders it."""

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from veiviser.messages import MESSAGE_TYPES, Message, parse_message
from veiviser.settings import REPO_ROOT

WIDGET = Path(__file__).resolve().parents[2] / "api" / "web" / "static" / "widget.js"


def test_every_message_type_round_trips_through_json() -> None:
    from typing import get_args

    union = get_args(get_args(Message)[0])
    assert {model.model_fields["type"].default for model in union} == MESSAGE_TYPES
    sample = {"type": "status-assumed", "language": "ar", "text": "...", "status": "refugee",
              "buttons": [{"title": "Other", "payload": '/set_status{"user_status": "other"}'}]}
    assert parse_message(sample).model_dump(mode="json") == sample


@pytest.mark.parametrize("bad", [
    {"type": "answer", "language": "nb", "text": "no article"},  # an answer card without its article
    {"type": "shout", "text": "unknown type"},
    {"type": "text", "language": "xx", "text": "unknown language"},
    {"type": "safety", "level": "maybe", "text": "unknown level"},
])
def test_a_message_outside_the_contract_is_refused(bad: dict) -> None:
    with pytest.raises(ValidationError):
        parse_message(bad)


def test_the_widget_renders_every_message_type() -> None:
    """widget.js lists the types it renders (RENDERED_TYPES); a new type in the contract must be added there."""
    source = WIDGET.read_text(encoding="utf-8")
    listed = re.search(r"var RENDERED_TYPES = \[([^\]]*)\]", source)
    assert listed is not None, "widget.js must declare RENDERED_TYPES"
    assert set(re.findall(r'"([a-z-]+)"', listed.group(1))) == MESSAGE_TYPES


def test_the_chat_api_schema_lists_every_message_type() -> None:
    from api.main import create_app

    schema = create_app().openapi()
    messages = schema["components"]["schemas"]["ChatResponse"]["properties"]["messages"]["items"]
    mapping = messages["discriminator"]["mapping"]
    assert set(mapping) == MESSAGE_TYPES
    assert all(ref.split("/")[-1] in schema["components"]["schemas"] for ref in mapping.values())


def test_the_telegram_channel_knows_every_message_type() -> None:
    """The Telegram output skips the structured copy of our messages by type (bot/veiviser_rasa/telegram.py)."""
    source = (REPO_ROOT / "bot" / "veiviser_rasa" / "telegram.py").read_text(encoding="utf-8")
    listed = re.search(r"CONTRACT_TYPES = frozenset\(\{([^}]*)\}\)", source)
    assert listed is not None
    assert set(re.findall(r'"([a-z-]+)"', listed.group(1))) == MESSAGE_TYPES
