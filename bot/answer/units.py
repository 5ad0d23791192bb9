"""The quotable units of a passage: sentences, list items, and the lists they form.

Chunks keep one block per line (bot/ingest/blocks.py): a paragraph, a list item ("- ",
"o ", "1. ") or a table row. A list is a lead-in (a sentence ending in ":" or followed by
items) and the items after it; when the best sentence introduces a list, the answer is
that list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from bot.ingest.blocks import is_item, split_block, strip_marker

MIN_WORDS = 5
TITLE_WORDS = 12
TERMINAL = (".", "!", "?", ":", ";", ")", "”", '"', "’", "'")
TOC_LIKE_RE = re.compile(r"(?:\b\d+(?:\.\d+)+\.?\s+\S.{0,80}?\s\d{1,3}\b.*){2,}|\.{4,}|…\s*\d{1,3}\b")
RESIDUE_RE = re.compile(r"</?[a-z][^>]*>|^#{1,6}\s|\]\(#?\)|\[[^\]]*\.pdf\]", re.IGNORECASE)


@dataclass
class Unit:
    """One sentence (or list item) of a passage."""

    rank: int  # passage rank
    line: int  # line (block) number in the chunk
    pos: int  # sentence number in the chunk
    text: str
    item: bool = False  # a list item (marker stripped)
    intro: bool = False  # introduces the list that follows
    list_id: int | None = None  # the list this unit belongs to (as item or lead-in)
    title: bool = False  # a short line without a full stop: a heading or caption

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class ItemList:
    id: int
    rank: int
    intro: Unit | None
    items: list[Unit] = field(default_factory=list)


def passage_units(rank: int, text: str, first_id: int = 0) -> tuple[list[Unit], list[ItemList]]:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    units: list[Unit] = []
    lists: list[ItemList] = []
    pos = 0
    current: ItemList | None = None
    for n, line in enumerate(lines):
        nxt = lines[n + 1] if n + 1 < len(lines) else ""
        if is_item(line):
            unit = Unit(rank, n, pos, _item_text(line), item=True)
            pos += 1
            if current is None:
                current = ItemList(first_id + len(lists), rank, None)
                lists.append(current)
            unit.list_id = current.id
            current.items.append(unit)
            units.append(unit)
            continue
        sentences = split_block(line)
        unmarked = current is not None and current.intro is not None and _unmarked_item(line, current)
        if unmarked and current is not None:
            unit = Unit(rank, n, pos, line, item=True, list_id=current.id)
            pos += 1
            current.items.append(unit)
            units.append(unit)
            continue
        if current is not None and current.items and not (is_item(nxt) and len(sentences) <= 2):
            current = None  # the list ended; a sentence between two items belongs to the first
        for i, sentence in enumerate(sentences):
            unit = Unit(rank, n, pos, sentence, title=len(sentences) == 1 and _title_like(sentence))
            pos += 1
            units.append(unit)
            last = i == len(sentences) - 1
            if last and (sentence.endswith(":") or is_item(nxt)) and not sentence.endswith("?"):
                current = ItemList(first_id + len(lists), rank, unit)
                lists.append(current)
                unit.intro, unit.list_id = True, current.id
    lists = [lst for lst in lists if lst.items]
    for unit in units:
        if unit.intro and unit.list_id not in {lst.id for lst in lists}:
            unit.intro, unit.list_id = False, None
    return units, lists


def _unmarked_item(line: str, current: ItemList) -> bool:
    """Items without a marker: short lines ending in ';' (or the last one in '.') after a
    lead-in that ends in ':'."""
    if current.intro is None or not current.intro.text.endswith(":"):
        return False
    previous = current.items[-1].text if current.items else current.intro.text
    if len(line.split()) > 40:
        return False
    return line.endswith((";", ",")) or (previous.endswith((";", ":")) and line.endswith("."))


def _title_like(line: str) -> bool:
    return len(line.split()) <= TITLE_WORDS and not line.rstrip().endswith(TERMINAL)


def _item_text(line: str) -> str:
    return strip_marker(line)


@lru_cache(maxsize=16384)  # passages recur from question to question
def _toc_or_markup(text: str) -> bool:
    return bool(TOC_LIKE_RE.search(text) or RESIDUE_RE.search(text))


def quotable(unit: Unit) -> bool:
    """Questions, fragments, table-of-contents lines and markup are never quoted."""
    text = unit.text
    if text.endswith("?") or _toc_or_markup(text):
        return False
    if unit.item:
        return len(text.split()) >= 2
    if unit.intro:
        return True  # a lead-in, however short ("Sterktes:"), brings its list
    if "\t" in text or unit.title:
        return False
    if text[:1].islower():
        return False  # a chunk that starts mid-sentence, or an item of a list we did not see start
    return unit.words >= MIN_WORDS
