"""A member's own data in one server: hide it from boards, export it, delete it.

Deletion covers every table that holds rows of the member in that server: answers and
the grades they flagged, review cards, daily streak, settings, their solo interviews, their
answers and seats in group sessions, their reminders and the record of streak roles given
to them. Sessions someone else hosted stay (other members' data is in them).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.store.database import Database, Transaction
from bot.store.timestamps import from_epoch_ms, to_epoch_ms

# (table, rows of the member in a server). mock_* rows have no guild_id of their own:
# their session does.
_MOCK_SESSIONS = "SELECT id FROM mock_sessions WHERE guild_id = :guild"
_MEMBER_ROWS: tuple[tuple[str, str], ...] = (
    # Before attempts: a flag goes with its attempt (ON DELETE CASCADE), and deleting the
    # flags first keeps their count in the report.
    ("grade_disputes", "guild_id = :guild AND user_id = :user"),
    ("attempts", "guild_id = :guild AND user_id = :user"),
    ("review_cards", "guild_id = :guild AND user_id = :user"),
    ("daily_streaks", "guild_id = :guild AND user_id = :user"),
    ("member_settings", "guild_id = :guild AND user_id = :user"),
    ("interview_sessions", "guild_id = :guild AND user_id = :user"),
    ("mock_answers", f"user_id = :user AND session_id IN ({_MOCK_SESSIONS})"),
    ("mock_participants", f"user_id = :user AND session_id IN ({_MOCK_SESSIONS})"),
    ("reminder_prefs", "guild_id = :guild AND user_id = :user"),
    ("reminder_sends", "guild_id = :guild AND user_id = :user"),
    ("streak_role_members", "guild_id = :guild AND user_id = :user"),
    # Peer interviews: the turns the member was the candidate of (their answer, the marks and
    # grade they got) and the feedback they wrote or received. The partner's own turns stay,
    # even those the member scored: they are the partner's results.
    ("mock_pair_turns", f"user_id = :user AND session_id IN ({_MOCK_SESSIONS})"),
    ("mock_pair_feedback", f"(user_id = :user OR about_id = :user) AND session_id IN ({_MOCK_SESSIONS})"),
)
# Instants stored as epoch milliseconds, by column name: exported as ISO 8601 text.
_INSTANT_COLUMNS = frozenset(
    {"answered_at", "due_at", "updated_at", "started_at", "finished_at", "joined_at", "submitted_at", "created_at"}
    | {"review_next_at", "review_closes_at", "disabled_at", "chosen_at", "next_try_at", "lease_until"}
    | {"last_try_at", "sent_at", "granted_at", "scored_at"}
)


@dataclass(frozen=True, slots=True)
class DeletionReport:
    """How many rows each table lost."""

    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class MemberExport:
    """Every row of the member in the server, per table, as plain column -> value maps."""

    guild_id: int
    user_id: int
    tables: dict[str, list[dict[str, Any]]]


def _plain(row: sqlite3.Row) -> dict[str, Any]:
    """A row as a dict, instants as ISO 8601 UTC text (what a person reading the file expects)."""
    values: dict[str, Any] = {}
    for key in row.keys():  # noqa: SIM118 - sqlite3.Row is not a mapping
        value = row[key]
        if key in _INSTANT_COLUMNS and isinstance(value, int):
            value = from_epoch_ms(value).isoformat()
        values[key] = value
    return values


class PrivacyStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def set_hidden(self, guild_id: int, user_id: int, hidden: bool, now: datetime) -> None:
        await self._db.write(
            lambda tx: tx.execute(
                "INSERT INTO member_settings (guild_id, user_id, hidden, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (guild_id, user_id) DO UPDATE SET hidden = excluded.hidden,"
                " updated_at = excluded.updated_at",
                (guild_id, user_id, int(hidden), to_epoch_ms(now)),
            )
        )

    async def delete_member_data(self, guild_id: int, user_id: int) -> DeletionReport:
        """Delete every row of the member in the server, in one transaction."""
        params = {"guild": guild_id, "user": user_id}

        def delete(tx: Transaction) -> dict[str, int]:
            # Totals first: the attempts delete trigger then finds nothing to adjust per row.
            tx.execute("DELETE FROM board_totals WHERE guild_id = :guild AND user_id = :user", params)
            return {table: _delete(tx, table, where, params) for table, where in _MEMBER_ROWS}

        return DeletionReport(await self._db.write(delete))

    async def export_member_data(self, guild_id: int, user_id: int) -> MemberExport:
        params = {"guild": guild_id, "user": user_id}
        tables: dict[str, list[dict[str, Any]]] = {}
        for table, where in _MEMBER_ROWS:
            rows = await self._db.fetch_all(f"SELECT * FROM {table} WHERE {where}", params)  # noqa: S608 - fixed names
            tables[table] = [_plain(row) for row in rows]
        return MemberExport(guild_id, user_id, tables)


def _delete(tx: Transaction, table: str, where: str, params: dict[str, int]) -> int:
    # table and where come from _MEMBER_ROWS above, never from input.
    return tx.execute_rowcount(f"DELETE FROM {table} WHERE {where}", params)  # noqa: S608
