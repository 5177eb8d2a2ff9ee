"""Log lines as JSON for container platforms, still redacted; log files rotated by size without losing lines."""

import json
import logging
from pathlib import Path

import pytest

from veiviser.logs import configure_logging, rotate_log
from veiviser.privacy import install_log_redaction


@pytest.fixture
def restore_logging() -> None:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_json_lines_carry_level_logger_and_a_redacted_message(capsys: pytest.CaptureFixture[str],
                                                               restore_logging: None) -> None:
    install_log_redaction()
    configure_logging("json")
    configure_logging("json")  # twice: still one line per record
    logging.getLogger("veiviser.test").warning("user wrote %s and %s", "01019012345", "kari@example.no")
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["level"] == "WARNING" and record["logger"] == "veiviser.test" and "time" in record
    assert "01019012345" not in lines[0] and "kari@example.no" not in lines[0]


def test_a_large_log_is_rotated_and_the_writer_keeps_appending(tmp_path: Path) -> None:
    log = tmp_path / "api.log"
    with log.open("ab") as writer:  # as the stack's services hold their log: opened once, in append mode
        writer.write(b"x" * 2000 + b"\n")
        writer.flush()
        assert not rotate_log(log, max_bytes=5000, keep=2)
        assert rotate_log(log, max_bytes=1000, keep=2)
        writer.write(b"after\n")
        writer.flush()
        assert log.read_bytes() == b"after\n"  # no hole of zeros where the old text was
        assert (tmp_path / "api.log.1").stat().st_size == 2001
        writer.write(b"y" * 2000 + b"\n")
        writer.flush()
        rotate_log(log, max_bytes=1000, keep=2)
        rotate_log(log.with_name("missing.log"), max_bytes=1, keep=2)
    assert (tmp_path / "api.log.2").stat().st_size == 2001 and (tmp_path / "api.log.1").read_bytes().startswith(b"after")
