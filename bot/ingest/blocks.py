"""Lines of extracted text into blocks: paragraphs, list items and table rows.

PDF extraction wraps every paragraph over several lines and puts list items on lines of
their own. A chunk keeps one block per line, so the answer composer can see that a
sentence ending in ":" is followed by its items ("- ...", "o ...", "1. ..."), while a
sentence wrapped over three lines becomes one line again.
"""

from __future__ import annotations

import re

# "- item", "o item", "• item", "1. item", "2) item", "a) item", "(3) item"
MARKER_RE = re.compile(r"^(?:[-–•*▪o]\s+|\d{1,2}[.)]\s+(?=\D)|[a-h][.)]\s+|\(\d{1,2}\)\s+)")
BULLET_RE = re.compile(r"^[-–•*▪o]\s")
# "Sterktes: ..." rows that tables.linearize_tables writes, and "Zelf doen: ..." labels.
LABEL_RE = re.compile(r"^[A-ZÀ-Ý][\w’'()/ -]{0,40}:(?:\s|$)")
CAPTION_RE = re.compile(r"^(?:Figuur|Tabel|Bron|Grafiek|Bijlage)\b")
# Bullets run together on one line ("Sterktes: - Autonomie - Flexibel"): split them.
INLINE_BULLET_RE = re.compile(r"(?<=[.:;)\w’'])\s+-\s+(?=[A-ZÀ-Ý(‘'\"])")
TITLE_WORDS = 12
# A wrapped line often stops at one of these; a title does not.
OPEN_ENDINGS = frozenset(
    "de het een en of van voor met in op aan als dat die te tot door bij om naar over uit is zijn".split()
)
SENTENCE_END = (".", "!", "?", ".)", ".”", '."', "?”")


def is_item(line: str) -> bool:
    return bool(MARKER_RE.match(line))


def strip_marker(line: str) -> str:
    """The item without its bullet; a number ("1. ", "a) ") is part of the item's text."""
    match = MARKER_RE.match(line)
    if not match or not BULLET_RE.match(match.group(0)):
        return line.strip()
    return line[match.end() :].strip()


def to_blocks(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """(offset, line) pairs of one section into (offset, block) pairs."""
    blocks: list[tuple[int, str]] = []
    for offset, raw in lines:
        for piece in split_inline_bullets(raw.strip()):
            if blocks and _continues(blocks[-1][1], piece):
                blocks[-1] = (blocks[-1][0], _join(blocks[-1][1], piece))
            else:
                blocks.append((offset, piece))
    return blocks


def split_inline_bullets(line: str) -> list[str]:
    """'Kansen: - Draagvlak aanwezig - Flexibel' → ['Kansen:', '- Draagvlak aanwezig', '- Flexibel'].
    Only where the text before the first dash ends a sentence or a label, so that a dash
    used as punctuation inside a sentence stays."""
    parts = INLINE_BULLET_RE.split(line)
    if len(parts) < 2 or "\t" in line:
        return [line]
    head = parts[0].strip()
    if head.startswith("- ") or head.endswith((":", ".", ";")) or not head:
        return [p for p in [head, *(f"- {p.strip()}" for p in parts[1:])] if p]
    return [line]


def _continues(block: str, line: str) -> bool:
    """Does `line` carry on the paragraph or item of `block` (a wrapped line)?"""
    if is_item(line) or "\t" in line or "\t" in block or CAPTION_RE.match(line):
        return False
    if block.endswith((":", ";")):
        return False
    if block.endswith(SENTENCE_END) and (line[:1].isupper() or line[:1].isdigit()):
        return False
    if line[:1].isupper() and _title_like(block):
        return False  # a heading the section finder did not take (OCR-garbled, say)
    return not (LABEL_RE.match(line) and not block.endswith((",", "-")))


def _title_like(block: str) -> bool:
    words = block.split()
    if not words or len(words) > TITLE_WORDS or not block[:1].isupper() or is_item(block):
        return False
    return not block.endswith((",", "-", "(")) and words[-1].lower() not in OPEN_ENDINGS


def _join(block: str, line: str) -> str:
    return f"{block} {line}"


SPLIT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý0-9‘“'\"(-])")
# A full stop after these ends no sentence ("bv. de ODG", "p. 23-24", "J. de Vries").
ABBREVIATION_RE = re.compile(
    r"(?:\b(?:bv|bijv|bijvoorbeeld|o\.a|m\.b\.t|t\.a\.v|d\.d|e\.d|e\.o|nr|blz|p|pag|ca|zgn|resp|vs|jl|art|mr|dr|drs|ir|prof)"
    r"|\b[A-Z])\.$",
    re.IGNORECASE,
)
FRAGMENT_START_RE = re.compile(r"^(?:[a-zà-ÿ]|\d+\)|[,;:)\]])")


def split_block(block: str) -> list[str]:
    """Sentences of one block. A piece that starts in lower case or with '23-24)' was cut
    too early (after an abbreviation or a page reference) and is joined back."""
    out: list[str] = []
    for piece in SPLIT_RE.split(block):
        piece = piece.strip()
        if not piece:
            continue
        if out and (ABBREVIATION_RE.search(out[-1]) or FRAGMENT_START_RE.match(piece)):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out
