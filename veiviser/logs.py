"""Where log lines go and how they look: text for people, or JSON lines for container platforms
(`VEIVISER_LOG_FORMAT=json`, python-json-logger), and the stack's log files rotated by size.

Redaction (`veiviser.privacy.install_log_redaction`) works on the record itself, before any formatter, so
JSON lines are redacted as text lines are.
"""

import logging
import shutil
import sys
from pathlib import Path
from typing import Final, Literal, TextIO

from pythonjsonlogger.json import JsonFormatter

LogFormat = Literal["text", "json"]
TEXT_FORMAT: Final = "%(levelname)s %(name)s: %(message)s"
#: uvicorn sets up these loggers with handlers of its own; in JSON mode they log through ours instead.
SERVER_LOGGERS: Final = ("uvicorn", "uvicorn.error", "uvicorn.access")


def json_formatter() -> logging.Formatter:
    """One JSON object per line: time, level, logger, message (and the exception, when there is one)."""
    return JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s",
                         rename_fields={"asctime": "time", "levelname": "level", "name": "logger"})


def configure_logging(log_format: LogFormat, level: int = logging.INFO, stream: TextIO | None = None) -> None:
    """Root logging in `log_format`, to `stream` (default: JSON to stdout, where container platforms read
    it; text to stderr, as `logging` does); safe to call again (the handler is replaced, not added)."""
    handler = logging.StreamHandler(stream or (sys.stdout if log_format == "json" else sys.stderr))
    handler.setFormatter(json_formatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "veiviser", False)]:
        root.removeHandler(old)
    handler.veiviser = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    if log_format == "json":
        for name in SERVER_LOGGERS:
            server = logging.getLogger(name)
            server.handlers.clear()
            server.propagate = True


def rotate_log(path: Path, max_bytes: int, keep: int) -> bool:
    """Copies a log past `max_bytes` to `<name>.1` (older ones to .2 ... .keep) and empties it in place.

    Copy-and-truncate, not rename: the running service keeps writing to the file it opened, in append mode,
    so after the truncation its next line starts the fresh file. True when it rotated.
    """
    try:
        if path.stat().st_size <= max_bytes:
            return False
    except FileNotFoundError:
        return False
    for generation in range(keep - 1, 0, -1):
        older = path.with_name(f"{path.name}.{generation}")
        if older.exists():
            older.replace(path.with_name(f"{path.name}.{generation + 1}"))
    shutil.copyfile(path, path.with_name(f"{path.name}.1"))
    with path.open("r+b") as log:
        log.truncate(0)
    return True
