"""Redacts personal data before anything is logged or stored: ID numbers, D numbers, DUF numbers, phone
numbers, e-mail addresses and bank account numbers. Replaced by a label, so the text stays readable.

Standard library only: Rasa's tracker store (Python 3.10, `bot/veiviser_rasa`) imports this module too.
It errs towards redacting: an 11-digit run that fails the ID checks is still hidden, as `[number]`, because a
mistyped ID number still points at a person.
"""

import logging
import re
import traceback

_ID_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_ID_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
_ACCOUNT_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _mod11_check_digit(digits: str, weights: tuple[int, ...]) -> int | None:
    """The mod-11 check digit for `digits`, or None where none exists (remainder 1)."""
    check = 11 - sum(w * int(d) for w, d in zip(weights, digits)) % 11
    return 0 if check == 11 else None if check == 10 else check


def is_national_id_number(digits: str) -> bool:
    """A Norwegian national ID number or D number (day + 40): a plausible date and both mod-11 check digits.

    >>> is_national_id_number("01010112345"), is_national_id_number("01010199923")
    (False, False)
    >>> is_national_id_number("15076500565")  # Skatteetaten's published test number
    True
    """
    if len(digits) != 11 or not digits.isdigit():
        return False
    day, month = int(digits[0:2]), int(digits[2:4])
    # D numbers add 40 to the day; H numbers and synthetic test numbers add 40 or 80 to the month.
    if not (1 <= day <= 31 or 41 <= day <= 71) or not any(1 <= month - shift <= 12 for shift in (0, 40, 80)):
        return False
    return (_mod11_check_digit(digits[:9], _ID_WEIGHTS_1) == int(digits[9])
            and _mod11_check_digit(digits[:10], _ID_WEIGHTS_2) == int(digits[10]))


def is_account_number(digits: str) -> bool:
    """A Norwegian bank account number: 11 digits, the last a mod-11 check digit.

    >>> is_account_number("12345678903"), is_account_number("12345678904")
    (True, False)
    """
    return (len(digits) == 11 and digits.isdigit()
            and _mod11_check_digit(digits[:10], _ACCOUNT_WEIGHTS) == int(digits[10]))


def _label_eleven_digits(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    if is_national_id_number(digits):
        return "[id-number]"
    if is_account_number(digits):
        return "[account-number]"
    return "[number]"


_LOCAL = r"[\w.!#$%&'*+/=?^`{|}~-]"
_PATTERNS: list[tuple[re.Pattern[str], str | object]] = [
    # The local part may hold any of RFC 5322's printable characters, not only letters and dots. A match
    # starts only where a run of them starts (the look-behind) and every part is bounded (RFC 5321: 64 for
    # the local part, 63 per label), so a long run without `@` is tried once, not from every position.
    # The `@` may be written out so that spam filters miss it: "kari (at) example.no", "kari [at] example.no".
    (re.compile(rf"(?<!{_LOCAL}){_LOCAL}{{1,64}}(?:@| ?[(\[][aA][tT][)\]] ?)[\w-]{{1,63}}(?:\.[\w-]{{1,63}}){{1,8}}"),
     "[e-mail]"),
    # Bank account numbers as people write them: 4.2.5 digits.
    (re.compile(r"(?<!\d)\d{4}[ .]\d{2}[ .]\d{5}(?!\d)"), "[account-number]"),
    # 11 digits, often written 6 + 5: ID or D number, account number, or an unknown number (still hidden).
    # Also with the birth date written with dots (15.07.65 00565) and the last five as 3 + 2 (150765 005 65).
    (re.compile(r"(?<!\d)\d{2}\.?\d{2}\.?\d{2}[ -]?\d{3} ?\d{2}(?!\d)"), _label_eleven_digits),
    # DUF numbers: 12 digits, often grouped 4 + 4 + 4.
    (re.compile(r"(?<!\d)\d{4}[ -]?\d{4}[ -]?\d{4}(?!\d)"), "[duf-number]"),
    # Phone numbers: +country code, or 8 Norwegian digits in any grouping.
    # International: +country code, then digits grouped by spaces, dots, hyphens or an area code in brackets.
    (re.compile(r"\+\d{1,3}(?:[\s.-]{0,3}\(?\d\)?){6,13}"), "[phone]"),
    (re.compile(r"(?<![\d+])(?:\d[\s-]?){7}\d(?!\d)"), "[phone]"),
    # With dots only in the groupings phone numbers have (412.34.567, 41.23.45.67), not dates (15.07.2025).
    (re.compile(r"(?<![\d.])(?:\d{3}\.\d{2}\.\d{3}|\d{2}\.\d{2}\.\d{2}\.\d{2})(?![\d.])"), "[phone]"),
]


def redact(text: str) -> str:
    """
    >>> redact("Mitt fødselsnummer er 150765 00565, ring 412 34 567 eller skriv til kari@example.no")
    'Mitt fødselsnummer er [id-number], ring [phone] eller skriv til [e-mail]'
    >>> redact("Ring 116 117 eller 113")  # emergency numbers are not personal data
    'Ring 116 117 eller 113'
    """
    for pattern, label in _PATTERNS:
        text = pattern.sub(label, text)  # type: ignore[arg-type]
    return text


def install_log_redaction() -> None:
    """Makes every log record in this process redacted as it is created, whichever logger or handler it
    goes through (uvicorn, Sanic and Rasa SDK each set up their own handlers). Safe to call twice."""
    current = logging.getLogRecordFactory()
    if getattr(current, "redacts", False):
        return

    def redacting_factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = current(*args, **kwargs)
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        # An exception's text can quote the input that failed ("invalid literal for int(): '412 34 567'").
        # Formatters use `exc_text` when it is set, so they print this redacted copy.
        if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return record

    redacting_factory.redacts = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(redacting_factory)
