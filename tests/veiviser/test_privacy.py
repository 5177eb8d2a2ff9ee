"""Redaction of personal data, with generated valid numbers and near misses."""

import random

import pytest

from veiviser.privacy import redact


def _national_id(rng: random.Random, d_number: bool = False) -> str:
    """A valid 11-digit Norwegian ID (or D number: day + 40) with correct mod-11 check digits."""
    while True:
        day = rng.randint(1, 28) + (40 if d_number else 0)
        digits = [int(c) for c in f"{day:02d}{rng.randint(1, 12):02d}{rng.randint(0, 99):02d}{rng.randint(0, 999):03d}"]
        k1 = 11 - sum(w * d for w, d in zip([3, 7, 6, 1, 8, 9, 4, 5, 2], digits)) % 11
        k1 = 0 if k1 == 11 else k1
        k2 = 11 - sum(w * d for w, d in zip([5, 4, 3, 2, 7, 6, 5, 4, 3, 2], digits + [k1])) % 11
        k2 = 0 if k2 == 11 else k2
        if k1 < 10 and k2 < 10:
            return "".join(map(str, digits + [k1, k2]))


@pytest.mark.parametrize("seed", range(20))
def test_generated_id_and_d_numbers_are_redacted(seed: int) -> None:
    rng = random.Random(seed)
    number = _national_id(rng, d_number=seed % 2 == 1)
    spaced = f"{number[:6]} {number[6:]}"
    for written in (number, spaced):
        redacted = redact(f"Mitt nummer er {written}, hva nå?")
        assert number[-5:] not in redacted and "[id-number]" in redacted


@pytest.mark.parametrize(("text", "label"), [
    ("ring meg på 412 34 567", "[phone]"),
    ("my number is +47 41234567", "[phone]"),
    ("+380 67 123 4567 is my Ukrainian number", "[phone]"),
    ("skriv til kari.nordmann@example.no", "[e-mail]"),
    ("kontonummer 1234.56.78901", "[account-number]"),
    ("DUF-nummer 2019 1234 5678", "[duf-number]"),
])
def test_contacts_accounts_and_case_numbers_are_redacted(text: str, label: str) -> None:
    assert label in redact(text)


@pytest.mark.parametrize("text", [
    "Call 113 or 112, or 116 117 for legevakt",
    "I have lived here since 2019 and I am 35",
    "Is 175 hours of Norwegian enough?",
    "It costs 320 274 kroner a year",
])
def test_ordinary_numbers_stay(text: str) -> None:
    assert redact(text) == text
