"""Incremental indexing by content hash, errors per file, and the model check."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings
from bot.errors import ModelMismatch
from bot.knowledge.service import KnowledgeBase


def test_first_build_then_unchanged_documents_are_skipped(settings: Settings) -> None:
    first = KnowledgeBase(settings).index()
    assert first.ok and first.documents == 3 and first.chunks >= 3 and first.rebuilt
    again = KnowledgeBase(settings).index()
    assert again.documents == 0 and again.skipped == 3 and again.chunks == 0


def test_changed_document_is_replaced_and_removed_one_dropped(
    settings: Settings, knowledge_dir: Path
) -> None:
    kb = KnowledgeBase(settings)
    kb.index()
    (knowledge_dir / "sources" / "centrum.txt").write_text(
        "Centrumgemeente\n\nDe centrumgemeente Nijmegen regelt de inkoop van jeugdzorg voor de regio.",
        encoding="utf-8",
    )
    (knowledge_dir / "sources" / "ssc.md").unlink()
    report = kb.index()
    assert report.documents == 1 and report.skipped == 1 and report.removed == 1
    texts = " ".join(p.chunk.text for p in kb.search("centrumgemeente jeugdzorg", 10))
    assert "jeugdzorg" in texts and "Participatiewet" not in texts
    assert "ssc.md" not in {s["source"] for s in kb.sources()}
    vector = kb.embeddings.embed_query("shared service center ICT inkoop")
    found = kb.store.query_windows(kb.store.active_name(), vector, 10)
    assert found and not any(hit.chunk_id.startswith("ssc.md:") for hit in found)  # its windows went too


def test_titles_come_from_sources_yaml_and_front_matter(settings: Settings) -> None:
    kb = KnowledgeBase(settings)
    kb.index()
    titles = {s["source"]: s["title"] for s in kb.sources()}
    assert titles["fusie.txt"] == "Notitie ambtelijke fusie"
    assert titles["ssc.md"] == "Shared service center"


def test_broken_and_unknown_files_are_reported_and_the_rest_indexes(
    settings: Settings, knowledge_dir: Path
) -> None:
    (knowledge_dir / "sources" / "kapot.pdf").write_bytes(b"geen pdf")
    (knowledge_dir / "sources" / "foto.png").write_bytes(b"\x89PNG")
    report = KnowledgeBase(settings).index()
    assert report.documents == 3
    assert len(report.errors) == 2
    assert any("kapot.pdf" in e for e in report.errors) and any("foto.png" in e for e in report.errors)


def test_case_files_are_cases(settings: Settings, knowledge_dir: Path) -> None:
    (knowledge_dir / "cases" / "bel.md").write_text(
        "---\ntitle: BEL Combinatie\ngemeenten: [Blaricum, Eemnes, Laren]\nvorm: ambtelijke fusie\n---\n"
        "Blaricum, Eemnes en Laren hebben één ambtelijke werkorganisatie.",
        encoding="utf-8",
    )
    kb = KnowledgeBase(settings)
    kb.index()
    hits = [h for h in kb.search("Blaricum Eemnes Laren werkorganisatie", 3) if "Blaricum" in h.chunk.text]
    assert hits and hits[0].chunk.kind == "case" and hits[0].chunk.title == "Casus: BEL Combinatie"


def test_add_case_is_searchable_at_once(settings: Settings) -> None:
    kb = KnowledgeBase(settings)
    kb.index()
    case = settings.cases_data_dir / "slack-casus.md"
    case.parent.mkdir(parents=True)
    case.write_text(
        "---\ntitle: Regio Rivierenland\n---\nDe gemeenten in Rivierenland delen een "
        "inkoopbureau voor de Wmo.",
        encoding="utf-8",
    )
    report = kb.add_case(case)
    assert report.documents == 1
    assert "slack-casus.md" in [p.chunk.source for p in kb.search("inkoopbureau Rivierenland Wmo", 3)]


def test_other_embedding_model_asks_for_rebuild(settings: Settings) -> None:
    KnowledgeBase(settings).index()
    other = settings.model_copy(update={"embedding_model": "some-org/other-model"})
    with pytest.raises(ModelMismatch) as err:
        KnowledgeBase(other).search("fusie", 3)
    assert "python -m bot index --rebuild" in err.value.message
