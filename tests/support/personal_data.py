"""Test data that looks like personal data: generated, valid by the official check-digit rules, nobody's."""

import random


def generated_national_id(rng: random.Random, d_number: bool = False) -> str:
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
