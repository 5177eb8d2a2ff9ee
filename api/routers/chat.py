"""Chat: the user's message goes through Rasa (NLU, dialogue, custom actions) and back.

When Rasa or its action server is down, the API answers from retrieval itself (`degraded: true`; see
`api.dialogue`), so a newcomer still gets the article in their language, with a short notice.
"""

import logging
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from api.deps import RATE_LIMITED, StateDep, limit_by_ip
from api.dialogue import dialogue_replies, fallback_replies
from api.errors import BODY_TOO_LARGE
from api.metrics import Metrics
from api.schemas import ChatRequest, ChatResponse
from veiviser.messages import Message, TextMessage, parse_message
from veiviser.privacy import redact

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api", tags=["chat"],
                   dependencies=[Depends(limit_by_ip)], responses=RATE_LIMITED)


def chat_messages(rasa_messages: list[dict[str, Any]]) -> list[Message]:
    """Our actions send each reply twice: as text (for text-only channels, which Rasa's REST channel splits
    at blank lines) and as custom JSON. Keep the JSON, and plain texts only when no JSON carries them.
    A custom message outside the reply contract is logged and kept as plain text: the person still reads it.

    >>> [m.type for m in chat_messages([{"text": "Hi"}, {"text": "there"}, {"custom": {"type": "text", "text": "Hi\\n\\nthere"}}])]
    ['text']
    """
    custom_texts = [m["custom"]["text"] for m in rasa_messages
                    if isinstance(m.get("custom"), dict) and isinstance(m["custom"].get("text"), str)]
    messages: list[Message] = []
    for message in rasa_messages:
        custom = message.get("custom")
        if isinstance(custom, dict) and isinstance(custom.get("text"), str):
            try:
                messages.append(parse_message(custom))
            except ValidationError as error:
                log.error("a reply outside the contract (type %r): %s", custom.get("type"), error.errors(include_url=False, include_input=False)[:3])
                messages.append(TextMessage(text=custom["text"]))
        elif isinstance(message.get("text"), str) and not any(message["text"] in text for text in custom_texts):
            messages.append(TextMessage(text=message["text"]))
    return messages


UNKNOWN_SESSION = "unknown session_id: this service did not issue it; leave session_id out to start a conversation"


@router.post("/chat", response_model=ChatResponse, summary="Send a message, get the assistant's replies",
             responses={403: {"description": UNKNOWN_SESSION},
                        422: {"description": "Empty, too long or malformed message, or unknown language"},
                        **BODY_TOO_LARGE})
async def chat(request: ChatRequest, state: StateDep, http: Request) -> ChatResponse:
    metrics: Metrics = http.app.state.metrics
    if request.session_id is None:
        session = state.chat_sessions.issue()
    elif state.chat_sessions.valid(request.session_id):
        session = request.session_id
    else:
        raise HTTPException(403, UNKNOWN_SESSION)
    await state.limiter.check_session(session)
    metadata = {key: value for key, value in (("language", request.language),
                                               ("page_language", request.page_language)) if value}
    replies = await dialogue_replies(state, session, request.message, metadata)
    if replies is None:
        language, direct = await fallback_replies(state, request.message, request.language, request.page_language)
        metrics.count_reply(language, direct, degraded=True)
        return ChatResponse(session_id=session, language=language,  # type: ignore[arg-type]
                            user_text=redact(request.message), messages=direct, degraded=True)
    messages = chat_messages(replies)
    language = next((m.language for m in messages if m.language), None) or request.language
    if language is None:
        language = await run_in_threadpool(state.search.detect_language, request.message)
    metrics.count_reply(language, messages, degraded=False)
    return ChatResponse(session_id=session, language=language,  # type: ignore[arg-type]
                        user_text=redact(request.message), messages=messages)
