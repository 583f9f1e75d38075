"""Opt-in reminders as a service: settings, the scheduler tick, and what each reminder says.

No Discord here. The cog resolves the member's DM channel and passes its id in; the tick
(``tick``) chooses who is due in one write; the Discord-side sender asks ``compose`` what
a chosen reminder should say at the moment it is sent (None-like ``Skip`` when nothing is
due any more) and reports back what Discord answered.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.bank import Bank
from bot.clock import Clock
from bot.remind import timing
from bot.remind.outcomes import Nudge, RemindStatus, ReviewNudge, Skip, StreakNudge
from bot.scheduling import local_date, streak_alive
from bot.store.daily import DailyStore
from bot.store.reminder_sends import PendingReminder, ReminderSendStore
from bot.store.reminders import ReminderStore, TickResult
from bot.store.timers import Timer

log = logging.getLogger(__name__)

DEFAULT_HOUR = 18
TOPICS_SHOWN = 5
# Zone changes are looked for in settings saved since the previous tick, less this much:
# a settings write that read the clock before a tick but committed after it is still seen.
ZONE_SLACK = timedelta(minutes=5)


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        # Only if tzdata dropped a zone since it was chosen: remind in UTC rather than never.
        log.warning("Unknown time zone %r in reminders; using UTC", name)
        return ZoneInfo("UTC")


class Rules:
    """``bot.remind.timing`` in the shape the store's tick takes (zones by name)."""

    streak_min_days = timing.STREAK_MIN_DAYS

    def first_slot(self, now: datetime, hour: int, zone_name: str) -> timing.Slot:
        return timing.first_slot(now, hour, zone(zone_name))

    def slot_after(self, day: date, now: datetime, hour: int, zone_name: str) -> timing.Slot:
        return timing.slot_after(day, now, hour, zone(zone_name))

    def streak_window(self, day: date, posted_at: datetime, reveal_at: datetime, zone_name: str) -> timing.StreakWindow:
        return timing.streak_window(day, posted_at, reveal_at, zone(zone_name))


class RemindService:
    def __init__(
        self, bank: Bank, store: ReminderStore, sends: ReminderSendStore, daily: DailyStore, clock: Clock
    ) -> None:
        self._bank = bank
        self._store = store
        self._sends = sends
        self._daily = daily
        self._clock = clock
        self._rules = Rules()
        self._zones_checked_at: datetime | None = None  # None: look at every server once

    # -- settings -----------------------------------------------------------------------

    async def set_reviews(
        self,
        guild_id: int,
        user_id: int,
        *,
        on: bool,
        hour: int | None = None,
        dm_channel_id: int = 0,
        channel_id: int | None = None,
    ) -> RemindStatus:
        """Turn review reminders on (at ``hour``, default the previous one or 18:00) or off."""
        if hour is not None and not 0 <= hour <= 23:
            raise ValueError("hour must be 0..23")
        where = (dm_channel_id, channel_id) if on else None
        await self._store.set_reviews(
            guild_id, user_id, hour=hour, where=where, rules=self._rules, now=self._clock.now()
        )
        return await self.status(guild_id, user_id)

    async def set_streak(
        self, guild_id: int, user_id: int, *, on: bool, dm_channel_id: int = 0, channel_id: int | None = None
    ) -> RemindStatus:
        where = (dm_channel_id, channel_id) if on else None
        await self._store.set_streak(guild_id, user_id, where=where, rules=self._rules, now=self._clock.now())
        return await self.status(guild_id, user_id)

    async def status(self, guild_id: int, user_id: int) -> RemindStatus:
        now = self._clock.now()
        prefs = await self._store.prefs(guild_id, user_id)
        zone_name = await self._store.server_zone(guild_id)
        config = await self._daily.config(guild_id)
        streak = await self._daily.streak(guild_id, user_id)
        today = local_date(now, zone(zone_name))
        current = streak.current if streak_alive(streak.last_local_date, today) else 0
        next_check = None
        if config is not None and prefs is not None and prefs.streak_on:
            post = await self._daily.post_for_date(guild_id, today)
            if post is not None and post.revealed_at is None:
                window = self._rules.streak_window(today, post.posted_at, post.reveal_at, zone_name)
                next_check = window.warn_at if window.warn_at > now else None
        last = await self._sends.last_sent(guild_id, user_id)
        return RemindStatus(
            guild_id=guild_id,
            timezone=zone_name,
            reviews_on=bool(prefs and prefs.reviews_on),
            review_hour=prefs.review_hour if prefs else DEFAULT_HOUR,
            next_review_at=prefs.review_next_at if prefs else None,
            due_now=len(await self._sends.due_question_ids(guild_id, user_id, now)),
            streak_on=bool(prefs and prefs.streak_on),
            streak=current,
            daily_configured=config is not None,
            next_streak_check=next_check,
            disabled_reason=prefs.disabled_reason if prefs else None,
            disabled_at=prefs.disabled_at if prefs else None,
            last_review_day=last.get("reviews"),
            last_streak_day=last.get("streak"),
        )

    # -- the tick -----------------------------------------------------------------------

    async def ensure_ticking(self) -> None:
        await self._store.ensure_ticking(self._clock.now())

    async def tick(self, timer: Timer | None = None) -> TickResult | None:
        """Choose every reminder due now (one write); None when ``timer`` had already fired."""
        now = self._clock.now()
        since = self._zones_checked_at - ZONE_SLACK if self._zones_checked_at else datetime(1970, 1, 1, tzinfo=UTC)
        result = await self._store.tick(now, self._rules, timer=timer, zones_since=since)
        self._zones_checked_at = now
        if result is not None and (result.reviews or result.streaks):
            log.info("Reminders chosen: %d review, %d streak", result.reviews, result.streaks)
        return result

    # -- sending (the Discord side calls these around each direct message) --------------

    def now(self) -> datetime:
        return self._clock.now()

    async def pending(self, limit: int = 100) -> list[PendingReminder]:
        return await self._sends.pending(self._clock.now(), limit)

    async def next_try(self) -> datetime | None:
        return await self._sends.next_try()

    async def lease(self, reminder: PendingReminder, hold: timedelta) -> bool:
        return await self._sends.lease(reminder, self._clock.now(), hold)

    async def compose(self, reminder: PendingReminder) -> Nudge | Skip:
        """What the reminder says now, or why it is no longer worth sending."""
        if reminder.dm_channel_id is None or not reminder.still_on:
            return Skip("turned off")
        now = self._clock.now()
        if reminder.kind == "reviews":
            due = await self._sends.due_question_ids(reminder.guild_id, reminder.user_id, now)
            if not due:
                return Skip("nothing due")
            return ReviewNudge(
                reminder.key,
                reminder.guild_id,
                reminder.day,
                len(due),
                self._topics(due),
                await self._sends.last_channel(reminder.guild_id, reminder.user_id),
            )
        risk = await self._sends.streak_at_risk(reminder, now)
        if risk is None:
            return Skip("answered or closed")
        zone_name = await self._store.server_zone(reminder.guild_id)
        deadline = timing.streak_deadline(reminder.day, risk.reveal_at, zone(zone_name))
        return StreakNudge(
            reminder.key, reminder.guild_id, reminder.day, risk.streak, deadline, risk.channel_id, risk.message_id
        )

    async def sent(self, reminder: PendingReminder, message_id: int) -> None:
        await self._sends.finish(reminder, "sent", self._clock.now(), message_id)

    async def skipped(self, reminder: PendingReminder, reason: str) -> None:
        await self._sends.finish(reminder, f"skipped: {reason}", self._clock.now())

    async def failed(self, reminder: PendingReminder, reason: str) -> None:
        await self._sends.finish(reminder, f"failed: {reason}", self._clock.now())

    async def retry_at(self, reminder: PendingReminder, when: datetime) -> None:
        await self._sends.retry_at(reminder, when)

    async def dms_closed(self, user_id: int, reason: str) -> None:
        await self._sends.dms_closed(user_id, reason, self._clock.now())

    async def member_left(self, guild_id: int, user_id: int, reason: str) -> None:
        await self._sends.member_left(guild_id, user_id, reason, self._clock.now())

    async def server_left(self, guild_id: int) -> int:
        return await self._sends.server_left(guild_id)

    def _topics(self, question_ids: list[str]) -> tuple[str, ...]:
        """Topic titles of the due cards, most cards first (a removed question has none)."""
        counts: dict[str, int] = {}
        for question_id in question_ids:
            question = self._bank.question(question_id)
            if question is not None:
                title = self._bank.topic_title(question.topic)
                counts[title] = counts.get(title, 0) + 1
        return tuple(sorted(counts, key=lambda title: (-counts[title], title))[:TOPICS_SHOWN])
