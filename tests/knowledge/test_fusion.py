"""Rank fusion: a definition question prefers the section headed by what it asks about."""

from __future__ import annotations

from bot.index.keyword import stem_tokens
from bot.knowledge.retrieve import fuse
from bot.models import Chunk

TEXT = "Een gemeente besteedt alle ambtelijk uit te voeren werkzaamheden uit aan een andere gemeente."


def _chunks() -> dict[str, Chunk]:
    sections = {
        "a": "4. Vormen > 4.2.6 SETA",
        "b": "4. Vormen > 4.2.7 Model Ten Boer",
        "c": "Ervaringen",
    }
    return {i: Chunk(i, "doc.txt", "Notitie", section, None, TEXT) for i, section in sections.items()}


def test_a_chunk_headed_by_the_subject_rises() -> None:
    words = [("a", 9.0), ("c", 8.0), ("b", 7.0)]
    dense = [("c", 0.9), ("a", 0.8), ("b", 0.7)]
    plain = [p.chunk.id for p in fuse(_chunks(), words, [], dense, 3)]
    subject = frozenset(stem_tokens("ten boer-constructie"))
    headed = [p.chunk.id for p in fuse(_chunks(), words, [], dense, 3, subject=subject)]
    assert plain[-1] == "b"  # last in both lists
    assert headed[0] == "b"  # 'Model Ten Boer' names two of the subject's three words


def test_no_subject_or_no_heading_match_changes_nothing() -> None:
    words = [("a", 9.0), ("c", 8.0), ("b", 7.0)]
    plain = [p.chunk.id for p in fuse(_chunks(), words, [], [], 3)]
    other = frozenset(stem_tokens("gemeenschappelijke regeling"))
    assert [p.chunk.id for p in fuse(_chunks(), words, [], [], 3, subject=other)] == plain
