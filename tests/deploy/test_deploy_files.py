"""deploy/ read as files (CI; `make deploy-test` starts them for real): compose's profiles, health checks,
restart policies and volumes, no secret in the file, every variable a setting or documented, the public base
images as defaults, and the Rasa image's pins equal to the lock."""

import re
from pathlib import Path

import pytest
import yaml

from veiviser.settings import REPO_ROOT, Settings

DEPLOY = REPO_ROOT / "deploy"
COMPOSE = yaml.safe_load((DEPLOY / "compose.yml").read_text(encoding="utf-8"))
SERVICES: dict[str, dict] = COMPOSE["services"]
ONE_SHOT = {"migrate", "migrate-scaled"}
SECRET_WORDS = re.compile(r"PASSWORD|TOKEN|SECRET", re.IGNORECASE)


def _profile(name: str) -> dict[str, dict]:
    return {service: spec for service, spec in SERVICES.items() if name in spec.get("profiles", [])}


def _environment(spec: dict) -> dict[str, str]:
    return {key: str(value) for key, value in (spec.get("environment") or {}).items()}


def test_every_service_belongs_to_a_profile() -> None:
    assert {service for service, spec in SERVICES.items() if not spec.get("profiles")} == set()
    assert set(_profile("embedded")) == {"migrate", "api", "rasa"}
    assert set(_profile("scaled")) == {"postgres", "redis", "migrate-scaled", "actions", "rasa-1", "rasa-2",
                                       "api-1", "api-2", "nginx"}


@pytest.mark.parametrize("service", sorted(set(SERVICES) - ONE_SHOT))
def test_long_running_services_have_a_health_check_and_a_restart_policy(service: str) -> None:
    spec = SERVICES[service]
    assert spec["healthcheck"]["test"][0] == "CMD"
    assert spec["restart"] == "unless-stopped"


def test_migrations_run_once_before_the_workers_that_use_the_database() -> None:
    for migrate in ONE_SHOT:
        assert SERVICES[migrate]["command"] == ["veiviser", "db", "upgrade"]
        assert SERVICES[migrate]["restart"] == "no"
    assert SERVICES["api"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    for worker in ("actions", "api-1", "api-2"):
        assert SERVICES[worker]["depends_on"]["migrate-scaled"]["condition"] == "service_completed_successfully"


def test_data_and_knowledge_live_in_volumes() -> None:
    assert {"data", "knowledge", "postgres"} <= set(COMPOSE["volumes"])
    assert "data:/data" in SERVICES["api"]["volumes"] and "data:/data" in SERVICES["rasa"]["volumes"]
    for service in ("api", "api-1", "api-2", "actions"):
        assert "knowledge:/srv/veiviser/knowledge" in SERVICES[service]["volumes"], service


def test_no_secret_is_written_in_the_file() -> None:
    for service, spec in SERVICES.items():
        for key, value in _environment(spec).items():
            if SECRET_WORDS.search(key):
                assert re.fullmatch(r"\$\{[A-Z_]+(:[?-][^}]*)?\}", value), f"{service}: {key} is written out"
            for password in re.findall(r"://[^:/@]+:([^@]*)@", value):
                assert password.startswith("${"), f"{service}: {key} has a password in its URL"


def test_only_the_entry_point_is_published_and_only_on_loopback_by_default() -> None:
    published = {service: spec["ports"] for service, spec in SERVICES.items() if spec.get("ports")}
    assert published == {"api": ["${VEIVISER_BIND:-127.0.0.1}:${VEIVISER_PUBLISH_PORT:-8000}:8000"],
                         "nginx": ["${VEIVISER_BIND:-127.0.0.1}:${VEIVISER_PUBLISH_PORT:-8000}:8000"]}


def _settings_variables() -> set[str]:
    return {f"VEIVISER_{name.upper()}" for name in Settings.model_fields}


def test_every_veiviser_variable_set_in_compose_is_a_setting_or_read_by_rasa() -> None:
    endpoints = "".join((REPO_ROOT / "bot" / name).read_text(encoding="utf-8")
                        for name in ("endpoints.yml", "endpoints-scaleout.yml"))
    rasa_variables = set(re.findall(r"\$\{(VEIVISER_[A-Z_]+)\}", endpoints))
    known = _settings_variables() | rasa_variables
    for service, spec in SERVICES.items():
        unknown = {key for key in _environment(spec) if key.startswith("VEIVISER_")} - known
        assert not unknown, f"{service} sets {unknown}, which nothing reads"


@pytest.mark.parametrize(("service", "endpoints"), [("rasa", "endpoints.yml"), ("rasa-1", "endpoints-scaleout.yml"),
                                                    ("rasa-2", "endpoints-scaleout.yml")])
def test_rasa_gets_every_variable_its_endpoints_file_reads(service: str, endpoints: str) -> None:
    needed = set(re.findall(r"\$\{([A-Z_]+)\}", (REPO_ROOT / "bot" / endpoints).read_text(encoding="utf-8")))
    assert needed <= set(_environment(SERVICES[service])), needed - set(_environment(SERVICES[service]))
    command = SERVICES[service].get("command") or []
    assert endpoints in command or (endpoints == "endpoints.yml" and not command)


def test_base_images_are_build_arguments_with_the_public_defaults() -> None:
    app = (DEPLOY / "app.Dockerfile").read_text(encoding="utf-8")
    rasa = (DEPLOY / "rasa.Dockerfile").read_text(encoding="utf-8")
    assert "ARG BASE_IMAGE=python:3.11-slim" in app and "FROM ${BASE_IMAGE}" in app
    assert "ARG RASA_IMAGE=rasa/rasa:3.6.21" in rasa and "FROM ${RASA_IMAGE}" in rasa
    assert "${BASE_IMAGE:-python:3.11-slim}" in (DEPLOY / "compose.yml").read_text(encoding="utf-8")
    assert "${RASA_IMAGE:-rasa/rasa:3.6.21}" in (DEPLOY / "compose.yml").read_text(encoding="utf-8")


def _lock_entries(text: str) -> dict[str, str]:
    """Package name -> its locked entry: the version line and its hash lines."""
    entries: dict[str, list[str]] = {}
    name = None
    for line in text.splitlines():
        if match := re.match(r"([a-z0-9._-]+)==", line):
            name = match[1]
            entries[name] = [line]
        elif name and line.startswith("    --hash="):
            entries[name].append(line)
        else:
            name = None
    return {name: "\n".join(lines) for name, lines in entries.items()}


def test_the_rasa_images_socketio_pins_are_the_locked_ones() -> None:
    pinned = _lock_entries((DEPLOY / "rasa-channel.txt").read_text(encoding="utf-8"))
    locked = _lock_entries((REPO_ROOT / "requirements" / "rasa.txt").read_text(encoding="utf-8"))
    assert set(pinned) == {"python-engineio", "python-socketio"}
    for name, entry in pinned.items():
        assert entry == locked[name]


def _copied_sources(dockerfile: Path) -> list[str]:
    sources = []
    for line in dockerfile.read_text(encoding="utf-8").splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            sources += [part for part in line.split()[1:-1] if not part.startswith("--")]
    return sources


@pytest.mark.parametrize("dockerfile", ["app.Dockerfile", "rasa.Dockerfile"])
def test_everything_the_images_copy_exists_and_is_let_through_dockerignore(dockerfile: str) -> None:
    allowed = [line[1:].rstrip("/") for line in (REPO_ROOT / ".dockerignore").read_text().splitlines()
               if line.startswith("!")]
    for source in _copied_sources(DEPLOY / dockerfile):
        assert (REPO_ROOT / source).exists(), source
        assert any(source.rstrip("/") == entry or source.startswith(entry + "/") for entry in allowed), source


def test_the_scale_out_harness_and_compose_share_nginx_s_server_blocks() -> None:
    from tests.support.scaleout import nginx_config

    harness = nginx_config(Path("/run"), Path("/logs"), 80, [8001], 81, [5005])
    compose_nginx = (DEPLOY / "nginx" / "nginx.conf").read_text(encoding="utf-8")
    for shared in ("veiviser-entry.conf", "veiviser-rasa.conf"):
        assert f"deploy/nginx/{shared};" in harness
        assert f"include /etc/nginx/{shared};" in compose_nginx
        assert f"./nginx/{shared}:/etc/nginx/{shared}:ro" in SERVICES["nginx"]["volumes"]


def test_every_process_of_the_app_image_gets_the_secrets_it_checks_at_start() -> None:
    """The app image listens on 0.0.0.0, so its settings refuse the default admin token in every process,
    `veiviser db upgrade` included (a migrate service without them exited 1)."""
    app_services = [service for service, spec in SERVICES.items() if "app.Dockerfile" in str(spec.get("build"))]
    assert len(app_services) == 6
    for service in app_services:
        environment = _environment(SERVICES[service])
        assert {"VEIVISER_ADMIN_TOKEN", "VEIVISER_SESSION_SECRET"} <= set(environment), service


def test_the_app_image_s_lock_has_the_drivers_the_scaled_profile_uses() -> None:
    """The image installs requirements/run.txt; psycopg was once only in the test lock, and the scaled profile's
    `veiviser db upgrade` failed with "No module named 'psycopg'"."""
    compose = (DEPLOY / "compose.yml").read_text(encoding="utf-8")
    locked = _lock_entries((REPO_ROOT / "requirements" / "run.txt").read_text(encoding="utf-8"))
    assert "postgresql+psycopg://" in compose and {"psycopg", "psycopg-binary"} <= set(locked)
    assert "redis://" in compose and "redis" in locked
