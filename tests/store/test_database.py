import asyncio
import sqlite3
from datetime import UTC, datetime

import pytest

from bot.store import GuildSettings, Mode, NewAttempt, SqliteStore
from bot.store.database import Database, migration_scripts
from bot.store.writer import CommitFailed

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def attempt(**overrides) -> NewAttempt:
    values = dict(
        guild_id=1,
        user_id=2,
        question_id="routing-x",
        topic="routing",
        difficulty="easy",
        mode=Mode.INTERVIEW,
        score=0.75,
        passed=True,
        points=8,
        answered_at=NOW,
    )
    values.update(overrides)
    return NewAttempt(**values)


async def test_migrations_on_empty_database_and_rerun(tmp_path):
    path = tmp_path / "bot.sqlite3"
    store = await SqliteStore.open(path)
    latest = len(migration_scripts())
    assert await store.db.schema_version() == latest
    await store.close()
    store = await SqliteStore.open(path)  # idempotent: nothing applied twice
    assert await store.db.schema_version() == latest
    rows = await store.db.fetch_all("SELECT version FROM schema_migrations")
    assert len(rows) == latest
    await store.close()


async def test_upgrade_from_previous_version(tmp_path):
    path = tmp_path / "old.sqlite3"
    scripts = migration_scripts()
    with sqlite3.connect(path) as connection:  # a database as the previous release left it
        connection.execute(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        for version, name, sql in scripts[:-1]:
            connection.executescript(sql)
            connection.execute("INSERT INTO schema_migrations VALUES (?, ?, 'then')", (version, name))
    database = await Database.open(path)
    assert await database.schema_version() == len(scripts)
    await database.close()


async def test_pragmas(tmp_path):
    database = await Database.open(tmp_path / "p.sqlite3")
    assert (await database.fetch_one("PRAGMA journal_mode"))[0] == "wal"
    assert (await database.fetch_one("PRAGMA foreign_keys"))[0] == 1
    assert (await database.fetch_one("PRAGMA busy_timeout"))[0] == 5000
    assert (await database.fetch_one("PRAGMA synchronous"))[0] == 2  # FULL: committed means on disk
    await database.close()


async def test_attempt_round_trip(tmp_path):
    store = await SqliteStore.open(tmp_path / "s.sqlite3")
    first = await store.attempts.record_attempt(attempt())
    second = await store.attempts.record_attempt(
        attempt(question_id="routing-y", mode=Mode.DAILY, hinted=True, late=True)
    )
    assert second > first
    records = await store.attempts.attempts_for(1, 2)
    assert [(r.question_id, r.mode, r.hinted, r.late, r.answered_at) for r in records] == [
        ("routing-x", Mode.INTERVIEW, False, False, NOW),
        ("routing-y", Mode.DAILY, True, True, NOW),
    ]
    assert await store.attempts.attempts_for(1, 3) == []
    await store.close()


async def test_committed_attempt_survives_reopen(tmp_path):
    path = tmp_path / "durable.sqlite3"
    store = await SqliteStore.open(path)
    await store.attempts.record_attempt(attempt())
    await store.close()
    store = await SqliteStore.open(path)
    assert len(await store.attempts.attempts_for(1, 2)) == 1
    await store.close()


async def test_constraints_reject_bad_rows(tmp_path):
    store = await SqliteStore.open(tmp_path / "c.sqlite3")
    with pytest.raises(sqlite3.IntegrityError):
        await store.attempts.record_attempt(attempt(score=1.5))
    with pytest.raises(sqlite3.IntegrityError):
        await store.attempts.record_attempt(attempt(difficulty="impossible"))
    assert await store.attempts.attempts_for(1, 2) == []  # the failed transaction left nothing
    await store.close()


async def test_one_active_interview_per_member_is_enforced(tmp_path):
    store = await SqliteStore.open(tmp_path / "i.sqlite3")
    insert = (
        "INSERT INTO interview_sessions (guild_id, user_id, kind, status, state, started_at, updated_at)"
        " VALUES (1, 2, 'interview', ?, '{}', 0, 0)"
    )

    def _write1(tx):
        tx.execute(insert, ("active",))
        tx.execute(insert, ("finished",))

    await store.db.write(_write1)
    with pytest.raises(sqlite3.IntegrityError):

        def _write2(tx):
            tx.execute(insert, ("active",))

        await store.db.write(_write2)
    await store.close()


async def test_two_writers_at_once_lose_nothing(tmp_path):
    store = await SqliteStore.open(tmp_path / "w.sqlite3")
    await asyncio.gather(
        *(store.attempts.record_attempt(attempt(user_id=n % 7, question_id=f"q{n}")) for n in range(200))
    )
    count = await store.db.fetch_one("SELECT COUNT(*) FROM attempts")
    assert count[0] == 200
    await store.close()


async def test_two_processes_share_the_file(tmp_path):
    path = tmp_path / "shared.sqlite3"
    one, two = await SqliteStore.open(path), await SqliteStore.open(path)
    await asyncio.gather(
        *(one.attempts.record_attempt(attempt(question_id=f"a{n}")) for n in range(50)),
        *(two.attempts.record_attempt(attempt(question_id=f"b{n}")) for n in range(50)),
    )
    assert len(await one.attempts.attempts_for(1, 2)) == 100
    await one.close()
    await two.close()


async def test_settings_and_meta_round_trip(tmp_path):
    store = await SqliteStore.open(tmp_path / "m.sqlite3")
    assert await store.settings.guild_settings(5) == GuildSettings(5)
    await store.settings.save_guild_settings(GuildSettings(5, "Europe/London", 120, 30), NOW)
    assert await store.settings.guild_settings(5) == GuildSettings(5, "Europe/London", 120, 30)
    assert await store.meta.get("k") is None
    await store.meta.set("k", "v1")
    await store.meta.set("k", "v2")
    assert await store.meta.get("k") == "v2"
    await store.close()


async def test_online_backup_copies_the_data(tmp_path):
    store = await SqliteStore.open(tmp_path / "live.sqlite3")
    await store.attempts.record_attempt(attempt())
    await store.db.backup(tmp_path / "backup" / "copy.sqlite3")
    await store.close()
    with sqlite3.connect(tmp_path / "backup" / "copy.sqlite3") as copy:
        assert copy.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == 1


async def test_a_failed_commit_is_rolled_back_and_later_writes_work(tmp_path):
    database = await Database.open(tmp_path / "commit.sqlite3")

    def _write3(tx):
        tx.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
        tx.execute("CREATE TABLE child (parent INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)")

    await database.write(_write3)
    # A deferred foreign key fails only at COMMIT, like a full disk would.
    with pytest.raises(CommitFailed, match="FOREIGN KEY"):

        def _write4(tx):
            tx.execute("INSERT INTO child VALUES (42)")

        await database.write(_write4)

    def _write5(tx):
        tx.execute("INSERT INTO parent VALUES (1)")

    await database.write(_write5)
    assert (await database.fetch_one("SELECT COUNT(*) FROM parent"))[0] == 1
    assert (await database.fetch_one("SELECT COUNT(*) FROM child"))[0] == 0
    await database.close()
