"""Comparisons ("verschil tussen X en Y"): a sentence for each side, each the best that
names that side (and not only the other), labelled with the side when it does not start
with it."""

from __future__ import annotations

from bot.answer.matching import has_all, norm, stems_of
from bot.answer.question import Question, side_stems
from bot.answer.scoring import Line, Scored
from bot.answer.shapes.prose import CONNECTIVE_RE
from bot.answer.units import Unit, quotable
from bot.index.keyword import stem_tokens

SIDE_ALONE = 0.2  # a comparison side's sentence that does not also name the other side
SIDE_FIRST = 0.2
SIDE_WORDS = 6  # a side is said in a sentence, not in a two-word item ("Openbaar lichaam;")


def compare_lines(question: Question, scored: list[Scored], units: list[Unit]) -> list[Line]:
    """One sentence per side, with the sentence after it when that does not turn to the
    other side. No lines when a side is named nowhere."""
    neighbours = {(u.rank, u.pos): u for u in units}
    keys = _side_keys(question.sides)
    lines: list[Line] = []
    used: set[str] = set()
    for side, stems in zip(question.sides, keys, strict=True):
        others = set().union(*(k for k in keys if k is not stems))
        best = _best_for_side(scored, stems, others, used)
        if best is None:
            return []
        used.add(norm(best.unit.text))
        starts = best.unit.text.lower().startswith(side)
        lines.append(
            (best.unit.text if starts else f"{side[:1].upper()}{side[1:]}: {best.unit.text}", best.unit.rank)
        )
        after = neighbours.get((best.unit.rank, best.unit.pos + 1))
        if after is not None and quotable(after) and norm(after.text) not in used and not after.item:
            if CONNECTIVE_RE.match(after.text) or not has_all(others, stems_of(after.text)):
                used.add(norm(after.text))
                lines.append((after.text, after.rank))
    return lines


def _best_for_side(scored: list[Scored], stems: set[str], others: set[str], used: set[str]) -> Scored | None:
    best: Scored | None = None
    for s in scored:
        got = stems_of(s.unit.text)
        if not has_all(stems, got) or norm(s.unit.text) in used or s.unit.words < SIDE_WORDS:
            continue
        bonus = 0.0 if has_all(others, got) else SIDE_ALONE
        if has_all(stems, stems_of(" ".join(s.unit.text.split()[:4]))):
            bonus += SIDE_FIRST  # the sentence is about this side ("Strategische samenwerking betreft…")
        if best is None or s.score + bonus > best.score:
            best = Scored(s.unit, s.score + bonus)
    return best


def _side_keys(sides: tuple[str, ...]) -> list[set[str]]:
    """The words that tell the sides apart: 'operationele' vs 'strategische samenwerking'
    share 'samenwerking', so each side is keyed by what the other lacks."""
    stems = [side_stems(s) for s in sides]
    keys = []
    for i, own in enumerate(stems):
        other = set().union(*(s for j, s in enumerate(stems) if j != i))
        distinct = own - other
        if len(distinct) > 1 and any(len(s) == 1 for s in stems):
            distinct = {stem_tokens(sides[i])[0]} if stem_tokens(sides[i]) else distinct
        keys.append(distinct or own)
    return keys
