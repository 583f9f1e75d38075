"""The group-commit write path: shared transactions, isolated failures, honest commits."""

import asyncio
import sqlite3
import time

import pytest

from bot.store.database import Database
from bot.store.writer import CommitFailed, WriterClosed


@pytest.fixture
async def database(tmp_path):
    db = await Database.open(tmp_path / "w.sqlite3")
    await db.write(lambda tx: tx.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)"))
    yield db
    await db.close()


def insert(value: str):
    return lambda tx: tx.execute("INSERT INTO t (v) VALUES (?)", (value,))


async def count(db: Database) -> int:
    return (await db.fetch_one("SELECT COUNT(*) FROM t"))[0]


async def test_concurrent_writes_share_transactions(database):
    batches_before = database.writer.batches
    ids = await asyncio.gather(*(database.write(insert(f"v{n}")) for n in range(200)))
    assert sorted(ids) == list(range(1, 201))
    assert await count(database) == 200
    # Submitted in one go, they cannot have needed one commit (and one fsync) each.
    assert database.writer.batches - batches_before < 200


async def test_a_failing_write_rolls_back_alone(database):
    def half_then_fail(tx):
        tx.execute("INSERT INTO t (v) VALUES ('half')")
        raise ValueError("changed my mind")

    results = await asyncio.gather(
        database.write(insert("a")),
        database.write(half_then_fail),
        database.write(insert("a")),  # UNIQUE: fails at its own statement
        database.write(insert("b")),
        return_exceptions=True,
    )
    assert isinstance(results[0], int) and isinstance(results[3], int)
    assert isinstance(results[1], ValueError)
    assert isinstance(results[2], sqlite3.IntegrityError)
    rows = await database.fetch_all("SELECT v FROM t ORDER BY v")
    assert [row["v"] for row in rows] == ["a", "b"]


async def test_a_failing_commit_fails_every_write_in_it_and_records_none(database):
    await database.write(
        lambda tx: tx.execute("CREATE TABLE child (p INTEGER REFERENCES t (id) DEFERRABLE INITIALLY DEFERRED)")
    )
    # Queue the writes while the writer is busy, so they land in one batch with the bad one.
    gate = asyncio.Event()
    loop = asyncio.get_running_loop()

    def slow(tx):
        asyncio.run_coroutine_threadsafe(_set(gate), loop).result()

        time.sleep(0.05)
        return 0

    blocker = asyncio.ensure_future(database.write(slow))
    await gate.wait()
    batch = [
        database.write(insert("x")),
        database.write(lambda tx: tx.execute("INSERT INTO child VALUES (999)")),  # fails only at COMMIT
        database.write(insert("y")),
    ]
    results = await asyncio.gather(*batch, return_exceptions=True)
    await blocker
    assert all(isinstance(result, CommitFailed) for result in results), results
    assert await count(database) == 0
    assert await database.write(insert("after")) > 0  # the writer goes on


async def _set(event: asyncio.Event) -> None:
    event.set()


async def test_returned_means_readable(database):
    await database.write(insert("seen"))
    assert await count(database) == 1


async def test_close_commits_what_is_queued_and_refuses_later_writes(tmp_path):
    db = await Database.open(tmp_path / "c.sqlite3")
    await db.write(lambda tx: tx.execute("CREATE TABLE t (v TEXT)"))
    pending = [asyncio.ensure_future(db.write(insert(f"q{n}"))) for n in range(20)]
    await asyncio.sleep(0)
    await db.close()
    await asyncio.gather(*pending)
    with pytest.raises(WriterClosed):
        await db.write(insert("late"))
    with sqlite3.connect(tmp_path / "c.sqlite3") as check:
        assert check.execute("SELECT COUNT(*) FROM t").fetchone()[0] == 20


async def test_a_cancelled_caller_does_not_undo_its_write(database):
    task = asyncio.ensure_future(database.write(insert("kept")))
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await database.write(insert("next"))  # runs after the cancelled one: FIFO
    assert await count(database) == 2
