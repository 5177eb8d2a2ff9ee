"""A Rasa-REST-shaped endpoint, so clients that speak Rasa's REST channel can use our API unchanged.

Its senders are chosen by the client, as in Rasa. They live in a space of their own ("webhook:<sender>" in
the dialogue), so no sender reaches a conversation /api/chat issued, whose ids hold no colon.
"""

from typing import Any, Final

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict

from api.deps import RATE_LIMITED, StateDep, limit_by_ip
from api.errors import BODY_TOO_LARGE
from api.dialogue import dialogue_replies, fallback_replies
from api.schemas import SessionId, UserMessage
from veiviser.languages import is_supported

#: Put before every webhook sender in the dialogue: the issued /api/chat ids never start with it.
WEBHOOK_SENDERS: Final = "webhook:"

router = APIRouter(tags=["rasa-compatible"],
                   dependencies=[Depends(limit_by_ip)], responses=RATE_LIMITED)


class RasaRestMessage(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sender: SessionId
    message: UserMessage
    metadata: dict[str, Any] = {}


@router.post("/webhooks/rest/webhook", summary="Rasa's REST channel shape: {sender, message, metadata} in, "
             "a list of messages out", responses=BODY_TOO_LARGE)
async def rasa_rest_webhook(request: RasaRestMessage, state: StateDep) -> list[dict[str, Any]]:
    conversation = f"{WEBHOOK_SENDERS}{request.sender}"
    await state.limiter.check_session(conversation)
    language, page = (code if isinstance(code := request.metadata.get(key), str) and is_supported(code) else None
                      for key in ("language", "page_language"))
    metadata = {key: value for key, value in (("language", language), ("page_language", page)) if value}
    replies = await dialogue_replies(state, conversation, request.message, metadata)
    if replies is not None:
        return [{**reply, "recipient_id": request.sender} if "recipient_id" in reply else reply for reply in replies]
    # Rasa's own shape for our direct replies: text for simple widgets, the full message as `custom`.
    _, direct = await fallback_replies(state, request.message, language, page)
    return [{"recipient_id": request.sender, "text": m.text, "custom": m.model_dump(mode="json")} for m in direct]
