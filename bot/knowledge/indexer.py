"""Index the knowledge: load, repair, chunk, embed and store documents and case knowledge.

Incremental by content hash; `rebuild` builds a new collection and switches only when done.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from bot.errors import LoaderError, ModelMismatch
from bot.index.store import ChunkStore
from bot.index.windows import TokenCounter, Window, approximate_tokens, chunk_windows
from bot.ingest.chunking import chunk_document, section_at, split_sections
from bot.ingest.loaders import SUPPORTED, LoadedDocument, load, unsupported_message
from bot.ingest.metadata import describe, load_sources_yaml
from bot.ingest.repair import repair_text
from bot.ingest.tables import linearize_tables
from bot.ingest.vocabulary import Vocabulary
from bot.models import Chunk

log = logging.getLogger(__name__)
PIPELINE_VERSION = "5"  # bump when repair/chunking changes, so unchanged files re-index
EMBED_BATCH = 32
IGNORED_NAMES = {"sources.yaml", "README.md", ".gitkeep"}

Progress = Callable[[int, int], None]  # (done, total) windows embedded


@dataclass
class IndexReport:
    documents: int = 0
    chunks: int = 0
    skipped: int = 0
    removed: int = 0
    repairs: int = 0
    tables: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    rebuilt: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Prepared:
    path: Path
    source: str
    doc_hash: str
    chunks: list[Chunk]
    tables: list[dict]
    repairs: int


def collect_files(roots: Iterable[Path], report: IndexReport) -> list[Path]:
    files: list[Path] = []
    for root in roots:
        if root.is_dir():
            for path in regular_files(root):
                if path.name in IGNORED_NAMES or path.name.startswith("."):
                    continue
                files.append(path)
        elif root.exists():
            files.append(root)
        else:
            report.errors.append(f"{root}: bestand of map bestaat niet.")
    return files


def regular_files(root: Path) -> list[Path]:
    """Regular files under `root`, sorted. Symlinks are followed only while they stay inside
    the root: one that leaves it (a file or a folder) is skipped with a warning, so nothing
    outside the knowledge folder can be indexed and cited."""
    base, found = root.resolve(), []
    for folder, dirs, names in os.walk(root):  # does not descend into linked folders
        for name in sorted(dirs) + sorted(names):
            path = Path(folder) / name
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(base):
                    log.warning("%s overgeslagen: de link wijst buiten %s (naar %s).", path, root, target)
                elif name in names and target.is_file():
                    found.append(path)
            elif name in names and stat.S_ISREG(path.lstat().st_mode):
                found.append(path)
    return sorted(found)


def index_files(
    files: Sequence[Path],
    *,
    store: ChunkStore,
    embeddings: Embeddings,
    model: str,
    sources_yaml: Path,
    case_dirs: Sequence[Path],
    rebuild: bool,
    full_scan: bool,
    progress: Progress | None = None,
    report: IndexReport | None = None,
) -> IndexReport:
    report = report or IndexReport()
    started = time.perf_counter()
    active = store.active_name()
    if active and not rebuild:
        built_with = store.active_info().get("embedding_model")
        if built_with and built_with != model:
            raise ModelMismatch(model_mismatch_message(built_with, model))
    target = store.create_version(model) if (rebuild or not active) else active
    old = active if target != active else None
    try:
        prepared = _prepare_all(files, store, target, sources_yaml, case_dirs, rebuild, report)
        windows = chunk_windows([c for p in prepared for c in p.chunks], _token_counter(embeddings))
        reuse = _reusable_vectors(store, old, model, windows) if old else {}
        vectors = _embed_windows(windows, embeddings, reuse, progress)
        _store(prepared, windows, vectors, store, target)
        if full_scan and not rebuild:
            report.removed = _drop_removed(store, target, {p.name for p in files})
        if target != active:
            store.activate(target)
        else:
            store.touch()
    except BaseException:
        if target != active:
            store.drop_version(target)  # the old index keeps serving
        raise
    report.rebuilt = target != active
    report.seconds = time.perf_counter() - started
    return report


def model_mismatch_message(built_with: str, model: str) -> str:
    return (
        f"De index is gebouwd met embeddingmodel '{built_with}', maar nu is '{model}' ingesteld. "
        "Bouw de index opnieuw met: python -m bot index --rebuild"
    )


def _prepare_all(files, store, target, sources_yaml, case_dirs, rebuild, report) -> list[_Prepared]:
    loaded: list[tuple[LoadedDocument, bytes]] = []
    for path in files:
        try:
            if path.suffix.lower() not in SUPPORTED:
                raise LoaderError(unsupported_message(path))
            loaded.append((load(path), path.read_bytes()))
        except LoaderError as exc:
            report.errors.append(exc.message)
        except OSError as exc:
            report.errors.append(f"{path.name}: kan het bestand niet openen ({exc.strerror}).")
    known = {} if rebuild else store.doc_hashes(target)
    sources = load_sources_yaml(sources_yaml)
    vocab = Vocabulary.from_texts(doc.text for doc, _ in loaded)
    prepared = []
    for doc, raw in loaded:
        doc_hash = hashlib.sha256(raw + PIPELINE_VERSION.encode()).hexdigest()[:16]
        if known.get(doc.path.name) == doc_hash:
            report.skipped += 1
            continue
        is_case = any(_inside(doc.path, d) for d in case_dirs)
        item = _prepare(doc, doc_hash, sources, is_case, vocab)
        if not item.chunks:
            report.errors.append(f"{doc.path.name}: geen tekst gevonden; het document is overgeslagen.")
            continue
        prepared.append(item)
        report.documents += 1
        report.chunks += len(item.chunks)
        report.repairs += item.repairs
        report.tables += len(item.tables)
    return prepared


def _prepare(
    doc: LoadedDocument, doc_hash: str, sources: dict, is_case: bool, vocab: Vocabulary
) -> _Prepared:
    meta, body = describe(doc.path, doc.text, sources, is_case)
    if body is not doc.text:
        doc = LoadedDocument(doc.path, body, doc.page_starts)
    repaired = repair_text(doc.text, vocab)
    chunks = chunk_document(doc, linearize_tables(repaired.text), doc.path.name, meta.title, meta.kind)
    tables = _detect_tables(doc, meta.title)
    return _Prepared(doc.path, doc.path.name, doc_hash, chunks, tables, repaired.joins)


def _detect_tables(doc: LoadedDocument, title: str) -> list[dict]:
    from bot.ingest.swot_tables import detect_records

    sections = split_sections(doc.text)  # detection offsets are in the raw text
    return detect_records(
        doc.text,
        source=doc.path.name,
        title=title,
        section_of=lambda off: section_at(sections, off),
        page_of=doc.page_at,
    )


def _reusable_vectors(
    store: ChunkStore, old: str, model: str, windows: list[Window]
) -> dict[str, list[float]]:
    """Vectors of identical window texts from the previous build (same model) are reused."""
    if store.active_info().get("embedding_model") != model:
        return {}
    return store.window_vectors(old, (w.id for w in windows))


def _token_counter(embeddings: Embeddings) -> TokenCounter:
    return getattr(embeddings, "count_tokens", approximate_tokens)


def _embed_windows(
    windows: list[Window],
    embeddings: Embeddings,
    reuse: dict[str, list[float]],
    progress: Progress | None,
) -> dict[str, list[float]]:
    """All windows together, longest first, so that batches need little padding."""
    vectors = {w.id: reuse[w.id] for w in windows if w.id in reuse}
    todo = sorted((w for w in windows if w.id not in vectors), key=lambda w: -len(w.text))
    done = len(windows) - len(todo)
    for start in range(0, len(todo), EMBED_BATCH):
        batch = todo[start : start + EMBED_BATCH]
        fresh = embeddings.embed_documents([w.text for w in batch])
        vectors.update(zip((w.id for w in batch), fresh, strict=True))
        done += len(batch)
        if progress:
            progress(done, len(windows))
    return vectors


def _store(
    prepared: list[_Prepared],
    windows: list[Window],
    vectors: dict[str, list[float]],
    store: ChunkStore,
    target: str,
) -> None:
    by_chunk: dict[str, list[Window]] = {}
    for window in windows:
        by_chunk.setdefault(window.chunk_id, []).append(window)
    for item in prepared:
        own = [w for c in item.chunks for w in by_chunk[c.id]]
        chunk_vectors = [_mean([vectors[w.id] for w in by_chunk[c.id]]) for c in item.chunks]
        store.delete_source(target, item.source)
        store.add(target, item.chunks, chunk_vectors, item.doc_hash)
        store.add_windows(target, own, [vectors[w.id] for w in own])
        store.put_tables(target, item.source, item.tables)


def _mean(vectors: list[list[float]]) -> list[float]:
    """A chunk's own vector: the normalized mean of its windows (kept for whole-chunk queries)."""
    mean = np.mean(np.asarray(vectors, dtype=np.float64), axis=0)
    return (mean / max(float(np.linalg.norm(mean)), 1e-12)).tolist()


def _drop_removed(store: ChunkStore, target: str, present: set[str]) -> int:
    gone = [s for s in store.doc_hashes(target) if s not in present]
    for source in gone:
        store.delete_source(target, source)
    return len(gone)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False
