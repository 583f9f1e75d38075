"""The scheduler tick: one write that chooses every reminder due, however many members.

Set-based statements choose them (``INSERT ... SELECT``, never a Python loop over
members) and record each as a claim row in ``reminder_sends`` before anything is sent. The
claim's key is (server, member, kind, local day): however ticks race, restart or get
rescheduled, a day never gets two reminders of one kind. Local-time maths runs in Python
once per distinct (zone, hour, day) or per open daily post, never per member; the rules
come in as ``TickRules`` so the store holds no policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from bot.store.timers import Timer, claim_timer, schedule_timer
from bot.store.timestamps import from_epoch_ms, to_epoch_ms
from bot.store.writer import Transaction

TICK_KIND = TICK_KEY = "remind.tick"
TICK_INTERVAL = timedelta(seconds=60)  # a due reminder waits at most this long (hour-granular settings)
BATCH = 1_000  # members chosen per write: bounds how long one tick holds the writer
KEEP_SENDS = timedelta(days=14)  # claims older than this are pruned (a day's claim matters for a day)


class SlotLike(Protocol):
    @property
    def day(self) -> date: ...
    @property
    def opens(self) -> datetime: ...
    @property
    def closes(self) -> datetime: ...


class WindowLike(Protocol):
    @property
    def warn_at(self) -> datetime: ...
    @property
    def deadline(self) -> datetime: ...


class TickRules(Protocol):
    """The time rules a tick applies (``bot.remind.timing``), handed in by the service."""

    streak_min_days: int

    def first_slot(self, now: datetime, hour: int, zone: str) -> SlotLike: ...
    def slot_after(self, day: date, now: datetime, hour: int, zone: str) -> SlotLike: ...
    def streak_window(self, day: date, posted_at: datetime, reveal_at: datetime, zone: str) -> WindowLike: ...


@dataclass(frozen=True, slots=True)
class TickResult:
    reviews: int  # review reminders chosen by this write
    streaks: int
    more: bool  # a batch was full: run ``run_tick`` again (without the timer) for the rest


def run_tick(
    tx: Transaction, now: datetime, rules: TickRules, timer: Timer | None, zones_since_ms: int, *, first: bool = True
) -> TickResult | None:
    """One write of a tick; None when ``timer`` had already been fired.

    At most ``BATCH`` members of each kind are chosen per write, so a tick where tens of
    thousands are due at once holds the single writer for tens of milliseconds at a time,
    and answers recorded meanwhile wait for one batch, not for the whole tick. ``first``
    is the write that claims the timer, schedules the next tick and does the housekeeping.
    """
    if timer is not None and not claim_timer(tx, timer):
        return None
    now_ms = to_epoch_ms(now)
    if first:
        _follow_zone_changes(tx, now, rules, zones_since_ms)
        horizon = now_ms - int(KEEP_SENDS.total_seconds() * 1000)
        tx.execute("DELETE FROM reminder_sends WHERE chosen_at < ? AND outcome IS NOT NULL", (horizon,))
        tx.execute("DELETE FROM reminder_runs WHERE chosen_at < ?", (horizon,))
    if timer is not None:
        schedule_timer(tx, TICK_KIND, TICK_KEY, max(now, timer.due_at) + TICK_INTERVAL, now)
    reviews, more_reviews = _choose_reviews(tx, now, rules)
    streaks, more_streaks = _choose_streaks(tx, now, rules)
    return TickResult(reviews, streaks, more_reviews or more_streaks)


def ensure_tick_timer(tx: Transaction, now: datetime) -> None:
    """Create the durable tick timer unless it exists (a restart keeps the one it had)."""
    tx.execute(
        "INSERT INTO timers (kind, key, due_at, payload, created_at) VALUES (?, ?, ?, '{}', ?)"
        " ON CONFLICT (key) DO NOTHING",
        (TICK_KIND, TICK_KEY, to_epoch_ms(now), to_epoch_ms(now)),
    )


def reschedule_disabled_reviews(tx: Transaction, guild_id: int, user_id: int, rules: TickRules, now: datetime) -> None:
    """Reviews left on while the bot had turned everything off (DMs closed) start again."""
    row = tx.fetch_one(
        "SELECT review_hour, COALESCE((SELECT g.timezone FROM guild_settings AS g"
        " WHERE g.guild_id = reminder_prefs.guild_id), 'UTC') AS zone FROM reminder_prefs"
        " WHERE guild_id = ? AND user_id = ? AND reviews_on = 1 AND review_next_at IS NULL",
        (guild_id, user_id),
    )
    if row is None:
        return
    slot = rules.first_slot(now, row["review_hour"], row["zone"])
    tx.execute(
        "UPDATE reminder_prefs SET review_zone = ?, review_day = ?, review_next_at = ?, review_closes_at = ?"
        " WHERE guild_id = ? AND user_id = ?",
        (row["zone"], slot.day.isoformat(), to_epoch_ms(slot.opens), to_epoch_ms(slot.closes), guild_id, user_id),
    )


def _follow_zone_changes(tx: Transaction, now: datetime, rules: TickRules, since_ms: int) -> None:
    """A server changed its time zone (``/settings timezone``, ``/daily setup``) since
    ``since_ms``: its members' next slots move to their hour in the new zone."""
    stale = tx.fetch_all(
        # CROSS JOIN keeps the servers outermost: the few whose settings changed are found
        # first, then only their members' rows are read (by primary key), not every member's.
        "SELECT DISTINCT p.guild_id, p.review_hour, g.timezone FROM guild_settings AS g"
        " CROSS JOIN reminder_prefs AS p ON p.guild_id = g.guild_id"
        " WHERE g.updated_at >= ? AND p.review_next_at IS NOT NULL AND p.review_zone IS NOT g.timezone",
        (since_ms,),
    )
    for row in stale:
        slot = rules.first_slot(now, row["review_hour"], row["timezone"])
        tx.execute(
            "UPDATE reminder_prefs SET review_zone = ?, review_day = ?, review_next_at = ?, review_closes_at = ?"
            " WHERE guild_id = ? AND review_hour = ? AND review_next_at IS NOT NULL",
            (
                row["timezone"],
                slot.day.isoformat(),
                to_epoch_ms(slot.opens),
                to_epoch_ms(slot.closes),
                row["guild_id"],
                row["review_hour"],
            ),
        )


def _choose_reviews(tx: Transaction, now: datetime, rules: TickRules) -> tuple[int, bool]:
    """Claim today's review reminder of up to ``BATCH`` members whose slot is open and who
    have a card due, and move their slots (claimed, nothing due, or missed) to the next day.
    Returns (claimed, whether more members are due)."""
    now_ms = to_epoch_ms(now)
    tx.execute("CREATE TEMP TABLE IF NOT EXISTS reminder_batch (id INTEGER PRIMARY KEY)")
    tx.execute(
        "CREATE TEMP TABLE IF NOT EXISTS reminder_moves (day TEXT, hour INTEGER, zone TEXT, next_day TEXT,"
        " next_at INTEGER, closes_at INTEGER, PRIMARY KEY (day, hour, zone))"
    )
    tx.execute("DELETE FROM temp.reminder_batch")
    taken = tx.execute_rowcount(
        "INSERT INTO temp.reminder_batch (id) SELECT rowid FROM reminder_prefs WHERE review_next_at <= ? LIMIT ?",
        (now_ms, BATCH),
    )
    if not taken:
        return 0, False
    chosen = tx.execute_rowcount(
        "INSERT INTO reminder_sends (guild_id, user_id, kind, local_date, chosen_at, next_try_at)"
        " SELECT p.guild_id, p.user_id, 'reviews', p.review_day, :now, :now FROM reminder_prefs AS p"
        " WHERE p.rowid IN (SELECT id FROM temp.reminder_batch) AND p.review_closes_at > :now"
        " AND EXISTS (SELECT 1 FROM review_cards AS c"
        " WHERE c.guild_id = p.guild_id AND c.user_id = p.user_id AND c.due_at <= :now)"
        " ON CONFLICT DO NOTHING",
        {"now": now_ms},
    )
    # Each member moves to the slot after theirs: computed once per distinct (day, hour,
    # zone) here, applied in one statement that visits each member of the batch once.
    tx.execute("DELETE FROM temp.reminder_moves")
    moves = []
    combos = tx.fetch_all(
        "SELECT DISTINCT review_day, review_hour, review_zone FROM reminder_prefs"
        " WHERE rowid IN (SELECT id FROM temp.reminder_batch)"
    )
    for combo in combos:
        slot = rules.slot_after(
            date.fromisoformat(combo["review_day"]), now, combo["review_hour"], combo["review_zone"]
        )
        moves.append(
            (combo["review_day"], combo["review_hour"], combo["review_zone"], slot.day.isoformat(),
             to_epoch_ms(slot.opens), to_epoch_ms(slot.closes))
        )  # fmt: skip
    tx.execute_many("INSERT INTO temp.reminder_moves VALUES (?, ?, ?, ?, ?, ?)", moves)
    tx.execute(
        "UPDATE reminder_prefs SET review_day = m.next_day, review_next_at = m.next_at, review_closes_at = m.closes_at"
        " FROM temp.reminder_moves AS m WHERE reminder_prefs.rowid IN (SELECT id FROM temp.reminder_batch)"
        " AND m.day = reminder_prefs.review_day AND m.hour = reminder_prefs.review_hour"
        " AND m.zone = reminder_prefs.review_zone"
    )
    return chosen, taken == BATCH


def _choose_streaks(tx: Transaction, now: datetime, rules: TickRules) -> tuple[int, bool]:
    """For each open daily post whose warning time has come (one row per server, not per
    member), claim a reminder for the opted-in members whose streak is at risk, up to
    ``BATCH`` in this write. Returns (claimed, whether a post still has members to claim)."""
    now_ms = to_epoch_ms(now)
    posts = tx.fetch_all(
        "SELECT d.id, d.guild_id, d.local_date, d.posted_at, d.reveal_at, COALESCE(g.timezone, 'UTC') AS zone"
        " FROM daily_posts AS d LEFT JOIN guild_settings AS g ON g.guild_id = d.guild_id"
        # A post revealed (or due to be) can no longer be answered: only open ones, found
        # through the partial index of unrevealed posts rather than a scan of every day's.
        " WHERE d.revealed_at IS NULL AND d.reveal_at > ? AND NOT EXISTS (SELECT 1 FROM reminder_runs AS r"
        " WHERE r.guild_id = d.guild_id AND r.local_date = d.local_date)",
        (now_ms,),
    )
    chosen = 0
    for post in posts:
        day = date.fromisoformat(post["local_date"])
        window = rules.streak_window(
            day, from_epoch_ms(post["posted_at"]), from_epoch_ms(post["reveal_at"]), post["zone"]
        )
        if now < window.warn_at:
            continue
        if now < window.deadline:
            room = BATCH - chosen
            if room <= 0:
                return chosen, True
            claimed = tx.execute_rowcount(
                "INSERT INTO reminder_sends (guild_id, user_id, kind, local_date, post_id, chosen_at, next_try_at)"
                " SELECT p.guild_id, p.user_id, 'streak', :day, :post, :now, :now FROM reminder_prefs AS p"
                " JOIN daily_streaks AS s ON s.guild_id = p.guild_id AND s.user_id = p.user_id"
                " WHERE p.guild_id = :guild AND p.streak_on = 1 AND p.disabled_reason IS NULL"
                " AND s.current >= :min AND s.last_local_date = :yesterday AND NOT EXISTS (SELECT 1 FROM attempts AS a"
                " WHERE a.daily_post_id = :post AND a.user_id = p.user_id) AND NOT EXISTS (SELECT 1"
                " FROM reminder_sends AS x WHERE x.guild_id = p.guild_id AND x.user_id = p.user_id"
                " AND x.kind = 'streak' AND x.local_date = :day)"
                " LIMIT :room ON CONFLICT DO NOTHING",
                {
                    "day": day.isoformat(),
                    "post": post["id"],
                    "now": now_ms,
                    "guild": post["guild_id"],
                    "min": rules.streak_min_days,
                    "yesterday": (day - timedelta(days=1)).isoformat(),
                    "room": room,
                },
            )
            chosen += claimed
            if claimed == room:
                return chosen, True  # maybe more in this server: the next write goes on
        # Chosen, or the deadline passed while the bot was down: either way this day is done.
        tx.execute(
            "INSERT INTO reminder_runs (guild_id, local_date, chosen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (post["guild_id"], post["local_date"], now_ms),
        )
    return chosen, False
