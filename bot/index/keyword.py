"""Keyword search with bm25s: words with Dutch Snowball stemming (PyStemmer), plus
character 5-grams, which match Dutch compounds ("samenwerkingsverband" ~ "samenwerken")
and OCR slips that stemming cannot."""

from __future__ import annotations

import logging
import re

import bm25s
import numpy as np
import Stemmer

from bot.text import STOPWORDS as DUTCH_STOPWORDS

logging.getLogger("bm25s").setLevel(logging.WARNING)
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


class _Bm25:
    def __init__(self, docs: list[list[str]]) -> None:
        self.size = len(docs)
        self.doc_freq: dict[str, int] = {}
        for tokens in docs:
            for tok in set(tokens):
                self.doc_freq[tok] = self.doc_freq.get(tok, 0) + 1
        self._retriever = bm25s.BM25(k1=1.2, b=0.75)
        if docs:
            self._retriever.index([d or ["_"] for d in docs], show_progress=False)

    def search(self, tokens: list[str], k: int) -> list[tuple[int, float]]:
        tokens = [t for t in tokens if t in self.doc_freq]
        if not tokens or not self.size:
            return []
        docs, scores = self._retriever.retrieve([tokens], k=min(k, self.size), show_progress=False)
        return [(int(d), float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]


class KeywordIndex:
    def __init__(self, texts: list[str]) -> None:
        self.size = len(texts)
        self._words = _Bm25([stem_tokens(t) for t in texts])
        self._grams = _Bm25([char_grams(t) for t in texts])

    def idf(self, stem: str) -> float:
        df = self._words.doc_freq.get(stem, 0)
        return float(np.log(1 + (self.size - df + 0.5) / (df + 0.5)))

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """Ranked (position, BM25 score) over stemmed words."""
        return self._words.search(stem_tokens(query), k)

    def search_grams(self, query: str, k: int) -> list[tuple[int, float]]:
        """Ranked (position, BM25 score) over character 5-grams."""
        return self._grams.search(char_grams(query), k)
