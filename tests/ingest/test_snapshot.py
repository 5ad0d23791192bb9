"""Reading a source file within limits: too big on disk, too much text, a DOCX that
inflates enormously. Each is refused with a Dutch line before the expensive work."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from bot.errors import LoaderError
from bot.ingest.snapshot import MB, FileLimits, read_document


def docx_with_member(size: int) -> bytes:
    """A real DOCX (python-docx) plus one member that unpacks to `size` bytes of zeros."""
    import docx

    document = docx.Document()
    document.add_paragraph("Een ambtelijke fusie in twee gemeenten.")
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/opvulling.bin", b"\0" * size)
    return buffer.getvalue()


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "groot.txt"
    path.write_text("woord " * 2000, encoding="utf-8")
    with pytest.raises(LoaderError) as refused:
        read_document(path, FileLimits(max_bytes=4096))
    assert "groot.txt" in refused.value.message and "MAX_FILE_MB" in refused.value.message


def test_text_over_the_character_limit(tmp_path: Path) -> None:
    path = tmp_path / "lang.md"
    path.write_text("# Kop\n\n" + "tekst " * 500, encoding="utf-8")
    with pytest.raises(LoaderError) as refused:
        read_document(path, FileLimits(max_chars=1000))
    assert "tekens" in refused.value.message and "MAX_DOCUMENT_CHARS" in refused.value.message


def test_docx_that_inflates_beyond_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "bom.docx"
    path.write_bytes(docx_with_member(8 * MB))
    assert path.stat().st_size < MB  # small on disk, large when unpacked
    with pytest.raises(LoaderError) as refused:
        read_document(path, FileLimits(max_unpacked_bytes=2 * MB))
    assert "pakt uit tot" in refused.value.message


def test_docx_within_the_limits_is_read_from_the_same_bytes(tmp_path: Path) -> None:
    path = tmp_path / "klein.docx"
    path.write_bytes(docx_with_member(1024))
    document, raw = read_document(path, FileLimits())
    assert "ambtelijke fusie" in document.text and raw == path.read_bytes()
