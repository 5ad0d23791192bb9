"""Extractive answers: the sentences from the top passages that best answer the question,
each followed by its citation number. No invented text."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from bot.answer.composer import FRAME, Meaning, compose
from bot.answer.question import read_question
from bot.models import Answer, Citation, Passage
from bot.query.synonyms import Synonyms

NOT_FOUND = (
    "Dit staat niet in de documenten die ik ken. Probeer de vraag anders te formuleren, "
    "of vraag een beheerder om een document toe te voegen dat dit behandelt."
)
PROVENANCE_HEADINGS = frozenset({"bron", "bronnen"})  # a case file's sources section


def extractive_answer(
    question: str,
    passages: list[Passage],
    idf: Callable[[str], float],
    meaning: Meaning | None = None,
    search_text: str | None = None,
    synonyms: Synonyms | None = None,
) -> Answer:
    """Lines quoted from the passages in the shape the question asks for, each with [n].
    `search_text`: the question with its synonyms, whose words count for the sentences."""
    # a provenance passage keeps its place (the rank priors of the others stay) but says nothing
    quotable = [replace(p, chunk=replace(p.chunk, text="")) if _provenance(p) else p for p in passages]
    composition = compose(read_question(question, search_text, synonyms), quotable, idf, meaning)
    if not composition.lines:
        return not_found_answer(question, passages)
    numbers: dict[int, int] = {}
    quotes: dict[int, list[str]] = {}
    lines = []
    for text, rank in composition.lines:
        if rank == FRAME:
            lines.append(text)
            continue
        n = numbers.setdefault(rank, len(numbers) + 1)
        quotes.setdefault(rank, []).append(_quoted_part(text))
        lines.append(f"{text} [{n}]")
    citations = [_citation(n, passages[rank], quotes[rank]) for rank, n in numbers.items()]
    return Answer(question=question, found=True, answer="\n".join(lines), citations=citations)


def _provenance(passage: Passage) -> bool:
    """A case file's "## Bron" section says where its facts come from ("SETA-essay: figuur 2
    …"). It stays searchable (a question that names a document finds the case through it;
    left out of the index, dev MRR@10 fell from 0.861 to 0.850) but it is not an answer."""
    return passage.chunk.kind == "case" and passage.chunk.heading.strip().lower() in PROVENANCE_HEADINGS


def _quoted_part(line: str) -> str:
    """The verbatim part of an answer line: without the item dash, a side label or '…'."""
    text = line[2:] if line.startswith("- ") else line
    text = text.removesuffix(" …")
    return text.split(": ", 1)[1] if COMPARE_LABEL_RE.match(text) else text


COMPARE_LABEL_RE = re.compile(r"^[^:]{1,60}: (?=\S)")


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
