"""Anchor terms: names shared across languages of one article give a bonus; ordinary words do not."""

from datetime import date
from pathlib import Path

from tests.support.knowledge_files import article_text, write_article
from veiviser.knowledge.loader import load_knowledge
from veiviser.retrieval.lexical import AnchorTerms, tokens


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
