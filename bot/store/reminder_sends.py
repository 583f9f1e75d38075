"""The reminders chosen by a tick, on their way to a direct message, and what they show.

A sender takes a pending claim with ``lease`` (a compare-and-set, so two senders, or two
processes, never both send one) which also records the try before the send: after a crash,
a claim tried long ago is first looked for in the DM channel. ``finish`` records the
outcome; a refusal turns the member's reminders off in the same write.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.store.database import Database, Transaction
from bot.store.timestamps import from_epoch_ms, to_epoch_ms


@dataclass(frozen=True, slots=True)
class PendingReminder:
    guild_id: int
    user_id: int
    kind: str  # 'reviews' or 'streak'
    day: date
    post_id: int | None
    attempts: int
    last_try_at: datetime | None
    chosen_at: datetime
    dm_channel_id: int | None  # None: the member's settings are gone (deleted, server left)
    still_on: bool  # the member still wants this kind and the bot has not turned it off

    @property
    def key(self) -> str:
        return f"remind:{self.kind}:{self.guild_id}:{self.user_id}:{self.day.isoformat()}"


@dataclass(frozen=True, slots=True)
class StreakAtRisk:
    streak: int
    channel_id: int
    message_id: int | None
    reveal_at: datetime


def _pending(row: sqlite3.Row) -> PendingReminder:
    return PendingReminder(
        guild_id=row["guild_id"],
        user_id=row["user_id"],
        kind=row["kind"],
        day=date.fromisoformat(row["local_date"]),
        post_id=row["post_id"],
        attempts=row["attempts"],
        last_try_at=from_epoch_ms(row["last_try_at"]) if row["last_try_at"] is not None else None,
        chosen_at=from_epoch_ms(row["chosen_at"]),
        dm_channel_id=row["dm_channel_id"],
        still_on=bool(row["still_on"]),
    )


def _key(reminder: PendingReminder) -> tuple[int, int, str, str]:
    return (reminder.guild_id, reminder.user_id, reminder.kind, reminder.day.isoformat())


def _turn_off(tx: Transaction, guild_id: int | None, user_id: int, reason: str, now_ms: int) -> None:
    """The member's reminders off (in ``guild_id``, or everywhere when None), with the reason
    /remind status shows; whatever was pending for them is settled, never tried again."""
    tx.execute(
        "UPDATE reminder_prefs SET disabled_reason = ?, disabled_at = ?, review_next_at = NULL,"
        " review_closes_at = NULL WHERE user_id = ? AND (? IS NULL OR guild_id = ?)",
        (reason[:300], now_ms, user_id, guild_id, guild_id),
    )
    tx.execute(
        "UPDATE reminder_sends SET outcome = ?, lease_until = NULL"
        " WHERE outcome IS NULL AND user_id = ? AND (? IS NULL OR guild_id = ?)",
        (f"refused: {reason}"[:300], user_id, guild_id, guild_id),
    )


class ReminderSendStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def pending(self, now: datetime, limit: int = 100) -> list[PendingReminder]:
        now_ms = to_epoch_ms(now)
        rows = await self._db.fetch_all(
            "SELECT s.guild_id, s.user_id, s.kind, s.local_date, s.post_id, s.attempts, s.last_try_at, s.chosen_at,"
            " p.dm_channel_id, (p.disabled_reason IS NULL AND CASE s.kind WHEN 'reviews' THEN p.reviews_on"
            " ELSE p.streak_on END) AS still_on FROM reminder_sends AS s LEFT JOIN reminder_prefs AS p"
            " ON p.guild_id = s.guild_id AND p.user_id = s.user_id"
            " WHERE s.outcome IS NULL AND s.next_try_at <= ? AND (s.lease_until IS NULL OR s.lease_until <= ?)"
            " ORDER BY s.next_try_at LIMIT ?",
            (now_ms, now_ms, limit),
        )
        return [_pending(row) for row in rows]

    async def next_try(self) -> datetime | None:
        row = await self._db.fetch_one("SELECT MIN(next_try_at) AS due FROM reminder_sends WHERE outcome IS NULL")
        return None if row is None or row["due"] is None else from_epoch_ms(row["due"])

    async def lease(self, reminder: PendingReminder, now: datetime, hold: timedelta) -> bool:
        """Take the claim for one send (False: another sender has it or it is settled), and
        record the try first, so a crash after the send is looked for, not resent blindly."""
        now_ms = to_epoch_ms(now)
        return (
            await self._db.write(
                lambda tx: tx.execute_rowcount(
                    "UPDATE reminder_sends SET lease_until = ?, attempts = attempts + 1, last_try_at = ?"
                    " WHERE guild_id = ? AND user_id = ? AND kind = ? AND local_date = ? AND outcome IS NULL"
                    " AND (lease_until IS NULL OR lease_until <= ?)",
                    (now_ms + int(hold.total_seconds() * 1000), now_ms, *_key(reminder), now_ms),
                )
            )
            > 0
        )

    async def finish(
        self, reminder: PendingReminder, outcome: str, now: datetime, message_id: int | None = None
    ) -> None:
        await self._db.write(
            lambda tx: tx.execute(
                "UPDATE reminder_sends SET outcome = ?, sent_at = ?, message_id = ?, lease_until = NULL"
                " WHERE guild_id = ? AND user_id = ? AND kind = ? AND local_date = ?",
                (outcome[:300], to_epoch_ms(now) if message_id else None, message_id, *_key(reminder)),
            )
        )

    async def retry_at(self, reminder: PendingReminder, when: datetime) -> None:
        await self._db.write(
            lambda tx: tx.execute(
                "UPDATE reminder_sends SET next_try_at = ?, lease_until = NULL"
                " WHERE guild_id = ? AND user_id = ? AND kind = ? AND local_date = ? AND outcome IS NULL",
                (to_epoch_ms(when), *_key(reminder)),
            )
        )

    async def dms_closed(self, user_id: int, reason: str, now: datetime) -> None:
        """Discord refused a DM to this member: off in every server (the DM is refused for the
        member, not for one server), and nothing pending for them is tried again."""
        await self._db.write(lambda tx: _turn_off(tx, None, user_id, reason, to_epoch_ms(now)))

    async def member_left(self, guild_id: int, user_id: int, reason: str, now: datetime) -> None:
        await self._db.write(lambda tx: _turn_off(tx, guild_id, user_id, reason, to_epoch_ms(now)))

    async def server_left(self, guild_id: int) -> int:
        """The bot left the server: every member's reminders there, and its streak roles, go."""

        def forget(tx: Transaction) -> int:
            removed = tx.execute_rowcount("DELETE FROM reminder_prefs WHERE guild_id = ?", (guild_id,))
            for table in ("reminder_sends", "reminder_runs", "streak_roles", "streak_role_members"):
                tx.execute(f"DELETE FROM {table} WHERE guild_id = ?", (guild_id,))  # noqa: S608 - fixed names
            return removed

        return await self._db.write(forget)

    # -- what a reminder shows, read when it is sent -------------------------------------

    async def due_question_ids(self, guild_id: int, user_id: int, now: datetime) -> list[str]:
        rows = await self._db.fetch_all(
            "SELECT question_id FROM review_cards WHERE guild_id = ? AND user_id = ? AND due_at <= ? ORDER BY due_at",
            (guild_id, user_id, to_epoch_ms(now)),
        )
        return [row["question_id"] for row in rows]

    async def last_channel(self, guild_id: int, user_id: int) -> int | None:
        """The server channel the member last used the bot in: an interview, a daily answer,
        or where they ran /remind, whichever is latest."""
        row = await self._db.fetch_one(
            "SELECT channel_id FROM ("
            " SELECT channel_id, updated_at AS at FROM interview_sessions"
            " WHERE guild_id = :g AND user_id = :u AND channel_id IS NOT NULL"
            " UNION ALL SELECT d.channel_id, a.answered_at AS at FROM attempts AS a"
            " JOIN daily_posts AS d ON d.id = a.daily_post_id WHERE a.guild_id = :g AND a.user_id = :u"
            " UNION ALL SELECT channel_id, updated_at AS at FROM reminder_prefs"
            " WHERE guild_id = :g AND user_id = :u AND channel_id IS NOT NULL"
            ") ORDER BY at DESC LIMIT 1",
            {"g": guild_id, "u": user_id},
        )
        return None if row is None else int(row["channel_id"])

    async def streak_at_risk(self, reminder: PendingReminder, now: datetime) -> StreakAtRisk | None:
        """The member's streak if it is still at risk now: the post is open, unanswered by them."""
        row = await self._db.fetch_one(
            "SELECT s.current, d.channel_id, d.message_id, d.reveal_at FROM daily_posts AS d"
            " JOIN daily_streaks AS s ON s.guild_id = d.guild_id AND s.user_id = :u"
            " WHERE d.id = :post AND d.revealed_at IS NULL AND d.reveal_at > :now AND s.current > 0"
            " AND NOT EXISTS (SELECT 1 FROM attempts AS a WHERE a.daily_post_id = d.id AND a.user_id = :u)",
            {"u": reminder.user_id, "post": reminder.post_id, "now": to_epoch_ms(now)},
        )
        if row is None:
            return None
        return StreakAtRisk(row["current"], row["channel_id"], row["message_id"], from_epoch_ms(row["reveal_at"]))

    async def last_sent(self, guild_id: int, user_id: int) -> dict[str, date]:
        rows = await self._db.fetch_all(
            "SELECT kind, MAX(local_date) AS day FROM reminder_sends WHERE guild_id = ? AND user_id = ?"
            " AND outcome = 'sent' GROUP BY kind",
            (guild_id, user_id),
        )
        return {row["kind"]: date.fromisoformat(row["day"]) for row in rows}
