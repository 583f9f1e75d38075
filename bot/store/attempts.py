"""Recording graded answers: the one table every mode writes and every board reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.records import Mode, NewAttempt
from bot.store.database import Database, Transaction
from bot.store.timestamps import from_epoch_ms, to_epoch_ms


@dataclass(frozen=True, slots=True)
class AttemptRecord:
    id: int
    guild_id: int
    user_id: int
    question_id: str
    topic: str
    difficulty: str
    mode: Mode
    score: float
    passed: bool
    points: int
    hinted: bool
    late: bool
    answered_at: datetime


_INSERT = (
    "INSERT INTO attempts (guild_id, user_id, question_id, topic, difficulty, mode, score,"
    " passed, points, hinted, late, answered_at, elapsed_ms, interview_id, daily_post_id,"
    " mock_session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _row_values(attempt: NewAttempt) -> tuple[object, ...]:
    return (
        attempt.guild_id,
        attempt.user_id,
        attempt.question_id,
        attempt.topic,
        attempt.difficulty,
        attempt.mode.value,
        round(attempt.score, 4),
        int(attempt.passed),
        attempt.points,
        int(attempt.hinted),
        int(attempt.late),
        to_epoch_ms(attempt.answered_at),
        attempt.elapsed_ms,
        attempt.interview_id,
        attempt.daily_post_id,
        attempt.mock_session_id,
    )


def insert_attempt(tx: Transaction, attempt: NewAttempt) -> int:
    """Insert inside a caller's write (when the attempt is part of a larger write)."""
    return tx.execute(_INSERT, _row_values(attempt))


class AttemptStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def record_attempt(self, attempt: NewAttempt) -> int:
        """Record and commit; returns the attempt id once it is durable."""
        return await self._db.write(lambda tx: insert_attempt(tx, attempt))

    async def recent_question_ids(self, guild_id: int, user_id: int, limit: int = 200) -> list[str]:
        """The member's most recently answered questions, newest first (for "not seen lately")."""
        rows = await self._db.fetch_all(
            "SELECT question_id, MAX(answered_at) AS last FROM attempts"
            " WHERE guild_id = ? AND user_id = ? GROUP BY question_id ORDER BY last DESC LIMIT ?",
            (guild_id, user_id, limit),
        )
        return [row["question_id"] for row in rows]

    async def attempts_for(self, guild_id: int, user_id: int) -> list[AttemptRecord]:
        rows = await self._db.fetch_all(
            "SELECT id, guild_id, user_id, question_id, topic, difficulty, mode, score, passed,"
            " points, hinted, late, answered_at FROM attempts"
            " WHERE guild_id = ? AND user_id = ? ORDER BY answered_at, id",
            (guild_id, user_id),
        )
        return [
            AttemptRecord(
                id=row["id"],
                guild_id=row["guild_id"],
                user_id=row["user_id"],
                question_id=row["question_id"],
                topic=row["topic"],
                difficulty=row["difficulty"],
                mode=Mode(row["mode"]),
                score=row["score"],
                passed=bool(row["passed"]),
                points=row["points"],
                hinted=bool(row["hinted"]),
                late=bool(row["late"]),
                answered_at=from_epoch_ms(row["answered_at"]),
            )
            for row in rows
        ]
