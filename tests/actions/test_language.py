"""Which language to answer in, without Rasa."""

from actions.language import chosen_language, reply_language
from veiviser.retrieval.language_detection import DetectedLanguage


def test_explicit_choice_wins() -> None:
    assert reply_language("Hvordan får jeg skattekort?", "ar", DetectedLanguage("nb", 0.99), "nb") == "ar"


def test_a_clear_long_message_switches_language() -> None:
    assert reply_language("Can you answer in English please?", None, DetectedLanguage("en", 0.9), "uk") == "en"


def test_short_or_unsure_messages_keep_the_session_language() -> None:
    assert reply_language("ok takk", None, DetectedLanguage("nb", 0.9), "uk") == "uk"
    assert reply_language("ok ok ok ok", None, DetectedLanguage("pl", 0.3), "uk") == "uk"


def test_first_message_uses_detection_then_default() -> None:
    assert reply_language("hei", None, DetectedLanguage("nb", 0.4), None) == "nb"
    assert reply_language("???", None, None, None) == "en"


def test_only_supported_choices_count() -> None:
    assert chosen_language({"language": "de"}) is None
    assert chosen_language({"language": 5}) is None
