"""Liveness and readiness."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import StateDep
from api.schemas import ReadinessOut

router = APIRouter(tags=["health"])


@router.head("/healthz", include_in_schema=False)  # uptime monitors use HEAD
@router.get("/healthz", summary="The process is up")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.head("/readyz", include_in_schema=False)  # load balancers and uptime monitors use HEAD too
@router.get("/readyz", response_model=ReadinessOut,
            summary="Index loaded; Rasa and the action server reachable",
            responses={503: {"model": ReadinessOut, "description": "No knowledge or index: the API cannot answer"}})
async def readyz(state: StateDep) -> JSONResponse:
    """200 while the API can answer. `degraded` (still 200, so a load balancer keeps sending users here) means
    the dialogue is down and chat answers from retrieval alone, the rate limits' shared storage fails and
    requests go through unlimited, or the confidence calibration was fitted for another encoder or other
    weights (a neutral one is used until `veiviser eval --calibrate`); `parts` says which part is down."""
    own = {
        "index": "ok" if state.search.index.size else "empty",
        "knowledge": "ok" if len(state.search.kb) else "no articles loaded",
    }
    dependencies = {"rasa": await state.rasa.is_ready(), "actions": await state.rasa.actions_ready(),
                    "rate_limit": state.limiter.health(),
                    "calibration": state.search.calibration_problem or "ok"}
    if any(value != "ok" for value in own.values()):
        status = "unavailable"
    elif any(value != "ok" for value in dependencies.values()):
        status = "degraded"
    else:
        status = "ok"
    body = ReadinessOut(ready=status != "unavailable", status=status, parts={**own, **dependencies})
    return JSONResponse(body.model_dump(), status_code=503 if status == "unavailable" else 200)
