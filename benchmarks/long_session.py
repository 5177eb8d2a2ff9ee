"""Prints chat latency by turn in long conversations: a long session must not make each turn slower.

    .venv/bin/python benchmarks/long_session.py [--sessions 4] [--turns 30] [--chars 2000]

Each session sends `turns` messages of about `chars` characters (a real question padded with ordinary words
and digit groups, so the redaction patterns have work to do) through the API, Rasa (with its tracker
store, which redacts what it stores) and the action server. Before the tracker store redacted only the
events it had not stored yet, every save re-redacted the whole session: the goal (issue 14) is a p95 at
turns 26-30 no higher than at turns 1-5 beyond noise.
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from veiviser.settings import get_settings
from veiviser.stack import Stack, free_port

QUESTIONS = ("Hvordan får jeg skattekort?", "How do I get a regular GP?", "Як записати дитину в школу?",
             "Jak zapisać dziecko do przedszkola?", "Kaip gauti mokesčių kortelę?")
FILLER = "jeg lurer også på noe annet, saksnummer 2024 1234 og kontor 12 34, "


def long_message(turn: int, chars: int) -> str:
    question = QUESTIONS[turn % len(QUESTIONS)]
    return (question + " " + FILLER * (chars // len(FILLER) + 1))[:chars]


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=4)
    parser.add_argument("--turns", type=int, default=30)
    parser.add_argument("--chars", type=int, default=2000)
    args = parser.parse_args()
    settings = get_settings()
    by_turn: dict[int, list[float]] = {turn: [] for turn in range(1, args.turns + 1)}
    with tempfile.TemporaryDirectory() as scratch:
        api_port = free_port()
        stack = Stack(settings, rasa_port=free_port(), actions_port=free_port(), api_port=api_port,
                      tracker_db=Path(scratch) / "tracker.db")
        for service in stack.services:  # one client sends every turn: the per-session limit would stop it
            service.env.update({"VEIVISER_RATE_LIMIT_PER_IP": "1000000/minute",
                                "VEIVISER_RATE_LIMIT_PER_SESSION": "1000000/minute"})
        stack.start()
        try:
            with httpx.Client(timeout=60) as client:
                url = f"http://127.0.0.1:{api_port}/api/chat"
                client.post(url, json={"message": QUESTIONS[0]})
                for _ in range(args.sessions):
                    session: dict[str, str] = {}  # the server issues the id with the first reply
                    for turn in range(1, args.turns + 1):
                        start = time.perf_counter()
                        reply = client.post(url, json={**session, "message": long_message(turn, args.chars)})
                        reply.raise_for_status()
                        session = {"session_id": reply.json()["session_id"]}
                        by_turn[turn].append((time.perf_counter() - start) * 1000)
        finally:
            stack.stop()
    print(f"{args.sessions} sessions x {args.turns} turns of {args.chars} characters through /api/chat")
    for first in range(1, args.turns + 1, 5):
        window = [ms for turn in range(first, min(first + 5, args.turns + 1)) for ms in by_turn[turn]]
        print(f"turns {first:>2}-{min(first + 4, args.turns):>2}: p50 {statistics.median(window):7.1f} ms  "
              f"p95 {p95(window):7.1f} ms  (n={len(window)})")


if __name__ == "__main__":
    main()
