"""Persistence: the only package that speaks SQL.

``SqliteStore`` opens one database and exposes a repository per table group; features
add their repository here rather than writing SQL anywhere else.
"""

from __future__ import annotations

from pathlib import Path

from bot.store.attempts import AttemptRecord, AttemptStore, Mode, NewAttempt
from bot.store.database import Database
from bot.store.meta import MetaStore
from bot.store.settings import GuildSettings, SettingsStore

__all__ = [
    "AttemptRecord",
    "AttemptStore",
    "Database",
    "GuildSettings",
    "MetaStore",
    "Mode",
    "NewAttempt",
    "SettingsStore",
    "SqliteStore",
]


class SqliteStore:
    """Every repository over one open database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.attempts = AttemptStore(db)
        self.meta = MetaStore(db)
        self.settings = SettingsStore(db)

    @classmethod
    async def open(cls, path: str | Path) -> SqliteStore:
        return cls(await Database.open(path))

    async def close(self) -> None:
        await self.db.close()
