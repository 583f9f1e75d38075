"""db backup and db restore on real SQLite files: round trip, refusals, and what is left behind."""

from __future__ import annotations

import errno
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.store import SqliteStore
from bot.store import backup as backup_module
from bot.store.backup import BackupError, backup_database, restore_database
from bot.store.database import migration_scripts
from bot.store.problems import DatabaseUnavailable, explain, open_store

NOW = datetime(2026, 3, 1, 9, 30, 5, tzinfo=UTC)


async def live_database(path: Path, *, rows: int = 1) -> None:
    store = await SqliteStore.open(path)
    try:

        def _write1(tx):
            for value in range(rows):
                tx.execute("INSERT INTO bot_meta (key, value) VALUES (?, ?)", (f"key{value}", "v"))

        await store.db.write(_write1)
    finally:
        await store.close()


def meta_keys(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("SELECT key FROM bot_meta ORDER BY key")]


async def test_backup_then_restore_brings_the_data_back_and_keeps_the_old_database(tmp_path):
    live = tmp_path / "data" / "bot.sqlite3"
    await live_database(live, rows=2)
    copy = backup_database(live, tmp_path / "backups" / "monday.sqlite3", now=NOW)
    assert copy == tmp_path / "backups" / "monday.sqlite3"
    assert sorted(p.name for p in copy.parent.iterdir()) == ["monday.sqlite3"]  # no -wal, -shm or partial file
    with sqlite3.connect(live) as connection:
        connection.execute("DELETE FROM bot_meta")
    restored = restore_database(copy, live, now=NOW)
    assert meta_keys(live) == ["key0", "key1"]
    assert restored.schema_version == len(migration_scripts())
    assert restored.previous_saved_to == live.with_name("bot.before-restore-20260301-093005.sqlite3")
    assert meta_keys(restored.previous_saved_to) == []  # what was there before, kept
    store = await SqliteStore.open(live)  # the bot opens the restored file as usual
    await store.close()


async def test_backup_into_a_folder_writes_a_dated_copy(tmp_path):
    live = tmp_path / "bot.sqlite3"
    await live_database(live)
    folder = tmp_path / "backups"
    folder.mkdir()
    copy = backup_database(live, folder, now=NOW)
    assert copy == folder / "bot-20260301-093005.sqlite3"
    assert meta_keys(copy) == ["key0"]


def test_backup_of_a_missing_database_is_refused_and_creates_nothing(tmp_path):
    with pytest.raises(BackupError, match=r"^no database at .*missing\.sqlite3: set DATABASE_PATH"):
        backup_database(tmp_path / "missing.sqlite3", tmp_path / "copy.sqlite3", now=NOW)
    assert list(tmp_path.iterdir()) == []


async def test_backup_refuses_to_overwrite_the_database_or_a_device(tmp_path):
    live = tmp_path / "bot.sqlite3"
    await live_database(live)
    with pytest.raises(BackupError, match="would overwrite the database itself"):
        backup_database(live, live, now=NOW)
    with pytest.raises(BackupError, match="/dev/null exists and is not a regular file"):
        backup_database(live, Path("/dev/null"), now=NOW)
    assert Path("/dev/null").is_char_device()


async def test_a_failed_backup_leaves_the_previous_backup_whole(tmp_path, monkeypatch):
    live = tmp_path / "bot.sqlite3"
    await live_database(live)
    good = backup_database(live, tmp_path / "copy.sqlite3", now=NOW)
    before = good.read_bytes()

    real_open = backup_module._open_existing

    class FullDisk:
        """The real connection, except that copying fails as on a full disk."""

        def __init__(self, path, **kwargs):
            self._connection = real_open(path, **kwargs)

        def execute(self, *args):
            return self._connection.execute(*args)

        def backup(self, target):
            target.execute("CREATE TABLE half_written (x)")
            raise sqlite3.OperationalError("database or disk is full")

        def close(self):
            self._connection.close()

    monkeypatch.setattr(backup_module, "_open_existing", FullDisk)
    with pytest.raises(BackupError, match=r"copy\.sqlite3 cannot grow: the disk is full"):
        backup_database(live, good, now=NOW)
    assert good.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bot.sqlite3", "copy.sqlite3"]


def test_restore_refuses_what_is_not_a_good_backup(tmp_path):
    live = tmp_path / "bot.sqlite3"
    with pytest.raises(BackupError, match="no backup at"):
        restore_database(tmp_path / "nope.sqlite3", live, now=NOW)
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("not a database at all " * 100)
    with pytest.raises(BackupError, match="is not a usable SQLite database"):
        restore_database(junk, live, now=NOW)
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    with pytest.raises(BackupError, match="an SQLite file but not an interview-bot database"):
        restore_database(other, live, now=NOW)
    assert not live.exists()


async def test_restore_refuses_a_backup_from_a_newer_version(tmp_path):
    backup = tmp_path / "future.sqlite3"
    await live_database(backup)
    with sqlite3.connect(backup) as connection:
        connection.execute("INSERT INTO schema_migrations VALUES (99, '0099_future.sql', 'now')")
    with pytest.raises(BackupError, match=r"newer interview-bot \(schema 99"):
        restore_database(backup, tmp_path / "bot.sqlite3", now=NOW)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (sqlite3.OperationalError("database is locked"), "is locked by another program"),
        (sqlite3.OperationalError("database or disk is full"), "the disk is full"),
        (sqlite3.DatabaseError("file is not a database"), "is not a usable SQLite database"),
        (sqlite3.DatabaseError("database disk image is malformed"), "is not a usable SQLite database"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "is read-only for this user"),
        (sqlite3.OperationalError("unable to open database file"), "cannot be opened"),
        (OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
        (PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
        (OSError(errno.EROFS, "Read-only file system"), "read-only file system"),
    ],
)
def test_each_failure_is_explained_in_one_line_naming_the_file(error, expected):
    line = explain(error, Path("/srv/bot.sqlite3"))
    assert line.startswith("the database /srv/bot.sqlite3 ") and expected in line and "\n" not in line


async def test_open_store_refuses_a_folder_and_an_impossible_path(tmp_path):
    with pytest.raises(DatabaseUnavailable, match="DATABASE_PATH points at a folder"):
        await open_store(tmp_path)
    with pytest.raises(DatabaseUnavailable, match="has a folder that does not exist and cannot be created"):
        await open_store(Path("/proc/nope/x.sqlite3"))
