"""Schemathesis against our OpenAPI schema, in-process: no 5xx, and every response as the schema declares it.

Rasa is not running here (its URL is a closed loopback port), so the chat routes take their "dialogue
service down" path. The admin area is kept out of the public schema; it is fuzzed from a schema built from
its own routes, with and without the token.

Bounded (a few dozen examples per operation, derandomized, no deadline) so it finishes in a minute or two;
a tally of operations, examples and status codes is written to `test-artifacts/schemathesis-summary.txt`.
"""

import copy
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.openapi.utils import get_openapi
from hypothesis import HealthCheck, settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.main import create_app
from api.routers import admin as admin_routes
from veiviser.languages import SUPPORTED_LANGUAGES
from veiviser.settings import Settings, get_settings
from veiviser.stack import free_port

pytestmark = pytest.mark.model

TOKEN = "fuzz-editor-token"
SUMMARY = Path(__file__).resolve().parents[2] / "test-artifacts" / "schemathesis-summary.txt"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
FUZZ = hypothesis_settings(max_examples=25, derandomize=True, deadline=None, database=None,
                           suppress_health_check=list(HealthCheck))
#: (operation, status code) -> responses seen; written out as the run's summary.
TALLY: Counter[tuple[str, int]] = Counter()


def _admin_openapi() -> dict[str, Any]:
    """The admin routes are `include_in_schema=False`; describe copies of them so schemathesis can generate input."""
    routes = []
    for route in admin_routes.router.routes:
        route = copy.copy(route)
        route.include_in_schema = True
        routes.append(route)
    document = get_openapi(title="Veiviser admin", version="fuzz", routes=routes)
    # Mostly real language codes, so drafts get past the language check and into the preview.
    form = document["components"]["schemas"]["Body_preview_draft_admin_preview_post"]
    form["properties"]["language"]["enum"] = list(SUPPORTED_LANGUAGES)
    return document


# Schemathesis's pytest integration needs the schemas when the module is collected; with the fixture-based
# loader it breaks on pytest 9 (it sets `Node._nodeid`). Building the app is cheap: the model and index load
# in its lifespan, which schemathesis starts on the first request, so only when these tests run.
APP = create_app(get_settings())
public = schemathesis.openapi.from_dict(APP.openapi())
public.app = APP
admin = schemathesis.openapi.from_dict(_admin_openapi())
admin.app = APP


@pytest.fixture(scope="module", autouse=True)
def fuzz_settings(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    data = tmp_path_factory.mktemp("fuzz")
    closed = f"http://127.0.0.1:{free_port()}"  # nothing listens there: Rasa and the action server are down
    # Read by the lifespan, which has not run yet. Rate limits lifted: every generated request comes from one
    # address, and 429s would stop the input from reaching the routes.
    APP.state.settings = settings.model_copy(update={
        "rasa_url": closed, "actions_url": closed, "admin_token": TOKEN,
        "database_url": f"sqlite:///{data / 'veiviser.db'}", "tracker_db_url": f"sqlite:///{data / 'tracker.db'}",
        "rate_limit_per_ip": "1000000/minute", "rate_limit_per_session": "1000000/minute"})
    yield
    # Schemathesis keeps a started lifespan for the rest of the process; end it with this module.
    shutdown_lifespans()
    _write_summary(SUMMARY)


@public.parametrize()
@FUZZ
def test_public_api_answers_every_request_as_its_schema_says(case: schemathesis.Case) -> None:
    response = case.call()
    TALLY[(case.operation.label, response.status_code)] += 1
    case.validate_response(response, checks=CHECKS)


@admin.parametrize()
@FUZZ
def test_admin_area_never_fails_and_needs_the_token(case: schemathesis.Case) -> None:
    # Its statuses are undocumented (401, the login's 303), so the schema checks do not apply; "no 5xx" does.
    anonymous = case.call()
    TALLY[(f"{case.operation.label} (no token)", anonymous.status_code)] += 1
    case.validate_response(anonymous, checks=[not_a_server_error])
    # Refused one way or another (401, or 4xx for input refused before the token is looked at), never served.
    assert not 200 <= anonymous.status_code < 400, anonymous.text[:200]
    editor = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
    TALLY[(f"{case.operation.label} (token)", editor.status_code)] += 1
    case.validate_response(editor, checks=[not_a_server_error])


def test_every_operation_with_a_body_documents_the_size_limit() -> None:
    # Found by fuzzing: 2000 astral characters, JSON-escaped, are a schema-valid chat message of ~24 kB.
    undocumented = [f"{method.upper()} {path}" for path, item in APP.openapi()["paths"].items()
                    for method, operation in item.items() if "requestBody" in operation
                    and "413" not in operation["responses"]]
    assert undocumented == []


def _write_summary(path: Path) -> None:
    operations = sorted({operation for operation, _ in TALLY})
    lines = [f"{len(operations)} operations, {sum(TALLY.values())} requests"]
    for operation in operations:
        codes = {code: n for (label, code), n in sorted(TALLY.items()) if label == operation}
        lines.append(f"{operation}: {sum(codes.values())} requests, by status {codes}")
    path.parent.mkdir(exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
