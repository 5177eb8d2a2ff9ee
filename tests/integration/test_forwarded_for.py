"""Who the per-IP rate limit counts: `X-Forwarded-For` is believed only from the proxies in
`VEIVISER_FORWARDED_ALLOW_IPS`, so a client talking to the API directly cannot claim a new address per request."""

import shutil
import sys
from pathlib import Path

import httpx
import pytest

from veiviser.settings import Settings
from veiviser.stack import Service, free_port

pytestmark = pytest.mark.model


def test_a_forged_forwarded_for_from_an_untrusted_peer_does_not_escape_the_limit(settings: Settings,
                                                                                 tmp_path: Path) -> None:
    if settings.index_dir.exists():
        shutil.copytree(settings.index_dir, tmp_path / "index")
    port, closed = free_port(), f"http://127.0.0.1:{free_port()}"
    # Only 10.9.9.9 is a trusted proxy; the test talks from 127.0.0.1, as any direct client would.
    options = settings.model_copy(update={"forwarded_allow_ips": "10.9.9.9"}).uvicorn_options()
    api = Service("api", [sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1",
                          "--port", str(port), *options], f"http://127.0.0.1:{port}/healthz",
                  {"VEIVISER_DATA_DIR": str(tmp_path), "VEIVISER_RASA_URL": closed, "VEIVISER_ACTIONS_URL": closed,
                   "VEIVISER_RATE_LIMIT_PER_IP": "3/minute", "VEIVISER_WATCH_KNOWLEDGE": "false",
                   "HF_HUB_OFFLINE": "1"}, Path(__file__).resolve().parents[2], tmp_path / "api.log")
    api.start()
    try:
        api.wait_healthy()
        statuses = [httpx.get(f"http://127.0.0.1:{port}/api/search", params={"q": "skole"}, timeout=30,
                              headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code for n in range(4)]
    finally:
        api.stop()
    assert statuses == [200, 200, 200, 429]  # one address, whatever the header claims


def test_the_api_server_options_come_from_settings(settings: Settings) -> None:
    options = settings.model_copy(update={"forwarded_allow_ips": "10.0.0.2", "limit_concurrency": 7,
                                          "keep_alive_seconds": 3}).uvicorn_options()
    assert options == ["--forwarded-allow-ips", "10.0.0.2", "--limit-concurrency", "7", "--timeout-keep-alive", "3",
                       "--no-access-log"]
