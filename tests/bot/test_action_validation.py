"""Rasa (its own Python 3.10) still validates every action server reply, with the schema checked only once."""

import json
import os
import subprocess

from veiviser.stack import BOT_DIR, RASA_BIN, RASA_PYTHONPATH

SCRIPT = """
import json
import jsonschema
from rasa.core.actions.action import RemoteAction
import veiviser_rasa.tracker_store  # what Rasa imports at start-up from bot/endpoints.yml
from veiviser_rasa.action_validation import _validate_action_result

action = RemoteAction("action_greet", None)
good = {"events": [{"event": "slot", "name": "language", "value": "uk"}], "responses": [{"text": "Привіт"}]}
bad = {"events": "not a list", "responses": []}
result = {"installed": RemoteAction._validate_action_result is _validate_action_result,
          "good": action._validate_action_result(good)}
try:
    action._validate_action_result(bad)
    result["bad"] = "accepted"
except jsonschema.ValidationError as error:
    result["bad"] = error.message
print(json.dumps(result))
"""


def test_replies_are_still_validated_and_an_invalid_one_is_refused_with_rasas_hint() -> None:
    python = RASA_BIN.parent / "python"
    done = subprocess.run([str(python), "-c", SCRIPT], cwd=BOT_DIR, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": RASA_PYTHONPATH})
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["installed"] and result["good"] is True
    assert "is not of type 'array'" in result["bad"] and "custom-actions" in result["bad"]
