"""Dependencies the routers ask for, as `Annotated` aliases."""

from typing import Annotated

from fastapi import Depends, Request

from api.state import AppState
from veiviser.retrieval.search import ArticleSearch


def get_state(request: Request) -> AppState:
    return request.app.state.veiviser


def get_search(state: Annotated[AppState, Depends(get_state)]) -> ArticleSearch:
    return state.search


StateDep = Annotated[AppState, Depends(get_state)]
SearchDep = Annotated[ArticleSearch, Depends(get_search)]
