"""The API's interactive documentation (Swagger UI) from our own host.

FastAPI's own /docs loads Swagger UI from a CDN and starts it with an inline script: offline, or under our
Content-Security-Policy (scripts from this host only), the page stays blank. Swagger UI's files come from
the `fastapi-offline` package (kept current with Swagger UI; only its files are used), the start-up script
is ours (`static/docs.js`).
"""

from importlib.resources import files
from pathlib import Path
from typing import Final

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, HTMLResponse

from api.routers.web import WEB_DIR

router = APIRouter(include_in_schema=False)

SWAGGER_FILES: Final = Path(str(files("fastapi_offline") / "static"))
#: name -> (directory, media type) of the files /docs loads.
ASSETS: Final = {
    "swagger-ui-bundle.js": (SWAGGER_FILES, "text/javascript"),
    "swagger-ui.css": (SWAGGER_FILES, "text/css"),
    "docs.js": (WEB_DIR / "static", "text/javascript"),
}
PAGE: Final = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Veiviser API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<main id="swagger-ui"></main>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/docs.js"></script>
</body>
</html>
"""


@router.get("/docs")
async def docs() -> HTMLResponse:
    return HTMLResponse(PAGE)


@router.get("/docs/assets/{name}")
async def docs_asset(name: str) -> FileResponse:
    if name not in ASSETS:
        raise HTTPException(404, f"no documentation file {name!r}")
    directory, media_type = ASSETS[name]
    return FileResponse(directory / name, media_type=media_type, headers={"Cache-Control": "public, max-age=86400"})
