"""Fixtures for the reminder tests: real SQLite, real PostgreSQL, fake Slack.

Settings isolation (own data dir, no developer env) comes from tests/conftest.py.

PostgreSQL comes from `pgserver` (a PostgreSQL server shipped as a wheel), started once
per test session; each test gets a fresh schema. When it cannot start here, the
PostgreSQL variants are skipped with the reason, the SQLite variants still run.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # for slack_fake, without a package name

from slack_fake import FakeSlack  # noqa: E402


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """URI of a running PostgreSQL server, or skip with the reason it did not start."""
    try:
        import pgserver

        # Outside pytest's numbered temp dirs: another pytest session on the machine prunes
        # those, and PostgreSQL shuts down once its data dir is gone.
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


def _fresh_pg_schema(server_uri: str) -> str:
    """A new, empty schema on the shared server, selected through the URL's search_path
    (much cheaper than a database per test)."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_uri, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')
    separator = "&" if "?" in server_uri else "?"
    return f"{server_uri}{separator}options=-csearch_path%3D{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database: real SQLite file, or a new database on real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'reminders.sqlite3'}"
    return _fresh_pg_schema(request.getfixturevalue("pg_server"))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'reminders.sqlite3'}"


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake
