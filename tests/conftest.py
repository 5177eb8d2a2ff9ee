"""Shared fixtures. Real-model fixtures are session-scoped: the model and index load once per run."""

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
# Tests edit knowledge only in their own temporary folders, with a watcher they start themselves.
os.environ.setdefault("VEIVISER_WATCH_KNOWLEDGE", "false")
# Every request in a test run comes from one address; tests/api/test_rate_limit.py sets its own limits.
os.environ.setdefault("VEIVISER_RATE_LIMIT_PER_IP", "1000000/minute")
os.environ.setdefault("VEIVISER_RATE_LIMIT_PER_SESSION", "1000000/minute")
# Feedback, insight and the retention job work on this run's own databases, never on the developer's var/.
_RUN_DATA = Path(tempfile.mkdtemp(prefix="veiviser-tests-"))
os.environ.setdefault("VEIVISER_DATABASE_URL", f"sqlite:///{_RUN_DATA / 'veiviser.db'}")
os.environ.setdefault("VEIVISER_TRACKER_DB_URL", f"sqlite:///{_RUN_DATA / 'tracker.db'}")

from veiviser.knowledge.loader import KnowledgeBase, load_knowledge  # noqa: E402
from veiviser.retrieval.search import ArticleSearch  # noqa: E402
from veiviser.settings import Settings, get_settings  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return get_settings()


@pytest.fixture(scope="session")
def knowledge(settings: Settings) -> KnowledgeBase:
    kb, problems = load_knowledge(settings.knowledge_dir)
    assert not [p for p in problems if p.severity == "error"], "the repository's knowledge files must validate"
    return kb


@pytest.fixture(scope="session")
def real_search(settings: Settings) -> Iterator[ArticleSearch]:
    """The real model and the real index over the real knowledge base (built by `make setup`)."""
    from actions.retrieval import get_search

    search = get_search()  # the same singleton the actions use, so it loads once per test run
    search.warm_up()
    yield search


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The deploy tests build images for about 25 minutes: `make deploy-test` runs them
    (VEIVISER_DEPLOY_TEST=1), before every release; `make test` (and CI) skip them."""
    if os.environ.get("VEIVISER_DEPLOY_TEST") == "1":
        return
    skip = pytest.mark.skip(reason="builds container images: run `make deploy-test`")
    for item in items:
        if item.get_closest_marker("deploy"):
            item.add_marker(skip)
