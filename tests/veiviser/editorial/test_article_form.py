"""The editor's form and the file it writes: unchanged fields keep their exact text, problems land on fields."""

from datetime import date
from pathlib import Path

import pytest

from veiviser.editorial.article_form import (ArticleForm, SourceRow, field_of_problem, form_from_fields,
                                              form_from_text, text_from_form)
from veiviser.editorial.drafts import parse_text, validate
from veiviser.knowledge.sources_config import load_official_domains
from veiviser.settings import REPO_ROOT

FILES = sorted((REPO_ROOT / "knowledge").glob("*/*.md"))
DOMAINS, _ = load_official_domains(REPO_ROOT / "knowledge")


def _slug_language(path: Path) -> tuple[str, str]:
    return path.parent.name, path.stem


def test_every_knowledge_file_comes_back_byte_for_byte_when_nothing_changed() -> None:
    assert len(FILES) > 400
    changed = []
    for path in FILES:
        text = path.read_text("utf-8")
        if text_from_form(form_from_text(text), path.parent.name, "t", text) != text:
            changed.append(path)
    assert changed == []


@pytest.mark.parametrize("path", FILES[::23], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_an_edited_body_keeps_everything_else_the_validator_reads(path: Path) -> None:
    slug, language = _slug_language(path)
    text = path.read_text("utf-8")
    form = form_from_text(text)
    form.body += "\n\nOne more paragraph."
    before, _ = parse_text(slug, language, text, DOMAINS)
    after, problems = parse_text(slug, language, text_from_form(form, slug, "t", text), DOMAINS)
    assert before is not None and after is not None, problems
    assert after.meta == before.meta and after.steps == before.steps
    assert after.body == before.body + "\n\nOne more paragraph."


def test_a_changed_summary_is_folded_like_the_files_and_reads_back_the_same() -> None:
    text = (REPO_ROOT / "knowledge/school/en.md").read_text("utf-8")
    form = form_from_text(text)
    form.summary = " ".join(["Every child in Norway goes to school from the year they turn six."] * 4)
    written = text_from_form(form, "school", "t", text)
    summary_lines = written.split("summary: >-\n")[1].split("\nstatuses:")[0].splitlines()
    assert len(summary_lines) > 1 and all(len(line) <= 104 and line.startswith("  ") for line in summary_lines)
    parsed, _ = parse_text("school", "en", written, DOMAINS)
    assert parsed is not None and parsed.summary == form.summary
    assert written.split("\nstatuses:")[1] == text.split("\nstatuses:")[1]  # the rest untouched


def test_notes_confidence_and_sources_are_written_in_the_files_order() -> None:
    text = (REPO_ROOT / "knowledge/school/en.md").read_text("utf-8")
    form = form_from_text(text)
    form.notes = {"refugee": "A note for refugees about school places."}
    form.confidence = "needs-review"
    form.sources = [SourceRow("UDI", "https://www.udi.no/", "UDI")]
    written = text_from_form(form, "school", "t", text)
    keys = [line.split(":")[0] for line in written.split("---\n")[1].splitlines() if line[:1].isalpha()]
    assert keys == ["slug", "topic", "title", "summary", "statuses", "by_status", "sources", "reviewed",
                    "confidence", "questions", *(["translated_from"] if "translated_from" in text else [])]
    parsed, problems = parse_text("school", "en", written, DOMAINS)
    assert parsed is not None, problems
    assert parsed.meta.by_status == form.notes and parsed.meta.confidence == "needs-review"
    form.notes, form.confidence = {}, "checked"
    rewritten = text_from_form(form, "school", "t", written)
    assert "by_status" not in rewritten and "confidence" not in rewritten


def test_a_new_text_gets_every_required_key_and_a_steps_section() -> None:
    form = ArticleForm(title="Skole", summary="Alle barn i Norge har rett og plikt til å gå på skole.",
                       statuses=["all"], sources=[SourceRow("Udir", "https://www.udir.no/", "Udir")],
                       reviewed=date.today().isoformat(), questions=["Hvordan melder jeg barnet på skolen?"],
                       body="Kommunen har ansvaret.", steps_heading="Slik gjør du det", steps=["Kontakt kommunen."])
    written = text_from_form(form, "school", "children-and-family", None)
    parsed, problems = parse_text("school", "nb", written, DOMAINS)
    assert parsed is not None, problems
    assert parsed.steps == ("Kontakt kommunen.",) and parsed.meta.topic == "children-and-family"
    assert "## Slik gjør du det {#steps}" in written


def test_posted_fields_drop_blank_source_rows_and_remember_where_each_row_was() -> None:
    form = form_from_fields({
        "title": " Tittel ", "summary": "line one\r\nline two", "questions": "a?\n\n b? \n",
        "source-0-title": "", "source-0-url": "", "source-0-publisher": "",
        "source-1-title": "NAV", "source-1-url": "https://www.nav.no/", "source-1-publisher": "NAV",
        "note-refugee": "  ", "note-family": "Family note.", "steps": "one\n\ntwo"},
        statuses=["student", "refugee", "nonsense"])
    assert form.title == "Tittel" and form.summary == "line one line two"
    assert form.questions == ["a?", "b?"] and form.steps == ["one", "two"]
    assert form.statuses == ["refugee", "student"]  # the schema's order; unknown values dropped
    assert form.notes == {"family": "Family note."}
    assert form.sources == [SourceRow("NAV", "https://www.nav.no/", "NAV")] and form.posted_rows == [1]


def test_each_validator_problem_lands_on_its_field() -> None:
    text = (REPO_ROOT / "knowledge/adult-education/en.md").read_text("utf-8")
    form = form_from_text(text)
    form.sources[1] = SourceRow("Udir", "http://www.udir.no/", "Udir")
    form.reviewed = "2026-02-30"
    form.summary = "Too short."
    form.notes["refugee"] = ""
    written = text_from_form(form, "adult-education", "t", text)
    fields = {field_of_problem(written, p.line, p.message) for p in validate("adult-education", "en", written, DOMAINS)}
    assert fields == {"source-1-url", "reviewed", "summary", "note-refugee"}


def test_problems_named_only_by_their_line_are_placed_by_line() -> None:
    text = (REPO_ROOT / "knowledge/adult-education/en.md").read_text("utf-8")
    lines = text.splitlines()
    assert field_of_problem(text, lines.index("questions:") + 2, "a warning") == "questions"
    assert field_of_problem(text, len(lines), "a wrapped line starts with a number") == "steps"
    body_line = lines.index("---", 1) + 3
    assert field_of_problem(text, body_line, "a wrapped line starts with a number") == "body"
    assert field_of_problem(text, 1, "missing required field 'questions'") == "questions"
