"""Hybrid retrieval: dense (window vectors) + BM25 with Dutch stemming, fused on our side."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from langchain_core.embeddings import Embeddings

from bot.answer.question import ASKING_WORDS, read_question
from bot.answer.scoring import headed_by
from bot.index.catalog import Catalog
from bot.index.keyword import KeywordIndex, stem_tokens
from bot.index.lexicon import Lexicon
from bot.index.store import ChunkStore, Hit
from bot.index.vector_scan import VectorScan
from bot.index.version_db import VersionDb
from bot.models import Chunk, Passage
from bot.query.spelling import Speller
from bot.query.understand import Query

CANDIDATES = 40
RRF_K = 10  # reciprocal rank fusion constant; chosen on the dev set (see README, "Retrieval")
WORD_WEIGHT = 1.0
GRAM_WEIGHT = 1.0
DENSE_WEIGHT = 1.3  # dense scores windows, not whole chunks, and earns more say (README)
# Case knowledge summarises the documents; at equal relevance the primary source ranks first.
CASE_WEIGHT = 0.7  # 0.5 lifts dev R@5 to 0.953 but loses facts only a case holds (README)
# "Wat is X?" / "Hoe werkt X?": the section headed X is where a document says what X is (the
# composer's opening rule, bot/answer/scoring.py). It counts as much as a first place in one list.
HEADING_WEIGHT = 1.0
# A question often names the document ("in de verkenning", "van Haren") with words its passage
# lacks. A chunk's BM25 over words gains this share of its document title's BM25 for the same
# question: one amount for all chunks of a document, so their order among themselves stays
# (the title in each chunk's own text made them alike and lost the chunk that says the words;
# README). Dev set: 0.25-0.5 gave the same ranking (da18 from 6th to 5th place), 1.0 cost MRR.
TITLE_WEIGHT = 0.5
TITLE_POOL = 4 * CANDIDATES  # word hits re-ranked by their title: room to move up


@dataclass
class IndexState:
    """One opened version of the index. Opening costs milliseconds whatever the corpus size:
    chunks and keyword postings stay in the version's SQLite file until a question needs them."""

    key: tuple[str | None, int]
    collection: str
    catalog: Catalog
    keyword: KeywordIndex
    scan: VectorScan | None = None  # windows searched in the catalogue (bot/index/vector_scan.py)
    _speller: Speller | None = field(default=None, repr=False)
    _titles: tuple[KeywordIndex, list[str]] | None = field(default=None, repr=False)

    @property
    def speller(self) -> Speller:
        """Typo and case repair against this index's own words, looked up in its file."""
        if self._speller is None:
            self._speller = Speller(Lexicon(self.catalog.db))
        return self._speller

    def title_index(self) -> tuple[KeywordIndex, list[str]]:
        """The document titles as a BM25 index, with the source of each, built once per opened
        version, in memory: one short text per document (80 ms for 768 documents)."""
        if self._titles is None:
            rows = self.catalog.document_titles()
            self._titles = KeywordIndex.from_texts([t for _, t in rows]), [s for s, _ in rows]
        return self._titles

    def title_scores(self, keywords: str) -> dict[str, float]:
        """Source → BM25 of its document title for these keywords (sources that match)."""
        index, sources = self.title_index()
        return {sources[int(n)]: score for n, score in index.search(keywords, len(sources))}

    @property
    def chunks(self) -> list[Chunk]:
        return self.catalog.all_chunks()

    @classmethod
    def open(cls, key: tuple[str | None, int], collection: str, db: VersionDb, *, scan: bool) -> IndexState:
        """`scan`: search windows in the catalogue when it holds them all (an embedded
        ChromaDB would load its whole graph into this process); else ask the vector store."""
        found = VectorScan(db) if scan else None
        return cls(
            key, collection, Catalog(db), KeywordIndex(db), found if found and found.complete() else None
        )

    def nearest_windows(self, store: ChunkStore, vector: list[float], k: int) -> list[Hit]:
        if self.scan is not None:
            return self.scan.nearest(vector, k)
        return store.query_windows(self.collection, vector, k)

    def windows_of(self, store: ChunkStore, chunk_ids: list[str]) -> dict[str, list[tuple[str, list[float]]]]:
        """Chunk id → [(window text, vector)]."""
        if self.scan is not None:
            return self.scan.windows_of(self.catalog.sources(chunk_ids))
        return store.windows_of(self.collection, chunk_ids)


def hybrid_search(
    query: Query, k: int, *, state: IndexState, store: ChunkStore, embeddings: Embeddings | None
) -> list[Passage]:
    question = read_question(query.normalised)
    keywords = _searched_words(query.keywords, question.shape)
    words = _with_titles(state.keyword.search(keywords, TITLE_POOL), keywords, state)
    grams = state.keyword.search_grams(keywords, CANDIDATES)
    dense_hits: list[tuple[str, float]] = []
    if embeddings is not None:
        vector = embeddings.embed_query(query.dense)
        hits = state.nearest_windows(store, vector, CANDIDATES)
        dense_hits = [(h.chunk_id, h.similarity) for h in hits]
    chunks = state.catalog.chunks(i for hits in (words, grams, dense_hits) for i, _ in hits)
    subject = frozenset(stem_tokens(question.subject)) if question.subject else frozenset()
    return fuse(chunks, words, grams, dense_hits, k, subject=subject)


def _searched_words(keywords: str, shape: str) -> str:
    """A definition question without the words that ask for one: "Wat betekent SETA?" must
    not find every "Dat betekent …" first."""
    if shape != "definition":
        return keywords
    return " ".join(w for w in keywords.split() if w.lower().strip("?!.,") not in ASKING_WORDS)


def _with_titles(words: list[tuple[str, float]], keywords: str, state: IndexState) -> list[tuple[str, float]]:
    """The best CANDIDATES word hits once each has TITLE_WEIGHT of its title's score added."""
    titles = state.title_scores(keywords) if words else {}
    if not titles:
        return words[:CANDIDATES]
    source = state.catalog.sources(i for i, _ in words)
    scored = [(i, s + TITLE_WEIGHT * titles.get(source.get(i, ""), 0.0)) for i, s in words]
    return sorted(scored, key=lambda hit: -hit[1])[:CANDIDATES]  # stable: ties keep BM25 order


def search_in_scope(
    query: Query, k: int, *, hidden: frozenset[str], **search: Any
) -> tuple[list[Passage], bool]:
    """`hybrid_search` without the `hidden` sources (those the question's scope may not see),
    and whether one of them ranked among the best k: the answer then says so."""
    if not hidden:
        return hybrid_search(query, k, **search), False
    ranked = hybrid_search(query, CANDIDATES, **search)  # room for the hidden ones
    left_out = any(p.chunk.source in hidden for p in ranked[:k])
    return [p for p in ranked if p.chunk.source not in hidden][:k], left_out


def fuse(
    chunks: dict[str, Chunk],
    words: list[tuple[str, float]],
    grams: list[tuple[str, float]],
    dense_hits: list[tuple[str, float]],
    k: int,
    subject: frozenset[str] = frozenset(),
) -> list[Passage]:
    """Reciprocal rank fusion of the three ranked lists of chunk ids. An id without a
    chunk row (written to the vector store a moment before its row) is left out. A chunk
    whose heading names the `subject` of a definition question gains a first place."""
    scores: dict[str, float] = {}
    for hits, weight in ((words, WORD_WEIGHT), (grams, GRAM_WEIGHT), (dense_hits, DENSE_WEIGHT)):
        for rank, (chunk_id, _) in enumerate(hits):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + weight / (RRF_K + rank + 1)
    scores = {i: s for i, s in scores.items() if i in chunks}
    for chunk_id in scores:
        if subject and headed_by(subject, chunks[chunk_id].heading):
            scores[chunk_id] += HEADING_WEIGHT / (RRF_K + 1)
        if chunks[chunk_id].kind == "case":
            scores[chunk_id] *= CASE_WEIGHT
    bm25 = dict(words)
    dense = dict(dense_hits)
    ranked = sorted(scores, key=lambda i: scores[i], reverse=True)[:k]
    return [Passage(chunks[i], scores[i], dense.get(i), bm25.get(i)) for i in ranked]
