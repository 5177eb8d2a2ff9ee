"""Answer messages built from articles, the same for the Rasa actions and the API's own fallback.

Each is a typed message of `veiviser.messages` (it travels as Rasa `custom` JSON) with a `text` rendering for
text-only channels, `buttons` (title + Rasa payload) where the user can choose, and structured fields for our
web chat.
"""

import json

from veiviser.i18n import N_, format_review_date, gettext, language_name_in
from veiviser.knowledge.loader import KnowledgeBase
from veiviser.messages import (AbstainMessage, Agency, AnswerMessage, ArticleCard, Button, ClarifyMessage,
                               NoticeMessage, ShortAnswer, Source, StatusAssumed, StatusQuestion,
                               TextMessage)
from veiviser.retrieval.short_answer import ShortAnswer as FoundShortAnswer


def payload(intent: str, **entities: str) -> str:
    """A Rasa button payload: '/intent{"entity": "value"}'.

    >>> payload("choose_article", article="school")
    '/choose_article{"article": "school"}'
    """
    return f"/{intent}{json.dumps(entities, ensure_ascii=False)}" if entities else f"/{intent}"


def feedback_buttons(language: str) -> list[Button]:
    return [Button(title=gettext(language, "Helpful"), payload=payload("feedback", helpful="yes")),
            Button(title=gettext(language, "Not helpful"), payload=payload("feedback", helpful="no"))]


def answer_message(kb: KnowledgeBase, slug: str, language: str, status: str | None = None,
                   short: FoundShortAnswer | None = None) -> AnswerMessage:
    """The answer card for `slug`, in `language` where the article has it, labelled where it does not.
    With a known `status`, the part of the article that applies to that status comes first; with a `short`
    answer (the article's sentences that answer this question), those come before everything.

        answer_message(kb, "school", "so").article.language
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
    status_note = shown.meta.by_status.get(status) if status else None
    reviewed = format_review_date(shown.meta.reviewed, language)
    sources = [Source(title=s.title, url=s.url, publisher=s.publisher) for s in shown.sources]
    source_lines = "\n".join(f"{s.publisher}: {s.url}" for s in sources)
    source_label = gettext(language, "Source")
    reviewed_line = gettext(language, "Last reviewed {date}", date=reviewed)
    short_lines = []
    if short is not None:
        label = f"[{language_name_in(short.language, language)}] " if short.language != language else ""
        short_lines.append(label + " ".join(short.sentences))
    text = "\n\n".join([
        *short_lines,
        f"{shown.title}\n{shown.summary}",
        *([status_note] if status_note else []),
        *notices,
        f"{source_label}:\n{source_lines}\n{reviewed_line}",
    ])
    card = ArticleCard(
        slug=shown.slug, title=shown.title, summary=shown.summary, language=shown.language,
        status=status if status_note else None, status_note=status_note, steps=list(shown.steps), sources=sources,
        reviewed=shown.meta.reviewed.isoformat(), reviewed_display=reviewed, confidence=shown.meta.confidence,
        full_text_language=full.language,
        short_answer=(ShortAnswer(sentences=list(short.sentences), language=short.language)
                      if short is not None else None))
    return AnswerMessage(language=language, text=text, notices=notices, buttons=feedback_buttons(language),
                         article=card)


def _choices(kb: KnowledgeBase, language: str, slugs: list[str]) -> list[Button]:
    buttons = []
    for slug in slugs:
        text = kb.text_for(slug, language)
        if text is not None:
            buttons.append(Button(title=text.title, payload=payload("choose_article", article=slug)))
    return buttons


def clarify_message(kb: KnowledgeBase, language: str, slugs: list[str]) -> ClarifyMessage:
    """Two or three close articles offered as buttons instead of a guess."""
    return ClarifyMessage(language=language, buttons=_choices(kb, language, slugs),
                          text=gettext(language, "I found more than one possible answer. Which one do you mean?"))


def abstain_message(kb: KnowledgeBase, language: str, suggestions: list[str],
                    topic: str | None = None) -> AbstainMessage:
    """"I'm not sure": said plainly, with the agency to ask and the closest articles as choices, never a guess."""
    lines = [gettext(language, "I'm not sure I have the right answer to that, and I don't want to guess."),
             gettext(language, "You can ask:")]
    agencies = kb.guidance.agencies_for(topic)
    for agency in agencies:
        contact = ", ".join(part for part in (agency.phone, agency.url) if part)
        lines.append(f"- {agency.name}: {contact}")
    buttons = _choices(kb, language, suggestions)
    if buttons:
        lines.append(gettext(language, "Or did you mean one of these?"))
    return AbstainMessage(language=language, text="\n".join(lines), buttons=buttons,
                          agencies=[Agency(name=a.name, url=a.url, phone=a.phone) for a in agencies])


def text_message(language: str, message_id: str, /, **values: str) -> TextMessage:
    """A sentence from the catalogs, e.g. a greeting."""
    return TextMessage(language=language, text=gettext(language, message_id, **values))


def notice_message(language: str, message_id: str) -> NoticeMessage:
    """A note about the reply itself, from the catalogs."""
    return NoticeMessage(language=language, text=gettext(language, message_id))


STATUS_LABELS: dict[str, str] = {
    "collective-protection": N_("Collective protection from Ukraine"),
    "asylum-seeker": N_("Asylum seeker"),
    "refugee": N_("Refugee with a residence permit"),
    "family": N_("Family immigrant"),
    "labour-non-eea": N_("Worker from outside the EU/EEA"),
    "eea": N_("EU/EEA citizen"),
    "student": N_("Student"),
    "other": N_("Other"),
}


def _status_buttons(language: str, leave_out: str | None = None) -> list[Button]:
    return [Button(title=gettext(language, label), payload=payload("set_status", user_status=code))
            for code, label in STATUS_LABELS.items() if code != leave_out]


def status_question(language: str) -> StatusQuestion:
    """Asks once which status describes the user, as buttons."""
    return StatusQuestion(language=language, buttons=_status_buttons(language),
                          text=gettext(language, "The answer depends on your situation. Which of these describes you?"))


def status_assumed(language: str, status: str) -> StatusAssumed:
    """Says which status the answer assumed (taken from the user's own words), with the others to switch to."""
    label = gettext(language, STATUS_LABELS.get(status, STATUS_LABELS["other"]))
    return StatusAssumed(language=language, status=status, buttons=_status_buttons(language, leave_out=status),
                         text=gettext(language, "I answered for: {status}. If that is not right, choose another:",
                                      status=label))
