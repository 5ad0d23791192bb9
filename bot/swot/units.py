"""A passage cut into units for the SWOT: sentences, list items and "Label: uitleg" items.

Sentences are not split after Dutch abbreviations ("e.a.", "bv.") or list numbers; a list
marker after a finished clause starts an item; a "Label: uitleg" item is followed by a few
sentences that explain it (an anecdote), which are no points of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.swot.cues import classify

EXPLAINING = 6  # sentences after a "Label: uitleg" item that may still explain it
# A list marker after a finished clause: "We noemen: o Gebrek aan ...", "punten: 1. niet ...;
# 2. leidt ...", "voordeel dat: - een groeipad ...; - er tijd is". A dash inside a sentence
# ("De SETA - als vorm van de SSC - is") is no list marker.
_LIST_SPLIT = re.compile(r"(?<=[.:;])\s+(?:[o•▪◦*\-–]|\d{1,2}[.)])\s+(?=\S)")
_LEADING_MARKER = re.compile(r"^(?:[o•▪◦*\-–]|\d{1,2}[.)])\s+(?=\S)")
# "Gebrek aan vertrouwen: De partnergemeenten ...": a label, then a sentence of its own.
_LABEL = re.compile(r"^\s*[A-ZÀ-Ý][^:.?!]{2,80}:\s+[A-ZÀ-Ý]")
# A sentence ends before a capital, a quote, or a footnote or page number glued to the next
# sentence ("... uitpakt. 6 Ministerie van BZK", "legitimatie. 12 Partners").
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý\"'“‘]|\d{1,3}\s+[A-ZÀ-Ý]|[⁰¹²³⁴⁵⁶⁷⁸⁹]+\s)")
_POINTS_BACK = re.compile(r"^(?:deze|dit|dat|die|daardoor|hierdoor|daarom)\b", re.I)
_MD_HEADING = re.compile(r"(?m)^\s*#{1,6}\s+")
_LIST_NUMBER = re.compile(r"(?:^|[\s;:])\d{1,2}\.$")
_ABBREVIATION = re.compile(r"(?:\b(?:e\.a|o\.a|bv|bijv|d\.w\.z|a\.d|st|nr|zgn|ca|m\.n)\.)$", re.I)


@dataclass(frozen=True)
class Unit:
    text: str
    listed: bool  # a list item or "Label: uitleg" item: takes the introducing quadrant
    explains: bool = False  # a further sentence of a "Label: uitleg" item


def units(text: str) -> list[Unit]:
    """Sentences, split further at list markers; list items and "Label: uitleg" sentences
    are marked as listed. Works on flat chunk text and on text with line breaks alike."""
    flat = " ".join(_MD_HEADING.sub(" ", text).split())
    out: list[Unit] = []
    explaining = 0  # sentences left that explain the "Label: uitleg" item before them
    for sentence in split_sentences(flat):
        pieces = _list_pieces(sentence)
        for i, piece in enumerate(p.strip() for p in pieces):
            # A chunk that starts with an item ("o Gebrekkig urgentie: ...", "- Voordeel is").
            marker = _LEADING_MARKER.match(piece) if i == 0 else None
            piece = piece[marker.end() :] if marker else piece
            if not piece:
                continue
            label = bool(_LABEL.match(piece))
            listed = i > 0 or label or marker is not None
            # A sentence with a cue of its own starts a new point, unless it points back
            # ("Deze analyse leverde ... niet genoeg voordeel op"); explanations are short.
            own = classify(piece) is not None and not _POINTS_BACK.match(piece)
            explains = not listed and explaining > 0 and not own
            out.append(Unit(piece, listed=listed, explains=explains))
            explaining = EXPLAINING if label else explaining - 1 if explains else 0
    return out


def _list_pieces(sentence: str) -> list[str]:
    """The sentence split at list markers, but not inside brackets ("(2006: 24) beschrijven")."""
    pieces: list[str] = []
    start = 0
    for match in _LIST_SPLIT.finditer(sentence):
        before = sentence[start : match.start()]
        if before.count("(") > before.count(")"):
            continue
        pieces.append(before)
        start = match.end()
    pieces.append(sentence[start:])
    return pieces


def split_sentences(text: str) -> list[str]:
    """Sentences, not split after Dutch abbreviations such as "e.a." or "bv."."""
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()]
        if _ABBREVIATION.search(before) or _LIST_NUMBER.search(before):
            continue  # "e.a. (2006)", or "...; 3. Betrokkenen": a list, split further on
        sentences.append(text[start : match.start()].strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return [s for s in sentences if s]
