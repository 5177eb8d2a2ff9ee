"""`knowledge/_safety.yml`: how people write when they are in danger, per category and language.

Content, not code: the safety classifier (`veiviser.understanding.safety`) learns from these examples, so an
editor who sees a missed message adds it here. Checked on load like the articles; a broken file is reported
and the last good version is used.
"""

from pathlib import Path
from typing import Annotated, Final, Literal

import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError, field_validator

from veiviser.knowledge.model import Problem
from veiviser.languages import SUPPORTED_LANGUAGES

SAFETY_EXAMPLES_FILE: Final = "_safety.yml"
#: The label of a hard negative (an ordinary message with violent or death words) beside the categories.
NOT_SAFETY: Final = "not-safety"

SafetyCategory = Literal["suicide", "threat", "domestic-violence", "sexual-violence", "forced-marriage",
                         "exploitation", "child-at-risk"]
SAFETY_CATEGORIES: Final[tuple[SafetyCategory, ...]] = (
    "suicide", "threat", "domestic-violence", "sexual-violence", "forced-marriage", "exploitation", "child-at-risk")

Example = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=500)]
ByLanguage = dict[str, list[Example]]


def _known_languages(examples: ByLanguage) -> ByLanguage:
    unknown = sorted(set(examples) - set(SUPPORTED_LANGUAGES))
    if unknown:
        raise ValueError(f"unknown language codes: {', '.join(unknown)}")
    return examples


class SafetyExamples(BaseModel):
    """Positive examples per category and language, and hard negatives (`not_safety`) per language.

    >>> SafetyExamples(categories={"suicide": {"en": ["I want to end it all"]}}).pairs()
    [('I want to end it all', 'suicide')]
    """

    model_config = ConfigDict(extra="forbid")
    categories: dict[SafetyCategory, ByLanguage] = {}
    not_safety: ByLanguage = {}

    @field_validator("categories")
    @classmethod
    def _category_languages(cls, categories: dict[SafetyCategory, ByLanguage]) -> dict[SafetyCategory, ByLanguage]:
        for examples in categories.values():
            _known_languages(examples)
        return categories

    @field_validator("not_safety")
    @classmethod
    def _negative_languages(cls, examples: ByLanguage) -> ByLanguage:
        return _known_languages(examples)

    def pairs(self) -> list[tuple[str, SafetyCategory]]:
        """(example, category) for every positive example."""
        return [(text, category) for category, by_language in self.categories.items()
                for texts in by_language.values() for text in texts]

    def negatives(self) -> list[str]:
        return [text for texts in self.not_safety.values() for text in texts]


def load_safety_examples(root: Path) -> tuple[SafetyExamples, list[Problem]]:
    """The examples in `root/_safety.yml` (none when the file is missing) and any problems, with line numbers."""
    path = root / SAFETY_EXAMPLES_FILE
    if not path.exists():
        return SafetyExamples(), []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return SafetyExamples.model_validate(data), []
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        mark = getattr(error, "problem_mark", None)
        return SafetyExamples(), [Problem(path, (mark.line + 1) if mark else 1, f"not valid YAML: {error}")]
    except ValidationError as error:
        return SafetyExamples(), [Problem(path, _line_of(path, e["loc"]), f"{'.'.join(map(str, e['loc']))}: {e['msg']}")
                                  for e in error.errors()]


def _line_of(path: Path, location: tuple[int | str, ...]) -> int:
    """The line of the deepest named key of `location` (a list index has no line of its own)."""
    names = [str(part) for part in location if isinstance(part, str)]
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    found = 1
    for name in names:
        for number, line in enumerate(lines[found - 1:], start=found):
            if line.strip().startswith(f"{name}:"):
                found = number
                break
    return found
