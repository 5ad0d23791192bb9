"""Score a sentence against a question (the sentences come from bot.text.split_clauses)."""

from __future__ import annotations

from collections.abc import Callable

from bot.index.keyword import stem_tokens


def overlap_score(question_stems: set[str], sentence: str, idf: Callable[[str], float]) -> float:
    """idf-weighted share of the question's terms found in the sentence."""
    if not question_stems:
        return 0.0
    stems = set(stem_tokens(sentence))
    total = sum(idf(s) for s in question_stems)
    return sum(idf(s) for s in question_stems & stems) / total if total else 0.0
