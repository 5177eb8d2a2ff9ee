"""The person's status, taken from their own words."""

from veiviser.knowledge.loader import KnowledgeBase
from veiviser.understanding.status import question_without_status


def test_the_sentence_stating_the_status_is_left_out_of_the_question(knowledge: KnowledgeBase) -> None:
    text = "I'm a student from Uzbekistan. Can I work part-time while I study?"
    assert question_without_status(knowledge, text, "en") == "Can I work part-time while I study?"


def test_a_message_that_is_all_status_or_has_none_is_searched_whole(knowledge: KnowledgeBase) -> None:
    assert question_without_status(knowledge, "I am a refugee and want to swap my driving licence", "en") is None
    assert question_without_status(knowledge, "How do I get a tax card? I just arrived.", "en") is None
    # what is left is too short to be a question on its own
    assert question_without_status(knowledge, "I am a refugee. Help?", "en") is None
