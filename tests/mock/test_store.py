"""The session rows and their constraints, on a real SQLite file."""

from __future__ import annotations

import sqlite3

import pytest

from bot.privacy import PrivacyService
from bot.store.database import Database, migration_scripts
from bot.store.mock import VersionConflict
from bot.store.writer import Transaction
from tests.mock.conftest import ANA, BEN, GUILD, HOST

MS = 1767614400000


def insert_session(tx: Transaction, *, guild: int = GUILD, thread: int, slot: int | None, status: str = "lobby") -> int:
    return tx.execute(
        "INSERT INTO mock_sessions (guild_id, channel_id, thread_id, host_id, status, state, created_at, updated_at,"
        " slot) VALUES (?, 1, ?, 1, ?, '{}', ?, ?, ?)",
        (guild, thread, status, MS, MS, slot),
    )


async def test_a_server_has_three_running_slots_and_a_thread_one_session(store):
    for slot in (1, 2, 3):
        await store.db.write(lambda tx, s=slot: insert_session(tx, thread=100 + s, slot=s))
    with pytest.raises(sqlite3.IntegrityError):
        await store.db.write(lambda tx: insert_session(tx, thread=200, slot=3))
    with pytest.raises(sqlite3.IntegrityError):
        await store.db.write(lambda tx: insert_session(tx, guild=GUILD + 1, thread=101, slot=1))
    # A finished session frees its slot and its thread.
    await store.db.write(lambda tx: tx.execute("UPDATE mock_sessions SET status = 'finished' WHERE slot = 3"))
    await store.db.write(lambda tx: insert_session(tx, thread=103, slot=3))


async def test_a_member_has_one_active_seat_per_server(store):
    one = await store.db.write(lambda tx: insert_session(tx, thread=1, slot=1))
    two = await store.db.write(lambda tx: insert_session(tx, thread=2, slot=2))

    def seat(session: int, active: int | None):
        return lambda tx: tx.execute(
            "INSERT INTO mock_participants (session_id, user_id, guild_id, role, active, joined_at)"
            " VALUES (?, 7, ?, 'player', ?, ?)",
            (session, GUILD, active, MS),
        )

    await store.db.write(seat(one, 1))
    with pytest.raises(sqlite3.IntegrityError):
        await store.db.write(seat(two, 1))
    await store.db.write(seat(two, None))  # an ended seat does not count


async def test_one_answer_per_member_per_round_is_the_primary_key(store):
    session = await store.db.write(lambda tx: insert_session(tx, thread=1, slot=1))

    def answer(tx: Transaction) -> None:
        tx.execute(
            "INSERT INTO mock_answers (session_id, round, user_id, question_id, answer, submitted_at)"
            " VALUES (?, 1, 7, 'q', 'a', ?)",
            (session, MS),
        )

    await store.db.write(answer)
    with pytest.raises(sqlite3.IntegrityError):
        await store.db.write(answer)


async def test_a_change_from_an_old_version_conflicts(env):
    sid = await env.open()
    row = await env.store.mock.session(sid)
    now = env.clock.now()
    await env.store.mock.apply(row, state_json=row.state_json, status="lobby", open_round=None, effects=(), now=now)
    with pytest.raises(VersionConflict):
        await env.store.mock.apply(row, state_json=row.state_json, status="lobby", open_round=None, effects=(), now=now)
    assert (await env.store.mock.session(sid)).version == 1


async def test_upgrade_keeps_existing_group_rows(tmp_path):
    path = tmp_path / "old.sqlite3"
    scripts = migration_scripts()
    previous = [s for s in scripts if s[0] < 4]
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        for version, name, sql in previous:
            connection.executescript(sql)
            connection.execute("INSERT INTO schema_migrations VALUES (?, ?, 'then')", (version, name))
        connection.execute(
            "INSERT INTO mock_sessions (id, guild_id, channel_id, host_id, status, state, created_at, updated_at)"
            " VALUES (1, 5, 6, 7, 'running', '{}', 1, 2)"
        )
        connection.execute("INSERT INTO mock_participants VALUES (1, 8, 'candidate', 3)")
        connection.execute("INSERT INTO mock_answers VALUES (1, 1, 8, 'q', 'text', 4)")
    database = await Database.open(path)
    try:
        session = await database.fetch_one("SELECT status, kind, version FROM mock_sessions WHERE id = 1")
        assert tuple(session) == ("abandoned", "rounds", 0)  # no engine could finish it
        seat = await database.fetch_one("SELECT guild_id, role, active FROM mock_participants")
        assert tuple(seat) == (5, "candidate", None)
        answer = await database.fetch_one("SELECT answer, points, missed FROM mock_answers")
        assert tuple(answer) == ("text", 0, "[]")
    finally:
        await database.close()


async def test_privacy_deletes_and_exports_a_members_group_rows(env):
    sid = await env.started(ANA, BEN, rounds=2)
    await env.answer_right(sid, ANA)
    await env.answer_right(sid, BEN)
    privacy = PrivacyService(env.store.privacy, env.clock)
    export = await env.store.privacy.export_member_data(GUILD, ANA)
    [row] = export.tables["mock_answers"]
    assert row["user_id"] == ANA and "points" in row and "elapsed_ms" in row
    assert [p["user_id"] for p in export.tables["mock_participants"]] == [ANA]
    report = await privacy.delete(GUILD, ANA, clicked_by=ANA, asked_at=env.clock.now())
    assert report.counts["mock_answers"] == 1 and report.counts["mock_participants"] == 1
    assert [a.user_id for a in await env.store.mock.answers(sid)] == [BEN]
    assert {p.user_id for p in await env.store.mock.players(sid, GUILD)} == {HOST, BEN}
    assert await env.store.attempts.attempts_for(GUILD, ANA) == []
    assert len(await env.store.attempts.attempts_for(GUILD, BEN)) == 1
