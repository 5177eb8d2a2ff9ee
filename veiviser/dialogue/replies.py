"""Replies for the dialogue features: safety first, the first-weeks checklist, handoff, feedback, language."""

from datetime import datetime

from babel.dates import format_skeleton

from veiviser.answers import STATUS_LABELS, answer_message, payload, text_message
from veiviser.dialogue.handoff import HandoffContact, availability
from veiviser.i18n import N_, gettext, language_name
from veiviser.knowledge.loader import KnowledgeBase
from veiviser.messages import (Button, ChecklistItem, ChecklistMessage, Contact, FeedbackQuestion, HandoffMessage,
                               Message, SafetyMessage, TextMessage)
from veiviser.understanding.safety import SafetyAssessment
from veiviser.storage.feedback import FEEDBACK_REASONS


#: Said whatever the knowledge base holds, so help never depends on a file loading.
SAFETY_NOTICE = N_("If you are in danger, call 112. To talk to someone: Mental Helse 116 123 or Kirkens SOS "
                   "22 40 00 40. Violence and abuse: 116 006. Children and young people: 116 111. Help is free.")


def safety_messages(kb: KnowledgeBase, language: str, assessment: SafetyAssessment,
                    status: str | None = None) -> list[Message]:
    """Help first. Urgent: a short line, then the help articles for this kind of danger (their summaries carry
    the numbers). A weaker signal: one line of help contacts, and the answer follows as usual."""
    if assessment.level == "none":
        return []
    if assessment.level == "notice" or kb.guidance.safety is None:
        return [SafetyMessage(level=assessment.level, language=language, text=gettext(language, SAFETY_NOTICE))]
    intro = SafetyMessage(level="urgent", language=language, category=assessment.category,
                          text=gettext(language, "Your safety comes first. If you are in danger now, call the "
                                                 "emergency numbers below. Help is free."))
    slugs = kb.guidance.safety.articles_for(assessment.category)
    cards: list[Message] = [answer_message(kb, slug, language, status) for slug in slugs if slug in kb.articles]
    if not cards:
        return [intro, intro.model_copy(update={"text": gettext(language, SAFETY_NOTICE)})]
    return [intro, *cards]


def safety_slugs(kb: KnowledgeBase, assessment: SafetyAssessment) -> set[str]:
    """The articles `safety_messages` already showed, so the answer does not repeat one."""
    if assessment.level != "urgent" or kb.guidance.safety is None:
        return set()
    return set(kb.guidance.safety.articles_for(assessment.category))


def checklist_message(kb: KnowledgeBase, language: str, status: str) -> ChecklistMessage:
    """The first weeks, in order, for `status`, each step linked to its article."""
    slugs = kb.guidance.checklists.get(status) or kb.guidance.checklists.get("other", [])
    items = []
    for slug in slugs:
        text = kb.text_for(slug, language)
        if text is not None:
            items.append(ChecklistItem(slug=slug, title=text.title, language=text.language))
    heading = gettext(language, "Your first weeks in Norway, step by step ({status}):",
                      status=gettext(language, STATUS_LABELS.get(status, STATUS_LABELS["other"])))
    lines = [heading, *[f"{n}. {item.title}" for n, item in enumerate(items, start=1)],
             gettext(language, "Choose a step to read more.")]
    return ChecklistMessage(language=language, status=status, text="\n".join(lines), items=items,
                            buttons=[Button(title=item.title, payload=payload("choose_article", article=item.slug))
                                     for item in items])


#: When staff are back: weekday, day and month in words, then the 24-hour time. Skeletons, not patterns, so
#: CLDR orders and abbreviates them the way each language does (and may change that between Babel releases).
BACK_AT_SKELETONS: tuple[str, str] = ("MMMMEd", "Hm")


def format_back_at(when: datetime, language: str) -> str:
    """`when` as staff's next opening, in `language`'s own way (CLDR data from Babel).

    >>> when = format_back_at(datetime(2026, 11, 23, 8, 0), "en")
    >>> "Mon" in when and "November" in when and when.endswith("08:00")
    True
    """
    date_skeleton, time_skeleton = BACK_AT_SKELETONS
    return f"{format_skeleton(date_skeleton, when, locale=language)} {format_skeleton(time_skeleton, when, locale=language)}"


def handoff_message(contact: HandoffContact, language: str, now: datetime) -> HandoffMessage:
    """Who to talk to, how to reach them, and whether they are there now."""
    lines = [gettext(language, "You can talk to a person at {name}.", name=contact.name)]
    phone_label, email_label = gettext(language, "Phone"), gettext(language, "E-mail")
    if contact.phone:
        lines.append(f"{phone_label}: {contact.phone}")
    if contact.email:
        lines.append(f"{email_label}: {contact.email}")
    if contact.url:
        lines.append(contact.url)
    state = availability(contact, now)
    if not state.known:
        lines.append(gettext(language, "Check their opening hours on their website before you call."))
    elif state.open_now:
        lines.append(gettext(language, "They are open now."))
    elif state.opens_next is not None:
        lines.append(gettext(language, "They are closed now. They are back {when}.",
                             when=format_back_at(state.opens_next, language)))
    else:
        lines.append(gettext(language, "They are closed now."))
    return HandoffMessage(language=language, text="\n".join(lines), contact=Contact(**contact.model_dump()),
                          open_now=state.open_now if state.known else None)


REASON_LABELS: dict[str, str] = {
    "wrong-topic": N_("It was about something else"),
    "outdated": N_("It seems outdated"),
    "hard-to-understand": N_("It was hard to understand"),
    "not-my-language": N_("It was not in my language"),
}
assert set(REASON_LABELS) == set(FEEDBACK_REASONS)


def feedback_reason_question(language: str) -> FeedbackQuestion:
    return FeedbackQuestion(language=language, text=gettext(language, "Thank you. What was wrong?"),
                            buttons=[Button(title=gettext(language, label),
                                            payload=payload("feedback", helpful="no", reason=reason))
                                     for reason, label in REASON_LABELS.items()])


def feedback_thanks(language: str) -> TextMessage:
    return text_message(language, N_("Thank you for your feedback. It helps us improve the answers."))


def language_switched(language: str) -> TextMessage:
    return text_message(language, N_("From now on I will answer in {language}."), language=language_name(language))
