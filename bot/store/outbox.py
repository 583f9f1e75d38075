"""The outbox: public posts and edits, written with the state change that causes them.

A feature calls ``enqueue_post`` / ``enqueue_edit`` inside its own write, so the post exists
exactly when the state change does: a crash cannot leave a round closed without its reveal,
nor a reveal for a round that never closed. One sender (``bot.ui.outbox``) delivers them in
order per channel and records each message id with ``mark_sent``. Keys make enqueueing
idempotent, name a post for later edits, and seed the nonce Discord deduplicates sends by.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.store.database import Database
from bot.store.timestamps import from_epoch_ms, to_epoch_ms
from bot.store.writer import Transaction

SentHook = Callable[[Transaction], None]


@dataclass(frozen=True, slots=True)
class OutboxPost:
    id: int
    key: str
    kind: str
    guild_id: int
    channel_id: int
    action: str  # 'send' or 'edit'
    target_key: str | None
    payload: dict[str, Any]
    created_at: datetime
    attempts: int
    last_try_at: datetime | None
    target_message_id: int | None  # edits: the message to edit, once its post was sent
    target_failed: bool  # edits: the post it edits will never exist

    @property
    def is_edit(self) -> bool:
        return self.action == "edit"


_SELECT = (
    "SELECT o.id, o.key, o.kind, o.guild_id, o.channel_id, o.action, o.target_key, o.payload, o.created_at,"
    " o.attempts, o.last_try_at, t.message_id AS target_message_id, t.failed IS NOT NULL AS target_failed"
    " FROM outbox AS o LEFT JOIN outbox AS t ON t.key = o.target_key"
)


def _post(row: sqlite3.Row) -> OutboxPost:
    return OutboxPost(
        id=row["id"],
        key=row["key"],
        kind=row["kind"],
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        action=row["action"],
        target_key=row["target_key"],
        payload=json.loads(row["payload"]),
        created_at=from_epoch_ms(row["created_at"]),
        attempts=row["attempts"],
        last_try_at=from_epoch_ms(row["last_try_at"]) if row["last_try_at"] is not None else None,
        target_message_id=row["target_message_id"],
        target_failed=bool(row["target_failed"]),
    )


def enqueue_post(
    tx: Transaction,
    *,
    key: str,
    kind: str,
    guild_id: int,
    channel_id: int,
    now: datetime,
    payload: dict[str, Any] | None = None,
) -> bool:
    """Queue a new message; False when a post with this key was already queued (idempotent)."""
    return (
        tx.execute_rowcount(
            "INSERT INTO outbox (key, kind, guild_id, channel_id, action, payload, created_at, next_try_at)"
            " VALUES (?, ?, ?, ?, 'send', ?, ?, ?) ON CONFLICT (key) DO NOTHING",
            (key, kind, guild_id, channel_id, json.dumps(payload or {}), to_epoch_ms(now), to_epoch_ms(now)),
        )
        > 0
    )


def enqueue_edit(
    tx: Transaction,
    *,
    key: str,
    kind: str,
    target_key: str,
    now: datetime,
    min_gap: timedelta = timedelta(0),
    payload: dict[str, Any] | None = None,
) -> None:
    """Queue an edit of the post ``target_key``; an edit already queued or sent is re-armed.

    Renderers build an edit from the state at send time, so re-arming one key collapses any
    number of changes into one edit, and an edit that lands after a newer one cannot show
    older state. ``min_gap`` spaces the edits of one key (a live count: at most one edit per
    message every few seconds, discord-limits.md's per-channel rate in mind).
    """
    gap_ms = int(min_gap.total_seconds() * 1000)
    tx.execute(
        "INSERT INTO outbox (key, kind, guild_id, channel_id, action, target_key, payload, created_at, next_try_at)"
        " SELECT ?, ?, guild_id, channel_id, 'edit', ?, ?, ?, ? FROM outbox WHERE key = ?"
        " ON CONFLICT (key) DO UPDATE SET payload = excluded.payload,"
        " next_try_at = CASE WHEN outbox.sent_at IS NULL THEN outbox.next_try_at"
        " ELSE MAX(excluded.next_try_at, outbox.sent_at + ?) END,"
        " sent_at = NULL, failed = NULL, attempts = 0",
        (key, kind, target_key, json.dumps(payload or {}), to_epoch_ms(now), to_epoch_ms(now), target_key, gap_ms),
    )


def message_id_of(tx: Transaction, key: str) -> int | None:
    row = tx.fetch_one("SELECT message_id FROM outbox WHERE key = ?", (key,))
    return None if row is None else row["message_id"]


class OutboxStore:
    def __init__(self, db: Database) -> None:
        self._db = db
        # Set after a write that queued something, so the sender need not poll to notice.
        self.changed = asyncio.Event()

    def notify(self) -> None:
        self.changed.set()

    async def pending(self, now: datetime, limit: int = 200) -> list[OutboxPost]:
        """Posts and edits due by ``now``, oldest first."""
        rows = await self._db.fetch_all(
            f"{_SELECT} WHERE o.sent_at IS NULL AND o.failed IS NULL AND o.next_try_at <= ? ORDER BY o.id LIMIT ?",
            (to_epoch_ms(now), limit),
        )
        return [_post(row) for row in rows]

    async def next_try(self) -> datetime | None:
        row = await self._db.fetch_one(
            "SELECT MIN(next_try_at) AS due FROM outbox WHERE sent_at IS NULL AND failed IS NULL"
        )
        return None if row is None or row["due"] is None else from_epoch_ms(row["due"])

    async def by_key(self, key: str) -> OutboxPost | None:
        row = await self._db.fetch_one(f"{_SELECT} WHERE o.key = ?", (key,))
        return None if row is None else _post(row)

    async def message_id(self, key: str) -> int | None:
        row = await self._db.fetch_one("SELECT message_id FROM outbox WHERE key = ?", (key,))
        return None if row is None else row["message_id"]

    async def mark_trying(self, post: OutboxPost, now: datetime) -> None:
        """Recorded before a send: after a crash, a post tried long ago is looked for first."""
        await self._db.write(
            lambda tx: tx.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_try_at = ? WHERE id = ?", (to_epoch_ms(now), post.id)
            )
        )

    async def mark_sent(
        self, post: OutboxPost, message_id: int | None, now: datetime, also: SentHook | None = None
    ) -> None:
        """The post reached Discord; ``also`` records what the feature keeps of it, in the same write."""

        def sent(tx: Transaction) -> None:
            tx.execute(
                "UPDATE outbox SET sent_at = ?, message_id = COALESCE(?, message_id) WHERE id = ?",
                (to_epoch_ms(now), message_id, post.id),
            )
            if also is not None:
                also(tx)

        await self._db.write(sent)

    async def mark_failed(self, post: OutboxPost, reason: str, now: datetime, also: SentHook | None = None) -> None:
        """The post can never be delivered (channel gone, access lost): stop trying."""

        def failed(tx: Transaction) -> None:
            tx.execute(
                "UPDATE outbox SET failed = ?, last_try_at = ? WHERE id = ?", (reason[:500], to_epoch_ms(now), post.id)
            )
            if also is not None:
                also(tx)

        await self._db.write(failed)

    async def retry_at(self, post: OutboxPost, when: datetime) -> None:
        await self._db.write(
            lambda tx: tx.execute(
                "UPDATE outbox SET next_try_at = ? WHERE id = ? AND sent_at IS NULL", (to_epoch_ms(when), post.id)
            )
        )

    async def prune(self, before: datetime) -> int:
        """Forget delivered or failed posts created before ``before`` (their edits are long done)."""
        return await self._db.write(
            lambda tx: tx.execute_rowcount(
                "DELETE FROM outbox WHERE created_at < ? AND (sent_at IS NOT NULL OR failed IS NOT NULL)",
                (to_epoch_ms(before),),
            )
        )

    async def fail_pending_in_guild(self, guild_id: int, reason: str, now: datetime) -> int:
        """The bot left the server: nothing queued there can be delivered any more."""
        return await self._db.write(
            lambda tx: tx.execute_rowcount(
                "UPDATE outbox SET failed = ?, last_try_at = ? WHERE guild_id = ? AND sent_at IS NULL"
                " AND failed IS NULL",
                (reason, to_epoch_ms(now), guild_id),
            )
        )
