"""The front-matter parser: each kind of broken file gives a specific message on the right line."""

from datetime import date
from pathlib import Path

import pytest

from tests.support.knowledge_files import article_text, write_article
from veiviser.knowledge.parser import parse_article_text, split_steps
from veiviser.knowledge.sources_config import load_official_domains
from veiviser.settings import REPO_ROOT

TODAY = date(2026, 6, 1)
DOMAINS, _ = load_official_domains(REPO_ROOT / "knowledge")


def _problems(tmp_path: Path, text: str | bytes, language: str = "en") -> list[str]:
    path = tmp_path / "general-practitioner" / f"{language}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    _, problems = parse_article_text(path, language, TODAY, DOMAINS)
    return [f"{p.line}: {p.message}" for p in problems]


def _line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def test_a_valid_file_parses_with_its_steps(tmp_path: Path) -> None:
    path = write_article(tmp_path, "general-practitioner", "en")
    text, problems = parse_article_text(path, "en", TODAY)
    assert problems == []
    assert text is not None
    assert text.meta.slug == "general-practitioner"
    assert text.steps == ("Call first.", "Bring your ID.")
    assert "What to do" not in text.body and text.body.startswith("A GP is")
    assert text.is_full_text


def test_missing_field_is_reported(tmp_path: Path) -> None:
    source = "\n".join(line for line in article_text().splitlines() if not line.startswith("topic:"))
    assert _problems(tmp_path, source) == ["2: missing required field 'topic'"]


def test_unknown_status_is_reported_on_its_line(tmp_path: Path) -> None:
    source = article_text().replace("statuses: [all]", "statuses: [all, tourist]")
    problems = _problems(tmp_path, source)
    assert len(problems) == 1
    assert problems[0].startswith(f"{_line_of(source, 'statuses:')}: statuses.1: ")
    assert "collective-protection" in problems[0]  # the message lists the allowed values


def test_invalid_url_is_reported_on_its_line(tmp_path: Path) -> None:
    source = article_text().replace("https://www.helsenorge.no/en/", "not a url")
    assert _problems(tmp_path, source) == [
        f"{_line_of(source, '    url:')}: sources.0.url: source url must start with https:// (got 'not a url')"]


def test_http_and_unofficial_urls_are_refused(tmp_path: Path) -> None:
    plain_http = article_text().replace("https://www.helsenorge.no/en/", "http://www.helsenorge.no/en/")
    assert "must start with https://" in _problems(tmp_path, plain_http)[0]
    unofficial = article_text().replace("https://www.helsenorge.no/en/", "https://helsenorge.no.example.com/")
    assert "is not on the list of official domains" in _problems(tmp_path, unofficial)[0]


def test_future_review_date_is_reported(tmp_path: Path) -> None:
    source = article_text().replace("reviewed: 2026-01-15", "reviewed: 2026-07-01")
    assert _problems(tmp_path, source) == [
        f"{_line_of(source, 'reviewed:')}: reviewed: review date 2026-07-01 is in the future"]


def test_unknown_field_is_reported(tmp_path: Path) -> None:
    source = article_text().replace("statuses: [all]", "statuses: [all]\nauthor: Kari")
    assert _problems(tmp_path, source) == [f"{_line_of(source, 'author:')}: unknown field 'author'"]


def test_broken_yaml_gives_its_line(tmp_path: Path) -> None:
    source = article_text().replace("title: Getting a regular GP", "title: [unclosed")
    problems = _problems(tmp_path, source)
    assert len(problems) == 1 and "front matter is not valid YAML" in problems[0]


def test_missing_front_matter(tmp_path: Path) -> None:
    assert _problems(tmp_path, "# Just a heading\n") == [
        "1: missing front matter: the file must start with a '---' line and close it with another"]


def test_binary_and_wrong_encoding_are_refused(tmp_path: Path) -> None:
    assert "binary" in _problems(tmp_path, b"\x00\x01\x02")[0]
    latin1 = article_text(title="Fastlege på Tromsø").encode("latin-1")
    assert "not valid UTF-8" in _problems(tmp_path, latin1)[0]


def test_huge_file_is_refused(tmp_path: Path) -> None:
    assert "the limit is" in _problems(tmp_path, article_text(body="x" * 300_000))[0]


def test_short_summary_is_refused(tmp_path: Path) -> None:
    problems = _problems(tmp_path, article_text(summary="Too short."))
    assert len(problems) == 1 and problems[0].split(": ")[1] == "summary"


@pytest.mark.parametrize(("body", "expected_steps"), [
    ("No steps here.", ()),
    ("Intro\n\n### Slik gjør du {#steps}\n1) Ring.\n   Gjerne tidlig.\n2) Møt opp.\n\n## Mer\nTekst.",
     ("Ring. Gjerne tidlig.", "Møt opp.")),
])
def test_split_steps(body: str, expected_steps: tuple[str, ...]) -> None:
    rest, steps = split_steps(body)
    assert steps == expected_steps
    assert "{#steps}" not in rest


def test_a_wrapped_line_that_starts_like_a_numbered_list_is_a_warning(tmp_path: Path) -> None:
    wrapped = article_text(body="Before\n1. August 2024 it had another name.")
    assert _problems(tmp_path, wrapped) == [
        f"{_line_of(wrapped, '1. August')}: a wrapped line starts with a number and a dot, which Markdown reads "
        "as a numbered list: move the number to the end of the line before"]
    listed = article_text(body="Do this:\n1. Call first.\n2. Bring your ID.")
    assert _problems(tmp_path, listed) == []
