"""An index version in PostgreSQL (`INDEX_DATABASE_URL`): the same tables and postings as
the SQLite file, one schema per version, so that bot processes on several machines read
one keyword index.

The catalogue, keyword and lexicon modules speak sqlite3's dialect (`?` parameters,
`group_concat`, `with conn:` for a transaction); `PgConnection` translates those few things
and nothing else. Connections run in autocommit outside a `with` block, so an answering
process never holds a transaction open (that would block dropping an old version).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from typing import Any

from bot.errors import UserError
from bot.index.version_db import SCHEMA, VersionMissing, table_names

_GROUP_CONCAT = re.compile(r"group_concat\((\w+)\)")
PG_SCHEMA = (
    SCHEMA.replace("id INTEGER PRIMARY KEY", "id BIGSERIAL PRIMARY KEY")
    .replace("INTEGER", "BIGINT")
    .replace("BLOB", "BYTEA")
    .replace(" WITHOUT ROWID", "")
)


def _translate(sql: str) -> str:
    return _GROUP_CONCAT.sub(r"string_agg(\1::text, ',')", sql.replace("?", "%s"))


def conninfo(url: str) -> str:
    """A SQLAlchemy-style URL (`postgresql+psycopg://…`) as libpq reads it."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class PgConnection:
    """The part of sqlite3.Connection that the index modules use, on a psycopg connection."""

    def __init__(self, url: str, schema: str) -> None:
        import psycopg
        from psycopg import sql

        try:
            self._conn = psycopg.connect(conninfo(url), autocommit=True, connect_timeout=10)
        except psycopg.OperationalError as exc:
            raise UserError(
                f"Kan de database van de trefwoordindex niet bereiken ({type(exc).__name__}). "
                "Controleer INDEX_DATABASE_URL en of PostgreSQL draait."
            ) from exc
        self._conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
        self._transactions: list[Any] = []

    def execute(self, sql: Any, params: Sequence[Any] = ()) -> Any:
        """`sql`: sqlite3-style text, or a psycopg `sql.Composed` (a quoted schema name)."""
        return self._conn.execute(_translate(sql) if isinstance(sql, str) else sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self._conn.cursor() as cursor:
            cursor.executemany(_translate(sql), list(rows))  # type: ignore[arg-type]

    def __enter__(self) -> PgConnection:
        transaction = self._conn.transaction()
        transaction.__enter__()
        self._transactions.append(transaction)
        return self

    def __exit__(self, *exc: Any) -> None:
        self._transactions.pop().__exit__(*exc)

    def close(self) -> None:
        self._conn.close()


class PgVersionDb:
    """One version's schema, with one connection per thread (like `VersionDb`)."""

    def __init__(self, url: str, name: str, *, create: bool = False) -> None:
        self.url, self.path = url, name
        self._local = threading.local()
        conn = PgConnection(url, name)
        try:
            if create:
                from psycopg import sql

                conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(name)))
                for statement in filter(str.strip, PG_SCHEMA.split(";")):
                    conn.execute(statement)
            _check_tables(conn, name)
        finally:
            conn.close()

    @property
    def conn(self) -> PgConnection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = PgConnection(self.url, self.path)
        return conn


def _check_tables(conn: PgConnection, name: str) -> None:
    rows = conn.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = ?", (name,))
    missing = table_names() - {r[0] for r in rows}
    if missing:
        raise VersionMissing(f"index schema {name} lacks {', '.join(sorted(missing))}")


def exists(url: str, name: str) -> bool:
    conn = PgConnection(url, "public")
    try:
        sql = "SELECT 1 FROM information_schema.schemata WHERE schema_name = ?"
        return conn.execute(sql, (name,)).fetchone() is not None
    finally:
        conn.close()


def drop(url: str, name: str) -> None:
    from psycopg import sql

    conn = PgConnection(url, "public")
    try:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))
    finally:
        conn.close()
