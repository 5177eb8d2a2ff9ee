"""Dependencies the routers ask for, as `Annotated` aliases."""

from typing import Annotated, Any

from fastapi import Depends, Request

from api.state import AppState
from veiviser.retrieval.search import ArticleSearch


def get_state(request: Request) -> AppState:
    return request.app.state.veiviser


def get_search(state: Annotated[AppState, Depends(get_state)]) -> ArticleSearch:
    return state.search


StateDep = Annotated[AppState, Depends(get_state)]
SearchDep = Annotated[ArticleSearch, Depends(get_search)]


async def limit_by_ip(request: Request, state: StateDep) -> None:
    """Router dependency: the per-IP rate limit (429 with Retry-After when over)."""
    await state.limiter.check_ip(request)


#: The 429 that every rate-limited route can answer, for the OpenAPI schema.
RATE_LIMITED: dict[int | str, dict[str, Any]] = {
    429: {"description": "Too many requests; `Retry-After` says how many seconds to wait",
          "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait"}}}}
