"""The other plural form of a noun in -e ("keuzes" / "keuzen"), which the stemmer keeps apart."""

from __future__ import annotations

import pytest

from bot.knowledge.service import KnowledgeBase
from bot.query.inflection import other_plurals

CORPUS = {"keuzen": 3, "bijlagen": 2, "gemeenten": 40, "ziekten": 1}


@pytest.mark.unit
def test_the_other_plural_is_asked_for_when_the_corpus_has_it() -> None:
    count = lambda word: CORPUS.get(word, 0)  # noqa: E731
    assert other_plurals("Welke keuzes en bijlages?", count) == ("keuzen", "bijlagen")


@pytest.mark.unit
def test_nothing_is_added_that_the_corpus_lacks_or_the_stemmer_already_joins() -> None:
    count = lambda word: CORPUS.get(word, 0)  # noqa: E731
    assert other_plurals("Welke zones en studies?", count) == ()  # "zonen", "studien": not in the corpus
    assert other_plurals("Hoeveel gemeentes en ziektes?", count) == ()  # each pair shares a stem
    # every form is in this corpus, so only the stem check keeps "kostes" (stem "kost") out
    assert other_plurals("Wat zijn de kosten?", len) == ()


def test_a_question_in_one_plural_finds_the_passage_in_the_other(knowledge_base: KnowledgeBase) -> None:
    question = "Welke keuzes maken gemeenten bij SETA?"
    query = knowledge_base.understand(question, knowledge_base.state())
    assert "keuzen" in query.plurals and "keuzen" in query.keywords.split()
    first = knowledge_base.search(question, 5)[0]
    assert "keuzen op het volgende vlak" in first.chunk.text  # the list of choices, in the other form


def test_the_answer_lists_what_the_passage_names_in_the_other_plural(knowledge_base: KnowledgeBase) -> None:
    answer = knowledge_base.ask("Welke keuzes maken gemeenten bij SETA?")
    assert answer.found
    text = answer.answer
    # the list under "keuzen op het volgende vlak:", every item, not a loose sentence about choosing
    for item in ("deelnemende partnergemeenten", "het tempo waarin", "de wijze van aansturing"):
        assert item in text, item
