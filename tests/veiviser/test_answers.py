"""Answer cards: the user's language where the article has it, an honest label where it does not."""

from datetime import date
from pathlib import Path

from tests.support.knowledge_files import article_text, write_article
from veiviser.answers import abstain_message, answer_message, clarify_message
from veiviser.knowledge.loader import KnowledgeBase, load_knowledge


def test_answer_in_the_users_language_with_source_and_date(knowledge: KnowledgeBase) -> None:
    message = answer_message(knowledge, "id-check-and-population-register", "uk")
    article = message.article
    assert message.type == "answer" and message.language == "uk"
    assert article.language == "uk"
    assert article.summary == knowledge.articles["id-check-and-population-register"].texts["uk"].summary
    assert article.sources and all(s.url.startswith("https://") for s in article.sources)
    assert article.reviewed == "2026-11-21"
    assert "21 лист. 2026" in message.text  # the date as Ukrainian readers write it
    assert "Джерело" in message.text


def test_summary_language_is_labelled_when_the_full_text_is_elsewhere(tmp_path: Path) -> None:
    # Every article now has its full text in all 11 languages, so a summary-only file is made here.
    write_article(tmp_path, "general-practitioner", "en")
    write_article(tmp_path, "general-practitioner", "so", article_text(body=""))
    kb, problems = load_knowledge(tmp_path, today=date(2026, 6, 1))
    assert problems == [] and kb.full_text_for("general-practitioner", "so").language == "en"  # type: ignore[union-attr]
    message = answer_message(kb, "general-practitioner", "so")
    assert message.article.language == "so"
    assert message.article.full_text_language == "en"
    assert any("Ingiriisi" in notice for notice in message.notices)  # "English" in Somali


def test_missing_language_falls_back_and_says_so(tmp_knowledge_without_somali: KnowledgeBase) -> None:
    message = answer_message(tmp_knowledge_without_somali, "general-practitioner", "so")
    assert message.article.language == "en"
    assert len(message.notices) == 1 and "Ingiriisi" in message.notices[0]


def test_needs_review_articles_say_so(knowledge: KnowledgeBase) -> None:
    slug = next(s for s, a in knowledge.articles.items() if a.texts["en"].meta.confidence == "needs-review")
    message = answer_message(knowledge, slug, "en")
    assert any("checked again" in notice for notice in message.notices)


def test_abstention_gives_the_agency_and_offers_choices_but_no_answer(knowledge: KnowledgeBase) -> None:
    message = abstain_message(knowledge, "nb", ["general-practitioner", "no-such-article"], topic="health")
    assert message.type == "abstain"
    assert [b.payload for b in message.buttons] == ['/choose_article{"article": "general-practitioner"}']
    assert [a.name for a in message.agencies] == ["Helsenorge"]
    assert "https://www.helsenorge.no/" in message.text
    assert "article" not in message


def test_abstention_without_a_topic_gives_the_default_agencies(knowledge: KnowledgeBase) -> None:
    message = abstain_message(knowledge, "en", [])
    assert "+47 23 35 15 00" in message.text  # UDI, from knowledge/_guidance.yml
    assert message.buttons == []


def test_clarification_offers_the_close_articles_as_buttons(knowledge: KnowledgeBase) -> None:
    message = clarify_message(knowledge, "pl", ["citizenship", "permanent-residence"])
    assert message.type == "clarify" and message.language == "pl"
    assert [b.title for b in message.buttons] == [
        knowledge.articles["citizenship"].texts["pl"].title, knowledge.articles["permanent-residence"].texts["pl"].title]
