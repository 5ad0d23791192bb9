"""Section-aware chunking: every chunk knows its section path and page, and never straddles
a section. Chunks overlap by one sentence so a quoted span is rarely cut in two."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from bot.ingest.blocks import is_item, split_block, to_blocks
from bot.ingest.headings import HeadingCleaner
from bot.ingest.loaders import LoadedDocument
from bot.ingest.sections import follows, heading_number, is_numbered_heading, is_title_line
from bot.ingest.vocabulary import Vocabulary
from bot.models import Chunk

MARKDOWN_HEADING_RE = re.compile(r"^(#{1,6})\s+(\S.*)$")
TARGET_CHARS = 1500
MAX_CHARS = 2250


@dataclass
class Section:
    path: str
    start: int  # offset of the first body line in the document text
    lines: list[tuple[int, str]]  # (offset, line)


def split_sections(text: str) -> list[Section]:
    raw_lines = _lines_with_offsets(text)
    stripped = [(off, line.strip()) for off, line in raw_lines if line.strip()]
    stack: list[tuple[int, str]] = []
    last_number: tuple[int, ...] | None = None
    sections = [Section(path="", start=0, lines=[])]
    for idx, (offset, line) in enumerate(stripped):
        prev = stripped[idx - 1][1] if idx > 0 else None
        nxt = stripped[idx + 1][1] if idx + 1 < len(stripped) else None
        markdown = MARKDOWN_HEADING_RE.match(line)
        if markdown:  # case files: "## Ervaringen"
            level, line = len(markdown.group(1)), markdown.group(2).strip()
        else:
            level = _heading_level(line, prev, nxt, last_number, stack)
        if level is None:
            sections[-1].lines.append((offset, line))
            continue
        number = heading_number(line)
        if number is not None:
            last_number = number
        stack = _push(stack, level, line, number)
        sections.append(Section(path=" > ".join(t for _, t in stack), start=offset, lines=[]))
    return [s for s in sections if s.lines]


def _push(
    stack: list[tuple[int, str]], level: int, line: str, number: tuple[int, ...] | None
) -> list[tuple[int, str]]:
    """Keep shallower headings; a numbered heading keeps only numbered parents that are
    its prefix ("4.2" belongs under "4.", not under a stray "2.")."""
    kept = []
    for lvl, title in stack:
        parent = heading_number(title)
        if lvl >= level:
            continue
        if number is not None and parent is not None and number[: len(parent)] != parent:
            continue
        kept.append((lvl, title))
    return kept + [(level, line)]


def _heading_level(
    line: str,
    prev: str | None,
    nxt: str | None,
    last_number: tuple[int, ...] | None,
    stack: list[tuple[int, str]],
) -> int | None:
    """Level of a heading line, or None for body text. Unnumbered titles nest under the
    current numbered section."""
    number = heading_number(line)
    if number is not None and is_numbered_heading(line, nxt):
        return len(number) if follows(number, last_number) else None
    if number is None and is_title_line(line, prev, nxt):
        numbered_levels = [lvl for lvl, title in stack if heading_number(title) is not None]
        return max(numbered_levels, default=0) + 1
    return None


def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    out, offset = [], 0
    for line in text.split("\n"):
        out.append((offset, line))
        offset += len(line) + 1
    return out


def section_at(sections: list[Section], offset: int) -> str:
    path = ""
    for section in sections:
        if section.start <= offset:
            path = section.path
    return path


def chunk_document(doc: LoadedDocument, text: str, source: str, title: str, kind: str) -> list[Chunk]:
    """`text` is the repaired text; page numbers come from `doc` (offsets shift a little
    with repairs, which moves a page boundary by at most a few characters)."""
    chunks: list[Chunk] = []
    sections = split_sections(text)
    headings = HeadingCleaner.from_lines(Vocabulary(), (line for s in sections for _, line in s.lines))
    for section in sections:
        path = headings.clean_path(section.path)
        for offset, body in _pack(section.lines):
            chunk_id = _chunk_id(source, len(chunks), body)
            chunks.append(Chunk(chunk_id, source, title, path, doc.page_at(offset), body, kind))
    return chunks


def _pack(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Join a section's lines into blocks (one per line), then into chunks of about
    TARGET_CHARS. A chunk is not cut between a list's lead-in and its items, nor between
    items, unless the list outgrows MAX_CHARS."""
    units = _units(lines)
    packed: list[tuple[int, str]] = []
    current: list[tuple[int, str, bool]] = []
    size = 0
    for unit in units:
        offset, sentence, new_line = unit
        if current and size + len(sentence) > TARGET_CHARS and not _inside_list(current, unit, size):
            packed.append((current[0][0], _text(current)))
            current = current[-1:] if len(current[-1][1]) < MAX_CHARS // 3 else []
            size = sum(len(s) + 1 for _, s, _ in current)
        current.append(unit)
        size += len(sentence) + 1
    if current:
        tail = _text(current)
        if packed and len(tail) < TARGET_CHARS // 4 and len(packed[-1][1]) + len(tail) < MAX_CHARS:
            packed[-1] = (packed[-1][0], packed[-1][1] + "\n" + tail)
        elif not packed or tail not in packed[-1][1]:
            packed.append((current[0][0], tail))
    return packed


def _inside_list(current: list[tuple[int, str, bool]], unit: tuple[int, str, bool], size: int) -> bool:
    if size + len(unit[1]) > MAX_CHARS:
        return False
    previous = current[-1][1]
    return unit[2] and (is_item(unit[1]) or previous.endswith(":"))


def _text(units: list[tuple[int, str, bool]]) -> str:
    out = ""
    for _, sentence, new_line in units:
        out += (("\n" if new_line else " ") if out else "") + sentence
    return out


def _units(lines: list[tuple[int, str]]) -> list[tuple[int, str, bool]]:
    """Sentences of the section's blocks; the flag marks the first sentence of a block."""
    out: list[tuple[int, str, bool]] = []
    for offset, block in to_blocks(lines):
        first = True
        for piece in split_block(block):
            while len(piece) > MAX_CHARS:  # run-on table rows: cut at a space
                cut = piece.rfind(" ", 0, MAX_CHARS) or MAX_CHARS
                out.append((offset, piece[:cut], first))
                piece, first = piece[cut:].strip(), False
            if piece:
                out.append((offset, piece, first))
                first = False
    return out


def _chunk_id(source: str, index: int, body: str) -> str:
    digest = hashlib.sha1(body.encode("utf-8")).hexdigest()[:10]
    return f"{source}:{index}:{digest}"
