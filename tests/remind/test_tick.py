"""The scheduler tick on a real store: who is chosen, when, and never twice in a day."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from tests.remind.conftest import (
    DM_ME,
    DM_YOU,
    GUILD,
    ME,
    OTHER_GUILD,
    YOU,
    add_card,
    add_post,
    claims,
    set_streak,
    set_zone,
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def tick_at(service, clock, moment: datetime):
    clock.set(moment)
    return await service.tick()


async def opted_in(service, store, clock, *, zone: str = "Europe/London", hour: int = 18, at=None) -> None:
    clock.set(at or utc(2026, 1, 5, 10))
    await set_zone(store, GUILD, zone, clock.now() - timedelta(days=30))
    await service.set_reviews(GUILD, ME, on=True, hour=hour, dm_channel_id=DM_ME, channel_id=1)


async def test_a_member_is_chosen_once_at_their_hour_on_days_cards_are_due(service, store, clock):
    await opted_in(service, store, clock)
    await add_card(store, GUILD, ME, utc(2026, 1, 5, 8))
    assert (await tick_at(service, clock, utc(2026, 1, 5, 17, 59))).reviews == 0
    assert (await tick_at(service, clock, utc(2026, 1, 5, 18, 0))).reviews == 1
    assert (await tick_at(service, clock, utc(2026, 1, 5, 18, 1))).reviews == 0
    assert (await tick_at(service, clock, utc(2026, 1, 5, 23, 59))).reviews == 0
    assert (await tick_at(service, clock, utc(2026, 1, 6, 18, 0))).reviews == 1  # still due the next day
    assert await claims(store) == [(GUILD, ME, "reviews", "2026-01-05"), (GUILD, ME, "reviews", "2026-01-06")]


async def test_nothing_due_chooses_nobody_and_a_card_due_later_waits_for_the_next_day(service, store, clock):
    await opted_in(service, store, clock)
    await add_card(store, GUILD, ME, utc(2026, 1, 5, 19))  # due an hour after today's slot
    assert (await tick_at(service, clock, utc(2026, 1, 5, 18))).reviews == 0
    assert (await tick_at(service, clock, utc(2026, 1, 5, 19, 30))).reviews == 0
    assert (await tick_at(service, clock, utc(2026, 1, 6, 18))).reviews == 1


async def test_moving_the_hour_after_todays_reminder_does_not_send_a_second_one(service, store, clock):
    await opted_in(service, store, clock)
    await add_card(store, GUILD, ME, utc(2026, 1, 5, 8))
    assert (await tick_at(service, clock, utc(2026, 1, 5, 18))).reviews == 1
    clock.set(utc(2026, 1, 5, 19))
    await service.set_reviews(GUILD, ME, on=True, hour=21, dm_channel_id=DM_ME)  # today's 21:00 is ahead
    assert (await tick_at(service, clock, utc(2026, 1, 5, 21))).reviews == 0  # the day already had one
    assert (await tick_at(service, clock, utc(2026, 1, 6, 21))).reviews == 1
    assert [c[3] for c in await claims(store)] == ["2026-01-05", "2026-01-06"]


async def test_a_bot_down_over_the_hour_catches_up_that_day_but_not_the_next(service, store, clock):
    await opted_in(service, store, clock)
    await add_card(store, GUILD, ME, utc(2026, 1, 5, 8))
    assert (await tick_at(service, clock, utc(2026, 1, 5, 18, 40))).reviews == 1  # down 17:50-18:40
    # Down from before the 6th's slot until after midnight: the 6th is skipped, the 7th is not.
    assert (await tick_at(service, clock, utc(2026, 1, 7, 0, 30))).reviews == 0
    assert (await tick_at(service, clock, utc(2026, 1, 7, 18))).reviews == 1
    assert [c[3] for c in await claims(store)] == ["2026-01-05", "2026-01-07"]


async def test_new_york_across_spring_forward_and_fall_back(service, store, clock):
    await opted_in(service, store, clock, zone="America/New_York", hour=9, at=utc(2026, 3, 6, 20))
    await add_card(store, GUILD, ME, utc(2026, 3, 1))
    chosen_at = []
    for minute in range(0, 4 * 24 * 60, 15):  # every quarter hour for four days
        moment = utc(2026, 3, 6, 20) + timedelta(minutes=minute)
        if (await tick_at(service, clock, moment)).reviews:
            chosen_at.append(moment)
    assert chosen_at == [utc(2026, 3, 7, 14), utc(2026, 3, 8, 13), utc(2026, 3, 9, 13), utc(2026, 3, 10, 13)]
    clock.set(utc(2026, 10, 30, 20))
    await service.set_reviews(GUILD, ME, on=True, hour=1, dm_channel_id=DM_ME)
    chosen_at = []
    for minute in range(0, 3 * 24 * 60, 15):
        moment = utc(2026, 10, 30, 20) + timedelta(minutes=minute)
        if (await tick_at(service, clock, moment)).reviews:
            chosen_at.append(moment)
    # 01:00 EDT, then the first of the two 01:00s of 1 November (EDT), then 01:00 EST.
    assert chosen_at == [utc(2026, 10, 31, 5), utc(2026, 11, 1, 5), utc(2026, 11, 2, 6)]


async def test_a_half_hour_zone_and_a_zone_change_move_the_slot(service, store, clock):
    await opted_in(service, store, clock, zone="Asia/Kolkata", hour=18, at=utc(2026, 1, 5, 6))
    await add_card(store, GUILD, ME, utc(2026, 1, 1))
    assert (await tick_at(service, clock, utc(2026, 1, 5, 12, 29))).reviews == 0
    assert (await tick_at(service, clock, utc(2026, 1, 5, 12, 30))).reviews == 1
    await set_zone(store, GUILD, "America/New_York", utc(2026, 1, 5, 13))  # /settings timezone
    assert (await tick_at(service, clock, utc(2026, 1, 6, 12, 30))).reviews == 0  # no longer Kolkata's 18:00
    assert (await tick_at(service, clock, utc(2026, 1, 6, 23, 0))).reviews == 1  # New York's 18:00
    assert (await service.status(GUILD, ME)).next_review_at == utc(2026, 1, 7, 23)


async def test_off_and_closed_members_are_not_chosen(service, store, clock):
    await opted_in(service, store, clock)
    await service.set_reviews(GUILD, YOU, on=True, hour=18, dm_channel_id=DM_YOU)
    for member in (ME, YOU):
        await add_card(store, GUILD, member, utc(2026, 1, 5, 8))
    await service.set_reviews(GUILD, ME, on=False)
    await service.dms_closed(YOU, "DMs closed")
    assert (await tick_at(service, clock, utc(2026, 1, 5, 18))).reviews == 0
    status = await service.status(GUILD, YOU)
    assert status.reviews_on and status.disabled_reason == "DMs closed" and status.next_review_at is None
    clock.set(utc(2026, 1, 6, 9))
    await service.set_reviews(GUILD, YOU, on=True, dm_channel_id=DM_YOU)  # DMs opened again
    assert (await tick_at(service, clock, utc(2026, 1, 6, 18))).reviews == 1


async def test_two_ticks_at_once_choose_each_reminder_once(service, store, clock):
    await opted_in(service, store, clock)
    await service.set_reviews(GUILD, YOU, on=True, hour=18, dm_channel_id=DM_YOU)
    for member in (ME, YOU):
        await add_card(store, GUILD, member, utc(2026, 1, 5, 8))
    clock.set(utc(2026, 1, 5, 18))
    first, second = await asyncio.gather(service.tick(), service.tick())
    assert first.reviews + second.reviews == 2
    assert len(await claims(store)) == 2


async def test_a_streak_at_risk_is_chosen_a_few_hours_before_the_day_ends(service, store, clock):
    clock.set(utc(2026, 1, 5, 8))
    await set_zone(store, GUILD, "Europe/London", utc(2025, 12, 1))
    today = date(2026, 1, 5)
    for member, dm in ((ME, DM_ME), (YOU, DM_YOU), (13, 9013), (14, 9014)):
        await service.set_streak(GUILD, member, on=True, dm_channel_id=dm)
    await set_streak(store, GUILD, ME, 5, today - timedelta(days=1))  # at risk
    await set_streak(store, GUILD, YOU, 2, today - timedelta(days=1))  # too short to bother
    await set_streak(store, GUILD, 13, 6, today)  # answered today
    await set_streak(store, GUILD, 14, 4, today - timedelta(days=3))  # already lapsed
    await set_streak(store, GUILD, 15, 9, today - timedelta(days=1))  # did not opt in
    await add_post(store, GUILD, today, utc(2026, 1, 5, 9), utc(2026, 1, 6, 5))
    assert (await tick_at(service, clock, utc(2026, 1, 5, 20, 59))).streaks == 0
    assert (await tick_at(service, clock, utc(2026, 1, 5, 21))).streaks == 1
    assert (await tick_at(service, clock, utc(2026, 1, 5, 22))).streaks == 0
    assert await claims(store, "streak") == [(GUILD, ME, "streak", "2026-01-05")]


async def test_an_early_reveal_brings_the_streak_warning_forward_and_a_missed_one_is_dropped(service, store, clock):
    clock.set(utc(2026, 1, 5, 8))
    await set_zone(store, GUILD, "Europe/London", utc(2025, 12, 1))
    await set_zone(store, OTHER_GUILD, "Europe/London", utc(2025, 12, 1))
    for guild in (GUILD, OTHER_GUILD):
        await service.set_streak(guild, ME, on=True, dm_channel_id=DM_ME)
        await set_streak(store, guild, ME, 5, date(2026, 1, 4))
    await add_post(store, GUILD, date(2026, 1, 5), utc(2026, 1, 5, 9), utc(2026, 1, 5, 15))
    await add_post(store, OTHER_GUILD, date(2026, 1, 5), utc(2026, 1, 5, 9), utc(2026, 1, 5, 11))
    # The bot was down from 08:00 to 12:30: the other server's reveal (11:00) is past, its day is over.
    assert (await tick_at(service, clock, utc(2026, 1, 5, 12, 30))).streaks == 1
    assert await claims(store, "streak") == [(GUILD, ME, "streak", "2026-01-05")]


async def test_a_big_tick_is_taken_in_batches_each_member_once(service, store, clock, monkeypatch):
    from bot.store import reminder_tick

    monkeypatch.setattr(reminder_tick, "BATCH", 2)
    clock.set(utc(2026, 1, 5, 8))
    await set_zone(store, GUILD, "Europe/London", utc(2025, 12, 1))
    members = range(100, 107)
    for member in members:
        await service.set_reviews(GUILD, member, on=True, hour=18, dm_channel_id=member)
        await service.set_streak(GUILD, member, on=True, dm_channel_id=member)
        await add_card(store, GUILD, member, utc(2026, 1, 5, 7))
        await set_streak(store, GUILD, member, 4, date(2026, 1, 4))
    await add_post(store, GUILD, date(2026, 1, 5), utc(2026, 1, 5, 9), utc(2026, 1, 6, 5))
    writes = store.db.writer.batches
    result = await tick_at(service, clock, utc(2026, 1, 5, 21))
    assert (result.reviews, result.streaks) == (7, 7)
    assert store.db.writer.batches - writes >= 4  # 7 of each, 2 per write
    assert len(await claims(store, "reviews")) == 7 and len(await claims(store, "streak")) == 7
    again = await tick_at(service, clock, utc(2026, 1, 5, 21, 1))
    assert (again.reviews, again.streaks) == (0, 0)
