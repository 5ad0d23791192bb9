"""ChromaDB storage of chunks and their vectors. The only module that imports chromadb.

Each build writes a versioned collection; a small meta collection names the active one, so
readers never see a half-built index and a failed rebuild leaves the old one serving (and
is resumed by the next build). Rows are written and deleted by id, never by a filter over
the whole collection: the ids a document owns are kept in the version's catalogue.
Works embedded (PersistentClient under the data dir) or against a `chroma run` server.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import chromadb
from chromadb.config import Settings as ChromaSettings

from bot.config import Settings
from bot.errors import UserError
from bot.models import Chunk
from bot.os_messages import os_cause

if TYPE_CHECKING:
    from bot.index.windows import Window

BATCH = 256
WINDOWS = "_windows"  # sibling collection: the short windows each chunk is searched by


@dataclass(frozen=True)
class Hit:
    chunk_id: str
    similarity: float


def open_error_message(settings: Settings, exc: BaseException) -> str:
    """Names the real cause: a remote server that does not answer, or the local folder's
    rights, a full disk, a file where the folder should be."""
    if settings.chroma_host:
        return (
            f"Kan de ChromaDB-server {settings.chroma_host}:{settings.chroma_port} niet bereiken "
            f"({type(exc).__name__}). Controleer CHROMA_HOST/CHROMA_PORT "
            "en of de server draait (`chroma run`)."
        )
    cause = os_cause(exc) or f"{type(exc).__name__}: {exc}"
    return (
        f"Kan de index in {settings.chroma_dir} niet openen: {cause}. "
        "Controleer BOT_DATA_DIR, de rechten op die map en de vrije schijfruimte."
    )


class ChunkStore:
    def __init__(self, settings: Settings) -> None:
        self.prefix = settings.collection_prefix
        self.remote = bool(settings.chroma_host)  # the vectors' graph lives in a server
        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        try:
            if settings.chroma_host:
                self.client = chromadb.HttpClient(
                    host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
                )
                self.client.heartbeat()
            else:
                settings.chroma_dir.mkdir(parents=True, exist_ok=True)
                self.client = chromadb.PersistentClient(
                    path=str(settings.chroma_dir), settings=chroma_settings
                )
        except Exception as exc:
            raise UserError(open_error_message(settings, exc)) from exc
        self._meta = self.client.get_or_create_collection(f"{self.prefix}_meta", embedding_function=None)

    # --- versions -------------------------------------------------------------------
    def active_name(self) -> str | None:
        return (self._meta_collection().metadata or {}).get("active")

    def active_info(self) -> dict[str, Any]:
        name = self.active_name()
        if not name:
            return {}
        return dict(self._collection(name).metadata or {})

    def collection_info(self, name: str) -> dict[str, Any]:
        return dict(self._collection(name).metadata or {})

    def create_version(self, model: str) -> str:
        name = f"{self.prefix}_v{time.time_ns()}"
        self.client.create_collection(
            name,
            metadata={"hnsw:space": "cosine", "embedding_model": model, "created": time.time()},
            embedding_function=None,
        )
        self._windows(name)
        return name

    def pending_version(self, model: str) -> str | None:
        """The newest unfinished build for `model` (not active): a crashed build resumes there."""
        active = self.active_name()
        names = sorted(n for n in self._version_names() if n != active)
        for name in reversed(names):
            if (self._collection(name).metadata or {}).get("embedding_model") == model:
                return name
        return None

    def activate(self, name: str) -> tuple[str | None, int]:
        """Point readers at `name`; returns the new version key. Old versions stay until
        `drop_inactive`, so readers that still hold one can finish their question."""
        updated = time.time_ns()
        self._meta.modify(metadata={"active": name, "updated": updated})
        return name, updated

    def touch(self) -> tuple[str | None, int]:
        """Tell other readers the active index changed in place (incremental update)."""
        meta = self._meta_collection().metadata or {}
        updated = time.time_ns()
        self._meta.modify(metadata={**meta, "updated": updated})
        return meta.get("active"), updated

    def version_key(self) -> tuple[str | None, int]:
        meta = self._meta_collection().metadata or {}
        return meta.get("active"), int(meta.get("updated", 0))

    def _meta_collection(self) -> Any:
        return self.client.get_collection(f"{self.prefix}_meta", embedding_function=None)

    def _version_names(self) -> list[str]:
        names = [getattr(col, "name", col) for col in self.client.list_collections()]
        return [n for n in names if n.startswith(f"{self.prefix}_v") and not n.endswith(("_tables", WINDOWS))]

    def drop_inactive(self, keep: str | None = None) -> list[str]:
        """Drop every version but the active one (and `keep`); returns the dropped names."""
        active = self.active_name()
        dropped = [n for n in self._version_names() if active and n not in (active, keep)]
        for name in dropped:
            self.drop_version(name)
        return dropped

    def drop_version(self, name: str) -> None:
        for suffix in ("", "_tables", WINDOWS):
            try:
                self.client.delete_collection(name + suffix)
            except Exception:  # already gone: nothing to clean up
                pass

    def _collection(self, name: str) -> Any:
        return self.client.get_collection(name, embedding_function=None)

    # --- chunks ----------------------------------------------------------------------
    def add(
        self, name: str, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]], doc_hash: str
    ) -> None:
        _upsert(
            self._collection(name),
            [c.id for c in chunks],
            vectors,
            [_metadata(c, doc_hash) for c in chunks],
        )

    def delete_ids(
        self, name: str, chunk_ids: Sequence[str], window_ids: Sequence[str], source: str, tables: range
    ) -> None:
        """A document's rows, by id: the cost follows the document, not the collection."""
        for col, ids in ((self._collection(name), list(chunk_ids)), (self._windows(name), list(window_ids))):
            for start in range(0, len(ids), BATCH):
                col.delete(ids=ids[start : start + BATCH])
        if tables:
            self._tables(name).delete(ids=[_table_id(source, i) for i in tables])

    def query(self, name: str, vector: Sequence[float], k: int) -> list[Hit]:
        return _nearest(self._collection(name), vector, k)

    # --- windows: the short texts a chunk is found by -----------------------------------
    def _windows(self, name: str) -> Any:
        return self.client.get_or_create_collection(
            name + WINDOWS, metadata={"hnsw:space": "cosine"}, embedding_function=None
        )

    def add_windows(self, name: str, windows: Sequence[Window], vectors: Sequence[Sequence[float]]) -> None:
        _upsert(
            self._windows(name),
            [w.id for w in windows],
            vectors,
            [{"chunk_id": w.chunk_id, "source": w.source} for w in windows],
        )

    def window_vectors(self, name: str, ids: Sequence[str]) -> dict[str, list[float]]:
        """Stored vectors of those of `ids` that `name` has (asked by id: one batch at a time)."""
        if not ids:
            return {}
        got = self._windows(name).get(ids=list(ids), include=["embeddings"])
        return {i: list(map(float, e)) for i, e in zip(got["ids"], got["embeddings"], strict=True)}

    def windows_of(self, name: str, chunk_ids: Sequence[str]) -> dict[str, list[tuple[str, list[float]]]]:
        """The windows of these chunks: chunk id → [(window text, vector)]."""
        if not chunk_ids:
            return {}
        got = self._windows(name).get(
            where={"chunk_id": {"$in": list(chunk_ids)}}, include=["embeddings", "documents", "metadatas"]
        )
        out: dict[str, list[tuple[str, list[float]]]] = {}
        for text, vector, meta in zip(got["documents"], got["embeddings"], got["metadatas"], strict=True):
            out.setdefault(meta["chunk_id"], []).append((text, list(map(float, vector))))
        return out

    def window_count(self, name: str) -> int:
        """Vectors a question searches: the embedded client holds all of them in memory."""
        return self._windows(name).count()

    def query_windows(self, name: str, vector: Sequence[float], k: int) -> list[Hit]:
        """Chunks by their best window, best first; by chunk vectors for an index without windows."""
        col = self._windows(name)
        count = col.count()
        if not count:
            return self.query(name, vector, k)
        got = col.query(
            query_embeddings=[list(vector)], n_results=min(k * 4, count), include=["distances", "metadatas"]
        )
        best: dict[str, float] = {}
        for meta, dist in zip(got["metadatas"][0], got["distances"][0], strict=True):
            best.setdefault(meta["chunk_id"], 1.0 - float(dist))  # results come nearest first
        return [Hit(chunk_id, sim) for chunk_id, sim in list(best.items())[:k]]

    # --- structured records (SWOT tables) next to the chunks ---------------------------
    def put_tables(self, name: str, source: str, records: list[dict[str, Any]]) -> None:
        if records:
            self._tables(name).upsert(
                ids=[_table_id(source, i) for i in range(len(records))],
                embeddings=[[1.0] for _ in records],  # records are looked up, never searched
                documents=[json.dumps(r, ensure_ascii=False) for r in records],
                metadatas=[{"source": source} for _ in records],
            )

    def _tables(self, name: str) -> Any:
        return self.client.get_or_create_collection(f"{name}_tables", embedding_function=None)

    def tables(self, name: str) -> list[dict[str, Any]]:
        try:
            col = self.client.get_collection(f"{name}_tables", embedding_function=None)
        except Exception:  # no tables stored for this version
            return []
        got = col.get(include=["documents"])
        return [json.loads(d) for d in got["documents"]]


# Texts live in the version's catalogue, not here: ChromaDB would also index every
# document it stores in a trigram full-text table that nothing reads.
def _upsert(
    col: Any,
    ids: list[str],
    vectors: Sequence[Sequence[float]],
    metadatas: list[dict[str, Any]],
) -> None:
    for start in range(0, len(ids), BATCH):
        end = start + BATCH
        col.upsert(
            ids=ids[start:end],
            embeddings=[list(v) for v in vectors[start:end]],
            metadatas=metadatas[start:end],
        )


def _table_id(source: str, i: int) -> str:
    return f"{source}:table:{i}"


def _nearest(col: Any, vector: Sequence[float], k: int) -> list[Hit]:
    count = col.count()
    if not count:
        return []
    got = col.query(query_embeddings=[list(vector)], n_results=min(k, count), include=["distances"])
    return [Hit(i, 1.0 - float(d)) for i, d in zip(got["ids"][0], got["distances"][0], strict=True)]


def _metadata(chunk: Chunk, doc_hash: str) -> dict[str, Any]:
    return {
        "source": chunk.source,
        "title": chunk.title,
        "section": chunk.section,
        "page": chunk.page if chunk.page is not None else -1,
        "kind": chunk.kind,
        "doc_hash": doc_hash,
        "indexed_at": time.strftime("%Y-%m-%d %H:%M"),
    }
