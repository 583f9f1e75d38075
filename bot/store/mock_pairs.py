"""Peer (pair) mock interviews: the rows a pair session writes beside its versioned state.

A pair session is a ``mock_sessions`` row of kind 'pair' driven by the same core as live
rounds (``bot.mock.core``): every change is a versioned update. What a member said, scored
or wrote is a row written by a ``Record`` inside that same update, so a click that loses a
race (two Submits, a Score racing End) writes nothing. Rows have one owner each (the
candidate of a turn, the author of a feedback) for /privacy delete-my-data.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from bot.records import NewAttempt
from bot.store.attempts import insert_attempt
from bot.store.database import Database, Transaction
from bot.store.mock_base import DuplicateAnswer, StoredSession, seat
from bot.store.timestamps import from_epoch_ms, to_epoch_ms

PAIR_SEATS = 2


class AlreadySent(Exception):
    """The member already sent feedback for this session (primary key)."""


@dataclass(frozen=True, slots=True)
class SeatMember:
    """Seat the partner who accepted: the unique index on active seats refuses a member who
    is in another running session of the server."""

    user_id: int

    def write(self, tx: Transaction, session: StoredSession, now: datetime) -> None:
        # The role is the first side's (the inviter interviews first); the state keeps each turn's.
        seat(tx, session.id, session.guild_id, self.user_id, now, PAIR_SEATS, role="candidate")


@dataclass(frozen=True, slots=True)
class WrittenAnswer:
    """The candidate's written answer to a turn, with the bot's grade of it."""

    turn: int
    candidate_id: int
    interviewer_id: int
    question_id: str
    text: str
    bot_score: float
    bot_passed: bool

    def write(self, tx: Transaction, session: StoredSession, now: datetime) -> None:
        try:
            tx.execute(
                "INSERT INTO mock_pair_turns (session_id, turn, user_id, interviewer_id, question_id, answer,"
                " answered_at, bot_score, bot_passed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session.id,
                    self.turn,
                    self.candidate_id,
                    self.interviewer_id,
                    self.question_id,
                    self.text,
                    to_epoch_ms(now),
                    round(self.bot_score, 4),
                    int(self.bot_passed),
                ),
            )
        except sqlite3.IntegrityError as error:
            raise DuplicateAnswer from error


@dataclass(frozen=True, slots=True)
class PeerScore:
    """The interviewer's marks and grade for a turn, and the candidate's attempt."""

    turn: int
    candidate_id: int
    interviewer_id: int
    question_id: str
    marks: tuple[str, ...]
    grade: int
    note: str
    attempt: NewAttempt

    def write(self, tx: Transaction, session: StoredSession, now: datetime) -> None:
        attempt_id = insert_attempt(tx, self.attempt)
        # The row exists already when the candidate wrote an answer; otherwise it starts here.
        tx.execute(
            "INSERT INTO mock_pair_turns (session_id, turn, user_id, interviewer_id, question_id, marks, grade, note,"
            " scored_at, attempt_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (session_id, turn) DO UPDATE SET marks = excluded.marks, grade = excluded.grade,"
            " note = excluded.note, scored_at = excluded.scored_at, attempt_id = excluded.attempt_id",
            (
                session.id,
                self.turn,
                self.candidate_id,
                self.interviewer_id,
                self.question_id,
                json.dumps(list(self.marks)),
                self.grade,
                self.note or None,
                to_epoch_ms(now),
                attempt_id,
            ),
        )


@dataclass(frozen=True, slots=True)
class PeerFeedback:
    """What one member wrote about the other at the end (blind until released)."""

    user_id: int
    about_id: int
    communication: int
    depth: int
    clarity: int
    strength: str
    improve: str

    def write(self, tx: Transaction, session: StoredSession, now: datetime) -> None:
        try:
            tx.execute(
                "INSERT INTO mock_pair_feedback (session_id, user_id, about_id, communication, depth, clarity,"
                " strength, improve, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session.id,
                    self.user_id,
                    self.about_id,
                    self.communication,
                    self.depth,
                    self.clarity,
                    self.strength,
                    self.improve,
                    to_epoch_ms(now),
                ),
            )
        except sqlite3.IntegrityError as error:
            raise AlreadySent from error


@dataclass(frozen=True, slots=True)
class StoredTurn:
    turn: int
    candidate_id: int
    interviewer_id: int
    question_id: str
    answer: str | None
    bot_score: float | None
    bot_passed: bool | None
    marks: tuple[str, ...]
    grade: int | None
    note: str
    scored_at: datetime | None


@dataclass(frozen=True, slots=True)
class StoredFeedback:
    user_id: int
    about_id: int
    communication: int
    depth: int
    clarity: int
    strength: str
    improve: str
    sent_at: datetime


def _turn(row: sqlite3.Row) -> StoredTurn:
    return StoredTurn(
        turn=row["turn"],
        candidate_id=row["user_id"],
        interviewer_id=row["interviewer_id"],
        question_id=row["question_id"],
        answer=row["answer"],
        bot_score=row["bot_score"],
        bot_passed=None if row["bot_passed"] is None else bool(row["bot_passed"]),
        marks=tuple(json.loads(row["marks"])) if row["marks"] else (),
        grade=row["grade"],
        note=row["note"] or "",
        scored_at=from_epoch_ms(row["scored_at"]) if row["scored_at"] is not None else None,
    )


def _feedback(row: sqlite3.Row) -> StoredFeedback:
    return StoredFeedback(
        row["user_id"],
        row["about_id"],
        row["communication"],
        row["depth"],
        row["clarity"],
        row["strength"],
        row["improve"],
        from_epoch_ms(row["sent_at"]),
    )


_TURN_COLUMNS = (
    "turn, user_id, interviewer_id, question_id, answer, bot_score, bot_passed, marks, grade, note, scored_at"
)


class PairRows:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def turns(self, session_id: int) -> list[StoredTurn]:
        rows = await self._db.fetch_all(
            f"SELECT {_TURN_COLUMNS} FROM mock_pair_turns WHERE session_id = ? ORDER BY turn",  # noqa: S608
            (session_id,),
        )
        return [_turn(row) for row in rows]

    async def turn(self, session_id: int, turn: int) -> StoredTurn | None:
        row = await self._db.fetch_one(
            f"SELECT {_TURN_COLUMNS} FROM mock_pair_turns WHERE session_id = ? AND turn = ?",  # noqa: S608
            (session_id, turn),
        )
        return None if row is None else _turn(row)

    async def feedback(self, session_id: int) -> list[StoredFeedback]:
        rows = await self._db.fetch_all(
            "SELECT user_id, about_id, communication, depth, clarity, strength, improve, sent_at"
            " FROM mock_pair_feedback WHERE session_id = ? ORDER BY sent_at",
            (session_id,),
        )
        return [_feedback(row) for row in rows]
