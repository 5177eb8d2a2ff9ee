"""Articles in the reader's language, or the best fallback."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query

from api.deps import RATE_LIMITED, SearchDep, limit_by_ip
from api.schemas import ArticleOut
from veiviser.languages import SUPPORTED_LANGUAGES, is_supported

router = APIRouter(prefix="/api/articles", tags=["articles"],
                   dependencies=[Depends(limit_by_ip)], responses=RATE_LIMITED)


@router.get("/{slug}", response_model=ArticleOut, summary="One article, in `lang` or the best fallback",
            responses={404: {"description": "No article with that slug"},
                       422: {"description": "Unknown language code"}})
async def get_article(
    search: SearchDep,
    slug: Annotated[str, Path(max_length=80)],
    lang: Annotated[str, Query(description="Language code", json_schema_extra={"enum": list(SUPPORTED_LANGUAGES)})] = "en",
) -> ArticleOut:
    if not is_supported(lang):
        raise HTTPException(422, f"unsupported language {lang!r}; use one of {', '.join(SUPPORTED_LANGUAGES)}")
    article = search.kb.resolve(slug)
    text = search.kb.text_for(slug, lang)
    if article is None or text is None:
        raise HTTPException(404, f"no article {slug!r}")
    full = search.kb.full_text_for(slug, lang) or text
    return ArticleOut(
        slug=article.slug, language=text.language, title=text.title, summary=text.summary,  # type: ignore[arg-type]
        body=full.body, body_language=full.language,  # type: ignore[arg-type]
        steps=list(text.steps), sources=[s.model_dump() for s in text.sources],  # type: ignore[misc]
        reviewed=text.meta.reviewed.isoformat(), confidence=text.meta.confidence,
        statuses=list(text.meta.statuses), by_status=dict(text.meta.by_status),
        available_languages=article.languages,  # type: ignore[arg-type]
    )
