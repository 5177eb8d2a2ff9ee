"""Redacts personal data before anything is logged or stored: ID numbers, D numbers, DUF numbers, phone
numbers, e-mail addresses and bank account numbers. Replaced by a label, so the text stays readable.

This is the first line of defence for the insight data; it errs towards redacting any long digit run.
"""

import re

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[e-mail]"),
    # Norwegian national ID and D numbers: 11 digits, often written 6 + 5.
    (re.compile(r"(?<!\d)\d{6}\s?\d{5}(?!\d)"), "[id-number]"),
    # Bank account numbers: 4.2.5 digits.
    (re.compile(r"(?<!\d)\d{4}[ .]\d{2}[ .]\d{5}(?!\d)"), "[account-number]"),
    # DUF numbers: 12 digits, often grouped 4 + 4 + 4.
    (re.compile(r"(?<!\d)\d{4}[ -]?\d{4}[ -]?\d{4}(?!\d)"), "[duf-number]"),
    # Phone numbers: +country code, or 8 Norwegian digits in any grouping.
    (re.compile(r"\+\d{1,3}[\s-]?(?:\d[\s-]?){6,12}\d"), "[phone]"),
    (re.compile(r"(?<![\d+])(?:\d[\s-]?){7}\d(?!\d)"), "[phone]"),
]


def redact(text: str) -> str:
    """
    >>> redact("Mitt fødselsnummer er 010190 12345, ring 412 34 567 eller skriv til kari@example.no")
    'Mitt fødselsnummer er [id-number], ring [phone] eller skriv til [e-mail]'
    >>> redact("Ring 116 117 eller 113")  # emergency numbers are not personal data
    'Ring 116 117 eller 113'
    """
    for pattern, label in _PATTERNS:
        text = pattern.sub(label, text)
    return text
