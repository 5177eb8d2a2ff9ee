"""The editors' area: a dashboard of what people ask and where Veiviser fails them, and a CSV export.

Each editor signs in with their own account (`veiviser users add`); the shared admin token remains as a
break-glass login. Logins are limited to a few tries a minute per address and start a signed session that
expires after 8 hours and ends at logout, kept in an HttpOnly cookie that holds no secret. Scripts may send
`Authorization: Bearer <admin token>`. Secrets are compared in constant time. Every role may read the
dashboard; what else it may do is in `api.routers.editorial`.
"""

import csv
import hmac
import io
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from api.deps import RATE_LIMITED, StateDep
from api.errors import MAX_DRAFT_CHARS
from api.state import AppState
from api.admin_session import BREAK_GLASS
from api.routers.web import templates
from api.web.admin_locale import ADMIN_COOKIE, ADMIN_LANGUAGES
from veiviser.editorial.accounts import MAX_PASSWORD_LENGTH, Account
from veiviser.editorial.article_grid import article_grid
from veiviser.insight import CLUSTERED_QUESTIONS, UNANSWERED, Dashboard, build_dashboard
from veiviser.knowledge.catalogue import load_catalogue
from veiviser.knowledge.preview import PreviewChange, preview, with_draft
from veiviser.languages import SUPPORTED_LANGUAGES, is_supported

router = APIRouter(prefix="/admin", tags=["admin"], include_in_schema=False)
COOKIE = "veiviser_admin"


def signed_in(request: Request, state: AppState) -> Account | None:
    """Who this request comes from: a live session of an account that is still enabled, or the admin token."""
    account = state.admin_sessions.current(request.cookies.get(COOKIE))
    if account is not None:
        if account == BREAK_GLASS:
            return account
        stored = state.accounts.get(account.username)
        return stored if stored is not None and not stored.disabled else None
    offered = request.headers.get("authorization", "").removeprefix("Bearer ")
    if offered and hmac.compare_digest(offered.encode(), state.settings.admin_token.encode()):
        return BREAK_GLASS
    return None


def _authorised(request: Request, state: AppState) -> bool:
    return signed_in(request, state) is not None


@router.get("", response_class=HTMLResponse)
async def dashboard(request: Request, state: StateDep) -> Response:
    if not _authorised(request, state):
        return templates.TemplateResponse(request, "admin-login.html", {"failed": False}, status_code=401)
    settings = state.settings
    search = state.search
    catalogue = load_catalogue(settings.catalogue_path) if settings.catalogue_path.exists() else {}

    def board() -> Dashboard:  # off the event loop: database reads and clustering take a while
        feedback = state.feedback.all()
        key = (state.insight.latest_id(), len(feedback), search.kb.fingerprint, date.today())
        return state.dashboard.get(key, lambda: build_dashboard(
            state.insight.counts(), state.insight.recent_texts(UNANSWERED, CLUSTERED_QUESTIONS), feedback,
            search.kb, search.encoder, catalogue, date.today(), settings.review_max_age_days))

    board = await run_in_threadpool(board)
    problems = [p for p in state.live.problems if p.severity == "error"]
    pending = state.editorial.pending()
    return templates.TemplateResponse(request, "admin.html", {
        "board": board, "problems": problems, "reload": state.live.last_report, "languages": SUPPORTED_LANGUAGES,
        "account": signed_in(request, state), "pending": len(pending),
        "grid": article_grid(search.kb, SUPPORTED_LANGUAGES, pending, date.today(), settings.review_max_age_days)})


@router.post("/login", responses=RATE_LIMITED)
async def login(request: Request, state: StateDep, username: Annotated[str, Form(max_length=40)] = "",
                password: Annotated[str, Form(max_length=MAX_PASSWORD_LENGTH)] = "",
                token: Annotated[str, Form(max_length=512)] = "") -> Response:
    """An account's name and password, or (no name) the admin token as the password: break-glass."""
    await state.login_limiter.check_ip(request)  # 429 with Retry-After when someone keeps guessing
    account: Account | None = None
    if username:
        account = await run_in_threadpool(state.accounts.verify, username, password)  # argon2: ~50 ms of CPU
    elif (secret := token or password) and hmac.compare_digest(secret.encode(), state.settings.admin_token.encode()):
        account = BREAK_GLASS
    if account is None:
        return templates.TemplateResponse(request, "admin-login.html", {"failed": True}, status_code=401)
    response = RedirectResponse("/admin", status_code=303)
    response.set_cookie(COOKIE, state.admin_sessions.issue(account), httponly=True, samesite="strict",
                        secure=state.settings.environment == "production",
                        max_age=state.admin_sessions.lifetime_s)
    return response


@router.get("/language/{code}")
async def choose_language(code: str, next: str = "/admin") -> Response:
    """The editors' area in `code` (nb or en) from now on; back to the page the link was on (ours only)."""
    if code not in ADMIN_LANGUAGES:
        raise HTTPException(404, f"the editors' area is in {', '.join(ADMIN_LANGUAGES)}")
    target = urlsplit(next)
    back = next if not target.scheme and not target.netloc and target.path.startswith("/admin") else "/admin"
    response = RedirectResponse(back, status_code=303)
    response.set_cookie(ADMIN_COOKIE, code, max_age=365 * 24 * 3600, httponly=True, samesite="lax")
    return response


@router.post("/logout")
async def logout(request: Request, state: StateDep) -> Response:
    state.admin_sessions.end(request.cookies.get(COOKIE))
    response = RedirectResponse("/admin", status_code=303)
    response.delete_cookie(COOKIE, httponly=True, samesite="strict")
    return response


@router.post("/preview", response_class=HTMLResponse)
async def preview_draft(request: Request, state: StateDep, language: Annotated[str, Form(max_length=8)],
                        draft: Annotated[str, Form(max_length=MAX_DRAFT_CHARS)]) -> Response:
    """The dashboard's form for `veiviser kb preview`: paste an edited file, see what it wins or loses."""
    if not _authorised(request, state):
        raise HTTPException(401, "admin token required")
    if not is_supported(language):
        raise HTTPException(422, f"unsupported language {language!r}")
    errors, changes = await draft_impact(state, language, draft)
    return templates.TemplateResponse(request, "admin-preview.html", {"errors": errors, "changes": changes})


async def draft_impact(state: AppState, language: str, draft: str) -> tuple[list[str], list[PreviewChange]]:
    """The draft's errors, or else the test questions whose answer it changes (`veiviser kb preview`)."""
    search = state.search
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / f"{language}.md"
        path.write_text(draft.replace("\r\n", "\n"), encoding="utf-8")
        draft_kb, problems = with_draft(search.kb, path)
        errors = [p.message for p in problems if p.severity == "error"]
        return errors, ([] if errors else await run_in_threadpool(preview, search, draft_kb))


@router.get("/export.csv")
async def export(request: Request, state: StateDep) -> Response:
    if not _authorised(request, state):
        raise HTTPException(401, "admin token required")

    def rows() -> Iterator[str]:  # streamed: a year of questions is never held in memory at once
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["hour", "language", "topic", "article", "outcome", "probability", "question_redacted"])
        for number, event in enumerate(state.insight.stream(), start=1):
            writer.writerow([event.hour.isoformat(), event.language, event.topic or "", event.article or "",
                             event.outcome, event.probability, spreadsheet_safe(event.text)])
            if number % 500 == 0:
                yield out.getvalue()
                out.seek(0)
                out.truncate()
        yield out.getvalue()

    return StreamingResponse(iterate_in_threadpool(rows()), media_type="text/csv",
                             headers={"Content-Disposition": 'attachment; filename="veiviser-questions.csv"'})


#: What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet shows as text, never runs: a leading apostrophe before a formula's first sign.

    >>> print(spreadsheet_safe('=HYPERLINK("http://x","hi")'), spreadsheet_safe("how do I get fastlege?"))
    '=HYPERLINK("http://x","hi") how do I get fastlege?
    """
    return f"'{cell}" if cell.startswith(_FORMULA_STARTS) else cell
