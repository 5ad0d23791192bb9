"""Where the catalogue and keyword index of each index version live: one SQLite file per
version under the data dir, or one PostgreSQL schema per version (`INDEX_DATABASE_URL`)
when bot processes on several machines must read the same index."""

from __future__ import annotations

from pathlib import Path

from bot.index import version_pg
from bot.index.version_db import VersionDb, remove_files


class Versions:
    def __init__(self, data_dir: Path, database_url: str | None = None) -> None:
        self.data_dir = data_dir
        self.database_url = database_url or None

    def path(self, name: str) -> Path:
        return self.data_dir / "keyword" / f"{name}.sqlite3"

    def exists(self, name: str) -> bool:
        if self.database_url:
            return version_pg.exists(self.database_url, name)
        return self.path(name).exists()

    def open(self, name: str, *, create: bool = False) -> VersionDb | version_pg.PgVersionDb:
        """`create=False` opens an existing version only (a reader never creates an empty one);
        a missing or outdated one raises `VersionMissing` or sqlite3.Error."""
        if self.database_url:
            return version_pg.PgVersionDb(self.database_url, name, create=create)
        return VersionDb(self.path(name), create=create)

    def remove(self, name: str) -> None:
        if self.database_url:
            version_pg.drop(self.database_url, name)
        else:
            remove_files(self.path(name))
