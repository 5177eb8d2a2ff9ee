"""The API serves Rasa's action endpoint itself, on a loopback port, with the search it answers from."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

import actions.retrieval
from api.main import create_app
from api.state import AppState
from veiviser.settings import Settings
from veiviser.stack import free_port

TRACKERS = Path(__file__).parents[1] / "actions" / "trackers"


@pytest.fixture
def served(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[AppState, int]]:
    monkeypatch.setattr(actions.retrieval, "_live", actions.retrieval._live)  # restored after the test
    port = free_port()
    app = create_app(settings.model_copy(update={
        "rasa_url": "http://127.0.0.1:9", "serve_actions_port": port, "watch_knowledge": False}))
    with TestClient(app) as client:
        yield client.app.state.veiviser, port  # type: ignore[attr-defined]


def _call(port: int, action: str, tracker: str) -> httpx.Response:
    state: dict[str, Any] = json.loads((TRACKERS / f"{tracker}.json").read_text(encoding="utf-8"))
    body = {"next_action": action, "sender_id": state["sender_id"], "tracker": state, "domain": {},
            "version": "3.6.21"}
    return httpx.post(f"http://127.0.0.1:{port}/webhook", json=body, timeout=60)


def test_the_actions_answer_from_the_apis_own_search(served: tuple[AppState, int]) -> None:
    state, port = served
    response = _call(port, "action_answer_question", "english_training_question_status_unknown")
    assert response.status_code == 200, response.text
    cards = [r["custom"] for r in response.json()["responses"] if (r.get("custom") or {}).get("article")]
    assert cards and cards[0]["article"]["slug"] == "norwegian-training-right-and-duty"
    # one model and one index in memory: the actions hold the API's live search, not a copy
    assert actions.retrieval.get_search() is state.live.current


def test_an_unknown_action_gets_rasa_sdks_404(served: tuple[AppState, int]) -> None:
    _, port = served
    response = _call(port, "action_that_does_not_exist", "greeting_in_ukrainian")
    assert response.status_code == 404
    assert response.json()["action_name"] == "action_that_does_not_exist"


def test_the_action_endpoint_listens_on_loopback_only(served: tuple[AppState, int]) -> None:
    _, port = served
    assert httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).json() == {"status": "ok"}
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://{_outside_address()}:{port}/health", timeout=5)


def test_the_action_endpoint_listens_where_it_is_told_for_rasa_in_another_container(
        settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """compose: Rasa calls http://api:5055 over compose's own network (VEIVISER_SERVE_ACTIONS_HOST=0.0.0.0)."""
    monkeypatch.setattr(actions.retrieval, "_live", actions.retrieval._live)
    port, address = free_port(), _outside_address()
    app = create_app(settings.model_copy(update={
        "rasa_url": "http://127.0.0.1:9", "serve_actions_port": port, "serve_actions_host": address,
        "watch_knowledge": False}))
    with TestClient(app):
        assert httpx.get(f"http://{address}:{port}/health", timeout=5).json() == {"status": "ok"}
        with pytest.raises(httpx.ConnectError):  # that address only, not loopback as well
            httpx.get(f"http://127.0.0.1:{port}/health", timeout=5)


def _outside_address() -> str:
    """This machine's address on its network (not loopback), where the public API would be reached."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: no packet is sent for a UDP connect
        address = str(probe.getsockname()[0])
    if address.startswith("127."):
        pytest.skip("no network address besides loopback")
    return address
