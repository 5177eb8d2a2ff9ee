"""The editors' area: a dashboard of what people ask and where Veiviser fails them, and a CSV export.

Behind the admin token from settings (a login form sets an HttpOnly cookie; scripts may send
`Authorization: Bearer <token>`). Compared in constant time.
"""

import csv
import hmac
import io
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.deps import StateDep
from api.routers.web import templates
from veiviser.insight import build_dashboard
from veiviser.knowledge.catalogue import load_catalogue
from veiviser.knowledge.preview import preview, with_draft
from veiviser.languages import SUPPORTED_LANGUAGES, is_supported

router = APIRouter(prefix="/admin", tags=["admin"], include_in_schema=False)
COOKIE = "veiviser_admin"


def _authorised(request: Request, token: str) -> bool:
    offered = request.cookies.get(COOKIE) or request.headers.get("authorization", "").removeprefix("Bearer ")
    return bool(offered) and hmac.compare_digest(offered.encode(), token.encode())


@router.get("", response_class=HTMLResponse)
async def dashboard(request: Request, state: StateDep) -> Response:
    if not _authorised(request, state.settings.admin_token):
        return templates.TemplateResponse(request, "admin-login.html", {"failed": False}, status_code=401)
    settings = state.settings
    search = state.search
    catalogue = load_catalogue(settings.catalogue_path) if settings.catalogue_path.exists() else {}
    events = state.insight.all()
    feedback = state.feedback.all()
    board = await run_in_threadpool(build_dashboard, events, feedback, search.kb, search.encoder, catalogue,
                                    date.today(), settings.review_max_age_days)
    problems = [p for p in state.live.problems if p.severity == "error"]
    return templates.TemplateResponse(request, "admin.html", {"board": board, "problems": problems,
                                                              "reload": state.live.last_report,
                                                              "languages": SUPPORTED_LANGUAGES})


@router.post("/login")
async def login(request: Request, state: StateDep, token: Annotated[str, Form(max_length=512)]) -> Response:
    if not hmac.compare_digest(token.encode(), state.settings.admin_token.encode()):
        return templates.TemplateResponse(request, "admin-login.html", {"failed": True}, status_code=401)
    response = RedirectResponse("/admin", status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict",
                        secure=state.settings.environment == "production", max_age=8 * 3600)
    return response


@router.post("/preview", response_class=HTMLResponse)
async def preview_draft(request: Request, state: StateDep, language: Annotated[str, Form(max_length=8)],
                        draft: Annotated[str, Form(max_length=200_000)]) -> Response:
    """The dashboard's form for `veiviser kb preview`: paste an edited file, see what it wins or loses."""
    if not _authorised(request, state.settings.admin_token):
        raise HTTPException(401, "admin token required")
    if not is_supported(language):
        raise HTTPException(422, f"unsupported language {language!r}")
    search = state.search
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / f"{language}.md"
        path.write_text(draft.replace("\r\n", "\n"), encoding="utf-8")
        draft_kb, problems = with_draft(search.kb, path)
        errors = [p.message for p in problems if p.severity == "error"]
        changes = [] if errors else await run_in_threadpool(preview, search, draft_kb)
    return templates.TemplateResponse(request, "admin-preview.html", {"errors": errors, "changes": changes})


@router.get("/export.csv")
async def export(request: Request, state: StateDep) -> Response:
    if not _authorised(request, state.settings.admin_token):
        raise HTTPException(401, "admin token required")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["hour", "language", "topic", "article", "outcome", "probability", "question_redacted"])
    for event in state.insight.all():
        writer.writerow([event.hour.isoformat(), event.language, event.topic or "", event.article or "",
                         event.outcome, event.probability, event.text])
    return Response(out.getvalue(), media_type="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="veiviser-questions.csv"'})
