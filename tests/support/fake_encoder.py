"""A deterministic stand-in for the embedding model, for fast tests that are not about ranking quality."""

import hashlib
from collections.abc import Sequence

import numpy as np


class FakeEncoder:
    """Hash-seeded unit vectors: the same text always gets the same vector, different texts nearly orthogonal."""

    name = "fake-encoder-v1"

    def __init__(self, dim: int = 32) -> None:
        self.dim = dim
        self.calls: list[int] = []  # how many texts each call embedded, to check re-embedding

    def warm_up(self) -> None:
        pass

    def _vector(self, text: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
        vector = np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
        return vector / np.linalg.norm(vector)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(len(texts))
        return np.vstack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode_queries(texts)
