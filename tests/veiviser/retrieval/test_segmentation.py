"""Segmentation into blocks: where facts live in an article (list items, sections under a lead-in) survives
into the sentences the short answer is taken from."""

from veiviser.retrieval.segmentation import Block, blocks, body_sentences, passages

LENGTHS = """**How long?** It depends on your
education:
- upper secondary education or higher: 3-6 months, extension up to 6 months
- no upper secondary education, other goal: up to 2 years, extension up to 1 year

**Money.** You get the introduction benefit while you take part."""


def test_each_list_item_is_a_sentence_of_its_own() -> None:
    found = [text for text, heading in body_sentences(LENGTHS, "en") if not heading]
    assert "no upper secondary education, other goal: up to 2 years, extension up to 1 year" in found
    assert not any("Money" in s for s in found)  # the next section's lead-in is not glued to the list


def test_hard_wraps_are_undone_and_lead_ins_are_headings() -> None:
    assert [(b.text, b.heading) for b in blocks(LENGTHS)][:2] == [("How long?", True),
                                                                 ("It depends on your education:", False)]


def test_a_numbered_lead_in_loses_its_number() -> None:
    # "2." counts the ways; left in, it reads as a number to a question that asks for one
    assert blocks("**2. Self-settlement.** You move on your own.")[0] == Block("Self-settlement.", heading=True)


def test_bold_words_that_begin_a_sentence_stay_in_it() -> None:
    assert blocks("**Young adults** pay a reduced price.") == [Block("Young adults pay a reduced price.")]


def test_a_bold_line_is_a_heading_and_not_joined_to_the_next() -> None:
    assert blocks("**Where to get help**\nCall 116 123.") == [Block("Where to get help", heading=True),
                                                             Block("Call 116 123.")]


def test_every_sentence_of_a_block_lies_inside_the_index_passages() -> None:
    # The short answer finds a passage's sentences by looking for them in its text: none may fall between.
    inside = " ".join(" ".join(p.split()) for p in passages(LENGTHS, "en"))
    assert all(" ".join(text.split()) in inside for text, _ in body_sentences(LENGTHS, "en"))
