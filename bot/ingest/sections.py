"""Recognise headings in extracted text: numbered ("8.4 Vorm 4 Ambtelijke fusie",
"Hoofdstuk 4."), and short title lines standing alone ("Inleiding")."""

from __future__ import annotations

import re

NUMBERED_RE = re.compile(
    r"^(?:Hoofdstuk\s+\d+\.?|\d+(?:\.\d+)+\.?|\d+\.)\s+\S.{0,90}$|^Hoofdstuk\s+\d+\.?$", re.IGNORECASE
)
# Table-of-contents line: dot leaders, or a page number after a tab or space ("… 19").
TOC_RE = re.compile(r"(\.{4,}|\t\s*\d+\s*$|[A-Za-z)]\s+\d{1,3}\s*$)")
TERMINAL = (".", ",", ";", ":", "?", "!")


def heading_number(line: str) -> tuple[int, ...] | None:
    """(4,) for 'Hoofdstuk 4' / '4.', (4, 2) for '4.2', None for unnumbered titles."""
    match = re.match(r"^(?:Hoofdstuk\s+)?(\d+(?:\.\d+)*)", line, re.IGNORECASE)
    if not match:
        return None
    return tuple(int(n) for n in match.group(1).split("."))


def follows(number: tuple[int, ...], last: tuple[int, ...] | None) -> bool:
    """Numbered headings count up (allowing one skipped number); a restarted '1.' or a
    stray '2.' in running text is a numbered list, not a heading."""
    if len(number) > 1:
        return True  # dotted numbers ("4.2.6") are headings, not list items
    if last is None:
        return number[0] == 1
    for depth in range(1, len(last) + 1):
        prefix = last[: depth - 1]
        if number[: depth - 1] == prefix and len(number) == depth:
            if 1 <= number[depth - 1] - last[depth - 1] <= 2:
                return True
    return number == last + (1,)


def is_numbered_heading(line: str, nxt: str | None = None) -> bool:
    if nxt and nxt[0].islower():
        return False  # the line wraps into a sentence
    if TOC_RE.search(line) or len(line) > 100:
        return False
    if not NUMBERED_RE.match(line):
        return False
    if line.lower().startswith("hoofdstuk"):
        return True
    words = line.split()
    title = " ".join(words[1:]) if words else ""
    # Numbered list items read as sentences; headings are short and do not end in ',' or ';'.
    return len(words) <= 12 and not line.endswith((",", ";")) and (not title or title[0].isupper())


def is_title_line(line: str, prev: str | None, nxt: str | None) -> bool:
    """A short capitalised line between a finished sentence and a new paragraph."""
    words = line.split()
    if not (1 <= len(words) <= 8) or len(line) > 70 or not line[0].isupper():
        return False
    if "\t" in line or line.endswith(TERMINAL) or line.startswith("-"):
        return False
    if not any(len(w) >= 4 for w in words):
        return False
    if prev is not None and not prev.endswith(TERMINAL + (")", "\u201d", '"')):
        return False
    if nxt is None or len(nxt) < 40:
        return False
    return nxt[0].isupper() or nxt[0].isdigit() or nxt.startswith(("-", "\u2018", "'", '"'))
