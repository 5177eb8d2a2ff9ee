"""Checklists, safety replies and status-aware answers, from the real knowledge base."""

from veiviser.answers import answer_message, status_question
from veiviser.dialogue.replies import checklist_message, safety_messages
from veiviser.knowledge.loader import KnowledgeBase


def test_checklist_is_ordered_for_the_status_and_links_each_step(knowledge: KnowledgeBase) -> None:
    message = checklist_message(knowledge, "uk", "refugee")
    slugs = [item["slug"] for item in message["items"]]
    assert slugs == knowledge.guidance.checklists["refugee"]
    assert slugs.index("id-check-and-population-register") < slugs.index("introduction-programme")
    assert [b["payload"] for b in message["buttons"]][0] == '/choose_article{"article": "id-check-and-population-register"}'
    assert message["text"].splitlines()[1].startswith("1. ")


def test_status_specific_answer_puts_what_applies_first(knowledge: KnowledgeBase) -> None:
    text = knowledge.articles["norwegian-training-right-and-duty"].texts["en"]
    message = answer_message(knowledge, "norwegian-training-right-and-duty", "en", status="labour-non-eea")
    assert message["article"]["status_note"] == text.meta.by_status["labour-non-eea"]
    assert message["text"].index(text.meta.by_status["labour-non-eea"]) > message["text"].index(text.summary)
    assert answer_message(knowledge, "norwegian-training-right-and-duty", "en")["article"]["status_note"] is None


def test_status_question_offers_every_status(knowledge: KnowledgeBase) -> None:
    payloads = [b["payload"] for b in status_question("ar")["buttons"]]
    assert len(payloads) == 8 and '/set_status{"user_status": "collective-protection"}' in payloads


def test_safety_reply_carries_the_emergency_numbers_in_the_users_language(knowledge: KnowledgeBase) -> None:
    messages = safety_messages(knowledge, "so")
    assert messages[0]["type"] == "safety"
    cards = [m for m in messages if m["type"] == "answer"]
    assert cards[0]["article"]["slug"] == "emergency-numbers" and cards[0]["article"]["language"] == "so"
    assert "112" in cards[0]["text"] and "113" in cards[0]["text"]


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
    related = {*safety.articles, safety.mental_health_article, "discrimination", "child-welfare-services",
               "workers-rights", "rights-and-duties"}
    flagged = [f"{t.slug}/{t.language}: {q}" for t in knowledge.texts() if t.slug not in related
               for q in t.meta.questions if knowledge.guidance.is_safety_message(q)]
    assert flagged == []
