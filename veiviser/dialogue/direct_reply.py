"""Replies straight from retrieval, for when the dialogue (Rasa or its action server) is down.

The API falls back to this so a newcomer still gets the article, in their language, with its source and
date, and a short notice that the assistant is partly down. Without the dialogue there is no conversation
state, so buttons that need it (feedback, status) are left out; choosing an article still works.
"""

import json
import re

from veiviser.answers import notice_message, text_message
from veiviser.dialogue.policy import Conversation, decide, decide_article
from veiviser.i18n import N_
from veiviser.messages import Message, SafetyMessage, StatusQuestion
from veiviser.retrieval.search import ArticleSearch
from veiviser.understanding.language import UnsupportedLanguageCheck

DEGRADED_NOTICE = N_("Part of the assistant is not working right now, so this answer comes straight from our "
                     "articles.")
_CHOOSE_ARTICLE = re.compile(r"^/choose_article(\{.*\})$")


def _without_dialogue_buttons(message: Message) -> Message:
    buttons = [b for b in message.buttons if b.payload.startswith("/choose_article")]
    return message.model_copy(update={"buttons": buttons})


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
    """The reply language and the replies: what the one answer policy decides (the answer, a choice or an
    honest "I'm not sure") after the notice that the assistant is partly down; help contacts for a message
    about danger come before the notice. Without the dialogue
    there is no conversation state: the user's choice or the page's language stand in for the session's
    language, and buttons that need the dialogue (feedback, status) are left out.

        direct_replies(search, "Як отримати D-номер?")
        # -> ('uk', [notice, answer card for 'd-number-and-national-id-number'])
    """
    conversation = Conversation(chosen_language=chosen, page_language=page)
    if message.startswith("/"):
        article = search.kb.resolve(chosen_article(message) or "")
        if article is None:  # another button (feedback, status) needs the dialogue
            language = chosen or page or "en"
            return language, [notice_message(language, DEGRADED_NOTICE),
                              text_message(language, N_("Something went wrong. Please try again in a moment."))]
        decision = decide_article(search, article.slug, conversation)
    else:
        decision = decide(search, message, conversation, unsupported=unsupported)
    replies = [_without_dialogue_buttons(r) for r in decision.replies if not isinstance(r, StatusQuestion)]
    # Help contacts come before anything else, the notice that the assistant is partly down included.
    help_first = next((i for i, reply in enumerate(replies) if not isinstance(reply, SafetyMessage)), len(replies))
    replies.insert(help_first, notice_message(decision.language, DEGRADED_NOTICE))
    return decision.language, replies
