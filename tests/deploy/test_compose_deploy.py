"""The images of deploy/ built from a locally made base and both compose profiles really started: a Ukrainian
question through the published port gets the Ukrainian answer, the health endpoints answer, and `down` removes
it all. The scaled profile runs on stand-ins for the PostgreSQL, Redis and nginx images (Debian's packages on
the same base), since no registry can be reached. `make deploy-test` runs this (about 25 minutes the first
time: the images' index and Rasa model are built inside them); plain `make test` skips it.

Figures (image sizes, build time, time from `compose up` to the first answer) go to
test-artifacts/deploy.json and are printed.
"""

import json
import re
import secrets
import time
from pathlib import Path

import httpx
import pytest

from tests.support.containers import (
    Images,
    base_image,
    build_images,
    compose_project,
    ensure_docker,
    image_size_mb,
    rasa_standin,
    service_standins,
)
from veiviser.stack import free_port

pytestmark = pytest.mark.deploy

UKRAINIAN_QUESTION = "Як записатися на перевірку ID у податковій?"
EXPECTED_SLUG = "id-check-and-population-register"


@pytest.fixture(scope="module")
def images() -> Images:
    ensure_docker()
    base = base_image()
    return build_images(base, rasa_standin(base))


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


def _assert_ukrainian_answer(reply: dict) -> None:
    assert reply["language"] == "uk"
    answers = [message for message in reply["messages"] if message["type"] == "answer"]
    assert [answer["article"]["slug"] for answer in answers] == [EXPECTED_SLUG]
    assert answers[0]["article"]["language"] == "uk"
    assert answers[0]["article"]["sources"], "an answer cites its official sources"


def test_embedded_profile_answers_a_ukrainian_question_through_the_published_port(
        images: Images, artifacts: Path) -> None:
    figures: dict[str, float | str] = {
        "app_image_mb": round(image_size_mb(images.app)), "rasa_image_mb": round(image_size_mb(images.rasa)),
        "build_seconds": round(images.build_seconds)}

    started = time.monotonic()
    with compose_project("embedded", images, free_port()) as project:
        reply = _first_answer(project.url, started + 900)
        figures["up_to_first_answer_seconds"] = round(time.monotonic() - started, 1)

        _assert_ukrainian_answer(reply)

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

    _record(artifacts, "embedded", figures)


def test_scaled_profile_answers_through_nginx_from_both_workers_and_both_replicas(
        images: Images, artifacts: Path) -> None:
    standins = service_standins(base_image())
    started = time.monotonic()
    with compose_project("scaled", images, free_port(),
                         {**standins, "VEIVISER_DB_PASSWORD": secrets.token_hex(16)}) as project:
        _assert_ukrainian_answer(_first_answer(project.url, started + 900))
        figures = {"up_to_first_answer_seconds": round(time.monotonic() - started, 1)}
        for number in range(8):  # new conversations, so nginx's round robin spreads them
            response = httpx.post(f"{project.url}/api/chat", json={"message": f"Hvordan får jeg fastlege? {number}"},
                                  timeout=60)
            assert response.status_code == 200 and not response.json()["degraded"], response.text[:300]

        assert httpx.get(f"{project.url}/readyz", timeout=10).json()["status"] == "ok"
        assert project.exit_code("migrate-scaled") == 0
        assert project.published_ports("nginx") == {"8000/tcp": project.port}
        for service in ("api-1", "api-2", "rasa-1", "rasa-2", "actions", "postgres", "redis"):
            assert project.published_ports(service) == {}, service

        # nginx logs `<port> <method> <status> <upstream>`: every worker and every replica served a turn.
        served = re.findall(r"\b(8000|5005) POST 200 ([\d.]+:\d+)", project.logs("nginx", lines=500))
        assert len({upstream for port, upstream in served if port == "8000"}) == 2, served
        assert len({upstream for port, upstream in served if port == "5005"}) == 2, served

        # Conversations and the schema are in PostgreSQL, written by Rasa and migrated once.
        tables = project.compose("exec", "-T", "postgres", "psql", "-U", "veiviser", "-d", "veiviser", "-tA", "-c",
                                 "SELECT count(*) FROM events").stdout.strip()
        assert int(tables) > 0
    _record(artifacts, "scaled", figures)


def _record(artifacts: Path, profile: str, figures: dict[str, float | str]) -> None:
    report = artifacts / "deploy.json"
    recorded = json.loads(report.read_text()) if report.exists() else {}
    recorded[profile] = figures
    report.write_text(json.dumps(recorded, indent=2) + "\n")
    print(f"\ndeploy figures ({profile}):", json.dumps(figures))
