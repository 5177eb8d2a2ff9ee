"""Every string the page and the widget show, marked for extraction and served translated as JSON.

The page renders them server-side (Jinja); the widget fetches `/api/ui?lang=..` so one catalog serves both.
"""

from veiviser.i18n import N_, gettext, language_name, text_direction
from veiviser.languages import SUPPORTED_LANGUAGES

UI_STRINGS: dict[str, str] = {
    "title": N_("Veiviser: answers for newcomers to Norway"),
    "intro": N_("Ask about residence, registration, Norwegian courses, work, health, school and housing. "
                "Answers come from official Norwegian sources."),
    "privacy": N_("Do not write ID numbers, phone numbers or details of your case."),
    "language": N_("Language"),
    "input_label": N_("Your question"),
    "placeholder": N_("Write your question here"),
    "send": N_("Send"),
    "open": N_("Open chat"),
    "close": N_("Close chat"),
    "conversation": N_("Conversation"),
    "you": N_("You"),
    "assistant": N_("Veiviser"),
    "show_full": N_("Show full text"),
    "hide_full": N_("Hide full text"),
    "steps": N_("What to do"),
    "sources": N_("Sources"),
    "reviewed": N_("Reviewed on {date}"),
    "handoff": N_("Talk to a person"),
    "first_steps": N_("What should I do first?"),
    "print": N_("Print"),
    "error": N_("Something went wrong. Please try again in a moment."),
    "waiting": N_("Finding an answer..."),
    "new_chat": N_("New conversation"),
}
# What the widget sends when a quick action is pressed (in the user's language, so NLU sees natural text).
UI_ACTIONS: dict[str, str] = {
    "handoff": N_("I want to talk to a person"),
    "first_steps": N_("What should I do first?"),
}


def ui_strings(language: str) -> dict[str, object]:
    """The widget's strings in `language`, with the language list (names in themselves) and text direction."""
    return {
        "language": language,
        "dir": text_direction(language),
        "strings": {key: gettext(language, text) for key, text in UI_STRINGS.items()},
        "actions": {key: gettext(language, text) for key, text in UI_ACTIONS.items()},
        "languages": [{"code": code, "name": language_name(code), "dir": text_direction(code)}
                      for code in SUPPORTED_LANGUAGES],
    }
