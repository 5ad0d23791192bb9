"""Rank fusion: a definition question prefers the section headed by what it asks about."""

from __future__ import annotations

from bot.index.keyword import stem_tokens
from bot.knowledge.retrieve import _with_titles, fuse
from bot.models import Chunk
from bot.query.understand import Query

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


class _Titles:
    """The two things `_with_titles` asks of an index state."""

    def __init__(self, titles: dict[str, float], sources: dict[str, str]) -> None:
        self.titles = titles
        self.catalog = self
        self._sources = sources

    def title_scores(self, _keywords: str) -> dict[str, float]:
        return self.titles

    def sources(self, _ids: object) -> dict[str, str]:
        return self._sources


def test_a_title_naming_the_question_lifts_its_chunks_and_keeps_their_order() -> None:
    words = [("a1", 5.0), ("b1", 4.5), ("a2", 4.0), ("b2", 1.0)]
    sources = {"a1": "a.txt", "a2": "a.txt", "b1": "b.txt", "b2": "b.txt"}
    query = Query("q", "q", ())

    def ranked(titles: dict[str, float]) -> list[str]:
        return [i for i, _ in _with_titles(words, query, _Titles(titles, sources))]  # type: ignore[arg-type]

    assert ranked({"b.txt": 2.0}) == ["b1", "a1", "a2", "b2"]  # b1 4.5 + 1.0 passes a1; b2 stays below b1
    assert ranked({}) == ["a1", "b1", "a2", "b2"]  # no title matches: BM25 order
