"""The CI version of `make load`: 16 simulated users for 30 s against the real stack (benchmarks/load.py).

The 5-minute run (`make load`) judges memory flatness; 30 s is mostly warm-up, so here growth is only bounded.
"""

from pathlib import Path

import pytest

from benchmarks.load import LoadOptions, render, run_load, write_report

pytestmark = [pytest.mark.rasa, pytest.mark.model]

#: 16 users with 0.5-2 s think time send about 250 messages in 30 s; far fewer means the stack stalled.
MIN_CHAT_REQUESTS = 100
#: Growth allowed per service in the short run (caches still filling); a leak per request shows far above it.
MAX_SHORT_RUN_GROWTH_MB = 100.0


@pytest.mark.timeout(300)
def test_sixteen_users_for_thirty_seconds(artifacts: Path) -> None:
    options = LoadOptions(sessions=16, duration_seconds=30, json_path=artifacts / "load-30s.json")
    report = run_load(options)
    write_report(report, options.json_path)
    print(render(report))

    http, feedback = report["http"], report["feedback"]
    assert http["5xx"] == 0 and http["transport_errors"] == 0, report["errors"]
    assert report["chat_ms"]["n"] >= MIN_CHAT_REQUESTS
    assert report["bare_rasa_ms"]["n"] > 0
    assert feedback["given"] > 0
    assert feedback["lost"] == 0 and feedback["unexpected"] == 0, feedback
    for name, trend in report["memory"]["services"].items():
        assert trend["growth_mb"] < MAX_SHORT_RUN_GROWTH_MB, (name, trend)
