"""Pick the passage sentence(s) that best support a model's claims. Pure, lexical.

A citation shows the civil servant the exact words in the source, so the quote must be a
verbatim sentence of the passage; which one is chosen by word overlap with the claims.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.text import STOPWORDS, split_sentences

_WORD = re.compile(r"\w+")


def passage_sentences(text: str) -> list[str]:
    """Sentences of a passage, with the line breaks of PDF extraction flattened."""
    flat = re.sub(r"\s+", " ", text).strip()
    return split_sentences(flat)


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in STOPWORDS}


def best_quote(passage_text: str, claims: Sequence[str], max_sentences: int = 2) -> str:
    """The passage sentence(s) sharing most content words with the claims, in passage order.

    Each claim nominates its best sentence; at most `max_sentences` are kept, best first.
    Without any overlap the first sentence stands in, so a citation always has a quote.
    """
    sentences = passage_sentences(passage_text)
    if not sentences:
        return ""
    words = [_content_words(s) for s in sentences]
    nominated: dict[int, int] = {}  # sentence index -> best overlap
    for claim in claims:
        claim_words = _content_words(claim)
        scores = [len(claim_words & w) for w in words]
        best = max(range(len(sentences)), key=lambda i: (scores[i], -i))
        if scores[best] > 0:
            nominated[best] = max(nominated.get(best, 0), scores[best])
    if not nominated:
        return sentences[0]
    chosen = sorted(nominated, key=lambda i: (-nominated[i], i))[:max_sentences]
    return " ".join(sentences[i] for i in sorted(chosen))
