"""Tables extracted as tab-separated rows read badly and search badly: a row of four cells
loses which column each item belongs to. Rows under a header row become "Kolom: cel" lines."""

from __future__ import annotations

MIN_COLUMNS = 2
MAX_HEADER_CELL = 40


def linearize_tables(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    header: list[str] | None = None
    for line in lines:
        cells = [c.strip() for c in line.split("\t")]
        if header and len(cells) == len(header) and not _is_header(cells):
            out.extend(f"{name}: {cell}" for name, cell in zip(header, cells, strict=True) if cell)
            continue
        header = cells if _is_header(cells) else (header if not line.strip() else None)
        out.append(line)
    return "\n".join(out)


def _is_header(cells: list[str]) -> bool:
    """Short cells, each a label ("Sterktes", "Randvoorwaarden"): no sentences, no bullets."""
    if len(cells) < MIN_COLUMNS or not all(cells):
        return False
    return all(len(c) <= MAX_HEADER_CELL and not c.startswith("-") and not c.endswith(".") for c in cells)
