"""The editors' area in Norwegian bokmål or English: `?lang=`, then its cookie, then Accept-Language.

Its strings are in the `admin` gettext domain (`translations/admin.pot`), apart from the assistant's own
`messages`, because editors read two languages while newcomers read eleven.
"""

from functools import lru_cache
from typing import Final

from babel import negotiate_locale
from babel.support import NullTranslations, Translations
from fastapi import Request
from jinja2 import pass_context
from jinja2.runtime import Context

from veiviser.i18n import TRANSLATIONS_DIR

ADMIN_LANGUAGES: Final = ("en", "nb")
ADMIN_COOKIE: Final = "veiviser_admin_lang"
DOMAIN: Final = "admin"
_ALIASES: Final = {"no": "nb", "nb-no": "nb", "nn": "nb", "nn-no": "nb", "no-no": "nb"}


def admin_language(request: Request) -> str:
    """
        admin_language(request)   # Accept-Language: no,en;q=0.8 -> 'nb'; ?lang=en -> 'en'
    """
    for candidate in (request.query_params.get("lang"), request.cookies.get(ADMIN_COOKIE)):
        if candidate in ADMIN_LANGUAGES:
            return candidate
    header = request.headers.get("accept-language", "")
    preferred = [_ALIASES.get(code, code) for code in
                 (part.split(";")[0].strip().lower() for part in header.split(",") if part.strip())]
    return negotiate_locale(preferred, list(ADMIN_LANGUAGES)) or "en"


@lru_cache(maxsize=None)
def admin_translations(language: str) -> NullTranslations:
    if language == "en" or language not in ADMIN_LANGUAGES:
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS_DIR), [language], domain=DOMAIN)


def admin_gettext(language: str, message: str, /, **values: object) -> str:
    """`message` in the editor's language, `{name}` placeholders filled in."""
    text = admin_translations(language).gettext(message)
    return text.format(**values) if values else text


@pass_context
def template_gettext(context: Context, message: str, /, **values: object) -> str:
    """`_()` in the admin templates: the language comes from the request being rendered."""
    request = context.get("request")
    return admin_gettext(admin_language(request) if request is not None else "en", message, **values)


@pass_context
def current_admin_language(context: Context) -> str:
    request = context.get("request")
    return admin_language(request) if request is not None else "en"
