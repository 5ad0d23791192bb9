"""BM25 keyword search with Dutch Snowball stemming (bm25s + PyStemmer)."""

from __future__ import annotations

import logging
import re

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_DUTCH

logging.getLogger("bm25s").setLevel(logging.WARNING)
TOKEN_RE = re.compile(r"(?u)\b\w\w+\b")
_STEMMER = Stemmer.Stemmer("dutch")
STOPWORDS = frozenset(STOPWORDS_DUTCH)


def stem_tokens(text: str) -> list[str]:
    words = [w for w in TOKEN_RE.findall(text.lower()) if w not in STOPWORDS]
    return _STEMMER.stemWords(words)


class KeywordIndex:
    def __init__(self, texts: list[str]) -> None:
        self.size = len(texts)
        self._retriever = bm25s.BM25()
        self._doc_freq: dict[str, int] = {}
        if texts:
            corpus_tokens = [stem_tokens(t) or ["_"] for t in texts]
            for tokens in corpus_tokens:
                for tok in set(tokens):
                    self._doc_freq[tok] = self._doc_freq.get(tok, 0) + 1
            self._retriever.index(corpus_tokens, show_progress=False)

    def idf(self, stem: str) -> float:
        df = self._doc_freq.get(stem, 0)
        return float(np.log(1 + (self.size - df + 0.5) / (df + 0.5)))

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        tokens = [t for t in stem_tokens(query) if t in self._doc_freq]
        if not tokens or not self.size:
            return []
        k = min(k, self.size)
        docs, scores = self._retriever.retrieve([tokens], k=k, show_progress=False)
        return [(int(d), float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]
