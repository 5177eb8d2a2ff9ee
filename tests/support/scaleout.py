"""A test harness: Veiviser scaled out on one machine, two Rasa replicas and two API workers behind nginx.

Conversations live in PostgreSQL (Rasa's SQL tracker store, redacted), Rasa's per-conversation locks in
Redis, feedback and insight in PostgreSQL, rate-limit counters in Redis. Every server is a private instance
from Debian's packages (`make system-packages`), on free loopback ports, with its files in a temporary
folder that `stop()` removes; nothing touches the system's own PostgreSQL, Redis or nginx.

    stack = ScaleOutStack(get_settings())
    stack.start()            # a minute or two: PostgreSQL, Redis, actions, 2 x Rasa, 2 x API, nginx
    httpx.post(f"{stack.entry_url}/api/chat", json={"message": "hei"})
    stack.stop()

`python -m tests.support.scaleout` starts it and prints the URLs; Ctrl-C stops it.
"""

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from veiviser.settings import REPO_ROOT, Settings
from veiviser.stack import BOT_DIR, MODEL_DIR, RASA_BIN, RASA_PYTHONPATH, Service, free_port, start_and_wait

SCALEOUT_ENDPOINTS = "endpoints-scaleout.yml"  # in bot/
DATABASE_NAME = "veiviser"
DATABASE_USER = "veiviser"
LOCK_STORE_DB = 1  # Redis database for Rasa's locks; rate-limit counters use database 0
NGINX_BIN = Path("/usr/sbin/nginx")
REDIS_BIN = Path("/usr/bin/redis-server")
#: The server blocks' contents (body limits, timeouts, headers), the same files compose's nginx includes.
NGINX_SHARED_DIR = REPO_ROOT / "deploy" / "nginx"


def postgres_bin_dir() -> Path:
    """The newest PostgreSQL server from Debian's packages, e.g. `/usr/lib/postgresql/15/bin`."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), key=lambda p: int(p.parts[-3]))
    if not found:
        raise RuntimeError("PostgreSQL is not installed (/usr/lib/postgresql/*/bin): run `make system-packages`")
    return found[-1].parent


def as_postgres_user() -> list[str]:
    """A command prefix: initdb and postgres refuse to run as root, so as root they run as `postgres`.

    >>> as_postgres_user() == ([] if os.geteuid() else ["setpriv", "--reuid=postgres", "--regid=postgres",
    ...                                                 "--init-groups", "--"])
    True
    """
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"]


@dataclass
class ProbedService(Service):
    """A service without an HTTP health route (PostgreSQL, Redis): healthy when `probe()` returns True."""

    probe: Callable[[], bool] = lambda: False

    def is_healthy(self) -> bool:
        try:
            return self.probe()
        except Exception:  # noqa: BLE001 - any failure to answer just means "not up yet"
            return False


def nginx_config(run_dir: Path, logs_dir: Path, entry_port: int, api_ports: list[int], rasa_entry_port: int,
                 rasa_ports: list[int]) -> str:
    """nginx.conf: the public entry port over the API workers, an internal port over the Rasa replicas.

    >>> "server 127.0.0.1:8001 max_fails=0;" in nginx_config(Path("/r"), Path("/l"), 80, [8001], 81, [5005])
    True
    """
    def servers(ports: list[int]) -> str:
        # max_fails=0: a replica still starting must not be benched for 10 s, so turns really alternate.
        return "\n".join(f"        server 127.0.0.1:{port} max_fails=0;" for port in ports)

    temp = "\n".join(f"    {kind}_temp_path {run_dir / kind};" for kind in
                     ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""\
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {run_dir / "nginx.pid"};
error_log {logs_dir / "nginx-error.log"} warn;
events {{ worker_connections 256; }}

http {{
{temp}
    # No URIs or bodies: questions (and the personal data in them) stay out of the logs. The upstream
    # shows which worker or replica served each request.
    log_format upstreams '$server_port $request_method $status $upstream_addr';
    access_log {logs_dir / "nginx-upstreams.log"} upstreams;

    upstream veiviser_api {{
{servers(api_ports)}
    }}
    upstream veiviser_rasa {{
{servers(rasa_ports)}
    }}

    server {{
        listen 127.0.0.1:{entry_port};
        include {NGINX_SHARED_DIR / "veiviser-entry.conf"};
    }}
    server {{
        listen 127.0.0.1:{rasa_entry_port};
        include {NGINX_SHARED_DIR / "veiviser-rasa.conf"};
    }}
}}
"""


@dataclass
class ScaleOutStack:
    """PostgreSQL, Redis, the action server, `replicas` Rasa servers and `replicas` API workers, and nginx.

    The temporary folder (databases, sockets, nginx files) is made here and removed by `stop()`; the logs
    go to `logs_dir` (default `<data_dir>/logs/scaleout`) and stay.
    """

    settings: Settings
    replicas: int = 2
    logs_dir: Path | None = None
    entry_port: int = field(default_factory=free_port)
    rasa_entry_port: int = field(default_factory=free_port)
    postgres_port: int = field(default_factory=free_port)
    redis_port: int = field(default_factory=free_port)
    actions_port: int = field(default_factory=free_port)
    rasa_ports: list[int] = field(default_factory=list)
    api_ports: list[int] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rasa_ports = self.rasa_ports or [free_port() for _ in range(self.replicas)]
        self.api_ports = self.api_ports or [free_port() for _ in range(self.replicas)]
        self.logs = (self.logs_dir or self.settings.data_dir / "logs" / "scaleout").resolve()
        self.run_dir = Path(tempfile.mkdtemp(prefix="veiviser-scaleout-"))
        self.postgres_dir = self.run_dir / "postgres"  # owned by the `postgres` user when we are root
        self.database_password = secrets.token_hex(16)
        self.session_secret = secrets.token_hex(32)  # every API worker must accept the ids the others issue

    # -- where things are -------------------------------------------------------------------------------
    @property
    def entry_url(self) -> str:
        """The one public entry point: nginx over the API workers."""
        return f"http://127.0.0.1:{self.entry_port}"

    @property
    def rasa_entry_url(self) -> str:
        """nginx over the Rasa replicas; what the API workers use as VEIVISER_RASA_URL."""
        return f"http://127.0.0.1:{self.rasa_entry_port}"

    @property
    def rasa_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.rasa_ports]

    @property
    def api_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.api_ports]

    @property
    def database_url(self) -> str:
        """SQLAlchemy URL (psycopg 3) of the one database: Rasa's `events`, our `feedback` and `questions`."""
        return (f"postgresql+psycopg://{DATABASE_USER}:{self.database_password}"
                f"@127.0.0.1:{self.postgres_port}/{DATABASE_NAME}")

    @property
    def postgres_conninfo(self) -> str:
        """libpq connection string of the database, for `psycopg.connect`."""
        return self._conninfo(DATABASE_NAME)

    def _conninfo(self, dbname: str) -> str:
        return (f"host=127.0.0.1 port={self.postgres_port} dbname={dbname} user={DATABASE_USER} "
                f"password={self.database_password}")

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}"

    @property
    def upstreams_log(self) -> Path:
        """nginx's log of which upstream served each request: `<port> <method> <status> <upstream>`."""
        return self.logs / "nginx-upstreams.log"

    # -- starting and stopping ----------------------------------------------------------------------------
    def start(self, timeout_seconds: float = 300.0) -> None:
        """Starts the databases, makes the schema, then starts the rest and waits for every health check."""
        for needed in (RASA_BIN, NGINX_BIN, REDIS_BIN):
            if not needed.exists():
                raise RuntimeError(f"{needed} is missing: run `make setup` and `make system-packages`")
        if not any(MODEL_DIR.glob("*.tar.gz")):
            raise RuntimeError(f"no trained Rasa model in {MODEL_DIR}: run `make setup` first")
        deadline = time.monotonic() + timeout_seconds
        try:
            self._init_postgres()
            databases = [self._postgres_service(), self._redis_service()]
            self.services = list(databases)
            self._start_and_wait(databases, deadline)
            self._create_database()
            servers = self._server_services()
            self.services += servers
            self._start_and_wait(servers, deadline)
            entry = self._nginx_service()  # last, so its health check finds the workers up
            self.services.append(entry)
            self._start_and_wait([entry], deadline)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stops the servers, then the databases, and removes the temporary folder."""
        # Together: each Rasa replica takes seconds to drain, and one after another adds up.
        with ThreadPoolExecutor() as pool:
            list(pool.map(Service.stop, [s for s in self.services if not isinstance(s, ProbedService)]))
        for service in [s for s in self.services if isinstance(s, ProbedService)]:
            service.stop()
        shutil.rmtree(self.run_dir, ignore_errors=True)

    def _start_and_wait(self, services: list[Service], deadline: float) -> None:
        start_and_wait(services, deadline, self.logs)

    # -- PostgreSQL -------------------------------------------------------------------------------------
    def _init_postgres(self) -> None:
        self.postgres_dir.mkdir()
        password_file = self.postgres_dir / "password"
        password_file.write_text(self.database_password)
        if os.geteuid() == 0:
            self.run_dir.chmod(0o711)  # lets `postgres` reach its own folder, and nothing else here
            shutil.chown(self.postgres_dir, "postgres", "postgres")
            shutil.chown(password_file, "postgres", "postgres")
        password_file.chmod(0o600)
        self.logs.mkdir(parents=True, exist_ok=True)
        with (self.logs / "initdb.log").open("ab") as log:
            subprocess.run([*as_postgres_user(), str(postgres_bin_dir() / "initdb"),
                            "--pgdata", str(self.postgres_dir / "data"), "--username", DATABASE_USER,
                            f"--pwfile={password_file}", "--auth=scram-sha-256", "--encoding=UTF8",
                            "--no-locale"],
                           cwd=self.postgres_dir, stdout=log, stderr=subprocess.STDOUT, check=True)
        password_file.unlink()

    def _postgres_service(self) -> ProbedService:
        import psycopg

        def accepts_connections() -> bool:
            with psycopg.connect(self._conninfo("postgres"), connect_timeout=2):
                return True

        # fsync off: the data lives only as long as this temporary folder, so durability buys nothing.
        return ProbedService(
            "postgres",
            [*as_postgres_user(), str(postgres_bin_dir() / "postgres"), "-D", str(self.postgres_dir / "data"),
             "-c", "listen_addresses=127.0.0.1", "-p", str(self.postgres_port),
             "-c", f"unix_socket_directories={self.postgres_dir}", "-c", "fsync=off",
             "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
            "", {}, self.run_dir, self.logs / "postgres.log",
            stop_signal=signal.SIGINT, probe=accepts_connections)

    def _create_database(self) -> None:
        """Creates the database and our tables before any worker starts, so no two race to create them."""
        import psycopg

        from sqlalchemy import create_engine

        from veiviser.storage.migrate import upgrade

        with psycopg.connect(self._conninfo("postgres"), autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {DATABASE_NAME}")
        engine = create_engine(self.database_url)
        upgrade(engine)  # what `veiviser db upgrade` does, once, before any worker starts
        engine.dispose()

    # -- Redis ------------------------------------------------------------------------------------------
    def _redis_service(self) -> ProbedService:
        import redis

        def answers_ping() -> bool:
            client = redis.Redis(port=self.redis_port, socket_timeout=2)
            try:
                return bool(client.ping())
            finally:
                client.close()

        redis_dir = self.run_dir / "redis"
        redis_dir.mkdir()
        return ProbedService(
            "redis",
            [str(REDIS_BIN), "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(redis_dir), "--daemonize", "no"],
            "", {}, redis_dir, self.logs / "redis.log", probe=answers_ping)

    # -- the action server, Rasa, the API and nginx -------------------------------------------------------
    def _server_services(self) -> list[Service]:
        """The action server, the Rasa replicas and the API workers."""
        logs, python = self.logs, sys.executable
        common = {"RASA_TELEMETRY_ENABLED": "false", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
                  "VEIVISER_DATABASE_URL": self.database_url}
        services = [Service(
            "actions", [python, "-m", "rasa_sdk", "--actions", "actions", "--port", str(self.actions_port)],
            f"http://127.0.0.1:{self.actions_port}/health", {**common, "SANIC_HOST": "127.0.0.1"},
            REPO_ROOT, logs / "actions.log")]
        rasa_env = {
            **common, "PYTHONPATH": RASA_PYTHONPATH,
            "VEIVISER_ACTIONS_URL": f"http://127.0.0.1:{self.actions_port}",
            "VEIVISER_TRACKER_DB_URL": self.database_url,  # one spelling for Rasa and the API
            "VEIVISER_LOCK_STORE_HOST": "127.0.0.1", "VEIVISER_LOCK_STORE_PORT": str(self.redis_port),
            "VEIVISER_LOCK_STORE_DB": str(LOCK_STORE_DB)}
        for number, port in enumerate(self.rasa_ports, start=1):
            services.append(Service(
                f"rasa-{number}", [str(RASA_BIN), "run", "--model", str(MODEL_DIR), "--endpoints",
                                   SCALEOUT_ENDPOINTS, "--credentials", "credentials.yml",
                                   "--interface", "127.0.0.1", "--port", str(port)],
                f"http://127.0.0.1:{port}/webhooks/rest/", rasa_env, BOT_DIR, logs / f"rasa-{number}.log"))
        api_env = {
            **common, "VEIVISER_RASA_URL": self.rasa_entry_url,
            "VEIVISER_ACTIONS_URL": f"http://127.0.0.1:{self.actions_port}",
            "VEIVISER_TRACKER_DB_URL": self.database_url,  # the retention job deletes old conversations
            "VEIVISER_RATE_LIMIT_STORAGE": self.redis_url, "VEIVISER_SESSION_SECRET": self.session_secret}
        for number, port in enumerate(self.api_ports, start=1):
            services.append(Service(
                f"api-{number}", [python, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1",
                                  "--port", str(port), *self.settings.uvicorn_options()],
                f"http://127.0.0.1:{port}/healthz", api_env, REPO_ROOT, logs / f"api-{number}.log"))
        return services

    def _nginx_service(self) -> Service:
        nginx_dir = self.run_dir / "nginx"
        nginx_dir.mkdir()
        (nginx_dir / "nginx.conf").write_text(nginx_config(
            nginx_dir, self.logs, self.entry_port, self.api_ports, self.rasa_entry_port, self.rasa_ports))
        return Service(
            "nginx", [str(NGINX_BIN), "-p", f"{nginx_dir}/", "-c", str(nginx_dir / "nginx.conf"),
                      "-e", str(self.logs / "nginx-error.log"), "-g", "daemon off;"],
            f"{self.entry_url}/healthz", {}, nginx_dir, self.logs / "nginx.log")


def main() -> int:
    """`python -m tests.support.scaleout`: start the scaled-out stack, print where it is, stop it on Ctrl-C."""
    from veiviser.settings import get_settings

    stack = ScaleOutStack(get_settings())
    print("starting PostgreSQL, Redis, the action server, 2 x Rasa, 2 x API and nginx ...", file=sys.stderr)
    stack.start()
    print(f"Veiviser at {stack.entry_url} (logs in {stack.logs}); Ctrl-C stops it", file=sys.stderr)
    try:
        while all(s.process is not None and s.process.poll() is None for s in stack.services):
            time.sleep(0.5)
        print("a service stopped unexpectedly; stopping the rest", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
