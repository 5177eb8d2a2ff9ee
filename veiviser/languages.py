"""The languages Veiviser speaks, as ISO 639-1 codes (bokmål and nynorsk kept apart)."""

from typing import Final

#: Every language the assistant supports, in the order the language picker shows them.
SUPPORTED_LANGUAGES: Final[tuple[str, ...]] = (
    "nb", "nn", "en", "uk", "ru", "pl", "lt", "ar", "so", "ti", "fa",
)

#: Languages every article must have in full; the others may carry a summary translation only.
FULL_TEXT_LANGUAGES: Final[tuple[str, ...]] = ("nb", "en", "uk")

#: Right-to-left scripts among the supported languages.
RTL_LANGUAGES: Final[frozenset[str]] = frozenset({"ar", "fa"})

#: Which language to show when an article lacks the user's own, best first.
#: Nynorsk readers read bokmål; everyone else is offered English, then bokmål.
_FALLBACKS: Final[dict[str, tuple[str, ...]]] = {
    "nn": ("nb", "en"),
    "nb": ("nn", "en"),
}
_DEFAULT_FALLBACK: Final[tuple[str, ...]] = ("en", "nb")


def is_supported(code: str) -> bool:
    """True when `code` is one of our language codes.

    >>> is_supported("uk"), is_supported("de")
    (True, False)
    """
    return code in SUPPORTED_LANGUAGES


def fallback_chain(code: str) -> tuple[str, ...]:
    """The user's language first, then the languages to fall back to, without repeats.

    >>> fallback_chain("so")
    ('so', 'en', 'nb')
    """
    chain = (code, *_FALLBACKS.get(code, _DEFAULT_FALLBACK))
    return tuple(dict.fromkeys(chain))
