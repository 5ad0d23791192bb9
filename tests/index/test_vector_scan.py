"""Window search in the version's catalogue: the same hits as ChromaDB's own query, kept in
step with every document change, and ChromaDB again for a version that lacks the vectors."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from bot.config import Settings
from bot.index import vector_scan
from bot.index.store import ChunkStore
from bot.index.version_db import VersionDb
from bot.index.versions import Versions
from bot.knowledge.service import KnowledgeBase

QUANTISED = 3e-3  # how far an int8 cosine may lie from ChromaDB's float32 one

QUESTIONS = [
    "Wat is een ambtelijke fusie?",
    "Welke nadelen heeft een gemeenschappelijke regeling?",
    "Hoe werkt een centrumgemeente bij de Participatiewet?",
    "Wie is verantwoordelijk voor de bedrijfsvoering in een shared service center?",
]


def _db(settings: Settings, kb: KnowledgeBase) -> VersionDb:
    return VersionDb(Versions(settings.bot_data_dir).path(kb.store.active_name()))


def test_scan_finds_what_chromadb_finds_on_the_full_knowledge(knowledge_base: KnowledgeBase) -> None:
    state = knowledge_base.state()
    assert state.scan is not None  # embedded ChromaDB: questions search the catalogue
    for question in QUESTIONS:
        vector = knowledge_base.embeddings.embed_query(question)
        ours = state.scan.nearest(vector, 10)
        chroma = knowledge_base.store.query_windows(state.collection, vector, 10)
        theirs = {h.chunk_id: h.similarity for h in chroma}
        top = ours[:5]
        assert {h.chunk_id for h in top} <= set(theirs), question
        assert all(abs(h.similarity - theirs[h.chunk_id]) < QUANTISED for h in top), question
        # int8 may swap near-ties, never pass over a clearly better window
        clearly_better = {c for c, sim in theirs.items() if sim > top[-1].similarity + 2 * QUANTISED}
        assert clearly_better <= {h.chunk_id for h in top}, question


def test_blocks_merge_to_the_same_best_hits(
    knowledge_base: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan = knowledge_base.state().scan
    assert scan is not None
    vector = knowledge_base.embeddings.embed_query(QUESTIONS[1])
    whole = scan.nearest(vector, 10)
    monkeypatch.setattr(vector_scan, "BLOCK_DOCUMENTS", 1)  # one document per block
    assert scan.nearest(vector, 10) == whole


def test_windows_of_are_the_stored_windows(knowledge_base: KnowledgeBase) -> None:
    state = knowledge_base.state()
    assert state.scan is not None
    ids = [p.chunk.id for p in knowledge_base.search(QUESTIONS[0], 3)]
    ours = state.windows_of(knowledge_base.store, ids)
    chroma = knowledge_base.store.windows_of(state.collection, ids)
    assert set(ours) == set(chroma) == set(ids)
    chunks = state.catalog.chunks(ids)
    for chunk_id in ids:  # ChromaDB keeps no window texts; the catalogue has them
        words = set(re.findall(r"\w+", f"{chunks[chunk_id].heading} {chunks[chunk_id].text}"))
        assert all(text and set(re.findall(r"\w+", text)) <= words for text, _ in ours[chunk_id])
        theirs = np.asarray([v for _, v in chroma[chunk_id]])
        assert len(ours[chunk_id]) == len(theirs)
        assert all(float(np.max(theirs @ np.asarray(v))) > 0.999 for _, v in ours[chunk_id])


def test_questions_do_not_query_the_embedded_vector_store(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    KnowledgeBase(settings).index()
    asked: list[str] = []
    for name in ("query_windows", "windows_of"):
        real = getattr(ChunkStore, name)

        def spy(self: ChunkStore, *args: object, _real=real, _name=name) -> object:  # noqa: ANN001
            asked.append(_name)
            return _real(self, *args)

        monkeypatch.setattr(ChunkStore, name, spy)
    kb = KnowledgeBase(settings)
    answer = kb.ask("Wat is een ambtelijke fusie?")
    assert "werkorganisatie" in answer.answer and asked == []


def test_changed_and_removed_documents_change_their_vectors(settings: Settings, knowledge_dir: Path) -> None:
    kb = KnowledgeBase(settings)
    kb.index()
    (knowledge_dir / "sources" / "centrum.txt").write_text(
        "Centrumgemeente\n\nDe centrumgemeente Nijmegen koopt jeugdzorg in voor de regio.", encoding="utf-8"
    )
    (knowledge_dir / "sources" / "ssc.md").unlink()
    kb.index()
    db = _db(settings, kb)
    rows = dict(db.conn.execute("SELECT source, dims FROM doc_vectors").fetchall())
    assert set(rows) == {"fusie.txt", "centrum.txt"} and set(rows.values()) == {384}
    scan = kb.state().scan
    assert scan is not None and scan.complete()
    hits = scan.nearest(kb.embeddings.embed_query("jeugdzorg inkopen voor de regio"), 10)
    assert hits[0].chunk_id.startswith("centrum.txt:")
    assert not any(h.chunk_id.startswith("ssc.md:") for h in hits)
    texts = [t for rows in scan.windows_of({hits[0].chunk_id: "centrum.txt"}).values() for t, _ in rows]
    assert any("jeugdzorg" in t for t in texts)


def test_a_version_without_the_vectors_is_searched_in_chromadb(settings: Settings) -> None:
    """An index built before the scan: questions keep working until `index` fills the tables."""
    kb = KnowledgeBase(settings)
    kb.index()
    db = _db(settings, kb)
    with db.conn as conn:
        conn.execute("DROP TABLE doc_vectors")
        conn.execute("DROP TABLE doc_windows")
    fresh = KnowledgeBase(settings)
    assert fresh.state().scan is None
    assert "werkorganisatie" in fresh.ask("Wat is een ambtelijke fusie?").answer


def test_a_document_missing_its_vectors_falls_back_for_the_whole_version(settings: Settings) -> None:
    kb = KnowledgeBase(settings)
    kb.index()
    with _db(settings, kb).conn as conn:
        conn.execute("DELETE FROM doc_vectors WHERE source = 'ssc.md'")
    fresh = KnowledgeBase(settings)
    assert fresh.state().scan is None  # a partial scan would never find that document
    hits = fresh.search("bedrijfsvoeringstaken ICT inkoop salarisadministratie", 3)
    assert hits[0].chunk.source == "ssc.md"
