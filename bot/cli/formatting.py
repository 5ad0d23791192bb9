"""Pure functions that turn answers and passages into terminal text. No I/O."""

from __future__ import annotations

from typing import Any

from bot.models import Answer, Citation, Passage
from bot.text import shorten, source_line


def citation_lines(citations: list[Citation]) -> list[str]:
    lines = []
    for c in citations:
        lines.append(source_line(c.n, c.title, c.section, c.page))
        lines.append(f'    "{shorten(c.quote)}"')
    return lines


def answer_text(answer: Answer) -> str:
    if not answer.found:
        lines = [answer.answer]
        if answer.related:
            lines += ["", "Misschien relevant:"]
            lines += passage_lines(answer.related)
        return "\n".join(lines)
    lines = [answer.answer, "", "Bronnen:"] + citation_lines(answer.citations)
    return "\n".join(lines)


def passage_lines(passages: list[Passage]) -> list[str]:
    lines = []
    for n, p in enumerate(passages, 1):
        lines.append(source_line(n, p.chunk.title, p.chunk.section, p.chunk.page))
        lines.append(f'    "{shorten(p.chunk.text, 200)}"')
    return lines


def passage_json(rank: int, passage: Passage) -> dict[str, Any]:
    c = passage.chunk
    return {
        "rank": rank,
        "score": round(passage.score, 6),
        "source": c.source,
        "title": c.title,
        "section": c.section,
        "page": c.page,
        "text": c.text,
    }
