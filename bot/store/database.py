"""The SQLite database: pragmas, migrations, the group-commit write path, reads, online backup.

Two connections to one file. Every write goes through ``Database.write`` to the writer
thread (``bot.store.writer``), which commits concurrent writes together. Reads go through
an aiosqlite connection of their own: in WAL mode they never wait for a write's fsync, and
they see every write whose ``write`` call has returned.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.store.writer import Transaction, WriteFn, Writer

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")

Params = Sequence[Any] | dict[str, Any]
T = TypeVar("T")
__all__ = ["Database", "Transaction", "migration_scripts"]


def migration_scripts() -> list[tuple[int, str, str]]:
    """(version, file name, SQL) for every shipped migration, in order."""
    folder = resources.files("bot.store") / "migrations"
    scripts = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            scripts.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    scripts.sort()
    versions = [version for version, _, _ in scripts]
    if versions != list(range(1, len(versions) + 1)):
        raise RuntimeError(f"migrations must be numbered 0001 upwards without gaps, found {versions}")
    return scripts


def _configure(connection: sqlite3.Connection) -> None:
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA foreign_keys = ON")
    # FULL syncs the WAL at every commit, so an answer a member was told about survives a
    # power cut too, not only a crash of the bot. Group commit pays it once per batch.
    connection.execute("PRAGMA synchronous = FULL")


def _migrate(connection: sqlite3.Connection) -> None:
    connection.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    applied = {row[0] for row in connection.execute("SELECT version FROM schema_migrations")}
    for version, name, sql in migration_scripts():
        if version in applied:
            continue
        log.info("Applying database migration %s", name)
        # executescript would commit on its own; wrapping the script keeps a migration and
        # its record in one transaction, so a crash never half-applies one.
        connection.executescript(
            f"BEGIN IMMEDIATE;\n{sql}\n"
            f"INSERT INTO schema_migrations (version, name, applied_at) "
            f"VALUES ({version}, '{name}', datetime('now'));\nCOMMIT;"
        )


def _open_writer_connection(path: str) -> sqlite3.Connection:
    # isolation_level=None: the writer issues BEGIN/COMMIT itself, so a write is committed
    # exactly when the writer says it is. The connection lives on the writer thread only.
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.row_factory = sqlite3.Row
    try:
        _configure(connection)
        _migrate(connection)
    except BaseException:
        connection.close()
        raise
    return connection


class Database:
    """An open SQLite database with the schema migrated to the newest version."""

    def __init__(self, reader: aiosqlite.Connection, writer: Writer, path: str) -> None:
        self._reader = reader
        self._writer = writer
        self.path = path

    @classmethod
    async def open(cls, path: str | Path) -> Database:
        target = str(path)
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        writer = Writer(lambda: _open_writer_connection(target))
        await writer.start()  # configures the file and applies migrations first
        try:
            reader = await aiosqlite.connect(target, isolation_level=None)
            reader.row_factory = sqlite3.Row
            await reader.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await reader.execute("PRAGMA foreign_keys = ON")
        except BaseException:
            await writer.close()
            raise
        return cls(reader, writer, target)

    @property
    def writer(self) -> Writer:
        return self._writer

    async def schema_version(self) -> int:
        row = await self.fetch_one("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations")
        return int(row["v"]) if row else 0

    async def close(self) -> None:
        """Commit what is queued, then close both connections."""
        try:
            await self._writer.close()
        finally:
            await self._reader.close()

    # -- statements ---------------------------------------------------------------------

    async def fetch_one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        async with self._reader.execute(sql, params) as cursor:
            return await cursor.fetchone()

    async def fetch_all(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        async with self._reader.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def write(self, fn: WriteFn[T]) -> T:
        """Run ``fn(tx)`` inside the next group commit; returns its result once it is durable.

        ``fn`` runs on the writer thread: it must only touch ``tx`` and its own arguments.
        If it raises, its statements are undone and the error reaches the caller; the other
        writes of the batch still commit.
        """
        return await self._writer.write(fn)

    async def backup(self, destination: str | Path) -> None:
        """Copy the live database with SQLite's online backup API (safe while writing)."""
        target = Path(destination)
        target.parent.mkdir(parents=True, exist_ok=True)
        # The destination connection is used on aiosqlite's worker thread, hence
        # check_same_thread=False; it is never touched from two threads at once.
        destination_connection = sqlite3.connect(str(target), check_same_thread=False)
        try:
            await self._reader.backup(destination_connection)
        finally:
            destination_connection.close()
