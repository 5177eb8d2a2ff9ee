"""A translation knows which version of the English text it was made from, and shows as outdated after."""

from dataclasses import replace

from veiviser.editorial.translations import (changed_paragraphs, fingerprint, stamp_value, translation_state,
                                             with_stamp)
from veiviser.knowledge.loader import KnowledgeBase
from veiviser.knowledge.model import Article


def _with_source(kb: KnowledgeBase, summary: str) -> KnowledgeBase:
    article = kb.articles["school"]
    source = article.texts["en"]
    changed = replace(source, meta=source.meta.model_copy(update={"summary": summary}))
    return replace(kb, articles={**kb.articles, "school": Article("school", article.topic,
                                                                   {**article.texts, "en": changed})})


def test_the_shipped_translations_are_current(knowledge: KnowledgeBase) -> None:
    states = {(slug, language): translation_state(knowledge, slug, language)
              for slug, article in knowledge.articles.items() for language in article.texts}
    assert {state for state in states.values()} == {"source", "current"}


def test_a_changed_source_summary_makes_every_translation_outdated(knowledge: KnowledgeBase) -> None:
    changed = _with_source(knowledge, "Children in Norway go to school for ten years, and it is free.")
    assert translation_state(changed, "school", "uk") == "outdated"
    assert translation_state(changed, "school", "en") == "source"
    assert translation_state(changed, "kindergarten", "uk") == "current"


def test_a_new_review_date_or_example_question_changes_nothing_to_translate(knowledge: KnowledgeBase) -> None:
    source = knowledge.articles["school"].texts["en"]
    touched = replace(source, meta=source.meta.model_copy(update={
        "questions": [*source.meta.questions, "Is there school on Saturdays?"]}))
    assert fingerprint(touched) == fingerprint(source)


def test_the_stamp_line_is_added_once_and_then_replaced() -> None:
    text = "---\nslug: school\ntitle: T\n---\nBody.\n"
    once = with_stamp(text, "en@0123456789ab")
    assert once == "---\nslug: school\ntitle: T\ntranslated_from: en@0123456789ab\n---\nBody.\n"
    assert with_stamp(once, "en@ba9876543210").count("translated_from:") == 1


def test_the_changed_source_paragraphs_old_and_new(knowledge: KnowledgeBase) -> None:
    source = knowledge.articles["school"].texts["en"]
    changed = _with_source(knowledge, "Children in Norway go to school for ten years, and it is free.")
    [(old, new)] = changed_paragraphs(source, changed.articles["school"].texts["en"])
    assert old == source.summary and new.startswith("Children in Norway go to school for ten years")
    assert stamp_value(source).startswith("en@")
