"""Fixtures for leaderboard, stats and privacy tests: a real SQLite store in tmp_path."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.store import Mode, NewAttempt, SqliteStore

GUILD = 800000000000000001  # the harness's server id, so store and cog tests can share helpers
OTHER_GUILD = 42
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # a Monday


def attempt(user_id: int, *, points: int = 10, passed: bool = True, at: datetime = T0, **overrides) -> NewAttempt:
    values = dict(
        guild_id=GUILD,
        user_id=user_id,
        question_id="routing-variable-rules",
        topic="routing",
        difficulty="easy",
        mode=Mode.INTERVIEW,
        score=1.0 if passed else 0.2,
        passed=passed,
        points=points,
        answered_at=at,
    )
    values.update(overrides)
    return NewAttempt(**values)


async def record(store: SqliteStore, *attempts: NewAttempt) -> None:
    for item in attempts:
        await store.attempts.record_attempt(item)
