"""The editor's preview shows a draft the way the chat's answer card does."""

import re
from datetime import date

from api.web.article_preview import _WRAPPED_LINE, card_preview, chat_paragraphs
from api.routers.web import WEB_DIR
from veiviser.editorial.article_form import ArticleForm
from veiviser.i18n import format_review_date


def test_the_full_text_is_cut_into_paragraphs_with_the_widgets_own_rule() -> None:
    widget = (WEB_DIR / "static" / "widget.js").read_text("utf-8")
    rules = re.findall(r"\.replace\(/(.+?)/g[a-z]*, \" \"\)", widget)
    assert _WRAPPED_LINE.pattern in rules  # the same expression joins wrapped lines in both
    assert chat_paragraphs("Intro\nwraps.\n\n1. first\n2. second\n\n### Heading") == [
        ["Intro wraps."], ["1. first", "2. second"], ["Heading"]]


def test_the_card_uses_the_articles_language_direction_and_date() -> None:
    preview = card_preview(ArticleForm(title="t", reviewed="2026-11-21", body="x"), "ar")
    assert preview.direction == "rtl" and preview.strings["sources"] != "Sources"  # the card's own language
    assert format_review_date(date(2026, 11, 21), "ar") in preview.reviewed
    assert card_preview(ArticleForm(reviewed="not a date"), "en").reviewed.endswith("not a date")
