"""Index the knowledge: load, repair, chunk, embed and store documents and case knowledge.

Work follows what changed: a file whose size and mtime match its catalogue row is not
read; one whose bytes hash the same is not parsed. Changed documents stream through in
batches (embed, store, commit), so memory stays bounded and every committed document is
a checkpoint: a build that crashes resumes where it stopped. `rebuild` writes a new
version and switches only when it is complete; the old one serves until then.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from bot.errors import LoaderError, ModelMismatch
from bot.index.catalog import Catalog, FileRow
from bot.index.store import ChunkStore
from bot.index.versions import Versions
from bot.index.windows import TokenCounter, Window, approximate_tokens, chunk_windows
from bot.ingest.chunking import chunk_document, section_at, split_sections
from bot.ingest.loaders import SUPPORTED, LoadedDocument, unsupported_message
from bot.ingest.metadata import describe, load_sources_yaml
from bot.ingest.repair import repair_text
from bot.ingest.snapshot import FileLimits, file_hash, read_recorded
from bot.ingest.tables import linearize_tables
from bot.ingest.visibility import VisibilityError, encode
from bot.ingest.vocabulary import WORD_RE, Vocabulary
from bot.knowledge.visibility import refresh_visibility
from bot.models import Chunk

log = logging.getLogger(__name__)
PIPELINE_VERSION = "9"  # bump when what is stored per document changes, so unchanged files re-index
EMBED_BATCH = 32
CHECKPOINT_WINDOWS = 512  # windows embedded, stored and committed together

Progress = Callable[[int, int], None]  # (done, total) documents indexed
VersionKey = tuple[str | None, int]
# Called with the finished version and the function that makes it active: a caller that
# serves questions prepares the new version first, so that no question waits on it.
OnSwitch = Callable[[str, Callable[[], VersionKey]], None]


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
    resumed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Prepared:
    path: Path
    file: FileRow
    chunks: list[Chunk]
    tables: list[dict]
    repairs: int
    visibility: tuple[str, str] = ("", "lijst")  # encoded ids ("" = public), where it was set


@dataclass
class _Build:
    """One run's fixed parts: where it writes, where it may reuse vectors, how it embeds."""

    store: ChunkStore
    catalog: Catalog
    target: str
    reuse_from: list[str]
    embedder: Callable[[], Embeddings]
    progress: Progress | None
    report: IndexReport
    limits: FileLimits = field(default_factory=FileLimits)


def index_files(
    files: Sequence[Path],
    *,
    store: ChunkStore,
    embedder: Callable[[], Embeddings],
    model: str,
    data_dir: Path,
    sources_yaml: Path,
    case_dirs: Sequence[Path],
    rebuild: bool,
    full_scan: bool,
    progress: Progress | None = None,
    report: IndexReport | None = None,
    on_switch: OnSwitch | None = None,
    limits: FileLimits | None = None,
    index_url: str | None = None,
) -> IndexReport:
    report = report or IndexReport()
    versions = Versions(data_dir, index_url)
    started = time.perf_counter()
    active = store.active_name()
    if active and not rebuild:
        built_with = store.active_info().get("embedding_model")
        if built_with and built_with != model:
            raise ModelMismatch(model_mismatch_message(built_with, model))
    target = _target(store, model, active, rebuild, versions, full_scan)
    report.resumed = target != active and versions.exists(target)
    catalog = Catalog(versions.open(target, create=True))
    catalog.fill_lexicon()
    reuse = [n for n in (active, target) if n and (n == target or _same_model(store, model))]
    reuse = list(dict.fromkeys(reuse))  # active and target are often the same version
    build = _Build(store, catalog, target, reuse, embedder, progress, report, limits or FileLimits())
    todo, gone = _plan(files, catalog, report, full_scan)
    todo = _count_vocabulary(todo, gone, catalog, report, build.limits)
    sources = load_sources_yaml(sources_yaml)
    gone += refresh_visibility(files, {f.source for f in todo}, catalog, sources, report.errors)
    _index_documents(todo, build, sources, case_dirs)
    for source in gone:
        _remove(build, source)
    report.removed = len(gone)
    if target != active or report.documents or gone:  # nothing changed: readers keep their version
        switch = (lambda: store.activate(target)) if target != active else store.touch
        on_switch(target, switch) if on_switch else switch()
    if target != active:
        for name in store.drop_inactive():
            versions.remove(name)
    report.rebuilt = target != active
    report.seconds = time.perf_counter() - started
    return report


def model_mismatch_message(built_with: str, model: str) -> str:
    return (
        f"De index is gebouwd met embeddingmodel '{built_with}', maar nu is '{model}' ingesteld. "
        "Bouw de index opnieuw met: python -m bot index --rebuild"
    )


def _target(
    store: ChunkStore, model: str, active: str | None, rebuild: bool, versions: Versions, full_scan: bool
) -> str:
    """Where this run writes: an unfinished build of this model (resumed by a run over all
    the knowledge: a run over a few paths must not make it active half-built), a new version
    (rebuild, first build, or an active version from before the catalogue), or the active one."""
    pending = store.pending_version(model) if full_scan else None
    if pending and (not active or pending > active):  # names carry their creation time
        return pending
    if rebuild or not active or not versions.exists(active):
        return store.create_version(model)
    return active


def _same_model(store: ChunkStore, model: str) -> bool:
    return store.active_info().get("embedding_model") == model


def _plan(
    files: Sequence[Path], catalog: Catalog, report: IndexReport, full_scan: bool
) -> tuple[list[FileRow], list[str]]:
    """Which files changed (stat first, then a hash of the bytes) and which sources went."""
    known = catalog.files()
    todo: list[FileRow] = []
    for path in files:
        try:
            stat = path.stat()
            row = known.get(path.name)
            if row and (row.size, row.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
                report.skipped += 1
                continue
            if path.suffix.lower() not in SUPPORTED:
                raise LoaderError(unsupported_message(path))
            doc_hash = file_hash(path, PIPELINE_VERSION)
        except LoaderError as exc:
            report.errors.append(exc.message)
            continue
        except OSError as exc:
            report.errors.append(f"{path.name}: kan het bestand niet openen ({exc.strerror}).")
            continue
        if row and row.doc_hash == doc_hash:
            catalog.restat(path.name, stat.st_size, stat.st_mtime_ns)
            report.skipped += 1
            continue
        todo.append(FileRow(path.name, stat.st_size, stat.st_mtime_ns, doc_hash, str(path)))
    present = {p.name for p in files}
    gone = [source for source in known if source not in present] if full_scan else []
    return todo, gone


def _count_vocabulary(
    todo: list[FileRow], gone: list[str], catalog: Catalog, report: IndexReport, limits: FileLimits
) -> list[FileRow]:
    """Repairs take evidence from the whole corpus, so every changed document's words are
    counted before any is repaired; unchanged documents' counts are kept in the catalogue."""
    loadable = []
    for file in todo:
        try:
            doc = read_recorded(Path(file.path), limits, file.doc_hash, PIPELINE_VERSION)
        except LoaderError as exc:
            report.errors.append(exc.message)
            continue
        catalog.count_words(file.source, Counter(w.lower() for w in WORD_RE.findall(doc.text)))
        loadable.append(file)
    for source in gone:
        catalog.count_words(source, Counter())
    return loadable


class _CatalogWords(dict):
    """The corpus word counts as `Vocabulary` reads them, looked up in the catalogue."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self._catalog = catalog

    def get(self, word: str, default: int = 0) -> int:  # type: ignore[override]
        if word not in self:
            self[word] = self._catalog.word_count(word)
        return dict.get(self, word, default)


def _index_documents(todo: list[FileRow], build: _Build, sources: dict, case_dirs: Sequence[Path]) -> None:
    vocab = Vocabulary(_CatalogWords(build.catalog))  # type: ignore[arg-type]
    done = 0
    for batch in _batches(todo, build, sources, case_dirs, vocab):
        _store_batch(batch, build)
        done += len(batch)
        if build.progress:
            build.progress(done, len(todo))
    if build.progress and todo:
        build.progress(len(todo), len(todo))


def _batches(
    todo: list[FileRow], build: _Build, sources: dict, case_dirs: Sequence[Path], vocab: Vocabulary
) -> Iterator[list[_Prepared]]:
    batch: list[_Prepared] = []
    size = 0
    for file in todo:
        path = Path(file.path)
        try:  # read_recorded fails when the file changed since it was hashed
            doc = read_recorded(path, build.limits, file.doc_hash, PIPELINE_VERSION)
            item = _prepare(doc, file, sources, any(_inside(path, d) for d in case_dirs), vocab)
        except LoaderError as exc:
            build.report.errors.append(exc.message)
            if isinstance(exc, VisibilityError):  # never left indexed under a visibility nobody meant
                _remove(build, file.source)
            continue
        if not item.chunks:
            build.report.errors.append(f"{file.source}: geen tekst gevonden; het document is overgeslagen.")
            continue
        batch.append(item)
        size += sum(len(c.text) for c in item.chunks) // 400 + 1  # about one window per 400 characters
        if size >= CHECKPOINT_WINDOWS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _store_batch(batch: list[_Prepared], build: _Build) -> None:
    """Embed a batch's windows (longest first: little padding), then write it document by
    document; each document's commit is a checkpoint."""
    embeddings = build.embedder()
    windows = chunk_windows([c for item in batch for c in item.chunks], _token_counter(embeddings))
    vectors = _reused_vectors(windows, batch, build)
    todo = sorted((w for w in windows if w.id not in vectors), key=lambda w: -len(w.text))
    for start in range(0, len(todo), EMBED_BATCH):
        part = todo[start : start + EMBED_BATCH]
        vectors.update(
            zip((w.id for w in part), embeddings.embed_documents([w.text for w in part]), strict=True)
        )
    by_chunk: dict[str, list[Window]] = {}
    for window in windows:
        by_chunk.setdefault(window.chunk_id, []).append(window)
    for item in batch:
        _store_document(item, by_chunk, vectors, build)


def _reused_vectors(windows: list[Window], batch: list[_Prepared], build: _Build) -> dict[str, list[float]]:
    """Stored vectors of unchanged windows, from the versions this run may reuse. The target
    is asked only for windows its catalogue records for these documents (every row is
    recorded, as pending, before it is written to the vector store): a new document has none."""
    vectors: dict[str, list[float]] = {}
    for name in build.reuse_from:
        wanted = [w.id for w in windows if w.id not in vectors]
        if name == build.target:
            stored = {i for item in batch for i in build.catalog.written(item.file.source).window_ids}
            wanted = [i for i in wanted if i in stored]
        vectors.update(build.store.window_vectors(name, wanted))
    return vectors


def _store_document(
    item: _Prepared, by_chunk: dict[str, list[Window]], vectors: dict[str, list[float]], build: _Build
) -> None:
    store, target, source = build.store, build.target, item.file.source
    own = [w for c in item.chunks for w in by_chunk[c.id]]
    old = build.catalog.written(source)
    build.catalog.mark_pending(source, item.chunks, [w.id for w in own])
    new_ids = {c.id for c in item.chunks} | {w.id for w in own}
    store.delete_ids(
        target,
        [i for i in old.chunk_ids if i not in new_ids],
        [i for i in old.window_ids if i not in new_ids],
        source,
        range(len(item.tables), old.tables),
    )
    chunk_vectors = [_mean([vectors[w.id] for w in by_chunk[c.id]]) for c in item.chunks]
    store.add(target, item.chunks, chunk_vectors, item.file.doc_hash)
    store.add_windows(target, own, [vectors[w.id] for w in own])
    store.put_tables(target, source, item.tables)
    windows = {c.id: [w.id for w in by_chunk[c.id]] for c in item.chunks}
    scanned = ([(w.chunk_id, w.text) for w in own], [vectors[w.id] for w in own])
    build.catalog.put_document(item.file, item.chunks, windows, len(item.tables), item.visibility, scanned)
    report = build.report
    report.documents += 1
    report.chunks += len(item.chunks)
    report.repairs += item.repairs
    report.tables += len(item.tables)


def _remove(build: _Build, source: str) -> None:
    old = build.catalog.written(source)
    build.store.delete_ids(build.target, old.chunk_ids, old.window_ids, source, range(old.tables))
    build.catalog.remove_document(source)


def _prepare(
    doc: LoadedDocument, file: FileRow, sources: dict, is_case: bool, vocab: Vocabulary
) -> _Prepared:
    meta, body = describe(doc.path, doc.text, sources, is_case)
    if body is not doc.text:
        doc = LoadedDocument(doc.path, body, doc.page_starts)
    repaired = repair_text(doc.text, vocab)
    chunks = chunk_document(doc, linearize_tables(repaired.text), doc.path.name, meta.title, meta.kind)
    visibility = (encode(meta.visibility), meta.visibility_origin)
    return _Prepared(doc.path, file, chunks, _detect_tables(doc, meta.title), repaired.joins, visibility)


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


def _token_counter(embeddings: Embeddings) -> TokenCounter:
    return getattr(embeddings, "count_tokens", approximate_tokens)


def _mean(vectors: list[list[float]]) -> list[float]:
    """A chunk's own vector: the normalized mean of its windows (kept for whole-chunk queries)."""
    mean = np.mean(np.asarray(vectors, dtype=np.float64), axis=0)
    return (mean / max(float(np.linalg.norm(mean)), 1e-12)).tolist()


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())
