"""Every sentence the assistant says, from the gettext catalogs in `translations/` (Babel).

Message ids are English. A missing translation falls back to English (gettext's own behaviour), and
`translations/` coverage is reported by `make i18n-check`.
"""

from datetime import date
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.support import NullTranslations, Translations

from veiviser.languages import SUPPORTED_LANGUAGES
from veiviser.settings import REPO_ROOT

TRANSLATIONS_DIR = REPO_ROOT / "translations"
DOMAIN = "messages"


@lru_cache(maxsize=None)
def translations(language: str, directory: Path = TRANSLATIONS_DIR) -> NullTranslations:
    """The compiled catalog for `language` (English ids are returned as they are when it is missing).

    >>> translations("en").gettext("Goodbye, and good luck!")
    'Goodbye, and good luck!'
    """
    if language not in SUPPORTED_LANGUAGES or language == "en":
        return NullTranslations()
    return Translations.load(str(directory), [language], domain=DOMAIN)


def N_(message: str) -> str:
    """Marks a message id for extraction where it is defined, not translated (`pybabel extract -k N_`)."""
    return message


def gettext(language: str, message: str, /, **values: object) -> str:
    """`message` in `language`, with `{name}` placeholders filled in (a placeholder may be called `language`).

    >>> gettext("nb", "The full text is in {language}.", language="engelsk")
    'Hele teksten er på engelsk.'
    """
    text = translations(language).gettext(message)
    return text.format(**values) if values else text


def language_name(code: str) -> str:
    """A language's name in itself, as the language picker shows it.

    >>> language_name("uk"), language_name("nb")
    ('українська', 'norsk bokmål')
    """
    return Locale.parse(code).get_display_name(code) or code


def language_name_in(code: str, reader: str) -> str:
    """A language's name in the reader's language ("ukrainsk" for a bokmål reader).

    >>> language_name_in("uk", "nb")
    'ukrainsk'
    """
    return Locale.parse(code).get_display_name(reader) or code


def text_direction(code: str) -> str:
    """'rtl' or 'ltr'.

    >>> text_direction("ar"), text_direction("en")
    ('rtl', 'ltr')
    """
    return Locale.parse(code).text_direction


def format_review_date(day: date, language: str) -> str:
    """A review date as readers of `language` write it.

    >>> format_review_date(date(2026, 11, 21), "nb")
    '21. nov. 2026'
    """
    return format_date(day, format="medium", locale=language)
