"""Which language to answer in, and what to do with messages the detector cannot place.

- An explicit choice in the interface wins.
- A short or language-neutral message ("ok", "hei", "BankID", "👍") says little about its language: the
  session's language stays, else the language the page was opened in; ambiguous Norwegian is bokmål.
- A message in a language we do not support is answered in the page's language (else English), with one line
  listing the languages we speak: never in a third language the detector guessed.
- Ukrainian and Russian typed in Latin letters ("yak otrymaty zakhyst") are read back into Cyrillic; the
  caller keeps that reading when retrieval finds it clearly better than the Latin text (see `cyrillic_readings`).
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from veiviser.retrieval.language_detection import DetectedLanguage, LanguageDetector, LazyLingua

# Below either, a message is too short or unclear to move the conversation to another language.
MIN_WORDS_TO_SWITCH: Final = 3
MIN_CONFIDENCE_TO_SWITCH: Final = 0.5
_NORWEGIAN: Final = ("nb", "nn")


def reply_language(text: str, chosen: str | None, detected: DetectedLanguage | None, session: str | None,
                   page: str | None = None, default: str = "en") -> str:
    """Decides the reply language.

    >>> reply_language("ok", None, DetectedLanguage("lt", 0.3), None, page="uk")
    'uk'
    >>> reply_language("hei", None, DetectedLanguage("nn", 0.52), None)
    'nb'
    >>> reply_language("Як отримати податкову картку?", None, DetectedLanguage("uk", 0.9), "en")
    'uk'
    """
    if chosen:
        return chosen
    clear = (detected is not None and len(text.split()) >= MIN_WORDS_TO_SWITCH
             and detected.confidence >= MIN_CONFIDENCE_TO_SWITCH)
    if clear and detected is not None:
        return detected.code
    if session or page:
        return session or page  # type: ignore[return-value]
    if detected is not None and detected.code in _NORWEGIAN:
        return "nb"  # "hei", "takk": Norwegian, and most Norwegian is written in bokmål
    if detected is not None and detected.confidence >= MIN_CONFIDENCE_TO_SWITCH:
        return detected.code
    return default


# Languages people write to us in that we do not answer in. lingua knows them, so a message in one of them is
# recognised instead of being forced onto the nearest of ours ("Norveç'te banka hesabı" is not Somali).
_OTHER_LINGUA_LANGUAGES: Final = (
    "TURKISH", "GERMAN", "FRENCH", "SPANISH", "ITALIAN", "PORTUGUESE", "DUTCH", "ROMANIAN", "VIETNAMESE",
    "SWAHILI", "URDU", "HINDI", "TAMIL", "ALBANIAN", "CROATIAN", "CZECH", "HUNGARIAN", "LATVIAN", "ESTONIAN",
    "TAGALOG", "INDONESIAN", "THAI", "BENGALI", "PUNJABI", "CHINESE", "KOREAN", "JAPANESE",
)
_OUR_LINGUA_LANGUAGES: Final = ("BOKMAL", "NYNORSK", "ENGLISH", "UKRAINIAN", "RUSSIAN", "POLISH", "LITHUANIAN",
                                "ARABIC", "SOMALI", "PERSIAN", "DANISH", "SWEDISH")
# Letters of scripts we support; a message with none of them is in a language we do not read.
_OUR_SCRIPTS: Final = ("LATIN", "CYRILLIC", "ARABIC", "ETHIOPIC")
MIN_WORDS_FOR_UNSUPPORTED: Final = 3
MIN_CONFIDENCE_FOR_UNSUPPORTED: Final = 0.6
# lingua knows neither Kurdish, Pashto nor Amharic, so their scripts' own marks tell them from ours: letters
# Sorani (ڕ ڵ ۆ ێ ە), Pashto (ټ ډ ړ ږ ښ ځ څ ګ ڼ ۍ ې) and Urdu (ٹ ڈ ڑ ں ے) use and Arabic and Persian do not ...
_OTHER_ARABIC_SCRIPT_LETTERS: Final = frozenset("ڕڵۆێەټډړږښځڅګڼۍېٹڈڑںے")
MIN_OTHER_LETTERS: Final = 2
# ... and everyday Amharic words that Tigrinya says otherwise ("how", "is", "I can", "where", "what", "when").
_AMHARIC_WORDS: Final = frozenset({"እንዴት", "ነው", "እችላለሁ", "አለብኝ", "ምንድን", "ምንድነው", "የት", "ውስጥ", "እፈልጋለሁ",
                                   "ይችላል", "ይቻላል", "ነኝ", "ምን", "ስንት", "መቼ", "ማግኘት"})
_WORD = re.compile(r"\w+")


def _other_script_language(text: str) -> bool:
    """True for Kurdish, Pashto or Urdu in Arabic letters, or Amharic in Ethiopic letters.

    >>> _other_script_language("چۆن دەتوانم لە نەرویج داوای پەنابەری بکەم؟"), _other_script_language("چطور کارت مالیاتی بگیرم؟")
    (True, False)
    >>> _other_script_language("በኖርዌይ እንዴት ማመልከት እችላለሁ?"), _other_script_language("ካርድ ግብሪ ብኸመይ ይርከብ?")
    (True, False)
    """
    if sum(c in _OTHER_ARABIC_SCRIPT_LETTERS for c in text) >= MIN_OTHER_LETTERS:
        return True
    return any(word in _AMHARIC_WORDS for word in _WORD.findall(text))


class UnsupportedLanguageCheck:
    """Tells a message in a language we do not support from one in ours.

    Only messages of three words or more are judged (short ones are neutral), and only a clear verdict
    counts: a false "we don't speak your language" to someone who wrote Ukrainian is worse than answering a
    Turkish question in English without the note. The low-accuracy lingua models are small and load on
    first use.
    """

    def __init__(self) -> None:
        self._lingua = LazyLingua((*_OUR_LINGUA_LANGUAGES, *_OTHER_LINGUA_LANGUAGES), low_accuracy=True)

    def warm_up(self) -> None:
        self._lingua.get()

    def is_unsupported(self, text: str) -> bool:
        letters = [c for c in text if c.isalpha()]
        if len(text.split()) < MIN_WORDS_FOR_UNSUPPORTED or not letters:
            return False
        if not any(unicodedata.name(c, "").startswith(_OUR_SCRIPTS) for c in letters):
            return True  # Tamil, Devanagari, Thai, Chinese ...: no script of ours at all
        if _other_script_language(text):
            return True
        values = self._lingua.get().compute_language_confidence_values(text)
        if not values:
            return False
        best = values[0]
        return best.language.name in _OTHER_LINGUA_LANGUAGES and best.value >= MIN_CONFIDENCE_FOR_UNSUPPORTED


# Latin letters back to Cyrillic, longest spelling first. Both the common English-style spellings ("zh",
# "kh", "shch", "ya") and the scholarly ones ("ž", "č", "šč") are read.
_COMMON_LATIN: Final = [
    ("shch", "щ"), ("sch", "щ"), ("šč", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"),
    ("ž", "ж"), ("č", "ч"), ("š", "ш"), ("x", "кс"), ("4", "ч"), ("'", "ь"), ("’", "ь"),
    ("a", "а"), ("b", "б"), ("v", "в"), ("w", "в"), ("d", "д"), ("z", "з"), ("k", "к"), ("l", "л"), ("m", "м"),
    ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("c", "ц"),
]
_UKRAINIAN_LATIN: Final = [
    ("yi", "ї"), ("ji", "ї"), ("ye", "є"), ("je", "є"), ("ie", "є"), ("ya", "я"), ("ja", "я"), ("ia", "я"),
    ("yu", "ю"), ("ju", "ю"), ("iu", "ю"), ("y", "и"), ("i", "і"), ("j", "й"), ("e", "е"), ("h", "г"),
    ("g", "г"),
]
_RUSSIAN_LATIN: Final = [
    ("yo", "ё"), ("ye", "е"), ("ya", "я"), ("ja", "я"), ("ia", "я"), ("yu", "ю"), ("ju", "ю"), ("iu", "ю"),
    ("iy", "ий"), ("yy", "ый"), ("y", "ы"), ("i", "и"), ("j", "й"), ("e", "е"), ("h", "х"), ("g", "г"),
]
_SCHEMES: Final = {"uk": _COMMON_LATIN[:13] + _UKRAINIAN_LATIN + _COMMON_LATIN[13:],
                   "ru": _COMMON_LATIN[:13] + _RUSSIAN_LATIN + _COMMON_LATIN[13:]}
_PATTERNS: Final = {code: re.compile("|".join(re.escape(latin) for latin, _ in scheme))
                    for code, scheme in _SCHEMES.items()}
# Adjective endings first: "-yi" is "-ий" in Ukrainian ("kolektyvnyi"), "-yi"/"-iy" are "-ый"/"-ий" in Russian.
_ENDINGS: Final = {"uk": [(re.compile(r"(?:yi|yy|iy)\b"), "ий")],
                   "ru": [(re.compile(r"(?:yi|yy)\b"), "ый"), (re.compile(r"iy\b"), "ий")]}
# Spellings that are common in transliterated Ukrainian or Russian and rare in English or Norwegian words.
_TRANSLIT_MARKERS: Final = re.compile(r"(zh|kh|sh|ch|ya|yu|yi|ye|yy|iy|ts|ii\b|č|ž|š|4to|[a-z]'[a-z])")


_TOKEN: Final = re.compile(r"\S+")
_WORD_EDGES: Final = re.compile(r"^\W+|\W+$")


def fold(word: str) -> str:
    """`word` lower-cased without diacritics or edge punctuation, the way people type Norwegian terms on a
    foreign keyboard ("Fødselsnummer," -> "fodselsnummer").

    >>> fold("Fødselsnummer,"), fold("(skattekort)")
    ('fodselsnummer', 'skattekort')
    """
    word = _WORD_EDGES.sub("", word.lower()).replace("ø", "o").replace("æ", "ae")
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def transliterate(text: str, language: str, keep: frozenset[str] = frozenset()) -> str:
    """`text` in Latin letters read as Cyrillic `language` ("uk" or "ru"). Words in `keep` (folded) stay as
    they are: Norwegian terms such as "skattekort" are written in Latin letters in our Cyrillic texts too.

    >>> transliterate("yak otrymaty zakhyst", "uk")
    'як отримати захист'
    >>> transliterate("kak poluchit d-nomer", "ru")
    'как получит д-номер'
    >>> transliterate("4to takoe skattemelding", "ru", keep=frozenset({"skattemelding"}))
    'что такое skattemelding'
    """
    table = dict(_SCHEMES[language])

    def read(word: str) -> str:
        if fold(word) in keep:
            return word
        lowered = word.lower()
        for ending, cyrillic in _ENDINGS[language]:
            lowered = ending.sub(cyrillic, lowered)
        return _PATTERNS[language].sub(lambda m: table[m.group(0)], lowered)

    return _TOKEN.sub(lambda m: read(m.group(0)), text)


@dataclass(frozen=True)
class CyrillicReading:
    language: str
    text: str


def cyrillic_readings(text: str, detected: DetectedLanguage | None,
                      keep: frozenset[str] = frozenset()) -> list[CyrillicReading]:
    """The Ukrainian and Russian readings of a Latin-letter message that may be transliterated; none for
    a message that is clearly English or clearly in one of our other Latin-script languages.

    >>> [r.language for r in cyrillic_readings("de shukaty robotu v norvehii", None)]
    ['uk', 'ru']
    >>> cyrillic_readings("how do I get a tax card", None)
    []
    """
    letters = [c for c in text if c.isalpha()]
    if not letters or any(not unicodedata.name(c, "").startswith("LATIN") for c in letters):
        return []
    if len(text.split()) < 2 or not _TRANSLIT_MARKERS.search(text.lower()):
        return []
    if detected is not None and detected.code in ("en", "nb", "nn") and detected.confidence >= 0.75:
        return []
    return [CyrillicReading(code, transliterate(text, code, keep)) for code in ("uk", "ru")]


# Words and endings that tell transliterated Ukrainian from Russian: "yak/shcho/de/chy" and infinitives in
# -ty against "kak/chto/gde/li" and infinitives in -t. Measured on the dev set's Latin-letter messages:
# 25 of 25 right, against 17 of 25 for lingua alone on the Cyrillic readings (it decides the ties).
_UKRAINIAN_WORDS: Final = frozenset({"yak", "jak", "shcho", "scho", "ščo", "sho", "de", "chy", "meni", "potribno",
                                     "treba", "skilky", "yakshcho", "koly", "tse"})
_RUSSIAN_WORDS: Final = frozenset({"kak", "chto", "4to", "shto", "gde", "li", "nuzhno", "nuzhen", "nado", "skolko",
                                   "eto", "esli", "kogda"})
_UKRAINIAN_ENDING: Final = re.compile(r"(ty|ti)$")
_RUSSIAN_ENDING: Final = re.compile(r"([aiey]t|t'|sya|tsya)$")


def _word_evidence(text: str) -> tuple[int, int]:
    """How many words and endings look like transliterated Ukrainian, and like transliterated Russian."""
    words = re.findall(r"[a-zščž'4]+", text.lower())
    long_words = [w for w in words if len(w) > 4]
    ukrainian = sum(w in _UKRAINIAN_WORDS for w in words) + sum(bool(_UKRAINIAN_ENDING.search(w)) for w in long_words)
    russian = sum(w in _RUSSIAN_WORDS for w in words) + sum(bool(_RUSSIAN_ENDING.search(w)) for w in long_words)
    return ukrainian, russian


#: Two such words or endings, in a message the detector does not clearly place in one of our Latin-script
#: languages, mark it as transliterated. Measured on every Latin-script message of the dialogue dev sets:
#: 17 of 19 transliterated messages have them, and none of the 97 in English, Norwegian, Polish, Lithuanian
#: or Somali (those that reach the check at all have detector confidence 0.94 or more).
STRONG_EVIDENCE: Final = 2
STRONG_BELOW_CONFIDENCE: Final = 0.9


def clearly_transliterated(text: str, detected: DetectedLanguage | None) -> bool:
    """True when a Latin-letter message is Ukrainian or Russian beyond doubt ("de podaty zaiavu na kolektyvnyi
    zakhyst?"): its Cyrillic reading is searched instead of the Latin text, whatever that text happens to match.

    >>> clearly_transliterated("kak podat na grazhdanstvo norvegii", DetectedLanguage("pl", 0.44))
    True
    >>> clearly_transliterated("Mój mąż jest Norwegiem, jak mam złożyć wniosek?", DetectedLanguage("pl", 1.0))
    False
    """
    if detected is not None and detected.confidence >= STRONG_BELOW_CONFIDENCE:
        return False
    return sum(_word_evidence(text)) >= STRONG_EVIDENCE


def may_be_transliterated(text: str) -> bool:
    """True when at least one word or ending looks like transliterated Ukrainian or Russian: "is there a
    minimum time to get kontantstøtte?" has none, so finding the same article in Cyrillic does not make it
    Ukrainian.

    >>> may_be_transliterated("is there a minimum time living in norway to get kontantstotte?")
    False
    """
    return sum(_word_evidence(text)) > 0


def latin_cyrillic_language(text: str, detector: LanguageDetector) -> str:
    """"uk" or "ru" for a message typed in Latin letters.

    >>> latin_cyrillic_language("shcho robyty yakshcho vtratyv robotu", LanguageDetector())
    'uk'
    """
    ukrainian, russian = _word_evidence(text)
    if ukrainian != russian:
        return "uk" if ukrainian > russian else "ru"
    as_ukrainian = detector.confidence(transliterate(text, "uk"), "uk")
    as_russian = detector.confidence(transliterate(text, "ru"), "ru")
    return "uk" if as_ukrainian > as_russian else "ru"


__all__ = ["clearly_transliterated", "latin_cyrillic_language", "may_be_transliterated", "CyrillicReading", "UnsupportedLanguageCheck", "cyrillic_readings", "reply_language", "transliterate"]
