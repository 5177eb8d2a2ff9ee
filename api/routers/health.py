"""Liveness and readiness."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import StateDep
from api.schemas import ReadinessOut

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is up")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", response_model=ReadinessOut, summary="Index loaded and Rasa reachable",
            responses={503: {"model": ReadinessOut, "description": "A part is not ready; `parts` says which"}})
async def readyz(state: StateDep) -> JSONResponse:
    parts = {
        "index": "ok" if state.search.index.size else "empty",
        "knowledge": "ok" if len(state.search.kb) else "no articles loaded",
        "rasa": await state.rasa.is_ready(),
    }
    ready = all(value == "ok" for value in parts.values())
    return JSONResponse(ReadinessOut(ready=ready, parts=parts).model_dump(), status_code=200 if ready else 503)
