"""The daily question: each server's schedule, its posts, the answers and streaks.

Two rules are the database's, not the caller's:
- one post per server and local day: ``reserve_post`` inserts the row first (UNIQUE
  (guild_id, local_date)); whoever loses the race gets None and sends nothing;
- one answer per member and post: the unique index ``attempts_one_daily_answer``;
  ``record_answer`` turns its violation into ``DailyAnswerExists``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from bot.records import NewAttempt
from bot.scheduling import streak_run
from bot.store.attempts import insert_attempt
from bot.store.database import Database, Transaction
from bot.store.outbox import OutboxStore, enqueue_edit, enqueue_post
from bot.store.timestamps import from_epoch_ms, to_epoch_ms


class DailyAnswerExists(Exception):
    """The member already answered this post (the unique index said so)."""


class DailyPostClosed(Exception):
    """The post is revealed (or past its reveal time): answering is over."""


class DailyPostMissing(Exception):
    """No such post (a stale button after the data was deleted)."""


@dataclass(frozen=True, slots=True)
class DailyConfig:
    guild_id: int
    channel_id: int
    post_time: str  # 'HH:MM', local to ``timezone``
    timezone: str
    topic: str | None
    difficulty: str | None
    reveal_after_hours: int
    paused: bool
    last_error: str | None
    last_error_at: datetime | None
    # When the schedule last changed (setup, pause, resume). A day whose post time came
    # before it is not caught up: setting up at 10:00 for 09:00 starts tomorrow.
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class DailyPost:
    id: int
    guild_id: int
    local_date: date
    question_id: str
    channel_id: int
    message_id: int | None  # None between the reservation and the send
    posted_at: datetime
    reveal_at: datetime
    revealed_at: datetime | None


@dataclass(frozen=True, slots=True)
class DailyTally:
    answered: int
    passed: int


@dataclass(frozen=True, slots=True)
class DailyStreak:
    current: int
    best: int
    last_local_date: date | None


@dataclass(frozen=True, slots=True)
class RecordedDailyAnswer:
    attempt_id: int
    points: int  # including the bonus
    bonus: int
    streak: DailyStreak


# Whole statements as literals: every value goes in as a parameter.
_CONFIG_BY_GUILD = (
    "SELECT guild_id, channel_id, post_time, timezone, topic, difficulty, reveal_after_hours, paused,"
    " last_error, last_error_at, updated_at FROM daily_configs WHERE guild_id = ?"
)
_ACTIVE_CONFIGS = (
    "SELECT guild_id, channel_id, post_time, timezone, topic, difficulty, reveal_after_hours, paused,"
    " last_error, last_error_at, updated_at FROM daily_configs WHERE paused = 0 ORDER BY guild_id"
)
_POST_BY_ID = (
    "SELECT id, guild_id, local_date, question_id, channel_id, message_id, posted_at, reveal_at, revealed_at"
    " FROM daily_posts WHERE id = ?"
)
_POST_BY_DATE = (
    "SELECT id, guild_id, local_date, question_id, channel_id, message_id, posted_at, reveal_at, revealed_at"
    " FROM daily_posts WHERE guild_id = ? AND local_date = ?"
)
_DUE_REVEALS = (
    "SELECT id, guild_id, local_date, question_id, channel_id, message_id, posted_at, reveal_at, revealed_at"
    " FROM daily_posts WHERE revealed_at IS NULL AND reveal_at <= ? ORDER BY reveal_at"
)


def _config(row: sqlite3.Row) -> DailyConfig:
    return DailyConfig(
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        post_time=row["post_time"],
        timezone=row["timezone"],
        topic=row["topic"],
        difficulty=row["difficulty"],
        reveal_after_hours=row["reveal_after_hours"],
        paused=bool(row["paused"]),
        last_error=row["last_error"],
        last_error_at=from_epoch_ms(row["last_error_at"]) if row["last_error_at"] is not None else None,
        updated_at=from_epoch_ms(row["updated_at"]),
    )


def _post(row: sqlite3.Row) -> DailyPost:
    return DailyPost(
        id=row["id"],
        guild_id=row["guild_id"],
        local_date=date.fromisoformat(row["local_date"]),
        question_id=row["question_id"],
        channel_id=row["channel_id"],
        message_id=row["message_id"],
        posted_at=from_epoch_ms(row["posted_at"]),
        reveal_at=from_epoch_ms(row["reveal_at"]),
        revealed_at=from_epoch_ms(row["revealed_at"]) if row["revealed_at"] is not None else None,
    )


POST_KIND, REVEAL_KIND, COUNT_KIND = "daily.post", "daily.reveal", "daily.count"


def post_key(post_id: int) -> str:
    """The outbox key of a daily post (its edits name it as their target)."""
    return f"daily:post:{post_id}"


class DailyStore:
    def __init__(self, db: Database, outbox: OutboxStore) -> None:
        self._db = db
        self._outbox = outbox

    # -- configuration ------------------------------------------------------------------

    async def set_schedule(self, config: DailyConfig) -> None:
        """Create or replace a server's schedule (unpaused, error cleared) and its time zone.

        The server's time zone also goes to guild_settings, where leaderboard periods
        read it; both in one transaction.
        """
        now_ms = to_epoch_ms(config.updated_at)

        def save(tx: Transaction) -> None:
            tx.execute(
                "INSERT INTO daily_configs (guild_id, channel_id, post_time, timezone, topic, difficulty,"
                " reveal_after_hours, paused, last_error, last_error_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, 0, NULL, NULL, ?)"
                " ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id,"
                " post_time = excluded.post_time, timezone = excluded.timezone, topic = excluded.topic,"
                " difficulty = excluded.difficulty, reveal_after_hours = excluded.reveal_after_hours,"
                " paused = 0, last_error = NULL, last_error_at = NULL, updated_at = excluded.updated_at",
                (
                    config.guild_id,
                    config.channel_id,
                    config.post_time,
                    config.timezone,
                    config.topic,
                    config.difficulty,
                    config.reveal_after_hours,
                    now_ms,
                ),
            )
            tx.execute(
                "INSERT INTO guild_settings (guild_id, timezone, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (guild_id) DO UPDATE SET timezone = excluded.timezone, updated_at = excluded.updated_at",
                (config.guild_id, config.timezone, now_ms),
            )

        await self._db.write(save)

    async def config(self, guild_id: int) -> DailyConfig | None:
        row = await self._db.fetch_one(_CONFIG_BY_GUILD, (guild_id,))
        return _config(row) if row else None

    async def active_configs(self) -> list[DailyConfig]:
        rows = await self._db.fetch_all(_ACTIVE_CONFIGS)
        return [_config(row) for row in rows]

    async def set_paused(self, guild_id: int, paused: bool, now: datetime) -> bool:
        """True when the schedule existed; resuming also clears a stored error (retry at once)."""
        changed = await self._db.write(
            lambda tx: tx.execute_rowcount(
                "UPDATE daily_configs SET paused = ?, updated_at = ?,"
                " last_error = CASE WHEN ? THEN last_error ELSE NULL END,"
                " last_error_at = CASE WHEN ? THEN last_error_at ELSE NULL END"
                " WHERE guild_id = ?",
                (int(paused), to_epoch_ms(now), int(paused), int(paused), guild_id),
            )
        )
        return changed > 0

    async def server_left(self, guild_id: int, now: datetime) -> None:
        reason = "I was removed from this server. Add me back, then run /daily resume."

        def leave(tx: Transaction) -> None:
            tx.execute("UPDATE daily_configs SET paused = 1 WHERE guild_id = ?", (guild_id,))
            _record_error(tx, guild_id, reason, now)

        await self._db.write(leave)

    async def record_error(self, guild_id: int, error: str, now: datetime) -> None:
        await self._db.write(lambda tx: _record_error(tx, guild_id, error, now))

    async def clear_error(self, guild_id: int) -> None:
        await self._db.write(
            lambda tx: tx.execute(
                "UPDATE daily_configs SET last_error = NULL, last_error_at = NULL"
                " WHERE guild_id = ? AND last_error IS NOT NULL",
                (guild_id,),
            )
        )

    # -- posts --------------------------------------------------------------------------

    async def reserve_post(
        self,
        guild_id: int,
        day: date,
        pick_question: Callable[[list[str]], str],
        channel_id: int,
        posted_at: datetime,
        reveal_at: datetime,
    ) -> DailyPost | None:
        """Reserve the server's post for ``day``; None when it already exists.

        ``pick_question`` gets the question ids this server was already posted, oldest
        first, and returns the one to post; it runs inside the transaction so that two
        racing reservations cannot both pick and both insert.
        """

        def reserve(tx: Transaction) -> DailyPost | None:
            if tx.fetch_one(
                "SELECT 1 FROM daily_posts WHERE guild_id = ? AND local_date = ?", (guild_id, day.isoformat())
            ):
                return None
            question_id = pick_question(_posted_question_ids(tx, guild_id))
            try:
                post_id = tx.execute(
                    "INSERT INTO daily_posts (guild_id, local_date, question_id, channel_id, posted_at, reveal_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        guild_id,
                        day.isoformat(),
                        question_id,
                        channel_id,
                        to_epoch_ms(posted_at),
                        to_epoch_ms(reveal_at),
                    ),
                )
            except sqlite3.IntegrityError:
                # The check above runs in the same IMMEDIATE transaction, so this is the
                # constraint backing it up, not a path we expect to take.
                return None
            # The post goes out through the outbox, queued by the same commit that reserves
            # the day: a crash or a cancelled tick can no longer leave a day with no post.
            enqueue_post(
                tx,
                key=post_key(post_id),
                kind=POST_KIND,
                guild_id=guild_id,
                channel_id=channel_id,
                now=posted_at,
                payload={"post_id": post_id},
            )
            row = tx.fetch_one(_POST_BY_ID, (post_id,))
            return _post(row) if row else None

        post = await self._db.write(reserve)
        if post is not None:
            self._outbox.notify()
        return post

    @staticmethod
    def post_delivered(post_id: int, guild_id: int) -> Callable[[Transaction, int], None]:
        """The write that records a sent post (run with the outbox's own record of it)."""

        def delivered(tx: Transaction, message_id: int) -> None:
            tx.execute("UPDATE daily_posts SET message_id = ? WHERE id = ?", (message_id, post_id))
            tx.execute(
                "UPDATE daily_configs SET last_error = NULL, last_error_at = NULL"
                " WHERE guild_id = ? AND last_error IS NOT NULL",
                (guild_id,),
            )

        return delivered

    async def set_post_message(self, post_id: int, message_id: int) -> None:
        await self._db.write(
            lambda tx: tx.execute("UPDATE daily_posts SET message_id = ? WHERE id = ?", (message_id, post_id))
        )

    async def release_post(self, post_id: int, reason: str, now: datetime) -> None:
        """Discord refused the post for good (403/404): free the day so a later try may post,
        and keep the reason for /daily status; one write, so neither happens alone."""

        def release(tx: Transaction) -> None:
            row = tx.fetch_one("SELECT guild_id FROM daily_posts WHERE id = ? AND message_id IS NULL", (post_id,))
            if row is None:
                return
            tx.execute("DELETE FROM daily_posts WHERE id = ?", (post_id,))
            # SQLite may give the next post this id again: its outbox key must be free.
            key = post_key(post_id)
            tx.execute("DELETE FROM outbox WHERE key = ? OR target_key = ?", (key, key))
            _record_error(tx, row["guild_id"], reason, now)

        await self._db.write(release)

    async def post(self, post_id: int) -> DailyPost | None:
        row = await self._db.fetch_one(_POST_BY_ID, (post_id,))
        return _post(row) if row else None

    async def post_for_date(self, guild_id: int, day: date) -> DailyPost | None:
        row = await self._db.fetch_one(
            _POST_BY_DATE,
            (guild_id, day.isoformat()),
        )
        return _post(row) if row else None

    async def due_reveals(self, now: datetime) -> list[DailyPost]:
        rows = await self._db.fetch_all(
            _DUE_REVEALS,
            (to_epoch_ms(now),),
        )
        return [_post(row) for row in rows]

    async def mark_revealed(self, post_id: int, now: datetime) -> bool:
        """Close the post and queue its reveal edit in one write; True for the one caller
        that revealed it (a concurrent second reveal gets False and queues nothing)."""

        def reveal(tx: Transaction) -> bool:
            changed = tx.execute_rowcount(
                "UPDATE daily_posts SET revealed_at = ? WHERE id = ? AND revealed_at IS NULL",
                (to_epoch_ms(now), post_id),
            )
            if changed:
                enqueue_edit(tx, key=f"daily:reveal:{post_id}", kind=REVEAL_KIND, target_key=post_key(post_id), now=now)
            return changed > 0

        revealed = await self._db.write(reveal)
        if revealed:
            self._outbox.notify()
        return revealed

    async def refresh_count(self, post_id: int, now: datetime, min_gap: timedelta) -> None:
        """Queue an edit of the post's answer count, at most one per ``min_gap``."""
        await self._db.write(
            lambda tx: enqueue_edit(
                tx,
                key=f"daily:count:{post_id}",
                kind=COUNT_KIND,
                target_key=post_key(post_id),
                now=now,
                min_gap=min_gap,
            )
        )
        self._outbox.notify()

    # -- answers and streaks ------------------------------------------------------------

    async def record_answer(self, attempt: NewAttempt, bonus_for: Callable[[DailyStreak], int]) -> RecordedDailyAnswer:
        """Record a daily answer and the member's streak in one transaction.

        The streak counts consecutive local days (the posts' dates) the member answered,
        this answer included; ``bonus_for`` turns it into bonus points added to the
        attempt's. Raises ``DailyPostMissing``, ``DailyPostClosed`` or ``DailyAnswerExists``.
        """
        if attempt.daily_post_id is None:
            raise ValueError("a daily answer needs its daily_post_id")

        def record(tx: Transaction) -> RecordedDailyAnswer:
            post = tx.fetch_one(
                "SELECT local_date, reveal_at, revealed_at FROM daily_posts WHERE id = ?", (attempt.daily_post_id,)
            )
            if post is None:
                raise DailyPostMissing
            if post["revealed_at"] is not None or to_epoch_ms(attempt.answered_at) >= post["reveal_at"]:
                raise DailyPostClosed
            days = _answered_days(tx, attempt.guild_id, attempt.user_id)
            run = streak_run([*days, date.fromisoformat(post["local_date"])])
            previous = _streak(tx, attempt.guild_id, attempt.user_id)
            streak = DailyStreak(run.current, max(run.best, previous.best), run.last_day)
            bonus = bonus_for(streak)
            attempt_id = insert_attempt(tx, replace(attempt, points=attempt.points + bonus))
            tx.execute(
                "INSERT INTO daily_streaks (guild_id, user_id, current, best, last_local_date)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, user_id) DO UPDATE SET"
                " current = excluded.current, best = excluded.best, last_local_date = excluded.last_local_date",
                (
                    attempt.guild_id,
                    attempt.user_id,
                    streak.current,
                    streak.best,
                    streak.last_local_date.isoformat() if streak.last_local_date else None,
                ),
            )
            return RecordedDailyAnswer(attempt_id, attempt.points + bonus, bonus, streak)

        try:
            return await self._db.write(record)
        except sqlite3.IntegrityError as error:
            if "attempts.daily_post_id" in str(error):
                raise DailyAnswerExists from error
            raise

    async def has_answered(self, post_id: int, user_id: int) -> bool:
        row = await self._db.fetch_one(
            "SELECT 1 FROM attempts WHERE daily_post_id = ? AND user_id = ?", (post_id, user_id)
        )
        return row is not None

    async def tally(self, post_id: int) -> DailyTally:
        row = await self._db.fetch_one(
            "SELECT COUNT(*) AS answered, COALESCE(SUM(passed), 0) AS passed FROM attempts WHERE daily_post_id = ?",
            (post_id,),
        )
        return DailyTally(row["answered"], row["passed"]) if row else DailyTally(0, 0)

    async def first_correct(self, post_id: int, limit: int) -> list[int]:
        """Members who passed, earliest first (ties by the order they were recorded)."""
        rows = await self._db.fetch_all(
            # Members who chose /privacy hide are not named in a public reveal either.
            "SELECT a.user_id FROM attempts AS a WHERE a.daily_post_id = ? AND a.passed = 1"
            " AND NOT EXISTS (SELECT 1 FROM member_settings AS m"
            " WHERE m.guild_id = a.guild_id AND m.user_id = a.user_id AND m.hidden = 1)"
            " ORDER BY a.answered_at, a.id LIMIT ?",
            (post_id, limit),
        )
        return [row["user_id"] for row in rows]

    async def streak(self, guild_id: int, user_id: int) -> DailyStreak:
        row = await self._db.fetch_one(
            "SELECT current, best, last_local_date FROM daily_streaks WHERE guild_id = ? AND user_id = ?",
            (guild_id, user_id),
        )
        return _streak_from(row)

    async def reset_lapsed_streaks(self, guild_id: int, before: date) -> int:
        """Zero the current streak of members whose last answered day is before ``before``."""
        return await self._db.write(
            lambda tx: tx.execute_rowcount(
                "UPDATE daily_streaks SET current = 0 WHERE guild_id = ? AND current > 0 AND last_local_date < ?",
                (guild_id, before.isoformat()),
            )
        )


def _posted_question_ids(tx: Transaction, guild_id: int) -> list[str]:
    """Question ids already posted in this server, each once, least recently posted first."""
    rows = tx.fetch_all(
        "SELECT question_id, MAX(local_date) AS last FROM daily_posts WHERE guild_id = ?"
        " GROUP BY question_id ORDER BY last, question_id",
        (guild_id,),
    )
    return [row["question_id"] for row in rows]


def _answered_days(tx: Transaction, guild_id: int, user_id: int) -> list[date]:
    rows = tx.fetch_all(
        "SELECT DISTINCT p.local_date FROM attempts AS a JOIN daily_posts AS p ON p.id = a.daily_post_id"
        " WHERE a.guild_id = ? AND a.user_id = ?",
        (guild_id, user_id),
    )
    return [date.fromisoformat(row["local_date"]) for row in rows]


def _streak(tx: Transaction, guild_id: int, user_id: int) -> DailyStreak:
    row = tx.fetch_one(
        "SELECT current, best, last_local_date FROM daily_streaks WHERE guild_id = ? AND user_id = ?",
        (guild_id, user_id),
    )
    return _streak_from(row)


def _record_error(tx: Transaction, guild_id: int, error: str, now: datetime) -> None:
    tx.execute(
        "UPDATE daily_configs SET last_error = ?, last_error_at = ? WHERE guild_id = ?",
        (error[:500], to_epoch_ms(now), guild_id),
    )


def _streak_from(row: sqlite3.Row | None) -> DailyStreak:
    if row is None:
        return DailyStreak(0, 0, None)
    last = date.fromisoformat(row["last_local_date"]) if row["last_local_date"] else None
    return DailyStreak(row["current"], row["best"], last)
