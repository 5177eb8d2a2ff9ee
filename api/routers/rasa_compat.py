"""A Rasa-REST-shaped endpoint, so clients that speak Rasa's REST channel can use our API unchanged."""

from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict

from api.deps import RATE_LIMITED, StateDep, limit_by_ip
from api.errors import BODY_TOO_LARGE
from api.dialogue import dialogue_replies, fallback_replies
from api.schemas import SessionId, UserMessage
from veiviser.languages import is_supported

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
    await state.limiter.check_session(request.sender)
    language, page = (code if isinstance(code := request.metadata.get(key), str) and is_supported(code) else None
                      for key in ("language", "page_language"))
    metadata = {key: value for key, value in (("language", language), ("page_language", page)) if value}
    replies = await dialogue_replies(state, request.sender, request.message, metadata)
    if replies is not None:
        return replies
    # Rasa's own shape for our direct replies: text for simple widgets, the full message as `custom`.
    _, direct = await fallback_replies(state, request.message, language, page)
    return [{"recipient_id": request.sender, "text": m.text, "custom": m.model_dump(mode="json")} for m in direct]
