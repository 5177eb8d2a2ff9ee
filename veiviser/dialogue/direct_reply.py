"""Replies straight from retrieval, for when the dialogue (Rasa or its action server) is down.

The API falls back to this so a newcomer still gets the article, in their language, with its source and
date, and a short notice that the assistant is partly down. Without the dialogue there is no conversation
state, so buttons that need it (feedback, status) are left out; choosing an article still works.
"""

import json
import re

from veiviser.answers import Message, abstain_message, answer_message, plain_message
from veiviser.dialogue.reading import read_message, supported_languages_line
from veiviser.dialogue.replies import safety_messages, safety_slugs
from veiviser.i18n import N_
from veiviser.retrieval.search import ArticleSearch
from veiviser.understanding.language import UnsupportedLanguageCheck

DEGRADED_NOTICE = N_("Part of the assistant is not working right now, so this answer comes straight from our "
                     "articles.")
_CHOOSE_ARTICLE = re.compile(r"^/choose_article(\{.*\})$")


def _without_dialogue_buttons(message: Message) -> Message:
    buttons = [b for b in message.get("buttons", []) if b["payload"].startswith("/choose_article")]
    return {**message, "buttons": buttons}


def chosen_article(message: str) -> str | None:
    """The slug in a '/choose_article{"article": ...}' button payload, else None.

    >>> chosen_article('/choose_article{"article": "school"}'), chosen_article("school")
    ('school', None)
    """
    match = _CHOOSE_ARTICLE.match(message.strip())
    if match is None:
        return None
    try:
        slug = json.loads(match.group(1)).get("article")
    except (ValueError, AttributeError):
        return None
    return slug if isinstance(slug, str) else None


def direct_replies(search: ArticleSearch, message: str, chosen: str | None = None, page: str | None = None,
                   unsupported: UnsupportedLanguageCheck | None = None) -> tuple[str, list[Message]]:
    """The reply language and the replies: the notice, help contacts first when the message is about danger,
    then the answer or an honest "I'm not sure" with the agency to ask. Without the dialogue there is no
    session language: the user's choice or the page's language stand in for it.

        direct_replies(search, "Як отримати D-номер?")
        # -> ('uk', [notice, answer card for 'd-number-and-national-id-number'])
    """
    kb = search.kb
    if message.startswith("/"):
        language = chosen or page or "en"
        replies: list[Message] = [plain_message(language, DEGRADED_NOTICE, kind="notice")]
        article = kb.resolve(chosen_article(message) or "")
        if article is not None:
            return language, [*replies, _without_dialogue_buttons(answer_message(kb, article.slug, language))]
        # another button (feedback, status) needs the dialogue
        return language, [*replies, plain_message(language, "Something went wrong. Please try again in a moment.")]
    reading = read_message(search, message, chosen, None, page, unsupported)
    language = reading.language
    replies = [plain_message(language, DEGRADED_NOTICE, kind="notice")]
    assessment = search.assess_safety(reading.text)
    safety = assessment.urgent
    replies += safety_messages(kb, language, assessment)
    if reading.unsupported:
        replies.append({"type": "notice", "language": language, "text": supported_languages_line()})
    result = reading.result
    top = result.hits[0].slug if result.hits else None
    if result.confident and top:
        if top not in safety_slugs(kb, assessment):
            replies.append(answer_message(kb, top, language, short=search.short_answer(reading.text, top, language)))
    elif not safety:
        topic = kb.articles[top].topic if top in kb.articles else None
        replies.append(abstain_message(kb, language, [h.slug for h in result.hits], topic))
    return language, [_without_dialogue_buttons(reply) for reply in replies]
