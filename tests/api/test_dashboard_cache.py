"""The dashboard is rebuilt when what it shows changed or it is too old, not on every page load."""

from typing import Any, cast

from api.dashboard_cache import DashboardCache
from veiviser.insight import Dashboard


def test_a_board_is_reused_until_its_key_changes_or_it_ages() -> None:
    built: list[int] = []

    def build() -> Dashboard:
        built.append(1)
        return cast(Any, object())

    cache = DashboardCache(max_age_s=60)
    first = cache.get(("latest question 7",), build)
    assert cache.get(("latest question 7",), build) is first and len(built) == 1
    assert cache.get(("latest question 8",), build) is not first and len(built) == 2
    old = DashboardCache(max_age_s=0)
    old.get("k", build)
    old.get("k", build)
    assert len(built) == 4
