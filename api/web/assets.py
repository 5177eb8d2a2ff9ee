"""Versioned URLs for the static files: `/page.css?v=<hash of every static file>`.

A URL with the current version never changes meaning, so browsers may keep it for a year without asking
again; a new release has a new version and so new URLs. The widget script embedding sites load as plain
`/widget.js` keeps a short lifetime (they pick up a fixed widget within minutes), and passes its own version
on to the stylesheet it loads. One version for all files (rather than one per file) keeps the widget's two
files in step.
"""

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Final

STATIC_DIR: Final = Path(__file__).resolve().parent / "static"
#: For a URL with the current version: a year, and no revalidation (Lighthouse's "efficient cache policy").
LONG_CACHE: Final = "public, max-age=31536000, immutable"
#: Without a version, or with an old one: the file may change under the same URL.
SHORT_CACHE: Final = "public, max-age=300"


@lru_cache(maxsize=1)
def asset_version() -> str:
    """12 hex digits of a SHA-256 over the static files' names and contents (read once per process)."""
    digest = hashlib.sha256()
    for path in sorted(STATIC_DIR.iterdir()):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def asset_url(name: str) -> str:
    """The versioned URL of a static file: `asset_url("page.css")` -> '/page.css?v=3f2a...'."""
    return f"/{name}?v={asset_version()}"


def cache_control(version: str | None) -> str:
    return LONG_CACHE if version == asset_version() else SHORT_CACHE
