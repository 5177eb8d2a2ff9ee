"""The official domains are content config: a municipality adds its own site without a code change."""

from datetime import date
from pathlib import Path

import pytest

from tests.support.knowledge_files import article_text, write_article
from veiviser.knowledge.loader import load_knowledge
from veiviser.knowledge.sources_config import SOURCES_FILE, load_official_domains
from veiviser.retrieval.live import SourcesFileBroken, refuse_without_safety

TODAY = date(2026, 6, 1)
OSLO = article_text().replace("https://www.helsenorge.no/en/", "https://www.oslo.kommune.no/helse/")


def test_the_shipped_list_loads_and_keeps_the_helplines() -> None:
    domains, problems = load_official_domains(Path(__file__).resolve().parents[3] / "knowledge")
    assert problems == [] and {"udi.no", "nav.no", "116111.no"} <= domains


def test_each_bad_entry_is_named_on_its_line(tmp_path: Path) -> None:
    (tmp_path / SOURCES_FILE).write_text("domains:\n  - udi.no\n  - not a domain\n  - https://nav.no/\n")
    domains, problems = load_official_domains(tmp_path)
    assert domains == {"udi.no"}
    assert [(p.line, p.message.split(" is ")[0]) for p in problems] == [(3, "'not a domain'"), (4, "'https://nav.no/'")]
    assert "missing" in load_official_domains(tmp_path / "nowhere")[1][0].message


def test_a_municipality_adds_its_domain_and_the_next_load_accepts_its_pages(tmp_path: Path) -> None:
    write_article(tmp_path, "general-practitioner", "en", OSLO)
    before, problems = load_knowledge(tmp_path, today=TODAY)
    assert "general-practitioner" not in before.articles
    assert any("oslo.kommune.no is not on the list of official domains" in p.message for p in problems)
    sources = tmp_path / SOURCES_FILE
    sources.write_text(sources.read_text() + "  - oslo.kommune.no\n")
    after, problems = load_knowledge(tmp_path, today=TODAY, previous=before)
    assert [p for p in problems if p.severity == "error"] == []
    assert after.articles["general-practitioner"].texts["en"].sources[0].url.startswith("https://www.oslo.kommune")
    assert after.fingerprint != before.fingerprint  # so a running service reloads


def test_a_broken_list_keeps_the_last_good_one_running_and_refuses_a_start(tmp_path: Path) -> None:
    write_article(tmp_path, "general-practitioner", "en")
    good, _ = load_knowledge(tmp_path, today=TODAY)
    (tmp_path / SOURCES_FILE).write_text("domains: [\n")
    running, problems = load_knowledge(tmp_path, today=TODAY, previous=good)
    assert running.official_domains == good.official_domains and "general-practitioner" in running.articles
    with pytest.raises(SourcesFileBroken, match="official domains"):
        refuse_without_safety(problems)
