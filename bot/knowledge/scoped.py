"""The knowledge base as one scope sees it: what the SWOT service reads (tables, passages,
every chunk) without the sources the scope may not see."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.ingest.visibility import Scope
from bot.knowledge.visibility import hidden_sources
from bot.models import Chunk, Passage

if TYPE_CHECKING:
    from bot.ingest.swot_tables import SwotTableRecord
    from bot.knowledge.service import KnowledgeBase


class ScopedKnowledge:
    def __init__(self, kb: KnowledgeBase, scope: Scope) -> None:
        self.kb = kb
        self.scope = scope
        self.settings = kb.settings

    def __getattr__(self, name: str) -> Any:  # chat_model and the rest: as the knowledge base has them
        return getattr(self.kb, name)

    def hidden(self) -> frozenset[str]:
        return hidden_sources(self.kb.state().catalog, self.scope)

    def swot_tables(self) -> list[SwotTableRecord]:
        hidden = self.hidden()
        return [t for t in self.kb.swot_tables() if t.source not in hidden]

    def search(self, query: str, k: int = 10) -> list[Passage]:
        return self.kb.search(query, k, scope=self.scope)

    def state(self) -> VisibleChunks:
        return VisibleChunks(self.kb.state().chunks, self.hidden())


class VisibleChunks:
    """An index state's `.chunks`, less the hidden sources."""

    def __init__(self, chunks: list[Chunk], hidden: frozenset[str]) -> None:
        self.chunks = [c for c in chunks if c.source not in hidden]
