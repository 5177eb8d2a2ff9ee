"""Retrieval quality on the dev set in `tests/eval/<lang>.yml`, with the real model.

Prints top-1, top-3, MRR, out-of-scope abstention and false abstention per language and overall.
`--calibrate` first refits the confidence calibration on the same set (see `retrieval/calibration.py`).
"""

import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from veiviser.languages import SUPPORTED_LANGUAGES
from veiviser.retrieval.calibration import CALIBRATION_FILE, fit_calibration
from veiviser.retrieval.live import live_search_from_settings
from veiviser.retrieval.search import ArticleSearch
from veiviser.settings import REPO_ROOT, get_settings

EVAL_DIR = REPO_ROOT / "tests" / "eval"


@dataclass(frozen=True)
class EvalQuestion:
    text: str
    language: str
    expected: str | None  # None: out of scope, the assistant should abstain


@dataclass(frozen=True)
class Outcome:
    question: EvalQuestion
    ranked: list[str]
    top: float
    second: float
    confident: bool

    @property
    def rank(self) -> int | None:
        """1-based rank of the expected article, None when it is not in the list."""
        if self.question.expected in self.ranked:
            return self.ranked.index(self.question.expected) + 1
        return None


@dataclass(frozen=True)
class Scores:
    questions: int
    in_scope: int
    top1: float
    top3: float
    mrr: float
    oos_abstention: float | None   # share of out-of-scope questions it abstained on
    false_abstention: float        # share of in-scope questions it abstained on
    answered_wrong: float          # share of in-scope questions answered (confidently) with a wrong article


def load_eval_questions(directory: Path = EVAL_DIR) -> list[EvalQuestion]:
    questions = []
    for path in sorted(directory.glob("*.yml")):
        if path.stem not in SUPPORTED_LANGUAGES:
            continue
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            questions.append(EvalQuestion(str(item["q"]), path.stem, item.get("expected")))
    return questions


def run_questions(search: ArticleSearch, questions: list[EvalQuestion]) -> list[Outcome]:
    outcomes = []
    for question in questions:
        result = search.search(question.text, k=10)
        ranked = [hit.slug for hit in result.hits]
        scores = [hit.score for hit in result.hits] + [0.0, 0.0]
        outcomes.append(Outcome(question, ranked, scores[0], scores[1], result.confident))
    return outcomes


def score(outcomes: list[Outcome]) -> Scores:
    in_scope = [o for o in outcomes if o.question.expected is not None]
    out_of_scope = [o for o in outcomes if o.question.expected is None]
    n = max(len(in_scope), 1)
    ranks = [o.rank for o in in_scope]
    return Scores(
        questions=len(outcomes),
        in_scope=len(in_scope),
        top1=sum(r == 1 for r in ranks) / n,
        top3=sum(r is not None and r <= 3 for r in ranks) / n,
        mrr=sum(1 / r for r in ranks if r) / n,
        oos_abstention=(sum(not o.confident for o in out_of_scope) / len(out_of_scope)) if out_of_scope else None,
        false_abstention=sum(not o.confident for o in in_scope) / n,
        answered_wrong=sum(o.confident and o.rank != 1 for o in in_scope) / n,
    )


def scores_by_language(outcomes: list[Outcome]) -> dict[str, Scores]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[outcome.question.language].append(outcome)
    table = {lang: score(groups[lang]) for lang in SUPPORTED_LANGUAGES if lang in groups}
    table["all"] = score(outcomes)
    return table


def render_scores(table: dict[str, Scores]) -> str:
    def pct(value: float | None) -> str:
        return "   -" if value is None else f"{100 * value:5.1f}"

    lines = ["lang    n  top1  top3   MRR  oos-abst  false-abst  wrong-answer"]
    for lang, s in table.items():
        lines.append(f"{lang:<4} {s.questions:4d} {pct(s.top1)} {pct(s.top3)} {s.mrr:5.3f}    {pct(s.oos_abstention)}"
                     f"       {pct(s.false_abstention)}         {pct(s.answered_wrong)}")
    return "\n".join(lines)


def cross_validated_abstention(outcomes: list[Outcome], threshold: float, encoder: str,
                               folds: int = 2) -> tuple[float, float]:
    """(out-of-scope abstention, false abstention) with the calibration fitted on the other folds only.

    The shipped calibration is fitted on the whole dev set, which flatters it; this is the honest figure.
    """
    abstained_oos = abstained_in = oos = in_scope = 0
    for fold in range(folds):
        train = [o for i, o in enumerate(outcomes) if i % folds != fold]
        test = [o for i, o in enumerate(outcomes) if i % folds == fold]
        fitted = fit_calibration([(o.top, o.second) for o in train],
                                 [o.question.expected is not None and o.rank == 1 for o in train], encoder)
        for o in test:
            abstains = fitted.probability(o.top, o.second) < threshold
            if o.question.expected is None:
                oos, abstained_oos = oos + 1, abstained_oos + abstains
            else:
                in_scope, abstained_in = in_scope + 1, abstained_in + abstains
    return abstained_oos / max(oos, 1), abstained_in / max(in_scope, 1)


def build_search() -> ArticleSearch:
    return live_search_from_settings(get_settings()).current


def run_evaluation(calibrate: bool = False, show_misses: bool = False) -> int:
    search = build_search()
    questions = load_eval_questions()
    if calibrate:
        outcomes = run_questions(search, questions)
        fitted = fit_calibration([(o.top, o.second) for o in outcomes],
                                 [o.question.expected is not None and o.rank == 1 for o in outcomes],
                                 encoder=search.encoder.name, weights=search.weights.fingerprint())
        fitted.save(CALIBRATION_FILE)
        search.calibration, search.calibration_problem = fitted, None
        print(f"calibration refitted on {len(outcomes)} questions: {fitted}", file=sys.stderr)
    outcomes = run_questions(search, questions)
    print(render_scores(scores_by_language(outcomes)))
    oos, false = cross_validated_abstention(outcomes, search.abstain_below, search.encoder.name)
    print(f"calibration cross-validated (2 folds): oos-abst {100 * oos:.1f}, false-abst {100 * false:.1f}")
    if show_misses:
        for o in outcomes:
            wrong = o.rank != 1 if o.question.expected else o.confident
            if wrong:
                print(f"  [{o.question.language}] {o.question.text!r}: expected {o.question.expected}, "
                      f"got {o.ranked[:3]} (top {o.top:.3f}, margin {o.top - o.second:.3f}, "
                      f"{'answered' if o.confident else 'abstained'})")
    return 0
