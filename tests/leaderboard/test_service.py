"""The board and profile services on a real store, a fake clock and the shipped bank."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.clock import FakeClock
from bot.stats import LeaderboardService, Period, StatsHidden, UnknownTopic
from bot.stats.service import ACTIVITY_DAYS
from bot.store import GuildSettings, Mode
from tests.leaderboard.conftest import GUILD, attempt, record

NOW = datetime(2026, 2, 10, 15, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def service(store, shipped_bank, clock) -> LeaderboardService:
    return LeaderboardService(store, shipped_bank, clock)


def test_topic_accepts_slug_or_title_and_refuses_others(service):
    assert service.topic_slug("routing") == "routing"
    assert service.topic_slug("  Routing and URL building ") == "routing"
    assert service.topic_slug(None) is None
    assert service.topic_slug("") is None
    with pytest.raises(UnknownTopic, match="no topic called 'rooting'"):
        service.topic_slug("rooting")


async def test_pages_and_a_page_past_the_end(store, service):
    await record(store, *(attempt(user, points=100 - user, at=NOW - timedelta(hours=1)) for user in range(1, 24)))
    first = await service.board(GUILD, 5)
    assert (first.page, first.pages, first.ranked) == (0, 3, 23)
    assert [e.rank for e in first.entries] == list(range(1, 11))
    assert first.member is not None and first.member.rank == 5
    last = await service.board(GUILD, 5, page=2)
    assert [e.rank for e in last.entries] == [21, 22, 23]
    # Buttons drawn when the board was longer: the last page there is now.
    beyond = await service.board(GUILD, 5, page=9)
    assert beyond.page == 2 and [e.rank for e in beyond.entries] == [21, 22, 23]
    empty = await service.board(GUILD, 5, period=Period.WEEK, mode=Mode.MOCK)
    assert (empty.page, empty.pages, empty.ranked, empty.entries) == (0, 1, 0, ())


async def test_board_names_topic_and_flags_a_hidden_caller(store, service, clock):
    await record(store, attempt(1, at=NOW), attempt(2, at=NOW))
    await store.privacy.set_hidden(GUILD, 2, True, NOW)
    view = await service.board(GUILD, 2, topic="routing")
    assert view.topic_title == "Routing and URL building"
    assert [e.user_id for e in view.entries] == [1]
    assert view.member is None and view.member_hidden


async def test_stats_profile(store, service):
    await store.settings.save_guild_settings(GuildSettings(GUILD, timezone="Asia/Tokyo"), NOW)
    await record(
        store,
        attempt(1, points=30, passed=True, at=NOW - timedelta(days=90), topic="auth"),  # before the 30 days
        attempt(1, points=10, passed=True, at=datetime(2026, 2, 7, 3, 0, tzinfo=UTC), topic="routing"),
        attempt(1, points=0, passed=False, at=datetime(2026, 2, 7, 3, 0, tzinfo=UTC), topic="routing", mode=Mode.DAILY),
        attempt(
            1, points=0, passed=False, at=datetime(2026, 2, 10, 3, 0, tzinfo=UTC), topic="templates", mode=Mode.DAILY
        ),
        # 14:30 UTC on 9 Feb is 23:30 in Tokyo, 15:30 UTC is 00:30 on 10 Feb in Tokyo
        attempt(1, points=4, passed=True, at=datetime(2026, 2, 9, 14, 30, tzinfo=UTC), topic="templates"),
        attempt(1, points=6, passed=True, at=datetime(2026, 2, 9, 15, 30, tzinfo=UTC), topic="templates"),
        attempt(2, points=100, at=NOW - timedelta(days=1)),
    )

    def _write1(tx):
        tx.execute(
            "INSERT INTO daily_streaks (guild_id, user_id, current, best, last_local_date) VALUES (?, 1, 3, 7, '2026-02-10')",
            (GUILD,),
        )

    await store.db.write(_write1)
    stats = await service.stats(GUILD, 1, viewer_id=1)
    assert (stats.points, stats.answers, stats.passed) == (50, 6, 4)
    assert (stats.rank, stats.ranked) == (2, 2)
    assert [(t.slug, t.answers, t.passed) for t in stats.topics] == [
        ("routing", 2, 1),  # 50%, and more answers than templates' 67%
        ("templates", 3, 2),
        ("auth", 1, 1),
    ]
    assert stats.topics[0].title == "Routing and URL building"
    assert stats.modes == {"interview": 4, "daily": 2}
    assert stats.streak is not None and (stats.streak.current, stats.streak.best) == (3, 7)
    assert len(stats.days) == ACTIVITY_DAYS
    assert stats.days[-1].day == date(2026, 2, 11)  # 15:00 UTC is already the 11th in Tokyo
    by_day = {day.day: (day.answers, day.points) for day in stats.days if day.answers}
    assert by_day[date(2026, 2, 9)] == (1, 4)
    assert by_day == {date(2026, 2, 7): (2, 10), date(2026, 2, 9): (1, 4), date(2026, 2, 10): (2, 6)}
    assert stats.points_before_days == 30
    assert stats.points_before_days + stats.recent_points == stats.points
    assert stats.active_days == 3
    # What to study next: the topics under 75%, weakest first, then one never tried.
    assert [(s.slug, s.answers) for s in stats.study] == [
        ("routing", 2),
        ("templates", 3),
        ("app-and-request-lifecycle", 0),
    ]


async def test_stats_of_a_member_without_answers_or_streak(service):
    stats = await service.stats(GUILD, 77, viewer_id=77)
    assert (stats.points, stats.answers, stats.rank, stats.topics, stats.streak) == (0, 0, None, (), None)
    assert stats.accuracy == 0.0 and stats.active_days == 0


async def test_hidden_members_keep_their_own_stats_only(store, service):
    await record(store, attempt(1, points=10, at=NOW), attempt(2, points=5, at=NOW))
    await store.privacy.set_hidden(GUILD, 1, True, NOW)
    own = await service.stats(GUILD, 1, viewer_id=1)
    assert own.hidden and own.rank is None and own.points == 10 and own.ranked == 1
    with pytest.raises(StatsHidden):
        await service.stats(GUILD, 1, viewer_id=2)
    other = await service.stats(GUILD, 2, viewer_id=1)
    assert other.rank == 1


async def test_an_unknown_server_time_zone_falls_back_to_utc(store, service):
    await store.settings.save_guild_settings(GuildSettings(GUILD, timezone="Mars/Olympus_Mons"), NOW)
    view = await service.board(GUILD, 1, period=Period.WEEK)
    assert view.timezone == "UTC" and view.since == datetime(2026, 2, 9, tzinfo=UTC)
    assert (await service.stats(GUILD, 1, viewer_id=1)).timezone == "UTC"
