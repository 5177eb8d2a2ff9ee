"""The dialogue as the API's routes see it: Rasa's replies, or, when Rasa or its action server is down,
replies straight from retrieval. Shared by `/api/chat` and the Rasa-REST-shaped webhook."""

import logging
from typing import Any

from starlette.concurrency import run_in_threadpool

from api.rasa_client import RasaUnavailable
from api.state import AppState
from veiviser.dialogue.direct_reply import direct_replies
from veiviser.messages import Message

log = logging.getLogger(__name__)


async def dialogue_replies(state: AppState, session_id: str, message: str,
                           metadata: dict[str, Any]) -> list[dict[str, Any]] | None:
    """Rasa's replies, or None when the dialogue is down or answered nothing. Rasa answers nothing at all
    when its action server is down or an action fails (it logs the failure and listens again): a person
    who wrote a question never gets an empty reply, they get the answer from retrieval. Only a button's
    command ("/restart") may rightly answer nothing."""
    try:
        replies = await state.rasa.send(session_id, message, metadata)
    except RasaUnavailable as error:
        log.warning("dialogue unavailable, answering from retrieval: %s", error)
        return None
    if not replies and not message.startswith("/"):
        log.warning("no reply from the dialogue (action server %s), answering from retrieval",
                    await state.rasa.actions_ready())
        return None
    return replies


async def fallback_replies(state: AppState, message: str, language: str | None,
                           page_language: str | None = None) -> tuple[str, list[Message]]:
    """The reply language and direct retrieval replies, with the notice that the assistant is partly down."""
    return await run_in_threadpool(direct_replies, state.search, message, language, page_language,
                                   state.unsupported_languages)
