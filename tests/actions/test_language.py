"""What the channel says about language, without Rasa."""

from actions.language import chosen_language, page_language


def test_only_supported_choices_count() -> None:
    assert chosen_language({"language": "de"}) is None
    assert chosen_language({"language": 5}) is None


def test_the_page_language_is_read_but_only_when_supported() -> None:
    assert page_language({"page_language": "ti"}) == "ti"
    assert page_language({"page_language": "tr"}) is None
    assert page_language(None) is None
