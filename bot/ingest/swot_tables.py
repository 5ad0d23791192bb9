"""Find SWOT tables in a document's raw text and keep them as structured records.

A SWOT table is recognised by its header row: cells that each name one quadrant
(Sterktes/Zwaktes/Kansen/Bedreigingen, singular or plural, any order, or the English
labels), separated by tabs, runs of spaces or Markdown pipes. The body rows below it are
split per column; a cell may hold "•" bullets, HTML lists (<ul>/<li>, <br>) or plain text.
A 2x2 layout (a second header row with the remaining two quadrants) is followed too.
The topic comes from the caption ("Figuur SWOT ambtelijke fusie"), else from the nearest
preceding heading. Pure functions: no I/O except the two JSON helpers at the bottom.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

QUADRANT_NAMES = ("sterktes", "zwaktes", "kansen", "bedreigingen")

# Header labels as they occur in Dutch reports (and English ones), normalised to lower case.
_LABELS: dict[str, str] = {
    "sterkte": "sterktes", "sterktes": "sterktes", "sterke punten": "sterktes",
    "sterke kanten": "sterktes", "strengths": "sterktes", "strength": "sterktes",
    "zwakte": "zwaktes", "zwaktes": "zwaktes", "zwakke punten": "zwaktes",
    "zwakke kanten": "zwaktes", "weaknesses": "zwaktes", "weakness": "zwaktes",
    "kans": "kansen", "kansen": "kansen", "opportunities": "kansen", "opportunity": "kansen",
    "bedreiging": "bedreigingen", "bedreigingen": "bedreigingen", "threats": "bedreigingen",
    "threat": "bedreigingen",
}  # fmt: skip

_TAG_SPLIT = re.compile(r"<\s*(?:li|br|p|/li|/p|/ul|/ol|tr|/tr|td|/td)\b[^>]*>", re.I)
_TAG_ANY = re.compile(r"<[^>]+>")
_BULLETS = re.compile(r"[•●▪◦■□➢►‣⁃\uf0b7\uf0a7]")
_LEADING_MARK = re.compile(r"^(?:[-*–—+]\s+)+")
_CAPTION = re.compile(r"^\s*(?:figuur|tabel|figure|table|afbeelding)\b", re.I)
_CAPTION_PREFIX = re.compile(r"^\s*(?:figuur|tabel|figure|table|afbeelding)\s*[\d.]*\s*[:.\-–]?\s*", re.I)
_CAPTION_SWOT = re.compile(
    r"^(?:de\s+)?(?:swot(?:[\s-]*analyse)?|sterktes?\b.*?\bbedreigingen?)\s*"
    r"(?:van|voor|:|-|–)?\s*(?:de|het)?\s+",
    re.I,
)
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+\S")
_NUMBERING = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+")


@dataclass
class DetectedSwotTable:
    """One SWOT table found in a document's raw text."""

    offset: int  # char offset of the header row in the raw text
    caption: str | None
    topic: str
    sterktes: list[str] = field(default_factory=list)
    zwaktes: list[str] = field(default_factory=list)
    kansen: list[str] = field(default_factory=list)
    bedreigingen: list[str] = field(default_factory=list)

    def quadrant(self, name: str) -> list[str]:
        return getattr(self, name)


@dataclass(kw_only=True)
class SwotTableRecord(DetectedSwotTable):
    """A detected table plus where it lives, as the indexer stores it next to the chunks."""

    source: str
    title: str
    section: str
    page: int | None

    @classmethod
    def from_detected(
        cls, table: DetectedSwotTable, *, source: str, title: str, section: str, page: int | None
    ) -> SwotTableRecord:
        return cls(source=source, title=title, section=section, page=page, **asdict(table))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SwotTableRecord:
        names = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in names})

    def as_text(self) -> str:
        """The whole table as plain text: what a citation's `text` shows."""
        lines = [self.caption or f"SWOT {self.topic}"]
        for name in QUADRANT_NAMES:
            lines.append(f"{name.capitalize()}:")
            lines.extend(f"- {item}" for item in self.quadrant(name))
        return "\n".join(lines)


# --- detection -------------------------------------------------------------------------


def detect_swot_tables(text: str, heading_at: Callable[[int], str] | None = None) -> list[DetectedSwotTable]:
    """All SWOT tables in `text`, in document order.

    `heading_at(offset)` names the section at an offset; it supplies the topic when a table
    has no usable caption (without it, the nearest numbered heading above is used).
    """
    lines = text.splitlines(keepends=True)
    starts = _line_starts(lines)
    tables: list[DetectedSwotTable] = []
    i = 0
    while i < len(lines):
        header = _parse_header(lines[i])
        if header is None:
            i += 1
            continue
        table, end = _read_table(lines, i, header)
        if table is None:
            i += 1
            continue
        offset = starts[i]
        caption = _find_caption(lines, i, end)
        topic = _topic(caption, text, offset, heading_at)
        tables.append(DetectedSwotTable(offset=offset, caption=caption, topic=topic, **table))
        i = end
    return tables


def _line_starts(lines: list[str]) -> list[int]:
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line)
    return starts


def _split_cells(line: str) -> tuple[list[str], str] | None:
    """Cells of a table-looking line and the separator kind ("pipe", "tab", "spaces")."""
    stripped = line.strip("\r\n")
    if stripped.lstrip().startswith("|"):
        inner = stripped.strip().strip("|")
        return [c.strip() for c in inner.split("|")], "pipe"
    if "\t" in stripped:
        return [c.strip() for c in stripped.split("\t")], "tab"
    if re.search(r"\S {2,}\S", stripped):
        return [c.strip() for c in re.split(r" {2,}", stripped.strip())], "spaces"
    return None


def _label(cell: str) -> str | None:
    cleaned = _TAG_ANY.sub(" ", cell)
    cleaned = re.sub(r"\([^)]*\)", " ", cleaned)  # "Sterktes (intern)"
    cleaned = re.sub(r"[^\w' ]+", " ", cleaned.lower())
    return _LABELS.get(" ".join(cleaned.split()))


def _parse_header(line: str) -> tuple[list[str | None], str] | None:
    """Quadrant per column when every non-empty cell is a distinct quadrant label."""
    split = _split_cells(line)
    if split is None:
        return None
    cells, kind = split
    labels = [_label(c) if c else None for c in cells]
    named = [lab for lab in labels if lab]
    if len(named) < 2 or len(set(named)) != len(named):
        return None
    if any(c and lab is None for c, lab in zip(cells, labels, strict=True)):
        return None
    return labels, kind


def _read_table(
    lines: list[str], start: int, header: tuple[list[str | None], str]
) -> tuple[dict[str, list[str]] | None, int]:
    """Read body rows below the header; returns the quadrants and the line after the table."""
    columns, kind = header
    quadrants: dict[str, list[str]] = {name: [] for name in QUADRANT_NAMES}
    seen = {c for c in columns if c}
    i, rows = start + 1, 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            if rows or kind == "pipe":
                break
            if i > start + 2:  # a header with nothing under it
                break
            i += 1
            continue
        if _CAPTION.match(line) or (kind == "pipe" and not line.lstrip().startswith("|")):
            break
        if _MD_SEPARATOR.match(line):
            i += 1
            continue
        next_header = _parse_header(line)
        if next_header is not None:
            new = {c for c in next_header[0] if c}
            if new & seen:
                break  # another table starts here
            columns, kind = next_header  # 2x2 layout: second header row
            seen |= new
            i += 1
            continue
        _add_row(line, columns, kind, quadrants)
        rows += 1
        i += 1
    if seen != set(QUADRANT_NAMES) or not any(quadrants.values()):
        return None, i
    return quadrants, i


def _add_row(line: str, columns: list[str | None], kind: str, quadrants: dict[str, list[str]]) -> None:
    split = _split_cells(line)
    cells = split[0] if split and split[1] == kind else [line.strip()]
    for column, cell in zip(columns, cells, strict=False):
        if column is not None:
            quadrants[column].extend(cell_items(cell))


def cell_items(cell: str) -> list[str]:
    """The items in one table cell: markup and bullets removed, whitespace normalised."""
    marked = _TAG_SPLIT.sub("\x00", cell)
    marked = _TAG_ANY.sub(" ", marked)
    marked = html.unescape(marked)
    marked = _BULLETS.sub("\x00", marked)
    items = []
    for part in marked.split("\x00"):
        item = _LEADING_MARK.sub("", " ".join(part.split()))
        if item:
            items.append(_repair(item))
    return items


def _repair(item: str) -> str:
    """Join split ligatures ("bli jven") with the ingest repair step."""
    from bot.ingest.repair import repair_text

    repaired = " ".join(repair_text(item).text.split())
    return repaired or item


# --- caption and topic -----------------------------------------------------------------


def _find_caption(lines: list[str], header: int, end: int) -> str | None:
    """A caption line just below the table, else just above the header."""
    below = _near_nonblank(lines, range(end, min(end + 4, len(lines))))
    if below is not None and _CAPTION.match(below):
        return " ".join(below.split())
    above = _near_nonblank(lines, range(header - 1, max(header - 4, -1), -1))
    if above is not None and _CAPTION.match(above):
        return " ".join(above.split())
    return None


def _near_nonblank(lines: list[str], indexes: Iterable[int]) -> str | None:
    for j in indexes:
        if lines[j].strip():
            return lines[j]
    return None


def topic_from_caption(caption: str) -> str | None:
    """'Figuur 3: SWOT ambtelijke fusie' -> 'ambtelijke fusie'; None when nothing is left."""
    rest = _CAPTION_PREFIX.sub("", caption)
    rest = _CAPTION_SWOT.sub("", rest + " ").strip(" :.-–")
    if not rest or _label(rest) or rest.lower().startswith("swot"):
        return None
    return rest


def _topic(caption: str | None, text: str, offset: int, heading_at: Callable[[int], str] | None) -> str:
    if caption:
        topic = topic_from_caption(caption)
        if topic:
            return topic
    heading = heading_at(offset) if heading_at else _nearest_heading(text, offset)
    # Section paths look like "8. Vormen > 8.4 Vorm 4 Ambtelijke fusie": keep the last part.
    last = (heading or "").split(" > ")[-1]
    return _NUMBERING.sub("", last).strip() or "onbekend onderwerp"


def _nearest_heading(text: str, offset: int) -> str | None:
    """The nearest numbered heading line above `offset` (short, no tab, no final period)."""
    for line in reversed(text[:offset].splitlines()):
        s = line.strip()
        if _HEADING.match(s) and "\t" not in s and len(s) < 120 and not s.endswith("."):
            return s
    return None


# --- indexer helpers -------------------------------------------------------------------


def build_swot_records(
    text: str,
    *,
    source: str,
    title: str,
    section_at: Callable[[int], str],
    page_at: Callable[[int], int | None],
) -> list[SwotTableRecord]:
    """Detect the tables in one document and attach where each lives (for the indexer)."""
    return [
        SwotTableRecord.from_detected(
            t, source=source, title=title, section=section_at(t.offset), page=page_at(t.offset)
        )
        for t in detect_swot_tables(text, heading_at=section_at)
    ]


def detect_records(
    text: str,
    *,
    source: str,
    title: str,
    section_of: Callable[[int], str],
    page_of: Callable[[int], int | None],
) -> list[dict[str, Any]]:
    """`build_swot_records` as plain dicts, ready for the store (the indexer's call)."""
    records = build_swot_records(text, source=source, title=title, section_at=section_of, page_at=page_of)
    return [r.to_dict() for r in records]


def save_swot_records(path: Path, records: Iterable[SwotTableRecord]) -> None:
    data = [r.to_dict() for r in records]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def load_swot_records(path: Path) -> list[SwotTableRecord]:
    if not path.exists():
        return []
    return [SwotTableRecord.from_dict(d) for d in json.loads(path.read_text(encoding="utf-8"))]
