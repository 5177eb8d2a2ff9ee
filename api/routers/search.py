"""Article search."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query
from starlette.concurrency import run_in_threadpool

from api.deps import RATE_LIMITED, SearchDep, limit_by_ip
from api.schemas import MAX_QUERY_CHARS, USABLE_TEXT_PATTERN, SearchHit, SearchResponse, text_problem, without_controls
from veiviser.languages import SUPPORTED_LANGUAGES, is_supported

router = APIRouter(prefix="/api", tags=["search"],
                   dependencies=[Depends(limit_by_ip)], responses=RATE_LIMITED)


@router.get("/search", response_model=SearchResponse, summary="Find the articles that answer a question",
            responses={422: {"description": "Empty or too long query, unknown language, or bad k"}})
async def search(
    search: SearchDep,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS, description="The question",
                            json_schema_extra={"pattern": USABLE_TEXT_PATTERN})],
    lang: Annotated[str, Query(description="auto, or a language code",
                               json_schema_extra={"enum": ["auto", *SUPPORTED_LANGUAGES]})] = "auto",
    k: Annotated[int, Query(ge=1, le=20)] = 5,
) -> SearchResponse:
    problem = text_problem(q)
    if problem:
        raise HTTPException(422, f"q {problem}")
    q = without_controls(q)
    if lang != "auto" and not is_supported(lang):
        raise HTTPException(422, f"unsupported language {lang!r}; use auto or one of {', '.join(SUPPORTED_LANGUAGES)}")
    # Encoding is CPU work in C; a worker thread keeps the event loop free for other requests.
    result = await run_in_threadpool(search.search, q, None if lang == "auto" else lang, k)
    hits = []
    for hit in result.hits:
        text = search.kb.text_for(hit.slug, result.query_language)
        if text is not None:
            hits.append(SearchHit(article=hit.slug, title=text.title, language=text.language,  # type: ignore[arg-type]
                                  score=round(hit.score, 4)))
    return SearchResponse(query_language=result.query_language, confident=result.confident,  # type: ignore[arg-type]
                          results=hits)
