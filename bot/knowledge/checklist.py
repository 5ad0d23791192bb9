"""Evaluation questions for a monitoring reminder, drawn from the knowledge base and cited."""

from __future__ import annotations

from typing import Protocol

from bot.index.keyword import stem_tokens
from bot.models import Citation, Passage
from bot.text import split_clauses

# What the documents say an evaluation needs; asked beside the cooperation's own subject.
EVALUATION_QUERY = "evaluatie evaluatiemoment nulmeting doelstellingen meetbaar geformuleerd"
CUE_STEMS = (
    "evalu",
    "monitor",
    "nulmet",
    "meting",
    "meetba",
    "doelstell",
    "doel",
    "result",
    "effect",
    "succesbepal",
)
MIN_WORDS = 4


class Searches(Protocol):
    def search(self, query: str, k: int = 10) -> list[Passage]: ...


def evaluation_checklist(kb: Searches, subject: str, limit: int = 4) -> list[tuple[str, Citation]]:
    """Questions (or, failing those, evaluation statements) from the passages that best match
    the subject and evaluation; each with the passage it comes from."""
    passages = kb.search(EVALUATION_QUERY, 4)
    known = {p.chunk.id for p in passages}
    passages += [p for p in kb.search(f"{subject} evaluatie".strip(), 4) if p.chunk.id not in known]
    scored: list[tuple[float, int, str]] = []
    for rank, passage in enumerate(passages):
        for sentence in split_clauses(passage.chunk.text):
            score = _score(sentence)
            if score > 0:
                scored.append((score - 0.01 * rank, rank, sentence))
    picked: list[tuple[str, Citation]] = []
    seen: set[str] = set()
    for _, rank, sentence in sorted(scored, key=lambda s: s[0], reverse=True):
        key = " ".join(sentence.lower().split())
        if key in seen:
            continue
        seen.add(key)
        c = passages[rank].chunk
        picked.append(
            (sentence, Citation(len(picked) + 1, c.source, c.title, c.section, c.page, sentence, c.text))
        )
        if len(picked) >= limit:
            break
    return picked


def _score(sentence: str) -> float:
    words = sentence.split()
    if len(words) < MIN_WORDS or len(sentence) > 300:
        return 0.0
    cues = sum(1 for stem in stem_tokens(sentence) if any(stem.startswith(c) for c in CUE_STEMS))
    question = sentence.rstrip().endswith("?")
    if not cues:
        return 0.0
    return cues + (1.0 if question else 0.0)
