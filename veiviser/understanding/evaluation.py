"""How well the assistant understands the person: safety recall and false alarms, with the real model.

Two kinds of figure, both on material the classifier was not fitted on:
- held out: `tests/eval/dialogue/safety.yml` (danger, written from the category descriptions alone) and
  `ordinary.yml` (questions, idioms and near misses that are not), never seen by the classifier;
- cross-validated: the examples in `knowledge/_safety.yml` split in folds, each fold scored by a classifier
  fitted on the others.

A message "gets help" when its level is not "none" (urgent: help articles first; notice: one line of help
contacts before the answer). A false alarm is an ordinary message that gets either.
"""

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from veiviser.knowledge.safety_examples import NOT_SAFETY
from veiviser.retrieval.index import ArticleIndex
from veiviser.settings import REPO_ROOT
from veiviser.understanding.safety import SafetyAssessment, SafetyClassifier

DIALOGUE_EVAL_DIR = REPO_ROOT / "tests" / "eval" / "dialogue"


@dataclass(frozen=True)
class Case:
    """One dev-set message: a safety message (`category` set) or an ordinary one (`kind` set)."""

    text: str
    language: str
    category: str | None = None
    kind: str | None = None


def load_safety_cases(directory: Path = DIALOGUE_EVAL_DIR) -> tuple[list[Case], list[Case]]:
    """(safety messages, ordinary messages) from the dev sets."""
    safety = yaml.safe_load((directory / "safety.yml").read_text(encoding="utf-8"))
    ordinary = yaml.safe_load((directory / "ordinary.yml").read_text(encoding="utf-8"))
    return ([Case(c["text"], c["lang"], category=c["category"]) for c in safety],
            [Case(c["text"], c["lang"], kind=c["kind"]) for c in ordinary])


@dataclass
class Tally:
    """Hits out of cases, per group."""

    hits: Counter[str] = field(default_factory=Counter)
    cases: Counter[str] = field(default_factory=Counter)

    def add(self, group: str, hit: bool) -> None:
        self.cases[group] += 1
        self.hits[group] += int(hit)

    def rate(self, group: str | None = None) -> float:
        cases = self.cases[group] if group else sum(self.cases.values())
        hits = self.hits[group] if group else sum(self.hits.values())
        return hits / cases if cases else 0.0


@dataclass
class SafetyFigures:
    recall_by_category: Tally = field(default_factory=Tally)
    recall_by_language: Tally = field(default_factory=Tally)
    urgent_by_category: Tally = field(default_factory=Tally)
    alarms_by_kind: Tally = field(default_factory=Tally)
    alarms_by_language: Tally = field(default_factory=Tally)
    urgent_alarms_by_kind: Tally = field(default_factory=Tally)
    misses: list[Case] = field(default_factory=list)
    alarms: list[Case] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.recall_by_category.rate()

    @property
    def false_alarm_rate(self) -> float:
        return self.alarms_by_kind.rate()

    @property
    def urgent_false_alarm_rate(self) -> float:
        """Ordinary messages that got the full help first (not just one line of contacts)."""
        return self.urgent_alarms_by_kind.rate()


def score_safety(assess: Callable[[str], SafetyAssessment], safety: Sequence[Case],
                 ordinary: Sequence[Case]) -> SafetyFigures:
    figures = SafetyFigures()
    for case in safety:
        level = assess(case.text).level
        figures.recall_by_category.add(case.category or "", level != "none")
        figures.recall_by_language.add(case.language, level != "none")
        figures.urgent_by_category.add(case.category or "", level == "urgent")
        if level == "none":
            figures.misses.append(case)
    for case in ordinary:
        level = assess(case.text).level
        alarm = level != "none"
        figures.alarms_by_kind.add(case.kind or "", alarm)
        figures.urgent_alarms_by_kind.add(case.kind or "", level == "urgent")
        figures.alarms_by_language.add(case.language, alarm)
        if alarm:
            figures.alarms.append(case)
    return figures


def cross_validated_examples(index: ArticleIndex, classifier: SafetyClassifier, folds: int = 5,
                             seed: int = 7) -> tuple[float, float]:
    """(recall on held-out positive examples, alarms on held-out hard negatives), `folds`-fold."""
    entries, vectors = index.safety.entries, index.safety.vectors
    questions = [e.text for e in index.questions.entries]
    order = np.random.default_rng(seed).permutation(len(entries))
    positives_found = positives = alarms = negatives = 0
    for fold in range(folds):
        held = set(order[fold::folds].tolist())
        kept = [i for i in range(len(entries)) if i not in held]
        fitted = SafetyClassifier.fit([(entries[i].text, entries[i].slug) for i in kept], vectors[kept], questions,
                                      index.questions.vectors, classifier.guidance, classifier.thresholds)
        for i in held:
            level = fitted.assess(entries[i].text, vectors[i]).level
            if entries[i].slug == NOT_SAFETY:
                negatives += 1
                alarms += int(level != "none")
            else:
                positives += 1
                positives_found += int(level != "none")
    return positives_found / max(positives, 1), alarms / max(negatives, 1)


def format_safety(figures: SafetyFigures, show_cases: bool = False) -> str:
    lines = [f"safety recall (help first) {figures.recall:.3f}  false alarms {figures.false_alarm_rate:.3f} "
             f"(of which urgent {figures.urgent_false_alarm_rate:.3f})",
             "", f"{'category':<20}{'n':>5}{'recall':>8}{'urgent':>8}"]
    for group in sorted(figures.recall_by_category.cases):
        lines.append(f"{group:<20}{figures.recall_by_category.cases[group]:>5}"
                     f"{figures.recall_by_category.rate(group):>8.2f}{figures.urgent_by_category.rate(group):>8.2f}")
    lines += ["", f"{'language':<10}{'safety n':>9}{'recall':>8}{'ordinary n':>11}{'alarms':>8}"]
    for language in sorted(set(figures.recall_by_language.cases) | set(figures.alarms_by_language.cases)):
        lines.append(f"{language:<10}{figures.recall_by_language.cases[language]:>9}"
                     f"{figures.recall_by_language.rate(language):>8.2f}"
                     f"{figures.alarms_by_language.cases[language]:>11}{figures.alarms_by_language.rate(language):>8.3f}")
    lines += ["", f"{'ordinary kind':<15}{'n':>5}{'alarms':>8}{'urgent':>8}"]
    for kind in sorted(figures.alarms_by_kind.cases):
        lines.append(f"{kind:<15}{figures.alarms_by_kind.cases[kind]:>5}{figures.alarms_by_kind.rate(kind):>8.3f}"
                     f"{figures.urgent_alarms_by_kind.rate(kind):>8.3f}")
    if show_cases:
        lines += ["", "missed:", *(f"  [{c.language} {c.category}] {c.text}" for c in figures.misses),
                  "false alarms:", *(f"  [{c.language} {c.kind}] {c.text}" for c in figures.alarms)]
    return "\n".join(lines)


def thresholds_cross_validated(scores_safety: Sequence[float], scores_ordinary: Sequence[float],
                               folds: int = 5, seed: int = 7) -> tuple[float, float]:
    """Recall and false alarms when the threshold is chosen on the other folds of the dev sets (the lowest
    threshold with at most 1 % false alarms there), so choosing it does not flatter the figure."""
    rng = np.random.default_rng(seed)
    s, o = np.asarray(scores_safety), np.asarray(scores_ordinary)
    s_fold, o_fold = rng.integers(0, folds, len(s)), rng.integers(0, folds, len(o))
    found = alarms = 0
    for fold in range(folds):
        train_o = np.sort(o[o_fold != fold])
        allowed = int(0.01 * len(train_o))
        threshold = train_o[len(train_o) - allowed - 1] + 1e-6 if len(train_o) > allowed else 0.0
        found += int(np.sum(s[s_fold == fold] >= threshold))
        alarms += int(np.sum(o[o_fold == fold] >= threshold))
    return found / max(len(s), 1), alarms / max(len(o), 1)


__all__ = ["Case", "SafetyFigures", "cross_validated_examples", "format_safety", "load_safety_cases",
           "score_safety", "thresholds_cross_validated"]
