"""Helpers for reminder tests: a service on a real store, cards, streaks and daily posts."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.remind.service import RemindService
from bot.store.timestamps import to_epoch_ms

GUILD, OTHER_GUILD = 700, 701
ME, YOU = 11, 12
DM_ME, DM_YOU = 9011, 9012
CHANNEL = 5000
QUESTIONS = (
    "routing-variable-rules",
    "app-and-request-lifecycle-two-contexts",
    "app-and-request-lifecycle-g-vs-session",
)


@pytest.fixture
def service(store, clock, shipped_bank) -> RemindService:
    return RemindService(shipped_bank, store.reminders, store.reminder_sends, store.daily, clock)


async def set_zone(store, guild_id: int, zone: str, at: datetime) -> None:
    await store.db.write(
        lambda tx: tx.execute(
            "INSERT INTO guild_settings (guild_id, timezone, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (guild_id) DO UPDATE SET timezone = excluded.timezone, updated_at = excluded.updated_at",
            (guild_id, zone, to_epoch_ms(at)),
        )
    )


async def add_card(store, guild_id: int, user_id: int, due: datetime, question_id: str = QUESTIONS[0]) -> None:
    await store.db.write(
        lambda tx: tx.execute(
            "INSERT INTO review_cards (guild_id, user_id, question_id, card, due_at, reviews, updated_at)"
            " VALUES (?, ?, ?, '{}', ?, 1, ?)",
            (guild_id, user_id, question_id, to_epoch_ms(due), to_epoch_ms(due)),
        )
    )


async def set_streak(store, guild_id: int, user_id: int, current: int, last_day: date) -> None:
    await store.db.write(
        lambda tx: tx.execute(
            "INSERT INTO daily_streaks (guild_id, user_id, current, best, last_local_date) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (guild_id, user_id) DO UPDATE SET current = excluded.current,"
            " last_local_date = excluded.last_local_date",
            (guild_id, user_id, current, current, last_day.isoformat()),
        )
    )


async def add_post(store, guild_id: int, day: date, posted_at: datetime, reveal_at: datetime) -> int:
    return await store.db.write(
        lambda tx: tx.execute(
            "INSERT INTO daily_posts (guild_id, local_date, question_id, channel_id, message_id, posted_at, reveal_at)"
            " VALUES (?, ?, ?, ?, 424242, ?, ?)",
            (guild_id, day.isoformat(), QUESTIONS[0], CHANNEL, to_epoch_ms(posted_at), to_epoch_ms(reveal_at)),
        )
    )


async def claims(store, kind: str | None = None) -> list[tuple[int, int, str, str]]:
    rows = await store.db.fetch_all(
        "SELECT guild_id, user_id, kind, local_date FROM reminder_sends WHERE (? IS NULL OR kind = ?)"
        " ORDER BY local_date, guild_id, user_id",
        (kind, kind),
    )
    return [tuple(row) for row in rows]
