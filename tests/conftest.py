"""Shared fixtures. Tests run against real components: ChromaDB, the bundled embedding
model, SQLite. The indexed knowledge base is built once per content hash and cached under
.pytest_cache, so a fresh clone builds it once and later runs reuse it."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT, Settings, reset_settings

ENV_PREFIXES = (
    "SLACK_",
    "LLM_",
    "OLLAMA_",
    "CHROMA_",
    "DATABASE_URL",
    "EMBEDDING_MODEL",
    "BOT_DATA_DIR",
    "ALLOWED_CHANNELS",
    "ADMIN_USERS",
    "KNOWLEDGE_DIR",
    "KNOWLEDGE_EDITORS",
    "MAX_CASE_CHARS",
    "FEEDBACK_SALT",
    "PROMPTS_DIR",
)
INDEX_INPUTS = ["knowledge", "bot/ingest", "bot/index", "bot/indexer.py"]


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own data dir and no settings leaking in from the developer."""
    for name in list(os.environ):
        if name.startswith(ENV_PREFIXES):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BOT_ENV_FILE", "")
    data_dir = tmp_path / "data"
    monkeypatch.setenv("BOT_DATA_DIR", str(data_dir))
    reset_settings()
    yield data_dir
    reset_settings()


def _inputs_hash() -> str:
    digest = hashlib.sha256()
    for rel in INDEX_INPUTS:
        root = PROJECT_ROOT / rel
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def indexed_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir holding a full index of knowledge/ (built once per content hash)."""
    cache = PROJECT_ROOT / ".pytest_cache" / "kb-index" / _inputs_hash()
    cache.parent.mkdir(parents=True, exist_ok=True)
    with (cache.parent / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # parallel test sessions must not build it twice
        if not (cache / "done").exists():
            _build_index(cache)
    target = tmp_path_factory.mktemp("kb") / "data"
    shutil.copytree(cache / "data", target)
    return private_copy(target)


def private_copy(data_dir: Path) -> Path:
    """Folders 0700 and files 0600, as the bot makes them (the cache may be looser)."""
    for path in [data_dir, *data_dir.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o700 if path.is_dir() else 0o600)
    return data_dir


def _build_index(cache: Path) -> None:
    from bot.knowledge import KnowledgeBase

    shutil.rmtree(cache, ignore_errors=True)
    settings = Settings(_env_file=None, bot_data_dir=cache / "data")
    report = KnowledgeBase(settings).index()
    assert report.ok, report.errors
    (cache / "done").write_text("ok")


@pytest.fixture(scope="session")
def knowledge_base(indexed_data_dir: Path):
    """A KnowledgeBase over the full knowledge/ index, shared by the whole session."""
    from bot.knowledge import KnowledgeBase

    return KnowledgeBase(Settings(_env_file=None, bot_data_dir=indexed_data_dir))
