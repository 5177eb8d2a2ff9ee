"""The repository's own knowledge base: valid, complete against the catalogue, consistent across languages."""

import re
from datetime import date

import pytest

from veiviser.knowledge.catalogue import load_catalogue
from veiviser.knowledge.coverage import MIN_QUESTIONS_PER_LANGUAGE, coverage_rows
from veiviser.knowledge.loader import KnowledgeBase, load_knowledge
from veiviser.languages import FULL_TEXT_LANGUAGES, SUPPORTED_LANGUAGES
from veiviser.settings import Settings


def test_every_knowledge_file_validates(settings: Settings) -> None:
    _, problems = load_knowledge(settings.knowledge_dir)
    errors = [str(p) for p in problems if p.severity == "error"]
    assert errors == []


def test_no_review_date_in_the_future(knowledge: KnowledgeBase) -> None:
    assert all(text.meta.reviewed <= date.today() for text in knowledge.texts())


@pytest.fixture(scope="module")
def catalogue(settings: Settings) -> dict[str, str]:
    return load_catalogue(settings.catalogue_path)


def test_every_catalogue_article_exists_in_every_language(knowledge: KnowledgeBase, catalogue: dict[str, str]) -> None:
    gaps = {row.slug: row.gaps for row in coverage_rows(knowledge, catalogue) if row.in_catalogue and row.gaps}
    assert gaps == {}


def test_articles_sit_under_their_catalogue_topic(knowledge: KnowledgeBase, catalogue: dict[str, str]) -> None:
    wrong = {slug: a.topic for slug, a in knowledge.articles.items() if slug in catalogue and a.topic != catalogue[slug]}
    assert wrong == {}


def test_enough_example_questions_in_every_language(knowledge: KnowledgeBase) -> None:
    thin = [f"{t.slug}/{t.language}: {len(t.meta.questions)}" for t in knowledge.texts()
            if len(t.meta.questions) < MIN_QUESTIONS_PER_LANGUAGE]
    assert thin == []


def test_language_versions_agree_on_sources_statuses_and_confidence(knowledge: KnowledgeBase) -> None:
    disagreements = []
    for article in knowledge.articles.values():
        for field in ("statuses", "confidence"):
            values = {lang: getattr(t.meta, field) for lang, t in article.texts.items()}
            if len({str(v) for v in values.values()}) > 1:
                disagreements.append(f"{article.slug}.{field}: {values}")
        urls = {lang: sorted(s.url for s in t.sources) for lang, t in article.texts.items()}
        if len({str(v) for v in urls.values()}) > 1:
            disagreements.append(f"{article.slug}.sources differ between languages")
    assert disagreements == []


def test_full_text_languages_have_a_body(knowledge: KnowledgeBase) -> None:
    missing = [f"{a.slug}/{code}" for a in knowledge.articles.values() for code in FULL_TEXT_LANGUAGES
               if code in a.texts and not a.texts[code].is_full_text]
    assert missing == []


@pytest.mark.parametrize(("slug", "numbers"), [
    ("emergency-numbers", ("112", "113", "110", "116 117")),
    ("violence-and-negative-social-control", ("112", "113")),
])
def test_safety_articles_carry_the_exact_numbers_in_every_language(
        knowledge: KnowledgeBase, slug: str, numbers: tuple[str, ...]) -> None:
    article = knowledge.articles[slug]
    assert sorted(article.texts) == sorted(SUPPORTED_LANGUAGES)
    for language, text in article.texts.items():
        for number in numbers:
            # The exact digits, not part of a longer number.
            assert re.search(rf"(?<!\d){number}(?!\d)", text.summary), f"{slug}/{language} lacks {number}"


def test_guidance_has_contacts_checklists_and_safety_terms_for_every_language(knowledge: KnowledgeBase) -> None:
    guidance = knowledge.guidance
    assert guidance.default_agencies and all(guidance.agencies_for(a.topic) for a in knowledge.articles.values())
    assert set(guidance.checklists) == {"collective-protection", "asylum-seeker", "refugee", "family",
                                        "labour-non-eea", "eea", "student", "other"}
    assert guidance.safety is not None
    assert sorted(guidance.safety.terms) == sorted(SUPPORTED_LANGUAGES)


def test_the_catalogue_in_the_project_matches_the_brief_when_it_lies_beside_the_clone(
        settings: Settings, catalogue: dict[str, str]) -> None:
    # The project's copy is what runs; the brief beside a developer's clone is only a cross-check.
    brief = settings.knowledge_dir.parent.parent / "shared" / "catalogue.yml"
    if not brief.exists():
        pytest.skip("no project brief beside this clone (CI and operators' clones have none)")
    assert catalogue == load_catalogue(brief)


@pytest.mark.parametrize(("message", "status"), [
    ("I am a refugee. How long is the introduction programme?", "refugee"),
    ("я маю колективний захист, як знайти роботу?", "collective-protection"),
    ("jestem obywatelem UE, czy muszę się rejestrować na policji?", "eea"),
    ("asylsøker her, får jeg gå til lege?", "asylum-seeker"),
    ("I came on a family reunification visa, can I take Norwegian classes?", "family"),
    ("How do I find work?", None),
    ("Як знайти роботу?", None),
    ("hvordan får jeg studentbolig", None),
])
def test_a_status_stated_in_a_message_is_recognised(knowledge: KnowledgeBase, message: str, status: str | None) -> None:
    assert knowledge.guidance.status_in_message(message) == status


def test_status_phrases_cover_every_status_in_every_language(knowledge: KnowledgeBase) -> None:
    phrases = knowledge.guidance.status_phrases
    assert set(phrases) == {"collective-protection", "asylum-seeker", "refugee", "family", "labour-non-eea", "eea",
                            "student"}
    assert all(sorted(by_language) == sorted(SUPPORTED_LANGUAGES) for by_language in phrases.values())


def _body_before_steps(text: str) -> str:
    return re.split(r"\n#+ [^\n]*\{#steps\}", text)[0]


def test_full_texts_carry_the_same_numbers_and_addresses_as_their_source(knowledge: KnowledgeBase) -> None:
    # A translation that drops or changes a phone number, an amount or a web address misleads: every body has
    # the digits and addresses of its source (nynorsk is written from bokmål, the others from English).
    def facts(body: str) -> tuple[list[str], set[str]]:
        addresses = re.findall(r"https?://\S+|[a-z0-9.-]+\.no\b", body.lower())
        return sorted(re.findall(r"\d+", body)), set(addresses)

    wrong = []
    for article in knowledge.articles.values():
        for language, text in article.texts.items():
            source = article.texts.get("nb" if language == "nn" else "en")
            if language in ("en", "nb") or not text.is_full_text or source is None:
                continue
            if facts(_body_before_steps(text.body)) != facts(_body_before_steps(source.body)):
                wrong.append(f"{article.slug}/{language}")
    assert wrong == []
