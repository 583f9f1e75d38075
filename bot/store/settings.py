"""Per-server settings: the time zone periods and dailies use, and interview time limits."""

from __future__ import annotations

from datetime import datetime

from bot.records import GuildSettings
from bot.store.database import Database, Transaction
from bot.store.timestamps import to_epoch_ms


class SettingsStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def guild_settings(self, guild_id: int) -> GuildSettings:
        row = await self._db.fetch_one(
            "SELECT timezone, open_time_limit, choice_time_limit FROM guild_settings WHERE guild_id = ?",
            (guild_id,),
        )
        if row is None:
            return GuildSettings(guild_id)
        return GuildSettings(guild_id, row["timezone"], row["open_time_limit"], row["choice_time_limit"])

    async def save_guild_settings(self, settings: GuildSettings, now: datetime) -> None:
        def save(tx: Transaction) -> None:
            tx.execute(
                "INSERT INTO guild_settings (guild_id, timezone, open_time_limit, choice_time_limit, updated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET"
                " timezone = excluded.timezone, open_time_limit = excluded.open_time_limit,"
                " choice_time_limit = excluded.choice_time_limit, updated_at = excluded.updated_at",
                (
                    settings.guild_id,
                    settings.timezone,
                    settings.open_time_limit,
                    settings.choice_time_limit,
                    to_epoch_ms(now),
                ),
            )
            # A server has one time zone: a daily schedule follows it too (its own
            # updated_at, which marks when the schedule starts, is left alone).
            tx.execute(
                "UPDATE daily_configs SET timezone = ? WHERE guild_id = ?", (settings.timezone, settings.guild_id)
            )

        await self._db.write(save)
