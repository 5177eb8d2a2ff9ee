"""`knowledge/_guidance.yml`: agency contacts, first-weeks checklists and the safety lexicon.

Like the articles, it is content: checked on load, and a broken file is reported while the last good
version (or none) is used.
"""

import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, ValidationInfo, field_validator

from veiviser.knowledge.model import Problem
from veiviser.knowledge.safety_examples import SafetyCategory
from veiviser.knowledge.schema import Slug, Status, official_https_url
from veiviser.languages import SUPPORTED_LANGUAGES

GUIDANCE_FILE = "_guidance.yml"
ChecklistStatus = Status | str  # the statuses plus "other"


class Agency(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, StringConstraints(min_length=2, max_length=120)]
    url: str
    phone: str | None = None

    @field_validator("url")
    @classmethod
    def _official(cls, url: str, info: ValidationInfo) -> str:
        return official_https_url(url, info)


Term = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=3)]


class Safety(BaseModel):
    model_config = ConfigDict(extra="forbid")
    #: The help shown when a message is about danger but its kind is not known (a keyword alone).
    articles: list[Slug] = Field(min_length=1)
    #: The help for each kind of danger, first card first: suicide -> crisis lines, children -> 116 111, ...
    routes: dict[SafetyCategory, list[Slug]] = {}
    terms: dict[str, list[Term]]

    @field_validator("terms")
    @classmethod
    def _known_languages(cls, terms: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = sorted(set(terms) - set(SUPPORTED_LANGUAGES))
        if unknown:
            raise ValueError(f"unknown language codes: {', '.join(unknown)}")
        return terms

    def articles_for(self, category: SafetyCategory | None) -> list[str]:
        """The help articles for `category`, or the general ones."""
        return (self.routes.get(category) if category else None) or self.articles


class Guidance(BaseModel):
    """Everything in `_guidance.yml`."""

    model_config = ConfigDict(extra="forbid")
    agencies: dict[str, Agency] = {}
    agencies_by_topic: dict[str, list[str]] = {}
    default_agencies: list[str] = []
    checklists: dict[str, list[Slug]] = {}
    safety: Safety | None = None
    #: How people say which situation they are in, per status and language; the first status that matches wins.
    status_phrases: dict[Status, dict[str, list[Term]]] = {}

    @field_validator("status_phrases")
    @classmethod
    def _phrase_languages(cls, phrases: dict[str, dict[str, list[str]]]) -> dict[str, dict[str, list[str]]]:
        unknown = sorted({code for by_language in phrases.values() for code in by_language} - set(SUPPORTED_LANGUAGES))
        if unknown:
            raise ValueError(f"unknown language codes: {', '.join(unknown)}")
        return phrases

    def agencies_for(self, topic: str | None) -> list[Agency]:
        keys = self.agencies_by_topic.get(topic or "", self.default_agencies) or self.default_agencies
        return [self.agencies[k] for k in keys if k in self.agencies]

    def is_safety_message(self, text: str) -> bool:
        """True when the message names danger, violence, exploitation or suicide in any of our languages.

        All languages' terms are checked, not only the detected one: a frightened person's message is often
        short, mixed or misspelled, and a false alarm costs one extra paragraph of help contacts.
        """
        if self.safety is None:
            return False
        lowered = re.sub(r"\s+", " ", text.lower())
        return bool(_term_pattern(tuple(t for terms in self.safety.terms.values() for t in terms)).search(lowered))

    def status_in_message(self, text: str) -> str | None:
        """The status a message states ("I am a refugee", "jestem obywatelem UE"), else None.

        >>> Guidance(status_phrases={"refugee": {"en": ["i am a refugee"]}}).status_in_message("I am a refugee. How?")
        'refugee'
        """
        lowered = re.sub(r"\s+", " ", text.lower())
        for status, by_language in self.status_phrases.items():
            if _term_pattern(tuple(t for terms in by_language.values() for t in terms)).search(lowered):
                return status
        return None

    def slugs(self) -> set[str]:
        found = {s for slugs in self.checklists.values() for s in slugs}
        if self.safety:
            found |= set(self.safety.articles) | {s for slugs in self.safety.routes.values() for s in slugs}
        return found


@lru_cache(maxsize=32)
def _term_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for all terms. Latin and Cyrillic terms must start a word ("vald" must not match inside
    Lithuanian "savivaldybė"); they may end mid-word, so a stem covers its inflections. Arabic and Ethiopic
    terms match anywhere, since those scripts attach prefixes (بال‍) to the word."""
    word_start, anywhere = [], []
    for term in sorted(set(terms), key=len, reverse=True):
        starts_word = term[0].isascii() or "\u0400" <= term[0] <= "\u04ff" or term[0] in "ąčęėįšųūžłńóśźż"
        (word_start if starts_word else anywhere).append(re.escape(term))
    # One look-behind in front of the group, not one per term: with thousands of status phrases, a
    # look-behind per term made every message ~5x slower to check.
    parts = ([f"(?<!\\w)(?:{'|'.join(word_start)})"] if word_start else []) + anywhere
    return re.compile("|".join(parts) or "(?!)")


def load_guidance(root: Path, known_slugs: set[str],
                  official_domains: frozenset[str]) -> tuple[Guidance, list[Problem]]:
    """`_guidance.yml`; its agencies' links are checked against `official_domains` like articles' sources."""
    path = root / GUIDANCE_FILE
    if not path.exists():  # optional: a knowledge base without it has no checklists, contacts or safety terms
        return Guidance(), []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        guidance = Guidance.model_validate(data, context={"official_domains": official_domains})
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        mark = getattr(error, "problem_mark", None)
        return Guidance(), [Problem(path, (mark.line + 1) if mark else 1, f"not valid YAML: {error}")]
    except ValidationError as error:
        return Guidance(), [Problem(path, _line_of(path, str(e["loc"][0])), f"{'.'.join(map(str, e['loc']))}: "
                                    f"{e['msg'].removeprefix('Value error, ')}") for e in error.errors()]
    problems = [Problem(path, _line_of(path, slug), f"'{slug}' is not an article") for slug in
                sorted(guidance.slugs() - known_slugs)]
    unknown_agencies = {a for keys in guidance.agencies_by_topic.values() for a in keys} | set(guidance.default_agencies)
    problems += [Problem(path, _line_of(path, key), f"agency '{key}' is not defined under agencies")
                 for key in sorted(unknown_agencies - set(guidance.agencies))]
    return guidance, problems


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        if needle in line:
            return number
    return 1
