"""Group mock sessions: the session row with its version, and the members seated in it.

One writer per session is decided here, by the database: every state change is
``UPDATE mock_sessions ... WHERE id = ? AND version = ?`` and a change computed from an
older version fails with ``VersionConflict`` (its caller reads again and retries). The
running-session cap per server and "one session per member" are unique indexes
(its migration), so two racing starts or joins cannot both win either. Answers:
``bot.store.mock_answers``; effects and refusals: ``bot.store.mock_base``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from bot.store.database import Database, Transaction
from bot.store.mock_answers import AnswerDraft, AnswerRecorded, AnswerRows, StoredAnswer
from bot.store.mock_base import (
    RUNNING,
    SESSION_COLUMNS,
    AlreadyInSession,
    CancelTimer,
    DuplicateAnswer,
    Edit,
    Effect,
    NoFreeSlot,
    NotAccepting,
    Player,
    Post,
    Record,
    ScheduleTimer,
    SessionFull,
    StoredSession,
    TimerGone,
    VersionConflict,
    apply_effects,
    seat,
    session_from,
)
from bot.store.timers import Timer, claim_timer
from bot.store.timestamps import to_epoch_ms

__all__ = [
    "AlreadyInSession",
    "AnswerDraft",
    "AnswerRecorded",
    "CancelTimer",
    "DuplicateAnswer",
    "Edit",
    "Effect",
    "MockStore",
    "NoFreeSlot",
    "NotAccepting",
    "Player",
    "Post",
    "Record",
    "ScheduleTimer",
    "SessionFull",
    "StoredAnswer",
    "StoredSession",
    "TimerGone",
    "VersionConflict",
]


class MockStore(AnswerRows):
    """Sessions and their seats; answers come from ``AnswerRows``."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)

    # -- sessions --------------------------------------------------------------------------

    async def create_session(
        self,
        *,
        guild_id: int,
        channel_id: int,
        thread_id: int | None,  # None: a pair, whose thread opens when its invitation is accepted
        host_id: int,
        kind: str,
        state_json: str,
        now: datetime,
        max_running: int | None,
        host_role: str | None,
        effects: Callable[[int], Sequence[Effect]],
    ) -> int:
        """Insert a running session in a free slot of the server, seat the host, apply
        ``effects(session_id)``; NoFreeSlot / AlreadyInSession when the database refuses."""

        def create(tx: Transaction) -> int:
            taken = {
                row["slot"]
                for row in tx.fetch_all(
                    "SELECT slot FROM mock_sessions WHERE guild_id = ? AND status IN ('lobby', 'running')"
                    " AND slot IS NOT NULL",
                    (guild_id,),
                )
            }
            # A kind with no cap per server (None) takes no slot.
            free: list[int | None] = [None]
            if max_running is not None:
                free = [slot for slot in range(1, max_running + 1) if slot not in taken]
                if not free:
                    raise NoFreeSlot
            try:
                session_id = tx.execute(
                    "INSERT INTO mock_sessions (guild_id, channel_id, thread_id, host_id, status, state, created_at,"
                    " updated_at, kind, version, slot) VALUES (?, ?, ?, ?, 'lobby', ?, ?, ?, ?, 0, ?)",
                    (
                        guild_id,
                        channel_id,
                        thread_id,
                        host_id,
                        state_json,
                        to_epoch_ms(now),
                        to_epoch_ms(now),
                        kind,
                        free[0],
                    ),
                )
            except sqlite3.IntegrityError as error:  # a racing start took the slot (or the thread)
                raise NoFreeSlot from error
            if host_role is not None:  # the host takes part (a player, an interviewer...)
                seat(tx, session_id, guild_id, host_id, now, max_players=1, role=host_role)
            stored = StoredSession(
                session_id, guild_id, channel_id, thread_id, host_id, kind, "lobby", 0, None, state_json
            )
            apply_effects(tx, stored, effects(session_id), now)
            return session_id

        return await self._db.write(create)

    async def session(self, session_id: int) -> StoredSession | None:
        return session_from(await self._db.fetch_one(f"{SESSION_COLUMNS} WHERE id = ?", (session_id,)))

    async def running_count(self, guild_id: int) -> int:
        row = await self._db.fetch_one(
            "SELECT COUNT(*) AS n FROM mock_sessions WHERE guild_id = ? AND status IN ('lobby', 'running')",
            (guild_id,),
        )
        return int(row["n"]) if row else 0

    async def seat_of(self, guild_id: int, user_id: int) -> StoredSession | None:
        """The running session the member plays in, in this server."""
        return session_from(
            await self._db.fetch_one(
                f"{SESSION_COLUMNS} WHERE id = (SELECT session_id FROM mock_participants"  # noqa: S608 - fixed text
                " WHERE guild_id = ? AND user_id = ? AND active = 1)",
                (guild_id, user_id),
            )
        )

    async def apply(
        self,
        session: StoredSession,
        *,
        state_json: str,
        status: str,
        open_round: int | None,
        effects: Sequence[Effect],
        now: datetime,
        claim: Timer | None = None,
        records: Sequence[Record] = (),
        thread_id: int | None = None,
    ) -> int:
        """Store a change computed from ``session`` (its version) with its effects; returns
        the new version. VersionConflict when someone else changed it first, TimerGone when
        ``claim`` was already fired or moved. ``records`` write their rows after the version
        check, in the same transaction; ``thread_id`` moves the session into a thread."""
        new_version = session.version + 1
        if thread_id is not None:
            session = replace(session, thread_id=thread_id)

        def change(tx: Transaction) -> int:
            if claim is not None and not claim_timer(tx, claim):
                raise TimerGone
            finished = to_epoch_ms(now) if status not in RUNNING else None
            changed = tx.execute_rowcount(
                "UPDATE mock_sessions SET state = ?, status = ?, open_round = ?, version = ?, updated_at = ?,"
                " finished_at = COALESCE(finished_at, ?), thread_id = COALESCE(?, thread_id)"
                " WHERE id = ? AND version = ?",
                (
                    state_json,
                    status,
                    open_round,
                    new_version,
                    to_epoch_ms(now),
                    finished,
                    thread_id,
                    session.id,
                    session.version,
                ),
            )
            if not changed:
                raise VersionConflict
            for record in records:
                record.write(tx, session, now)
            if status not in RUNNING:  # the members are free to play elsewhere
                tx.execute("UPDATE mock_participants SET active = NULL WHERE session_id = ?", (session.id,))
            apply_effects(tx, session, effects, now)
            return new_version

        return await self._db.write(change)

    # -- participants ------------------------------------------------------------------------

    async def join(
        self, session: StoredSession, user_id: int, now: datetime, *, max_players: int, effects: Sequence[Effect]
    ) -> bool:
        """Seat a member while the session runs; False when already seated."""

        def join(tx: Transaction) -> bool:
            if not tx.execute_rowcount(
                "UPDATE mock_sessions SET updated_at = ? WHERE id = ? AND status IN ('lobby', 'running')",
                (to_epoch_ms(now), session.id),
            ):
                raise NotAccepting
            added = seat(tx, session.id, session.guild_id, user_id, now, max_players)
            if added:
                apply_effects(tx, session, effects, now)
            return added

        return await self._db.write(join)

    async def leave(self, session: StoredSession, user_id: int, now: datetime, *, effects: Sequence[Effect]) -> bool:
        """Unseat a member from a session still in its lobby; False when not seated."""

        def leave(tx: Transaction) -> bool:
            if not tx.execute_rowcount(
                "UPDATE mock_sessions SET updated_at = ? WHERE id = ? AND status = 'lobby'",
                (to_epoch_ms(now), session.id),
            ):
                raise NotAccepting
            removed = tx.execute_rowcount(
                "DELETE FROM mock_participants WHERE session_id = ? AND user_id = ?", (session.id, user_id)
            )
            if removed:
                apply_effects(tx, session, effects, now)
            return bool(removed)

        return await self._db.write(leave)

    async def players(self, session_id: int, guild_id: int) -> list[Player]:
        rows = await self._db.fetch_all(
            "SELECT p.user_id, COALESCE(m.hidden, 0) AS hidden FROM mock_participants AS p"
            " LEFT JOIN member_settings AS m ON m.guild_id = ? AND m.user_id = p.user_id"
            " WHERE p.session_id = ? ORDER BY p.joined_at, p.user_id",
            (guild_id, session_id),
        )
        return [Player(row["user_id"], bool(row["hidden"])) for row in rows]

    async def drop_timer(self, timer: Timer) -> None:
        """A timer whose session moved on by other means: delete it (unless it was moved)."""
        await self._db.write(lambda tx: claim_timer(tx, timer))
