"""When reminders go out: pure time maths on top of ``bot.scheduling`` (no Discord, no store).

A review reminder has one *slot* per local day of the server: the member's chosen hour on
that day, open until the day ends. A slot missed while the bot was down is still taken
later the same local day, never the next one (that day has its own slot). Daylight saving
follows ``bot.scheduling.local_instant``: an hour the clocks skip starts at the jump, an
hour that happens twice starts at its first occurrence.

A streak reminder goes out a few hours before the member can no longer answer today's
question: the end of the server's local day, or the reveal if that comes first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.scheduling import day_start, local_date, local_instant

STREAK_LEAD = timedelta(hours=3)  # how long before the deadline a streak at risk is told
STREAK_MIN_DAYS = 3  # a shorter streak is not worth a direct message


@dataclass(frozen=True, slots=True)
class Slot:
    """One local day's review reminder: due from ``opens`` until ``closes`` (the day's end)."""

    day: date
    opens: datetime
    closes: datetime


def slot_on(day: date, hour: int, zone: ZoneInfo) -> Slot:
    return Slot(day, local_instant(day, time(hour, 0), zone), day_start(day + timedelta(days=1), zone))


def first_slot(now: datetime, hour: int, zone: ZoneInfo) -> Slot:
    """The slot for a member who just opted in: today's if the hour is still ahead, else tomorrow's.

    Turning reminders on at 18:30 for 18:00 starts tomorrow, as a new daily schedule does.
    """
    today = slot_on(local_date(now, zone), hour, zone)
    return today if today.opens >= now else slot_on(today.day + timedelta(days=1), hour, zone)


def slot_after(day: date, now: datetime, hour: int, zone: ZoneInfo) -> Slot:
    """The slot that follows the one of local ``day``: the next day's, or today's if the bot
    was down for days (today's may already be open: it is then due at the next tick)."""
    return slot_on(max(day + timedelta(days=1), local_date(now, zone)), hour, zone)


@dataclass(frozen=True, slots=True)
class StreakWindow:
    """When members with a streak at risk are told (``warn_at``) and until when (``deadline``)."""

    warn_at: datetime
    deadline: datetime

    def contains(self, instant: datetime) -> bool:
        return self.warn_at <= instant < self.deadline


def streak_deadline(day: date, reveal_at: datetime, zone: ZoneInfo) -> datetime:
    """The last moment the daily of local ``day`` counts: the day's end, or the reveal if earlier."""
    return min(day_start(day + timedelta(days=1), zone), reveal_at)


def streak_window(day: date, posted_at: datetime, reveal_at: datetime, zone: ZoneInfo) -> StreakWindow:
    """For the daily post of local ``day``: warn ``STREAK_LEAD`` before the deadline, never
    before the post itself (a post revealed an hour after it went out warns at once)."""
    deadline = streak_deadline(day, reveal_at, zone)
    return StreakWindow(max(posted_at, deadline - STREAK_LEAD), deadline)
