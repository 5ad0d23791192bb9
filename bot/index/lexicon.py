"""The corpus' own words for typo repair and truecasing, kept in the index version's file.

A question looks up its own words (is it known, how is it written, which corpus words are
one edit away) and counts a phrase in the chunks that hold all its words, instead of
holding every word and the whole corpus text in memory: a cold question's memory no
longer grows with the corpus. Each document's contribution is stored beside it and taken
out again when the document changes or goes, in the document's own transaction.
"""

from __future__ import annotations

import json
import re
import sqlite3
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from bot.index import keyword
from bot.index.version_db import VersionDb
from bot.models import last_heading
from bot.text import word_forms

Contribution = tuple[Counter[str], Counter[tuple[str, str]]]  # words, (word, form)s


def contribution(texts: Iterable[str]) -> Contribution:
    words: Counter[str] = Counter()
    forms: Counter[tuple[str, str]] = Counter()
    for text in texts:
        for word, form in word_forms(text):
            words[word] += 1
            if form is not None:
                forms[word, form] += 1
    return words, forms


def put(conn: sqlite3.Connection, source: str, texts: Iterable[str]) -> None:
    """Make `texts` the document's words (replacing its old ones), in the caller's transaction."""
    remove(conn, source)
    words, forms = contribution(texts)
    _apply(conn, words, forms, 1)
    if words:
        blob = json.dumps({"words": words, "forms": [[w, f, c] for (w, f), c in forms.items()]})
        conn.execute("INSERT INTO doc_lexicon VALUES (?, ?)", (source, zlib.compress(blob.encode("utf-8"))))


def remove(conn: sqlite3.Connection, source: str) -> None:
    row = conn.execute("SELECT words FROM doc_lexicon WHERE source = ?", (source,)).fetchone()
    if not row:
        return
    old = json.loads(zlib.decompress(row[0]))
    _apply(conn, Counter(old["words"]), Counter({(w, f): c for w, f, c in old["forms"]}), -1)
    conn.execute("DELETE FROM doc_lexicon WHERE source = ?", (source,))


def _apply(conn: sqlite3.Connection, words: Counter[str], forms: Counter[tuple[str, str]], sign: int) -> None:
    conn.executemany(
        "INSERT INTO lexicon VALUES (?, ?, ?) "
        "ON CONFLICT(word) DO UPDATE SET count = lexicon.count + excluded.count",
        [(w, sign * c, len(w)) for w, c in words.items()],
    )
    conn.executemany(
        "INSERT INTO word_forms VALUES (?, ?, ?) "
        "ON CONFLICT(word, form) DO UPDATE SET count = word_forms.count + excluded.count",
        [(w, f, sign * c) for (w, f), c in forms.items()],
    )
    if sign < 0:
        conn.executemany("DELETE FROM lexicon WHERE word = ? AND count <= 0", [(w,) for w in words])
        conn.executemany(
            "DELETE FROM word_forms WHERE word = ? AND form = ? AND count <= 0", [(w, f) for w, f in forms]
        )


class Lexicon:
    """What `bot.query.spelling.Speller` asks of the corpus, answered from a version file."""

    def __init__(self, db: VersionDb) -> None:
        self.db = db

    @classmethod
    def from_texts(cls, texts: Sequence[str]) -> Lexicon:
        """A throwaway in-memory lexicon of these texts (each one chunk)."""
        db = VersionDb(":memory:")
        with db.conn as conn:
            conn.executemany(
                "INSERT INTO chunks(n, id, source, section, text) VALUES (?, ?, '', '', ?)",
                [(i, str(i), t) for i, t in enumerate(texts)],
            )
            keyword.add_chunks(conn, [(i, f" {t}") for i, t in enumerate(texts)])
            put(conn, "", texts)
        return cls(db)

    def count(self, word: str) -> int:
        row = self.db.conn.execute("SELECT count FROM lexicon WHERE word = ?", (word,)).fetchone()
        return int(row[0]) if row else 0

    def casing(self, word: str) -> str | None:
        """The corpus' most frequent form of a word, outside sentence starts."""
        rows = self.db.conn.execute("SELECT form, count FROM word_forms WHERE word = ?", (word,)).fetchall()
        return min(rows, key=lambda r: (-r[1], r[0]))[0] if rows else None  # ties: the same in any database

    def of_length(self, shortest: int, longest: int) -> list[tuple[str, int]]:
        sql = "SELECT word, count FROM lexicon WHERE length BETWEEN ? AND ?"
        return self.db.conn.execute(sql, (shortest, longest)).fetchall()

    def phrase_count(self, phrase: str, at_most: int) -> int:
        """How often the corpus says this lowercase phrase as whole words, counted up to
        `at_most`: only in chunks that hold every word of it, and no further than needed."""
        pattern = re.compile(rf"(?<![\w-]){re.escape(phrase)}(?!\w)")
        found = 0
        for text in self._texts_with(phrase):
            found += len(pattern.findall(" ".join(text.lower().split())))
            if found >= at_most:
                return at_most
        return found

    def _texts_with(self, phrase: str) -> Iterator[str]:
        conn = self.db.conn
        stems = keyword.stem_tokens(phrase)
        if not stems:  # only stopwords: any chunk may hold it
            rows: Iterable[tuple[str, str]] = conn.execute("SELECT section, text FROM chunks ORDER BY n")
            yield from (f"{last_heading(section or '')} {text}" for section, text in rows)
            return
        numbers = keyword.chunks_with_all(conn, stems)
        for part in keyword.in_parts(numbers):
            sql = f"SELECT section, text FROM chunks WHERE n IN ({keyword.marks(part)}) ORDER BY n"
            for section, text in conn.execute(sql, part):
                yield f"{last_heading(section or '')} {text}"
