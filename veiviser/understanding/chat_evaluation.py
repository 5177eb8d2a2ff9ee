"""The dialogue dev sets through `/api/chat`, with the real Rasa server, action server and model.

Each case runs in a new conversation on a stack of our own (loopback, scratch databases), the way a person
meets the assistant. Figures per set and language:

- safety: help contacts come first (the first message is a safety message);
- ordinary: no safety message (a false alarm), and the answer still comes when there is one to give;
- followups: the second turn is answered from the expected article;
- status: answered from the expected article with the stated status's part, and no status question;
- mixed: the question in a greeting or thanks is answered;
- language: every message is in the expected language (and Latin-letter questions find their article).
"""

import re
import sys
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import yaml

from veiviser.retrieval.search import ArticleSearch
from veiviser.settings import get_settings
from veiviser.stack import Stack, free_port
from veiviser.understanding.evaluation import DIALOGUE_EVAL_DIR, Tally

#: A first question in each language, to give a conversation its language before a short message.
PRIMERS = {
    "nb": "Hvordan får jeg skattekort?", "nn": "Korleis får eg skattekort?", "en": "How do I get a tax card?",
    "uk": "Як отримати податкову картку?", "ru": "Как получить налоговую карточку?",
    "pl": "Jak dostać kartę podatkową?", "lt": "Kaip gauti mokesčių kortelę?", "ar": "كيف أحصل على بطاقة الضريبة؟",
    "so": "Sideen ku heli karaa kaarka canshuurta?", "ti": "ካርድ ግብሪ ብኸመይ ይርከብ?", "fa": "چطور کارت مالیاتی بگیرم؟",
}

Messages = list[dict[str, Any]]
Say = Callable[[str, str, str | None], Messages]


@dataclass
class SetFigures:
    name: str
    by_language: Tally

    def line(self) -> str:
        languages = "  ".join(f"{code} {self.by_language.rate(code):.2f}/{self.by_language.cases[code]}"
                              for code in sorted(self.by_language.cases))
        return f"{self.name:<10} {self.by_language.rate():.3f} (n={sum(self.by_language.cases.values())})  {languages}"


def _answers(messages: Messages) -> list[dict[str, Any]]:
    return [m for m in messages if m.get("type") == "answer" and m.get("article")]


def _load(name: str) -> list[dict[str, Any]]:
    return yaml.safe_load((DIALOGUE_EVAL_DIR / f"{name}.yml").read_text(encoding="utf-8"))


def run_sets(say: Say, sample: int = 1) -> list[SetFigures]:
    """Every dialogue set (every `sample`-th case of each) through `say(session, message, page_language)`."""
    figures = []
    tally = Tally()
    for case in _load("safety")[::sample]:
        messages = say(_new(), case["text"], None)
        tally.add(case["lang"], bool(messages) and messages[0].get("type") == "safety")
    figures.append(SetFigures("safety", tally))

    alarms, answered = Tally(), Tally()
    for case in _load("ordinary")[::sample]:
        messages = say(_new(), case["text"], None)
        alarms.add(case["lang"], any(m.get("type") == "safety" for m in messages))
        if case.get("expected"):
            answered.add(case["lang"], any(a["article"]["slug"] == case["expected"] for a in _answers(messages)))
    figures += [SetFigures("alarms", alarms), SetFigures("answered", answered)]

    tally = Tally()
    for case in _load("followups")[::sample]:
        session = _new()
        say(session, case["turns"][0], None)
        answers = _answers(say(session, case["turns"][1], None))
        tally.add(case["lang"], bool(answers) and answers[0]["article"]["slug"] == case["expected"])
    figures.append(SetFigures("followups", tally))

    tally = Tally()
    for case in _load("status")[::sample]:
        messages = say(_new(), case["text"], None)
        answers = _answers(messages)
        right = bool(answers) and answers[0]["article"]["slug"] == case["expected"]
        applied = right and answers[0]["article"].get("status") == case["status"]
        tally.add(case["lang"], applied and not any(m.get("type") == "status-question" for m in messages))
    figures.append(SetFigures("status", tally))

    tally = Tally()
    for case in _load("mixed")[::sample]:
        answers = _answers(say(_new(), case["text"], None))
        tally.add(case["lang"], any(a["article"]["slug"] == case["expected"] for a in answers))
    figures.append(SetFigures("mixed", tally))

    tally = Tally()
    for case in _load("language")[::sample]:
        session = _new()
        if case.get("session_lang"):
            say(session, PRIMERS[case["session_lang"]], None)
        messages = say(session, case["text"], case.get("page_lang"))
        right = bool(messages) and all(m.get("language") in (None, case["expected_lang"]) for m in messages)
        if case["kind"] == "latin" and case.get("expected"):
            right = right and any(a["article"]["slug"] == case["expected"] for a in _answers(messages))
        tally.add(case["kind"], right)
    figures.append(SetFigures("language", tally))
    return figures


FACTS_FILE = DIALOGUE_EVAL_DIR.parent / "facts.yml"


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def run_facts(say: Say, sample: int = 1) -> tuple[SetFigures, list[str]]:
    """Each question of `tests/eval/facts.yml` in a new conversation: right when every fact string appears in
    the visible answer (the text of its answer cards and of the help contacts shown first, as a question
    about a crisis line gets them; spaces and case ignored). A clarification or an "I'm not sure" does not
    count. Returns the figures and the questions that missed, with what the answer showed instead."""
    tally, missed = Tally(), []
    for case in yaml.safe_load(FACTS_FILE.read_text(encoding="utf-8"))[::sample]:
        messages = say(_new(), case["question"], None)
        answers = _answers(messages)
        shown = _squeezed(" ".join(m["text"] for m in messages if m.get("type") in ("answer", "safety")))
        right = bool(shown) and all(_squeezed(str(fact)) in shown for fact in case["facts"])
        tally.add(case["lang"], right)
        if not right:
            got = answers[0]["article"]["slug"] if answers else "no answer"
            missed.append(f"[{case['lang']} {case['expected']} -> {got}] {case['question']}  (wanted {case['facts']})")
    return SetFigures("facts", tally), missed


def _new() -> str:
    return f"eval-{uuid.uuid4().hex[:16]}"


def chat_caller(client: httpx.Client, url: str, errors: list[str]) -> Say:
    """`say` over HTTP; a failed request counts as a wrong reply (and is listed), not as the end of the run.
    The sets name their conversations; the server issues the ids, which are kept per name."""
    issued: dict[str, str] = {}

    def say(session: str, message: str, page_language: str | None) -> Messages:
        body: dict[str, Any] = {"message": message}
        if session in issued:
            body["session_id"] = issued[session]
        if page_language:
            body["page_language"] = page_language
        try:
            response = client.post(url, json=body)
            response.raise_for_status()
        except httpx.HTTPError as error:
            errors.append(f"{type(error).__name__}: {error}")
            return []
        reply = response.json()
        issued[session] = reply["session_id"]
        return list(reply["messages"])

    return say


def policy_caller(search: ArticleSearch) -> Say:
    """`say` straight through the answer policy, keeping each conversation's state the way the actions keep
    Rasa's slots: the fast loop for tuning (no NLU, so greetings are treated as questions). The figures that
    count come through /api/chat."""
    from dataclasses import replace

    from veiviser.dialogue.policy import Conversation, decide
    from veiviser.understanding.language import UnsupportedLanguageCheck

    unsupported = UnsupportedLanguageCheck()
    conversations: dict[str, Conversation] = {}

    def say(session: str, message: str, page_language: str | None) -> Messages:
        known = replace(conversations.get(session, Conversation()), page_language=page_language)
        decision = decide(search, message, known, unsupported=unsupported)
        conversations[session] = replace(known, language=decision.language,
                                         status=decision.stated_status or known.status,
                                         last_article=decision.article or known.last_article,
                                         status_asked=known.status_asked or decision.asked_status)
        return [reply.model_dump(mode="json") for reply in decision.replies]

    return say


def run_through_own_stack(sample: int = 1, facts: bool = False) -> list[SetFigures]:
    """The dialogue sets (or, with `facts`, the facts set) through /api/chat on a stack of our own."""
    scratch = Path(tempfile.mkdtemp(prefix="veiviser-eval-dialogue-"))
    settings = get_settings().model_copy(update={"data_dir": scratch, "host": "127.0.0.1"})
    api_port = free_port()
    stack = Stack(settings, rasa_port=free_port(), actions_port=free_port(), api_port=api_port,
                  tracker_db=scratch / "tracker.db")
    for service in stack.services:
        service.env.update({"VEIVISER_DATABASE_URL": f"sqlite:///{scratch / 'eval.db'}",
                            "VEIVISER_RATE_LIMIT_PER_IP": "1000000/minute",
                            "VEIVISER_RATE_LIMIT_PER_SESSION": "1000000/minute"})
    print("starting Rasa, the action server and the API ...", file=sys.stderr)
    stack.start()
    errors: list[str] = []
    try:
        with httpx.Client(timeout=120) as client:
            say = chat_caller(client, f"http://127.0.0.1:{api_port}/api/chat", errors)
            if facts:
                figures, missed = run_facts(say, sample)
                print("\n".join(missed), file=sys.stderr)
                return [figures]
            return run_sets(say, sample)
    finally:
        stack.stop()
        if errors:
            print(f"{len(errors)} requests failed (counted as wrong), first: {errors[0]}", file=sys.stderr)
