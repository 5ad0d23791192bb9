"""One SQLite file per index version, beside its ChromaDB collections: the file catalogue
(stat, hash), the chunk rows, the corpus vocabulary and the keyword index.

Why SQLite: it is opened in milliseconds whatever its size (readers page in what a question
touches instead of loading the corpus), it is updated one document at a time, and WAL mode
lets several answering processes read while one indexer writes.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS files(
    source TEXT PRIMARY KEY, path TEXT, size INTEGER, mtime_ns INTEGER, doc_hash TEXT,
    title TEXT, kind TEXT, chunks INTEGER, tables INTEGER, indexed_at TEXT);
CREATE TABLE IF NOT EXISTS pending(source TEXT PRIMARY KEY, ids TEXT);
CREATE TABLE IF NOT EXISTS doc_words(source TEXT PRIMARY KEY, words BLOB);
CREATE TABLE IF NOT EXISTS vocab(word TEXT PRIMARY KEY, count INTEGER) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS doc_lexicon(source TEXT PRIMARY KEY, words BLOB);
CREATE TABLE IF NOT EXISTS lexicon(word TEXT PRIMARY KEY, count INTEGER, length INTEGER) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS lexicon_by_length ON lexicon(length);
CREATE TABLE IF NOT EXISTS word_forms(
    word TEXT, form TEXT, count INTEGER, PRIMARY KEY(word, form)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS chunks(
    n INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, source TEXT NOT NULL, title TEXT,
    section TEXT, page INTEGER, kind TEXT, text TEXT, windows TEXT, terms BLOB);
CREATE INDEX IF NOT EXISTS chunks_by_source ON chunks(source);
CREATE TABLE IF NOT EXISTS terms(
    id INTEGER PRIMARY KEY, field INTEGER, term TEXT, df INTEGER, UNIQUE(field, term));
CREATE TABLE IF NOT EXISTS postings(
    term INTEGER, chunk INTEGER, tf INTEGER, dl INTEGER, PRIMARY KEY(term, chunk)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS visibility(source TEXT PRIMARY KEY, ids TEXT NOT NULL, origin TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS totals(field INTEGER PRIMARY KEY, docs INTEGER, length INTEGER);
CREATE TABLE IF NOT EXISTS doc_vectors(source TEXT PRIMARY KEY, dims INTEGER, vectors BLOB);
CREATE TABLE IF NOT EXISTS doc_windows(source TEXT PRIMARY KEY, chunks TEXT, windows BLOB);
"""


def connect(path: Path | str, *, create: bool = False) -> sqlite3.Connection:
    """`create=False` opens an existing file only: a reader must never create an empty index."""
    if str(path) == ":memory:":
        conn = sqlite3.connect(":memory:", check_same_thread=False)
    else:
        mode = "rwc" if create else "rw"
        if create:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(f"file:{path}?mode={mode}", uri=True, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
    if create:
        conn.executescript(SCHEMA)
    return conn


class VersionDb:
    """The file of one index version, with one connection per thread (sqlite3 objects
    are not to be shared across threads)."""

    def __init__(self, path: Path | str, *, create: bool = False) -> None:
        self.path = path
        self._local = threading.local()
        self._shared: sqlite3.Connection | None = None
        if str(path) == ":memory:":
            self._shared = connect(path, create=True)
        else:  # fail now, not at the first question, when a reader's file is missing or old
            conn = connect(path, create=create)
            try:
                _check_tables(conn)
            finally:
                conn.close()

    @property
    def conn(self) -> sqlite3.Connection:
        if self._shared is not None:
            return self._shared
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = connect(self.path)
        return conn


class VersionMissing(Exception):
    """A version's file or schema is missing or from an older bot: index it again."""


# Written since the window scan (bot/index/vector_scan.py); a version without them is still
# read, its windows searched in ChromaDB, until the next `index` fills them.
OPTIONAL_TABLES = frozenset({"doc_vectors", "doc_windows"})


def table_names() -> set[str]:
    """The tables a version must have to be read."""
    return set(re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", SCHEMA)) - OPTIONAL_TABLES


def _check_tables(conn: sqlite3.Connection) -> None:
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = table_names() - names
    if missing:
        raise VersionMissing(f"index file from an older version: no {', '.join(sorted(missing))}")


def remove_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
