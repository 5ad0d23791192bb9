"""Split passages into sentences and score them against a question."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.index.keyword import stem_tokens

SENTENCE_RE = re.compile(r"(?<=[.!?;:])\s+(?=[A-Z0-9\u2018\u201c'\"(-])|\n+|\t+|\s+-\s+(?=[A-Z])")
MIN_CHARS = 12  # "Kort." or "bv." alone is no sentence


def split_sentences(text: str) -> list[str]:
    parts = [p.strip(" -\t") for p in SENTENCE_RE.split(text)]
    merged: list[str] = []
    for part in parts:
        if not part:
            continue
        if merged and len(part) < MIN_CHARS:
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return merged


def overlap_score(question_stems: set[str], sentence: str, idf: Callable[[str], float]) -> float:
    """idf-weighted share of the question's terms found in the sentence."""
    if not question_stems:
        return 0.0
    stems = set(stem_tokens(sentence))
    total = sum(idf(s) for s in question_stems)
    return sum(idf(s) for s in question_stems & stems) / total if total else 0.0
