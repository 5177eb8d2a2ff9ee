"""`veiviser run` (what `make run` starts): serves, prints its URL, and stops everything on SIGTERM."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from veiviser.settings import REPO_ROOT
from veiviser.stack import Service, free_port, start_and_wait

pytestmark = pytest.mark.rasa


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def test_run_serves_then_stops_all_services_on_sigterm(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "VEIVISER_PORT": str(port), "VEIVISER_RASA_PORT": str(free_port()),
           "VEIVISER_ACTIONS_PORT": str(free_port())}
    launcher = subprocess.Popen([str(Path(sys.executable).parent / "veiviser"), "run"], cwd=REPO_ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert launcher.stdout is not None
        line = launcher.stdout.readline()  # blocks until everything is up (or the launcher fails)
        assert f"http://127.0.0.1:{port}" in line
        services = _children(launcher.pid)
        assert len(services) == 2  # Rasa, and the API, which serves the actions too (one model in memory)
        assert httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=10).json()["status"] == "ok"
        assert httpx.get(f"http://127.0.0.1:{env['VEIVISER_ACTIONS_PORT']}/health", timeout=10).status_code == 200
        launcher.send_signal(signal.SIGTERM)
        assert launcher.wait(timeout=60) == 0
        time.sleep(0.5)
        assert [pid for pid in services if Path(f"/proc/{pid}").exists()
                and "zombie" not in Path(f"/proc/{pid}/status").read_text()] == []
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
    finally:
        if launcher.poll() is None:
            launcher.kill()


def _web_server(tmp_path: Path, says: str) -> Service:
    """A stand-in service: prints `says` to its log, then answers HTTP on a free port."""
    port = free_port()
    code = (f"print({says!r}, flush=True)\n"
            "import http.server, functools\n"
            f"http.server.HTTPServer(('127.0.0.1', {port}), http.server.SimpleHTTPRequestHandler).serve_forever()")
    return Service("rasa", [sys.executable, "-c", code], f"http://127.0.0.1:{port}/", {}, tmp_path,
                   tmp_path / "logs" / "rasa.log")


def test_rasa_up_but_without_its_tracker_database_is_refused(tmp_path: Path) -> None:
    fallback = _web_server(tmp_path, "UserWarning: Tracker store with type 'veiviser_rasa.tracker_store."
                                     "RedactingSQLTrackerStore' not found. Using `InMemoryTrackerStore` instead.")
    try:
        with pytest.raises(RuntimeError, match="keeps conversations in memory"):
            start_and_wait([fallback], time.monotonic() + 30, tmp_path)
    finally:
        fallback.stop()


def test_an_earlier_runs_fallback_in_the_same_log_does_not_count(tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "rasa.log").write_text("Using `InMemoryTrackerStore` instead.\n")
    healthy = _web_server(tmp_path, "Rasa server is up and running.")
    try:
        start_and_wait([healthy], time.monotonic() + 30, tmp_path)
    finally:
        healthy.stop()
