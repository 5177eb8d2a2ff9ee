"""Replies straight from retrieval, for when the dialogue (Rasa or its action server) is down.

The API falls back to this so a newcomer still gets the article, in their language, with its source and
date, and a short notice that the assistant is partly down. Without the dialogue there is no conversation
state, so buttons that need it (feedback, status) are left out; choosing an article still works.
"""

import json
import re

from veiviser.answers import Message, abstain_message, answer_message, plain_message
from veiviser.dialogue.replies import safety_messages
from veiviser.i18n import N_
from veiviser.retrieval.search import ArticleSearch

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


def direct_replies(search: ArticleSearch, message: str, language: str) -> list[Message]:
    """The notice, help contacts first when the message names danger, then the answer or an honest
    "I'm not sure" with the agency to ask, all in `language`.

        direct_replies(search, "Як отримати D-номер?", "uk")[1]["article"]["slug"]
        # -> 'd-number-and-national-id-number'
    """
    kb = search.kb
    replies: list[Message] = [plain_message(language, DEGRADED_NOTICE, kind="notice")]
    chosen = kb.resolve(chosen_article(message) or "")
    if chosen is not None:
        return [*replies, _without_dialogue_buttons(answer_message(kb, chosen.slug, language))]
    if message.startswith("/"):  # another button (feedback, status) needs the dialogue
        return [*replies, plain_message(language, "Something went wrong. Please try again in a moment.")]
    safety = kb.guidance.is_safety_message(message)
    if safety:
        replies += safety_messages(kb, language)
    result = search.search(message, language, k=3)
    top = result.hits[0].slug if result.hits else None
    if result.confident and top:
        if not (safety and kb.guidance.safety and top in kb.guidance.safety.articles):
            replies.append(answer_message(kb, top, language))
    elif not safety:
        topic = kb.articles[top].topic if top in kb.articles else None
        replies.append(abstain_message(kb, language, [h.slug for h in result.hits], topic))
    return [_without_dialogue_buttons(reply) for reply in replies]
