"""Liveness and readiness."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import StateDep
from api.schemas import ReadinessOut

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is up")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", response_model=ReadinessOut, summary="Index loaded; Rasa and the action server reachable",
            responses={503: {"model": ReadinessOut, "description": "No knowledge or index: the API cannot answer"}})
async def readyz(state: StateDep) -> JSONResponse:
    """200 while the API can answer. `degraded` (still 200, so a load balancer keeps sending users here) means
    the dialogue is down and chat answers from retrieval alone; `parts` says which part is down."""
    own = {
        "index": "ok" if state.search.index.size else "empty",
        "knowledge": "ok" if len(state.search.kb) else "no articles loaded",
    }
    dialogue = {"rasa": await state.rasa.is_ready(), "actions": await state.rasa.actions_ready()}
    if any(value != "ok" for value in own.values()):
        status = "unavailable"
    elif any(value != "ok" for value in dialogue.values()):
        status = "degraded"
    else:
        status = "ok"
    body = ReadinessOut(ready=status != "unavailable", status=status, parts={**own, **dialogue})
    return JSONResponse(body.model_dump(), status_code=503 if status == "unavailable" else 200)
