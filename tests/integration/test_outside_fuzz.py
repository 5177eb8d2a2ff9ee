"""Schemathesis from outside, as an attacker or a careless client would use it: its command line against a
running API process, every default check on (`--checks all`), at least 1,000 generated requests, no 5xx.

Rasa is not started (its URL is a closed port), so the chat routes take the degraded path; the in-process
fuzz test (`tests/api/test_openapi_fuzz.py`) also covers the admin area.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from veiviser.settings import Settings
from veiviser.stack import Service, free_port

pytestmark = pytest.mark.model

#: Examples per operation and phase; with 7 operations this is about 1,250 requests in under a minute.
MAX_EXAMPLES = 200
MIN_GENERATED = 1000
SUMMARY = Path(__file__).resolve().parents[2] / "test-artifacts" / "schemathesis-outside.txt"


def test_schemathesis_with_every_default_check_finds_nothing_in_over_a_thousand_requests(
        settings: Settings, tmp_path: Path) -> None:
    if settings.index_dir.exists():  # the saved index: the API starts in seconds instead of building one
        shutil.copytree(settings.index_dir, tmp_path / "index")
    port, closed = free_port(), f"http://127.0.0.1:{free_port()}"
    api = Service("api", [sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(port),
                          "--no-access-log"], f"http://127.0.0.1:{port}/healthz",
                  {"VEIVISER_DATA_DIR": str(tmp_path), "VEIVISER_RASA_URL": closed, "VEIVISER_ACTIONS_URL": closed,
                   "VEIVISER_RATE_LIMIT_PER_IP": "1000000/minute", "VEIVISER_RATE_LIMIT_PER_SESSION": "1000000/minute",
                   "VEIVISER_WATCH_KNOWLEDGE": "false", "HF_HUB_OFFLINE": "1"},
                  Path(__file__).resolve().parents[2], tmp_path / "api.log")
    api.start()
    try:
        api.wait_healthy()
        st = Path(sys.executable).with_name("st")
        run = subprocess.run([str(st), "run", f"http://127.0.0.1:{port}/openapi.json", "--checks", "all",
                              "--max-examples", str(MAX_EXAMPLES), "--seed", "1", "--no-color"],
                             capture_output=True, text=True, timeout=900, env={**os.environ, "NO_COLOR": "1"})
    finally:
        api.stop()
    SUMMARY.parent.mkdir(exist_ok=True)
    SUMMARY.write_text(run.stdout[-4000:], encoding="utf-8")
    assert run.returncode == 0, run.stdout[-4000:]
    generated = re.search(r"(\d+) generated", run.stdout)
    assert generated is not None and int(generated.group(1)) >= MIN_GENERATED, run.stdout[-2000:]
    assert "Server error" not in run.stdout
