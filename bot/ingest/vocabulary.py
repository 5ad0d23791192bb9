"""Evidence for word repairs: Dutch word frequencies (wordfreq) plus the corpus' own words."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
EDGE_PUNCT_RE = re.compile(r"^[^\w\s]+|[^\w\s]+$")
KNOWN_ZIPF = 2.0  # about once per 10 million words: rare but real Dutch words pass


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict  # loads its tables on first use only

    return get_frequency_dict("nl")


def _zipf(word: str) -> float:
    """wordfreq's zipf_frequency, by direct lookup for a plain word: zipf_frequency
    re-tokenizes its input on every call, which cost seconds over a corpus."""
    bare = EDGE_PUNCT_RE.sub("", word)
    if not WORD_RE.fullmatch(bare):
        return _zipf_tokenized(word)
    frequency = _frequencies().get(bare, 0.0)
    return round(math.log10(frequency) + 9, 2) if frequency > 0 else 0.0


@lru_cache(maxsize=50_000)
def _zipf_tokenized(text: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(text, "nl")


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
