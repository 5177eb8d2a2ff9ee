"""Which of our languages a message is written in.

lingua is built from our own language list only (fewer candidates, fewer mistakes). It has no Tigrinya,
so text in Ethiopic script (U+1200-U+137F) goes to Tigrinya by rule before lingua is asked. The rule
needs only a fifth of the letters to be Ethiopic: Tigrinya speakers mix in Norwegian names
("ID-kontroll", "Skatteetaten"), and no other language we support uses that script.
"""

import threading
from dataclasses import dataclass
from typing import Any

from veiviser.languages import SUPPORTED_LANGUAGES

_ETHIOPIC = (0x1200, 0x137F)
_MIN_SCRIPT_SHARE = 0.2
_SCRIPTS: dict[str, tuple[tuple[int, int], tuple[str, ...]]] = {
    # script: (code point range, our languages written in it)
    "arabic": ((0x0600, 0x06FF), ("ar", "fa")),
    "cyrillic": ((0x0400, 0x04FF), ("uk", "ru")),
}
_NORWEGIAN = ("nb", "nn")
# Letters only one of two same-script languages uses decide between them outright.
_TELLTALE_LETTERS = {
    "uk": set("іїєґІЇЄҐ"), "ru": set("ыэъёЫЭЪЁ"),
    "fa": set("پچژگکی"), "ar": set("ةىيك"),
}
_MIN_WORD_MAJORITY = 0.6
_LINGUA_NAMES = {
    "nb": "BOKMAL", "nn": "NYNORSK", "en": "ENGLISH", "uk": "UKRAINIAN", "ru": "RUSSIAN", "pl": "POLISH",
    "lt": "LITHUANIAN", "ar": "ARABIC", "so": "SOMALI", "fa": "PERSIAN",
}
_CODES = {name: code for code, name in _LINGUA_NAMES.items()}


class LazyLingua:
    """A lingua detector over the named languages, built once on first use behind a lock (building loads its
    models, hundreds of MB for the full ones)."""

    def __init__(self, names: tuple[str, ...], low_accuracy: bool = False, preload: bool = False) -> None:
        self._names = names
        self._low_accuracy = low_accuracy
        self._preload = preload
        self._detector: Any = None
        self._lock = threading.Lock()

    def get(self) -> Any:
        if self._detector is None:
            with self._lock:
                if self._detector is None:
                    from lingua import Language, LanguageDetectorBuilder

                    builder = LanguageDetectorBuilder.from_languages(*(getattr(Language, n) for n in self._names))
                    if self._low_accuracy:
                        builder = builder.with_low_accuracy_mode()
                    if self._preload:
                        builder = builder.with_preloaded_language_models()
                    self._detector = builder.build()
        return self._detector


@dataclass(frozen=True)
class DetectedLanguage:
    code: str
    confidence: float  # 0..1, lingua's relative confidence among the candidate languages


def _script_share(text: str, low: int, high: int) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(low <= ord(c) <= high for c in letters) / len(letters)


class LanguageDetector:
    """Detects the language of a message; the lingua model loads on first use (it takes ~260 MB).

        LanguageDetector().detect("Hvordan får jeg fastlege?").code
        # -> 'nb'
    """

    def __init__(self, languages: tuple[str, ...] = SUPPORTED_LANGUAGES) -> None:
        unknown = set(languages) - set(SUPPORTED_LANGUAGES)
        if unknown:
            raise ValueError(f"unsupported language codes: {sorted(unknown)}")
        self._languages = languages
        # Preloaded: lingua otherwise loads each model on first need, a 60 MB jump and a slow reply
        # mid-conversation (seen in the load run).
        self._lingua = LazyLingua(tuple(_LINGUA_NAMES[c] for c in languages if c in _LINGUA_NAMES), preload=True)

    def warm_up(self) -> None:
        self._lingua.get()

    def detect(self, text: str) -> DetectedLanguage | None:
        """The most likely language, or None for text with no letters at all.

        The script narrows the candidates first (Norwegian names inside an Arabic or Ukrainian question
        must not make it Norwegian). In Latin script, a message lingua calls Norwegian is checked word by
        word: "how do I get a skattekort" is English with one Norwegian word, not Norwegian.
        """
        if not any(c.isalpha() for c in text):
            return None
        if "ti" in self._languages and _script_share(text, *_ETHIOPIC) >= _MIN_SCRIPT_SHARE:
            return DetectedLanguage("ti", 1.0)
        candidates = [c for c in self._languages if c in _LINGUA_NAMES]
        for (low, high), languages in _SCRIPTS.values():
            if _script_share(text, low, high) >= _MIN_SCRIPT_SHARE:
                candidates = [c for c in candidates if c in languages]
                telltale = [c for c in candidates if _TELLTALE_LETTERS[c] & set(text)]
                if len(telltale) == 1:
                    return DetectedLanguage(telltale[0], 1.0)
                break
        else:
            latin_only = {c for _, languages in _SCRIPTS.values() for c in languages}
            candidates = [c for c in candidates if c not in latin_only] or candidates
        values = self._lingua.get().compute_language_confidence_values(text)
        scored = [(_CODES[v.language.name], float(v.value)) for v in values if _CODES[v.language.name] in candidates]
        if not scored:
            return None
        code, confidence = max(scored, key=lambda item: item[1])
        if code in _NORWEGIAN:
            code = self._majority_by_words(text, default=code)
        total = sum(value for _, value in scored) or 1.0
        return DetectedLanguage(code, dict(scored).get(code, 0.0) / total)

    def confidence(self, text: str, code: str) -> float:
        """lingua's confidence that `text` is in `code` (0 for Tigrinya, which lingua does not know)."""
        if code not in _LINGUA_NAMES:
            return 0.0
        from lingua import Language

        return float(self._lingua.get().compute_language_confidence(text, getattr(Language, _LINGUA_NAMES[code])))

    def _majority_by_words(self, text: str, default: str) -> str:
        words: dict[str, int] = {}
        for segment in self._lingua.get().detect_multiple_languages_of(text):
            code = _CODES[segment.language.name]
            words[code] = words.get(code, 0) + segment.word_count
        if not words:
            return default
        best = max(words, key=lambda c: words[c])
        if best in _NORWEGIAN or words[best] < _MIN_WORD_MAJORITY * sum(words.values()):
            return default
        return best
