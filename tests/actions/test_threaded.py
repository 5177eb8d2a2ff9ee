"""Actions run off the action server's event loop: a slow action does not hold the others' turns."""

import asyncio
import threading
import time
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher

from actions.threaded import ThreadedAction
from tests.actions.conftest import load_tracker


class _Slow(ThreadedAction):
    """Stands in for a search: holds its thread for a while (time.sleep releases the GIL, as encoding does)."""

    def name(self) -> str:
        return "action_slow_for_test"

    def work(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        time.sleep(0.5)
        dispatcher.utter_message(text=threading.current_thread().name)
        return []


def test_the_event_loop_keeps_running_while_an_action_works() -> None:
    async def scenario() -> tuple[int, list[str]]:
        ticks = 0
        dispatchers = [CollectingDispatcher(), CollectingDispatcher()]
        tracker = load_tracker("greeting_in_ukrainian")

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        clock = asyncio.create_task(ticker())
        started = time.monotonic()
        await asyncio.gather(*(_Slow().run(d, tracker, {}) for d in dispatchers))
        elapsed = time.monotonic() - started
        clock.cancel()
        assert elapsed < 0.9  # the two ran side by side, not one after the other
        return ticks, [d.messages[0]["text"] for d in dispatchers]

    ticks, threads = asyncio.run(scenario())
    assert ticks >= 20  # a blocked loop would have ticked about once in the 0.5 s
    assert all(name.startswith("action") for name in threads)


def test_the_action_server_registers_our_actions_but_not_the_base() -> None:
    executor = ActionExecutor()
    executor.register_package("actions")
    assert "action_answer_question" in executor.actions and "action_feedback" in executor.actions
    assert not any(type(a).__name__ == "ThreadedAction" for a in executor.actions.values())
