"""What every group-session write shares: its refusals, its effects, the session row, a seat.

Posts and timers a state change causes are plain values (``Effect``) applied in the same
write as the change, so a crash leaves a change with all its posts and deadlines, or none.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from bot.store.database import Transaction
from bot.store.outbox import enqueue_edit, enqueue_post
from bot.store.timers import cancel_timer, schedule_timer
from bot.store.timestamps import to_epoch_ms

RUNNING = ("lobby", "running")


class VersionConflict(Exception):
    """Another writer changed the session since it was read: read again and retry."""


class TimerGone(Exception):
    """The timer this change acts on was already fired or moved: nothing to do."""


class NoFreeSlot(Exception):
    """The server already runs its maximum of sessions."""


class AlreadyInSession(Exception):
    """The member is in another running session of this server (unique index)."""


class SessionFull(Exception):
    pass


class NotAccepting(Exception):
    """The session (or the round) no longer takes this action: it moved on."""


class DuplicateAnswer(Exception):
    """The member already answered this round (primary key)."""


# -- effects: what a state change posts and schedules, applied in its own write ----------------


@dataclass(frozen=True, slots=True)
class Post:
    key: str
    kind: str
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Edit:
    key: str
    kind: str
    target_key: str
    payload: dict[str, Any]
    min_gap: timedelta = timedelta(0)


@dataclass(frozen=True, slots=True)
class ScheduleTimer:
    kind: str
    key: str
    due_at: datetime
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class CancelTimer:
    key: str


Effect = Post | Edit | ScheduleTimer | CancelTimer


class Record(Protocol):
    """A row a state change writes in its own write, after its version check passed (a
    pair session's score, its attempt, a seat): raising rolls the whole change back."""

    def write(self, tx: Transaction, session: StoredSession, now: datetime) -> None: ...


def apply_effects(tx: Transaction, session: StoredSession, effects: Sequence[Effect], now: datetime) -> None:
    channel = session.thread_id or session.channel_id
    for effect in effects:
        if isinstance(effect, Post):
            enqueue_post(
                tx,
                key=effect.key,
                kind=effect.kind,
                guild_id=session.guild_id,
                channel_id=channel,
                now=now,
                payload=effect.payload,
            )
        elif isinstance(effect, Edit):
            enqueue_edit(
                tx,
                key=effect.key,
                kind=effect.kind,
                target_key=effect.target_key,
                now=now,
                min_gap=effect.min_gap,
                payload=effect.payload,
            )
        elif isinstance(effect, ScheduleTimer):
            schedule_timer(tx, effect.kind, effect.key, effect.due_at, now, effect.payload)
        else:
            cancel_timer(tx, effect.key)


# -- rows ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoredSession:
    id: int
    guild_id: int
    channel_id: int
    thread_id: int | None
    host_id: int
    kind: str
    status: str
    version: int
    open_round: int | None
    state_json: str


@dataclass(frozen=True, slots=True)
class Player:
    user_id: int
    hidden: bool  # member_settings.hidden: not named in public posts


SESSION_COLUMNS = (
    "SELECT id, guild_id, channel_id, thread_id, host_id, kind, status, version, open_round, state FROM mock_sessions"
)


def session_from(row: sqlite3.Row | None) -> StoredSession | None:
    if row is None:
        return None
    return StoredSession(
        row["id"],
        row["guild_id"],
        row["channel_id"],
        row["thread_id"],
        row["host_id"],
        row["kind"],
        row["status"],
        row["version"],
        row["open_round"],
        row["state"],
    )


def seat(
    tx: Transaction,
    session_id: int,
    guild_id: int,
    user_id: int,
    now: datetime,
    max_players: int,
    role: str = "player",
) -> bool:
    """Seat the member as a player; False when already seated here. The unique index on
    active seats refuses a member playing elsewhere in the server."""
    try:
        added = tx.execute_rowcount(
            "INSERT INTO mock_participants (session_id, user_id, guild_id, role, active, joined_at)"
            " VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT (session_id, user_id) DO NOTHING",
            (session_id, user_id, guild_id, role, to_epoch_ms(now)),
        )
    except sqlite3.IntegrityError as error:
        raise AlreadyInSession from error
    if added:
        row = tx.fetch_one("SELECT COUNT(*) AS n FROM mock_participants WHERE session_id = ?", (session_id,))
        if row is not None and row["n"] > max_players:
            raise SessionFull
    return bool(added)
