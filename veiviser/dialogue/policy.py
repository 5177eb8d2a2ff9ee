"""The one answer policy: what to reply to a message, given what the conversation knows.

Both the Rasa actions and the API's degraded path call `decide`; neither decides on its own. The order is
the product's order of care:

1. safety: help contacts before anything else (urgent: the help articles for that kind of danger; a weaker
   signal: one line of contacts, and the answer still follows);
2. language: the reply language, a Latin-letter reading, or the note that we do not speak the language;
3. status: a status the message states is used (and said), never asked again;
4. context: a short follow-up is read against the article just discussed;
5. answer when retrieval is confident, ask between two or three close articles, or say "I'm not sure" and
   name the agency to ask;
6. small talk (greeting, thanks, goodbye, out of scope) only when there is no question to answer.

The policy does no I/O beyond the search it is given; the caller records statistics and sets slots.
"""

from dataclasses import dataclass, field
from typing import Final, Literal

from veiviser.answers import (abstain_message, answer_message, clarify_message, status_assumed, status_question,
                              text_message)
from veiviser.dialogue.reading import SEARCH_DEPTH, Reading, read_message, supported_languages_line
from veiviser.dialogue.replies import safety_messages, safety_slugs
from veiviser.i18n import N_, gettext
from veiviser.messages import AbstainMessage, Message, NoticeMessage
from veiviser.retrieval.search import ArticleSearch, SearchResult
from veiviser.understanding.context import follow_up_article
from veiviser.understanding.language import UnsupportedLanguageCheck
from veiviser.understanding.safety import NO_SIGNAL, SafetyAssessment
from veiviser.understanding.status import prefer_status_part, question_without_status, stated_status

#: Below the answer threshold but above this probability, two or three articles are close: ask, don't guess.
CLARIFY_ABOVE: Final = 0.3
#: The whole message's article wins over the question's alone when it scores this close for the question.
WHOLE_MESSAGE_WITHIN: Final = 0.02
#: Shorter greetings ("thanks a lot", "hi there") are small talk whatever retrieval makes of them.
MIN_WORDS_FOR_A_QUESTION: Final = 3

Outcome = Literal["answered", "clarified", "abstained", "safety", "small-talk"]
SmallTalk = Literal["greet", "goodbye", "thanks", "out_of_scope"]

SMALL_TALK: Final[dict[str, str]] = {
    "greet": N_("Hello! I am Veiviser. I answer questions about life in Norway for newcomers: registration, "
                "Norwegian courses, work, health, school, housing and more. Please do not write ID numbers "
                "or details of your case here."),
    "goodbye": N_("Goodbye, and good luck!"),
    "thanks": N_("You're welcome! Ask me again whenever you need to."),
    "out_of_scope": N_("I can only help with questions about settling in Norway, such as residence, "
                       "registration, Norwegian training, work, health, school and housing."),
}


@dataclass(frozen=True)
class Conversation:
    """What the conversation knows before this message (Rasa's slots; nothing in the degraded path)."""
    language: str | None = None
    status: str | None = None
    last_article: str | None = None
    status_asked: bool = False
    chosen_language: str | None = None  # picked in the interface: always wins
    page_language: str | None = None  # the page or widget was opened in it


@dataclass(frozen=True)
class Decision:
    language: str
    replies: list[Message]
    outcome: Outcome
    safety: SafetyAssessment = NO_SIGNAL
    article: str | None = None  # the article answered from: the next follow-up is read against it
    stated_status: str | None = None  # a status the message stated, new to the conversation
    asked_status: bool = False
    probability: float = 0.0
    topic: str | None = None
    suggestions: list[str] = field(default_factory=list)


def decide(search: ArticleSearch, text: str, conversation: Conversation = Conversation(),
           small_talk: SmallTalk | None = None, unsupported: UnsupportedLanguageCheck | None = None) -> Decision:
    """The reply to `text`. `small_talk` is what the dialogue's NLU took the message for, if it took it for
    small talk: it is answered as small talk only when it carries no question retrieval can answer.

        decide(search, "I am a refugee. How long is the introduction programme?").replies
        # -> [answer card (refugee part first), "I answered for: Refugee ..."]
    """
    reading = read_message(search, text, conversation.chosen_language, conversation.language,
                           conversation.page_language, unsupported)
    language = reading.language
    kb = search.kb
    assessment = NO_SIGNAL if text.startswith("/") else _safety(search, text, reading)
    status = stated_status(kb, text, reading.text)
    new_status = status if status and status != conversation.status else None
    known_status = status or conversation.status
    if small_talk is not None and not _carries_a_question(text, reading):
        if assessment.urgent:  # "hi, he hits me" is not small talk
            return Decision(language, safety_messages(kb, language, assessment, known_status), "safety",
                            assessment, stated_status=new_status)
        # A weaker signal still puts the help line first: "wrote letters to my kids in case I'm not here
        # tomorrow" can read as a goodbye to the NLU, and must not get only "Goodbye, and good luck!".
        help_first = safety_messages(kb, language, assessment, known_status)
        if small_talk == "out_of_scope":
            reply: Message = AbstainMessage(language=language, text=gettext(language, SMALL_TALK[small_talk]))
            return Decision(language, [*help_first, reply], "abstained", assessment, stated_status=new_status)
        return Decision(language, [*help_first, text_message(language, SMALL_TALK[small_talk])], "small-talk",
                        assessment, stated_status=new_status)

    replies = safety_messages(kb, language, assessment, known_status)
    if reading.unsupported:
        replies.append(NoticeMessage(language=language, text=supported_languages_line()))
    result = reading.result
    if status and (question := question_without_status(kb, reading.text, language)):
        result = _question_or_whole(search.search(question, result.query_language, k=SEARCH_DEPTH), result)
    follow_up = follow_up_article(search, reading.text, result, conversation.last_article)
    top = follow_up or prefer_status_part(kb, result, known_status)
    suggestions = [h.slug for h in result.hits]
    topic = kb.articles[top].topic if top in kb.articles else None

    def decision(outcome: Outcome, article: str | None = None, asked: bool = False) -> Decision:
        return Decision(language, replies, outcome, assessment, article, new_status, asked, result.probability,
                        topic, suggestions)

    if (result.confident or follow_up) and top:
        asked = False
        if top not in safety_slugs(kb, assessment):  # already shown among the help
            answer, asked = _answer(search, top, language, conversation, status, reading.text)
            replies += answer
        return decision("safety" if assessment.urgent else "answered", top, asked)
    if assessment.urgent:  # help was shown first; never follow it with "not sure" or a choice alone
        return decision("safety")
    if result.hits and result.probability >= CLARIFY_ABOVE and len(result.hits) > 1:
        replies.append(clarify_message(kb, language, suggestions))
        return decision("clarified")
    replies.append(abstain_message(kb, language, suggestions, topic))
    return decision("abstained")


def _safety(search: ArticleSearch, text: str, reading: Reading) -> SafetyAssessment:
    """The message as typed, and its reading when it was read differently: the stronger signal counts. A
    reading may help ("ya ne khochu zhyt" in Cyrillic) but must never hide danger the typed words show (a
    Somali message once read as transliterated Russian lost its suicide signal)."""
    typed = search.assess_safety(text)
    if reading.text == text:
        return typed
    read = search.assess_safety(reading.text)
    return read if read.score > typed.score else typed


def _question_or_whole(question: SearchResult, whole: SearchResult) -> SearchResult:
    """The search of the question without the sentence stating the status, when it is sure, unless the whole
    message's article is about as close for the question alone ("I live in a reception centre. Are the
    Norwegian lessons compulsory?" stays with Norwegian in reception centres); else the surer of the two."""
    if question.confident and question.hits:
        close = {h.slug for h in question.hits if question.hits[0].score - h.score <= WHOLE_MESSAGE_WITHIN}
        return whole if whole.confident and whole.hits and whole.hits[0].slug in close else question
    return question if question.probability > whole.probability else whole


def decide_article(search: ArticleSearch, slug: str, conversation: Conversation) -> Decision:
    """The user chose article `slug` (a button): its answer, in the conversation's language."""
    language = conversation.chosen_language or conversation.language or conversation.page_language or "en"
    replies, asked = _answer(search, slug, language, conversation, None, None)
    return Decision(language, replies, "answered", article=slug, asked_status=asked,
                    topic=search.kb.articles[slug].topic if slug in search.kb.articles else None)


def _carries_a_question(text: str, reading: Reading) -> bool:
    """True when a greeting, thanks or goodbye comes with a question the knowledge base answers confidently
    ("takk! og hva med tannlege?")."""
    return len(text.split()) >= MIN_WORDS_FOR_A_QUESTION and not text.startswith("/") and reading.result.confident


def _answer(search: ArticleSearch, slug: str, language: str, conversation: Conversation, stated: str | None,
            question: str | None) -> tuple[list[Message], bool]:
    """The answer card; which status it assumed when the message stated one; the status question, once, when
    the article differs by status and the status is unknown. Returns the replies and whether it asked."""
    kb = search.kb
    known_status = stated or conversation.status
    if known_status == "other":
        known_status = None
    short = search.short_answer(question, slug, language, known_status) if question else None
    answer = answer_message(kb, slug, language, known_status, short)
    replies: list[Message] = [answer]
    if stated and answer.article.status == stated:
        replies.append(status_assumed(language, stated))
    text = kb.text_for(slug, language)
    depends_on_status = text is not None and len(text.meta.by_status) >= 2
    unknown = stated is None and conversation.status is None
    if depends_on_status and unknown and not conversation.status_asked:
        replies.append(status_question(language))
        return replies, True
    return replies, False
