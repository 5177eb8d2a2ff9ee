"""Drafts, review and publishing: an editor's save is a draft; a reviewer who is someone else approves it,
and only then is it written into `knowledge/`, where the running services' watcher takes it live.

Each published change keeps the text it replaced, so the history shows who changed what and when, with a
diff, and a revert is a new draft of the old text (reviewed like any other). When `knowledge/` is inside a
git work tree, each published change is also a commit with the editor as author and the reviewer named in
the message. The git command line rather than a git library: two commands (`add`, `commit`) do not justify
another dependency, and the operator's own git configuration (hooks, signing) applies as it would by hand.
"""

import difflib
import os
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final, Literal, cast

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, insert, select, update
from sqlalchemy.engine import Engine

from veiviser.editorial.accounts import Account
from veiviser.editorial.translations import stamp_value
from veiviser.knowledge.model import ArticleText, Problem
from veiviser.knowledge.parser import parse_article_text
from veiviser.knowledge.sources_config import load_official_domains
from veiviser.languages import is_supported
from veiviser.storage.database import open_database

DraftState = Literal["pending", "published", "rejected"]
#: The largest article file accepted (the longest today is under 30 kB).
MAX_DRAFT_CHARS: Final = 100_000

metadata = MetaData()
drafts_table = Table(
    "editorial_drafts", metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", String(80), nullable=False),
    Column("language", String(8), nullable=False),
    Column("text", Text, nullable=False),
    Column("author", String(40), nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("state", String(16), nullable=False),
    Column("reviewer", String(40), nullable=True),
    Column("decided", DateTime(timezone=True), nullable=True),
    Column("previous_text", Text, nullable=True),  # the file as it was just before publishing
    Column("note", String(500), nullable=True),
)


class EditorialError(ValueError):
    """A refused step, with a message for the person who tried it."""


class DraftInvalid(EditorialError):
    """The draft does not pass `veiviser kb validate`; `problems` name the lines."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"line {p.line}: {p.message}" for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Draft:
    id: int
    slug: str
    language: str
    text: str
    author: str
    created: datetime
    state: DraftState
    reviewer: str | None = None
    decided: datetime | None = None
    previous_text: str | None = None
    note: str | None = None

    def diff(self) -> str:
        """What publishing changed (or would change, while pending), as a unified diff."""
        before = (self.previous_text or "").splitlines(keepends=True)
        return "".join(difflib.unified_diff(before, self.text.splitlines(keepends=True),
                                            f"{self.language}.md (before)", f"{self.language}.md (after)"))


def _draft(row: object) -> Draft:
    values = dict(row._mapping)  # type: ignore[attr-defined]
    values["state"] = cast(DraftState, values["state"])
    return Draft(**values)


def parse_text(slug: str, language: str, text: str,
               official_domains: frozenset[str]) -> tuple[ArticleText | None, list[Problem]]:
    """A file's text parsed as `<slug>/<language>.md` would be, without it being anywhere under knowledge/."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / slug / f"{language}.md"
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        return parse_article_text(path, language, official_domains=official_domains)


def validate(slug: str, language: str, text: str, official_domains: frozenset[str]) -> list[Problem]:
    """The errors `veiviser kb validate` would report for this file as `<slug>/<language>.md`, its sources
    checked against `official_domains` (those of the knowledge folder it is for)."""
    if not is_supported(language):
        raise EditorialError(f"unsupported language {language!r}")
    if len(text) > MAX_DRAFT_CHARS:
        raise EditorialError(f"the file is longer than {MAX_DRAFT_CHARS} characters")
    parsed, problems = parse_text(slug, language, text, official_domains)
    errors = [p for p in problems if p.severity == "error"]
    if not errors and parsed is not None and parsed.slug != slug:
        line = next((n for n, row in enumerate(text.splitlines(), 1) if row.startswith("slug:")), 1)
        errors.append(Problem(Path(slug) / f"{language}.md", line,
                              f"the front matter's slug must be {slug!r}, the article being edited"))
    return errors


def write_atomically(path: Path, text: str) -> None:
    """The whole new file or the old one, never half: the watcher may read at any moment."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Editorial:
    """
        editorial = Editorial("sqlite:///var/veiviser.db", Path("knowledge"))
        draft = editorial.propose("school", "uk", text, editor)   # validated, pending
        editorial.approve(draft.id, reviewer)                     # written into knowledge/school/uk.md
    """

    def __init__(self, url: str, knowledge_dir: Path, single_step: bool = False) -> None:
        self._engine: Engine = open_database(url)
        self.knowledge_dir = knowledge_dir
        #: Small teams: an admin's save is published at once (still recorded in the history).
        self.single_step = single_step

    def official_domains(self) -> frozenset[str]:
        """The domains sources may cite, as `knowledge/_sources.yml` says now."""
        return load_official_domains(self.knowledge_dir)[0]

    def _path(self, slug: str, language: str) -> Path:
        path = (self.knowledge_dir / slug / f"{language}.md").resolve()
        if path.parent.parent != self.knowledge_dir.resolve():  # a slug like "../x" never leaves knowledge/
            raise EditorialError(f"not an article slug: {slug!r}")
        return path

    def current_text(self, slug: str, language: str) -> str | None:
        path = self._path(slug, language)
        return path.read_text(encoding="utf-8") if path.exists() else None

    def propose(self, slug: str, language: str, text: str, author: Account,
                note: str | None = None, now: datetime | None = None) -> Draft:
        if not author.may("editor"):
            raise EditorialError("only editors may save drafts")
        self._path(slug, language)
        text = text.replace("\r\n", "\n")
        published = self.current_text(slug, language)
        if text == published:
            raise EditorialError("the draft is the same as the published text")
        if problems := validate(slug, language, text, self.official_domains()):
            raise DraftInvalid(problems)
        with self._engine.begin() as connection:
            draft_id = connection.execute(insert(drafts_table).values(
                slug=slug, language=language, text=text, author=author.username, created=now or datetime.now(UTC),
                state="pending", previous_text=published, note=note)).inserted_primary_key[0]
        if self.single_step and author.may("admin"):
            return self._publish(self.get(int(draft_id)), author, now)
        return self.get(int(draft_id))

    def get(self, draft_id: int) -> Draft:
        with self._engine.connect() as connection:
            row = connection.execute(select(drafts_table).where(drafts_table.c.id == draft_id)).first()
        if row is None:
            raise EditorialError(f"no draft {draft_id}")
        return _draft(row)

    def pending(self) -> list[Draft]:
        with self._engine.connect() as connection:
            rows = connection.execute(select(drafts_table).where(drafts_table.c.state == "pending")
                                      .order_by(drafts_table.c.created)).all()
        return [_draft(row) for row in rows]

    def history(self, slug: str, language: str) -> list[Draft]:
        """Published changes to one article text, newest first."""
        with self._engine.connect() as connection:
            rows = connection.execute(select(drafts_table).where(
                drafts_table.c.slug == slug, drafts_table.c.language == language,
                drafts_table.c.state == "published").order_by(drafts_table.c.decided.desc(),
                                                              drafts_table.c.id.desc())).all()
        return [_draft(row) for row in rows]

    def earlier_version(self, slug: str, language: str, stamp: str) -> ArticleText | None:
        """The text as it was when its fingerprint was `stamp` (see `translations.fingerprint`), from the
        history of changes published here; None when no such version passed through the browser."""
        for change in self.history(slug, language):
            if change.previous_text is None:
                continue
            before, _ = parse_text(slug, language, change.previous_text, self.official_domains())
            if before is not None and stamp_value(before) == stamp:
                return before
        return None

    def approve(self, draft_id: int, reviewer: Account, now: datetime | None = None) -> Draft:
        draft = self.get(draft_id)
        if not reviewer.may("reviewer"):
            raise EditorialError("only reviewers may approve drafts")
        if reviewer.username == draft.author:
            raise EditorialError("a draft is approved by someone other than its author")
        if draft.state != "pending":
            raise EditorialError(f"draft {draft_id} is already {draft.state}")
        if problems := validate(draft.slug, draft.language, draft.text, self.official_domains()):  # may have changed
            raise DraftInvalid(problems)
        return self._publish(draft, reviewer, now)

    def reject(self, draft_id: int, reviewer: Account, note: str, now: datetime | None = None) -> Draft:
        draft = self.get(draft_id)
        if not reviewer.may("reviewer"):
            raise EditorialError("only reviewers may reject drafts")
        if draft.state != "pending":
            raise EditorialError(f"draft {draft_id} is already {draft.state}")
        self._decide(draft_id, "rejected", reviewer, now, note=note[:500])
        return self.get(draft_id)

    def revert(self, change_id: int, editor: Account, now: datetime | None = None) -> Draft:
        """A draft that puts back the text a published change replaced; it is reviewed like any other."""
        change = self.get(change_id)
        if change.state != "published" or change.previous_text is None:
            raise EditorialError(f"change {change_id} has no earlier text to go back to")
        return self.propose(change.slug, change.language, change.previous_text, editor,
                            note=f"revert of change {change_id}", now=now)

    def _decide(self, draft_id: int, state: DraftState, reviewer: Account, now: datetime | None,
                **values: object) -> None:
        with self._engine.begin() as connection:
            connection.execute(update(drafts_table).where(drafts_table.c.id == draft_id).values(
                state=state, reviewer=reviewer.username, decided=now or datetime.now(UTC), **values))

    def _publish(self, draft: Draft, reviewer: Account, now: datetime | None) -> Draft:
        path = self._path(draft.slug, draft.language)
        previous = self.current_text(draft.slug, draft.language)
        write_atomically(path, draft.text)
        self._decide(draft.id, "published", reviewer, now, previous_text=previous)
        commit_if_tracked(path, author=draft.author, reviewer=reviewer.username,
                          message=f"{draft.slug}/{draft.language}.md: {draft.note or 'edited in the browser'}")
        return self.get(draft.id)


def commit_if_tracked(path: Path, author: str, reviewer: str, message: str) -> bool:
    """Commits the file when it lies in a git work tree; False when it does not (nothing to do)."""
    inside = subprocess.run(["git", "-C", str(path.parent), "rev-parse", "--is-inside-work-tree"],
                            capture_output=True, text=True, check=False)
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        return False
    identity = ["-c", f"user.name={author}", "-c", f"user.email={author}@editors.veiviser.invalid"]
    subprocess.run(["git", "-C", str(path.parent), "add", "--", path.name], check=True, capture_output=True)
    subprocess.run(["git", "-C", str(path.parent), *identity, "commit", "--quiet", "-m",
                    f"{message}\n\nReviewed-by: {reviewer}", "--only", "--", path.name], check=True,
                   capture_output=True)
    return True
