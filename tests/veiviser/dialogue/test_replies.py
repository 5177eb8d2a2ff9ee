"""Checklists, safety replies and status-aware answers, from the real knowledge base."""

import pytest

from veiviser.answers import answer_message, status_question
from veiviser.dialogue.replies import SAFETY_NOTICE, checklist_message, safety_messages
from veiviser.knowledge.loader import KnowledgeBase
from veiviser.understanding import NO_SIGNAL, SafetyAssessment


def test_checklist_is_ordered_for_the_status_and_links_each_step(knowledge: KnowledgeBase) -> None:
    message = checklist_message(knowledge, "uk", "refugee")
    slugs = [item.slug for item in message.items]
    assert slugs == knowledge.guidance.checklists["refugee"]
    assert slugs.index("id-check-and-population-register") < slugs.index("introduction-programme")
    assert [b.payload for b in message.buttons][0] == '/choose_article{"article": "id-check-and-population-register"}'
    assert message.text.splitlines()[1].startswith("1. ")


def test_status_specific_answer_puts_what_applies_first(knowledge: KnowledgeBase) -> None:
    text = knowledge.articles["norwegian-training-right-and-duty"].texts["en"]
    message = answer_message(knowledge, "norwegian-training-right-and-duty", "en", status="labour-non-eea")
    assert message.article.status_note == text.meta.by_status["labour-non-eea"]
    assert message.text.index(text.meta.by_status["labour-non-eea"]) > message.text.index(text.summary)
    assert answer_message(knowledge, "norwegian-training-right-and-duty", "en").article.status_note is None


def test_status_question_offers_every_status(knowledge: KnowledgeBase) -> None:
    payloads = [b.payload for b in status_question("ar").buttons]
    assert len(payloads) == 8 and '/set_status{"user_status": "collective-protection"}' in payloads


def test_safety_reply_carries_the_emergency_numbers_in_the_users_language(knowledge: KnowledgeBase) -> None:
    messages = safety_messages(knowledge, "so", SafetyAssessment("urgent", None, 1.0, True))
    assert messages[0].type == "safety"
    cards = [m for m in messages if m.type == "answer"]
    assert cards[0].article.slug == "emergency-numbers" and cards[0].article.language == "so"
    assert "112" in cards[0].text and "113" in cards[0].text


@pytest.mark.parametrize(("category", "first_card", "number"), [
    ("suicide", "mental-health-support", "116 123"),
    ("child-at-risk", "child-welfare-services", "116 111"),
    ("domestic-violence", "violence-and-negative-social-control", "116 006"),
])
def test_each_kind_of_danger_gets_its_own_help_first(knowledge: KnowledgeBase, category: str, first_card: str,
                                                     number: str) -> None:
    messages = safety_messages(knowledge, "uk", SafetyAssessment("urgent", category, 0.9, False))  # type: ignore[arg-type]
    cards = [m for m in messages if m.type == "answer"]
    assert cards[0].article.slug == first_card and cards[0].article.language == "uk"
    assert number in cards[0].article.summary


def test_a_weaker_signal_gets_one_line_of_help_and_no_signal_gets_nothing(knowledge: KnowledgeBase) -> None:
    notice = safety_messages(knowledge, "ar", SafetyAssessment("notice", "threat", 0.3, False))
    assert [m.type for m in notice] == ["safety"] and notice[0].level == "notice"
    assert all(number in notice[0].text for number in ("112", "116 123", "116 006", "116 111"))
    assert notice[0].text != SAFETY_NOTICE  # translated
    assert safety_messages(knowledge, "ar", NO_SIGNAL) == []


def test_safety_terms_catch_danger_but_not_ordinary_questions(knowledge: KnowledgeBase) -> None:
    guidance = knowledge.guidance
    for message in ["my husband hits me", "Чоловік б'є мене", "jeg vil ta livet mitt", "they took my passport"]:
        assert guidance.is_safety_message(message), message
    for message in ["how do I get a tax card", "Як записатися до школи?", "hvor finner jeg bolig"]:
        assert not guidance.is_safety_message(message), message


def test_ordinary_example_questions_never_trigger_safety(knowledge: KnowledgeBase) -> None:
    """The safety lexicon must not fire on everyday questions (e.g. 'vald' inside Lithuanian 'savivaldybė')."""
    safety = knowledge.guidance.safety
    assert safety is not None
    related = {*safety.articles, *(s for slugs in safety.routes.values() for s in slugs), "discrimination",
               "workers-rights", "rights-and-duties"}
    flagged = [f"{t.slug}/{t.language}: {q}" for t in knowledge.texts() if t.slug not in related
               for q in t.meta.questions if knowledge.guidance.is_safety_message(q)]
    assert flagged == []
