"""Durable timers: deadlines kept as rows, fired once by ``bot.timers.TimerScheduler``.

A feature schedules a timer inside the write that creates the deadline (``schedule_timer``)
and its handler claims it inside the write that acts on it (``claim_timer``): the row is
deleted by the same COMMIT as the state change, so a timer fires exactly once even across
a crash, and two schedulers racing for it cannot both act.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.store.database import Database
from bot.store.timestamps import from_epoch_ms, to_epoch_ms
from bot.store.writer import Transaction


@dataclass(frozen=True, slots=True)
class Timer:
    id: int
    kind: str
    key: str
    due_at: datetime
    payload: dict[str, Any]
    attempts: int


def _timer(row: sqlite3.Row) -> Timer:
    return Timer(
        row["id"], row["kind"], row["key"], from_epoch_ms(row["due_at"]), json.loads(row["payload"]), row["attempts"]
    )


def schedule_timer(
    tx: Transaction, kind: str, key: str, due_at: datetime, now: datetime, payload: dict[str, Any] | None = None
) -> None:
    """Create the timer ``key``, or move it to ``due_at`` if it exists (a deadline changed)."""
    tx.execute(
        "INSERT INTO timers (kind, key, due_at, payload, created_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, due_at = excluded.due_at,"
        " payload = excluded.payload, attempts = 0",
        (kind, key, to_epoch_ms(due_at), json.dumps(payload or {}), to_epoch_ms(now)),
    )


def cancel_timer(tx: Transaction, key: str) -> None:
    tx.execute("DELETE FROM timers WHERE key = ?", (key,))


def claim_timer(tx: Transaction, timer: Timer) -> bool:
    """Delete the timer as part of acting on it; False when it was already fired or moved."""
    return (
        tx.execute_rowcount("DELETE FROM timers WHERE id = ? AND due_at = ?", (timer.id, to_epoch_ms(timer.due_at))) > 0
    )


class TimerStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def due(self, now: datetime, limit: int = 100) -> list[Timer]:
        rows = await self._db.fetch_all(
            "SELECT id, kind, key, due_at, payload, attempts FROM timers WHERE due_at <= ? ORDER BY due_at, id LIMIT ?",
            (to_epoch_ms(now), limit),
        )
        return [_timer(row) for row in rows]

    async def next_due(self) -> datetime | None:
        row = await self._db.fetch_one("SELECT MIN(due_at) AS due FROM timers")
        return None if row is None or row["due"] is None else from_epoch_ms(row["due"])

    async def by_key(self, key: str) -> Timer | None:
        row = await self._db.fetch_one(
            "SELECT id, kind, key, due_at, payload, attempts FROM timers WHERE key = ?", (key,)
        )
        return None if row is None else _timer(row)

    async def schedule(
        self, kind: str, key: str, due_at: datetime, now: datetime, payload: dict[str, Any] | None = None
    ) -> None:
        await self._db.write(lambda tx: schedule_timer(tx, kind, key, due_at, now, payload))

    async def postpone(self, timer: Timer, until: datetime) -> None:
        """After a handler failed: try again at ``until`` (unless it was rescheduled meanwhile)."""
        await self._db.write(
            lambda tx: tx.execute(
                "UPDATE timers SET due_at = ?, attempts = attempts + 1 WHERE id = ? AND due_at = ?",
                (to_epoch_ms(until), timer.id, to_epoch_ms(timer.due_at)),
            )
        )

    async def drop(self, timer: Timer) -> None:
        await self._db.write(lambda tx: claim_timer(tx, timer))
