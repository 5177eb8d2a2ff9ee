"""Anchor terms: names shared across languages of one article give a bonus; ordinary words do not."""

from datetime import date
from pathlib import Path

import pytest

from tests.support.knowledge_files import article_text, write_article
from veiviser.knowledge.loader import load_knowledge
from veiviser.retrieval.lexical import AnchorTerms, SameLanguageMatcher, tokens


def test_phone_numbers_are_joined_into_one_token() -> None:
    assert "116117" in tokens("Ring legevakten på 116 117.")
    assert "113" in tokens("call 113")


def test_anchor_terms_come_from_names_that_survive_translation(tmp_path: Path) -> None:
    write_article(tmp_path, "bank-account-and-bankid", "en", article_text(
        slug="bank-account-and-bankid", title="Bank account and BankID",
        summary="You need a bank account and BankID to log in to most services.", questions=("How do I get BankID?",)))
    write_article(tmp_path, "bank-account-and-bankid", "uk", article_text(
        slug="bank-account-and-bankid", title="Банківський рахунок і BankID",
        summary="Вам потрібен банківський рахунок і BankID для входу в більшість сервісів.",
        questions=("Як отримати BankID?",), body="Відкрийте рахунок у банку."))
    write_article(tmp_path, "general-practitioner", "en")
    kb, _ = load_knowledge(tmp_path, today=date(2026, 6, 1))
    anchors = AnchorTerms.from_knowledge(kb)
    assert anchors.bonuses("jak dostać bankid?", weight=0.02) == {"bank-account-and-bankid": 0.02}
    assert anchors.bonuses("how do I get a doctor", weight=0.02) == {}  # English-only words are no anchors


def test_a_question_asked_almost_as_an_example_is_matched_though_the_whole_text_is_long(tmp_path: Path) -> None:
    long_summary = " ".join(["Licences, tests, driving schools, cars, roads and traffic rules."] * 12)
    write_article(tmp_path, "driving-licence", "en", article_text(
        slug="driving-licence", title="Driving licence", summary=long_summary,
        questions=("Can I drive with my licence from home?", "Where do I take the driving test?")))
    write_article(tmp_path, "emergency-numbers", "en", article_text(
        slug="emergency-numbers", title="Emergency numbers", summary=" ".join(["Ambulance, police, fire."] * 12),
        questions=("There is a fire in my flat, which number do I call?", "What is the number for an ambulance?",
                   "When do I call the out-of-hours doctor?", "What do I say when I call 113?")))
    kb, _ = load_knowledge(tmp_path, today=date(2026, 6, 1))
    query = "fire in our flat, which number do we call"
    whole_only = SameLanguageMatcher(kb, question_share=0.0).similarities(query, "en")
    mixed = SameLanguageMatcher(kb, question_share=0.5).similarities(query, "en")
    closest = SameLanguageMatcher(kb, question_share=1.0).similarities(query, "en")
    # The closest example question is nearly the query; the whole text dilutes it among other questions.
    assert closest["emergency-numbers"] > whole_only["emergency-numbers"]
    assert mixed["emergency-numbers"] - mixed["driving-licence"] > whole_only["emergency-numbers"] - whole_only["driving-licence"]
    assert SameLanguageMatcher(kb).similarities(query, "so") == {}  # no text in that language: no signal


def test_the_question_share_must_be_a_share(tmp_path: Path) -> None:
    write_article(tmp_path, "general-practitioner", "en")
    kb, _ = load_knowledge(tmp_path, today=date(2026, 6, 1))
    with pytest.raises(ValueError, match="question_share"):
        SameLanguageMatcher(kb, question_share=1.5)
