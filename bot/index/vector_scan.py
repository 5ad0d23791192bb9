"""The nearest windows of a question, searched exactly in the version's catalogue, a few
documents at a time.

Why not ChromaDB's own query, when it runs embedded: its first query loads the whole HNSW
graph of the windows collection into the answering process (about 2.2 KB per window:
+200 MB at 100,299 windows, the 64x corpus of `make bench-scale`), so a process's memory
grew with the corpus. Here each document's window vectors are one blob beside its chunk
rows, written in the same transaction: int8 components with one float32 scale per vector,
388 bytes a window at 384 dimensions. A cosine moves by < 3e-3 (tests); widening int8 to
float32 for the product took 13 ms for 100,000 windows against 54 ms from float16
(measured, numpy 2.4). A question reads the blobs in blocks of
BLOCK_DOCUMENTS documents and keeps only the best hits, so its memory is one block whatever
the corpus, and its time is linear in the windows (README, "Schaal"). With a `chroma run`
server the graph lives in the server and questions ask it (`ChunkStore.query_windows`).
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import groupby
from typing import Any

import numpy as np

from bot.index import keyword
from bot.index.store import Hit

SCALE = np.dtype("<f4")
BLOCK_DOCUMENTS = 64
Windows = list[tuple[str, str]]  # (chunk id, window text), in the order of the vectors


def put(conn: Any, source: str, windows: Windows, vectors: Sequence[Sequence[float]]) -> None:
    """A document's windows and their vectors (normalised), replacing what it had."""
    remove(conn, source)
    matrix = np.asarray(vectors, dtype=np.float32).reshape(len(windows), -1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    blob = _quantised(matrix / np.maximum(norms, 1e-12))
    conn.execute("INSERT INTO doc_vectors VALUES (?, ?, ?)", (source, matrix.shape[1], blob))
    runs = [[chunk_id, len(list(group))] for chunk_id, group in groupby(c for c, _ in windows)]
    texts = zlib.compress(json.dumps(windows, ensure_ascii=False).encode("utf-8"))
    conn.execute("INSERT INTO doc_windows VALUES (?, ?, ?)", (source, json.dumps(runs), texts))


def remove(conn: Any, source: str) -> None:
    conn.execute("DELETE FROM doc_vectors WHERE source = ?", (source,))
    conn.execute("DELETE FROM doc_windows WHERE source = ?", (source,))


class VectorScan:
    """`db`: a version's VersionDb or PgVersionDb (anything with a sqlite3-style `conn`)."""

    def __init__(self, db: Any) -> None:
        self.db = db

    def complete(self) -> bool:
        """Whether every document of the version has its vectors here (a version indexed
        before the scan has none until the next `index`)."""
        conn = self.db.conn
        try:
            sql = "SELECT count(*) FROM files WHERE source NOT IN (SELECT source FROM doc_vectors)"
            return int(conn.execute(sql).fetchone()[0]) == 0
        except sqlite3.OperationalError:  # a version file from before these tables
            return False

    def nearest(self, vector: Sequence[float], k: int) -> list[Hit]:
        """Chunks by their best window, best first: what `ChunkStore.query_windows` answers
        (its k*4 nearest windows, one hit per chunk, cosine similarity), searched exactly."""
        wanted = k * 4
        query = _unit(vector)
        best = np.empty(0, dtype=np.float32)
        where: list[tuple[str, int]] = []
        for sources, (scales, matrix), starts in self._blocks():
            sims = (matrix.astype(np.float32) @ query) * scales
            top = _top(sims, wanted)
            best = np.concatenate([best, sims[top]])
            where += [_locate(sources, starts, int(i)) for i in top]
            keep = _top(best, wanted)
            best, where = best[keep], [where[i] for i in keep]
        order = np.argsort(-best, kind="stable")
        chunk_of = self._chunk_ids({source for source, _ in where})
        hits: dict[str, float] = {}
        for i in order:
            source, row = where[int(i)]
            hits.setdefault(chunk_of[source][row], float(best[int(i)]))
        return [Hit(chunk_id, sim) for chunk_id, sim in list(hits.items())[:k]]

    def windows_of(self, sources: dict[str, str]) -> dict[str, list[tuple[str, list[float]]]]:
        """`sources`: chunk id → its source. Chunk id → [(window text, vector)]."""
        out: dict[str, list[tuple[str, list[float]]]] = {}
        wanted = set(sources)
        for source in sorted(set(sources.values())):
            windows, matrix = self._document(source)
            for (chunk_id, text), row in zip(windows, matrix, strict=True):
                if chunk_id in wanted:
                    out.setdefault(chunk_id, []).append((text, row.tolist()))
        return out

    def _blocks(self) -> Iterator[tuple[list[str], tuple[np.ndarray, np.ndarray], list[int]]]:
        """(sources, their stacked vectors, each source's first row), BLOCK_DOCUMENTS at a time:
        a keyset page, so neither SQLite nor PostgreSQL hands over more than one block."""
        sql = "SELECT source, dims, vectors FROM doc_vectors WHERE source > ? ORDER BY source LIMIT ?"
        after = ""
        while rows := self.db.conn.execute(sql, (after, BLOCK_DOCUMENTS)).fetchall():
            after = rows[-1][0]
            rows = [r for r in rows if r[1]]  # a document without windows
            if not rows:
                continue
            parts = [_parts(bytes(blob), dims) for _, dims, blob in rows]
            starts = np.cumsum([0] + [len(m) for _, m in parts[:-1]]).tolist()
            stacked = (np.concatenate([s for s, _ in parts]), np.concatenate([m for _, m in parts]))
            yield [r[0] for r in rows], stacked, starts

    def _chunk_ids(self, sources: set[str]) -> dict[str, list[str]]:
        """Source → the chunk id of each of its windows (stored as runs: a chunk's windows
        are consecutive), without reading the window texts."""
        found: dict[str, list[str]] = {}
        for part in keyword.in_parts(sorted(sources)):
            sql = f"SELECT source, chunks FROM doc_windows WHERE source IN ({keyword.marks(part)})"
            for source, runs in self.db.conn.execute(sql, part):
                found[source] = [chunk_id for chunk_id, n in json.loads(runs) for _ in range(n)]
        return found

    def _windows(self, source: str) -> Windows:
        row = self.db.conn.execute("SELECT windows FROM doc_windows WHERE source = ?", (source,)).fetchone()
        return [tuple(w) for w in json.loads(zlib.decompress(bytes(row[0])))] if row else []

    def _document(self, source: str) -> tuple[Windows, np.ndarray]:
        windows = self._windows(source)
        sql = "SELECT dims, vectors FROM doc_vectors WHERE source = ?"
        row = self.db.conn.execute(sql, (source,)).fetchone()
        if not row or not row[0]:
            return [], np.empty((0, 0), dtype=np.float32)
        scales, matrix = _parts(bytes(row[1]), row[0])
        return windows, matrix.astype(np.float32) * scales[:, None]


def _quantised(unit: np.ndarray) -> bytes:
    """Each row as int8 times its own scale (its largest component maps to 127); the
    scales first, then the components."""
    scales = np.maximum(np.abs(unit).max(axis=1), 1e-12) / 127.0
    components = np.clip(np.rint(unit / scales[:, None]), -127, 127).astype(np.int8)
    return scales.astype(SCALE).tobytes() + components.tobytes()


def _parts(blob: bytes, dims: int) -> tuple[np.ndarray, np.ndarray]:
    """A stored blob → (scales, int8 rows)."""
    n = len(blob) // (SCALE.itemsize + dims)
    scales = np.frombuffer(blob, dtype=SCALE, count=n)
    return scales, np.frombuffer(blob, dtype=np.int8, offset=n * SCALE.itemsize).reshape(n, dims)


def _unit(vector: Sequence[float]) -> np.ndarray:
    query = np.asarray(vector, dtype=np.float32)
    return query / max(float(np.linalg.norm(query)), 1e-12)


def _top(scores: np.ndarray, n: int) -> np.ndarray:
    """Positions of the n highest scores, in no particular order."""
    if len(scores) <= n:
        return np.arange(len(scores))
    return np.argpartition(-scores, n - 1)[:n]


def _locate(sources: list[str], starts: list[int], row: int) -> tuple[str, int]:
    """Block row → (source, window number within that source)."""
    i = bisect_right(starts, row) - 1
    return sources[i], row - starts[i]
