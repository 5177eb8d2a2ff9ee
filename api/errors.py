"""Bad input gets a clear 4xx, never a 500: oversized bodies, undecodable bytes, invalid JSON."""

import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.schemas import ErrorOut
from veiviser.editorial.drafts import MAX_DRAFT_CHARS

MAX_BODY_BYTES = 16_384
#: The bytes an article file of MAX_DRAFT_CHARS can be once sent as a form: a form percent-encodes each UTF-8
#: byte as three ("и" is "%D0%B8"), and a character has up to four bytes.
MAX_DRAFT_FORM_BYTES = MAX_DRAFT_CHARS * 4 * 3
#: Routes with a larger limit than MAX_BODY_BYTES: the preview and the editor of a whole article file (a
#: Ukrainian file of 10 kB is about 30 kB as a form). A key ending in "/" covers every path under it.
BODY_LIMITS_BY_PATH = {"/admin/preview": MAX_DRAFT_FORM_BYTES, "/admin/articles/": MAX_DRAFT_FORM_BYTES}
#: For `responses=` on routes that take a body: a schema-valid body can still be too large (JSON escapes
#: make 2000 characters up to 24 kB; free-form fields have no length limit).
BODY_TOO_LARGE: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorOut, "description": f"Request body larger than {MAX_BODY_BYTES} bytes"}}


class BodySizeLimit:
    """Refuses request bodies over `MAX_BODY_BYTES` (or the route's own limit in `by_path`) with 413 before
    they are read into memory."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES, by_path: dict[str, int] | None = None) -> None:
        self.app = app
        self.default_limit = limit
        self.by_path = BODY_LIMITS_BY_PATH if by_path is None else by_path

    def _limit(self, path: str) -> int:
        if path in self.by_path:
            return self.by_path[path]
        return next((limit for prefix, limit in self.by_path.items() if prefix.endswith("/")
                     and path.startswith(prefix)), self.default_limit)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope.get("path", ""))
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _too_large(limit, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise _BodyTooLarge
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _BodyTooLarge:
            await _too_large(limit, send)


class _BodyTooLarge(Exception):
    pass


async def _too_large(limit: int, send: Send) -> None:
    body = json.dumps({"detail": f"request body is larger than {limit} bytes"}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


_NOT_JSON = "request body is not valid JSON (it must be UTF-8 encoded JSON)"


async def _validation_error(_: Request, error: RequestValidationError) -> JSONResponse:
    # FastAPI's own shape (a list of problems), with byte-level errors said plainly.
    problems = []
    for item in error.errors():
        item = {k: v for k, v in item.items() if k in ("loc", "msg", "type")}
        if item.get("type") == "json_invalid":
            item["msg"] = _NOT_JSON
        problems.append(item)
    return JSONResponse({"detail": problems}, status_code=422)


async def _http_error(request: Request, error: StarletteHTTPException) -> Response:
    # FastAPI answers a JSON body that is not UTF-8 with a bare, undocumented 400 ("error parsing the body");
    # give it the same 422 as any other body that is not JSON.
    if error.status_code == 400 and isinstance(error.__cause__, UnicodeDecodeError):
        return JSONResponse({"detail": [{"loc": ["body"], "msg": _NOT_JSON, "type": "json_invalid"}]},
                            status_code=422)
    return await http_exception_handler(request, error)


def install_error_handlers(app: FastAPI) -> None:
    app.add_middleware(BodySizeLimit)
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
