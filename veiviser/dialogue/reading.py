"""Reading a message: the language to answer in and the text to search, the same for the Rasa actions and
the API's degraded path.

A Latin-letter message that may be Ukrainian or Russian is searched again in Cyrillic. The reading is kept
when the message is clearly transliterated (see `clearly_transliterated`), or else when it finds an answer
clearly better than the Latin text did. Measured on the dialogue dev sets: no Latin-script question in English,
Norwegian, Polish, Lithuanian or Somali was taken over, and 18 of 19 transliterated ones found their article
in the right language (16 before the word evidence counted on its own).
"""

import re
from dataclasses import dataclass

from veiviser.i18n import language_name
from veiviser.knowledge.loader import KnowledgeBase
from veiviser.languages import SUPPORTED_LANGUAGES
from veiviser.retrieval.search import ArticleSearch, SearchResult
from veiviser.understanding.language import (UnsupportedLanguageCheck, clearly_transliterated, cyrillic_readings,
                                             fold, latin_cyrillic_language, may_be_transliterated,
                                             reply_language)

#: A Cyrillic reading must beat the Latin text's answer probability by this much to replace it.
READING_MARGIN = 0.15
#: ... or find the same article at least this sure, to set the language when the Latin text found it too.
READING_SAME_ARTICLE = 0.5
SEARCH_DEPTH = 3
_LATIN_WORD = re.compile(r"[A-Za-zÆØÅæøå][A-Za-zÆØÅæøå-]{3,}")
_latin_terms: dict[str, frozenset[str]] = {}  # by the knowledge base's fingerprint: a reload makes a new one


def latin_terms(kb: KnowledgeBase) -> frozenset[str]:
    """The Latin-letter words of our Ukrainian and Russian texts (skattekort, fødselsnummer, NAV), folded:
    a transliterated message keeps them in Latin letters, so its reading matches the texts."""
    if kb.fingerprint not in _latin_terms:
        if len(_latin_terms) > 4:
            _latin_terms.clear()
        words = {fold(word) for article in kb.articles.values() for code in ("uk", "ru")
                 if (text := article.texts.get(code)) is not None
                 for word in _LATIN_WORD.findall(" ".join((text.title, text.summary, text.body, *text.meta.questions)))}
        _latin_terms[kb.fingerprint] = frozenset(words)
    return _latin_terms[kb.fingerprint]


@dataclass(frozen=True)
class Reading:
    text: str  # what was searched: the message, or its Cyrillic reading
    language: str  # the language to answer in
    result: SearchResult
    unsupported: bool = False  # written in a language we do not answer in
    transliterated: bool = False


def read_message(search: ArticleSearch, text: str, chosen: str | None = None, session: str | None = None,
                 page: str | None = None, unsupported: UnsupportedLanguageCheck | None = None) -> Reading:
    """How to understand `text` in a conversation whose language so far is `session`, on a page opened in
    `page`, where the user may have `chosen` a language.

        read_message(search, "yak otrymaty kolektyvnyi zakhyst v norvehii").language
        # -> 'uk'
    """
    detected = search.detector.detect(text)
    result = search.search(text, k=SEARCH_DEPTH)
    readings = cyrillic_readings(text, detected, latin_terms(search.kb)) if chosen is None else []
    if readings:
        language = latin_cyrillic_language(text, search.detector)
        reading = next(r for r in readings if r.language == language)
        found = search.search(reading.text, reading.language, k=SEARCH_DEPTH)
        if clearly_transliterated(text, detected):
            return Reading(reading.text, language, found, transliterated=True)
        # Without clear evidence, a better or equal search alone is not enough: "is there a minimum time to
        # get kontantstøtte?" finds the same article in Cyrillic, yet has no Ukrainian or Russian word.
        if may_be_transliterated(text):
            if found.probability >= result.probability + READING_MARGIN:
                return Reading(reading.text, language, found, transliterated=True)
            same_article = bool(found.hits and result.hits and found.hits[0].slug == result.hits[0].slug)
            if same_article and found.probability >= READING_SAME_ARTICLE:
                return Reading(text, language, result, transliterated=True)
    if chosen is None and unsupported is not None and unsupported.is_unsupported(text):
        return Reading(text, session or page or "en", result, unsupported=True)
    return Reading(text, reply_language(text, chosen, detected, session, page), result)


def supported_languages_line() -> str:
    """One line in English (the language most newcomers share) naming our languages, each in itself."""
    names = ", ".join(language_name(code) for code in SUPPORTED_LANGUAGES)
    return f"I can answer in these languages: {names}."
