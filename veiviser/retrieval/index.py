"""The vector index: every example question and every passage of every article, in faiss.

Two faiss `IndexFlatIP`s over unit vectors (so scores are cosine similarities): one over example questions
(how people ask), one over passages (what the articles say). The index is saved with a hash of its inputs
(the knowledge files, the encoder's name and this format's version) and rebuilt only when they change;
a rebuild re-embeds only texts it has not seen before.
"""

import fcntl
import hashlib
import json
import logging
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

import faiss
import numpy as np

from veiviser.knowledge.loader import KnowledgeBase
from veiviser.knowledge.safety_examples import NOT_SAFETY
from veiviser.retrieval.encoders import TextEncoder
from veiviser.retrieval.segmentation import passages

log = logging.getLogger(__name__)
FORMAT_VERSION = "4"  # 4: fragments the sentencizer cut off are joined to their sentence
Kind = Literal["question", "summary", "passage", "safety"]

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Entry:
    """One indexed text and where it comes from."""

    slug: str
    language: str
    kind: Kind
    text: str


def index_entries(kb: KnowledgeBase) -> tuple[list[Entry], list[Entry]]:
    """(question entries, passage entries) for every article text in the knowledge base."""
    questions: list[Entry] = []
    chunks: list[Entry] = []
    for text in kb.texts():
        slug, lang = text.slug, text.language
        questions += [Entry(slug, lang, "question", q) for q in dict.fromkeys(text.meta.questions)]
        chunks.append(Entry(slug, lang, "summary", f"{text.title}. {text.summary}"))
        chunks += [Entry(slug, lang, "passage", p) for p in passages(text.body, lang)]
        if text.steps:
            chunks.append(Entry(slug, lang, "passage", " ".join(text.steps)))
    return questions, chunks


def safety_entries(kb: KnowledgeBase) -> list[Entry]:
    """The safety examples (`_safety.yml`), their category in `slug` (`NOT_SAFETY` for hard negatives)."""
    examples = kb.safety_examples
    entries = [Entry(category, language, "safety", text) for category, by_language in examples.categories.items()
               for language, texts in by_language.items() for text in texts]
    entries += [Entry(NOT_SAFETY, language, "safety", text) for language, texts in examples.not_safety.items()
                for text in texts]
    return list(dict.fromkeys(entries))


def input_hash(kb: KnowledgeBase, encoder: TextEncoder) -> str:
    return hashlib.sha256(f"{FORMAT_VERSION}|{encoder.name}|{kb.fingerprint}".encode()).hexdigest()


def _text_key(entry: Entry) -> str:
    # Questions and passages are embedded with different prefixes, so the kind is part of the key.
    side = "q" if entry.kind == "question" else "p"
    return hashlib.sha256(f"{side}|{entry.text}".encode()).hexdigest()[:32]


class _FlatIndex:
    """A faiss inner-product index and the entries its rows stand for."""

    def __init__(self, entries: list[Entry], vectors: np.ndarray) -> None:
        self.entries = entries
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.faiss = faiss.IndexFlatIP(self.vectors.shape[1] if len(self.vectors) else 1)
        if len(self.vectors):
            self.faiss.add(self.vectors)

    def search(self, query: np.ndarray, k: int) -> list[tuple[Entry, float]]:
        k = min(k, len(self.entries))
        if k == 0:
            return []
        scores, rows = self.faiss.search(query.reshape(1, -1).astype(np.float32), k)
        return [(self.entries[r], float(s)) for r, s in zip(rows[0], scores[0]) if r >= 0]


class ArticleIndex:
    """Example questions and passages of all articles, searchable by vector, and the safety examples' vectors.

        index = ArticleIndex.load_or_build(kb, encoder, Path("var/index"))
        index.questions.search(encoder.encode_queries(["fastlege?"])[0], k=5)
    """

    def __init__(self, questions: _FlatIndex, passages: _FlatIndex, key: str, safety: _FlatIndex | None = None,
                 encoder: str = "") -> None:
        self.questions = questions
        self.passages = passages
        self.safety = safety or _FlatIndex([], np.zeros((0, 1), dtype=np.float32))
        self.key = key
        self.encoder = encoder  # the encoder's name: vectors are reused only for the same encoder

    def _flats(self) -> dict[str, _FlatIndex]:
        return {"questions": self.questions, "passages": self.passages, "safety": self.safety}

    @property
    def size(self) -> int:
        return len(self.questions.entries) + len(self.passages.entries)

    @classmethod
    def build(cls, kb: KnowledgeBase, encoder: TextEncoder, previous: "ArticleIndex | None" = None,
              progress: Progress | None = None) -> "ArticleIndex":
        """Embeds everything, reusing vectors from `previous` for texts that did not change."""
        question_entries, passage_entries = index_entries(kb)
        example_entries = safety_entries(kb)
        known: dict[str, np.ndarray] = {}
        if previous is not None and previous.encoder != encoder.name:
            # Another model's vectors live in another space: reusing them by text mixed two encoders.
            log.info("saved index was built with %r, not %r: embedding everything again",
                     previous.encoder or "an unnamed encoder", encoder.name)
            previous = None
        if previous is not None:
            for flat in previous._flats().values():
                known.update({_text_key(e): v for e, v in zip(flat.entries, flat.vectors)})
        total = len(question_entries) + len(passage_entries) + len(example_entries)
        done = [0]

        def embed(entries: list[Entry], is_query: bool) -> np.ndarray:
            missing = [e for e in entries if _text_key(e) not in known]
            step = 64
            for start in range(0, len(missing), step):
                batch = missing[start:start + step]
                texts = [e.text for e in batch]
                vectors = encoder.encode_queries(texts) if is_query else encoder.encode_passages(texts)
                known.update({_text_key(e): v for e, v in zip(batch, vectors)})
                done[0] += len(batch)
                if progress:
                    progress(done[0], total)
            if not entries:
                return np.zeros((0, 1), dtype=np.float32)
            return np.vstack([known[_text_key(e)] for e in entries])

        reused = sum(1 for e in question_entries + passage_entries + example_entries if _text_key(e) in known)
        questions = _FlatIndex(question_entries, embed(question_entries, is_query=True))
        # Passages are embedded as queries too: measured on the dev set, the symmetric `query:` prefix ranks
        # short official summaries against short user questions better than the `passage:` prefix.
        chunks = _FlatIndex(passage_entries, embed(passage_entries, is_query=True))
        # Safety examples are messages, embedded like the user's message they are compared with.
        safety = _FlatIndex(example_entries, embed(example_entries, is_query=True))
        log.info("index built: %d questions, %d passages, %d safety examples, %d vectors reused",
                 len(question_entries), len(passage_entries), len(example_entries), reused)
        return cls(questions, chunks, input_hash(kb, encoder), safety, encoder.name)

    def save(self, directory: Path) -> None:
        """Writes the index atomically: a reader sees the old one or the new one, never half of each.
        A lock file keeps the API and the action server (which may both save) from interleaving."""
        directory.parent.mkdir(parents=True, exist_ok=True)
        with (directory.parent / f".{directory.name}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self._save_unlocked(directory)

    def _save_unlocked(self, directory: Path) -> None:
        staging = Path(tempfile.mkdtemp(prefix=".index-", dir=directory.parent))
        for name, flat in self._flats().items():
            np.save(staging / f"{name}.npy", flat.vectors)
            (staging / f"{name}.json").write_text(
                json.dumps([asdict(e) for e in flat.entries], ensure_ascii=False), encoding="utf-8")
        (staging / "inputs.json").write_text(json.dumps({"hash": self.key, "encoder": self.encoder}),
                                             encoding="utf-8")
        old = directory.with_name(directory.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if directory.exists():
            directory.rename(old)
        staging.rename(directory)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, directory: Path) -> "ArticleIndex":
        flats = {}
        for name in ("questions", "passages", "safety"):
            if name == "safety" and not (directory / "safety.json").exists():
                continue  # an index saved before safety examples were indexed: its other vectors are still reused
            entries = [Entry(**e) for e in json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))]
            vectors = np.load(directory / f"{name}.npy", allow_pickle=False)
            if vectors.ndim != 2 or len(vectors) != len(entries):
                raise ValueError(f"{name}: {len(entries)} entries but vectors of shape {vectors.shape}")
            flats[name] = _FlatIndex(entries, vectors)
        inputs = json.loads((directory / "inputs.json").read_text(encoding="utf-8"))
        return cls(flats["questions"], flats["passages"], inputs["hash"], flats.get("safety"),
                   inputs.get("encoder", ""))

    @classmethod
    def saved_key(cls, directory: Path) -> str | None:
        try:
            return json.loads((directory / "inputs.json").read_text(encoding="utf-8"))["hash"]
        except (OSError, ValueError, KeyError):
            return None

    @classmethod
    def load_or_build(cls, kb: KnowledgeBase, encoder: TextEncoder, directory: Path,
                      progress: Progress | None = None) -> "ArticleIndex":
        """The saved index when its inputs are unchanged; otherwise a rebuild (reusing what it can), saved."""
        wanted = input_hash(kb, encoder)
        previous = None
        if (directory / "inputs.json").exists():
            try:
                previous = cls.load(directory)
            # A truncated .npy raises EOFError, a damaged entry list TypeError: any of them means rebuild.
            except (OSError, ValueError, KeyError, EOFError, TypeError) as error:
                log.warning("saved index at %s is unreadable (%s: %s); rebuilding", directory,
                            type(error).__name__, error)
        if previous is not None and previous.key == wanted:
            previous.encoder = encoder.name  # the key holds the encoder's name: an index saved unnamed is this one's
            return previous
        index = cls.build(kb, encoder, previous=previous, progress=progress)
        index.save(directory)
        return index
