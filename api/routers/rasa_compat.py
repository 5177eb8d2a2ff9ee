"""A Rasa-REST-shaped endpoint, so clients that speak Rasa's REST channel can use our API unchanged."""

from typing import Any

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.deps import StateDep
from api.rasa_client import RasaUnavailable
from api.schemas import MAX_MESSAGE_CHARS, text_problem

router = APIRouter(tags=["rasa-compatible"])


class RasaRestMessage(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sender: str = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:-]+$")
    message: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)
    metadata: dict[str, Any] = {}

    @field_validator("message")
    @classmethod
    def _has_text(cls, message: str) -> str:
        problem = text_problem(message)
        if problem:
            raise ValueError(f"message {problem}")
        return message


@router.post("/webhooks/rest/webhook", summary="Rasa's REST channel shape: {sender, message, metadata} in, "
             "a list of messages out", responses={503: {"description": "The dialogue service is not reachable"}})
async def rasa_rest_webhook(request: RasaRestMessage, state: StateDep) -> list[dict[str, Any]]:
    language = request.metadata.get("language")
    metadata = {"language": language} if isinstance(language, str) else {}
    try:
        return await state.rasa.send(request.sender, request.message, metadata)
    except RasaUnavailable as error:
        raise HTTPException(503, "The assistant's dialogue service is not reachable right now.") from error
