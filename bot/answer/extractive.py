"""Extractive answers: the sentences from the top passages that best answer the question,
each followed by its citation number. No invented text."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.answer.sentences import overlap_score
from bot.index.keyword import stem_tokens
from bot.models import Answer, Citation, Passage
from bot.text import split_clauses

TOP_PASSAGES = 5
MAX_SENTENCES = 6
PER_PASSAGE = 2
MIN_WORDS = 5
ALWAYS_QUOTED = 3  # the best passages are quoted whenever they share a term with the question
RELATIVE_MIN = 0.4  # a passage is quoted when its best sentence scores this share of the best
NOT_FOUND = (
    "Dit staat niet in de documenten die ik ken. Probeer de vraag anders te formuleren, "
    "of vraag een beheerder om een document toe te voegen dat dit behandelt."
)


def extractive_answer(question: str, passages: list[Passage], idf: Callable[[str], float]) -> Answer:
    stems = set(stem_tokens(question))
    picked = _pick_sentences(question, stems, passages[:TOP_PASSAGES], idf)
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
    question: str, stems: set[str], passages: list[Passage], idf: Callable[[str], float]
) -> list[tuple[int, str]]:
    """The best sentence of each top passage that is relevant enough, then more sentences
    from them; in passage order. Several sources let the reader check the answer."""
    question_subject = definition_subject(question)
    best: dict[int, tuple[float, int, str]] = {}
    extra: list[tuple[float, int, int, str]] = []
    for rank, passage in enumerate(passages):
        for pos, sentence in enumerate(split_clauses(passage.chunk.text)):
            if not _quotable(sentence):
                continue
            score = overlap_score(stems, sentence, idf) + definition_bonus(question_subject, sentence)
            if score > best.get(rank, (0.0, 0, ""))[0]:
                best[rank] = (score, pos, sentence)
            extra.append((score, rank, pos, sentence))
    if not best:
        return []
    top = max(score for score, _, _ in best.values())
    chosen = {
        (rank, pos): sentence
        for rank, (score, pos, sentence) in best.items()
        if rank < ALWAYS_QUOTED or score >= RELATIVE_MIN * top
    }
    for score, rank, pos, sentence in sorted(extra, reverse=True):
        if len(chosen) >= MAX_SENTENCES or score < RELATIVE_MIN * top:
            break
        if rank in {r for r, _ in chosen} and sum(1 for r, _ in chosen if r == rank) < PER_PASSAGE:
            chosen[(rank, pos)] = sentence
    return [(rank, chosen[(rank, pos)]) for rank, pos in sorted(chosen)]


DEFINITION_Q_RE = re.compile(
    r"^\s*wat\s+(?:is|zijn|betekent|houdt)\s+(?:een\s+|de\s+|het\s+)?(.+?)(?:\s+in)?\s*\??\s*$", re.IGNORECASE
)
DEFINITION_VERB_RE = re.compile(r"[^.]{0,40}?\b(is|zijn|betekent|houdt in|staat voor|wordt)\b")
DEFINITION_BONUS = 0.3


def definition_subject(question: str) -> str | None:
    """'Wat is een centrumgemeente?' → 'centrumgemeente'."""
    match = DEFINITION_Q_RE.match(question)
    return match.group(1).lower() if match and len(match.group(1).split()) <= 4 else None


def definition_bonus(subject: str | None, sentence: str) -> float:
    """A sentence that says what the subject *is* beats one that merely mentions it."""
    if not subject:
        return 0.0
    lower = sentence.lower()
    at = lower.find(subject)
    if at < 0 or at > 80:
        return 0.0
    rest = lower[at + len(subject) :]
    return DEFINITION_BONUS if DEFINITION_VERB_RE.match(rest) else 0.0


def _quotable(sentence: str) -> bool:
    """Questions and fragments ("Een combinatiemodel 2.") answer nothing."""
    return not sentence.rstrip().endswith("?") and len(sentence.split()) >= MIN_WORDS


def _citation(n: int, passage: Passage, quotes: list[str]) -> Citation:
    c = passage.chunk
    return Citation(
        n=n,
        source=c.source,
        title=c.title,
        section=c.section,
        page=c.page,
        quote=" … ".join(quotes),
        text=c.text,
    )


def not_found_answer(question: str, passages: list[Passage]) -> Answer:
    return Answer(question=question, found=False, answer=NOT_FOUND, related=passages[:3])
