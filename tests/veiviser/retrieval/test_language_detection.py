"""Language detection with the real lingua model, restricted to our languages, plus the Tigrinya rule."""

import pytest

from veiviser.retrieval.language_detection import LanguageDetector


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    detector = LanguageDetector()
    detector.warm_up()
    return detector


@pytest.mark.parametrize(("text", "code"), [
    ("Hvordan bestiller jeg time til ID-kontroll hos Skatteetaten?", "nb"),
    ("Korleis får eg ein fastlege når eg har flytta hit?", "nn"),
    ("How do I open a bank account without BankID?", "en"),
    ("Як записатися на перевірку документів у податковій?", "uk"),
    ("Как получить налоговую карточку для работы?", "ru"),
    ("Jak mogę zapisać dziecko do przedszkola?", "pl"),
    ("Kaip gauti mokesčių kortelę Norvegijoje?", "lt"),
    ("كيف أسجل طفلي في المدرسة؟", "ar"),
    ("Sideen ku heli karaa dhakhtar qoys?", "so"),
    ("ኣብ ኖርወይ ከመይ ጌረ ስራሕ ክረክብ እኽእል?", "ti"),
    ("چطور می‌توانم برای کلاس زبان نروژی ثبت نام کنم؟", "fa"),
])
def test_detects_each_language(detector: LanguageDetector, text: str, code: str) -> None:
    found = detector.detect(text)
    assert found is not None and found.code == code


def test_ethiopic_script_goes_to_tigrinya_even_with_norwegian_words(detector: LanguageDetector) -> None:
    assert detector.detect("ናይ ID-kontroll ቆጸራ ኣብ Skatteetaten ከመይ ይሕዝ?").code == "ti"


def test_text_without_letters_has_no_language(detector: LanguageDetector) -> None:
    assert detector.detect("113 !!! 2026") is None


def test_unknown_language_codes_are_refused() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        LanguageDetector(("nb", "de"))
