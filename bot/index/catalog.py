"""What one index version holds, per document: its file's stat and hash, its chunk rows
(with the keyword postings) and its words in the corpus vocabulary.

Every document is written in one transaction, so a crash leaves each document either
fully old or fully new, and the file row is the build's checkpoint: a restarted build
skips every document whose row already carries its hash.
"""

from __future__ import annotations

import json
import sqlite3
import time
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.index import keyword, lexicon, vector_scan
from bot.index.version_db import VersionDb
from bot.models import Chunk, last_heading


@dataclass(frozen=True)
class FileRow:
    source: str
    size: int
    mtime_ns: int
    doc_hash: str
    path: str = ""


@dataclass(frozen=True)
class Written:
    """What a document put in the vector store: what must go when it changes or leaves."""

    chunk_ids: list[str]
    window_ids: list[str]
    tables: int


def keyword_text(chunk: Chunk) -> str:
    """What BM25 reads of a chunk: its heading and text, and for case knowledge also its
    title. Case files share one template of headings ("Wat", "Ervaringen", "Bron"), so their
    heading names no subject; the title ("Casus: Ten Boer-Groningen") does. Dev set: R@1
    0.767 -> 0.791, MRR@10 0.841 -> 0.853. The title on every chunk of every document was
    measured and not chosen: the words of a document's title then match all its chunks
    alike, and a question that names them (SETA) loses the chunk that says them (README)."""
    title = f"{chunk.title} " if chunk.kind == "case" else ""
    return f"{title}{chunk.heading} {chunk.text}"


class Catalog:
    def __init__(self, db: VersionDb) -> None:
        self.db = db

    # --- files: the checkpoint ------------------------------------------------------------
    def files(self) -> dict[str, FileRow]:
        rows = self.db.conn.execute("SELECT source, size, mtime_ns, doc_hash FROM files")
        return {r[0]: FileRow(*r) for r in rows}

    def restat(self, source: str, size: int, mtime_ns: int) -> None:
        """Same bytes under a new mtime (touched, copied back): remember the new stat."""
        with self.db.conn as conn:
            conn.execute("UPDATE files SET size = ?, mtime_ns = ? WHERE source = ?", (size, mtime_ns, source))

    def written(self, source: str) -> Written:
        """Ids a document has, or may have (a crashed attempt's), in the vector store."""
        conn = self.db.conn
        rows = conn.execute("SELECT id, windows FROM chunks WHERE source = ?", (source,)).fetchall()
        tables = conn.execute("SELECT tables FROM files WHERE source = ?", (source,)).fetchone()
        chunk_ids = [r[0] for r in rows]
        window_ids = [w for r in rows for w in (r[1] or "").split()]
        pending = conn.execute("SELECT ids FROM pending WHERE source = ?", (source,)).fetchone()
        if pending:
            more = json.loads(pending[0])
            chunk_ids += more["chunks"]
            window_ids += more["windows"]
        return Written(chunk_ids, window_ids, int(tables[0] or 0) if tables else 0)

    def mark_pending(self, source: str, chunks: Sequence[Chunk], window_ids: Sequence[str]) -> None:
        """Before the vector store is written: a crash then still knows what to clean up."""
        ids = json.dumps({"chunks": [c.id for c in chunks], "windows": list(window_ids)})
        with self.db.conn as conn:
            conn.execute("DELETE FROM pending WHERE source = ?", (source,))
            conn.execute("INSERT INTO pending VALUES (?, ?)", (source, ids))

    def put_document(
        self,
        file: FileRow,
        chunks: Sequence[Chunk],
        windows: Mapping[str, list[str]],
        tables: int,
        visibility: tuple[str, str] = ("", ""),
        vectors: tuple[vector_scan.Windows, Sequence[Sequence[float]]] | None = None,
    ) -> None:
        """Replace one document's rows and postings, and record its new hash, its
        visibility (encoded ids, "" = public; and where it was set) and its windows'
        (chunk id, text) with their vectors, atomically."""
        with self.db.conn as conn:
            _remove_rows(conn, file.source)
            if vectors is not None:
                vector_scan.put(conn, file.source, *vectors)
            _set_visibility(conn, file.source, *visibility)
            first = _next_row(conn)
            conn.executemany(
                "INSERT INTO chunks(n, id, source, title, section, page, kind, text, windows) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [_chunk_row(first + i, c, windows.get(c.id, [])) for i, c in enumerate(chunks)],
            )
            texts = [keyword_text(c) for c in chunks]
            undo = keyword.add_chunks(conn, [(first + i, t) for i, t in enumerate(texts)])
            lexicon.put(conn, file.source, texts)
            conn.executemany(
                "UPDATE chunks SET terms = ? WHERE n = ?", [(u, first + i) for i, u in enumerate(undo)]
            )
            title, kind = (chunks[0].title, chunks[0].kind) if chunks else ("", "document")
            conn.execute("DELETE FROM files WHERE source = ?", (file.source,))
            conn.execute(
                "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    file.source,
                    file.path,
                    file.size,
                    file.mtime_ns,
                    file.doc_hash,
                    title,
                    kind,
                    len(chunks),
                    tables,
                    time.strftime("%Y-%m-%d %H:%M"),
                ),
            )
            conn.execute("DELETE FROM pending WHERE source = ?", (file.source,))

    def remove_document(self, source: str) -> None:
        with self.db.conn as conn:
            _remove_rows(conn, source)
            vector_scan.remove(conn, source)
            lexicon.remove(conn, source)
            _count_words(conn, source, Counter())
            conn.execute("DELETE FROM files WHERE source = ?", (source,))
            conn.execute("DELETE FROM pending WHERE source = ?", (source,))
            conn.execute("DELETE FROM visibility WHERE source = ?", (source,))

    # --- visibility: which organisations may see a document ------------------------------
    def visibility(self, source: str) -> tuple[str, str] | None:
        """(encoded ids, origin) as recorded, or None (indexed before visibility existed)."""
        try:
            row = self.db.conn.execute(
                "SELECT ids, origin FROM visibility WHERE source = ?", (source,)
            ).fetchone()
        except sqlite3.OperationalError:  # a version file from before this table
            return None
        return (row[0], row[1]) if row else None

    def set_visibility(self, source: str, ids: str, origin: str) -> None:
        with self.db.conn as conn:
            _set_visibility(conn, source, ids, origin)

    def restricted(self) -> dict[str, str]:
        """Source → encoded ids, for the documents that are not public (read per question:
        a few rows, and a change is seen at once)."""
        try:
            rows = self.db.conn.execute("SELECT source, ids FROM visibility WHERE ids != ''").fetchall()
        except sqlite3.OperationalError:  # a version file from before this table: all public
            return {}
        return dict(rows)

    # --- corpus vocabulary (evidence for repairs) -------------------------------------------
    def count_words(self, source: str, words: Counter[str]) -> None:
        """Make `words` this document's contribution to the vocabulary (replacing the old one)."""
        with self.db.conn as conn:
            _count_words(conn, source, words)

    def word_count(self, word: str) -> int:
        row = self.db.conn.execute("SELECT count FROM vocab WHERE word = ?", (word,)).fetchone()
        return int(row[0]) if row else 0

    # --- reading --------------------------------------------------------------------------
    def chunks(self, ids: Iterable[str]) -> dict[str, Chunk]:
        found: dict[str, Chunk] = {}
        for part in keyword.in_parts(list(dict.fromkeys(ids))):
            sql = "SELECT id, source, title, section, page, text, kind FROM chunks WHERE id IN ({})"
            for row in self.db.conn.execute(sql.format(keyword.marks(part)), part):
                found[row[0]] = Chunk(row[0], row[1], row[2], row[3], row[4], row[5], row[6])
        return found

    def document_titles(self) -> list[tuple[str, str]]:
        """(source, title) of every document, not of case knowledge: a case carries its
        title in its chunks' keyword text already (`keyword_text`)."""
        sql = "SELECT source, title FROM files WHERE kind != 'case' ORDER BY source"
        return [(source, title or "") for source, title in self.db.conn.execute(sql)]

    def sources(self, ids: Iterable[str]) -> dict[str, str]:
        """Chunk id → source, without reading the texts."""
        found: dict[str, str] = {}
        for part in keyword.in_parts(list(dict.fromkeys(ids))):
            sql = f"SELECT id, source FROM chunks WHERE id IN ({keyword.marks(part)})"
            found.update(self.db.conn.execute(sql, part))
        return found

    def all_chunks(self) -> list[Chunk]:
        """Every chunk, by source and position (a SWOT reads them all; a question never does)."""
        sql = "SELECT id, source, title, section, page, text, kind FROM chunks ORDER BY source, n"
        return [Chunk(*row) for row in self.db.conn.execute(sql)]

    def fill_lexicon(self) -> None:
        """An index from before the lexicon gets its documents' words from their chunk rows,
        once (one document per transaction)."""
        conn = self.db.conn
        if conn.execute("SELECT 1 FROM doc_lexicon LIMIT 1").fetchone():
            return
        for (source,) in conn.execute("SELECT source FROM files").fetchall():
            rows = conn.execute("SELECT section, text FROM chunks WHERE source = ? ORDER BY n", (source,))
            texts = [f"{last_heading(section or '')} {text}" for section, text in rows.fetchall()]
            with conn:
                lexicon.put(conn, source, texts)

    def source_stats(self) -> list[dict[str, Any]]:
        rows = self.db.conn.execute(
            "SELECT source, title, kind, chunks, indexed_at FROM files ORDER BY title"
        )
        keys = ("source", "title", "kind", "chunks", "indexed_at")
        return [dict(zip(keys, r, strict=True)) for r in rows]


def _set_visibility(conn: sqlite3.Connection, source: str, ids: str, origin: str) -> None:
    conn.execute(  # an upsert both SQLite and PostgreSQL understand
        "INSERT INTO visibility VALUES (?, ?, ?) "
        "ON CONFLICT(source) DO UPDATE SET ids = excluded.ids, origin = excluded.origin",
        (source, ids, origin),
    )


def _remove_rows(conn: sqlite3.Connection, source: str) -> None:
    rows = conn.execute("SELECT n, terms FROM chunks WHERE source = ?", (source,)).fetchall()
    keyword.remove_chunks(conn, [(n, terms) for n, terms in rows if terms])
    conn.execute("DELETE FROM chunks WHERE source = ?", (source,))


def _next_row(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(n), -1) + 1 FROM chunks").fetchone()[0])


def _chunk_row(n: int, chunk: Chunk, window_ids: list[str]) -> tuple[Any, ...]:
    return (
        n,
        chunk.id,
        chunk.source,
        chunk.title,
        chunk.section,
        chunk.page,
        chunk.kind,
        chunk.text,
        " ".join(window_ids),
    )


def _count_words(conn: sqlite3.Connection, source: str, words: Counter[str]) -> None:
    old = conn.execute("SELECT words FROM doc_words WHERE source = ?", (source,)).fetchone()
    delta = Counter(words)
    if old:
        delta.subtract(json.loads(zlib.decompress(old[0])))
    conn.executemany(
        "INSERT INTO vocab VALUES (?, ?) "
        "ON CONFLICT(word) DO UPDATE SET count = vocab.count + excluded.count",
        [(w, d) for w, d in delta.items() if d],
    )
    gone = [(w,) for w, d in delta.items() if d < 0]
    conn.executemany("DELETE FROM vocab WHERE word = ? AND count <= 0", gone)
    if words:
        blob = zlib.compress(json.dumps(words).encode("utf-8"))
        conn.execute("DELETE FROM doc_words WHERE source = ?", (source,))
        conn.execute("INSERT INTO doc_words VALUES (?, ?)", (source, blob))
    else:
        conn.execute("DELETE FROM doc_words WHERE source = ?", (source,))
