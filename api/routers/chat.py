"""Chat: the user's message goes through Rasa (NLU, dialogue, custom actions) and back."""

import logging
from typing import Any

from fastapi import APIRouter, HTTPException
from starlette.concurrency import run_in_threadpool

from api.deps import StateDep
from api.rasa_client import RasaUnavailable
from api.schemas import ChatMessage, ChatRequest, ChatResponse

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api", tags=["chat"])


def chat_messages(rasa_messages: list[dict[str, Any]]) -> list[ChatMessage]:
    """Our actions send each reply twice: as text (for text-only channels, which Rasa's REST channel splits
    at blank lines) and as custom JSON. Keep the JSON, and plain texts only when no JSON carries them.

    >>> [m.type for m in chat_messages([{"text": "Hi"}, {"text": "there"}, {"custom": {"type": "text", "text": "Hi\\n\\nthere"}}])]
    ['text']
    """
    custom_texts = [m["custom"]["text"] for m in rasa_messages
                    if isinstance(m.get("custom"), dict) and isinstance(m["custom"].get("text"), str)]
    messages = []
    for message in rasa_messages:
        custom = message.get("custom")
        if isinstance(custom, dict) and isinstance(custom.get("text"), str):
            messages.append(ChatMessage(**custom))
        elif isinstance(message.get("text"), str) and not any(message["text"] in text for text in custom_texts):
            messages.append(ChatMessage(type="text", text=message["text"]))
    return messages


@router.post("/chat", response_model=ChatResponse, summary="Send a message, get the assistant's replies",
             responses={422: {"description": "Empty, too long or malformed message, or unknown language"},
                        503: {"description": "The dialogue service is not reachable"}})
async def chat(request: ChatRequest, state: StateDep) -> ChatResponse:
    metadata = {"language": request.language} if request.language else {}
    try:
        replies = await state.rasa.send(request.session_id, request.message, metadata)
    except RasaUnavailable as error:
        log.warning("rasa unavailable: %s", error)
        raise HTTPException(503, "The assistant's dialogue service is not reachable right now. "
                                 "Try again in a minute.") from error
    messages = chat_messages(replies)
    language = next((m.language for m in messages if m.language), None) or request.language
    if language is None:
        language = await run_in_threadpool(state.search.detect_language, request.message)
    return ChatResponse(session_id=request.session_id, language=language, messages=messages)  # type: ignore[arg-type]
