"""Docker for `make deploy-test`: the engine, a Debian base image made here, a stand-in for the official Rasa
image, the two images of `deploy/`, and compose projects started and removed.

Public registries cannot be reached from these machines, so nothing is pulled: the base is a `debootstrap`
root file system imported with `docker import`, the Rasa stand-in is that base plus this machine's Python 3.10
(pyenv) and the locked `requirements/rasa.txt`, and pip installs from wheels downloaded on the host (the
hashes in the locks are checked inside the build either way). `deploy/*.Dockerfile` stay the portable ones:
only their base images and pip's sources come in as build arguments.

    ensure_docker()
    images = build_images(base_image(), rasa_standin(base_image()))
    with compose_project("embedded", images, port=8123) as project:
        project.wait_healthy("api")
"""

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from veiviser.settings import REPO_ROOT

DEPLOY_DIR = REPO_ROOT / "deploy"
COMPOSE_FILE = DEPLOY_DIR / "compose.yml"
WORK_DIR = REPO_ROOT / "var" / "deploy"  # root file system, wheelhouses, build contexts (not committed)
BASE_TAG = "veiviser-base:bookworm"
RASA_STANDIN_TAG = "veiviser-rasa-standin:3.6.21"
APP_TAG = "veiviser-app:test"
RASA_TAG = "veiviser-rasa:test"
DEBIAN_MIRROR = "http://deb.debian.org/debian"
STANDINS = REPO_ROOT / "tests" / "support" / "standins"
#: compose.yml's variable for each public image the scaled profile pulls -> the stand-in made here instead.
SERVICE_STANDINS = {"POSTGRES_IMAGE": "postgres", "REDIS_IMAGE": "redis", "NGINX_IMAGE": "nginx"}
DEBIAN_PACKAGES = ("docker.io", "docker-compose", "debootstrap")
PYTHON310 = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions" / "3.10.13"
SUDO: list[str] = [] if os.geteuid() == 0 else ["sudo"]


def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Runs `command`, raising with its output when it fails."""
    result = subprocess.run(command, text=True, capture_output=True, **kwargs)  # type: ignore[call-overload]
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout[-3000:]}"
                           f"\n{result.stderr[-3000:]}")
    return result


def _docker_answers() -> bool:
    return shutil.which("docker") is not None and subprocess.run(
        ["docker", "info"], capture_output=True).returncode == 0


def ensure_docker(timeout_seconds: float = 60.0) -> None:
    """Installs Debian's docker.io, docker-compose and debootstrap when missing, and starts `dockerd` when no
    engine answers (these machines have no init system to start it)."""
    missing = [package for package in DEBIAN_PACKAGES if subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True).stdout
        != "install ok installed"]
    if missing:
        run([*SUDO, "apt-get", "update", "-qq"])
        run([*SUDO, "apt-get", "install", "-y", "-qq", *missing], env={**os.environ,
                                                                          "DEBIAN_FRONTEND": "noninteractive"})
    if _docker_answers():
        return
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    with (WORK_DIR / "dockerd.log").open("ab") as log:
        subprocess.Popen([*SUDO, "dockerd"], stdout=log, stderr=log, start_new_session=True)
    deadline = time.monotonic() + timeout_seconds
    while not _docker_answers():
        if time.monotonic() > deadline:
            raise RuntimeError(f"dockerd did not answer within {timeout_seconds:.0f} s; see {WORK_DIR}/dockerd.log")
        time.sleep(1)


def image_exists(tag: str) -> bool:
    return subprocess.run(["docker", "image", "inspect", tag], capture_output=True).returncode == 0


def image_size_mb(tag: str) -> float:
    size = json.loads(run(["docker", "image", "inspect", tag]).stdout)[0]["Size"]
    return size / 1e6


def base_image() -> str:
    """A minimal Debian bookworm image made from Debian's mirror (about 2 minutes the first time)."""
    if image_exists(BASE_TAG):
        return BASE_TAG
    rootfs = WORK_DIR / "rootfs"
    if not (rootfs / "etc" / "debian_version").exists():
        shutil.rmtree(rootfs, ignore_errors=True)
        run([*SUDO, "debootstrap", "--variant=minbase", "bookworm", str(rootfs), DEBIAN_MIRROR])
    tar = subprocess.Popen(["tar", "-C", str(rootfs), "-c", "."], stdout=subprocess.PIPE)
    run(["docker", "import", "-", BASE_TAG], stdin=tar.stdout)
    tar.wait()
    return BASE_TAG


def download_wheels(pip: Path, lock: Path, into: Path) -> Path:
    """Every locked wheel for `pip`'s Python, from the host's index, find-links and cache."""
    into.mkdir(parents=True, exist_ok=True)
    run([str(pip), "download", "--quiet", "--no-deps", "--require-hashes", "-r", str(lock), "-d", str(into)])
    return into


def rasa_standin(base: str) -> str:
    """An image laid out like rasa/rasa:3.6.21 (see tests/support/standins/rasa.Dockerfile)."""
    if image_exists(RASA_STANDIN_TAG):
        return RASA_STANDIN_TAG
    if not (PYTHON310 / "bin" / "python3.10").exists():
        raise RuntimeError(f"Python 3.10 is not at {PYTHON310} (pyenv)")
    context = WORK_DIR / "rasa-standin"
    shutil.rmtree(context, ignore_errors=True)
    context.mkdir(parents=True)
    download_wheels(REPO_ROOT / ".venv-rasa" / "bin" / "pip", REPO_ROOT / "requirements" / "rasa.txt",
                    context / "wheels")
    shutil.copytree(PYTHON310, context / "python3.10", symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__", "_sandboxing_*.pth"))
    shutil.copy(REPO_ROOT / "requirements" / "rasa.txt", context / "rasa.txt")
    shutil.copy(STANDINS / "rasa.Dockerfile", context / "Dockerfile")
    run(["docker", "build", "--quiet", "-t", RASA_STANDIN_TAG, "--build-arg", f"BASE_IMAGE={base}", str(context)])
    shutil.rmtree(context, ignore_errors=True)
    return RASA_STANDIN_TAG


def service_standins(base: str) -> dict[str, str]:
    """Stand-ins for the public PostgreSQL, Redis and nginx images, from Debian's packages on `base`:
    {"POSTGRES_IMAGE": "veiviser-postgres-standin:test", ...}, the variables compose.yml reads."""
    images = {}
    for variable, name in SERVICE_STANDINS.items():
        tag = f"veiviser-{name}-standin:test"
        if not image_exists(tag):
            run(["docker", "build", "--quiet", "-t", tag, "-f", str(STANDINS / f"{name}.Dockerfile"),
                 "--build-arg", f"BASE_IMAGE={base}", str(STANDINS)], timeout=1200)
        images[variable] = tag
    return images


@dataclass(frozen=True)
class Images:
    app: str
    rasa: str
    build_seconds: float


def build_images(base: str, rasa_base: str) -> Images:
    """Builds deploy/app.Dockerfile on `base` and deploy/rasa.Dockerfile on `rasa_base`, through compose (the
    same build section an operator uses). pip takes every wheel from deploy/wheels/, downloaded here."""
    wheels = DEPLOY_DIR / "wheels"
    download_wheels(REPO_ROOT / ".venv" / "bin" / "pip", REPO_ROOT / "requirements" / "run.txt", wheels)
    started = time.monotonic()
    env = {**os.environ, "BASE_IMAGE": base, "RASA_IMAGE": rasa_base, "PIP_NO_INDEX": "1",
           "PIP_EXTRA_INDEX_URL": "", "VEIVISER_APP_IMAGE": APP_TAG, "VEIVISER_RASA_IMAGE": RASA_TAG,
           # Only interpolated here; the build needs no secret.
           "VEIVISER_ADMIN_TOKEN": "unused-at-build", "VEIVISER_SESSION_SECRET": "unused-at-build"}
    run(["docker-compose", "-f", str(COMPOSE_FILE), "--profile", "embedded", "build", "migrate", "rasa"],
        env=env, timeout=3600)
    return Images(APP_TAG, RASA_TAG, time.monotonic() - started)


@dataclass
class ComposeProject:
    """A compose project of deploy/compose.yml under its own name, with secrets made for it."""

    profile: str
    images: Images
    port: int
    #: More variables for compose, e.g. the scaled profile's stand-in images and database password.
    extra_env: dict[str, str] = field(default_factory=dict)
    name: str = field(default_factory=lambda: f"veiviser-test-{secrets.token_hex(3)}")
    admin_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    session_secret: str = field(default_factory=lambda: secrets.token_hex(32))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "VEIVISER_APP_IMAGE": self.images.app, "VEIVISER_RASA_IMAGE": self.images.rasa,
                "VEIVISER_PUBLISH_PORT": str(self.port), "VEIVISER_ADMIN_TOKEN": self.admin_token,
                "VEIVISER_SESSION_SECRET": self.session_secret, **self.extra_env}

    def compose(self, *arguments: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        return run(["docker-compose", "-f", str(COMPOSE_FILE), "-p", self.name, "--profile", self.profile,
                    *arguments], env=self.env, timeout=timeout)

    def container(self, service: str) -> str:
        return self.compose("ps", "-q", service).stdout.strip()

    def health(self, service: str) -> str:
        """Docker's health status of the service's container: starting, healthy or unhealthy."""
        container = self.container(service)
        if not container:
            return "missing"
        return run(["docker", "inspect", "-f", "{{.State.Health.Status}}", container]).stdout.strip()

    def wait_healthy(self, service: str, timeout_seconds: float = 600) -> None:
        deadline = time.monotonic() + timeout_seconds
        while (status := self.health(service)) != "healthy":
            if status == "unhealthy" or time.monotonic() > deadline:
                raise RuntimeError(f"{service} is {status}:\n{self.logs(service)}")
            time.sleep(2)

    def exit_code(self, service: str) -> int:
        container = self.compose("ps", "-a", "-q", service).stdout.strip()
        return int(run(["docker", "inspect", "-f", "{{.State.ExitCode}}", container]).stdout)

    def published_ports(self, service: str) -> dict[str, int]:
        """The container's ports published on the host, e.g. {"8000/tcp": 8123}."""
        ports = json.loads(run(["docker", "inspect", "-f", "{{json .NetworkSettings.Ports}}",
                                self.container(service)]).stdout) or {}
        return {port: int(bindings[0]["HostPort"]) for port, bindings in ports.items() if bindings}

    def logs(self, service: str, lines: int = 60) -> str:
        return self.compose("logs", "--no-color", "--tail", str(lines), service).stdout

    def down(self) -> None:
        self.compose("down", "--volumes", "--remove-orphans", timeout=300)


@contextmanager
def compose_project(profile: str, images: Images, port: int,
                    extra_env: dict[str, str] | None = None) -> Iterator[ComposeProject]:
    """`up -d` (not waiting for health: the caller times that), then `down --volumes` however it ends."""
    project = ComposeProject(profile, images, port, extra_env or {})
    try:
        try:
            project.compose("up", "-d", "--no-build")
        except RuntimeError as error:  # say why: a service that exited takes its logs with it at `down`
            raise RuntimeError(f"{error}\n{project.compose('logs', '--no-color', '--tail', '40').stdout}") from None
        yield project
    finally:
        try:
            project.down()
        except RuntimeError as error:  # the project's own failure matters more than a failed clean-up
            print(error, file=sys.stderr)
