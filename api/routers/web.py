"""The full-page chat at `/`, the widget script and its styles, the embedding demo and the UI strings."""

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from api.schemas import ErrorOut
from api.web.admin_locale import current_admin_language, template_gettext
from api.web.assets import asset_url, cache_control
from api.web.locale import COOKIE, page_language
from api.web.ui_strings import ui_strings
from veiviser.languages import SUPPORTED_LANGUAGES, is_supported

WEB_DIR = Path(__file__).resolve().parents[1] / "web"
templates = Jinja2Templates(directory=WEB_DIR / "templates")
templates.env.globals["asset"] = asset_url
templates.env.globals["_"] = template_gettext  # the editors' area's strings (nb or en)
templates.env.globals["admin_lang"] = current_admin_language
router = APIRouter(tags=["web"])
_STATIC = {"widget.js": "text/javascript", "widget.css": "text/css", "page.css": "text/css",
           "admin.css": "text/css", "admin-edit.js": "text/javascript", "favicon.ico": "image/png"}
#: Names served from a file of another name: browsers ask for /favicon.ico whatever the page says, and a PNG
#: there is understood by all of them.
_FILES = {"favicon.ico": "favicon.png"}


def _page(request: Request, template: str) -> HTMLResponse:
    language = page_language(request)
    response = templates.TemplateResponse(request, template, {"ui": ui_strings(language)})
    response.headers["Content-Language"] = language
    if request.query_params.get("lang") == language:
        response.set_cookie(COOKIE, language, max_age=365 * 24 * 3600, samesite="lax")
    return response


# HEAD too: uptime monitors check the page with HEAD, and a 405 reads as "down".
@router.head("/", include_in_schema=False)
@router.get("/", response_class=HTMLResponse, summary="The full-page chat", include_in_schema=False)
async def chat_page(request: Request) -> HTMLResponse:
    return _page(request, "index.html")


@router.get("/embed-demo", response_class=HTMLResponse, summary="The widget on a mock reception-centre page",
            include_in_schema=False)
async def embed_demo(request: Request) -> HTMLResponse:
    return _page(request, "embed-demo.html")


@router.get("/{name}", include_in_schema=False)
async def static_file(name: str, v: str | None = None) -> Response:
    if name not in _STATIC:
        raise HTTPException(404, f"no page {name!r}")
    # A year for the current version's URL; minutes without it (embedding sites load plain /widget.js).
    return FileResponse(WEB_DIR / "static" / _FILES.get(name, name), media_type=_STATIC[name],
                        headers={"Cache-Control": cache_control(v)})


@router.get("/api/ui", summary="The page's and widget's strings in one language, and the language list",
            responses={422: {"model": ErrorOut, "description": "Unknown language code"}})
async def ui(lang: Annotated[str, Query(description="Language code",
                                         json_schema_extra={"enum": list(SUPPORTED_LANGUAGES)})] = "en") -> dict[str, object]:
    if not is_supported(lang):
        raise HTTPException(422, f"unsupported language {lang!r}; use one of {', '.join(SUPPORTED_LANGUAGES)}")
    return ui_strings(lang)
