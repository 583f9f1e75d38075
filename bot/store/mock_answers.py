"""Answers to live rounds: recorded one member at a time, read for reveals and standings.

An answer does not change the session's state: it is accepted by a conditional update on
the round open for answers, so fifty members answering at once never conflict with each
other, while an answer racing the close of its round either lands before it or is refused.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.store.attempts import NewAttempt, insert_attempt
from bot.store.database import Database, Transaction
from bot.store.mock_base import DuplicateAnswer, Effect, NotAccepting, StoredSession, apply_effects, seat
from bot.store.timestamps import to_epoch_ms


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    round: int
    user_id: int
    question_id: str
    answer: str
    score: float
    passed: bool
    points: int
    streak: int
    elapsed_ms: int
    choice: int | None
    missed: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class AnswerDraft:
    """An answer graded and ready to record; its points wait for the member's streak."""

    session_id: int
    round: int
    user_id: int
    question_id: str
    answer: str
    choice: int | None
    score: float
    passed: bool
    elapsed_ms: int
    missed: tuple[int, ...]
    submitted_at: datetime
    max_players: int


@dataclass(frozen=True, slots=True)
class AnswerRecorded:
    points: int
    streak: int
    answered: int  # answers to this round, this one included
    players: int


def _answer(row: sqlite3.Row) -> StoredAnswer:
    return StoredAnswer(
        row["round"],
        row["user_id"],
        row["question_id"],
        row["answer"],
        row["score"],
        bool(row["passed"]),
        row["points"],
        row["streak"],
        row["elapsed_ms"],
        row["choice"],
        tuple(json.loads(row["missed"])),
    )


class AnswerRows:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def record_answer(
        self,
        session: StoredSession,
        draft: AnswerDraft,
        attempt: Callable[[int, int], NewAttempt],
        points: Callable[[dict[int, bool]], tuple[int, int]],
        effects: Callable[[AnswerRecorded], Sequence[Effect]],
    ) -> AnswerRecorded:
        """Record one member's answer to the open round, in one write.

        ``points`` gets the member's earlier rounds (round -> passed) and returns
        (points, streak); ``attempt(points, streak)`` builds the attempt row. Refused with
        NotAccepting when the round is no longer open (checked by the update itself, so a
        close racing this answer is ordered by the database), DuplicateAnswer on a second
        answer, AlreadyInSession / SessionFull when a late joiner cannot be seated.
        """
        now = draft.submitted_at

        def record(tx: Transaction) -> AnswerRecorded:
            if not tx.execute_rowcount(
                "UPDATE mock_sessions SET updated_at = ? WHERE id = ? AND status = 'running' AND open_round = ?",
                (to_epoch_ms(now), draft.session_id, draft.round),
            ):
                raise NotAccepting
            seat(tx, draft.session_id, session.guild_id, draft.user_id, now, draft.max_players)
            earlier = {
                row["round"]: bool(row["passed"])
                for row in tx.fetch_all(
                    "SELECT round, passed FROM mock_answers WHERE session_id = ? AND user_id = ? AND round < ?",
                    (draft.session_id, draft.user_id, draft.round),
                )
            }
            earned, streak = points(earlier)
            try:
                tx.execute(
                    "INSERT INTO mock_answers (session_id, round, user_id, question_id, answer, submitted_at,"
                    " score, passed, points, streak, elapsed_ms, choice, missed)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        draft.session_id,
                        draft.round,
                        draft.user_id,
                        draft.question_id,
                        draft.answer,
                        to_epoch_ms(now),
                        round(draft.score, 4),
                        int(draft.passed),
                        earned,
                        streak,
                        draft.elapsed_ms,
                        draft.choice,
                        json.dumps(list(draft.missed)),
                    ),
                )
            except sqlite3.IntegrityError as error:
                raise DuplicateAnswer from error
            attempt_id = insert_attempt(tx, attempt(earned, streak))
            tx.execute(
                "UPDATE mock_answers SET attempt_id = ? WHERE session_id = ? AND round = ? AND user_id = ?",
                (attempt_id, draft.session_id, draft.round, draft.user_id),
            )
            counts = tx.fetch_one(
                "SELECT (SELECT COUNT(*) FROM mock_answers WHERE session_id = :s AND round = :r) AS answered,"
                " (SELECT COUNT(*) FROM mock_participants WHERE session_id = :s) AS players",
                {"s": draft.session_id, "r": draft.round},
            )
            assert counts is not None
            recorded = AnswerRecorded(earned, streak, counts["answered"], counts["players"])
            apply_effects(tx, session, effects(recorded), now)
            return recorded

        return await self._db.write(record)

    async def answers(self, session_id: int, round_number: int | None = None) -> list[StoredAnswer]:
        columns = "round, user_id, question_id, answer, score, passed, points, streak, elapsed_ms, choice, missed"
        if round_number is None:
            rows = await self._db.fetch_all(
                f"SELECT {columns} FROM mock_answers WHERE session_id = ? ORDER BY round, submitted_at",  # noqa: S608
                (session_id,),
            )
        else:
            rows = await self._db.fetch_all(
                f"SELECT {columns} FROM mock_answers WHERE session_id = ? AND round = ?"  # noqa: S608
                " ORDER BY submitted_at",
                (session_id, round_number),
            )
        return [_answer(row) for row in rows]

    async def answer_of(self, session_id: int, round_number: int, user_id: int) -> StoredAnswer | None:
        row = await self._db.fetch_one(
            "SELECT round, user_id, question_id, answer, score, passed, points, streak, elapsed_ms, choice, missed"
            " FROM mock_answers WHERE session_id = ? AND round = ? AND user_id = ?",
            (session_id, round_number, user_id),
        )
        return None if row is None else _answer(row)

    async def answer_count(self, session_id: int, round_number: int) -> int:
        row = await self._db.fetch_one(
            "SELECT COUNT(*) AS n FROM mock_answers WHERE session_id = ? AND round = ?", (session_id, round_number)
        )
        return int(row["n"]) if row else 0
