"""ChromaDB storage of chunks and their vectors. The only module that imports chromadb.

Each build writes a versioned collection; a small meta collection names the active one, so
readers never see a half-built index and a failed rebuild leaves the old one serving.
Works embedded (PersistentClient under the data dir) or against a `chroma run` server.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
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

    def create_version(self, model: str) -> str:
        name = f"{self.prefix}_v{time.time_ns()}"
        self.client.create_collection(
            name,
            metadata={"hnsw:space": "cosine", "embedding_model": model, "created": time.time()},
            embedding_function=None,
        )
        self._windows(name)
        return name

    def activate(self, name: str) -> None:
        self._meta.modify(metadata={"active": name, "updated": time.time_ns()})
        self.drop_inactive()

    def touch(self) -> None:
        """Tell other readers the active index changed in place (incremental update)."""
        meta = self._meta_collection().metadata or {}
        self._meta.modify(metadata={**meta, "updated": time.time_ns()})

    def version_key(self) -> tuple[str | None, int]:
        meta = self._meta_collection().metadata or {}
        return meta.get("active"), int(meta.get("updated", 0))

    def _meta_collection(self) -> Any:
        return self.client.get_collection(f"{self.prefix}_meta", embedding_function=None)

    def drop_inactive(self) -> None:
        active = self.active_name()
        for col in self.client.list_collections():
            col_name = getattr(col, "name", col)
            if col_name.startswith(f"{self.prefix}_v") and active and not col_name.startswith(active):
                self.client.delete_collection(col_name)

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
            [c.text for c in chunks],
            [_metadata(c, doc_hash) for c in chunks],
        )

    def delete_source(self, name: str, source: str) -> None:
        self._collection(name).delete(where={"source": source})
        self._windows(name).delete(where={"source": source})
        self.put_tables(name, source, [])

    def chunks(self, name: str) -> list[Chunk]:
        got = self._collection(name).get(include=["documents", "metadatas"])
        rows = zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        chunks = [_chunk(i, d, m) for i, d, m in rows]
        return sorted(chunks, key=lambda c: (c.source, _order(c.id)))

    def doc_hashes(self, name: str) -> dict[str, str]:
        got = self._collection(name).get(include=["metadatas"])
        return {m["source"]: m["doc_hash"] for m in got["metadatas"]}

    def source_stats(self, name: str) -> list[dict[str, Any]]:
        got = self._collection(name).get(include=["metadatas"])
        stats: dict[str, dict[str, Any]] = {}
        for meta in got["metadatas"]:
            entry = stats.setdefault(
                meta["source"],
                {
                    "source": meta["source"],
                    "title": meta["title"],
                    "kind": meta.get("kind", "document"),
                    "chunks": 0,
                    "indexed_at": meta.get("indexed_at"),
                },
            )
            entry["chunks"] += 1
        return sorted(stats.values(), key=lambda s: s["title"])

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
            [w.text for w in windows],
            [{"chunk_id": w.chunk_id, "source": w.source} for w in windows],
        )

    def window_vectors(self, name: str, ids: Iterable[str]) -> dict[str, list[float]]:
        col = self._windows(name)
        wanted = set(ids) & set(col.get(include=[])["ids"])
        if not wanted:
            return {}
        got = col.get(ids=list(wanted), include=["embeddings"])
        return {i: list(map(float, e)) for i, e in zip(got["ids"], got["embeddings"], strict=True)}

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
        col = self.client.get_or_create_collection(f"{name}_tables", embedding_function=None)
        col.delete(where={"source": source})
        if records:
            col.upsert(
                ids=[f"{source}:table:{i}" for i in range(len(records))],
                embeddings=[[1.0] for _ in records],  # records are looked up, never searched
                documents=[json.dumps(r, ensure_ascii=False) for r in records],
                metadatas=[{"source": source} for _ in records],
            )

    def tables(self, name: str) -> list[dict[str, Any]]:
        try:
            col = self.client.get_collection(f"{name}_tables", embedding_function=None)
        except Exception:  # no tables stored for this version
            return []
        got = col.get(include=["documents"])
        return [json.loads(d) for d in got["documents"]]


def _upsert(
    col: Any,
    ids: list[str],
    vectors: Sequence[Sequence[float]],
    documents: list[str],
    metadatas: list[dict[str, Any]],
) -> None:
    for start in range(0, len(ids), BATCH):
        end = start + BATCH
        col.upsert(
            ids=ids[start:end],
            embeddings=[list(v) for v in vectors[start:end]],
            documents=documents[start:end],
            metadatas=metadatas[start:end],
        )


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


def _chunk(chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
    page = meta.get("page", -1)
    return Chunk(
        chunk_id,
        meta["source"],
        meta["title"],
        meta.get("section", ""),
        None if page is None or page < 0 else int(page),
        text,
        meta.get("kind", "document"),
    )


def _order(chunk_id: str) -> int:
    try:
        return int(chunk_id.rsplit(":", 2)[-2])
    except (ValueError, IndexError):
        return 0
