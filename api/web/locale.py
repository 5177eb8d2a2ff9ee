"""The page's language: `?lang=`, then the `veiviser_lang` cookie, then the browser's Accept-Language."""

from babel import negotiate_locale
from fastapi import Request

from veiviser.languages import SUPPORTED_LANGUAGES, is_supported

COOKIE = "veiviser_lang"
# Browsers send "no" for Norwegian; Babel negotiates with these aliases.
_ALIASES = {"no": "nb", "nb-no": "nb", "nn-no": "nn"}


def page_language(request: Request) -> str:
    """
        page_language(request)   # ?lang=ar -> 'ar'; Accept-Language: uk-UA,uk;q=0.9 -> 'uk'
    """
    for candidate in (request.query_params.get("lang"), request.cookies.get(COOKIE)):
        if candidate and is_supported(candidate):
            return candidate
    header = request.headers.get("accept-language", "")
    preferred = [part.split(";")[0].strip().lower() for part in header.split(",") if part.strip()]
    preferred = [_ALIASES.get(code, code).replace("-", "_") for code in preferred]
    return negotiate_locale(preferred, list(SUPPORTED_LANGUAGES), sep="_") or "en"
