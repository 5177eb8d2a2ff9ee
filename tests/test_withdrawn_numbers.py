"""Numbers that are no longer in use never come back: not in an article, a catalog, a test or the code.

The old GP helpline ("fastlegetelefonen") was withdrawn (shared facts, "Correction:"); giving it to a newcomer
sends them to a dead line. Digits are compared with spaces, dots and hyphens between them removed, so every
way of spacing the number counts.
"""

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Written in parts so that this file does not hold the number it looks for.
WITHDRAWN = ["".join(("810", "59", "500"))]


def _digits_only(text: str) -> str:
    return re.sub(r"(?<=\d)[\s.\-](?=\d)", "", text)


def test_no_withdrawn_number_in_any_tracked_file() -> None:
    files = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    found = []
    for name in files:
        path = REPO / name
        if not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        try:
            text = _digits_only(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            continue  # binary
        found += [f"{name}: {number}" for number in WITHDRAWN if number in text]
    assert found == []


def test_the_check_sees_a_number_however_it_is_spaced() -> None:
    parts = ("810", "59", "500")
    assert all(WITHDRAWN[0] in _digits_only(separator.join(parts)) for separator in (" ", "-", "."))
