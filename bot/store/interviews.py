"""Solo interviews: their stored state, the answers they record, and review cards.

``record_answer`` writes the attempt, the interview's new state and the review card in
one transaction: after a crash either all three are there or none is.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime

from bot.records import ActiveSessionConflict, GuildSettings, NewAttempt, ReviewCard, StoredInterview
from bot.store.attempts import AttemptStore, insert_attempt
from bot.store.database import Database, Transaction
from bot.store.settings import SettingsStore
from bot.store.timestamps import from_epoch_ms, to_epoch_ms


def _interview(row: sqlite3.Row | None) -> StoredInterview | None:
    if row is None:
        return None
    return StoredInterview(
        row["id"],
        row["guild_id"],
        row["user_id"],
        row["kind"],
        row["status"],
        row["state"],
        row["channel_id"],
        row["thread_id"],
    )


def _card(row: sqlite3.Row) -> ReviewCard:
    return ReviewCard(row["question_id"], row["card"], from_epoch_ms(row["due_at"]), row["reviews"])


def _save_card(tx: Transaction, guild_id: int, user_id: int, card: ReviewCard, now: datetime) -> None:
    tx.execute(
        "INSERT INTO review_cards (guild_id, user_id, question_id, card, due_at, reviews, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, user_id, question_id) DO UPDATE SET"
        " card = excluded.card, due_at = excluded.due_at, reviews = excluded.reviews,"
        " updated_at = excluded.updated_at",
        (guild_id, user_id, card.question_id, card.card_json, to_epoch_ms(card.due), card.reviews, to_epoch_ms(now)),
    )


def _save_state(tx: Transaction, session_id: int, state_json: str, now: datetime, status: str) -> None:
    finished = to_epoch_ms(now) if status != "active" else None
    tx.execute(
        "UPDATE interview_sessions SET state = ?, status = ?, updated_at = ?, finished_at = ? WHERE id = ?",
        (state_json, status, to_epoch_ms(now), finished, session_id),
    )


class InterviewStore:
    def __init__(self, db: Database, attempts: AttemptStore, settings: SettingsStore) -> None:
        self._db = db
        self._attempts = attempts
        self._settings = settings

    async def create_interview(
        self,
        guild_id: int,
        user_id: int,
        kind: str,
        state_json: str,
        now: datetime,
        channel_id: int | None = None,
        thread_id: int | None = None,
    ) -> int:
        try:
            return await self._db.write(
                lambda tx: tx.execute(
                    "INSERT INTO interview_sessions (guild_id, user_id, kind, status, state, channel_id, thread_id,"
                    " started_at, updated_at) VALUES (?, ?, ?, 'active', ?, ?, ?, ?, ?)",
                    (guild_id, user_id, kind, state_json, channel_id, thread_id, to_epoch_ms(now), to_epoch_ms(now)),
                )
            )
        except sqlite3.IntegrityError as error:
            raise ActiveSessionConflict from error

    async def active_interview(self, guild_id: int, user_id: int) -> StoredInterview | None:
        return _interview(
            await self._db.fetch_one(
                "SELECT id, guild_id, user_id, kind, status, state, channel_id, thread_id FROM interview_sessions"
                " WHERE guild_id = ? AND user_id = ? AND status = 'active'",
                (guild_id, user_id),
            )
        )

    async def interview(self, session_id: int) -> StoredInterview | None:
        return _interview(
            await self._db.fetch_one(
                "SELECT id, guild_id, user_id, kind, status, state, channel_id, thread_id FROM interview_sessions"
                " WHERE id = ?",
                (session_id,),
            )
        )

    async def save_interview(self, session_id: int, state_json: str, now: datetime, *, status: str = "active") -> None:
        await self._db.write(lambda tx: _save_state(tx, session_id, state_json, now, status))

    async def set_location(self, session_id: int, channel_id: int | None, thread_id: int | None) -> None:
        await self._db.write(
            lambda tx: tx.execute(
                "UPDATE interview_sessions SET channel_id = ?, thread_id = ? WHERE id = ?",
                (channel_id, thread_id, session_id),
            )
        )

    async def record_answer(
        self,
        session_id: int,
        state_json: str,
        attempt: NewAttempt,
        next_card: Callable[[ReviewCard | None], ReviewCard | None],
        now: datetime,
        *,
        status: str = "active",
    ) -> int:
        """Attempt, state (and status: the last answer finishes the interview) and review
        card in one write and one hop to the database thread; returns the attempt id.

        ``next_card`` gets the member's stored card for the question (None when new) and
        returns the card to store (None: leave it); it runs inside the write, so the read
        and the upsert cannot be split by another write.
        """

        def record(tx: Transaction) -> int:
            attempt_id = insert_attempt(tx, attempt)
            _save_state(tx, session_id, state_json, now, status)
            row = tx.fetch_one(
                "SELECT question_id, card, due_at, reviews FROM review_cards"
                " WHERE guild_id = ? AND user_id = ? AND question_id = ?",
                (attempt.guild_id, attempt.user_id, attempt.question_id),
            )
            card = next_card(None if row is None else _card(row))
            if card is not None:
                _save_card(tx, attempt.guild_id, attempt.user_id, card, now)
            return attempt_id

        return await self._db.write(record)

    async def recent_question_ids(self, guild_id: int, user_id: int) -> list[str]:
        return await self._attempts.recent_question_ids(guild_id, user_id)

    async def guild_settings(self, guild_id: int) -> GuildSettings:
        return await self._settings.guild_settings(guild_id)

    # -- review queue ---------------------------------------------------------------------

    async def review_card(self, guild_id: int, user_id: int, question_id: str) -> ReviewCard | None:
        row = await self._db.fetch_one(
            "SELECT question_id, card, due_at, reviews FROM review_cards"
            " WHERE guild_id = ? AND user_id = ? AND question_id = ?",
            (guild_id, user_id, question_id),
        )
        return None if row is None else _card(row)

    async def due_reviews(self, guild_id: int, user_id: int, now: datetime, limit: int) -> list[ReviewCard]:
        """Cards due by ``now``, the longest overdue first."""
        rows = await self._db.fetch_all(
            "SELECT question_id, card, due_at, reviews FROM review_cards"
            " WHERE guild_id = ? AND user_id = ? AND due_at <= ? ORDER BY due_at, question_id LIMIT ?",
            (guild_id, user_id, to_epoch_ms(now), limit),
        )
        return [_card(row) for row in rows]

    async def next_review_due(self, guild_id: int, user_id: int) -> datetime | None:
        row = await self._db.fetch_one(
            "SELECT MIN(due_at) AS due FROM review_cards WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
        )
        return None if row is None or row["due"] is None else from_epoch_ms(row["due"])
