"""Number and date questions: the lead must hold a number or a date about the subject.
The subject is checked per sentence ("Wanneer is de BEL Combinatie ontstaan?" must not get
another municipality's founding date from the same passage); a sentence may leave the
subject to the title or section it stands under (a case file about the BEL Combinatie)."""

from __future__ import annotations

from bot.answer.answerability import QUANTITY_RE, focus_stems, subject_terms
from bot.answer.matching import match, stems_of
from bot.answer.question import Question
from bot.answer.scoring import WANTED, Scored
from bot.answer.units import Unit
from bot.models import Passage


def has_specific(question: Question, units: list[Unit], passages: list[Passage]) -> bool:
    """Some sentence about the subject holds the wanted number or date."""
    subjects = subject_terms(question.text)
    wanted = WANTED[question.shape]
    return any(wanted.search(u.text) and _about(subjects, u, passages, where=True) for u in units)


def specific_pool(question: Question, scored: list[Scored], passages: list[Passage]) -> list[Scored]:
    """The candidates a number or date lead is chosen from, best first: the subject in the
    sentence with what happened or what is counted; then under a title that names the
    subject; then any sentence about the subject with the number or date."""
    subjects = subject_terms(question.text)
    wanted = WANTED[question.shape]
    holding = [s for s in scored if wanted.search(s.unit.text)]
    tiers = (
        [s for s in holding if _about(subjects, s.unit, passages, where=False) and _asked(question, s.unit)],
        [s for s in holding if _about(subjects, s.unit, passages, where=True) and _asked(question, s.unit)],
        [s for s in holding if _about(subjects, s.unit, passages, where=True)],
    )
    return next((tier for tier in tiers if tier), scored)


def _about(subjects: list[str], unit: Unit, passages: list[Passage], where: bool) -> bool:
    """The sentence names every subject term; with `where`, its passage's title and
    section may name them instead."""
    text = unit.text.lower()
    if where:
        chunk = passages[unit.rank].chunk
        text = f"{chunk.title} {chunk.section} {text}".lower()
    return all(s in text for s in subjects)


def _asked(question: Question, unit: Unit) -> bool:
    """What happened ("ontstaan") or what is counted ("Hoeveel inwoners…", one of two words)."""
    stems = stems_of(unit.text)
    if question.event is not None and match(question.event, stems) == 0:
        return False
    if question.shape == "number":
        counted = focus_stems(question.text, QUANTITY_RE)
        return not counted or any(match(c, stems) > 0 for c in counted)
    return True
