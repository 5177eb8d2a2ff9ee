"""Which language to answer in; Latin-letter Ukrainian and Russian; languages we do not support."""

import pytest

from veiviser.retrieval.language_detection import DetectedLanguage, LanguageDetector
from veiviser.understanding.language import (UnsupportedLanguageCheck, clearly_transliterated, cyrillic_readings,
                                             latin_cyrillic_language, reply_language, transliterate)


def test_explicit_choice_wins() -> None:
    assert reply_language("Hvordan får jeg skattekort?", "ar", DetectedLanguage("nb", 0.99), "nb") == "ar"


def test_a_clear_long_message_switches_language() -> None:
    assert reply_language("Can you answer in English please?", None, DetectedLanguage("en", 0.9), "uk") == "en"


def test_short_or_unsure_messages_keep_the_session_language() -> None:
    assert reply_language("ok takk", None, DetectedLanguage("nb", 0.9), "uk") == "uk"
    assert reply_language("ok ok ok ok", None, DetectedLanguage("pl", 0.3), "uk") == "uk"


def test_a_short_first_message_takes_the_page_language() -> None:
    assert reply_language("ok", None, DetectedLanguage("lt", 0.28), None, page="uk") == "uk"
    assert reply_language("👍", None, None, None, page="ar") == "ar"
    assert reply_language("ok", None, DetectedLanguage("lt", 0.28), "so", page="uk") == "so"  # session first


def test_ambiguous_norwegian_is_bokmal_and_unclear_text_english() -> None:
    assert reply_language("hei", None, DetectedLanguage("nn", 0.52), None) == "nb"
    assert reply_language("ok", None, DetectedLanguage("lt", 0.28), None) == "en"
    assert reply_language("???", None, None, None) == "en"


@pytest.mark.parametrize(("latin", "language", "cyrillic"), [
    ("yak otrymaty kolektyvnyi zakhyst", "uk", "як отримати колективний захист"),
    ("shcho robyty", "uk", "що робити"),
    ("gde iskat kvartiru", "ru", "где искат квартиру"),
    ("ščo take skattekort", "uk", "що таке скаттекорт"),
])
def test_latin_letters_are_read_back_into_cyrillic(latin: str, language: str, cyrillic: str) -> None:
    assert transliterate(latin, language) == cyrillic


@pytest.mark.parametrize(("text", "language"), [
    ("yak zapysaty dytynu do shkoly", "uk"), ("de zrobyty bankid", "uk"), ("chy potribno platyty za sadok", "uk"),
    ("kak zapisatsya k stomatologu", "ru"), ("nuzhno li platit za detskiy sad", "ru"), ("gde sdelat bankid", "ru"),
])
def test_transliterated_ukrainian_and_russian_are_told_apart(text: str, language: str) -> None:
    assert latin_cyrillic_language(text, LanguageDetector()) == language


def test_only_latin_messages_that_may_be_transliterated_get_readings() -> None:
    assert [r.language for r in cyrillic_readings("kak poluchit d-nomer", None)] == ["uk", "ru"]
    assert cyrillic_readings("How do I get a tax card?", DetectedLanguage("en", 0.95)) == []
    assert cyrillic_readings("Як отримати D-номер?", None) == []  # already Cyrillic
    assert cyrillic_readings("ok", None) == []


@pytest.mark.parametrize("text", [
    "Norveç'te banka hesabı nasıl açabilirim?", "Wie bekomme ich in Norwegen einen Hausarzt?",
    "Comment inscrire mon enfant à l'école en Norvège ?", "நோர்வேயில் வேலை தேடுவது எப்படி?",
    "چۆن دەتوانم لە نەرویج کار بدۆزمەوە؟",  # Sorani Kurdish: Arabic letters, not Persian
    "زه په ناروې کې څنګه کار پیدا کړم؟",  # Pashto
    "በኖርዌይ ውስጥ ሥራ እንዴት ማግኘት እችላለሁ?",  # Amharic: Ethiopic letters, not Tigrinya
])
def test_languages_we_do_not_support_are_recognised(text: str) -> None:
    assert UnsupportedLanguageCheck().is_unsupported(text)


@pytest.mark.parametrize("text", [
    "Hvordan får jeg fastlege?", "How do I get a tax card?", "Jak założyć konto w banku w Norwegii?",
    "Kaip gauti mokesčių kortelę?", "Як отримати D-номер?", "كيف أحصل على رقم هوية؟", "ok", "BankID",
    "چطور در نروژ کار پیدا کنم؟", "ኣብ ኖርወይ ስራሕ ብኸመይ ይርከብ?",
])
def test_our_own_languages_and_short_messages_are_not_called_unsupported(text: str) -> None:
    assert not UnsupportedLanguageCheck().is_unsupported(text)


@pytest.mark.parametrize("text", ["de podaty zaiavu na kolektyvnyi zakhyst?", "kak podat na grazhdanstvo norvegii"])
def test_clearly_transliterated_messages_are_recognised_whatever_the_detector_guessed(text: str) -> None:
    assert clearly_transliterated(text, DetectedLanguage("pl", 0.6))


@pytest.mark.parametrize("text", ["Jak otworzyć konto w banku w Norwegii?", "kaip gauti šeimos gydytoją?",
                                  "How do I get a tax card?"])
def test_our_latin_script_languages_are_not_taken_for_transliteration(text: str) -> None:
    assert not clearly_transliterated(text, DetectedLanguage("pl", 0.6))
    assert not clearly_transliterated("kak podat na grazhdanstvo norvegii", DetectedLanguage("en", 0.95))
