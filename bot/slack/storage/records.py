"""Plain records the Slack edge keeps of an answer: what the buttons refer back to."""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, field
from typing import Any

from bot.models import Answer
from bot.text import shorten

RELATED_QUOTE_CHARS = 250


@dataclass(frozen=True)
class SourceRef:
    """A numbered source under an answer: a citation, or a "misschien relevant" passage."""

    n: int
    title: str
    section: str
    page: int | None
    quote: str
    text: str  # the whole chunk, for the "Toon passage" modal
    source: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SourceRef:
        return cls(**{k: data.get(k) for k in cls.__dataclass_fields__})  # type: ignore[arg-type]


@dataclass(frozen=True)
class AnswerRecord:
    id: str
    question: str
    found: bool
    answer: str
    mode: str = "extractive"
    sources: list[SourceRef] = field(default_factory=list)
    left_out: bool = False  # the scope left sources out (Slack Connect): the answer says so

    def sources_json(self) -> list[dict[str, Any]]:
        return [asdict(s) for s in self.sources]

    def source(self, n: int) -> SourceRef | None:
        return next((s for s in self.sources if s.n == n), None)


def new_id() -> str:
    return secrets.token_hex(8)


def record_from_answer(answer: Answer, answer_id: str | None = None) -> AnswerRecord:
    """Citations when found; otherwise the closest passages, numbered the same way."""
    if answer.found:
        sources = [
            SourceRef(c.n, c.title, c.section, c.page, c.quote, c.text, c.source) for c in answer.citations
        ]
    else:
        sources = [
            SourceRef(
                n,
                p.chunk.title,
                p.chunk.section,
                p.chunk.page,
                shorten(p.chunk.text, RELATED_QUOTE_CHARS),
                p.chunk.text,
                p.chunk.source,
            )
            for n, p in enumerate(answer.related, 1)
        ]
    return AnswerRecord(
        answer_id or new_id(),
        answer.question,
        answer.found,
        answer.answer,
        answer.mode,
        sources,
        answer.left_out,
    )
