"""What the chat would show for a draft: the answer card's parts, in the article's language.

The editor renders them server-side (Jinja escapes every value), so the preview needs no Markdown library in
the browser and shows nothing the chat would not.
"""

import re
from dataclasses import dataclass
from datetime import date

from api.web.ui_strings import ui_strings
from veiviser.editorial.article_form import ArticleForm
from veiviser.i18n import format_review_date, text_direction

# The same three steps as the widget's "Show full text" (widget.js, answerCard): headings and bold marks go,
# a wrapped line joins the one before it, a list item keeps its own line.
_HEADING_MARK = re.compile(r"^#+\s*", re.MULTILINE)
_WRAPPED_LINE = re.compile(r"(?<!\n)\n(?!\n|\s*(?:[-*+]|\d+[.)])\s)")
_PARAGRAPH_BREAK = re.compile(r"\n{2,}")


def chat_paragraphs(body: str) -> list[list[str]]:
    """The body's paragraphs as the chat shows them, each a list of lines.

    >>> chat_paragraphs("## Work\\n\\n**Tax.** You pay\\ntax.\\n\\n- one\\n- two")
    [['Work'], ['Tax. You pay tax.'], ['- one', '- two']]
    """
    text = _WRAPPED_LINE.sub(" ", _HEADING_MARK.sub("", body).replace("**", ""))
    return [chunk.split("\n") for chunk in _PARAGRAPH_BREAK.split(text) if chunk.strip()]


@dataclass(frozen=True)
class CardPreview:
    language: str
    direction: str
    form: ArticleForm
    paragraphs: list[list[str]]
    strings: dict[str, str]
    reviewed: str


def card_preview(form: ArticleForm, language: str) -> CardPreview:
    strings = ui_strings(language)["strings"]
    assert isinstance(strings, dict)
    try:
        reviewed = format_review_date(date.fromisoformat(form.reviewed), language)
    except ValueError:
        reviewed = form.reviewed
    return CardPreview(language=language, direction=text_direction(language), form=form,
                       paragraphs=chat_paragraphs(form.body), strings=strings,
                       reviewed=strings["reviewed"].format(date=reviewed))
