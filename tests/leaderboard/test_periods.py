"""Period boundaries in a server's time zone (pure), and through the board service."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FakeClock
from bot.scheduling import day_start as local_midnight
from bot.stats import LeaderboardService, Period
from bot.stats.periods import period_start, recent_days, zone
from bot.store import GuildSettings
from tests.leaderboard.conftest import GUILD, attempt, record

NEW_YORK = ZoneInfo("America/New_York")


def ny(*args: int) -> datetime:
    return datetime(*args, tzinfo=NEW_YORK)


def test_week_starts_monday_midnight_local():
    now = ny(2026, 1, 14, 15, 0)  # a Wednesday, EST (UTC-5)
    assert period_start(Period.WEEK, now.astimezone(UTC), NEW_YORK) == datetime(2026, 1, 12, 5, 0, tzinfo=UTC)


def test_week_at_the_first_instant_of_monday_is_the_new_week():
    now = ny(2026, 1, 12, 0, 0)
    assert period_start(Period.WEEK, now.astimezone(UTC), NEW_YORK) == now.astimezone(UTC)
    just_before = now - timedelta(microseconds=1)
    assert period_start(Period.WEEK, just_before.astimezone(UTC), NEW_YORK) == ny(2026, 1, 5, 0, 0).astimezone(UTC)


def test_month_starts_on_the_first_local():
    # 2 March 03:00 UTC is still 1 March evening in New York: the month began on 1 March local.
    assert period_start(Period.MONTH, datetime(2026, 3, 2, 3, 0, tzinfo=UTC), NEW_YORK) == datetime(
        2026, 3, 1, 5, 0, tzinfo=UTC
    )
    # 1 March 03:00 UTC is 28 February 22:00 local: still February.
    assert period_start(Period.MONTH, datetime(2026, 3, 1, 3, 0, tzinfo=UTC), NEW_YORK) == datetime(
        2026, 2, 1, 5, 0, tzinfo=UTC
    )


def test_all_time_has_no_start():
    assert period_start(Period.ALL, datetime(2026, 3, 1, tzinfo=UTC), NEW_YORK) is None


def test_daylight_saving_weeks():
    # US clocks go forward on Sunday 8 March 2026: the Monday after is in EDT (UTC-4).
    assert period_start(Period.WEEK, ny(2026, 3, 11, 12, 0).astimezone(UTC), NEW_YORK) == datetime(
        2026, 3, 9, 4, 0, tzinfo=UTC
    )


def test_a_skipped_midnight_starts_at_the_first_real_instant():
    # Chile moved clocks from 00:00 to 01:00 on 8 September 2024: the day began at 04:00 UTC.
    santiago = ZoneInfo("America/Santiago")
    start = local_midnight(date(2024, 9, 8), santiago)
    assert start == datetime(2024, 9, 8, 4, 0, tzinfo=UTC)
    assert (start - timedelta(minutes=1)).astimezone(santiago).date() == date(2024, 9, 7)


def test_half_hour_zones():
    kolkata = ZoneInfo("Asia/Kolkata")
    assert period_start(Period.WEEK, datetime(2026, 1, 11, 19, 0, tzinfo=UTC), kolkata) == datetime(
        2026, 1, 11, 18, 30, tzinfo=UTC
    )


def test_unknown_or_empty_zone_is_utc():
    assert zone("Mars/Olympus_Mons") == ZoneInfo("UTC")
    assert zone("") == ZoneInfo("UTC")
    assert zone("../../etc/passwd") == ZoneInfo("UTC")


def test_naive_now_is_refused():
    with pytest.raises(ValueError):
        period_start(Period.WEEK, datetime(2026, 1, 1), NEW_YORK)  # noqa: DTZ001


def test_recent_days_are_local_dates_oldest_first():
    days = recent_days(datetime(2026, 1, 5, 3, 0, tzinfo=UTC), NEW_YORK, 3)
    assert days == [date(2026, 1, 2), date(2026, 1, 3), date(2026, 1, 4)]


async def test_week_board_in_the_server_time_zone(store, shipped_bank):
    """Sunday 23:30 in New York is last week; Monday 00:30 is this week."""
    clock = FakeClock(ny(2026, 1, 14, 12, 0).astimezone(UTC))
    await store.settings.save_guild_settings(GuildSettings(GUILD, timezone="America/New_York"), clock.now())
    await record(
        store,
        attempt(1, points=50, at=ny(2026, 1, 11, 23, 30).astimezone(UTC)),
        attempt(2, points=5, at=ny(2026, 1, 12, 0, 30).astimezone(UTC)),
    )
    service = LeaderboardService(store, shipped_bank, clock)
    week = await service.board(GUILD, 1, period=Period.WEEK)
    assert [e.user_id for e in week.entries] == [2]
    assert week.member is None and not week.member_hidden
    assert week.since == datetime(2026, 1, 12, 5, 0, tzinfo=UTC)
    month = await service.board(GUILD, 1, period=Period.MONTH)
    assert [e.user_id for e in month.entries] == [1, 2]
    # The same answers in a UTC server: Monday 00:30 New York is Monday 05:30 UTC, and
    # Sunday 23:30 New York is Monday 04:30 UTC: both this week.
    await store.settings.save_guild_settings(GuildSettings(GUILD, timezone="UTC"), clock.now())
    week = await service.board(GUILD, 1, period=Period.WEEK)
    assert [e.user_id for e in week.entries] == [1, 2]
