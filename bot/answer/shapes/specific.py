"""Number and date questions: the lead must hold a number or a date about the subject
("Wanneer is de BEL Combinatie ontstaan?" wants the year next to what happened, in a
sentence about the BEL Combinatie, not another municipality's date in the same passage)."""

from __future__ import annotations

from bot.answer.answerability import QUANTITY_RE, focus_stems, subject_terms
from bot.answer.matching import match, stems_of
from bot.answer.question import Question
from bot.answer.scoring import WANTED, Scored
from bot.answer.units import Unit
from bot.models import Passage


def has_specific(question: Question, units: list[Unit], passages: list[Passage]) -> bool:
    """Some sentence holds the wanted number or date (next to what happened, for "Wanneer
    is X ontstaan?") in a passage that names the question's subject."""
    wanted = WANTED[question.shape]
    subjects = subject_terms(question.text)
    for unit in units:
        if wanted.search(unit.text) and _event(question, unit):
            chunk = passages[unit.rank].chunk
            where = f"{chunk.title} {chunk.section} {chunk.text}".lower()
            if all(s in where for s in subjects):
                return True
    return False


def specific_pool(question: Question, scored: list[Scored]) -> list[Scored]:
    """The candidates a number or date lead is chosen from: best those that name the
    subject and what is counted or what happened."""
    wanted = WANTED[question.shape]
    return (
        [s for s in scored if _answers_when(question, s.unit)]
        or [s for s in scored if wanted.search(s.unit.text) and _event(question, s.unit)]
        or scored
    )


def _event(question: Question, unit: Unit) -> bool:
    return question.event is None or match(question.event, stems_of(unit.text)) > 0


def _answers_when(question: Question, unit: Unit) -> bool:
    if not WANTED[question.shape].search(unit.text) or not _event(question, unit):
        return False
    lower = unit.text.lower()
    if not all(s in lower for s in subject_terms(question.text)):
        return False
    if question.shape == "number":  # what is counted ("Hoeveel inwoners…"), one of two words
        counted = focus_stems(question.text, QUANTITY_RE)
        return not counted or any(match(c, stems_of(unit.text)) > 0 for c in counted)
    return True
