"""Starts Rasa, the action endpoint and the API together, and stops them together.

`make run` calls `veiviser run`; the integration tests use `Stack` to start the real Rasa and action
servers on free ports. Each service runs in its own process group so a stop reaches its children too.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import httpx

from veiviser.logs import rotate_log
from veiviser.settings import REPO_ROOT, Settings

RASA_BIN = REPO_ROOT / ".venv-rasa" / "bin" / "rasa"
BOT_DIR = REPO_ROOT / "bot"
MODEL_DIR = BOT_DIR / "models"
#: Rasa imports our tracker store from bot/ and the redactor from veiviser/ (see bot/veiviser_rasa).
RASA_PYTHONPATH = f"{BOT_DIR}{os.pathsep}{REPO_ROOT}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


#: What Rasa logs when it cannot import or connect to the tracker store its endpoints file names and keeps
#: conversations in memory instead ("... Using `InMemoryTrackerStore` instead." / "Using 'InMemoryTrackerStore'").
IN_MEMORY_FALLBACK: Final = re.compile(r"Using [`']InMemoryTrackerStore[`'] instead")


def start_and_wait(services: "list[Service]", deadline: float, logs: Path) -> None:
    """Starts the services and waits for every health check; raises when one dies, is late, or is up but
    degraded in a way its log shows (Rasa without its tracker database)."""
    for service in services:
        service.start()
    waiting = list(services)
    while waiting:
        for service in list(waiting):
            if service.process is not None and service.process.poll() is not None:
                raise RuntimeError(f"{service.name} exited during start-up; see {service.log_path}")
            if service.is_healthy():
                waiting.remove(service)
        if waiting and time.monotonic() > deadline:
            raise RuntimeError(f"{', '.join(s.name for s in waiting)} not up in time; see {logs}")
        time.sleep(0.5)
    problems = [problem for service in services if (problem := service.startup_problem())]
    if problems:
        raise RuntimeError("refusing to run: " + "; ".join(problems))


@dataclass
class Service:
    name: str
    command: list[str]
    health_url: str
    env: dict[str, str]
    cwd: Path
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    #: PostgreSQL needs SIGINT for a fast shutdown (SIGTERM waits for every client to leave).
    stop_signal: int = signal.SIGTERM
    #: Where this run's lines start in the log (the file is appended to across runs).
    log_start: int = 0

    def startup_problem(self) -> str | None:
        """What this run's log says is wrong although the health check answers, or None."""
        try:
            with self.log_path.open("rb") as log:
                log.seek(self.log_start)
                text = log.read().decode("utf-8", "replace")
        except OSError:
            return None
        if IN_MEMORY_FALLBACK.search(text):
            return (f"{self.name} keeps conversations in memory instead of the tracker database named in its "
                    f"endpoints file (lost at a restart, not shared between replicas); see {self.log_path}")
        return None

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log_start = self.log_path.stat().st_size if self.log_path.exists() else 0
        with self.log_path.open("ab") as log:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(self.command, cwd=self.cwd, env={**os.environ, **self.env},
                                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def is_healthy(self) -> bool:
        try:
            return httpx.get(self.health_url, timeout=2.0).status_code == 200
        except httpx.HTTPError:
            return False

    def wait_healthy(self, timeout_seconds: float = 240.0) -> None:
        """Blocks until the health check answers; raises when the process dies or time runs out."""
        deadline = time.monotonic() + timeout_seconds
        while not self.is_healthy():
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited during start-up; see {self.log_path}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} not up after {timeout_seconds:.0f} s; see {self.log_path}")
            time.sleep(0.5)

    def stop(self, grace_seconds: float = 10.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, self.stop_signal)
        try:
            self.process.wait(grace_seconds)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@dataclass
class Stack:
    """The three services. `api_port=None` leaves the API out (tests run it in-process)."""

    settings: Settings
    rasa_port: int = 5005
    actions_port: int = 5055
    api_port: int | None = 8000
    tracker_db: Path | None = None  # default: <data_dir>/tracker.db
    #: Origins allowed to reach Rasa's socket.io channel from a browser (rasa-webchat); None: no CORS.
    rasa_cors: str | None = None
    #: Rasa's channels (default bot/credentials.yml); a test passes one with Telegram on.
    credentials: Path | None = None
    #: The API serves the actions on `actions_port` (one model in memory; see `api.action_server`); False,
    #: or no API in the stack: a separate `rasa_sdk` action server does.
    actions_in_api: bool = True
    services: list[Service] = field(default_factory=list)

    def __post_init__(self) -> None:
        data_dir = self.settings.data_dir.resolve()
        logs = data_dir / "logs"
        python = sys.executable
        common = {"RASA_TELEMETRY_ENABLED": "false", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
        separate_actions = self.api_port is None or not self.actions_in_api
        self.services = [
            Service("actions", [python, "-m", "rasa_sdk", "--actions", "actions", "--port", str(self.actions_port)],
                    f"http://127.0.0.1:{self.actions_port}/health",
                    {**common, "SANIC_HOST": "127.0.0.1"}, REPO_ROOT, logs / "actions.log"),
        ] if separate_actions else []
        self.services += [
            Service("rasa", [str(RASA_BIN), "run", "--model", str(MODEL_DIR), "--endpoints", "endpoints.yml",
                             "--credentials", str(self.credentials or "credentials.yml"),
                             "--interface", "127.0.0.1", "--port", str(self.rasa_port),
                             *(["--cors", self.rasa_cors] if self.rasa_cors else [])],
                    f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/",
                    {**common, "VEIVISER_ACTIONS_URL": f"http://127.0.0.1:{self.actions_port}",
                     "PYTHONPATH": RASA_PYTHONPATH,
                     "VEIVISER_TRACKER_DB_URL": f"sqlite:///{self.tracker_db or data_dir / 'tracker.db'}"},
                    BOT_DIR, logs / "rasa.log"),
        ]
        if self.api_port is not None:
            self.services.append(
                Service("api", [python, "-m", "uvicorn", "api.main:app", "--host", self.settings.host,
                                "--port", str(self.api_port), *self.settings.uvicorn_options()],
                        f"http://127.0.0.1:{self.api_port}/healthz",
                        {**common, "VEIVISER_RASA_URL": f"http://127.0.0.1:{self.rasa_port}",
                         "VEIVISER_TRACKER_DB_URL": f"sqlite:///{self.tracker_db or data_dir / 'tracker.db'}",
                         "VEIVISER_ACTIONS_URL": f"http://127.0.0.1:{self.actions_port}",
                         **({} if separate_actions else {"VEIVISER_SERVE_ACTIONS_PORT": str(self.actions_port)})},
                        REPO_ROOT, logs / "api.log"))

    def service(self, name: str) -> Service:
        """One service by name ("actions" when separate, "rasa", "api"), e.g. to stop and restart it in a
        fault test."""
        return next(service for service in self.services if service.name == name)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def start(self, timeout_seconds: float = 240.0) -> None:
        """Starts every service and waits until each answers its health check."""
        if not RASA_BIN.exists():
            raise RuntimeError(f"Rasa is not installed at {RASA_BIN}: run `make setup` first")
        if not any(MODEL_DIR.glob("*.tar.gz")):
            raise RuntimeError(f"no trained Rasa model in {MODEL_DIR}: run `make setup` first")
        for service in self.services:
            rotate_log(service.log_path, self.settings.log_max_bytes, self.settings.log_keep)
        try:
            start_and_wait(self.services, time.monotonic() + timeout_seconds, self.settings.data_dir / "logs")
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        for service in reversed(self.services):
            service.stop()

    def wait(self) -> int:
        """Blocks until a service dies or the process gets SIGINT/SIGTERM; then stops everything."""
        stopping = False

        def request_stop(signum: int, _frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        exit_code = 0
        checked = time.monotonic()
        while not stopping:
            if time.monotonic() - checked > 30:  # the logs of a long run stay bounded
                checked = time.monotonic()
                for service in self.services:
                    rotate_log(service.log_path, self.settings.log_max_bytes, self.settings.log_keep)
            dead = [s for s in self.services if s.process is not None and s.process.poll() is not None]
            if dead:
                print(f"{dead[0].name} stopped unexpectedly; see {dead[0].log_path}", file=sys.stderr)
                exit_code = 1
                break
            time.sleep(0.5)
        print("stopping Veiviser ...", file=sys.stderr)
        self.stop()
        return exit_code
