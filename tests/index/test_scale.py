"""Work in proportion to change: no-change runs, one changed document, the persistent
keyword index, resuming a crashed build, and readers during a version swap."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from bot.config import Settings
from bot.errors import IndexMissing
from bot.index.catalog import keyword_text
from bot.index.keyword import KeywordIndex
from bot.index.lexicon import Lexicon
from bot.index.store import ChunkStore
from bot.index.version_db import VersionDb
from bot.index.versions import Versions
from bot.knowledge import indexer
from bot.knowledge.files import collect_files
from bot.knowledge.indexer import IndexReport, index_files
from bot.knowledge.service import KnowledgeBase

QUERIES = ["ambtelijke fusie werkorganisatie", "centrumgemeente Participatiewet", "ICT inkoop salaris"]


class Recorder(Embeddings):
    """The real model, counting what it is asked; optionally failing or pausing partway."""

    def __init__(self, inner: Embeddings, fail_after: int | None = None) -> None:
        self.inner = inner
        self.fail_after = fail_after
        self.texts: list[str] = []
        self.gate = threading.Event()
        self.gate.set()
        self.waiting = threading.Event()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if self.fail_after is not None and len(self.texts) >= self.fail_after:
            raise RuntimeError("embedding crashed halfway")
        self.waiting.set()
        self.gate.wait(timeout=120)
        self.texts.extend(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)

    def count_tokens(self, texts: list[str]) -> list[int]:
        return self.inner.count_tokens(texts)


def _ranking(kb: KnowledgeBase) -> list[list[str]]:
    state = kb.state()
    return [
        [i for i, _ in f(q, 10)] for q in QUERIES for f in (state.keyword.search, state.keyword.search_grams)
    ]


def test_no_change_run_reads_nothing_and_keeps_the_version(settings: Settings, knowledge_dir: Path) -> None:
    kb = KnowledgeBase(settings)
    kb.index()
    key = kb.store.version_key()
    path = knowledge_dir / "sources" / "fusie.txt"
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("fusie", "FUSIE"), encoding="utf-8")  # same size: only reading tells
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    again = kb.index()
    assert again.ok and again.skipped == 3 and again.documents == 0
    assert kb.store.version_key() == key
    assert "FUSIE" not in kb.search("ambtelijke fusie", 1)[0].chunk.text  # its content was not read
    path.write_text(text, encoding="utf-8")  # the old bytes under a new mtime: hashed, found equal
    touched = kb.index()
    assert touched.skipped == 3 and touched.documents == 0 and kb.store.version_key() == key


def test_changed_document_touches_only_its_own_rows(settings: Settings, knowledge_dir: Path) -> None:
    kb = KnowledgeBase(settings)
    kb.index()
    db = VersionDb(Versions(settings.bot_data_dir).path(kb.store.active_name()))
    before = db.conn.execute("SELECT n, id, source FROM chunks WHERE source != 'centrum.txt'").fetchall()
    calls: list[tuple[str, list[str]]] = []
    real_delete, real_add = ChunkStore.delete_ids, ChunkStore.add_windows

    def delete_ids(self, name, chunk_ids, window_ids, source, tables):  # type: ignore[no-untyped-def]
        calls.append(("delete", [*chunk_ids, *window_ids]))
        return real_delete(self, name, chunk_ids, window_ids, source, tables)

    def add_windows(self, name, windows, vectors):  # type: ignore[no-untyped-def]
        calls.append(("add", [w.id for w in windows]))
        return real_add(self, name, windows, vectors)

    (knowledge_dir / "sources" / "centrum.txt").write_text(
        "Centrumgemeente\n\nDe centrumgemeente Nijmegen koopt jeugdzorg in voor de regio.", encoding="utf-8"
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ChunkStore, "delete_ids", delete_ids)
        mp.setattr(ChunkStore, "add_windows", add_windows)
        report = kb.index()
    assert report.documents == 1 and report.skipped == 2
    touched = [i for _, ids in calls for i in ids]
    assert touched and all(i.startswith("centrum.txt:") for i in touched)
    after = db.conn.execute("SELECT n, id, source FROM chunks WHERE source != 'centrum.txt'").fetchall()
    assert after == before  # the other documents' rows were not rewritten
    assert "jeugdzorg" in kb.search("centrumgemeente jeugdzorg", 1)[0].chunk.text


def test_window_count_follows_the_catalogue(settings: Settings, knowledge_dir: Path) -> None:
    """What `make bench-scale` reports as the vectors a question searches."""
    kb = KnowledgeBase(settings)
    kb.index()
    catalog = kb.state().catalog

    def catalogued() -> int:
        return sum(len(catalog.written(source).window_ids) for source in catalog.files())

    count = kb.store.window_count(kb.store.active_name())
    assert count == catalogued() > 0
    (knowledge_dir / "sources" / "centrum.txt").unlink()
    kb.index()
    catalog = kb.state().catalog
    assert kb.store.window_count(kb.store.active_name()) == catalogued() < count


def test_keyword_index_ranks_the_same_after_reload_and_after_updates(
    settings: Settings, knowledge_dir: Path
) -> None:
    kb = KnowledgeBase(settings)
    kb.index()
    (knowledge_dir / "sources" / "ssc.md").write_text(
        "---\ntitle: Shared service center\n---\nEen shared service center doet ICT, inkoop en "
        "salarisadministratie voor gemeenten in de regio.",
        encoding="utf-8",
    )
    (knowledge_dir / "sources" / "fusie.txt").unlink()
    kb.index()
    ranking = _ranking(kb)
    assert KnowledgeBase(settings).state().keyword is not kb.state().keyword
    assert _ranking(KnowledgeBase(settings)) == ranking  # a new process reads the same file
    # The incrementally updated postings rank exactly as a fresh index over the same chunks.
    rows = kb.state().catalog.db.conn.execute("SELECT id FROM chunks ORDER BY n").fetchall()
    chunks = kb.state().catalog.chunks(r[0] for r in rows)
    ids = [r[0] for r in rows]
    fresh = KeywordIndex.from_texts([keyword_text(chunks[i]) for i in ids])
    expected = [
        [ids[int(i)] for i, _ in f(q, 10)] for q in QUERIES for f in (fresh.search, fresh.search_grams)
    ]
    assert ranking == expected and any(ranking)
    for stem in ("fusie", "centrumgemeent", "inkoop"):
        assert kb.state().keyword.idf(stem) == pytest.approx(fresh.idf(stem))
    # So does the lexicon the speller reads: counts, written forms and phrase counts.
    lexicon = Lexicon(kb.state().catalog.db)
    rebuilt = Lexicon.from_texts([keyword_text(chunks[i]) for i in ids])
    words = sorted(rebuilt.of_length(1, 100))
    assert sorted(lexicon.of_length(1, 100)) == words and ("salarisadministratie", 1) in words
    assert all(lexicon.casing(w) == rebuilt.casing(w) for w, _ in words)
    assert lexicon.count("fusie") == 0  # its only document went
    for phrase in ("shared service center", "gemeenten", "de regio"):
        assert lexicon.phrase_count(phrase, 50) == rebuilt.phrase_count(phrase, 50) > 0


def test_crashed_build_resumes_where_it_stopped(
    settings: Settings, knowledge_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexer, "CHECKPOINT_WINDOWS", 1)  # every document its own checkpoint
    for i, region in enumerate(("Achterhoek", "Betuwe", "Drechtsteden", "Friesland")):
        (knowledge_dir / "sources" / f"extra{i}.txt").write_text(
            f"Regio {region}\n\nDe gemeenten in de {region} delen een inkoopbureau.", encoding="utf-8"
        )
    base = KnowledgeBase(settings)
    files = collect_files([knowledge_dir / "sources"], IndexReport())
    failing = Recorder(base.embeddings, fail_after=3)

    def run(embeddings: Embeddings) -> IndexReport:
        return index_files(
            files,
            store=base.store,
            embedder=lambda: embeddings,
            model=base.model_id,
            data_dir=settings.bot_data_dir,
            sources_yaml=knowledge_dir / "sources.yaml",
            case_dirs=[],
            rebuild=False,
            full_scan=True,
        )

    with pytest.raises(RuntimeError):
        run(failing)
    assert base.store.active_name() is None  # an unfinished first build serves nothing
    done = set(failing.texts)
    assert done
    resumed = Recorder(base.embeddings)
    report = run(resumed)
    assert report.resumed and report.ok and report.skipped >= 1
    assert report.skipped + report.documents == len(files)
    assert not done & set(resumed.texts)  # committed documents were not embedded again
    kb = KnowledgeBase(settings)
    assert {s["source"] for s in kb.sources()} == {p.name for p in files}
    assert kb.search("inkoopbureau Friesland", 1)[0].chunk.source == "extra3.txt"


def test_readers_keep_answering_during_a_rebuild_and_swap(settings: Settings, knowledge_dir: Path) -> None:
    gate = Recorder(KnowledgeBase(settings).embeddings)
    kb = KnowledgeBase(settings, embeddings=gate)  # questions go to the process that rebuilds
    kb.index()
    old = kb.store.active_name()
    (knowledge_dir / "sources" / "nieuw.txt").write_text(  # unchanged windows reuse their vectors
        "Gemeenschappelijke regeling\n\nEen gemeenschappelijke regeling heeft een eigen bestuur.",
        encoding="utf-8",
    )
    gate.waiting.clear()
    gate.gate.clear()  # the rebuild stops at its first embedding call
    build = threading.Thread(target=lambda: kb.index(rebuild=True))
    build.start()
    try:
        assert gate.waiting.wait(timeout=120), "the rebuild never reached embedding"
        seen = set()
        for _ in range(5):  # while the build is held, every question is answered from the old version
            assert kb.search("ambtelijke fusie", 1)[0].chunk.source == "fusie.txt"
            seen.add(kb.state().collection)
        assert seen == {old}
    finally:
        gate.gate.set()
    errors: list[BaseException] = []

    def ask_until_swapped() -> None:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            try:
                assert kb.ask("Wat is een ambtelijke fusie?").found
            except BaseException as exc:  # noqa: BLE001 - collected for the main thread
                errors.append(exc)
                return
            if not build.is_alive() and kb.state().collection != old:
                return

    askers = [threading.Thread(target=ask_until_swapped) for _ in range(2)]
    for t in askers:
        t.start()
    build.join(timeout=240)
    for t in askers:
        t.join(timeout=240)
    assert not errors
    assert kb.state().collection == kb.store.active_name() != old
    assert kb.search("ambtelijke fusie", 1)[0].chunk.source == "fusie.txt"


def test_a_case_added_during_an_unfinished_rebuild_goes_to_the_serving_version(
    settings: Settings, knowledge_dir: Path
) -> None:
    kb = KnowledgeBase(settings)
    kb.index()
    serving = kb.store.active_name()
    (knowledge_dir / "sources" / "nieuw.txt").write_text(
        "Regio\n\nDe regio deelt een archief.", encoding="utf-8"
    )
    crashing = KnowledgeBase(settings, embeddings=Recorder(kb.embeddings, fail_after=0))
    with pytest.raises(RuntimeError):
        crashing.index(rebuild=True)
    case = settings.cases_data_dir / "casus.md"
    case.parent.mkdir(parents=True)
    case.write_text(
        "---\ntitle: Rivierenland\n---\nRivierenland deelt een inkoopbureau voor de Wmo.", encoding="utf-8"
    )
    assert kb.add_case(case).documents == 1
    assert kb.store.active_name() == serving  # the half-built version was not switched on
    assert kb.search("inkoopbureau Rivierenland Wmo", 1)[0].chunk.source == "casus.md"
    finished = kb.index()
    assert finished.resumed and finished.rebuilt and kb.store.active_name() != serving
    assert {"casus.md", "nieuw.txt"} <= {s["source"] for s in kb.sources()}


def test_an_index_from_before_the_lexicon_is_told_to_update_and_gets_its_words_back(
    settings: Settings,
) -> None:
    kb = KnowledgeBase(settings)
    kb.index()
    path = Versions(settings.bot_data_dir).path(kb.store.active_name())
    words = sorted(Lexicon(VersionDb(path)).of_length(1, 100))
    conn = sqlite3.connect(path)
    for table in ("lexicon", "word_forms", "doc_lexicon"):
        conn.execute(f"DROP TABLE {table}")  # as a file written before the lexicon existed
    conn.commit()
    conn.close()
    with pytest.raises(IndexMissing) as err:
        KnowledgeBase(settings).search("centrumgemeente", 1)
    assert "python -m bot index" in err.value.message
    again = kb.index()
    assert again.ok and again.documents == 0  # nothing re-embedded: the words come from the rows
    assert sorted(Lexicon(VersionDb(path)).of_length(1, 100)) == words and words
    fresh = KnowledgeBase(settings)
    assert fresh.understand("Wat doet een centrumgemeetne?", fresh.state()).normalised == (
        "Wat doet een centrumgemeente?"
    )


def test_only_a_document_with_rows_is_asked_for_its_stored_vectors(
    settings: Settings, knowledge_dir: Path
) -> None:
    asked: list[str] = []
    real = ChunkStore.window_vectors

    def window_vectors(self, name, ids):  # type: ignore[no-untyped-def]
        asked.extend(ids)
        return real(self, name, ids)

    recorder = Recorder(KnowledgeBase(settings).embeddings)
    kb = KnowledgeBase(settings, embeddings=recorder)
    kb.index()
    path = knowledge_dir / "sources" / "nieuw.txt"
    text = "Regio\n\nDe gemeenten in de regio delen een archief."
    path.write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ChunkStore, "window_vectors", window_vectors)
        kb.index()
        assert asked == []  # a new document has no rows in the store
        recorder.texts.clear()
        path.write_text(text + "\n", encoding="utf-8")  # new bytes, the same windows
        assert kb.index().documents == 1
    assert asked and all(i.startswith("nieuw.txt:") for i in asked)
    assert recorder.texts == []  # its stored vectors were reused


def test_the_title_index_of_a_new_version_is_built_before_the_first_question(
    settings: Settings, knowledge_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kb = KnowledgeBase(settings)
    kb.index()
    kb.search("ambtelijke fusie", 1)
    built: list[int] = []
    real = KeywordIndex.from_texts.__func__  # type: ignore[attr-defined]

    def counted(cls: type[KeywordIndex], texts: list[str]) -> KeywordIndex:
        built.append(len(texts))
        return real(cls, texts)

    monkeypatch.setattr(KeywordIndex, "from_texts", classmethod(counted))
    (knowledge_dir / "sources" / "archief.txt").write_text(
        "Regionaal archief\n\nDe gemeenten delen een archiefdienst.", encoding="utf-8"
    )
    assert kb.index().documents == 1
    assert built == [4]  # while the old state still answered: the three documents and the new one
    assert kb.search("regionaal archief", 1)[0].chunk.source == "archief.txt"
    assert built == [4]  # the question did not build it
