"""A member's reminder settings in one server (the tick that reads them: ``reminder_tick``)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from bot.store.database import Database, Transaction
from bot.store.reminder_tick import TickResult, TickRules, ensure_tick_timer, reschedule_disabled_reviews, run_tick
from bot.store.timers import Timer
from bot.store.timestamps import from_epoch_ms, to_epoch_ms


@dataclass(frozen=True, slots=True)
class ReminderPrefs:
    guild_id: int
    user_id: int
    dm_channel_id: int
    channel_id: int | None
    reviews_on: bool
    review_hour: int
    review_next_at: datetime | None
    streak_on: bool
    disabled_reason: str | None
    disabled_at: datetime | None


_PREFS = (
    "SELECT guild_id, user_id, dm_channel_id, channel_id, reviews_on, review_hour, review_next_at, streak_on,"
    " disabled_reason, disabled_at FROM reminder_prefs WHERE guild_id = ? AND user_id = ?"
)


def _prefs(row: sqlite3.Row) -> ReminderPrefs:
    return ReminderPrefs(
        guild_id=row["guild_id"],
        user_id=row["user_id"],
        dm_channel_id=row["dm_channel_id"],
        channel_id=row["channel_id"],
        reviews_on=bool(row["reviews_on"]),
        review_hour=row["review_hour"],
        review_next_at=from_epoch_ms(row["review_next_at"]) if row["review_next_at"] is not None else None,
        streak_on=bool(row["streak_on"]),
        disabled_reason=row["disabled_reason"],
        disabled_at=from_epoch_ms(row["disabled_at"]) if row["disabled_at"] is not None else None,
    )


def _upsert(tx: Transaction, guild_id: int, user_id: int, dm_channel_id: int, channel_id: int | None, now: int) -> None:
    """Create the member's row (everything off) or refresh where to reach them. The callers
    then turn a reminder on, which also clears a reason the bot turned them off for: turning
    one on is the member saying their DMs are open again."""
    tx.execute(
        "INSERT INTO reminder_prefs (guild_id, user_id, dm_channel_id, channel_id, updated_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (guild_id, user_id) DO UPDATE SET dm_channel_id = excluded.dm_channel_id,"
        " channel_id = excluded.channel_id, updated_at = excluded.updated_at",
        (guild_id, user_id, dm_channel_id, channel_id, now),
    )


class ReminderStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def prefs(self, guild_id: int, user_id: int) -> ReminderPrefs | None:
        row = await self._db.fetch_one(_PREFS, (guild_id, user_id))
        return _prefs(row) if row else None

    async def server_zone(self, guild_id: int) -> str:
        row = await self._db.fetch_one("SELECT timezone FROM guild_settings WHERE guild_id = ?", (guild_id,))
        return str(row["timezone"]) if row else "UTC"

    async def set_reviews(
        self,
        guild_id: int,
        user_id: int,
        *,
        hour: int | None,
        where: tuple[int, int | None] | None,
        rules: TickRules,
        now: datetime,
    ) -> ReminderPrefs | None:
        """Turn review reminders on at ``hour`` (``where``: DM channel, server channel) or off
        (``where`` None). The next slot is computed in the same write as the server's zone."""
        now_ms = to_epoch_ms(now)

        def save(tx: Transaction) -> ReminderPrefs | None:
            if where is None:
                tx.execute(
                    "UPDATE reminder_prefs SET reviews_on = 0, review_next_at = NULL, review_closes_at = NULL,"
                    " updated_at = ? WHERE guild_id = ? AND user_id = ?",
                    (now_ms, guild_id, user_id),
                )
            else:
                _upsert(tx, guild_id, user_id, where[0], where[1], now_ms)
                row = tx.fetch_one(
                    "SELECT review_hour, COALESCE((SELECT g.timezone FROM guild_settings AS g"
                    " WHERE g.guild_id = reminder_prefs.guild_id), 'UTC') AS zone"
                    " FROM reminder_prefs WHERE guild_id = ? AND user_id = ?",
                    (guild_id, user_id),
                )
                assert row is not None  # just upserted
                chosen = row["review_hour"] if hour is None else hour
                slot = rules.first_slot(now, chosen, row["zone"])
                tx.execute(
                    "UPDATE reminder_prefs SET reviews_on = 1, review_hour = ?, review_zone = ?, review_day = ?,"
                    " review_next_at = ?, review_closes_at = ?, disabled_reason = NULL, disabled_at = NULL"
                    " WHERE guild_id = ? AND user_id = ?",
                    (
                        chosen,
                        row["zone"],
                        slot.day.isoformat(),
                        to_epoch_ms(slot.opens),
                        to_epoch_ms(slot.closes),
                        guild_id,
                        user_id,
                    ),
                )
                reschedule_disabled_reviews(tx, guild_id, user_id, rules, now)
            found = tx.fetch_one(_PREFS, (guild_id, user_id))
            return _prefs(found) if found else None

        return await self._db.write(save)

    async def set_streak(
        self, guild_id: int, user_id: int, *, where: tuple[int, int | None] | None, rules: TickRules, now: datetime
    ) -> ReminderPrefs | None:
        now_ms = to_epoch_ms(now)

        def save(tx: Transaction) -> ReminderPrefs | None:
            if where is None:
                tx.execute(
                    "UPDATE reminder_prefs SET streak_on = 0, updated_at = ? WHERE guild_id = ? AND user_id = ?",
                    (now_ms, guild_id, user_id),
                )
            else:
                _upsert(tx, guild_id, user_id, where[0], where[1], now_ms)
                tx.execute(
                    "UPDATE reminder_prefs SET streak_on = 1, disabled_reason = NULL, disabled_at = NULL"
                    " WHERE guild_id = ? AND user_id = ?",
                    (guild_id, user_id),
                )
                reschedule_disabled_reviews(tx, guild_id, user_id, rules, now)
            found = tx.fetch_one(_PREFS, (guild_id, user_id))
            return _prefs(found) if found else None

        return await self._db.write(save)

    async def tick(
        self, now: datetime, rules: TickRules, *, timer: Timer | None, zones_since: datetime
    ) -> TickResult | None:
        """Choose every reminder due at ``now``; None when ``timer`` had already been fired.

        The first write claims ``timer`` (the durable tick) and schedules the next one in the
        same commit as its choice: a crash leaves all of it or none. Further writes, one batch
        each, take the rest; a crash between them leaves the rest due for the next tick.
        """
        since_ms = to_epoch_ms(zones_since)
        first = await self._db.write(lambda tx: run_tick(tx, now, rules, timer, since_ms))
        if first is None:
            return None
        reviews, streaks, more = first.reviews, first.streaks, first.more
        while more:
            batch = await self._db.write(lambda tx: run_tick(tx, now, rules, None, since_ms, first=False))
            assert batch is not None  # only a timer's claim can fail
            reviews, streaks, more = reviews + batch.reviews, streaks + batch.streaks, batch.more
        return TickResult(reviews, streaks, more=False)

    async def ensure_ticking(self, now: datetime) -> None:
        """Create the durable tick timer unless it exists (a restart keeps the one it had)."""
        await self._db.write(lambda tx: ensure_tick_timer(tx, now))
