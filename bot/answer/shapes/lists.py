"""List and procedure questions: when the best sentence introduces a list, or a list about
what is asked scores close to it, the answer is that list's lead-in and its items."""

from __future__ import annotations

import re

from bot.answer.matching import names_any
from bot.answer.question import Question
from bot.answer.scoring import FRAME, Line, Scored
from bot.answer.units import MIN_WORDS, ItemList, Unit
from bot.models import Passage

MAX_ITEMS = 12
LIST_RATIO = 0.8  # a list question takes the best list when it scores this share of the lead
ITEM_CREDIT = 0.3
ITEM_WORDS = 24  # a long item is quoted up to here, then "…"
NUMBERED_RE = re.compile(r"^(?:\d{1,2}[.)]|[a-h][.)]|\(\d{1,2}\))\s")
LISTING = ("list", "procedure")
OPTION_WORDS = 6  # an alternative is said in a sentence, not in a two-word item


def list_for(
    question: Question,
    lead: Scored,
    scored: list[Scored],
    lists: dict[int, ItemList],
    units: list[Unit],
    passages: list[Passage],
) -> ItemList | None:
    """The list the answer is: the lead's own list, the list its next sentence introduces,
    or for a list question the best list among the passages when it scores close to the lead.
    A list question takes only a list about what it asks for ("Welke risico's…")."""
    listing = question.shape in LISTING

    def fits(lst: ItemList) -> bool:
        return not listing or _names_focus(question, lst, passages)

    if lead.unit.list_id is not None and (lead.unit.intro or listing) and fits(lists[lead.unit.list_id]):
        return lists[lead.unit.list_id]
    nxt = next((u for u in units if u.rank == lead.unit.rank and u.pos == lead.unit.pos + 1), None)
    if nxt is not None and nxt.intro and nxt.list_id is not None and listing and fits(lists[nxt.list_id]):
        return lists[nxt.list_id]
    if not listing:
        return None
    return _close_to_lead([lst for lst in lists.values() if len(lst.items) >= 2 and fits(lst)], lead, scored)


def two_options(lead: Scored, scored: list[Scored], lists: dict[int, ItemList]) -> ItemList | None:
    """A comparison whose sides the passages word differently ("strak"/"los" asked, "harde"/
    "zachtere structuur" written): documents set out two alternatives as a list of two
    items under one lead-in. The best such list, when it scores close to the lead."""
    pairs = [
        lst
        for lst in lists.values()
        if len(lst.items) == 2 and all(u.words >= OPTION_WORDS for u in lst.items)
    ]
    return _close_to_lead(pairs, lead, scored)


def _close_to_lead(candidates: list[ItemList], lead: Scored, scored: list[Scored]) -> ItemList | None:
    """The best of the candidate lists, when it scores at least LIST_RATIO of the lead."""
    by_unit = {(s.unit.rank, s.unit.pos): s.score for s in scored}
    best = max(candidates, key=lambda lst: _list_score(lst, by_unit), default=None)
    if best is not None and _list_score(best, by_unit) >= LIST_RATIO * lead.score:
        return best
    return None


def _names_focus(question: Question, lst: ItemList, passages: list[Passage]) -> bool:
    """The lead-in, the heading above the list, or two of its items name what is asked."""
    if not question.focus:
        return True

    def names(text: str) -> bool:
        return names_any(question.focus, text, question.words, question.aliases)

    if lst.intro is not None and names(lst.intro.text):
        return True
    if names(passages[lst.rank].chunk.heading):
        return True
    return sum(names(item.text) for item in lst.items) >= 2


def _list_score(lst: ItemList, scores: dict[tuple[int, int], float]) -> float:
    """A list is as good as its lead-in (or the sentence before it), with some credit for
    items that match the question."""
    best_item = max((scores.get((u.rank, u.pos), 0.0) for u in lst.items), default=0.0)
    intro = 0.0
    if lst.intro is not None:
        intro = max(
            scores.get((lst.rank, lst.intro.pos), 0.0), 0.9 * scores.get((lst.rank, lst.intro.pos - 1), 0.0)
        )
    return max(intro, best_item * 0.8) + ITEM_CREDIT * best_item


def list_lines(lst: ItemList, lead: Scored, passages: list[Passage]) -> list[Line]:
    lines: list[Line] = []
    if lst.intro is not None and lst.intro.words < MIN_WORDS and passages[lst.rank].chunk.heading:
        # a bare label ("Sterktes:") says nothing of what it belongs to: a frame names the section
        lines.append((f"In ‘{passages[lst.rank].chunk.heading}’:", FRAME))
    if lst.intro is not None:
        lines.append((lst.intro.text, lst.rank))
    elif not lead.unit.item:
        lines.append((lead.unit.text, lead.unit.rank))
    for item in lst.items[:MAX_ITEMS]:
        lines.append((item_line(item), lst.rank))
    return lines


def item_line(item: Unit, whole: bool = False) -> str:
    """In a list each item is cut to its first sentence; quoted alone, an item is the
    answer and stays whole."""
    text = item.text if whole else _shorten(item.text)
    return text if NUMBERED_RE.match(text) else f"- {text}"


def _shorten(text: str) -> str:
    """A long item's first sentence, cut at ITEM_WORDS words: still a verbatim span."""
    number = NUMBERED_RE.match(text)
    start = number.end() if number else 0
    first = text[:start] + re.split(r"(?<=[.!?])\s+(?=[A-Z])", text[start:], maxsplit=1)[0]
    words = first.split()
    return first if len(words) <= ITEM_WORDS else " ".join(words[:ITEM_WORDS]) + " …"
