"""Calibration turns scores into a probability that grows with the score and the margin."""

from pathlib import Path

import pytest

from veiviser.retrieval.calibration import Calibration, fit_calibration


def test_probability_grows_with_score_and_margin() -> None:
    calibration = Calibration(bias=-20, w_top=24, w_margin=30)
    assert calibration.probability(0.95, 0.80) > calibration.probability(0.85, 0.80) > calibration.probability(0.8, 0.8)


def test_fit_separates_right_from_wrong_and_round_trips(tmp_path: Path) -> None:
    right = [(0.95, 0.85), (0.93, 0.84), (0.97, 0.86), (0.92, 0.83)] * 5
    wrong = [(0.84, 0.83), (0.83, 0.83), (0.85, 0.84), (0.82, 0.81)] * 5
    fitted = fit_calibration(right + wrong, [True] * len(right) + [False] * len(wrong), encoder="test")
    assert all(fitted.probability(t, s) > 0.5 for t, s in right)
    assert all(fitted.probability(t, s) < 0.5 for t, s in wrong)
    fitted.save(tmp_path / "c.json")
    assert Calibration.load(tmp_path / "c.json") == fitted


def test_fit_refuses_mismatched_labels() -> None:
    with pytest.raises(ValueError):
        fit_calibration([(0.9, 0.8)], [True, False], encoder="test")
