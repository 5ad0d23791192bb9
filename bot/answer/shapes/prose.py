"""Definitions, facts, reasons and cases: the lead sentence, the sentence before it when
the lead leans on it, the next one when it carries the thought on, and the best sentences
of other passages, within a word budget."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.answer.matching import norm, overlap
from bot.answer.question import Question
from bot.answer.scoring import Line, Scored, instance_of
from bot.answer.shapes.lists import item_line
from bot.answer.units import MIN_WORDS, Unit, quotable
from bot.ingest.blocks import split_block

SECOND_SOURCE = 0.6
SECOND_RANKS = 2
SUPPORT_RATIO = 0.75  # another passage's sentence is added when it scores this share of the lead
NEXT_RATIO = 0.5  # the sentence after the lead is added when it scores this share of the lead
MAX_WORDS = 75  # beyond the lead and its list
PARAGRAPH_WORDS = 60  # the lead's own paragraph goes on up to here
LONG_ITEM_WORDS = 40  # a list item longer than this is quoted by its best sentence
CONNECTIVE_RE = re.compile(
    r"^(?:Dit|Deze|Dat|Die|Daarbij|Daarnaast|Daardoor|Hierdoor|Hierbij|Ook|Toch|Maar|Later|Wel|Zo|"
    r"Bovendien|Verder|Vervolgens|Uiteindelijk|Het|Ze|Zij|Hij|Echter|Tevens|Daarom|Dus|Immers|"
    r"Daarentegen|Hiermee|Daarmee|Hieruit|Daaruit|Toen|Wel)\b"
)


def prose_lines(question: Question, lead: Scored, scored: list[Scored], units: list[Unit]) -> list[Line]:
    scored = [_quotable_part(question, s) for s in scored]
    lead = _quotable_part(question, lead)
    picked = _around_lead(question, lead, scored, units)
    seen = {norm(u.text) for u in picked}
    words = sum(u.words for u in picked)
    # A lead-in elsewhere announces items that are not quoted: it would end on a ":".
    supports = (s for s in scored if _sayable(s.unit) and not s.unit.intro)
    for s in sorted(supports, key=lambda s: -s.score):
        if s.score < SUPPORT_RATIO * lead.score or words >= MAX_WORDS:
            break
        key = norm(s.unit.text)
        if key in seen or any(key in k or k in key for k in seen) or words + s.unit.words > MAX_WORDS + 20:
            continue
        picked.append(s.unit)
        seen.add(key)
        words += s.unit.words
    second = _second_source(picked, scored, lead)
    if second is not None and norm(second.text) not in seen:
        picked.append(second)
    at = picked.index(lead.unit) + 1
    head, rest = picked[:at], sorted(picked[at:], key=lambda u: (u.rank, u.pos))
    return [(item_line(u, whole=True) if u.item else u.text, u.rank) for u in head + rest]


def _sayable(unit: Unit) -> bool:
    """Quotable in running prose: not a bare label that only introduces a list ("Juridische
    vormen:"), which says nothing without its items."""
    return quotable(unit) and not (unit.intro and unit.words < MIN_WORDS)


def _quotable_part(question: Question, scored: Scored) -> Scored:
    """A long list item is quoted from its sentence that holds most of the question, with
    the sentences after it while they fit: a verbatim span too, where the whole item would
    not fit the answer."""
    unit = scored.unit
    if not unit.item or unit.words <= LONG_ITEM_WORDS:
        return scored
    sentences = split_block(unit.text)
    if len(sentences) < 2:
        return scored
    at = max(
        range(len(sentences)),
        key=lambda i: overlap(question.stems, sentences[i], lambda _: 1.0, question.words, question.aliases),
    )
    end = at + 1
    while end < len(sentences) and len(" ".join(sentences[at : end + 1]).split()) <= LONG_ITEM_WORDS:
        end += 1
    start = unit.text.find(sentences[at])
    stop = unit.text.find(sentences[end - 1], start) + len(sentences[end - 1])
    if start < 0 or stop < start:
        return scored
    return Scored(replace(unit, text=unit.text[start:stop], item=False, list_id=None), scored.score)


def _around_lead(question: Question, lead: Scored, scored: list[Scored], units: list[Unit]) -> list[Unit]:
    picked: list[Unit] = [lead.unit]
    scores = {(s.unit.rank, s.unit.pos): s.score for s in scored}
    neighbours = {(u.rank, u.pos): u for u in units}
    before = neighbours.get((lead.unit.rank, lead.unit.pos - 1))
    if lead.unit.item:  # an item is read under its list's lead-in ("…vier varianten:")
        before = next((u for u in units if u.intro and u.list_id == lead.unit.list_id), None)
        if before is not None and _sayable(before):
            picked.insert(0, before)
    elif before and CONNECTIVE_RE.match(lead.unit.text) and _sayable(before):
        if not (question.subject and instance_of(question.subject, before.text.lower())):
            picked.insert(0, before)  # not an example of the subject before what it is
    picked += _following(lead.unit, neighbours, scores, sum(u.words for u in picked))
    return picked


def _following(
    lead: Unit, neighbours: dict[tuple[int, int], Unit], scores: dict[tuple[int, int], float], words: int
) -> list[Unit]:
    """The sentence after the lead when it carries the thought on, and the rest of the
    lead's own paragraph up to PARAGRAPH_WORDS ("…op het eerste gezicht…" – "Echter, …")."""
    out: list[Unit] = []
    last = lead
    while (after := neighbours.get((last.rank, last.pos + 1))) is not None and _sayable(after):
        same_paragraph = not after.item and after.line == lead.line and words + after.words <= PARAGRAPH_WORDS
        if not (same_paragraph or (last is lead and _carries_on(lead, after, scores))):
            break
        out.append(after)
        words += after.words
        last = after
    return out


def _second_source(picked: list[Unit], scored: list[Scored], lead: Scored) -> Unit | None:
    """A second passage lets the reader check the answer: the best sentence of the best
    other top passage, when it is about the question too. Not a list item, and not a lead-in
    whose items are not quoted ("Kenmerkend voor SETA is:")."""
    ranks = {u.rank for u in picked}
    if len(ranks) > 1:
        return None
    others = [
        s
        for s in scored
        if s.unit.rank not in ranks and s.unit.rank < SECOND_RANKS and not s.unit.item and not s.unit.intro
    ]
    best = max(others, key=lambda s: s.score, default=None)
    return best.unit if best is not None and best.score >= SECOND_SOURCE * lead.score else None


def _carries_on(lead: Unit, after: Unit, scores: dict[tuple[int, int], float]) -> bool:
    """The next sentence belongs to the answer when it leans on the lead ("Dit…", "Later…"),
    when the lead announces it (":"), or when it is about the question's topic too."""
    if CONNECTIVE_RE.match(after.text) or lead.text.endswith(":"):
        return True
    return scores.get((after.rank, after.pos), 0.0) >= NEXT_RATIO * scores.get((lead.rank, lead.pos), 1.0)
