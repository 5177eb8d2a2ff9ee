"""Actions that do their work off the action server's event loop.

rasa_sdk calls a synchronous `run` on its one event loop, so one search (encoding and both indexes, tens of
milliseconds) held every other conversation's turn, greetings and feedback clicks included. A
`ThreadedAction` hands its `work` to a bounded pool of threads and awaits it: the encoder, faiss and numpy
release the GIL, so turns run side by side on both cores and the loop keeps taking requests.
"""

import asyncio
from abc import ABC, abstractmethod
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import Events
from veiviser.settings import get_settings


@lru_cache(maxsize=1)
def action_pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=get_settings().action_threads, thread_name_prefix="action")


class ThreadedAction(Action, ABC):
    """Subclasses implement `work`, the synchronous action; rasa_sdk awaits `run`. Abstract, so that
    rasa_sdk's registration (every concrete `Action` subclass) leaves this class out."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,  # type: ignore[override]
                  domain: dict[str, Any]) -> Events:
        return await asyncio.get_running_loop().run_in_executor(action_pool(), self.work, dispatcher, tracker,
                                                                domain)

    @abstractmethod
    def work(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        """The action itself, run on a pool thread."""
