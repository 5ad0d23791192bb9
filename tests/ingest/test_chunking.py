"""Section-aware chunking on real corpus text."""

from pathlib import Path

import pytest

from bot.ingest.chunking import MAX_CHARS, chunk_document, split_sections
from bot.ingest.loaders import LoadedDocument, load
from bot.ingest.repair import repair_text
from bot.ingest.sections import follows, is_numbered_heading, is_title_line
from bot.ingest.vocabulary import Vocabulary

SOURCES = Path(__file__).resolve().parents[2] / "knowledge" / "sources"


@pytest.fixture(scope="module")
def chunks_by_doc() -> dict[str, list]:
    paths = sorted(SOURCES.glob("*.txt"))
    vocab = Vocabulary.from_texts(p.read_text(encoding="utf-8") for p in paths)
    out = {}
    for path in paths:
        doc = load(path)
        out[path.name] = chunk_document(doc, repair_text(doc.text, vocab).text, path.name, "T", "document")
    return out


def test_numbered_and_chapter_headings_become_section_paths(chunks_by_doc: dict) -> None:
    sections = {c.section for c in chunks_by_doc["003_187c9113d662aac7.txt"]}
    assert "8. Vormen van samenwerking > 8.4 Vorm 4 Ambtelijke fusie" in sections
    haren = {c.section for c in chunks_by_doc["000_47b7d72b3155641b.txt"]}
    assert "Hoofdstuk 4. Samenwerken of samengaan > 4.1 Operationele en strategische samenwerking" in haren
    wijchen = {c.section for c in chunks_by_doc["004_18ea1553d5ba728f.txt"]}
    assert any(s.endswith("4.2.6 SETA") for s in wijchen)


def test_unnumbered_title_lines_are_sections(chunks_by_doc: dict) -> None:
    sections = {c.section for c in chunks_by_doc["001_192fb1a77a4c0bbc.txt"]}
    assert {"Aanleiding", "Strategie", "Conclusies"} <= sections


def test_table_of_contents_is_not_a_heading() -> None:
    assert not is_numbered_heading("8.4 Vorm 4 Ambtelijke fusie 26")
    assert not is_numbered_heading("1. Inleiding.....\t3")
    assert is_numbered_heading("8.4 Vorm 4 Ambtelijke fusie")


def test_numbered_list_items_are_not_headings() -> None:
    assert not follows((1,), (1,))  # a restarted "1." is a list
    assert follows((2,), (1,)) and follows((4, 2), (4,)) and follows((1,), None)
    assert not is_numbered_heading("6. De samenwerking wordt uitgewerkt door een", nxt="projectgroep met")


def test_sentence_wrapped_over_lines_is_not_a_title() -> None:
    assert not is_title_line(
        "De bestuurskrachtmeting in 2005 vormde een belangrijke", "Vorige zin.", "aanleiding voor de ..."
    )
    assert not is_title_line(
        "Sterktes\tZwaktes\tKansen\tBedreigingen", "Zin.", "Autonomie raden gegarandeerd en meer tekst hier"
    )


def test_chunks_never_straddle_sections_and_stay_bounded(chunks_by_doc: dict) -> None:
    text = (
        "Inleiding\n\n"
        + "Dit is een zin over samenwerking. " * 80
        + "\n\n2.1 Tweede deel\n\nKorte tekst hier."
    )
    doc = LoadedDocument(Path("x.txt"), text)
    chunks = chunk_document(doc, text, "x.txt", "X", "document")
    assert {c.section for c in chunks} == {"Inleiding", "Inleiding > 2.1 Tweede deel"}
    assert all("Korte tekst" not in c.text for c in chunks if c.section == "Inleiding")
    for doc_chunks in chunks_by_doc.values():
        assert all(len(c.text) <= MAX_CHARS * 1.5 for c in doc_chunks)


def test_every_chunk_knows_title_and_page() -> None:
    doc = LoadedDocument(Path("p.pdf"), "Eerste pagina tekst.\n\nTweede pagina tekst.", page_starts=[0, 22])
    chunks = chunk_document(doc, doc.text, "p.pdf", "Titel", "document")
    assert chunks[0].title == "Titel" and chunks[0].page == 1


def test_sections_cover_the_whole_document() -> None:
    raw = (SOURCES / "001_192fb1a77a4c0bbc.txt").read_text(encoding="utf-8")
    sections = split_sections(raw)
    body_lines = sum(len(s.lines) for s in sections)
    heading_count = len(sections)
    assert body_lines + heading_count >= len([ln for ln in raw.splitlines() if ln.strip()]) - 1
