"""Shared fixtures. Tests run against real components: ChromaDB, the bundled embedding
model, SQLite. The indexed knowledge base is built once per content hash and cached under
.pytest_cache, so a fresh clone builds it once and later runs reuse it."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import Settings, reset_settings
from tests import index_cache
from tests.index_inputs import inputs_hash

ENV_PREFIXES = (
    "SLACK_",
    "LLM_",
    "OLLAMA_",
    "CHROMA_",
    "DATABASE_URL",
    "INDEX_DATABASE_URL",
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
# Test tiers (README "Tests"): `unit` runs in this process on Python, repo files and temp
# files (a temp SQLite included); `integration` adds the real heavy parts: the index and
# embedding model, PostgreSQL, loopback HTTP fakes of Slack or an LLM, servers in-process;
# `e2e` starts processes. A test is `e2e` or `integration` when it uses one of the fixtures
# below, else `unit`, unless it (or its module) is marked with a tier.
TIERS = ("unit", "integration", "e2e")
INTEGRATION_FIXTURES = frozenset(
    {
        "indexed_data_dir",
        "knowledge_base",
        "slack_data_dir",
        "slack_kb",
        "running",
        "db_url",
        "sqlite_url",
        "pg_server",
        "fake_slack",
        "fake_llm",
        "chat_model",
        "llm_settings",
        "settings",
        "knowledge_dir",
    }
)


BUILDER = pytest.StashKey[subprocess.Popen[bytes] | None]()

# Fixtures that start processes: the reminder workers, `chroma run`, `serve`.
E2E_FIXTURES = frozenset({"workers", "sqlite_workers", "chroma_server", "stopper"})


def pytest_configure(config: pytest.Config) -> None:
    # The suite runs processes side by side (xdist workers, the index build beside them), so
    # each gets about one core: with a torch thread per core they wait on each other. The
    # test index build, under load: 59 s CPU with one thread, 82 s with two, same wall time.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    config.pluginmanager.register(_IndexBuildBeside(), "index-build-beside")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    _assign_tiers(items)  # before `-m` deselects by tier


class _IndexBuildBeside:
    """After `-m`/`-k` deselection, so `make test-fast` never starts a build it does not use."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        needs = {id(i) for i in items if "indexed_data_dir" in getattr(i, "fixturenames", ())}
        if needs and not config.option.collectonly:
            # Stable sort: the tests that need the index last, while it builds beside the others.
            items.sort(key=lambda item: id(item) in needs)
            config.stash[BUILDER] = index_cache.start_background_build(
                index_cache.cache_dir(inputs_hash()), _clean_env()
            )

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        index_cache.stop(config.stash.get(BUILDER, None))


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(ENV_PREFIXES)}
    return {**env, "BOT_ENV_FILE": ""}


def _assign_tiers(items: list[pytest.Item]) -> None:
    for item in items:
        marked = [tier for tier in TIERS if item.get_closest_marker(tier)]
        if len(marked) > 1:
            raise pytest.UsageError(f"{item.nodeid}: meer dan één niveau ({', '.join(marked)})")
        if marked:
            continue
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & E2E_FIXTURES:
            item.add_marker("e2e")
        else:
            item.add_marker("integration" if fixtures & INTEGRATION_FIXTURES else "unit")


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


@pytest.fixture(scope="session")
def indexed_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir holding a full index of knowledge/ (built once per content hash)."""
    cache = index_cache.cache_dir(inputs_hash())
    index_cache.ensure_built(cache)
    target = tmp_path_factory.mktemp("kb") / "data"
    shutil.copytree(cache / "data", target)
    return private_copy(target)


def private_copy(data_dir: Path) -> Path:
    """Folders 0700 and files 0600, as the bot makes them (the cache may be looser)."""
    for path in [data_dir, *data_dir.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o700 if path.is_dir() else 0o600)
    return data_dir


@pytest.fixture(scope="session")
def knowledge_base(indexed_data_dir: Path):
    """A KnowledgeBase over the full knowledge/ index, shared by the whole session."""
    from bot.knowledge.service import KnowledgeBase

    return KnowledgeBase(Settings(_env_file=None, bot_data_dir=indexed_data_dir))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """URI of a running PostgreSQL server, or skip with the reason it did not start."""
    try:
        import pgserver

        # Outside /tmp/pytest-of-<user>: as root, pgserver runs PostgreSQL as user "pgserver"
        # and opens the path to its data dir for it, but every new pytest session (another
        # developer's, another xdist run) chmods that folder back to 0700, and PostgreSQL
        # then shuts down when it can no longer read its lock file.
        pgdata = Path(tempfile.mkdtemp(prefix="samenwerkbot-pg-"))
        server = pgserver.get_server(pgdata, cleanup_mode="delete")
        uri = server.get_uri()
        import psycopg

        with psycopg.connect(uri, autocommit=True) as conn:
            # A throwaway test server: durability only costs time here.
            conn.execute("ALTER SYSTEM SET fsync = off")
            conn.execute("ALTER SYSTEM SET synchronous_commit = off")
            conn.execute("SELECT pg_reload_conf()")
    except Exception as exc:  # noqa: BLE001 — any failure to start means: skip, say why
        pytest.skip(f"PostgreSQL (pgserver) start niet in deze omgeving: {exc}")
    yield uri
    # Engines of finished tests may still hold pooled connections; a server that waits for
    # them makes teardown slow, so end them first.
    import psycopg

    try:
        with psycopg.connect(uri, autocommit=True) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'"
            )
    except psycopg.OperationalError as exc:  # the tests that used it have passed or failed already
        warnings.warn(f"PostgreSQL-testserver was al gestopt bij het opruimen: {exc}", stacklevel=1)
    server.cleanup()
    shutil.rmtree(pgdata, ignore_errors=True)
