"""The short answer with the real model: the sentence that holds the fact asked for comes first."""

import pytest

from veiviser.answers import answer_message
from veiviser.i18n import language_name_in
from veiviser.knowledge.loader import KnowledgeBase
from veiviser.retrieval.search import ArticleSearch

pytestmark = pytest.mark.model


@pytest.mark.parametrize(("question", "slug", "language", "fact"), [
    ("What number do I call for the police when it is not an emergency?", "emergency-numbers", "en", "02800"),
    ("Is there a phone number children can call if they are being abused at home?", "child-welfare-services", "en",
     "116 111"),
    ("What is the phone number of the GP helpline?", "general-practitioner", "en", "800 43 573"),
    ("How long is the introduction programme if I finished upper secondary school?", "introduction-programme", "en",
     "3-6"),
    # spaCy cuts "2023 m., todėl kiti bus 2027 m." after the abbreviation "m."; the fragment is joined back
    ("Kada vyks kiti savivaldybių rinkimai?", "voting-and-elections", "lt", "2027"),
    # the fact is one item of a list under a lead-in ("**Hvor lenge?**" and three lengths)
    ("jeg har ikke videregående og målet mitt er jobb. hvor lenge varer introduksjonsprogrammet?",
     "introduction-programme", "nb", "inntil 2 år"),
    # "**2. Self-settlement.**": the lead-in's number must not outweigh "five years" for "how many years"
    ("If I move to another municipality on my own later, for how many years can it send me back?",
     "settling-on-your-own", "en", "five years"),
    # a question that states an age is answered by the rule with the ages in it
    ("I am 20. Do I pay the full price at the dentist?", "dental-care", "en", "19"),
])
def test_the_fact_asked_for_is_in_the_short_answer(real_search: ArticleSearch, question: str, slug: str,
                                                   language: str, fact: str) -> None:
    short = real_search.short_answer(question, slug, language)
    assert short is not None and short.language == language
    assert fact in " ".join(short.sentences), short


def test_the_short_answer_leads_the_card_and_is_labelled_when_in_another_language(
        real_search: ArticleSearch, knowledge: KnowledgeBase) -> None:
    short = real_search.short_answer("How do I call the out-of-hours doctor?", "emergency-numbers", "en")
    card = answer_message(knowledge, "emergency-numbers", "en", short=short)
    assert short is not None and card.text.startswith(short.sentences[0])
    assert card.article.short_answer is not None and card.article.short_answer.model_dump() == {"sentences": list(short.sentences), "language": "en"}
    foreign = answer_message(knowledge, "emergency-numbers", "so", short=short)
    assert foreign.text.startswith(f"[{language_name_in('en', 'so')}] ")  # the language named in Somali

