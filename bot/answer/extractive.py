"""Extractive answers: the sentences from the top passages that best answer the question,
each followed by its citation number. No invented text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.answer.answerability import coverage, has_specific_answer
from bot.answer.sentences import overlap_score, split_sentences
from bot.index.keyword import stem_tokens
from bot.models import Answer, Citation, Passage

TOP_PASSAGES = 4
JUDGE_PASSAGES = 3
MAX_SENTENCES = 4
PER_PASSAGE = 2
NOT_FOUND = (
    "Dit staat niet in de documenten die ik ken. Probeer de vraag anders te formuleren, "
    "of vraag een beheerder om een document toe te voegen dat dit behandelt."
)


@dataclass(frozen=True)
class Relevance:
    """Whether the best passages answer the question, with the evidence for it."""

    coverage: float  # idf-weighted share of question terms in the best passage
    specific: bool  # number/date questions: a number/date next to the subject
    found: bool


def judge(question: str, passages: list[Passage], idf: Callable[[str], float],
          min_coverage: float) -> Relevance:
    if not passages:
        return Relevance(0.0, False, False)
    texts = [f"{p.chunk.section} {p.chunk.text}" for p in passages[:JUDGE_PASSAGES]]
    cov = coverage(question, texts, idf)
    specific = has_specific_answer(question, [p.chunk.text for p in passages[:JUDGE_PASSAGES]])
    return Relevance(cov, specific, cov >= min_coverage and specific)


def extractive_answer(question: str, passages: list[Passage], idf: Callable[[str], float]) -> Answer:
    stems = set(stem_tokens(question))
    picked = _pick_sentences(stems, passages[:TOP_PASSAGES], idf)
    numbers: dict[int, int] = {}
    quotes: dict[int, list[str]] = {}
    lines = []
    for rank, sentence in picked:
        n = numbers.setdefault(rank, len(numbers) + 1)
        quotes.setdefault(rank, []).append(sentence)
        lines.append(f"{sentence} [{n}]")
    citations = [_citation(n, passages[rank], quotes[rank]) for rank, n in numbers.items()]
    return Answer(question=question, found=True, answer="\n".join(lines), citations=citations)


def _pick_sentences(
    stems: set[str], passages: list[Passage], idf: Callable[[str], float]
) -> list[tuple[int, str]]:
    scored: list[tuple[float, int, int, str]] = []
    for rank, passage in enumerate(passages):
        for pos, sentence in enumerate(split_sentences(passage.chunk.text)):
            # Earlier passages are likelier to be right: a gentle rank penalty breaks ties.
            score = overlap_score(stems, sentence, idf) * (1.0 - 0.08 * rank)
            scored.append((score, rank, pos, sentence))
    scored.sort(key=lambda s: s[0], reverse=True)
    chosen: list[tuple[float, int, int, str]] = []
    per_passage: dict[int, int] = {}
    for item in scored:
        score, rank, _, _ = item
        if score <= 0 or len(chosen) >= MAX_SENTENCES or per_passage.get(rank, 0) >= PER_PASSAGE:
            continue
        chosen.append(item)
        per_passage[rank] = per_passage.get(rank, 0) + 1
    if passages and 0 not in per_passage:  # always quote the best passage
        best = max((s for s in scored if s[1] == 0), key=lambda s: s[0], default=None)
        if best:
            chosen = [best] + chosen[: MAX_SENTENCES - 1]
    chosen.sort(key=lambda s: (s[1], s[2]))
    return [(rank, sentence) for _, rank, _, sentence in chosen]


def _citation(n: int, passage: Passage, quotes: list[str]) -> Citation:
    c = passage.chunk
    return Citation(n=n, source=c.source, title=c.title, section=c.section, page=c.page,
                    quote=" … ".join(quotes), text=c.text)


def not_found_answer(question: str, passages: list[Passage]) -> Answer:
    return Answer(question=question, found=False, answer=NOT_FOUND, related=passages[:3])
