"""Persistence: the only package that speaks SQL.

``SqliteStore`` opens one database and exposes a repository per table group; features
add their repository here rather than writing SQL anywhere else.
"""

from __future__ import annotations

from pathlib import Path

from bot.records import ActiveSessionConflict, GuildSettings, Mode, NewAttempt, ReviewCard, StoredInterview
from bot.store.attempts import AttemptRecord, AttemptStore
from bot.store.daily import DailyStore
from bot.store.database import Database
from bot.store.disputes import DisputeStore
from bot.store.interviews import InterviewStore
from bot.store.leaderboard import BoardEntry, BoardFilter, BoardSlice, LeaderboardStore
from bot.store.meta import MetaStore
from bot.store.mock import MockStore
from bot.store.mock_pairs import PairRows
from bot.store.outbox import OutboxPost, OutboxStore
from bot.store.privacy import DeletionReport, MemberExport, PrivacyStore
from bot.store.reminder_sends import ReminderSendStore
from bot.store.reminders import ReminderStore
from bot.store.settings import SettingsStore
from bot.store.streak_roles import StreakRoleStore
from bot.store.timers import Timer, TimerStore

__all__ = [
    "ActiveSessionConflict",
    "InterviewStore",
    "ReviewCard",
    "StoredInterview",
    "AttemptRecord",
    "AttemptStore",
    "DailyStore",
    "DisputeStore",
    "Database",
    "GuildSettings",
    "MetaStore",
    "MockStore",
    "Mode",
    "NewAttempt",
    "OutboxPost",
    "OutboxStore",
    "PairRows",
    "SettingsStore",
    "SqliteStore",
    "Timer",
    "TimerStore",
    "BoardEntry",
    "BoardFilter",
    "BoardSlice",
    "LeaderboardStore",
    "DeletionReport",
    "MemberExport",
    "PrivacyStore",
]


class SqliteStore:
    """Every repository over one open database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.attempts = AttemptStore(db)
        self.meta = MetaStore(db)
        self.settings = SettingsStore(db)
        self.interviews = InterviewStore(db, self.attempts, self.settings)
        self.outbox = OutboxStore(db)
        self.daily = DailyStore(db, self.outbox)
        self.leaderboard = LeaderboardStore(db)
        self.privacy = PrivacyStore(db)
        self.timers = TimerStore(db)
        self.reminders = ReminderStore(db)
        self.reminder_sends = ReminderSendStore(db)
        self.streak_roles = StreakRoleStore(db)
        self.disputes = DisputeStore(db)
        self.mock = MockStore(db)
        self.pairs = PairRows(db)

    @classmethod
    async def open(cls, path: str | Path) -> SqliteStore:
        return cls(await Database.open(path))

    async def close(self) -> None:
        await self.db.close()
