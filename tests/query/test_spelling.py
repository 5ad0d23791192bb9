"""Typos and shouting repaired against the corpus' own words."""

from __future__ import annotations

import pytest

from bot.config import PROJECT_ROOT
from bot.index.lexicon import Lexicon
from bot.query.spelling import Speller, edit_distance


@pytest.fixture(scope="module")
def speller() -> Speller:
    knowledge = PROJECT_ROOT / "knowledge"
    files = sorted((knowledge / "sources").glob("*.txt")) + sorted((knowledge / "cases").glob("*.md"))
    return Speller(Lexicon.from_texts([p.read_text(encoding="utf-8") for p in files]))


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("Wat is een centrumgemeetne?", "Wat is een centrumgemeente?"),
        ("Hoe werkt noaberkract?", "Hoe werkt Noaberkracht?"),
        ("Wat is een gemeenschapelijke regeling?", "Wat is een gemeenschappelijke regeling?"),
    ],
)
def test_small_typos_become_the_corpus_word(speller: Speller, typed: str, meant: str) -> None:
    assert speller.normalise(typed) == meant


@pytest.mark.parametrize(
    "question",
    [
        "Wat vindt minister-president Rutte van herindeling?",  # a name the corpus lacks stays
        "Hoe werkt een waterschap in Friesland?",  # everyday Dutch words stay
        "Wat is de rol van de BEL Combinatie?",
        # an inflected adjective wordfreq counts rarely is no typo for the place name Losser
        "Wat is het verschil tussen een strakke en een lossere inrichting?",
    ],
)
def test_known_words_and_unknown_names_are_left_alone(speller: Speller, question: str) -> None:
    assert speller.normalise(question) == question


def test_a_shouted_question_gets_the_corpus_case_back(speller: Speller) -> None:
    assert (
        speller.normalise("WAT DOET DE BAR-ORGANISATIE VOOR HAREN?")
        == "Wat doet de BAR-organisatie voor Haren?"
    )
    assert speller.normalise("WAT IS EEN CENTRUMGEMEETNE?") == "Wat is een centrumgemeente?"


def test_a_question_with_some_capitals_is_not_shouting(speller: Speller) -> None:
    assert speller.normalise("Wat doen BAR en SSC in Haren?") == "Wat doen BAR en SSC in Haren?"


def test_phrase_counts_are_whole_words(speller: Speller) -> None:
    assert speller.count("shared service center") >= 3
    assert speller.count("ervice cente") == 0


def test_edit_distance_counts_a_swap_as_one_edit() -> None:
    assert edit_distance("centrumgemeetne", "centrumgemeente", 2) == 1
    assert edit_distance("noaberkract", "noaberkracht", 2) == 1
    assert edit_distance("fusie", "regeling", 2) == 3  # stops once past the limit
