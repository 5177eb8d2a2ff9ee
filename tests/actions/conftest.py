"""Named tracker states (JSON files in trackers/) and the dispatcher and domain the actions receive."""

import json
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from veiviser.retrieval.search import ArticleSearch

TRACKERS = Path(__file__).parent / "trackers"


def load_tracker(name: str) -> Tracker:
    state = json.loads((TRACKERS / f"{name}.json").read_text(encoding="utf-8"))
    return Tracker.from_dict(state)


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture
def domain() -> dict[str, Any]:
    return {}


@pytest.fixture(autouse=True)
def _search_loaded(real_search: ArticleSearch) -> None:
    """The actions' lazily built search, loaded once per run (the real model and index)."""
