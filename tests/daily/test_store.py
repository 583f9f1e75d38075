"""The daily store on a real SQLite file: the unique rows do the work, not only checks."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.store import Mode, NewAttempt, SqliteStore
from bot.store.daily import DailyAnswerExists, DailyConfig, DailyPostClosed

GUILD = 42
NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
DAY = date(2026, 1, 5)


def config(**changes) -> DailyConfig:
    values = dict(
        guild_id=GUILD,
        channel_id=7,
        post_time="09:00",
        timezone="Europe/London",
        topic=None,
        difficulty=None,
        reveal_after_hours=20,
        paused=False,
        last_error=None,
        last_error_at=None,
        updated_at=NOW,
    )
    values.update(changes)
    return DailyConfig(**values)


def attempt(post_id: int, user_id: int, *, passed: bool = True, at: datetime = NOW) -> NewAttempt:
    return NewAttempt(
        guild_id=GUILD,
        user_id=user_id,
        question_id="routing-variable-rules",
        topic="routing",
        difficulty="easy",
        mode=Mode.DAILY,
        score=1.0 if passed else 0.0,
        passed=passed,
        points=10 if passed else 0,
        answered_at=at,
        daily_post_id=post_id,
    )


async def reserve(store: SqliteStore, day: date = DAY, question: str = "routing-variable-rules"):
    return await store.daily.reserve_post(GUILD, day, lambda _: question, 7, NOW, NOW + timedelta(hours=20))


async def test_setup_saves_the_schedule_and_the_server_time_zone(store):
    await store.daily.set_schedule(config(timezone="Asia/Kolkata", topic="routing", difficulty="easy"))
    saved = await store.daily.config(GUILD)
    assert (saved.timezone, saved.topic, saved.difficulty, saved.paused) == ("Asia/Kolkata", "routing", "easy", False)
    assert (await store.settings.guild_settings(GUILD)).timezone == "Asia/Kolkata"
    # A second setup replaces the first and clears an error.
    await store.daily.record_error(GUILD, "403 in channel 7", NOW)
    await store.daily.set_schedule(config(channel_id=8))
    saved = await store.daily.config(GUILD)
    assert (saved.channel_id, saved.last_error, saved.last_error_at) == (8, None, None)


async def test_pause_keeps_the_error_and_resume_clears_it(store):
    assert not await store.daily.set_paused(GUILD, True, NOW)  # nothing to pause
    await store.daily.set_schedule(config())
    await store.daily.record_error(GUILD, "lost access", NOW)
    assert await store.daily.set_paused(GUILD, True, NOW + timedelta(minutes=1))
    assert await store.daily.active_configs() == []
    assert (await store.daily.config(GUILD)).last_error == "lost access"
    assert await store.daily.set_paused(GUILD, False, NOW + timedelta(minutes=2))
    resumed = await store.daily.config(GUILD)
    assert (resumed.paused, resumed.last_error, resumed.updated_at) == (False, None, NOW + timedelta(minutes=2))


async def test_one_post_per_server_and_day_even_when_reserved_concurrently(store):
    results = await asyncio.gather(*(reserve(store) for _ in range(5)))
    reserved = [post for post in results if post is not None]
    assert len(reserved) == 1
    assert reserved[0].message_id is None
    assert await reserve(store) is None
    assert (await reserve(store, DAY + timedelta(days=1))) is not None


async def test_the_database_itself_refuses_a_second_post_for_a_day(store):
    await reserve(store)
    with pytest.raises(Exception, match="UNIQUE"):

        def _write1(tx):
            tx.execute(
                "INSERT INTO daily_posts (guild_id, local_date, question_id, channel_id, posted_at, reveal_at)"
                " VALUES (?, ?, 'x', 7, 0, 0)",
                (GUILD, DAY.isoformat()),
            )

        await store.db.write(_write1)


async def test_a_refused_post_is_released_but_a_sent_one_is_not(store):
    post = await reserve(store)
    await store.daily.release_post(post.id, "403", NOW)
    again = await reserve(store)
    assert again is not None
    # The new reservation queued its own post, even if SQLite reused the id.
    queued = await store.outbox.by_key(f"daily:post:{again.id}")
    assert queued is not None and queued.attempts == 0
    await store.daily.set_post_message(again.id, 555)
    await store.daily.release_post(again.id, "403", NOW)
    assert (await store.daily.post(again.id)).message_id == 555


async def test_the_picker_sees_what_was_posted_oldest_first(store):
    seen: list[list[str]] = []

    def pick(posted: list[str]) -> str:
        seen.append(list(posted))
        return f"q{len(seen)}"

    for offset in range(3):
        await store.daily.reserve_post(GUILD, DAY + timedelta(days=offset), pick, 7, NOW, NOW)
    assert seen == [[], ["q1"], ["q1", "q2"]]


async def test_one_answer_per_member_and_post(store):
    post = await reserve(store)
    first = await store.daily.record_answer(attempt(post.id, 1), lambda streak: 0)
    assert first.points == 10
    with pytest.raises(DailyAnswerExists):
        await store.daily.record_answer(attempt(post.id, 1), lambda streak: 0)
    results = await asyncio.gather(
        *(store.daily.record_answer(attempt(post.id, 2), lambda streak: 0) for _ in range(3)), return_exceptions=True
    )
    assert sum(not isinstance(result, Exception) for result in results) == 1
    assert all(isinstance(result, DailyAnswerExists) for result in results if isinstance(result, Exception))
    assert (await store.daily.tally(post.id)).answered == 2


async def test_answers_close_at_the_reveal(store):
    post = await reserve(store)
    late = NOW + timedelta(hours=20)
    with pytest.raises(DailyPostClosed):
        await store.daily.record_answer(attempt(post.id, 1, at=late), lambda streak: 0)
    await store.daily.record_answer(attempt(post.id, 2), lambda streak: 0)
    assert await store.daily.mark_revealed(post.id, late)
    assert not await store.daily.mark_revealed(post.id, late)  # a second tick finds it done
    with pytest.raises(DailyPostClosed):
        await store.daily.record_answer(attempt(post.id, 3), lambda streak: 0)


async def test_due_reveals_and_first_correct(store):
    post = await reserve(store)
    await store.daily.record_answer(attempt(post.id, 3, at=NOW + timedelta(minutes=3)), lambda s: 0)
    await store.daily.record_answer(attempt(post.id, 1, passed=False, at=NOW + timedelta(minutes=1)), lambda s: 0)
    await store.daily.record_answer(attempt(post.id, 2, at=NOW + timedelta(minutes=2)), lambda s: 0)
    assert await store.daily.first_correct(post.id, 5) == [2, 3]
    tally = await store.daily.tally(post.id)
    assert (tally.answered, tally.passed) == (3, 2)
    assert await store.daily.due_reveals(NOW + timedelta(hours=19)) == []
    assert [p.id for p in await store.daily.due_reveals(NOW + timedelta(hours=20))] == [post.id]


async def test_streaks_count_consecutive_post_days_and_the_bonus_sees_them(store):
    bonuses: list[int] = []

    def bonus(streak) -> int:
        bonuses.append(streak.current)
        return streak.current - 1

    days = [DAY, DAY + timedelta(days=1), DAY + timedelta(days=2), DAY + timedelta(days=4)]
    posts = [await reserve(store, day) for day in days]
    results = [await store.daily.record_answer(attempt(post.id, 1), bonus) for post in posts]
    assert bonuses == [1, 2, 3, 1]
    assert [r.points for r in results] == [10, 11, 12, 10]
    streak = await store.daily.streak(GUILD, 1)
    assert (streak.current, streak.best, streak.last_local_date) == (1, 3, days[-1])
    # The bonus is stored with the attempt (what leaderboards sum).
    rows = await store.attempts.attempts_for(GUILD, 1)
    assert [row.points for row in rows] == [10, 11, 12, 10]


async def test_answering_yesterdays_post_after_todays_still_joins_the_run(store):
    yesterday, today = await reserve(store, DAY), await reserve(store, DAY + timedelta(days=1))
    await store.daily.record_answer(attempt(today.id, 1), lambda s: 0)
    await store.daily.record_answer(attempt(yesterday.id, 1), lambda s: 0)
    streak = await store.daily.streak(GUILD, 1)
    assert (streak.current, streak.best, streak.last_local_date) == (2, 2, DAY + timedelta(days=1))


async def test_lapsed_streaks_are_reset(store):
    post = await reserve(store)
    await store.daily.record_answer(attempt(post.id, 1), lambda s: 0)
    assert await store.daily.reset_lapsed_streaks(GUILD, DAY) == 0
    assert await store.daily.reset_lapsed_streaks(GUILD, DAY + timedelta(days=1)) == 1
    streak = await store.daily.streak(GUILD, 1)
    assert (streak.current, streak.best) == (0, 1)
