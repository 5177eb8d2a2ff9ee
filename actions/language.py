"""Which language to answer in: an explicit choice, else the message's own language, else the session's."""

from typing import Any

from veiviser.languages import is_supported
from veiviser.retrieval.language_detection import DetectedLanguage

# Short messages ("ok", "takk", "hi") are too short to detect reliably; below this confidence the
# session's language stays.
MIN_CONFIDENCE_TO_SWITCH = 0.5
MIN_WORDS_TO_SWITCH = 3


def chosen_language(metadata: dict[str, Any] | None) -> str | None:
    """The language the user picked in the interface, if the channel sent one.

    >>> chosen_language({"language": "uk"}), chosen_language({"language": "xx"}), chosen_language(None)
    ('uk', None, None)
    """
    code = (metadata or {}).get("language")
    return code if isinstance(code, str) and is_supported(code) else None


def reply_language(text: str, chosen: str | None, detected: DetectedLanguage | None, session: str | None,
                   default: str = "en") -> str:
    """Decides the reply language.

    >>> reply_language("ok", None, DetectedLanguage("pl", 0.3), "uk")
    'uk'
    >>> reply_language("Як отримати податкову картку?", None, DetectedLanguage("uk", 0.9), "en")
    'uk'
    """
    if chosen:
        return chosen
    if detected is None:
        return session or default
    long_enough = len(text.split()) >= MIN_WORDS_TO_SWITCH
    if session and not (long_enough and detected.confidence >= MIN_CONFIDENCE_TO_SWITCH):
        return session
    return detected.code
