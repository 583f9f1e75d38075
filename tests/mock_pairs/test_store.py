"""Pair rows on a real SQLite file: constraints, one owner per row, and deletion coverage."""

from __future__ import annotations

import sqlite3

import pytest

from bot.store.privacy import _MEMBER_ROWS

# board_totals is cleared by its own statement before the per-table deletes (privacy.py).
DELETED_OTHERWISE = {"board_totals"}


async def test_every_table_with_member_rows_is_deleted_and_exported(store):
    """A new table with a user_id (or about_id) column must join /privacy's list."""
    tables = await store.db.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table'")
    with_members = set()
    for table in tables:
        columns = await store.db.fetch_all(f"PRAGMA table_info({table['name']})")
        if {"user_id", "about_id"} & {column["name"] for column in columns}:
            with_members.add(table["name"])
    covered = {table for table, _ in _MEMBER_ROWS}
    assert "mock_pair_turns" in with_members and "mock_pair_feedback" in with_members
    assert with_members - DELETED_OTHERWISE == covered


async def test_pair_rows_keep_their_ranges(store):
    def session(tx) -> int:
        return tx.execute(
            "INSERT INTO mock_sessions (guild_id, channel_id, host_id, status, state, created_at, updated_at, kind)"
            " VALUES (1, 2, 3, 'running', '{}', 0, 0, 'pair')"
        )

    sid = await store.db.write(session)
    bad_rows = (
        ("INSERT INTO mock_pair_turns (session_id, turn, user_id, interviewer_id, question_id, grade)"
         " VALUES (?, 1, 4, 3, 'q', 5)"),
        ("INSERT INTO mock_pair_turns (session_id, turn, user_id, interviewer_id, question_id, bot_score)"
         " VALUES (?, 1, 4, 3, 'q', 1.5)"),
        ("INSERT INTO mock_pair_feedback (session_id, user_id, about_id, communication, depth, clarity, strength,"
         " improve, sent_at) VALUES (?, 4, 3, 6, 1, 1, 's', 'i', 0)"),
    )  # fmt: skip
    for sql in bad_rows:
        with pytest.raises(sqlite3.IntegrityError):
            await store.db.write(lambda tx, sql=sql: tx.execute(sql, (sid,)))
