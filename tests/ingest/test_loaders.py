"""Each loader on a real file generated here: PDF (with pages), DOCX, HTML, Markdown."""

from pathlib import Path

import pytest

from bot.errors import LoaderError
from bot.ingest.loaders import load


def make_pdf(path: Path, pages: list[str]) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 10, text)
    pdf.output(str(path))
    return path


def test_pdf_keeps_page_numbers(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "notitie.pdf",
        [
            "Inleiding over de gemeenschappelijke regeling.",
            "Tweede pagina: de centrumgemeente voert taken uit.",
        ],
    )
    doc = load(path)
    assert "gemeenschappelijke regeling" in doc.text
    offset = doc.text.index("centrumgemeente")
    assert doc.page_at(offset) == 2
    assert doc.page_at(0) == 1


def test_docx_paragraphs_headings_and_tables(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Ambtelijke fusie", level=1)
    document.add_paragraph("De ambtelijke organisaties gaan samen in één werkorganisatie.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Sterktes"
    table.rows[0].cells[1].text = "Zwaktes"
    path = tmp_path / "fusie.docx"
    document.save(str(path))
    text = load(path).text
    assert "\nAmbtelijke fusie\n" in text
    assert "één werkorganisatie" in text
    assert "Sterktes\tZwaktes" in text


def test_html_text_without_scripts(tmp_path: Path) -> None:
    path = tmp_path / "pagina.html"
    path.write_text(
        "<html><script>var x=1;</script><h1>SETA</h1><p>Samen en toch apart.</p>"
        "<ul><li>Groeimodel</li><li>Maatwerk</li></ul></html>",
        encoding="utf-8",
    )
    text = load(path).text
    assert "var x" not in text
    assert "SETA" in text and "Samen en toch apart." in text and "Groeimodel" in text


def test_markdown_and_text(tmp_path: Path) -> None:
    path = tmp_path / "casus.md"
    path.write_text("---\ntitle: Casus\n---\nTekst over BEL.", encoding="utf-8")
    assert "Tekst over BEL." in load(path).text


@pytest.mark.parametrize("name", ["plaatje.png", "zonder_extensie"])
def test_unsupported_type_is_a_dutch_error(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x89PNG\r\n")
    with pytest.raises(LoaderError) as err:
        load(path)
    assert name in err.value.message and "niet ondersteund" in err.value.message


def test_broken_pdf_and_docx_are_dutch_errors(tmp_path: Path) -> None:
    for name in ("kapot.pdf", "kapot.docx"):
        path = tmp_path / name
        path.write_bytes(b"dit is geen geldig bestand")
        with pytest.raises(LoaderError) as err:
            load(path)
        assert name in err.value.message and "kan dit bestand niet lezen" in err.value.message


def test_binary_posing_as_text(tmp_path: Path) -> None:
    path = tmp_path / "raar.txt"
    path.write_bytes(b"\x00\x01\x02binair")
    with pytest.raises(LoaderError):
        load(path)
