"""The knowledge base service: index, search, ask. Knows nothing of Slack or the terminal."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from bot.answer.answerability import judge
from bot.answer.composer import TOP_PASSAGES, Meaning
from bot.answer.extractive import extractive_answer, not_found_answer
from bot.answer.meaning import window_meaning
from bot.config import Settings
from bot.errors import IndexMissing, InvalidQuestion, ModelMismatch
from bot.index.catalog import Catalog
from bot.index.embeddings import RememberQuery
from bot.index.version_db import VersionMissing
from bot.index.versions import Versions
from bot.index_lock import index_lock
from bot.ingest.snapshot import MB, FileLimits
from bot.ingest.visibility import Scope
from bot.knowledge.files import collect_files
from bot.knowledge.indexer import IndexReport, index_files, model_mismatch_message
from bot.knowledge.retrieve import IndexState, search_in_scope
from bot.knowledge.visibility import hidden_sources
from bot.models import Answer, Passage
from bot.query.synonyms import Synonyms, SynonymsError
from bot.query.understand import Query, understand
from bot.text import readable

if TYPE_CHECKING:  # loaded on first use: importing them costs seconds at start-up
    from langchain_core.embeddings import Embeddings
    from langchain_core.language_models import BaseChatModel

    from bot.index.store import ChunkStore
    from bot.ingest.swot_tables import SwotTableRecord
    from bot.knowledge.scoped import ScopedKnowledge

log = logging.getLogger(__name__)
FOLLOW_UP_QUESTIONS = 2
History = Sequence[tuple[str, str]]  # earlier (question, answer) pairs in a thread


class Found(NamedTuple):
    """One search: the index version, the understood question, the passages, the question's
    vector (the composer reuses it) and whether the scope left a well-ranked source out."""

    state: IndexState
    query: Query
    passages: list[Passage]
    vector: list[float] | None
    left_out: bool


def file_limits(settings: Settings) -> FileLimits:
    return FileLimits(
        max_bytes=int(settings.max_file_mb * MB),
        max_chars=settings.max_document_chars,
        max_unpacked_bytes=int(settings.max_docx_unpacked_mb * MB),
    )


class KnowledgeBase:
    index_wait_seconds = 60.0  # a second build waits this long for the first, then stops

    def __init__(self, settings: Settings, *, embeddings: Embeddings | None = None) -> None:
        """Settings come from the edge that builds it (CLI, Slack server, tests);
        `embeddings`: a LangChain Embeddings to use instead of the configured model."""
        self.settings = settings
        self._store: ChunkStore | None = None
        self._embeddings: Embeddings | None = embeddings
        self._state: IndexState | None = None
        self._chat_model: BaseChatModel | None = None
        self._chat_model_loaded = False
        self._synonyms: Synonyms | None = None
        self._windows: dict[str, dict[str, list]] = {}  # collection → chunk id → windows
        self._reload = threading.Lock()  # one thread prepares a new version; the rest answer
        self._index_lock = threading.Lock()  # one build at a time
        self._loading = threading.RLock()  # one thread loads each component; the others wait for it

    # --- components, loaded on first use ------------------------------------------------
    @property
    def store(self) -> ChunkStore:
        if self._store is None:
            with self._loading:
                if self._store is None:
                    from bot.index.store import ChunkStore

                    self._store = ChunkStore(self.settings)
        return self._store

    @property
    def versions(self) -> Versions:
        return Versions(self.settings.bot_data_dir, self.settings.index_database_url)

    @property
    def embeddings(self) -> Embeddings:
        if self._embeddings is None:
            with self._loading:
                if self._embeddings is None:
                    from bot.index.embeddings import load_embeddings

                    self._embeddings = load_embeddings(self.settings.embedding_model)
        return self._embeddings

    @property
    def model_id(self) -> str:
        from bot.index.embeddings import model_id

        return model_id(self.settings.embedding_model)

    @property
    def chat_model(self) -> BaseChatModel | None:
        # Under the lock: the first two questions after start arrive together, and the second
        # must not see "loaded" while the first is still building (it answered without the LLM).
        if not self._chat_model_loaded:
            with self._loading:
                if not self._chat_model_loaded:
                    if self.settings.llm_enabled:
                        from bot.answer.llm import build_chat_model

                        self._chat_model = build_chat_model(self.settings)
                    self._chat_model_loaded = True
        return self._chat_model

    @property
    def synonyms(self) -> Synonyms:
        """knowledge/synonyms.yaml; a broken file is logged and questions go on without it."""
        if self._synonyms is None:
            try:
                self._synonyms = Synonyms.load(self.synonyms_path)
            except SynonymsError as exc:
                log.warning("%s", exc.message)
                self._synonyms = Synonyms()
        return self._synonyms

    @property
    def synonyms_path(self) -> Path:
        return self.settings.knowledge_dir / "synonyms.yaml"

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
        # Questions keep being answered from the current state while a build runs; the
        # new version is opened (and warmed) beside it and swapped in when it is complete.
        with self._index_lock, index_lock(self.settings.bot_data_dir, self.index_wait_seconds):
            index_files(
                files,
                store=self.store,
                embedder=lambda: self.embeddings,
                model=self.model_id,
                data_dir=self.settings.bot_data_dir,
                sources_yaml=self.settings.knowledge_dir / "sources.yaml",
                case_dirs=[self.settings.knowledge_dir / "cases", self.settings.cases_data_dir],
                rebuild=rebuild,
                full_scan=not paths,
                progress=progress,
                report=report,
                limits=file_limits(self.settings),
                index_url=self.settings.index_database_url,
                on_switch=self._switch_to,
            )
        try:  # the admin who rebuilds the index hears about a broken synonyms file
            self._synonyms = Synonyms.load(self.synonyms_path)
        except SynonymsError as exc:
            report.errors.append(exc.message)
        return report

    def _switch_to(self, target: str, switch: Callable[[], tuple[str | None, int]]) -> None:
        current = self._state
        fresh = self._open_state((target, 0), warm=current is None or current.collection != target)
        with self._reload:
            self._state = replace(fresh, key=switch())

    def add_case(self, path: Path) -> IndexReport:
        """Index one case-knowledge file right away (saved from Slack, say)."""
        return self.index([path])

    # --- reading -------------------------------------------------------------------------
    def state(self, wait: bool = False) -> IndexState:
        """The version to answer from. When the index changed, one thread opens the new
        version while the others keep answering from the one they have."""
        key = self.store.version_key()
        current = self._state
        if current is not None and current.key == key:
            return current
        if not self._reload.acquire(blocking=wait or current is None):
            return current  # type: ignore[return-value]  # current is set when not blocking
        try:
            if self._state is None or self._state.key != key:
                self._state = self._open_state(key, warm=False)
            return self._state
        finally:
            self._reload.release()

    def _open_state(self, key: tuple[str | None, int], warm: bool) -> IndexState:
        active = key[0]
        if not active:
            raise IndexMissing("Er is nog geen index. Bouw die eerst met: python -m bot index")
        built_with = self.store.collection_info(active).get("embedding_model")
        if built_with and built_with != self.model_id:
            raise ModelMismatch(model_mismatch_message(built_with, self.model_id))
        try:
            db = self.versions.open(active)
        except (sqlite3.Error, VersionMissing) as exc:
            raise IndexMissing(
                "De index is gebouwd door een oudere versie van de bot (of zijn zoekbestand "
                "ontbreekt). Werk hem bij met: python -m bot index"
            ) from exc
        state = IndexState.open(key, active, db, scan=not self.store.remote)
        if warm and state.scan is None:  # load the new version's vector index now, not in the first question
            self.store.query_windows(active, self.embeddings.embed_query("samenwerking"), 1)
        state.title_index()  # here, while the old state answers, not in the first question
        return state

    def _search(self, question: str, k: int, scope: Scope | None = None) -> Found:
        """Passages for the question, and the question's vector (the composer reuses it)."""
        state = self.state()
        try:
            return self._hybrid(question, k, state, scope)
        except Exception:
            if self.store.version_key() == state.key:
                raise
            state = self.state(wait=True)  # swapped under this question: once more, on the new one
            return self._hybrid(question, k, state, scope)

    def _hybrid(self, question: str, k: int, state: IndexState, scope: Scope | None) -> Found:
        query = self.understand(question, state)
        embeddings = RememberQuery(self.embeddings)
        passages, left_out = search_in_scope(
            query,
            k,
            hidden=hidden_sources(state.catalog, scope),
            state=state,
            store=self.store,
            embeddings=embeddings,
        )
        return Found(state, query, passages, embeddings.last, left_out)

    def understand(self, question: str, state: IndexState) -> Query:
        return understand(question, self.synonyms, state.speller)

    def search(self, query: str, k: int = 10, scope: Scope | None = None) -> list[Passage]:
        query = check_question(query, self.settings.max_question_chars)
        return self._search(query, k, scope).passages

    def ask(
        self,
        question: str,
        history: History | None = None,
        on_partial: Callable[[str], None] | None = None,
        scope: Scope | None = None,
    ) -> Answer:
        """`scope`: the organisations that will read the answer (None: no limit, as on the
        command line); sources they may not all see are left out, and the answer says so."""
        question = check_question(question, self.settings.max_question_chars)
        # The thread's earlier question steers retrieval; the length limit is for the user's
        # own question, so the combined query is not checked again.
        # A follow-up is searched, checked and answered together with its topic.
        found = self._search(_with_history(question, history), self.settings.top_k, scope)
        answer = self._answer(question, found, history, on_partial)
        return replace(answer, left_out=found.left_out) if found.left_out else answer

    def _answer(
        self,
        question: str,
        found: Found,
        history: History | None,
        on_partial: Callable[[str], None] | None,
    ) -> Answer:
        state, query, passages = found.state, found.query, found.passages
        idf = state.keyword.idf
        relevance = judge(query.normalised, passages, idf, self.settings.answer_min_coverage, self.synonyms)
        if not relevance.found:
            return not_found_answer(question, passages)
        if self.chat_model is not None:
            answer = self._llm_answer(question, passages, history, on_partial)
            if answer is not None:
                return answer
        # Sentences are chosen for the repaired question with its synonyms (a passage about
        # the "portefeuillehoudersoverleg" answers "Wat is een PHO?"); the user sees their own words.
        meaning = self._meaning(found.vector, passages, state)
        answer = extractive_answer(
            query.normalised, passages, idf, meaning, search_text=query.dense, synonyms=self.synonyms
        )
        return replace(answer, question=question)

    def _meaning(
        self, vector: list[float] | None, passages: list[Passage], state: IndexState
    ) -> Meaning | None:
        """Candidate sentences scored by the e5 vectors of their windows (bot/answer/meaning.py)."""
        if vector is None:
            return None
        ids = [p.chunk.id for p in passages[:TOP_PASSAGES]]
        cache = self._windows.setdefault(state.collection, {})
        missing = [i for i in ids if i not in cache]
        if missing:
            found = state.windows_of(self.store, missing)
            cache.update({i: found.get(i, []) for i in missing})
        return window_meaning(vector, {i: cache[i] for i in ids}, passages)

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

    def scoped(self, scope: Scope) -> ScopedKnowledge:
        """This knowledge base without the sources `scope` may not see (for a SWOT)."""
        from bot.knowledge.scoped import ScopedKnowledge

        return ScopedKnowledge(self, scope)

    def sources(self, scope: Scope | None = None) -> list[dict[str, Any]]:
        """The indexed documents; with a scope, only those it may see (App Home)."""
        active = self.store.active_name()
        if not active or not self.versions.exists(active):
            return []
        catalog = Catalog(self.versions.open(active))
        hidden = hidden_sources(catalog, scope)
        return [s for s in catalog.source_stats() if s["source"] not in hidden]

    def swot_tables(self) -> list[SwotTableRecord]:
        active = self.store.active_name()
        if not active:
            raise IndexMissing("Er is nog geen index. Bouw die eerst met: python -m bot index")
        records = self.store.tables(active)
        from bot.ingest.swot_tables import SwotTableRecord

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
    """A follow-up borrows the earlier questions so 'en de nadelen?' keeps its topic; two of
    them, since the last may itself be a follow-up ('En de voordelen?' after 'En de nadelen?')."""
    if not history:
        return question
    earlier = [q for q, _ in history[-FOLLOW_UP_QUESTIONS:]]
    return " ".join([question, *reversed(earlier)])
