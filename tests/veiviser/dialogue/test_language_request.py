"""Requests to switch language, in the ways people write them."""

import pytest

from veiviser.dialogue.language_request import requested_language


@pytest.mark.parametrize(("text", "code"), [
    ("can you answer in Ukrainian?", "uk"),
    ("English please", "en"),
    ("på nynorsk, takk", "nn"),
    ("kan du svare på norsk?", "nb"),
    ("Відповідайте англійською", "en"),
    ("по-русски пожалуйста", "ru"),
    ("po polsku proszę", "pl"),
    ("lietuviškai prašau", "lt"),
    ("بالعربية من فضلك", "ar"),
    ("af Soomaali fadlan", "so"),
    ("ብትግርኛ", "ti"),
    ("به فارسی لطفا", "fa"),
])
def test_names_the_language(text: str, code: str) -> None:
    assert requested_language(text) == code


@pytest.mark.parametrize("text", ["hei", "ok", "How do I get a regular GP when I have just moved to a new town?"])
def test_no_language_named(text: str) -> None:
    assert requested_language(text) is None
