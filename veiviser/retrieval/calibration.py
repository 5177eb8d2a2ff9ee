"""Turns raw ranking scores into a probability that the top article is right (Platt scaling).

The weights are fitted on the dev set (`veiviser eval --calibrate`) and kept in `calibration.json` beside
this module, so the abstain threshold means the same thing whatever the encoder's score range is.
"""

import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")


@dataclass(frozen=True)
class Calibration:
    """p(right) = sigmoid(bias + w_top * top_score + w_margin * (top_score - second_score))."""

    bias: float = -20.0
    w_top: float = 24.0
    w_margin: float = 30.0
    encoder: str = ""
    weights: str = ""  # ScoringWeights.fingerprint() of the scores it was fitted to

    def mismatch(self, encoder: str, weights: str) -> str | None:
        """Why this calibration does not fit scores from `encoder` with `weights`, or None. Another model or
        other weights score on another scale: the abstain threshold would mean something else."""
        if self.encoder != encoder:
            return f"fitted for the encoder {self.encoder or '(unnamed)'}, not {encoder}"
        if self.weights != weights:
            return f"fitted for scoring weights {self.weights or '(unrecorded)'}, not {weights}"
        return None

    def probability(self, top: float, second: float) -> float:
        z = self.bias + self.w_top * top + self.w_margin * (top - second)
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    @classmethod
    def load(cls, path: Path = CALIBRATION_FILE) -> "Calibration":
        if not path.exists():
            return cls()
        return cls(**json.loads(path.read_text(encoding="utf-8")))

    def save(self, path: Path = CALIBRATION_FILE) -> None:
        path.write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")


def fit_calibration(features: list[tuple[float, float]], correct: list[bool], encoder: str, weights: str = "",
                    iterations: int = 4000, learning_rate: float = 0.5) -> Calibration:
    """Logistic regression on (top, margin) by gradient descent; small enough to need no extra library.

    `features` holds (top, second) per question; `correct` says whether the top article was the expected one
    (out-of-scope questions count as not correct, so they push the threshold up).
    """
    if len(features) != len(correct) or not features:
        raise ValueError("need one label per feature pair, and at least one")
    xs = [(top, top - second) for top, second in features]
    mean = [sum(x[i] for x in xs) / len(xs) for i in range(2)]
    spread = [max(1e-6, (sum((x[i] - mean[i]) ** 2 for x in xs) / len(xs)) ** 0.5) for i in range(2)]
    zs = [((x[0] - mean[0]) / spread[0], (x[1] - mean[1]) / spread[1]) for x in xs]
    w0 = w1 = w2 = 0.0
    n = len(zs)
    for _ in range(iterations):
        g0 = g1 = g2 = 0.0
        for (a, b), y in zip(zs, correct):
            p = 1.0 / (1.0 + math.exp(-(w0 + w1 * a + w2 * b)))
            error = p - (1.0 if y else 0.0)
            g0, g1, g2 = g0 + error, g1 + error * a, g2 + error * b
        w0 -= learning_rate * g0 / n
        w1 -= learning_rate * g1 / n
        w2 -= learning_rate * g2 / n
    # Back to raw feature units.
    w_top, w_margin = w1 / spread[0], w2 / spread[1]
    bias = w0 - w_top * mean[0] - w_margin * mean[1]
    return Calibration(bias=bias, w_top=w_top, w_margin=w_margin, encoder=encoder, weights=weights)
