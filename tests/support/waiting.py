"""Waiting for what is written after the reply: statistics (feedback, questions) go through the action
server's background writer, so a test reads them until they are there or a deadline passes."""

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def until(read: Callable[[], T], timeout_s: float = 10.0, pause_s: float = 0.2) -> T:
    """Calls `read` until it returns something truthy or `timeout_s` has passed; returns its last result.

    >>> until(lambda: [1])
    [1]
    >>> until(lambda: [], timeout_s=0.05, pause_s=0.01)
    []
    """
    deadline = time.monotonic() + timeout_s
    result = read()
    while not result and time.monotonic() < deadline:
        time.sleep(pause_s)
        result = read()
    return result
