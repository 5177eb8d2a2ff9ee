"""Which language a user asks to be answered in ("can you answer in Ukrainian?", "på norsk takk").

Names come from Babel (each language's name in each of our languages) plus the adverb forms people
actually type; matching is by word stem, so "українською" and "по-украински" both find Ukrainian.
"""

import re
from functools import lru_cache

from babel import Locale

from veiviser.languages import SUPPORTED_LANGUAGES

# Forms Babel does not list (adverbs, prepositional forms); all lower case.
_EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "nb": ("bokmål", "bokmal", "norsk", "norwegian", "норвезьк", "норвежск", "norwesk", "norvegišk"),
    "nn": ("nynorsk",),
    "en": ("english", "engelsk", "англійськ", "английск", "angiel", "angl", "ingiriis"),
    "uk": ("ukrainian", "ukrainsk", "українськ", "украинск", "ukraiń", "ukrainiet", "ukrainsky", "ukrainskoju"),
    "ru": ("russian", "russisk", "російськ", "русск", "po-russki", "rosyjsk"),
    "pl": ("polish", "polsk", "польськ", "польск", "po polsku"),
    "lt": ("lithuanian", "litauisk", "литовськ", "литовск", "lietuvi", "litewsk"),
    "ar": ("arabic", "arabisk", "арабськ", "арабск", "عربي", "بالعربي"),
    "so": ("somali", "soomaali", "somalisk", "сомалі"),
    "ti": ("tigrinya", "tigrinja", "ትግርኛ"),
    "fa": ("persian", "farsi", "dari", "persisk", "فارسی", "دری", "перськ", "персидск"),
}
_MAX_WORDS = 10  # a request to switch language is short; a long question that names a language is not one


@lru_cache(maxsize=1)
def _stems() -> list[tuple[str, str]]:
    """(stem, language) pairs, longest stem first so 'nynorsk' wins over 'norsk'."""
    pairs: set[tuple[str, str]] = set()
    for target in SUPPORTED_LANGUAGES:
        for reader in SUPPORTED_LANGUAGES:
            name = (Locale.parse(target).get_display_name(reader) or "").lower()
            for word in name.split():
                if len(word) >= 4:
                    pairs.add((word[: max(4, len(word) - 3)], target))
        pairs |= {(extra, target) for extra in _EXTRA_NAMES.get(target, ())}
    # Generic words shared by several names ("norsk" in "norsk bokmål" and "norsk nynorsk") must not decide.
    by_stem: dict[str, set[str]] = {}
    for stem, target in pairs:
        by_stem.setdefault(stem, set()).add(target)
    unique = [(stem, next(iter(t))) for stem, t in by_stem.items() if len(t) == 1]
    return sorted(unique, key=lambda pair: -len(pair[0]))


def requested_language(text: str) -> str | None:
    """The language a short request names, or None.

    >>> requested_language("can you answer in Ukrainian?"), requested_language("på nynorsk, takk")
    ('uk', 'nn')
    >>> requested_language("Відповідайте англійською"), requested_language("hvordan får jeg fastlege?")
    ('en', None)
    """
    lowered = re.sub(r"\s+", " ", text.lower())
    if len(lowered.split()) > _MAX_WORDS:
        return None
    for stem, target in _stems():
        if stem in lowered:
            return target
    return None
