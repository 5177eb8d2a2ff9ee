"""What the channel says about language: the user's explicit choice, and the page's language.

The decision itself is `veiviser.understanding.language.reply_language`, shared with the API's degraded path.
"""

from typing import Any

from veiviser.languages import is_supported


def chosen_language(metadata: dict[str, Any] | None) -> str | None:
    """The language the user picked in the interface, if the channel sent one.

    >>> chosen_language({"language": "uk"}), chosen_language({"language": "xx"}), chosen_language(None)
    ('uk', None, None)
    """
    code = (metadata or {}).get("language")
    return code if isinstance(code, str) and is_supported(code) else None


def page_language(metadata: dict[str, Any] | None) -> str | None:
    """The language the page or widget was opened in, if the channel sent one (a fallback, not a choice).

    >>> page_language({"page_language": "ar"}), page_language({"page_language": "de"})
    ('ar', None)
    """
    code = (metadata or {}).get("page_language")
    return code if isinstance(code, str) and is_supported(code) else None
