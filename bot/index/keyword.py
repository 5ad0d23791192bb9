"""Keyword search: BM25 over words with Dutch Snowball stemming (PyStemmer), plus BM25 over
character 5-grams, which match Dutch compounds ("samenwerkingsverband" ~ "samenwerken")
and OCR slips that stemming cannot.

The postings live in the index version's SQLite file (`version_db`), one row per (term,
chunk), written one document at a time: nothing is rebuilt on load, and no gram is held in
memory beyond the terms of the question being answered. Scoring is bm25s's Lucene variant
(k1=1.2, b=0.75), computed with numpy over the postings of the question's terms. SQLite's
FTS5 bm25() was measured and not chosen: its idf floors common terms to zero, which cost
dev R@5 0.907 -> 0.860 and MRR@10 0.772 -> 0.755 (README, "Schaal").
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

import numpy as np
import Stemmer

from bot.index.version_db import VersionDb
from bot.text import STOPWORDS as DUTCH_STOPWORDS

TOKEN_RE = re.compile(r"(?u)\b\w\w+\b")
_STEMMER = Stemmer.Stemmer("dutch")
# Question words carry no topic; without them "Welke vormen…" matches on "vormen" alone.
QUESTION_WORDS = {
    "welke",
    "welk",
    "waarom",
    "wanneer",
    "waardoor",
    "waarin",
    "waarop",
    "waarmee",
    "hoeveel",
    "hoe",
    "wat",
    "wie",
    "waar",
    "volgens",
}
STOPWORDS = DUTCH_STOPWORDS | QUESTION_WORDS
GRAM = 5


def stem_tokens(text: str) -> list[str]:
    words = [w for w in TOKEN_RE.findall(text.lower()) if w not in STOPWORDS]
    return _STEMMER.stemWords(words)


def char_grams(text: str, n: int = GRAM) -> list[str]:
    grams: list[str] = []
    for word in TOKEN_RE.findall(text.lower()):
        if word in STOPWORDS:
            continue
        padded = f"_{word}_"
        grams.extend(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
    return grams


WORDS, GRAMS = 0, 1
K1, B = 1.2, 0.75
SQL_VARS = 500  # terms per IN (...) list, well below SQLite's variable limit
T = TypeVar("T")
Ranked = list[tuple[str, float]]  # (chunk id, BM25 score), best first


def field_tokens(text: str) -> tuple[list[str], list[str]]:
    return stem_tokens(text), char_grams(text)


def add_chunks(conn: sqlite3.Connection, chunks: Sequence[tuple[int, str]]) -> list[bytes]:
    """Index (row number, keyword text) pairs of one document, inside the caller's
    transaction. Returns per chunk what `remove_chunks` needs to take it out again."""
    tokens = [field_tokens(text) for _, text in chunks]
    undo: list[list[int]] = [[] for _ in chunks]
    for field in (WORDS, GRAMS):
        counts = [Counter(t[field]) for t in tokens]
        ids = _term_ids(conn, field, set().union(*counts))
        df = Counter(term for c in counts for term in c)
        conn.executemany("UPDATE terms SET df = df + ? WHERE id = ?", ((d, ids[t]) for t, d in df.items()))
        rows = []
        for (n, _), count, own, toks in zip(chunks, counts, undo, tokens, strict=True):
            dl = max(len(toks[field]), 1)  # bm25s indexes an empty text as one placeholder
            rows.extend((ids[t], n, tf, dl) for t, tf in count.items())
            own.extend([dl, len(count), *(ids[t] for t in count)])
        conn.executemany("INSERT INTO postings VALUES (?, ?, ?, ?)", rows)
        conn.execute(
            "INSERT INTO totals VALUES (?, ?, ?) ON CONFLICT(field) "
            "DO UPDATE SET docs = totals.docs + excluded.docs, length = totals.length + excluded.length",
            (field, len(chunks), sum(max(len(t[field]), 1) for t in tokens)),
        )
    return [np.asarray(u, dtype=np.int64).tobytes() for u in undo]


def remove_chunks(conn: sqlite3.Connection, chunks: Iterable[tuple[int, bytes]]) -> None:
    """Take chunks (row number, what `add_chunks` returned) out, inside the caller's transaction."""
    for n, blob in chunks:
        undo = np.frombuffer(blob, dtype=np.int64).tolist()
        start = 0
        for field in (WORDS, GRAMS):
            dl, count = undo[start], undo[start + 1]
            ids = undo[start + 2 : start + 2 + count]
            start += 2 + count
            conn.executemany("DELETE FROM postings WHERE term = ? AND chunk = ?", ((i, n) for i in ids))
            conn.executemany("UPDATE terms SET df = df - 1 WHERE id = ?", ((i,) for i in ids))
            conn.execute(
                "UPDATE totals SET docs = docs - 1, length = length - ? WHERE field = ?", (dl, field)
            )


def _term_ids(conn: sqlite3.Connection, field: int, terms: set[str]) -> dict[str, int]:
    conn.executemany(
        "INSERT INTO terms(field, term, df) VALUES (?, ?, 0) ON CONFLICT DO NOTHING",
        ((field, t) for t in terms),
    )
    return {t: i for i, t, _ in _lookup(conn, field, terms)}


def _lookup(conn: sqlite3.Connection, field: int, terms: Iterable[str]) -> list[tuple[int, str, int]]:
    found: list[tuple[int, str, int]] = []
    for part in in_parts(list(terms)):
        found.extend(
            conn.execute(
                f"SELECT id, term, df FROM terms WHERE field = ? AND term IN ({marks(part)})",
                (field, *part),
            )
        )
    return found


def chunks_with_all(conn: sqlite3.Connection, stems: Sequence[str]) -> list[int]:
    """Row numbers of the chunks whose words include every one of these stems."""
    wanted = set(stems)
    found = [row for row in _lookup(conn, WORDS, wanted) if row[2] > 0]
    if len(found) < len(wanted):
        return []
    common: np.ndarray | None = None
    sql = "SELECT group_concat(chunk) FROM postings WHERE term = ?"
    for term, _, _ in sorted(found, key=lambda row: row[2]):  # rarest first: the smallest sets
        chunks = np.fromstring(conn.execute(sql, (term,)).fetchone()[0], dtype=np.int64, sep=",")
        common = chunks if common is None else np.intersect1d(common, chunks, assume_unique=True)
        if not len(common):
            break
    return [] if common is None else common.tolist()


def marks(values: Sequence[object]) -> str:
    """The `?, ?, …` of an IN (...) list for these values."""
    return ",".join("?" * len(values))


def in_parts(values: Sequence[T]) -> Iterator[Sequence[T]]:
    """`values` in slices of at most SQL_VARS: IN (...) lists that SQLite accepts."""
    for start in range(0, len(values), SQL_VARS):
        yield values[start : start + SQL_VARS]


def _idf(df: int, docs: int) -> float:
    return float(np.log(1 + (docs - df + 0.5) / (df + 0.5)))


class KeywordIndex:
    """Ranked chunk ids for a question's words or 5-grams, read from a version file.

    `search`/`search_grams` take question text; `rank` takes tokens, for callers that
    expand a question themselves (synonyms, typos) before ranking.
    """

    def __init__(self, db: VersionDb) -> None:
        self.db = db
        self._idf: dict[str, float] = {}

    @classmethod
    def from_texts(cls, texts: Sequence[str]) -> KeywordIndex:
        """A throwaway in-memory index whose chunk ids are the texts' positions ("0", "1", …)."""
        db = VersionDb(":memory:")
        with db.conn as conn:
            conn.executemany(
                "INSERT INTO chunks(n, id, source) VALUES (?, ?, '')",
                ((i, str(i)) for i in range(len(texts))),
            )
            add_chunks(conn, list(enumerate(texts)))
        return cls(db)

    def search(self, query: str, k: int) -> Ranked:
        """Ranked (chunk id, BM25 score) over stemmed words."""
        return self.rank(WORDS, stem_tokens(query), k)

    def search_grams(self, query: str, k: int) -> Ranked:
        """Ranked (chunk id, BM25 score) over character 5-grams."""
        return self.rank(GRAMS, char_grams(query), k)

    def idf(self, stem: str) -> float:
        if stem not in self._idf:
            conn = self.db.conn
            row = conn.execute("SELECT df FROM terms WHERE field = ? AND term = ?", (WORDS, stem)).fetchone()
            self._idf[stem] = _idf(row[0] if row else 0, self._totals(WORDS)[0])
        return self._idf[stem]

    def rank(self, field: int, tokens: Sequence[str], k: int) -> Ranked:
        """bm25s's Lucene BM25: a repeated query token counts once per repeat."""
        wanted = Counter(tokens)
        terms = [(i, t, df) for i, t, df in _lookup(self.db.conn, field, wanted) if df > 0]
        docs, length = self._totals(field)
        if not terms or not docs:
            return []
        weight = {i: _idf(df, docs) * wanted[t] for i, t, df in terms}
        totals = self._scores(weight, length / docs)
        found = np.flatnonzero(totals > 0)
        best = found[np.lexsort((found, -totals[found]))[:k]]
        ids = self._chunk_ids(best.tolist())
        return [(ids[int(n)], float(totals[n])) for n in best if int(n) in ids]

    def _totals(self, field: int) -> tuple[int, int]:
        row = self.db.conn.execute("SELECT docs, length FROM totals WHERE field = ?", (field,)).fetchone()
        return (int(row[0]), int(row[1])) if row else (0, 0)

    def _scores(self, weight: dict[int, float], mean_length: float) -> np.ndarray:
        """BM25 score per chunk row number, summed one term at a time. SQLite joins each
        term's postings into text that numpy parses: a common 5-gram has a posting in most
        chunks, and one Python tuple per posting cost more time and memory than the scoring."""
        sql = "SELECT group_concat(chunk), group_concat(tf), group_concat(dl) FROM postings WHERE term = ?"
        size = int(self.db.conn.execute("SELECT coalesce(max(n), -1) + 1 FROM chunks").fetchone()[0])
        totals = np.zeros(size)
        for term, w in weight.items():
            row = self.db.conn.execute(sql, (term,)).fetchone()
            if not row[0]:
                continue
            chunk, tf, dl = (np.fromstring(c, dtype=np.int64, sep=",") for c in row)  # ints parse fast
            keep = chunk < size  # a row written after `size` was read joins at the next question
            tf = tf.astype(np.float64)
            totals[chunk[keep]] += (w * tf / (tf + K1 * (1 - B + B * dl / mean_length)))[keep]
        return totals

    def _chunk_ids(self, numbers: list[int]) -> dict[int, str]:
        sql = f"SELECT n, id FROM chunks WHERE n IN ({marks(numbers)})"
        return dict(self.db.conn.execute(sql, numbers)) if numbers else {}
