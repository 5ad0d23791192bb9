"""The citation check on its own: pure text in, checked text out."""

from bot.answer.citation_check import (
    check_citations,
    marker_numbers,
    numbering,
    renumber,
    split_sentences,
    strip_markers,
)


def test_valid_markers_are_kept_and_invented_ones_removed() -> None:
    checked = check_citations("A is zo [1]. B is zo [2][7].", n_passages=2)
    assert checked.text == "A is zo [1]. B is zo [2]."
    assert checked.cited == (1, 2)
    assert checked.invalid_markers == 1


def test_sentence_left_without_valid_citation_is_dropped() -> None:
    checked = check_citations("Gedekt [1]. Verzonnen [9]. Zonder bron. Ook gedekt [2].", 2)
    assert checked.text == "Gedekt [1]. Ook gedekt [2]."
    assert checked.dropped == 2


def test_marker_after_the_full_stop_belongs_to_that_sentence() -> None:
    checked = check_citations("Eerste zin. [2] Tweede zin zonder bron.", 2)
    assert checked.text == "Eerste zin. [2]"
    assert checked.dropped == 1


def test_marker_forms_are_normalised() -> None:
    checked = check_citations("A [1, 3]. B [2-3]. C [1], [2].", 3)
    assert checked.text == "A [1][3]. B [2][3]. C [1][2]."


def test_no_valid_citation_leaves_nothing() -> None:
    checked = check_citations("Alles verzonnen [4]. Nog iets.", 3)
    assert checked.text == ""
    assert checked.cited == ()


def test_list_items_and_paragraphs_keep_their_shape() -> None:
    text = "Er zijn twee vormen [1].\n\n- Fusie [2].\n- Verzonnen [5].\n\n\nSlot [1]."
    checked = check_citations(text, 2)
    assert checked.text == "Er zijn twee vormen [1].\n\n- Fusie [2].\n\nSlot [1]."


def test_claims_collect_the_sentences_citing_each_passage() -> None:
    checked = check_citations("Fusie kost geld [2]. Fusie duurt lang [2][1].", 2)
    assert checked.claims == {
        2: ("Fusie kost geld.", "Fusie duurt lang."),
        1: ("Fusie duurt lang.",),
    }
    assert checked.cited == (2, 1)


def test_renumbering_follows_first_citation() -> None:
    checked = check_citations("X [3]. Y [1][3].", 3)
    mapping = numbering(checked.cited)
    assert mapping == {3: 1, 1: 2}
    assert renumber(checked.text, mapping) == "X [1]. Y [2][1]."


def test_helpers() -> None:
    assert marker_numbers("[1, 2-4]") == [1, 2, 3, 4]
    assert marker_numbers("[1-9999]") == [1, 9999]
    sentences = split_sentences("Een. Twee [1]! Drie? [2] vier")
    assert sentences == ["Een.", "Twee [1]!", "Drie? [2] vier"]
    assert strip_markers("Zo is het [1][2].") == "Zo is het."
