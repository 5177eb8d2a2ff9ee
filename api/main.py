"""The FastAPI app: wires settings, the search and the Rasa client into the routers.

Run it with `veiviser serve api` (or `make run`, which also starts Rasa and the action server).
"""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware

from api.action_server import InProcessActionServer
from api.errors import install_error_handlers
from api.admin_session import AdminSessions
from api.chat_sessions import ChatSessionIds, session_key
from api.rasa_client import RasaClient
from api.rate_limit import RateLimiter
from api.metrics import install_metrics
from api.routers import admin, articles, chat, docs, editorial, health, metrics, rasa_compat, search, web
from api.security import install_security
from api.state import AppState
from veiviser import __version__
from veiviser.logs import configure_logging
from veiviser.privacy import install_log_redaction
from veiviser.retrieval.live import live_search_from_settings
from veiviser.editorial.accounts import AccountStore
from veiviser.editorial.ended_sessions import EndedSessions
from veiviser.editorial.drafts import Editorial
from veiviser.settings import Settings, get_settings
from veiviser.storage.feedback import FeedbackStore
from veiviser.storage.insight import InsightStore
from veiviser.storage.background import statistics_writer
from veiviser.storage.retention import apply_retention

log = logging.getLogger(__name__)

#: Admin login attempts allowed per address.
LOGIN_ATTEMPTS = "5/minute"


def load_state(settings: Settings) -> AppState:
    live = live_search_from_settings(settings)
    for problem in live.problems:
        if problem.severity == "error":
            log.error("knowledge: %s (file left out)", problem)
    live.current.warm_up()
    log.info("knowledge loaded: %d articles, index of %d entries", len(live.current.kb), live.current.index.size)
    return AppState(settings=settings, live=live,
                    rasa=RasaClient(settings.rasa_url, settings.rasa_timeout_seconds, settings.actions_url),
                    feedback=FeedbackStore(settings.database), insight=InsightStore(settings.database),
                    limiter=RateLimiter(settings.rate_limit_per_session, settings.rate_limit_per_ip,
                                        settings.rate_limit_storage),
                    admin_sessions=AdminSessions(settings.admin_token, EndedSessions(settings.database)),
                    chat_sessions=ChatSessionIds(session_key(settings.session_secret, settings.data_dir)),
                    # guessing the admin token: a few tries a minute per address (the per-session limit unused)
                    login_limiter=RateLimiter(LOGIN_ATTEMPTS, LOGIN_ATTEMPTS, settings.rate_limit_storage),
                    accounts=AccountStore(settings.database),
                    editorial=Editorial(settings.database, settings.knowledge_dir, settings.editorial_single_step))


RETENTION_INTERVAL_SECONDS = 3600.0


async def enforce_retention(state: AppState) -> None:
    """Deletes old conversations now and then every hour; a failure is logged and retried next hour."""
    settings = state.settings
    while True:
        try:
            report = await asyncio.to_thread(apply_retention, settings, state.feedback, state.insight)
            log.info("retention (%d days): %d conversations deleted, %d feedback texts removed, %d questions "
                     "summarised into daily counts", settings.retention_days, report.conversations,
                     report.feedback_texts, report.questions_summarised)
        except Exception:  # noqa: BLE001 - the API keeps serving; the next run tries again
            log.exception("retention run failed")
        await asyncio.sleep(RETENTION_INTERVAL_SECONDS)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    state = load_state(app.state.settings)
    app.state.veiviser = state
    app.state.metrics.watch(state.live, statistics_writer())
    if app.state.settings.watch_knowledge:
        state.live.start_watching()
    actions = None
    if app.state.settings.serve_actions_port is not None:
        actions = InProcessActionServer(app.state.settings.serve_actions_port, state.live,
                                        app.state.settings.serve_actions_host)
        await actions.start()
    retention = asyncio.create_task(enforce_retention(state))
    yield
    retention.cancel()
    if actions is not None:
        await actions.stop()
    state.live.stop()
    await state.rasa.close()


def create_app(settings: Settings | None = None) -> FastAPI:
    app = FastAPI(
        title="Veiviser",
        version=__version__,
        description="Answers newcomers' questions about life in Norway from curated official guidance.",
        lifespan=lifespan,
        docs_url=None, redoc_url=None,  # ours instead (`api.routers.docs`): from this host, under our CSP
    )
    app.state.settings = settings or get_settings()
    if problem := app.state.settings.admin_token_problem():  # settings copied in code skip the validator
        raise ValueError(problem)
    install_log_redaction()  # users type ID and phone numbers; no log line of ours may carry them
    configure_logging(app.state.settings.log_format)
    install_error_handlers(app)
    install_security(app, app.state.settings.allowed_origins)
    install_metrics(app)  # outermost but for compression: the time includes our own middleware
    # Text compressed when the client accepts it: the widget's script and the answers shrink to a third.
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    # `web` last: it serves `/{name}` for the widget's files.
    for module in (health, metrics, search, articles, chat, rasa_compat, admin, editorial, docs, web):
        app.include_router(module.router)
    return app


app = create_app()
