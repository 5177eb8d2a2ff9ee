"""Publishing from the browser: the article editor, the review queue and each article's history.

Who may do what follows the account's role (`veiviser.editorial.accounts`): every signed-in role reads;
editors save drafts; reviewers approve or reject other people's drafts; a published change is written into
`knowledge/` and reloaded at once, so the chat answers with it within the request that approved it.
"""

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.deps import StateDep
from api.routers.admin import signed_in
from api.routers.web import templates
from api.state import AppState
from veiviser.editorial.accounts import Account, Role
from veiviser.editorial.drafts import MAX_DRAFT_CHARS, Draft, DraftInvalid, EditorialError
from veiviser.editorial.translations import (SOURCE_LANGUAGE, changed_paragraphs, stamp_value,
                                              translation_state, with_stamp)
from veiviser.languages import is_supported

router = APIRouter(prefix="/admin", tags=["admin"], include_in_schema=False)


def _require(request: Request, state: AppState, role: Role) -> Account:
    account = signed_in(request, state)
    if account is None:
        raise HTTPException(401, "sign in at /admin first")
    if not account.may(role):
        raise HTTPException(403, f"your role ({account.role}) may not do this; it needs {role} or above")
    return account


def _check_target(state: AppState, slug: str, language: str) -> None:
    if not is_supported(language):
        raise HTTPException(404, f"unsupported language {language!r}")
    if slug not in state.search.kb.articles:
        raise HTTPException(404, f"no article {slug!r}")


async def _step(step: Callable[..., Draft], *args: object) -> Draft:
    """One editorial step off the event loop; a refusal becomes 422 (checks failed) or 409 (not allowed now)."""
    try:
        return await run_in_threadpool(step, *args)
    except DraftInvalid as invalid:
        raise HTTPException(422, f"the text does not pass the checks: {invalid}") from invalid
    except EditorialError as refused:
        raise HTTPException(409, str(refused)) from refused


async def _publish_live(state: AppState) -> None:
    """The watcher would see the file too; reloading here makes the change live before the reply."""
    await run_in_threadpool(state.live.reload)


@router.get("/articles/{slug}/{language}", response_class=HTMLResponse)
async def edit_article(request: Request, state: StateDep, slug: str, language: str) -> Response:
    account = _require(request, state, "viewer")
    _check_target(state, slug, language)
    text = state.editorial.current_text(slug, language) or ""
    return templates.TemplateResponse(request, "admin-edit.html", {
        "account": account, "slug": slug, "language": language, "text": text, "errors": [], "saved": None,
        "source_language": SOURCE_LANGUAGE, "state": translation_state(state.search.kb, slug, language)})


@router.post("/articles/{slug}/{language}", response_class=HTMLResponse)
async def save_article(request: Request, state: StateDep, slug: str, language: str,
                       text: Annotated[str, Form(max_length=MAX_DRAFT_CHARS)],
                       in_step: Annotated[bool, Form()] = False) -> Response:
    account = _require(request, state, "editor")
    _check_target(state, slug, language)
    source = state.search.kb.articles[slug].texts.get(SOURCE_LANGUAGE)
    if in_step and language != SOURCE_LANGUAGE and source is not None:
        text = with_stamp(text.replace("\r\n", "\n"), stamp_value(source))  # made from the current source
    try:
        draft = await run_in_threadpool(state.editorial.propose, slug, language, text, account)
    except DraftInvalid as invalid:
        errors = [(p.line, p.message) for p in invalid.problems]
        return templates.TemplateResponse(request, "admin-edit.html", {
            "account": account, "slug": slug, "language": language, "text": text, "errors": errors,
            "saved": None, "source_language": SOURCE_LANGUAGE}, status_code=422)
    except EditorialError as refused:
        return templates.TemplateResponse(request, "admin-edit.html", {
            "account": account, "slug": slug, "language": language, "text": text, "errors": [(None, str(refused))],
            "saved": None, "source_language": SOURCE_LANGUAGE}, status_code=409)
    if draft.state == "published":
        await _publish_live(state)
        return RedirectResponse(f"/admin/history/{slug}/{language}", status_code=303)
    return RedirectResponse("/admin/review", status_code=303)


@router.get("/review", response_class=HTMLResponse)
async def review_queue(request: Request, state: StateDep) -> Response:
    account = _require(request, state, "viewer")
    return templates.TemplateResponse(request, "admin-review.html", {
        "account": account, "drafts": state.editorial.pending()})


@router.post("/drafts/{draft_id}/approve")
async def approve(request: Request, state: StateDep, draft_id: int) -> Response:
    account = _require(request, state, "reviewer")
    draft = await _step(state.editorial.approve, draft_id, account)
    await _publish_live(state)
    return RedirectResponse(f"/admin/history/{draft.slug}/{draft.language}", status_code=303)


@router.post("/drafts/{draft_id}/reject")
async def reject(request: Request, state: StateDep, draft_id: int,
                 note: Annotated[str, Form(max_length=500)] = "") -> Response:
    account = _require(request, state, "reviewer")
    await _step(state.editorial.reject, draft_id, account, note)
    return RedirectResponse("/admin/review", status_code=303)


@router.get("/history/{slug}/{language}", response_class=HTMLResponse)
async def history(request: Request, state: StateDep, slug: str, language: str) -> Response:
    account = _require(request, state, "viewer")
    _check_target(state, slug, language)
    return templates.TemplateResponse(request, "admin-history.html", {
        "account": account, "slug": slug, "language": language,
        "changes": state.editorial.history(slug, language)})


@router.post("/history/{change_id}/revert")
async def revert(request: Request, state: StateDep, change_id: int) -> Response:
    account = _require(request, state, "editor")
    draft = await _step(state.editorial.revert, change_id, account)
    if draft.state == "published":
        await _publish_live(state)
    return RedirectResponse("/admin/review", status_code=303)


@router.get("/translations/{language}", response_class=HTMLResponse)
async def translation_queue(request: Request, state: StateDep, language: str) -> Response:
    """The articles whose translation into `language` is behind the source, each with the source paragraphs
    that changed since (old and new side by side, when the earlier version went through the browser)."""
    account = _require(request, state, "viewer")
    if not is_supported(language) or language == SOURCE_LANGUAGE:
        raise HTTPException(404, f"no translation queue for {language!r}")
    kb = state.search.kb

    def outdated() -> list[tuple[str, bool, list[tuple[str, str]]]]:
        queue = []
        for slug in sorted(kb.articles):
            if translation_state(kb, slug, language) != "outdated":
                continue
            source = kb.articles[slug].texts[SOURCE_LANGUAGE]
            stamp = kb.articles[slug].texts[language].meta.translated_from or ""
            before = state.editorial.earlier_version(slug, SOURCE_LANGUAGE, stamp)
            queue.append((slug, before is not None, changed_paragraphs(before, source)))
        return queue

    return templates.TemplateResponse(request, "admin-translations.html", {
        "account": account, "language": language, "source_language": SOURCE_LANGUAGE,
        "queue": await run_in_threadpool(outdated)})
