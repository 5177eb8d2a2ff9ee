"""A Rasa-REST-shaped endpoint, so clients that speak Rasa's REST channel can use our API unchanged."""

from typing import Any

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, ConfigDict

from api.deps import StateDep
from api.rasa_client import RasaUnavailable
from api.schemas import SessionId, UserMessage

router = APIRouter(tags=["rasa-compatible"])


class RasaRestMessage(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sender: SessionId
    message: UserMessage
    metadata: dict[str, Any] = {}


@router.post("/webhooks/rest/webhook", summary="Rasa's REST channel shape: {sender, message, metadata} in, "
             "a list of messages out", responses={503: {"description": "The dialogue service is not reachable"}})
async def rasa_rest_webhook(request: RasaRestMessage, state: StateDep) -> list[dict[str, Any]]:
    language = request.metadata.get("language")
    metadata = {"language": language} if isinstance(language, str) else {}
    try:
        return await state.rasa.send(request.sender, request.message, metadata)
    except RasaUnavailable as error:
        raise HTTPException(503, "The assistant's dialogue service is not reachable right now.") from error
