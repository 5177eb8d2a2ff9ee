"""The API in-process with the real knowledge, model and index. Rasa is a stub here unless a test starts it."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.state import AppState
from veiviser.retrieval.search import ArticleSearch
from veiviser.settings import Settings


@pytest.fixture(scope="session")
def api_client(settings: Settings, real_search: ArticleSearch) -> Iterator[TestClient]:
    # Nothing listens on port 9: Rasa and the action server are down here, so chat answers from retrieval
    # (degraded); chat tests that need Rasa use the integration tests' real server.
    app = create_app(settings.model_copy(update={
        "rasa_url": "http://127.0.0.1:9", "actions_url": "http://127.0.0.1:9"}))
    with TestClient(app) as client:
        yield client


@pytest.fixture
def state(api_client: TestClient) -> AppState:
    return api_client.app.state.veiviser  # type: ignore[attr-defined]
