"""The images of deploy/ built from a locally made base and compose's embedded profile really started: a
Ukrainian question through the published port gets the Ukrainian answer, the health endpoints answer, and
`down` removes it all. `make deploy-test` runs this (about 20 minutes the first time: the images' index and
Rasa model are built inside them); plain `make test` skips it.

Figures (image sizes, build time, time from `compose up` to the first answer) go to
test-artifacts/deploy.json and are printed.
"""

import json
import time
from pathlib import Path

import httpx
import pytest

from tests.support.containers import (
    base_image,
    build_images,
    compose_project,
    ensure_docker,
    image_size_mb,
    rasa_standin,
)
from veiviser.stack import free_port

pytestmark = pytest.mark.deploy

UKRAINIAN_QUESTION = "Як записатися на перевірку ID у податковій?"
EXPECTED_SLUG = "id-check-and-population-register"


def _first_answer(url: str, deadline: float) -> dict:
    """Asks until the chat answers through Rasa (not the degraded retrieval-only reply) or time runs out."""
    last = ""
    while time.monotonic() < deadline:
        try:
            response = httpx.post(f"{url}/api/chat", json={"message": UKRAINIAN_QUESTION}, timeout=30)
            if response.status_code == 200 and not response.json().get("degraded"):
                return response.json()
            last = f"{response.status_code} {response.text[:300]}"
        except httpx.TransportError as error:
            last = repr(error)
        time.sleep(2)
    raise AssertionError(f"no answer through Rasa before the deadline; last: {last}")


def test_embedded_profile_answers_a_ukrainian_question_through_the_published_port(artifacts: Path) -> None:
    ensure_docker()
    base = base_image()
    images = build_images(base, rasa_standin(base))
    figures: dict[str, float | str] = {
        "app_image_mb": round(image_size_mb(images.app)), "rasa_image_mb": round(image_size_mb(images.rasa)),
        "build_seconds": round(images.build_seconds)}

    started = time.monotonic()
    with compose_project("embedded", images, free_port()) as project:
        reply = _first_answer(project.url, started + 900)
        figures["up_to_first_answer_seconds"] = round(time.monotonic() - started, 1)

        assert reply["language"] == "uk"
        answers = [message for message in reply["messages"] if message["type"] == "answer"]
        assert [answer["article"]["slug"] for answer in answers] == [EXPECTED_SLUG]
        assert answers[0]["article"]["language"] == "uk"
        assert answers[0]["article"]["sources"], "an answer cites its official sources"

        assert httpx.get(f"{project.url}/healthz", timeout=10).json() == {"status": "ok"}
        ready = httpx.get(f"{project.url}/readyz", timeout=10).json()
        assert ready["status"] == "ok", ready
        for service in ("api", "rasa"):
            project.wait_healthy(service, timeout_seconds=120)  # docker's own health checks pass too
        assert project.exit_code("migrate") == 0  # `veiviser db upgrade` ran once before the API started

        # Only the API's port is published; the action endpoint is on compose's own network.
        assert project.published_ports("api") == {"8000/tcp": project.port}
        assert project.published_ports("rasa") == {}

        # The SQLite files are in the `data` volume, written by both containers.
        files = project.compose("exec", "-T", "api", "ls", "/data").stdout.split()
        assert {"veiviser.db", "tracker.db", "index"} <= set(files), files

    (artifacts / "deploy.json").write_text(json.dumps(figures, indent=2) + "\n")
    print("\ndeploy figures:", json.dumps(figures))
