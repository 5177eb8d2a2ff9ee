"""The real Rasa server and the real action server, started once for the integration tests."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from veiviser.settings import Settings
from veiviser.stack import Stack, free_port


@pytest.fixture(scope="session")
def rasa_stack(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    tracker_db = Path(tmp_path_factory.mktemp("rasa")) / "tracker.db"
    stack = Stack(settings, rasa_port=free_port(), actions_port=free_port(), api_port=None, tracker_db=tracker_db)
    stack.start()
    yield stack
    stack.stop()


@pytest.fixture(scope="session")
def chat_client(settings: Settings, rasa_stack: Stack) -> Iterator[TestClient]:
    app = create_app(settings.model_copy(update={"rasa_url": rasa_stack.rasa_url}))
    with TestClient(app) as client:
        yield client
