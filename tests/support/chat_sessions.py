"""Tests name their conversations ("test-3f2a..."); the server issues the ids. This keeps one per name."""

from typing import Any

_issued: dict[str, str] = {}


def chat_body(session: str, message: str, **fields: Any) -> dict[str, Any]:
    """The /api/chat body for the conversation named `session`: its issued id once it has one."""
    body = {"message": message, **{key: value for key, value in fields.items() if value is not None}}
    if session in _issued:
        body["session_id"] = _issued[session]
    return body


def remember(session: str, reply: dict[str, Any]) -> dict[str, Any]:
    """Keeps the id the reply issued for `session`; returns the reply."""
    _issued[session] = reply["session_id"]
    return reply


def issued(session: str) -> str:
    """The id the server issued for the conversation named `session` (Rasa's sender id)."""
    return _issued[session]
