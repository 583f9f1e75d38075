"""Backing up and restoring the database file, for `interview-bot db backup` and `db restore`.

Both use SQLite's online backup API, which copies a consistent snapshot even while the
bot writes, and neither ever creates an empty database by mistake: a wrong
``DATABASE_PATH`` is refused by name. A backup is written to a temporary file first and
renamed into place, so a failed run never leaves half a file over a good older backup.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.store.database import BUSY_TIMEOUT_MS, migration_scripts
from bot.store.problems import DatabaseUnavailable, explain


class BackupError(DatabaseUnavailable):
    """A backup or restore refused or failed; the message names the file and the fix."""


@dataclass(frozen=True, slots=True)
class Restored:
    database: Path
    backup: Path
    schema_version: int
    previous_saved_to: Path | None  # the database as it was before, when there was one


def _open_existing(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection to a file that must already exist (``mode=rw`` never creates one)."""
    mode = "ro" if read_only else "rw"
    connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode={mode}", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    # Reading the schema is the first real access: it fails on a file that is not SQLite.
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return connection


def _schema_version(connection: sqlite3.Connection, path: Path, what: str) -> int:
    found = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone()
    if found is None:
        raise BackupError(f"{what} {path} is an SQLite file but not an interview-bot database")
    row = connection.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()
    return int(row[0])


def _copy(source: sqlite3.Connection, target: Path) -> None:
    """Snapshot ``source`` into a new file at ``target``, atomically."""
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    destination = sqlite3.connect(partial)
    try:
        source.backup(destination)
        # A standalone file: no -wal or -shm beside it, readable from read-only media.
        destination.execute("PRAGMA journal_mode = DELETE")
    except BaseException:
        destination.close()
        partial.unlink(missing_ok=True)
        raise
    destination.close()
    os.replace(partial, target)


def backup_name(database: Path, now: datetime) -> str:
    return f"{database.stem}-{now:%Y%m%d-%H%M%S}{database.suffix or '.sqlite3'}"


def backup_database(database: Path, destination: Path, *, now: datetime) -> Path:
    """Copy ``database`` to ``destination`` (a file, or a folder to put a dated copy in)."""
    if not database.is_file():
        raise BackupError(
            f"no database at {database}: set DATABASE_PATH to the bot's database file "
            "(a relative path counts from the folder you run the command in)"
        )
    target = destination / backup_name(database, now) if destination.is_dir() else destination
    if target.exists() and target.samefile(database):
        raise BackupError(f"the backup would overwrite the database itself ({database}); give another path")
    if target.exists() and not target.is_file():
        # A device or a socket: renaming the copy over it would replace it (think /dev/null).
        raise BackupError(f"the backup {target} exists and is not a regular file; give a file or folder path")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(explain(error, target, what="the backup")) from error
    try:
        source = _open_existing(database)
    except sqlite3.Error as error:
        raise BackupError(explain(error, database)) from error
    try:
        _schema_version(source, database, "the database")
        _copy(source, target)
    except (sqlite3.Error, OSError) as error:
        raise BackupError(explain(error, target, what="the backup")) from error
    finally:
        source.close()
    return target


def restore_database(backup: Path, database: Path, *, now: datetime) -> Restored:
    """Replace ``database`` with the contents of ``backup``, keeping the old one beside it.

    The bot must be stopped: it keeps interview state in memory and would carry on from
    what it last saw. Migrations newer than the backup run at the bot's next start.
    """
    if not backup.is_file():
        raise BackupError(f"no backup at {backup}: give the path of a file made by `interview-bot db backup`")
    if database.exists() and database.samefile(backup):
        raise BackupError(f"{backup} is the database itself; give the path of a backup")
    newest = len(migration_scripts())
    try:
        source = _open_existing(backup, read_only=True)
    except sqlite3.Error as error:
        raise BackupError(explain(error, backup, what="the backup")) from error
    try:
        version = _check_backup(source, backup, newest)
        previous = None
        if database.exists():
            previous = database.with_name(f"{database.stem}.before-restore-{now:%Y%m%d-%H%M%S}{database.suffix}")
            backup_database(database, previous, now=now)
        _restore_into(source, database)
    finally:
        source.close()
    return Restored(database, backup, version, previous)


def _check_backup(source: sqlite3.Connection, backup: Path, newest: int) -> int:
    try:
        verdict = source.execute("PRAGMA quick_check").fetchone()[0]
        version = _schema_version(source, backup, "the backup")
    except sqlite3.Error as error:
        raise BackupError(explain(error, backup, what="the backup")) from error
    if verdict != "ok":
        raise BackupError(f"the backup {backup} is damaged ({verdict}); pick an older backup")
    if version > newest:
        raise BackupError(
            f"the backup {backup} comes from a newer interview-bot (schema {version}, this one knows "
            f"{newest}); upgrade interview-bot first"
        )
    return version


def _restore_into(source: sqlite3.Connection, database: Path) -> None:
    try:
        database.parent.mkdir(parents=True, exist_ok=True)
        # Written through SQLite, not copied as a file: the target's WAL and shared-memory
        # files stay consistent, and a reader sees either the old or the new contents.
        target = sqlite3.connect(database, timeout=BUSY_TIMEOUT_MS / 1000)
    except (sqlite3.Error, OSError) as error:
        raise BackupError(explain(error, database)) from error
    try:
        source.backup(target)
    except sqlite3.Error as error:
        raise BackupError(explain(error, database)) from error
    finally:
        with contextlib.suppress(sqlite3.Error):
            target.close()
