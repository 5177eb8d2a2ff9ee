"""The one answer policy, with the real model: what a person gets for what they wrote."""

import pytest

from veiviser.dialogue.policy import Conversation, decide, decide_article
from veiviser.messages import AnswerMessage, SafetyMessage, StatusAssumed, StatusQuestion
from veiviser.retrieval.search import ArticleSearch
from veiviser.understanding.language import UnsupportedLanguageCheck

pytestmark = pytest.mark.model


def _types(decision_replies: list) -> list[str]:
    return [reply.type for reply in decision_replies]


def test_danger_gets_help_first_and_never_a_bare_not_sure(real_search: ArticleSearch) -> None:
    decision = decide(real_search, "my husband said he will kill me if I leave")
    assert isinstance(decision.replies[0], SafetyMessage) and decision.replies[0].level == "urgent"
    assert decision.outcome == "safety"
    assert not any(reply.type in ("abstain", "clarify") for reply in decision.replies)


def test_a_greeting_with_danger_is_not_small_talk(real_search: ArticleSearch) -> None:
    decision = decide(real_search, "hi, my boss took my passport and does not pay me", small_talk="greet")
    assert decision.replies[0].type == "safety"


@pytest.mark.parametrize("small_talk", ["greet", "goodbye", "thanks", "out_of_scope"])
def test_a_weaker_danger_signal_read_as_small_talk_still_gets_the_help_line_first(
        real_search: ArticleSearch, small_talk: str) -> None:
    decision = decide(real_search, "wrote letters to my kids tonight in case im not here tomorrow",
                      small_talk=small_talk)  # type: ignore[arg-type]
    assert decision.safety.level != "none"
    assert isinstance(decision.replies[0], SafetyMessage)


def test_a_stated_status_is_used_said_and_never_asked(real_search: ArticleSearch) -> None:
    decision = decide(real_search, "I am a refugee. How long is the introduction programme?")
    answer = decision.replies[0]
    assert isinstance(answer, AnswerMessage) and answer.article.status == "refugee"
    assert any(isinstance(reply, StatusAssumed) and reply.status == "refugee" for reply in decision.replies)
    assert not any(isinstance(reply, StatusQuestion) for reply in decision.replies)
    assert decision.stated_status == "refugee"


def test_the_question_not_the_sentence_stating_the_status_chooses_the_article(real_search: ArticleSearch) -> None:
    # the whole message is closest to the family reunification article; the question is about settlement
    decision = decide(real_search, "I came to Norway through family reunification. "
                                   "Which municipality will I live in?")
    answer = decision.replies[0]
    assert isinstance(answer, AnswerMessage) and answer.article.slug == "settlement-in-a-municipality"
    assert answer.article.status == "family"


def test_norwegian_words_in_an_english_question_do_not_make_it_ukrainian(real_search: ArticleSearch) -> None:
    decision = decide(real_search, "is there a minimum time living in norway to get kontantstøtte? heard its "
                                   "different from barnetrygd")
    assert decision.language == "en"
    assert decision.replies[0].type == "answer" and decision.replies[0].language == "en"


def test_the_status_is_asked_once_when_the_answer_depends_on_it(real_search: ArticleSearch) -> None:
    first = decide(real_search, "How long is the introduction programme?")
    assert first.asked_status and isinstance(first.replies[-1], StatusQuestion)
    again = decide(real_search, "How long is the introduction programme?", Conversation(status_asked=True))
    assert not again.asked_status and "status-question" not in _types(again.replies)


def test_a_follow_up_is_read_against_the_article_just_discussed(real_search: ArticleSearch) -> None:
    first = decide(real_search, "Як записати дитину в дитячий садок?")
    assert first.article == "kindergarten"
    follow = decide(real_search, "А скільки це коштує?", Conversation(language="uk", last_article=first.article))
    assert follow.article == "kindergarten" and follow.language == "uk"


def test_thanks_with_a_question_answers_the_question(real_search: ArticleSearch) -> None:
    decision = decide(real_search, "takk! og hva med tannlege for voksne?", small_talk="thanks")
    assert decision.outcome == "answered" and decision.article == "dental-care"
    short = decide(real_search, "takk!", Conversation(language="nb"), small_talk="thanks")
    assert short.outcome == "small-talk" and _types(short.replies) == ["text"]


def test_a_language_we_do_not_speak_gets_the_list_in_the_pages_language(real_search: ArticleSearch) -> None:
    decision = decide(real_search, "Norveç'te banka hesabı nasıl açılır?", Conversation(page_language="pl"),
                      unsupported=UnsupportedLanguageCheck())
    assert decision.language == "pl"
    assert any(reply.type == "notice" and "українська" in reply.text.lower() for reply in decision.replies)


def test_nothing_fitting_is_an_honest_not_sure(real_search: ArticleSearch) -> None:
    decision = decide(real_search, "What is the best recipe for a chocolate cake?")
    assert decision.outcome == "abstained" and decision.replies[-1].type == "abstain"


def test_a_chosen_article_is_answered_in_the_conversations_language(real_search: ArticleSearch) -> None:
    decision = decide_article(real_search, "school", Conversation(language="so", status="refugee"))
    answer = decision.replies[0]
    assert isinstance(answer, AnswerMessage) and answer.article.slug == "school" and answer.language == "so"
