"""Rasa's action endpoint served from the API process, so both share one search.

A separate `rasa_sdk` process loaded the model, the index and a file watcher a second time (about 1.2 GB
of the stack's 2.5 GB). Here rasa_sdk's `ActionExecutor` runs the actions behind the same three routes its
own server has (`/webhook` with its error codes, `/actions`, `/health`), under a second uvicorn server on
the API's event loop and on a loopback port of its own: the public API never exposes the actions, and its
concurrency limit cannot starve Rasa's calls back into them.

Not rasa_sdk's Sanic app under uvicorn: Sanic cannot serve a second app of the same name in one process
over ASGI (its touch-up state stays behind), which every restart of the app in the tests does.
"""

import asyncio
import contextlib
import json
import logging
import zlib
from typing import Any

import uvicorn
from rasa_sdk import utils
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionExecutionRejection, ActionMissingDomainException, ActionNotFoundException
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from actions.retrieval import share_search
from veiviser.retrieval.live import LiveSearch

log = logging.getLogger(__name__)

#: Loopback by default: Rasa runs beside the API, and the actions trust the tracker Rasa sends them.
DEFAULT_HOST = "127.0.0.1"
START_TIMEOUT_SECONDS = 30.0


def action_endpoint(executor: ActionExecutor) -> Starlette:
    """rasa_sdk's action server routes, with its status codes, over `executor`."""

    async def webhook(request: Request) -> JSONResponse:
        body = await request.body()
        try:
            if request.headers.get("content-encoding") == "deflate":
                body = zlib.decompress(body)
            action_call: Any = json.loads(body)
        except (ValueError, zlib.error):
            action_call = None
        if not isinstance(action_call, dict):
            return JSONResponse({"error": "Invalid body request"}, status_code=400)
        utils.check_version_compatibility(action_call.get("version"))
        try:
            result = await executor.run(action_call)
        except ActionExecutionRejection as error:
            return JSONResponse({"error": error.message, "action_name": error.action_name}, status_code=400)
        except ActionNotFoundException as error:
            log.error("%s", error)
            return JSONResponse({"error": error.message, "action_name": error.action_name}, status_code=404)
        except ActionMissingDomainException as error:
            return JSONResponse({"error": error.message, "action_name": error.action_name}, status_code=449)
        return JSONResponse(result.model_dump() if result else None)

    async def actions(_: Request) -> JSONResponse:
        return JSONResponse([name.model_dump() for name in executor.list_actions()])

    async def health(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    return Starlette(routes=[Route("/webhook", webhook, methods=["POST"]), Route("/actions", actions),
                             Route("/health", health)])


class InProcessActionServer:
    """Starts with the API (its lifespan) and stops with it.

        server = InProcessActionServer(5055, state.live)
        await server.start()   # Rasa's action_endpoint: http://127.0.0.1:5055/webhook
        ...
        await server.stop()
    """

    def __init__(self, port: int, live: LiveSearch, host: str = DEFAULT_HOST) -> None:
        share_search(live)
        executor = ActionExecutor()
        executor.register_package("actions")
        config = uvicorn.Config(action_endpoint(executor), host=host, port=port, log_level="warning",
                                access_log=False, lifespan="off")
        self._server = uvicorn.Server(config)
        # Signals are the API server's: it stops this one in its lifespan's shutdown.
        self._server.capture_signals = contextlib.nullcontext  # type: ignore[method-assign]
        self._task: asyncio.Task[None] | None = None
        self.host = host
        self.port = port

    async def start(self) -> None:
        """Serves until `stop`; raises when the port cannot be bound."""
        self._task = asyncio.create_task(self._server.serve())
        loop = asyncio.get_running_loop()
        deadline = loop.time() + START_TIMEOUT_SECONDS
        while not self._server.started:
            if self._task.done():
                self._task.result()  # the reason it stopped, if it raised
                raise RuntimeError(f"the action endpoint could not listen on {self.host}:{self.port}")
            if loop.time() > deadline:
                raise RuntimeError(f"the action endpoint on {self.host}:{self.port} did not start")
            await asyncio.sleep(0.05)
        log.info("action endpoint in the API process: http://%s:%d/webhook", self.host, self.port)

    async def stop(self) -> None:
        if self._task is None:
            return
        self._server.should_exit = True
        await self._task
        self._task = None
