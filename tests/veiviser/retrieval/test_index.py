"""The faiss index: what it holds, that it is saved with its inputs' hash, and rebuilt only when they change."""

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from tests.support.fake_encoder import FakeEncoder
from tests.support.knowledge_files import article_text, write_article
from veiviser.knowledge.loader import load_knowledge
from veiviser.retrieval.index import ArticleIndex, index_entries

TODAY = date(2026, 6, 1)


def _kb(root: Path):
    kb, problems = load_knowledge(root, today=TODAY)
    assert problems == []
    return kb


def _two_articles(root: Path) -> Path:
    write_article(root, "general-practitioner", "en", article_text(questions=("How do I get a GP?", "Can I change GP?")))
    return write_article(root, "dental-care", "en", article_text(
        slug="dental-care", title="Dental care", summary="Children get free dental care. Adults pay themselves.",
        questions=("Is the dentist free?",)))


def test_entries_cover_questions_summaries_passages_and_steps(tmp_path: Path) -> None:
    _two_articles(tmp_path / "kb")
    questions, passages = index_entries(_kb(tmp_path / "kb"))
    assert sorted(e.text for e in questions) == ["Can I change GP?", "How do I get a GP?", "Is the dentist free?"]
    kinds = {(e.slug, e.kind) for e in passages}
    assert ("dental-care", "summary") in kinds and ("general-practitioner", "passage") in kinds
    assert any(e.text == "Call first. Bring your ID." for e in passages)


def test_nearest_question_finds_its_article(tmp_path: Path) -> None:
    _two_articles(tmp_path / "kb")
    encoder = FakeEncoder()
    index = ArticleIndex.build(_kb(tmp_path / "kb"), encoder)
    hits = index.questions.search(encoder.encode_queries(["Is the dentist free?"])[0], k=2)
    assert hits[0][0].slug == "dental-care"
    assert abs(hits[0][1] - 1.0) < 1e-5  # an identical text is a cosine similarity of 1


def test_saved_index_is_reused_while_inputs_are_unchanged(tmp_path: Path) -> None:
    _two_articles(tmp_path / "kb")
    kb = _kb(tmp_path / "kb")
    encoder = FakeEncoder()
    first = ArticleIndex.load_or_build(kb, encoder, tmp_path / "index")
    embedded = sum(encoder.calls)
    again = ArticleIndex.load_or_build(kb, encoder, tmp_path / "index")
    assert sum(encoder.calls) == embedded  # nothing embedded the second time
    assert again.key == first.key
    np.testing.assert_array_equal(again.questions.vectors, first.questions.vectors)


def test_a_change_rebuilds_and_reembeds_only_what_changed(tmp_path: Path) -> None:
    dental = _two_articles(tmp_path / "kb")
    encoder = FakeEncoder()
    first = ArticleIndex.load_or_build(_kb(tmp_path / "kb"), encoder, tmp_path / "index")
    before = sum(encoder.calls)
    dental.write_text(article_text(slug="dental-care", title="Dental care",
                                   summary="Children get free dental care. Adults pay themselves.",
                                   questions=("Is the dentist free?", "What does a filling cost?")), encoding="utf-8")
    second = ArticleIndex.load_or_build(_kb(tmp_path / "kb"), encoder, tmp_path / "index")
    assert second.key != first.key
    assert sum(encoder.calls) - before == 1  # only the new question was embedded
    assert ArticleIndex.saved_key(tmp_path / "index") == second.key


def test_another_encoder_means_another_index(tmp_path: Path) -> None:
    _two_articles(tmp_path / "kb")
    kb = _kb(tmp_path / "kb")
    first = ArticleIndex.load_or_build(kb, FakeEncoder(), tmp_path / "index")
    other = FakeEncoder()
    other.name = "another-model"
    second = ArticleIndex.load_or_build(kb, other, tmp_path / "index")
    assert second.key != first.key and second.encoder == "another-model"
    # every text embedded again by the new model: no vector of the old one is reused
    assert sum(other.calls) == len(second.questions.entries) + len(second.passages.entries)


def test_an_unreadable_saved_index_is_rebuilt(tmp_path: Path) -> None:
    _two_articles(tmp_path / "kb")
    kb = _kb(tmp_path / "kb")
    ArticleIndex.load_or_build(kb, FakeEncoder(), tmp_path / "index")
    (tmp_path / "index" / "questions.npy").write_bytes(b"garbage")
    rebuilt = ArticleIndex.load_or_build(kb, FakeEncoder(), tmp_path / "index")
    assert len(rebuilt.questions.entries) == 3


@pytest.mark.parametrize("damage", ["truncated vectors", "entries of another shape", "fewer vectors"])
def test_a_damaged_saved_index_is_rebuilt_not_a_crash(tmp_path: Path, damage: str) -> None:
    _two_articles(tmp_path / "kb")
    kb = _kb(tmp_path / "kb")
    ArticleIndex.load_or_build(kb, FakeEncoder(), tmp_path / "index")
    vectors = tmp_path / "index" / "questions.npy"
    if damage == "truncated vectors":  # a disk that filled up while saving: np.load raises EOFError
        vectors.write_bytes(vectors.read_bytes()[:100])
    elif damage == "entries of another shape":  # Entry(**e) raises TypeError
        (tmp_path / "index" / "questions.json").write_text('[{"slug": "x"}]', encoding="utf-8")
    else:
        np.save(vectors, np.load(vectors)[:1])
    rebuilt = ArticleIndex.load_or_build(kb, FakeEncoder(), tmp_path / "index")
    assert len(rebuilt.questions.entries) == len(rebuilt.questions.vectors) == 3
