"""Flagged grades ("Flag this grade"): the answers members dispute, kept with their consent.

A flag copies the grade from its attempt inside the write that stores it, so the stored
score is the one the member was shown. The operator's export reads the file read-only,
so running it beside the bot (or against a copy) never changes the database.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from bot.errors import InterviewBotError
from bot.store.attempts import Mode
from bot.store.database import Database, Transaction
from bot.store.timestamps import from_epoch_ms, to_epoch_ms


class DisputesUnreadable(InterviewBotError):
    """The export cannot read the database; the message says which file and why."""


@dataclass(frozen=True, slots=True)
class FlaggableAttempt:
    """An attempt as the flag form needs it: whose it is, its grade, whether it is flagged."""

    id: int
    guild_id: int
    user_id: int
    question_id: str
    mode: Mode
    score: float
    passed: bool
    flagged: bool
    interview_id: int | None
    daily_post_id: int | None


@dataclass(frozen=True, slots=True)
class NewDispute:
    attempt_id: int
    user_id: int  # the member flagging: the write stores nothing unless the attempt is theirs
    answer: str
    reason: str
    created_at: datetime


class Stored(StrEnum):
    """What ``record_dispute`` did."""

    STORED = "stored"
    ALREADY_FLAGGED = "already flagged"
    NO_SUCH_ATTEMPT = "no such attempt"  # deleted meanwhile, or not the member's


@dataclass(frozen=True, slots=True)
class DisputeRecord:
    """One stored flag, as the operator's export reads it."""

    question_id: str
    mode: str
    answer: str
    score: float
    passed: bool
    reason: str
    created_at: datetime


_INSERT = (
    "INSERT INTO grade_disputes (attempt_id, guild_id, user_id, question_id, mode, answer, score, passed,"
    " reason, created_at)"
    " SELECT id, guild_id, user_id, question_id, mode, ?, score, passed, ?, ? FROM attempts"
    " WHERE id = ? AND user_id = ?"
    " ON CONFLICT (attempt_id) DO NOTHING"
)
_EXPORT = (
    "SELECT question_id, mode, answer, score, passed, reason, created_at FROM grade_disputes ORDER BY created_at, id"
)


def _record(tx: Transaction, dispute: NewDispute) -> Stored:
    values = (dispute.answer, dispute.reason, to_epoch_ms(dispute.created_at), dispute.attempt_id, dispute.user_id)
    if tx.execute_rowcount(_INSERT, values) == 1:
        return Stored.STORED
    # Nothing inserted: the unique attempt_id (a second submit got here second), or no
    # attempt of this member by that id.
    taken = tx.fetch_one("SELECT 1 FROM grade_disputes WHERE attempt_id = ?", (dispute.attempt_id,))
    return Stored.ALREADY_FLAGGED if taken is not None else Stored.NO_SUCH_ATTEMPT


_ATTEMPT = (
    "SELECT a.id, a.guild_id, a.user_id, a.question_id, a.mode, a.score, a.passed, a.interview_id,"
    " a.daily_post_id, d.id IS NOT NULL AS flagged FROM attempts AS a"
    " LEFT JOIN grade_disputes AS d ON d.attempt_id = a.id"
)


def _attempt(row: sqlite3.Row | None) -> FlaggableAttempt | None:
    if row is None:
        return None
    return FlaggableAttempt(
        id=row["id"],
        guild_id=row["guild_id"],
        user_id=row["user_id"],
        question_id=row["question_id"],
        mode=Mode(row["mode"]),
        score=row["score"],
        passed=bool(row["passed"]),
        flagged=bool(row["flagged"]),
        interview_id=row["interview_id"],
        daily_post_id=row["daily_post_id"],
    )


class DisputeStore:
    """Flags are rare, so the attempt a Flag button names is looked up when it is pressed,
    never on the answer's own path."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def interview_attempt(
        self, guild_id: int, user_id: int, session_id: int, question_id: str
    ) -> FlaggableAttempt | None:
        """The member's attempt at ``question_id`` in that interview (the newest, should a
        question ever come twice). Walks the member's own index from the newest answer."""
        return _attempt(
            await self._db.fetch_one(
                f"{_ATTEMPT} WHERE a.guild_id = ? AND a.user_id = ? AND a.interview_id = ? AND a.question_id = ?"
                " ORDER BY a.answered_at DESC, a.id DESC LIMIT 1",
                (guild_id, user_id, session_id, question_id),
            )
        )

    async def interview_owner(self, session_id: int) -> int | None:
        row = await self._db.fetch_one("SELECT user_id FROM interview_sessions WHERE id = ?", (session_id,))
        return None if row is None else int(row["user_id"])

    async def daily_attempt(self, post_id: int, user_id: int) -> FlaggableAttempt | None:
        """The member's one answer to that daily post (a unique index makes it one)."""
        return _attempt(
            await self._db.fetch_one(f"{_ATTEMPT} WHERE a.daily_post_id = ? AND a.user_id = ?", (post_id, user_id))
        )

    async def attempt(self, attempt_id: int) -> FlaggableAttempt | None:
        return _attempt(await self._db.fetch_one(f"{_ATTEMPT} WHERE a.id = ?", (attempt_id,)))

    async def record_dispute(self, dispute: NewDispute) -> Stored:
        """Store the flag (once per attempt) and commit before returning."""
        return await self._db.write(lambda tx: _record(tx, dispute))


def read_disputes(path: Path) -> list[DisputeRecord]:
    """Every flag in the database at ``path``, oldest first, opened read-only.

    Raises ``DisputesUnreadable`` naming the file and the problem: no such file, not a
    database, or a database the bot has not yet upgraded to hold flags.
    """
    if not path.is_file():
        raise DisputesUnreadable(f"no database at {path}; set DATABASE_PATH to the bot's database file")
    try:
        # mode=ro: never create, migrate or lock the bot's database for writing.
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise DisputesUnreadable(f"cannot open {path}: {error}") from None
    try:
        rows = connection.execute(_EXPORT).fetchall()
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            raise DisputesUnreadable(
                f"{path} has no flagged grades table yet; start the bot once so it upgrades the database"
            ) from None
        raise DisputesUnreadable(f"cannot read {path}: {error}") from None
    except sqlite3.DatabaseError as error:
        raise DisputesUnreadable(f"cannot read {path}: {error}") from None
    finally:
        connection.close()
    return [
        DisputeRecord(
            question_id=question_id,
            mode=mode,
            answer=answer,
            score=score,
            passed=bool(passed),
            reason=reason,
            created_at=from_epoch_ms(created_at),
        )
        for question_id, mode, answer, score, passed, reason, created_at in rows
    ]
