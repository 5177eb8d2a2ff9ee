"""Rasa (its own Python 3.10) finds each stored event's class in a table: the same class as its walk over all
event classes for every name, Rasa's own answer for unknown ones, at a fraction of the cost."""

import json
import os
import subprocess

from veiviser.stack import BOT_DIR, RASA_BIN, RASA_PYTHONPATH

SCRIPT = """
import json, time
import rasa.shared.utils.common
from rasa.shared.core.events import Event
walk = Event.resolve_by_type
names = sorted({c.type_name for c in rasa.shared.utils.common.all_subclasses(Event)})
expected = {n: walk(n) for n in names}
import veiviser_rasa.tracker_store  # what Rasa imports at start-up from bot/endpoints.yml
result = {"installed": Event.resolve_by_type is not walk,
          "same": all(Event.resolve_by_type(n) is expected[n] for n in names), "names": len(names),
          "topic": Event.resolve_by_type("topic"), "default": Event.resolve_by_type("x-new", Event) is Event}
try:
    Event.resolve_by_type("no-such-event")
except ValueError as error:
    result["unknown"] = str(error)
def per_call(resolve):
    started = time.perf_counter()
    for _ in range(3000):
        resolve("slot")
    return (time.perf_counter() - started) / 3000
result["faster"] = per_call(walk) / per_call(Event.resolve_by_type)
print(json.dumps(result))
"""


def test_every_event_name_resolves_to_the_class_rasas_walk_finds() -> None:
    done = subprocess.run([str(RASA_BIN.parent / "python"), "-c", SCRIPT], cwd=BOT_DIR, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "PYTHONPATH": RASA_PYTHONPATH})
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["installed"] and result["same"] and result["names"] > 20
    assert result["topic"] is None and result["default"] and result["unknown"] == "Unknown event name 'no-such-event'."
    assert result["faster"] > 10  # the point of it; a ratio of two timings in one process, not a deadline
