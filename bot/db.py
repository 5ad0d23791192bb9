"""The one SQLAlchemy engine factory: the reminders (jobs/store.py) and the Slack edge's own
tables (bot/slack/storage/tables.py) share one database and must open it the same way."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import Column, MetaData, Table, create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)


def normalise_url(url: str) -> str:
    """PostgreSQL URLs without a driver get psycopg 3 (the driver we install)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def create_db_engine(url: str) -> Engine:
    """An engine for `url` (normalised); SQLite gets its directory and the pragmas below."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def create_tables(engine: Engine, metadata: MetaData) -> None:
    try:
        metadata.create_all(engine)
    except DBAPIError as exc:
        # Two processes starting at once may both try CREATE TABLE; the loser retries once
        # and then finds the tables there.
        log.debug("create_all raced (%s); retrying", exc)
        metadata.create_all(engine)
    add_missing_columns(engine, metadata)


def add_missing_columns(engine: Engine, metadata: MetaData) -> list[str]:
    """A database made by an older version lacks the columns added since (create_all only
    creates whole tables): add them with ALTER TABLE … ADD COLUMN, which keeps every row.
    Only nullable columns are ever added to a table after its first release, so existing
    rows simply read NULL. Returns "table.column" for each column added."""
    added = []
    for table in metadata.sorted_tables:
        have = _column_names(engine, table)
        for column in table.columns:
            if column.name not in have and _add_column(engine, table, column):
                added.append(f"{table.name}.{column.name}")
    if added:
        log.info("database bijgewerkt: kolommen %s toegevoegd", ", ".join(added))
    return added


def _column_names(engine: Engine, table: Table) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns(table.name)}


def _add_column(engine: Engine, table: Table, column: Column) -> bool:
    quote = engine.dialect.identifier_preparer.quote
    kind = column.type.compile(dialect=engine.dialect)
    ddl = f"ALTER TABLE {quote(table.name)} ADD COLUMN {quote(column.name)} {kind}"
    try:
        with engine.begin() as conn:
            conn.execute(text(ddl))
    except DBAPIError:
        if column.name in _column_names(engine, table):  # another process added it first
            return False
        raise
    return True


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the CLI read while the bot writes and the scheduler and listeners write from
    # several threads; busy_timeout makes a second writer wait for the lock instead of
    # failing at once; SQLite enforces foreign keys only when asked, per connection.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
