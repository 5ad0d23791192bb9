"""The knowledge base service: index, search, ask. Knows nothing of Slack or the terminal."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bot.answer.extractive import extractive_answer, judge, not_found_answer
from bot.config import Settings, get_settings
from bot.errors import IndexMissing, InvalidQuestion, ModelMismatch
from bot.indexer import IndexReport, collect_files, index_files, model_mismatch_message
from bot.models import Answer, Passage
from bot.retrieve import HybridRetriever, IndexState, hybrid_search
from bot.unicode_input import readable

log = logging.getLogger(__name__)
History = Sequence[tuple[str, str]]  # earlier (question, answer) pairs in a thread


class KnowledgeBase:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self._store: Any = None
        self._embeddings: Any = None
        self._state: IndexState | None = None
        self._state_key: tuple[str | None, int] | None = None
        self._chat_model: Any = None
        self._chat_model_loaded = False
        self._lock = threading.RLock()  # guards the loaded state
        self._index_lock = threading.Lock()  # one build at a time

    # --- components, loaded on first use ------------------------------------------------
    @property
    def store(self) -> Any:
        if self._store is None:
            from bot.index.store import ChunkStore

            self._store = ChunkStore(self.settings)
        return self._store

    @property
    def embeddings(self) -> Any:
        if self._embeddings is None:
            from bot.index.embeddings import load_embeddings

            self._embeddings = load_embeddings(self.settings.embedding_model)
        return self._embeddings

    @property
    def model_id(self) -> str:
        from bot.index.embeddings import model_id

        return model_id(self.settings.embedding_model)

    @property
    def chat_model(self) -> Any:
        if not self._chat_model_loaded:
            self._chat_model_loaded = True
            if self.settings.llm_enabled:
                from bot.llm import build_chat_model

                self._chat_model = build_chat_model(self.settings)
        return self._chat_model

    # --- indexing ------------------------------------------------------------------------
    def default_roots(self) -> list[Path]:
        k = self.settings.knowledge_dir
        return [k / "sources", k / "cases", self.settings.cases_data_dir]

    def index(
        self,
        paths: Sequence[Path] | None = None,
        *,
        rebuild: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> IndexReport:
        report = IndexReport()
        roots = list(paths) if paths else [r for r in self.default_roots() if r.exists()]
        files = collect_files(roots, report)
        # Questions keep being answered from the current state while a build runs; a
        # rebuild becomes visible when it switches collections (the version key changes).
        with self._index_lock:
            index_files(
                files,
                store=self.store,
                embeddings=self.embeddings,
                model=self.model_id,
                sources_yaml=self.settings.knowledge_dir / "sources.yaml",
                case_dirs=[self.settings.knowledge_dir / "cases", self.settings.cases_data_dir],
                rebuild=rebuild,
                full_scan=not paths,
                progress=progress,
                report=report,
            )
        with self._lock:
            self._state = None
        return report

    def add_case(self, path: Path) -> IndexReport:
        """Index one case-knowledge file right away (saved from Slack, say)."""
        return self.index([path])

    # --- reading -------------------------------------------------------------------------
    def state(self) -> IndexState:
        with self._lock:
            key = self.store.version_key()
            if self._state is None or key != self._state_key:
                self._state = self._load_state(key[0])
                self._state_key = key
            return self._state

    def _load_state(self, active: str | None) -> IndexState:
        if not active:
            raise IndexMissing("Er is nog geen index. Bouw die eerst met: python -m bot index")
        built_with = self.store.active_info().get("embedding_model")
        if built_with and built_with != self.model_id:
            raise ModelMismatch(model_mismatch_message(built_with, self.model_id))
        return IndexState.build(active, self.store.chunks(active))

    def search(self, query: str, k: int = 10) -> list[Passage]:
        query = check_question(query, self.settings.max_question_chars)
        state = self.state()
        return hybrid_search(query, k, state=state, store=self.store, embeddings=self.embeddings)

    def retriever(self, k: int = 10) -> HybridRetriever:
        return HybridRetriever(knowledge=self, k=k)

    def ask(
        self, question: str, history: History | None = None, on_partial: Callable[[str], None] | None = None
    ) -> Answer:
        question = check_question(question, self.settings.max_question_chars)
        # The thread's earlier question steers retrieval; the length limit is for the user's
        # own question, so the combined query is not checked again.
        state = self.state()
        passages = hybrid_search(
            _with_history(question, history),
            self.settings.top_k,
            state=state,
            store=self.store,
            embeddings=self.embeddings,
        )
        idf = state.keyword.idf
        relevance = judge(question, passages, idf, self.settings.answer_min_coverage)
        if not relevance.found:
            return not_found_answer(question, passages)
        if self.chat_model is not None:
            answer = self._llm_answer(question, passages, history, on_partial)
            if answer is not None:
                return answer
        return extractive_answer(question, passages, idf)

    def _llm_answer(
        self,
        question: str,
        passages: list[Passage],
        history: History | None,
        on_partial: Callable[[str], None] | None,
    ) -> Answer | None:
        from bot.answer.llm_answer import generate_answer

        turns = [turn for q, a in (history or []) for turn in (("human", q), ("ai", a))]
        return generate_answer(
            question,
            passages[:6],
            chat_model=self.chat_model,
            prompts_dir=self.settings.prompts_dir,
            history=turns or None,
            on_partial=on_partial,
        )

    def sources(self) -> list[dict[str, Any]]:
        active = self.store.active_name()
        return self.store.source_stats(active) if active else []

    def swot_tables(self) -> list[Any]:
        active = self.store.active_name()
        if not active:
            raise IndexMissing("Er is nog geen index. Bouw die eerst met: python -m bot index")
        records = self.store.tables(active)
        try:
            from bot.ingest.swot_tables import SwotTableRecord
        except ImportError:
            return records
        return [SwotTableRecord.from_dict(r) for r in records]


def check_question(text: str, max_chars: int) -> str:
    cleaned = " ".join(readable(text or "").split())
    if cleaned and not cleaned.replace("\ufffd", "").strip():
        raise InvalidQuestion(
            "De vraag bevat alleen onleesbare tekens (geen geldige UTF-8). "
            "Typ de vraag opnieuw, bijvoorbeeld: Wat is een ambtelijke fusie?"
        )
    if not cleaned:
        raise InvalidQuestion("De vraag is leeg. Typ een vraag, bijvoorbeeld: Wat is een ambtelijke fusie?")
    if len(cleaned) > max_chars:
        raise InvalidQuestion(
            f"De vraag is te lang ({len(cleaned)} tekens; maximaal {max_chars}). "
            "Maak de vraag korter en stel één vraag tegelijk."
        )
    return cleaned


def _with_history(question: str, history: History | None) -> str:
    """A follow-up borrows the thread's last question so 'en de nadelen?' keeps its topic."""
    if not history:
        return question
    last_question = history[-1][0]
    return f"{question} {last_question}"
