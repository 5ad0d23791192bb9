"""Read source files into plain text, keeping page numbers where the format has them."""

from __future__ import annotations

import bisect
import io
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import LoaderError

SUPPORTED = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")


@dataclass
class LoadedDocument:
    path: Path
    text: str
    page_starts: list[int] = field(default_factory=list)  # char offset where page i+1 starts

    def page_at(self, offset: int) -> int | None:
        if not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, offset))


def load(path: Path, raw: bytes | None = None) -> LoadedDocument:
    """Parse `raw` (the file's bytes, read once by the caller) or else the file itself."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise LoaderError(unsupported_message(path))
    try:
        raw = path.read_bytes() if raw is None else raw
        if suffix == ".pdf":
            return _load_pdf(path, raw)
        if suffix == ".docx":
            return LoadedDocument(path, _docx_text(raw))
        if suffix in (".html", ".htm"):
            return LoadedDocument(path, _html_text(raw))
        return LoadedDocument(path, _read_text(path, raw))
    except LoaderError:
        raise
    except Exception as exc:  # every parser has its own error types; the user needs one message
        raise LoaderError(
            f"{path.name}: kan dit bestand niet lezen ({type(exc).__name__}). "
            "Controleer of het niet beschadigd is en sla het opnieuw op."
        ) from exc


def unsupported_message(path: Path) -> str:
    return (
        f"{path.name}: bestandstype '{path.suffix or '(geen)'}' wordt niet ondersteund. "
        f"Gebruik {', '.join(SUPPORTED)}."
    )


def _read_text(path: Path, raw: bytes) -> str:
    if b"\x00" in raw[:4096]:
        raise LoaderError(f"{path.name}: dit lijkt een binair bestand, geen tekst.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _load_pdf(path: Path, raw: bytes) -> LoadedDocument:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(raw))
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for page in reader.pages:
        starts.append(offset)
        text = (page.extract_text() or "").strip()
        parts.append(text)
        offset += len(text) + 2
    text = "\n\n".join(parts)
    if not text.strip():
        raise LoaderError(
            f"{path.name}: de PDF bevat geen tekstlaag (gescand?). Voeg een doorzoekbare PDF toe."
        )
    return LoadedDocument(path, text, starts)


def _docx_text(raw: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(raw))
    blocks: list[str] = []
    for para in document.paragraphs:
        text = para.text.strip()
        if not text:
            continue
        style = (para.style.name if para.style is not None else "") or ""
        # Headings get a blank line around them so the chunker sees them as headings.
        blocks.append(f"\n{text}\n" if style.lower().startswith(("heading", "kop", "title")) else text)
    for table in document.tables:
        for row in table.rows:
            blocks.append("\t".join(cell.text.strip() for cell in row.cells))
    return "\n\n".join(blocks)


def _html_text(raw: bytes) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(raw, "html.parser")
    for tag in soup(["script", "style", "nav", "header", "footer"]):
        tag.decompose()
    for tag in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr", "br", "div"]):
        tag.insert_before("\n\n" if tag.name.startswith("h") or tag.name == "p" else "\n")
        tag.insert_after("\n\n" if tag.name.startswith("h") else "\n")
    return soup.get_text()
