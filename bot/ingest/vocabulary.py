"""Evidence for word repairs: Dutch word frequencies (wordfreq) plus the corpus' own words."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
KNOWN_ZIPF = 2.0  # about once per 10 million words: rare but real Dutch words pass


@lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency  # loads its tables on first use only

    return zipf_frequency(word, "nl")


class Vocabulary:
    """Answers 'is this a word?' from a Dutch frequency list and words seen intact in the corpus."""

    def __init__(self, corpus_counts: Counter[str] | None = None) -> None:
        self.corpus_counts: Counter[str] = corpus_counts or Counter()

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Vocabulary:
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(w.lower() for w in WORD_RE.findall(text))
        return cls(counts)

    def zipf(self, word: str) -> float:
        return _zipf(word.lower())

    def corpus_count(self, word: str) -> int:
        return self.corpus_counts.get(word.lower(), 0)

    def is_word(self, word: str) -> bool:
        return self.zipf(word) >= KNOWN_ZIPF or self.corpus_count(word) >= 2
