"""Drafts, review and publishing into a copy of knowledge/, with the history and a revert."""

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.knowledge_files import with_summary
from veiviser.editorial.accounts import Account
from veiviser.editorial.drafts import DraftInvalid, Editorial, EditorialError
from veiviser.settings import Settings

EDITOR = Account("kari", "editor")
REVIEWER = Account("ola", "reviewer")
VIEWER = Account("per", "viewer")
ADMIN = Account("admin1", "admin")


@pytest.fixture
def knowledge_copy(settings: Settings, tmp_path: Path) -> Path:
    shutil.copytree(settings.knowledge_dir / "school", tmp_path / "knowledge" / "school")
    shutil.copyfile(settings.knowledge_dir / "_sources.yml", tmp_path / "knowledge" / "_sources.yml")
    return tmp_path / "knowledge"


@pytest.fixture
def editorial(knowledge_copy: Path, tmp_path: Path) -> Editorial:
    return Editorial(f"sqlite:///{tmp_path / 'editorial.db'}", knowledge_copy)


def test_a_draft_waits_for_someone_else_and_then_is_written(editorial: Editorial,
                                                            knowledge_copy: Path) -> None:
    path = knowledge_copy / "school" / "uk.md"
    original = path.read_text(encoding="utf-8")
    draft = editorial.propose("school", "uk", with_summary(original, "Нове резюме статті, змінене в тесті."), EDITOR)
    assert draft.state == "pending" and path.read_text(encoding="utf-8") == original  # nothing live yet
    with pytest.raises(EditorialError, match="someone other"):
        editorial.approve(draft.id, Account("kari", "admin"))  # the author, even as admin
    published = editorial.approve(draft.id, REVIEWER)
    assert published.state == "published" and published.reviewer == "ola"
    assert "summary: Нове резюме статті, змінене в тесті." in path.read_text(encoding="utf-8")
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_roles_are_enforced(editorial: Editorial, knowledge_copy: Path) -> None:
    text = with_summary((knowledge_copy / "school" / "en.md").read_text(encoding="utf-8"), "A new summary written for the test.")
    with pytest.raises(EditorialError, match="only editors"):
        editorial.propose("school", "en", text, VIEWER)
    draft = editorial.propose("school", "en", text, EDITOR)
    with pytest.raises(EditorialError, match="only reviewers"):
        editorial.approve(draft.id, Account("eva", "editor"))


def test_a_broken_source_url_is_refused_with_its_line(editorial: Editorial,
                                                      knowledge_copy: Path) -> None:
    text = (knowledge_copy / "school" / "en.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    url_line = next(i for i, line in enumerate(lines) if line.strip().startswith("url:"))
    lines[url_line] = "    url: htp:/udi"
    with pytest.raises(DraftInvalid) as refused:
        editorial.propose("school", "en", "\n".join(lines) + "\n", EDITOR)
    assert any(problem.line == url_line + 1 for problem in refused.value.problems), refused.value.problems
    assert editorial.pending() == []


def test_a_draft_for_another_slug_or_outside_knowledge_is_refused(editorial: Editorial,
                                                                  knowledge_copy: Path) -> None:
    text = (knowledge_copy / "school" / "en.md").read_text(encoding="utf-8")
    with pytest.raises(DraftInvalid, match="slug must be 'kindergarten'"):
        editorial.propose("kindergarten", "en", text, EDITOR)
    with pytest.raises(EditorialError, match="not an article slug"):
        editorial.propose("../../etc", "en", text, EDITOR)


def test_history_shows_the_diff_and_a_revert_is_reviewed_like_any_draft(editorial: Editorial,
                                                                         knowledge_copy: Path) -> None:
    path = knowledge_copy / "school" / "en.md"
    original = path.read_text(encoding="utf-8")
    change = editorial.approve(editorial.propose(
        "school", "en", with_summary(original, "Changed summary for the history test."), EDITOR).id, REVIEWER)
    [listed] = editorial.history("school", "en")
    assert listed.id == change.id and "+summary: Changed summary for the history test." in listed.diff()
    revert = editorial.revert(change.id, EDITOR)
    assert revert.state == "pending" and path.read_text(encoding="utf-8") != original
    editorial.approve(revert.id, REVIEWER)
    assert path.read_text(encoding="utf-8") == original
    assert [c.id for c in editorial.history("school", "en")] == [revert.id, change.id]


def test_single_step_publishing_for_admins_only(knowledge_copy: Path, tmp_path: Path) -> None:
    editorial = Editorial(f"sqlite:///{tmp_path / 'one-step.db'}", knowledge_copy, single_step=True)
    text = with_summary((knowledge_copy / "school" / "en.md").read_text(encoding="utf-8"), "Published at once by an admin account.")
    assert editorial.propose("school", "en", text, ADMIN).state == "published"
    again = with_summary(text, "An editor's draft still waits for review.")
    assert editorial.propose("school", "en", again, EDITOR).state == "pending"


def test_a_published_change_is_a_commit_when_knowledge_is_in_git(editorial: Editorial,
                                                                 knowledge_copy: Path) -> None:
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(knowledge_copy), *args], check=True, capture_output=True,
                              text=True).stdout

    git("init", "--quiet")
    git("-c", "user.name=setup", "-c", "user.email=setup@example.invalid", "add", ".")
    git("-c", "user.name=setup", "-c", "user.email=setup@example.invalid", "commit", "--quiet", "-m", "start")
    text = with_summary((knowledge_copy / "school" / "en.md").read_text(encoding="utf-8"), "Committed summary through git in the test.")
    editorial.approve(editorial.propose("school", "en", text, EDITOR).id, REVIEWER)
    log = git("log", "-1", "--format=%an|%B")
    assert log.startswith("kari|school/en.md") and "Reviewed-by: ola" in log
    assert git("status", "--porcelain") == ""
