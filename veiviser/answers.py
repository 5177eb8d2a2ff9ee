"""Answer messages built from an article, the same for the Rasa actions and the API's own fallback.

A message is a plain dict (it travels as Rasa `custom` JSON) with a `text` rendering for text-only
channels and structured fields for our web chat.
"""

from typing import Any

from veiviser.i18n import format_review_date, gettext, language_name_in
from veiviser.knowledge.loader import KnowledgeBase

Message = dict[str, Any]


def answer_message(kb: KnowledgeBase, slug: str, language: str) -> Message:
    """The answer card for `slug`, in `language` where the article has it, labelled where it does not.

        answer_message(kb, "school", "so")["article"]["language"]
        # -> 'so'
    """
    shown = kb.text_for(slug, language)
    if shown is None:
        raise KeyError(slug)
    full = kb.full_text_for(slug, language) or shown
    notices: list[str] = []
    if shown.language != language:
        notices.append(gettext(language, "This answer is not available in your language yet. "
                                         "It is shown in {language}.",
                               language=language_name_in(shown.language, language)))
    if full.language != shown.language:
        notices.append(gettext(language, "The full text is in {language}.",
                               language=language_name_in(full.language, language)))
    if shown.meta.confidence == "needs-review":
        notices.append(gettext(language, "Some facts here are being checked again. Confirm them with "
                                         "the source before you act."))
    reviewed = format_review_date(shown.meta.reviewed, language)
    sources = [source.model_dump() for source in shown.sources]
    source_lines = "\n".join(f"{s['publisher']}: {s['url']}" for s in sources)
    source_label = gettext(language, "Source")
    reviewed_line = gettext(language, "Last reviewed {date}", date=reviewed)
    text = "\n\n".join([
        f"{shown.title}\n{shown.summary}",
        *notices,
        f"{source_label}:\n{source_lines}\n{reviewed_line}",
    ])
    return {
        "type": "answer",
        "language": language,
        "text": text,
        "notices": notices,
        "article": {
            "slug": shown.slug,
            "title": shown.title,
            "summary": shown.summary,
            "language": shown.language,
            "steps": list(shown.steps),
            "sources": sources,
            "reviewed": shown.meta.reviewed.isoformat(),
            "reviewed_display": reviewed,
            "confidence": shown.meta.confidence,
            "full_text_language": full.language,
        },
    }


def abstain_message(kb: KnowledgeBase, language: str, suggestions: list[str]) -> Message:
    """"I'm not sure": said plainly, with the closest articles offered as choices, never as an answer."""
    choices = []
    for slug in suggestions:
        text = kb.text_for(slug, language)
        if text is not None:
            choices.append({"slug": slug, "title": text.title})
    lines = [gettext(language, "I'm not sure I have the right answer to that, and I don't want to guess.")]
    if choices:
        lines.append(gettext(language, "Did you mean one of these?"))
        lines += [f"- {c['title']}" for c in choices]
    lines.append(gettext(language, "You can also ask the refugee service in your municipality, NAV or UDI "
                                   "directly."))
    return {"type": "abstain", "language": language, "text": "\n".join(lines), "suggestions": choices}


def plain_message(language: str, message_id: str, kind: str = "text") -> Message:
    """A sentence from the catalogs, e.g. a greeting."""
    return {"type": kind, "language": language, "text": gettext(language, message_id)}
