"""Honest refusal on the real knowledge base: what the documents do not cover is refused
with the closest passages; the same questions asked in other words are still answered."""

from __future__ import annotations

import pytest

from bot.answer.answerability import asks_current, has_specific_answer, judge
from bot.index.keyword import KeywordIndex
from bot.models import Chunk, Passage
from bot.query.synonyms import SynonymGroup, Synonyms


@pytest.mark.parametrize(
    "question",
    [
        "Wie is de huidige burgemeester van Wijchen?",
        "Wat is de huidige stand van de samenwerking in de Krimpenerwaard?",
        "Welke gemeenten werken momenteel samen binnen de BEL Combinatie?",
        "Wat kost een ambtelijke fusie per inwoner?",
        "Hoeveel kost de BEL Combinatie per jaar?",
        "Wat is het budget van de Regio Groningen-Assen?",
        "Hoeveel inwoners heeft Oldenzaal?",
        "Wanneer is de Omgevingswet in werking getreden?",
        "Wie is de gemeentesecretaris van Haren?",
        "Wat vindt minister-president Rutte van herindeling?",
        "Wat zijn de ervaringen met samenwerking in Vlaanderen op het gebied van afvalinzameling?",
    ],
)
def test_what_the_documents_cannot_answer_is_refused(knowledge_base, question: str) -> None:
    answer = knowledge_base.ask(question)
    assert not answer.found, answer.answer
    assert answer.related  # the closest passages, for the reader to judge


@pytest.mark.parametrize(
    "question, evidence",
    [
        ("WAT IS EEN CENTRUMGEMEENTE?", "mandaat"),
        ("Wat is een centrumgemeetne?", "mandaat"),
        ("Met welke gemeente zou noaberkract later kunnen samenwerken?", "noaberkracht"),
        ("Wat regelt de Wet gemeenschappelijke regelingen?", "wgr"),
        ("Wat is een shared service center?", "shared service"),
        ("Wat is een gemeenschappelijke regeling?", "gemeenschappelijke regeling"),
        ("Hoeveel medewerkers spraken mee tijdens de dagen van de samenwerking bij Noaberkracht?", "70"),
        ("In welk jaar begon de ambtelijke fusie van Ommen en Hardenberg?", "2012"),
        (
            "WIE HADDEN DE BESTUURLIJKE LEIDING TIJDENS DE VERKENNING VAN NOABERKRACHT EN OLDENZAAL?",
            "burgemeesters",
        ),
    ],
)
def test_answerable_questions_in_other_words_are_answered(
    knowledge_base, question: str, evidence: str
) -> None:
    answer = knowledge_base.ask(question)
    assert answer.found, question
    assert answer.question == question  # the user's own words, not the repaired ones
    assert evidence in " ".join(c.text.lower() for c in answer.citations)


def test_present_time_words_are_recognised() -> None:
    assert asks_current("Wie is de huidige voorzitter?")
    assert asks_current("Welke gemeenten werken momenteel samen?")
    assert not asks_current("Wat was de aanleiding voor de fusie in 2016?")


def test_an_amount_needs_money_next_to_the_subject() -> None:
    texts = ["De ambtelijke fusie kost drie gemeenten veel tijd.", "Het SSC kost € 40 per inwoner per jaar."]
    assert not has_specific_answer("Wat kost een ambtelijke fusie per inwoner?", texts[:1])
    assert has_specific_answer("Wat kost het SSC per inwoner?", texts)


def test_a_count_stands_next_to_what_it_counts() -> None:
    far = [
        "Uit het rapport van 13 januari 2021 blijkt dat de inwoners van Dinkelland op Oldenzaal gericht zijn."
    ]
    near = ["Oldenzaal telt ongeveer 34.000 inwoners en werkt samen met Losser."]
    assert not has_specific_answer("Hoeveel inwoners heeft Oldenzaal?", far)
    assert has_specific_answer("Hoeveel inwoners heeft Oldenzaal?", near)


def test_a_person_question_needs_a_name() -> None:
    role_only = ["De gemeentesecretaris van Haren leidt de ambtelijke organisatie."]
    named = ["De gemeentesecretaris van Haren, J. de Vries, leidt de ambtelijke organisatie."]
    assert not has_specific_answer("Wie is de gemeentesecretaris van Haren?", role_only)
    assert has_specific_answer("Wie is de gemeentesecretaris van Haren?", named)


def test_the_subject_may_be_named_in_the_heading_above_the_sentence() -> None:
    texts = ["Tijdens de dagen van de samenwerking spraken circa 70 medewerkers mee."]
    question = "Hoeveel medewerkers spraken mee bij Noaberkracht?"
    assert not has_specific_answer(question, texts)
    assert has_specific_answer(question, texts, ["Noaberkracht en Oldenzaal — Wat"])


def test_synonyms_only_add_to_what_a_passage_covers() -> None:
    # "GR ~ gemeenschappelijke regeling" becomes one key; the passage says it in a longer term
    # of its own group ("lichte gemeenschappelijke regeling") and in the plural, and still counts
    texts = [
        "Een gemeenschappelijk orgaan (ook wel lichte gemeenschappelijke regeling genoemd) is geen "
        "rechtspersoon. Gemeenschappelijke regelingen zijn er in vier varianten."
    ]
    synonyms = Synonyms(
        [
            SynonymGroup(("GR", "gemeenschappelijke regeling")),
            SynonymGroup(("lichte GR", "lichte gemeenschappelijke regeling")),
        ]
    )
    passages = [Passage(Chunk("d:0:x", "d.txt", "D", "Vormen", None, t), 1.0) for t in texts]
    idf = KeywordIndex.from_texts(texts + ["Andere tekst over samenwerking tussen gemeenten."] * 5).idf
    question = "Wat is een gemeenschappelijke regeling?"
    assert judge(question, passages, idf, 0.15).found
    assert judge(question, passages, idf, 0.15, synonyms).found
