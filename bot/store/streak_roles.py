"""Streak roles: which role a server gives at which streak, and which members the bot gave one.

The bot never trusts its memory of Discord: what should change is a query (members whose
streak reached a tier but hold no record of it; records whose streak lapsed, whose tier
was removed, or who chose /privacy hide), and a change is recorded only after Discord took
it. A crash between the two repeats a PUT or DELETE, which Discord treats as a no-op.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from bot.store.database import Database, Transaction
from bot.store.timestamps import from_epoch_ms, to_epoch_ms


class StreakDaysTaken(Exception):
    """Another role already has this number of days in the server."""

    def __init__(self, role_id: int) -> None:
        super().__init__(role_id)
        self.role_id = role_id


@dataclass(frozen=True, slots=True)
class StreakRole:
    guild_id: int
    role_id: int
    days: int
    error: str | None
    error_at: datetime | None


@dataclass(frozen=True, slots=True)
class RoleChange:
    guild_id: int
    user_id: int
    role_id: int
    grant: bool  # False: take it away


def _role(row: sqlite3.Row) -> StreakRole:
    error_at = from_epoch_ms(row["error_at"]) if row["error_at"] is not None else None
    return StreakRole(row["guild_id"], row["role_id"], row["days"], row["error"], error_at)


class StreakRoleStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def roles(self, guild_id: int) -> list[StreakRole]:
        rows = await self._db.fetch_all(
            "SELECT guild_id, role_id, days, error, error_at FROM streak_roles WHERE guild_id = ? ORDER BY days",
            (guild_id,),
        )
        return [_role(row) for row in rows]

    async def add(self, guild_id: int, role_id: int, days: int, now: datetime) -> None:
        """Add the tier, or move an existing role to ``days``; clears any stored error (the
        command checked the permission again). Raises ``StreakDaysTaken``."""

        def save(tx: Transaction) -> None:
            taken = tx.fetch_one(
                "SELECT role_id FROM streak_roles WHERE guild_id = ? AND days = ? AND role_id != ?",
                (guild_id, days, role_id),
            )
            if taken is not None:
                raise StreakDaysTaken(taken["role_id"])
            tx.execute(
                "INSERT INTO streak_roles (guild_id, role_id, days, created_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (guild_id, role_id) DO UPDATE SET days = excluded.days, error = NULL, error_at = NULL",
                (guild_id, role_id, days, to_epoch_ms(now)),
            )

        await self._db.write(save)

    async def remove(self, guild_id: int, role_id: int) -> bool:
        """Forget the tier; members who hold it lose it at the next pass (their records stay until then)."""
        return (
            await self._db.write(
                lambda tx: tx.execute_rowcount(
                    "DELETE FROM streak_roles WHERE guild_id = ? AND role_id = ?", (guild_id, role_id)
                )
            )
            > 0
        )

    async def servers(self) -> list[tuple[int, str]]:
        """Servers with a tier or a granted role to look after, with their time zone."""
        rows = await self._db.fetch_all(
            "SELECT ids.guild_id, COALESCE(g.timezone, 'UTC') AS zone FROM"
            " (SELECT guild_id FROM streak_roles UNION SELECT guild_id FROM streak_role_members) AS ids"
            " LEFT JOIN guild_settings AS g ON g.guild_id = ids.guild_id"
        )
        return [(row["guild_id"], row["zone"]) for row in rows]

    async def changes(self, guild_id: int, alive_since: date, limit: int) -> list[RoleChange]:
        """What to grant and take away in a server; a streak counts while its last day is
        ``alive_since`` (yesterday in the server's zone) or later."""
        params = {"g": guild_id, "since": alive_since.isoformat(), "limit": limit}
        grants = await self._db.fetch_all(
            "SELECT s.user_id, r.role_id FROM streak_roles AS r JOIN daily_streaks AS s ON s.guild_id = r.guild_id"
            " WHERE r.guild_id = :g AND r.error IS NULL AND s.current >= r.days AND s.last_local_date >= :since"
            " AND NOT EXISTS (SELECT 1 FROM streak_role_members AS m WHERE m.guild_id = r.guild_id"
            " AND m.user_id = s.user_id AND m.role_id = r.role_id)"
            " AND NOT EXISTS (SELECT 1 FROM member_settings AS h WHERE h.guild_id = s.guild_id"
            " AND h.user_id = s.user_id AND h.hidden = 1)"
            " ORDER BY s.user_id, r.days LIMIT :limit",
            params,
        )
        removals = await self._db.fetch_all(
            "SELECT m.user_id, m.role_id FROM streak_role_members AS m"
            " LEFT JOIN streak_roles AS r ON r.guild_id = m.guild_id AND r.role_id = m.role_id"
            " LEFT JOIN daily_streaks AS s ON s.guild_id = m.guild_id AND s.user_id = m.user_id"
            " WHERE m.guild_id = :g AND r.error IS NULL AND (r.role_id IS NULL OR s.user_id IS NULL"
            " OR s.current < r.days OR s.last_local_date < :since OR EXISTS (SELECT 1 FROM member_settings AS h"
            " WHERE h.guild_id = m.guild_id AND h.user_id = m.user_id AND h.hidden = 1))"
            " ORDER BY m.user_id LIMIT :limit",
            params,
        )
        return [RoleChange(guild_id, row["user_id"], row["role_id"], True) for row in grants] + [
            RoleChange(guild_id, row["user_id"], row["role_id"], False) for row in removals
        ]

    async def applied(self, change: RoleChange, now: datetime) -> None:
        """Discord took the change: record the grant, or forget the removed one."""

        def record(tx: Transaction) -> None:
            if change.grant:
                tx.execute(
                    "INSERT INTO streak_role_members (guild_id, user_id, role_id, granted_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT DO NOTHING",
                    (change.guild_id, change.user_id, change.role_id, to_epoch_ms(now)),
                )
            else:
                tx.execute(
                    "DELETE FROM streak_role_members WHERE guild_id = ? AND user_id = ? AND role_id = ?",
                    (change.guild_id, change.user_id, change.role_id),
                )

        await self._db.write(record)

    async def refused(self, guild_id: int, role_id: int, reason: str, now: datetime) -> None:
        """Discord refused (a lost permission, the role above the bot's): stop until re-added."""
        await self._db.write(
            lambda tx: tx.execute(
                "UPDATE streak_roles SET error = ?, error_at = ? WHERE guild_id = ? AND role_id = ?",
                (reason[:300], to_epoch_ms(now), guild_id, role_id),
            )
        )

    async def role_deleted(self, guild_id: int, role_id: int) -> None:
        def forget(tx: Transaction) -> None:
            tx.execute("DELETE FROM streak_roles WHERE guild_id = ? AND role_id = ?", (guild_id, role_id))
            tx.execute("DELETE FROM streak_role_members WHERE guild_id = ? AND role_id = ?", (guild_id, role_id))

        await self._db.write(forget)

    async def held(self, guild_id: int, user_id: int) -> list[int]:
        rows = await self._db.fetch_all(
            "SELECT role_id FROM streak_role_members WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
        )
        return [row["role_id"] for row in rows]

    async def member_gone(self, guild_id: int, user_id: int) -> None:
        await self._db.write(
            lambda tx: tx.execute(
                "DELETE FROM streak_role_members WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
            )
        )
