"""Rasa's Telegram channel, fitted to Veiviser's replies.

`credentials.yml` names `veiviser_rasa.telegram.TelegramInput` instead of `telegram`. What it changes:
- Our actions send each reply twice, as text with buttons and as our structured JSON (for the web widget).
  Rasa's Telegram output would pass the JSON's keys (`type`, `article`, ...) to the Bot API's sendMessage,
  which fails; here the structured copy of one of our messages is skipped, since its text went already.
- Telegram's button data holds at most 64 bytes; a longer Rasa payload ('/choose_article{"article":
  "violence-and-negative-social-control"}') is sent in a short form and restored when the press comes back.
- Choices are one per row (article titles are long), and an error in a turn is logged, not raised back to
  Telegram (which would send the same update again and again).
- Rasa 3.6's channel sets the webhook with `asyncio.run` and keeps that loop's HTTP session: every message
  after start-up then fails with "Event loop is closed". The session is closed after setting the webhook.
- `api_url` (optional) points the bot at another Bot API server: a local one, or a test's fake.
"""

import json
import logging
import re
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from aiogram.bot.api import TelegramAPIServer
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput as RasaTelegramInput
from rasa.core.channels.telegram import TelegramOutput as RasaTelegramOutput
from sanic import Blueprint

log = logging.getLogger(__name__)

#: The `type` of every message in our reply contract (veiviser/messages.py); a test keeps the two equal.
CONTRACT_TYPES = frozenset({"answer", "checklist", "safety", "clarify", "abstain", "text", "notice",
                            "status-question", "status-assumed", "handoff", "feedback-question"})
MAX_CALLBACK_BYTES = 64
_PAYLOAD = re.compile(r"^/(?P<intent>[a-z_]+)(?P<entities>\{.*\})?$")


def callback_data(payload: str) -> Optional[str]:
    """The button data Telegram will carry for a Rasa payload, or None when it cannot fit.

    >>> callback_data('/feedback{"helpful": "yes"}')
    '/feedback{"helpful":"yes"}'
    >>> callback_data('/choose_article{"article": "violence-and-negative-social-control"}')
    '~choose_article|article|violence-and-negative-social-control'
    """
    found = _PAYLOAD.match(payload)
    if found is None:
        return payload if len(payload.encode()) <= MAX_CALLBACK_BYTES else None
    entities = json.loads(found["entities"]) if found["entities"] else {}
    compact = f"/{found['intent']}{json.dumps(entities, separators=(',', ':'), ensure_ascii=False) if entities else ''}"
    if len(compact.encode()) <= MAX_CALLBACK_BYTES:
        return compact
    if len(entities) == 1:
        (key, value), = entities.items()
        short = f"~{found['intent']}|{key}|{value}"
        if len(short.encode()) <= MAX_CALLBACK_BYTES:
            return short
    return None


def payload_from_callback(data: str) -> str:
    """The Rasa payload a pressed button stands for (the inverse of `callback_data`).

    >>> payload_from_callback('~choose_article|article|school')
    '/choose_article{"article": "school"}'
    """
    if data.startswith("~") and data.count("|") == 2:
        intent, key, value = data[1:].split("|")
        return f"/{intent}{json.dumps({key: value}, ensure_ascii=False)}"
    return data


class TelegramOutput(RasaTelegramOutput):
    def __init__(self, access_token: Optional[Text], api_url: Optional[Text] = None) -> None:
        server = TelegramAPIServer.from_base(api_url.rstrip("/")) if api_url else None
        if server is None:
            super().__init__(access_token)
        else:  # the same Bot, another server
            super(RasaTelegramOutput, self).__init__(access_token, server=server)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     button_type: Optional[Text] = "vertical", **kwargs: Any) -> None:
        fitting = []
        for button in buttons:
            data = callback_data(str(button.get("payload", "")))
            if data is None:
                log.warning("a button's payload does not fit Telegram's 64 bytes; left out: %s", button.get("title"))
                continue
            fitting.append({**button, "payload": data})
        if not fitting:
            await self.send_text_message(recipient_id, text)
            return
        await super().send_text_with_buttons(recipient_id, text, fitting, button_type="vertical", **kwargs)

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        if json_message.get("type") in CONTRACT_TYPES:
            return  # its text and buttons were sent as such; the structured copy is for the web widget
        await super().send_custom_json(recipient_id, json_message, **kwargs)


class TelegramInput(RasaTelegramInput):
    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(credentials.get("access_token"), credentials.get("verify"), credentials.get("webhook_url"),
                   debug_mode=False, api_url=credentials.get("api_url") or None)

    def __init__(self, access_token: Optional[Text], verify: Optional[Text], webhook_url: Optional[Text],
                 debug_mode: bool = False, api_url: Optional[Text] = None) -> None:
        super().__init__(access_token, verify, webhook_url, debug_mode)
        self.api_url = api_url

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def restoring(message: UserMessage) -> Any:
            message.text = payload_from_callback(message.text or "")
            return await on_new_message(message)

        return super().blueprint(restoring)

    def get_output_channel(self) -> TelegramOutput:
        import asyncio

        from aiogram.utils.exceptions import TelegramAPIError
        from rasa.shared.exceptions import RasaException

        channel = TelegramOutput(self.access_token, self.api_url)

        async def set_webhook() -> None:
            try:
                await channel.set_webhook(url=self.webhook_url)
            finally:
                # Rasa's own channel keeps this HTTP session, tied to the loop `asyncio.run` closes, and every
                # later call fails with "Event loop is closed"; closed here, the next call opens one on Rasa's loop.
                await channel.session.close()

        try:
            asyncio.run(set_webhook())
        except TelegramAPIError as error:
            raise RasaException("Failed to set channel webhook: " + str(error)) from error
        return channel
