"""Publishing from the browser: the article editor, the review queue and each article's history.

Who may do what follows the account's role (`veiviser.editorial.accounts`): every signed-in role reads;
editors save drafts; reviewers approve or reject other people's drafts; a published change is written into
`knowledge/` and reloaded at once, so the chat answers with it within the request that approved it.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.deps import StateDep
from api.errors import MAX_DRAFT_FORM_BYTES
from api.routers.admin import draft_impact, signed_in
from api.routers.web import templates
from api.state import AppState
from api.web.article_preview import card_preview
from veiviser.editorial.accounts import Account, Role
from veiviser.editorial.article_form import (ArticleForm, FormError, SourceRow, field_of_problem, form_from_fields,
                                              form_from_text, text_from_form)
from veiviser.editorial.drafts import Draft, DraftInvalid, EditorialError, validate
from veiviser.editorial.translations import (SOURCE_LANGUAGE, changed_paragraphs, stamp_value,
                                              translation_state, with_stamp)
from veiviser.knowledge.model import Problem
from veiviser.knowledge.schema import STATUSES
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


_FIELD_PATH_PREFIX = re.compile(r"^[a-z_]+(?:\.[\w-]+)*: ")


@dataclass(frozen=True)
class FieldProblem:
    field: str  # the form field it is shown on ("" for the whole text)
    line: int
    message: str


def _field_problems(text: str, problems: Iterable[Problem], posted_rows: list[int] | None = None) -> list[FieldProblem]:
    """Validator problems placed on the form's fields; a source's index is mapped back to the row it was typed in."""
    placed = []
    for problem in problems:
        name = field_of_problem(text, problem.line, problem.message)
        if posted_rows and (row := re.match(r"source-(\d+)-(\w+)$", name)) and int(row[1]) < len(posted_rows):
            name = f"source-{posted_rows[int(row[1])]}-{row[2]}"
        # On its field the message needs no field path ("sources.1.url: ..." counts rows without the blank ones)
        message = _FIELD_PATH_PREFIX.sub("", problem.message) if name else problem.message
        placed.append(FieldProblem(name, problem.line, message))
    return placed


def _editor_page(request: Request, state: AppState, account: Account, slug: str, language: str, *,
                 form: ArticleForm | None, text: str, problems: list[FieldProblem], status_code: int = 200,
                 notice: str | None = None) -> Response:
    by_field: dict[str, list[str]] = {}
    for problem in problems:
        by_field.setdefault(problem.field, []).append(problem.message)
    return templates.TemplateResponse(request, "admin-edit.html", {
        "account": account, "slug": slug, "language": language, "text": text, "form": form,
        "problems": problems, "by_field": by_field, "notice": notice, "statuses": STATUSES,
        "preview": card_preview(form, language) if form is not None else None, "source_language": SOURCE_LANGUAGE,
        "state": translation_state(state.search.kb, slug, language)}, status_code=status_code)


def _blank_form(state: AppState, slug: str) -> ArticleForm:
    """A new translation starts with the source's statuses and sources: the facts, not the words."""
    source = state.search.kb.articles[slug].texts.get(SOURCE_LANGUAGE)
    if source is None:
        return ArticleForm()
    return ArticleForm(statuses=list(source.meta.statuses),
                       sources=[SourceRow(s.title, s.url, s.publisher) for s in source.meta.sources])


@router.get("/articles/{slug}/{language}", response_class=HTMLResponse)
async def edit_article(request: Request, state: StateDep, slug: str, language: str, raw: bool = False) -> Response:
    """The article's form (`?raw=1`: the whole file in one text area, for front matter the form does not show)."""
    account = _require(request, state, "viewer")
    _check_target(state, slug, language)
    text = state.editorial.current_text(slug, language)
    form: ArticleForm | None = None
    notice = None
    if not raw:
        try:
            form = form_from_text(text) if text is not None else _blank_form(state, slug)
        except FormError as broken:
            notice = str(broken)
    return _editor_page(request, state, account, slug, language, form=form, text=text or "", problems=[],
                        notice=notice)


async def _posted(request: Request, state: AppState, slug: str,
                  language: str) -> tuple[str, ArticleForm | None, bool]:
    """The file a posted editor form describes (the whole-file text area as it is, or the fields written out),
    the form, and whether the translation is marked as made from the current source."""
    fields = await request.form(max_fields=400, max_part_size=MAX_DRAFT_FORM_BYTES)
    in_step = fields.get("in_step") == "true"
    if "text" in fields:
        return str(fields["text"]).replace("\r\n", "\n"), None, in_step
    values = {key: str(value) for key, value in fields.items() if isinstance(value, str)}
    form = form_from_fields(values, [str(v) for v in fields.getlist("statuses")])

    def written() -> str:  # reads the published file and parses YAML twice: off the event loop, like a search
        published = state.editorial.current_text(slug, language)
        return text_from_form(form, slug, state.search.kb.articles[slug].topic, published)

    return await run_in_threadpool(written), form, in_step


@router.post("/articles/{slug}/{language}/check")
async def check_article(request: Request, state: StateDep, slug: str, language: str) -> JSONResponse:
    """As the editor types: the validator's problems by field, and the card the chat would show."""
    _require(request, state, "editor")
    _check_target(state, slug, language)
    text, form, _ = await _posted(request, state, slug, language)
    try:
        problems = await run_in_threadpool(validate, slug, language, text, state.search.kb.official_domains)
    except EditorialError as refused:
        problems = [Problem(Path(slug), 1, str(refused))]
    placed = _field_problems(text, problems, form.posted_rows if form else None)
    preview = templates.get_template("admin-card.html").render(
        request=request, preview=card_preview(form, language)) if form is not None else ""
    return JSONResponse({"problems": [asdict(p) for p in placed], "preview": preview})


@router.post("/articles/{slug}/{language}/impact", response_class=HTMLResponse)
async def article_impact(request: Request, state: StateDep, slug: str, language: str) -> Response:
    """Which test questions the form's draft would win or lose (the dashboard's preview, for this text)."""
    _require(request, state, "editor")
    _check_target(state, slug, language)
    text, _, _ = await _posted(request, state, slug, language)
    errors, changes = await draft_impact(state, language, text)
    return templates.TemplateResponse(request, "admin-preview.html", {"errors": errors, "changes": changes})


@router.post("/articles/{slug}/{language}", response_class=HTMLResponse)
async def save_article(request: Request, state: StateDep, slug: str, language: str) -> Response:
    account = _require(request, state, "editor")
    _check_target(state, slug, language)
    text, form, in_step = await _posted(request, state, slug, language)
    source = state.search.kb.articles[slug].texts.get(SOURCE_LANGUAGE)
    if in_step and language != SOURCE_LANGUAGE and source is not None:
        text = with_stamp(text, stamp_value(source))  # made from the current source
    try:
        draft = await run_in_threadpool(state.editorial.propose, slug, language, text, account)
    except DraftInvalid as invalid:
        return _editor_page(request, state, account, slug, language, form=form, text=text, status_code=422,
                            problems=_field_problems(text, invalid.problems, form.posted_rows if form else None))
    except EditorialError as refused:
        return _editor_page(request, state, account, slug, language, form=form, text=text, status_code=409,
                            problems=[FieldProblem("", 1, str(refused))])
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
