"""Fixtures for the reminder tests: real SQLite, real PostgreSQL, fake Slack.

Settings isolation (own data dir, no developer env) comes from tests/conftest.py.

PostgreSQL comes from `pgserver` (the `pg_server` fixture in tests/conftest.py), started
once per test session; each test gets a fresh schema. When it cannot start here, the
PostgreSQL variants are skipped with the reason, the SQLite variants still run.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # for slack_fake, without a package name

from slack_fake import FakeSlack  # noqa: E402


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
