"""Compose an extractive answer that follows the question's shape.

A lead sentence that answers, then the items of a list or the two sides of a comparison,
each with its citation number. Every statement is a verbatim span of a passage; only the
side labels of a comparison ("Operationele:") are words of the question. Scoring lives in
bot/answer/scoring.py, each shape's lines in bot/answer/shapes/.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.answer.matching import names_any, norm
from bot.answer.question import Question
from bot.answer.scoring import (
    FRAME,
    OPENING,
    WANTED,
    Line,
    Meaning,
    Scored,
    enumerates,
    score_units,
    with_aliases,
)
from bot.answer.shapes.compare import compare_lines
from bot.answer.shapes.lists import list_for, list_lines, two_options
from bot.answer.shapes.prose import prose_lines
from bot.answer.shapes.specific import has_specific, specific_pool
from bot.answer.units import ItemList, Unit, passage_units, quotable
from bot.index.keyword import stem_tokens
from bot.models import Passage

__all__ = ["FRAME", "TOP_PASSAGES", "Composition", "Meaning", "compose"]

TOP_PASSAGES = 7
WIDE_PASSAGES = 10


@dataclass
class Composition:
    lines: list[Line]  # rank FRAME: a frame line without citation


def compose(
    question: Question,
    passages: Sequence[Passage],
    idf: Callable[[str], float],
    meaning: Meaning | None = None,
) -> Composition:
    top = list(passages[:TOP_PASSAGES])
    units, lists = _all_units(top)
    if question.shape in WANTED and not has_specific(question, _quotable(units), top):
        top = list(passages[:WIDE_PASSAGES])  # a number or date may stand a little further down
        units, lists = _all_units(top)
        if not has_specific(question, _quotable(units), top):
            return Composition([])  # no number or date about the subject: no answer
    candidates = _quotable(units)
    if not candidates:
        return Composition([])
    question = with_aliases(question, top)
    scored = score_units(question, candidates, top, idf, meaning)
    lead = _lead(question, scored, top)
    if question.shape == "compare" and not (lead.unit.intro and lead.unit.list_id is not None):
        lines = compare_lines(question, scored, units)
        if lines:
            return Composition(lines)
    by_id = {lst.id: lst for lst in lists}
    if question.shape == "compare" and (pair := two_options(lead, scored, by_id)) is not None:
        return Composition(list_lines(pair, lead, top))
    chosen = None if enumerates(question, lead.unit) else list_for(question, lead, scored, by_id, units, top)
    if chosen is not None:
        return Composition(list_lines(chosen, lead, top))
    return Composition(_framed(question, lead, top) + prose_lines(question, lead, scored, units))


def _framed(question: Question, lead: Scored, passages: list[Passage]) -> list[Line]:
    """A lead that opens a section about the subject without naming it ("Een gemeente
    besteedt …" under "Model Ten Boer") gets a frame that names the section."""
    heading = passages[lead.unit.rank].chunk.heading
    if not question.subject or not heading or lead.unit.pos > OPENING:
        return []
    subject = frozenset(stem_tokens(question.subject))
    if names_any(subject, lead.unit.text) or not names_any(subject, heading):
        return []
    return [(f"In ‘{heading}’:", FRAME)]


def _quotable(units: list[Unit]) -> list[Unit]:
    return [u for u in units if quotable(u)]


def _all_units(passages: list[Passage]) -> tuple[list[Unit], list[ItemList]]:
    units: list[Unit] = []
    lists: list[ItemList] = []
    seen: set[str] = set()
    for rank, passage in enumerate(passages):
        own, own_lists = passage_units(rank, passage.chunk.text, first_id=len(lists))
        for unit in own:
            key = norm(unit.text)
            if key in seen and not unit.item:
                unit.pos = -1  # a duplicate (overlapping chunks, case files quoting a source)
            seen.add(key)
        units.extend(u for u in own if u.pos >= 0)
        lists.extend(own_lists)
    return units, lists


def _lead(question: Question, scored: list[Scored], passages: list[Passage]) -> Scored:
    pool = specific_pool(question, scored, passages) if question.shape in WANTED else scored
    return max(pool, key=lambda s: (s.score, -s.unit.rank, -s.unit.pos))
