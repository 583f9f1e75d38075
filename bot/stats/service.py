"""Leaderboards and member profiles: the store's numbers shaped for a member, no Discord.

The cogs call this; so could a terminal command. Time comes from the injected clock and
periods from the server's time zone (bot/stats/periods.py).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import TYPE_CHECKING, Protocol

from bot.bank import Bank
from bot.clock import Clock
from bot.errors import UserFacingError
from bot.records import Mode
from bot.scheduling import day_start, local_date
from bot.stats.chart import render_stats_chart
from bot.stats.models import PAGE_SIZE, BoardView, DayActivity, MemberStats, StreakView, StudySuggestion, TopicStat
from bot.stats.periods import Period, period_start, recent_days, zone
from bot.store.leaderboard import BoardFilter, BoardSlice, MemberTotals

if TYPE_CHECKING:
    from bot.store.leaderboard import LeaderboardStore
    from bot.store.settings import SettingsStore

ACTIVITY_DAYS = 30
STUDY_SUGGESTIONS = 3
# Below this accuracy a topic is worth more practice: the share at which the review queue
# rates an answer Good rather than Hard (README, "Review queue").
STUDY_BELOW = 0.75


class UnknownTopic(UserFacingError):
    def __init__(self, typed: str) -> None:
        super().__init__(f"There is no topic called '{typed[:60]}'. Pick one from the list as you type.")


class StatsHidden(UserFacingError):
    def __init__(self) -> None:
        super().__init__("That member keeps their stats private in this server.")


class Stores(Protocol):
    """The repositories this service reads (``SqliteStore`` has them)."""

    @property
    def leaderboard(self) -> LeaderboardStore: ...

    @property
    def settings(self) -> SettingsStore: ...


class LeaderboardService:
    def __init__(self, store: Stores, bank: Bank, clock: Clock) -> None:
        self._store = store
        self._bank = bank
        self._clock = clock

    def topic_slug(self, typed: str | None) -> str | None:
        """The slug for what the member typed (slug or title, any case); None for no filter."""
        if typed is None or not typed.strip():
            return None
        wanted = typed.strip().lower()
        for topic in self._bank.topics:
            if wanted in (topic.slug, topic.title.lower()):
                return topic.slug
        raise UnknownTopic(typed.strip())

    async def board(
        self,
        guild_id: int,
        member_id: int,
        *,
        period: Period = Period.ALL,
        topic: str | None = None,
        mode: Mode | None = None,
        page: int = 0,
    ) -> BoardView:
        """A page of the server's board; a page past the end shows the last one."""
        tz = zone((await self._store.settings.guild_settings(guild_id)).timezone)
        since = period_start(period, self._clock.now(), tz)
        board = BoardFilter(guild_id, since, topic, mode)
        page = max(0, page)
        found = await self._page(board, page, member_id)
        pages = max(1, -(-found.ranked // PAGE_SIZE))
        if page >= pages:
            # The board shrank since the buttons were drawn (a member left or hid).
            page = pages - 1
            found = await self._page(board, page, member_id)
        hidden = found.member is None and await self._store.leaderboard.is_hidden(guild_id, member_id)
        return BoardView(
            guild_id=guild_id,
            period=period,
            topic=topic,
            topic_title=self._bank.topic_title(topic) if topic else None,
            mode=mode,
            page=page,
            pages=pages,
            ranked=found.ranked,
            entries=found.entries,
            member_id=member_id,
            member=found.member,
            member_hidden=hidden,
            since=since,
            timezone=tz.key,
        )

    async def _page(self, board: BoardFilter, page: int, member_id: int) -> BoardSlice:
        return await self._store.leaderboard.board(board, offset=page * PAGE_SIZE, limit=PAGE_SIZE, member_id=member_id)

    async def stats(self, guild_id: int, member_id: int, *, viewer_id: int) -> MemberStats:
        """The member's profile; another member's only when they have not hidden it."""
        store = self._store.leaderboard
        hidden = await store.is_hidden(guild_id, member_id)
        if hidden and viewer_id != member_id:
            raise StatsHidden()
        tz = zone((await self._store.settings.guild_settings(guild_id)).timezone)
        totals = await store.member_totals(guild_id, member_id)
        standing = await store.board(BoardFilter(guild_id), offset=0, limit=0, member_id=member_id)
        days = recent_days(self._clock.now(), tz, ACTIVITY_DAYS)
        recent = await store.answers_since(guild_id, member_id, day_start(days[0], tz))
        buckets: dict[object, list[int]] = defaultdict(lambda: [0, 0, 0])
        for answer in recent:
            bucket = buckets[local_date(answer.answered_at, tz)]
            bucket[0] += 1
            bucket[1] += int(answer.passed)
            bucket[2] += answer.points
        activity = tuple(DayActivity(day, *buckets.get(day, (0, 0, 0))) for day in days)
        streak = await store.streak(guild_id, member_id)
        overall = totals.overall
        topics = self._topics(totals)
        return MemberStats(
            guild_id=guild_id,
            user_id=member_id,
            hidden=hidden,
            rank=standing.member.rank if standing.member else None,
            ranked=standing.ranked,
            points=overall.points if overall else 0,
            answers=overall.answers if overall else 0,
            passed=overall.passed if overall else 0,
            last_answered_at=overall.last_answered_at if overall else None,
            topics=topics,
            modes={mode: totals.answers for mode, totals in totals.by_mode.items()},
            streak=StreakView(streak.current, streak.best, streak.last_local_date) if streak else None,
            days=activity,
            points_before_days=(overall.points if overall else 0) - sum(day.points for day in activity),
            timezone=tz.key,
            study=self._study(topics),
        )

    def _study(self, topics: tuple[TopicStat, ...]) -> tuple[StudySuggestion, ...]:
        """The weakest topics below STUDY_BELOW, then topics never tried, in bank order."""
        weak = [StudySuggestion(t.slug, t.title, t.answers, t.accuracy) for t in topics if t.accuracy < STUDY_BELOW]
        tried = {topic.slug for topic in topics}
        untried = [StudySuggestion(t.slug, t.title, 0, 0.0) for t in self._bank.topics if t.slug not in tried]
        return tuple((weak + untried)[:STUDY_SUGGESTIONS])

    def _topics(self, totals: MemberTotals) -> tuple[TopicStat, ...]:
        topics = [
            TopicStat(slug, self._bank.topic_title(slug), found.answers, found.passed, found.points)
            for slug, found in totals.by_topic.items()
        ]
        # Weakest first; among equals, the topic with more evidence first.
        topics.sort(key=lambda topic: (topic.accuracy, -topic.answers, topic.title))
        return tuple(topics)

    async def chart(self, stats: MemberStats) -> bytes:
        """The profile picture as PNG bytes, drawn off the event loop (it takes ~10-50 ms)."""
        return await asyncio.to_thread(render_stats_chart, stats)
