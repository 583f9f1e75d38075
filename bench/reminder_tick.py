"""One reminder scheduler tick over 50,000 opted-in members.

    .venv/bin/python bench/reminder_tick.py                 # 50,000 members, 100 servers, 5 runs
    .venv/bin/python bench/reminder_tick.py --members 5000 --runs 3   # a quick look

Builds a database through the bot's own migrations, then fills it with plain sqlite3:
``--members`` members spread over ``--servers`` servers in six time zones, every one with
review reminders on (hours spread over the day, half with a card due) and half with streak
reminders on and a 5-day streak at risk. Each scenario then runs the real tick (the durable
timer's claim, the zone check, the review and streak choice, the pruning and the next
tick's timer, all in one write) on a fresh copy of that database, and prints the median of
``--runs`` runs:

- idle: a minute in which no slot opens (most ticks of a day);
- one hour: the top of an hour, when the members whose hour it is in their zone are due;
- everyone: all members' slots open at once with cards due (the worst case: one zone, one hour);
- streaks: every server's daily reaches its warning time in the same tick (the streak-on
  half of the members, each with a 5-day streak and today's question unanswered).

A tick takes at most ``BATCH`` members of each kind per write (``bot/store/reminder_tick.py``);
"longest write" is the longest of them, which is how long an answer recorded meanwhile may
wait for the writer. The tick chooses; the DMs go out afterwards, paced by Discord, untimed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.bank import Bank, load_bank  # noqa: E402
from bot.clock import FakeClock  # noqa: E402
from bot.remind.service import RemindService, Rules  # noqa: E402
from bot.store import SqliteStore  # noqa: E402
from bot.store.reminder_tick import TICK_KEY  # noqa: E402
from bot.store.timestamps import to_epoch_ms  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEEDED_AT = datetime(2026, 6, 15, 14, 20, tzinfo=UTC)
ZONES = ["UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Europe/Berlin", "America/Los_Angeles"]
FIRST_USER_ID = 300_000_000_000_000_000
FIRST_GUILD_ID = 100_000_000_000_000_000


def seed(path: Path, members: int, servers: int, questions: list[str]) -> None:
    """Fill a migrated database with ``members`` opted-in members (plain sqlite3, one transaction)."""
    rng = random.Random(15)
    rules = Rules()
    now_ms = to_epoch_ms(SEEDED_AT)
    today = SEEDED_AT.date()
    guilds = [FIRST_GUILD_ID + index for index in range(servers)]
    zone_of = {guild: ZONES[index % len(ZONES)] for index, guild in enumerate(guilds)}
    slots = {(zone, hour): rules.first_slot(SEEDED_AT, hour, zone) for zone in ZONES for hour in range(24)}
    prefs, cards, streaks = [], [], []
    for index in range(members):
        guild, user = guilds[index % servers], FIRST_USER_ID + index
        hour = rng.randrange(24)
        slot = slots[(zone_of[guild], hour)]
        prefs.append(
            (guild, user, 9_000 + index, 5_000, hour, zone_of[guild], slot.day.isoformat(),
             to_epoch_ms(slot.opens), to_epoch_ms(slot.closes), index % 2, now_ms)
        )  # fmt: skip
        for number, question in enumerate(rng.sample(questions, 3)):
            # Half the members have a card due already; every card is due within ten days.
            due = (
                SEEDED_AT - timedelta(hours=1)
                if number == 0 and index % 2 == 0
                else SEEDED_AT + timedelta(days=rng.uniform(1, 10))
            )
            cards.append((guild, user, question, "{}", to_epoch_ms(due), 1, now_ms))
        if index % 2:
            streaks.append((guild, user, 5, 5, (today - timedelta(days=1)).isoformat()))
    connection = sqlite3.connect(path)
    with connection:
        connection.executemany(
            "INSERT INTO guild_settings (guild_id, timezone, updated_at) VALUES (?, ?, ?)",
            [(guild, zone_of[guild], now_ms - 86_400_000) for guild in guilds],
        )
        connection.executemany(
            "INSERT INTO reminder_prefs (guild_id, user_id, dm_channel_id, channel_id, reviews_on, review_hour,"
            " review_zone, review_day, review_next_at, review_closes_at, streak_on, updated_at)"
            " VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)",
            prefs,
        )
        connection.executemany(
            "INSERT INTO review_cards (guild_id, user_id, question_id, card, due_at, reviews, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            cards,
        )
        connection.executemany(
            "INSERT INTO daily_streaks (guild_id, user_id, current, best, last_local_date) VALUES (?, ?, ?, ?, ?)",
            streaks,
        )
        connection.executemany(
            "INSERT INTO daily_posts (guild_id, local_date, question_id, channel_id, message_id, posted_at, reveal_at)"
            " VALUES (?, ?, ?, 5000, 1, ?, ?)",
            [(guild, today.isoformat(), questions[0], now_ms - 3_600_000, now_ms + 20 * 3_600_000) for guild in guilds],
        )
    connection.execute("ANALYZE")
    connection.close()


class _WriteTimes:
    """Times each ``db.write`` of the tick (the store's own method, wrapped for the bench)."""

    def __init__(self, store: SqliteStore) -> None:
        self.times: list[float] = []
        original = store.db.write

        async def timed(fn: Any) -> Any:
            started = time.perf_counter()
            try:
                return await original(fn)
            finally:
                self.times.append((time.perf_counter() - started) * 1000)

        store.db.write = timed  # type: ignore[method-assign]

    def longest_ms(self) -> float:
        return max(self.times, default=0.0)


async def one_tick(
    bank: Bank, template: Path, work: Path, at: datetime, prepare: str | None = None
) -> tuple[float, int, int, float]:
    """A fresh copy of the seeded database, one real tick at ``at``: (ms, reviews, streaks, longest write ms)."""
    copy = work / f"run-{time.monotonic_ns()}.sqlite3"
    shutil.copyfile(template, copy)
    store = await SqliteStore.open(copy)
    try:
        clock = FakeClock(SEEDED_AT)
        service = RemindService(bank, store.reminders, store.reminder_sends, store.daily, clock)
        await service.ensure_ticking()
        # The first tick after a start also looks at every server's time zone; it runs at
        # the seeding instant, when nothing is due, and is not timed.
        await service.tick(None)
        if prepare:
            await store.db.write(lambda tx: tx.execute(prepare, (to_epoch_ms(at),)))
        clock.set(at)
        timer = await store.timers.by_key(TICK_KEY)
        assert timer is not None
        writes = _WriteTimes(store)
        started = time.perf_counter()
        result = await service.tick(timer)
        elapsed = (time.perf_counter() - started) * 1000
        assert result is not None
        return elapsed, result.reviews, result.streaks, writes.longest_ms()
    finally:
        await store.close()
        copy.unlink()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--servers", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    bank = load_bank(ROOT / "content" / "flask")
    questions = [question.id for question in bank]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        template = work / "seeded.sqlite3"
        store = await SqliteStore.open(template)  # the bot's own migrations
        await store.close()
        started = time.perf_counter()
        seed(template, args.members, args.servers, questions)
        took = time.perf_counter() - started
        print(f"seeded {args.members:,} opted-in members in {args.servers} servers ({took:.1f} s)")
        top_of_hour = SEEDED_AT.replace(minute=0) + timedelta(hours=1)
        everyone_at = SEEDED_AT + timedelta(days=30)
        streak_at = SEEDED_AT.replace(hour=16, minute=0)
        scenarios = [
            ("idle (no slot opens)", SEEDED_AT + timedelta(minutes=1), None),
            ("one hour (top of the hour)", top_of_hour, None),
            # Every member's slot is today's (the same local date in all six zones then).
            ("everyone at once", everyone_at,
             "UPDATE reminder_prefs SET review_next_at = ?1, review_closes_at = ?1 + 3600000,"
             " review_day = date(?1 / 1000, 'unixepoch')"),
            # Every server's daily is revealed an hour later: all of them warn in this tick.
            ("streaks (every daily warns)", streak_at, "UPDATE daily_posts SET reveal_at = ?1 + 3600000"),
        ]  # fmt: skip
        header = f"{'scenario':<30} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'longest write':>14}"
        print(f"{header} {'chosen':>16}")
        for name, at, prepare in scenarios:
            timings, longest, chosen = [], [], (0, 0)
            for _ in range(args.runs):
                elapsed, reviews, streaks, write_ms = await one_tick(bank, template, work, at, prepare)
                timings.append(elapsed)
                longest.append(write_ms)
                chosen = (reviews, streaks)
            label = f"{chosen[0]:,} + {chosen[1]:,}"
            spread = f"{statistics.median(timings):>10.1f} {min(timings):>8.1f} {max(timings):>8.1f}"
            print(f"{name:<30} {spread} {statistics.median(longest):>14.1f} {label:>16}")
        connection = sqlite3.connect(template)
        plan = connection.execute(
            "EXPLAIN QUERY PLAN SELECT guild_id FROM reminder_prefs WHERE review_next_at <= ?", (0,)
        ).fetchall()
        connection.close()
        print("due reminders are found by:", "; ".join(row[-1] for row in plan))
        print("chosen = review reminders + streak reminders claimed by that tick")


if __name__ == "__main__":
    asyncio.run(main())
