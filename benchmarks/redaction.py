"""Prints how long redaction takes on adversarial text: every pattern must stay linear in the input.

    .venv/bin/python benchmarks/redaction.py [--kilobytes 100]

Each input is built to make a backtracking pattern slow (long runs of characters an e-mail's local part
may hold, with no `@`; `+` and a digit before long runs of separators; long digit runs). The goal: under
50 ms for 100 kB of each (issue 14).
"""

import argparse
import time
from collections.abc import Callable

from veiviser.privacy import redact

ADVERSARIAL: dict[str, Callable[[int], str]] = {
    "local part, no @": lambda n: "a" * n,
    "dots and letters, no @": lambda n: ("a." * n)[:n],
    "many @, no dot": lambda n: ("a@" * n)[:n],
    "plus, digit, spaces": lambda n: "+1" + " " * (n - 2),
    "plus and digits": lambda n: ("+1 2" * n)[:n],
    "digits and spaces": lambda n: ("1 " * n)[:n],
    "ordinary text with numbers": lambda n: ("Ring 412 34 567 eller skriv til kari@example.no. " * n)[:n],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kilobytes", type=int, default=100)
    size = parser.parse_args().kilobytes * 1000
    for name, make in ADVERSARIAL.items():
        text = make(size)
        start = time.perf_counter()
        redact(text)
        print(f"{name:<28} {len(text):>8} chars  {(time.perf_counter() - start) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
