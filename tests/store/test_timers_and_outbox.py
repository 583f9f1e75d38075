"""Durable timers fire once; the outbox queues idempotently and re-arms edits."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.clock import FakeClock
from bot.store.outbox import enqueue_edit, enqueue_post
from bot.store.timers import claim_timer, schedule_timer
from bot.timers import TimerScheduler

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


async def test_a_timer_fires_once_even_when_two_schedulers_race(store):
    clock = FakeClock(NOW)
    await store.timers.schedule("round", "mock:1:round:1", NOW + timedelta(seconds=30), NOW, {"round": 1})
    fired: list[int] = []

    async def close_round(timer):
        def act(tx):
            if claim_timer(tx, timer):
                fired.append(timer.payload["round"])

        await store.db.write(act)

    one, two = TimerScheduler(store.timers, clock), TimerScheduler(store.timers, clock)
    for scheduler in (one, two):
        scheduler.register("round", close_round)
    assert await one.run_due() == 0 and fired == []  # not due yet
    clock.advance(seconds=30)
    await asyncio.gather(one.run_due(), two.run_due())
    assert fired == [1]
    assert await store.timers.next_due() is None


async def test_a_rescheduled_timer_is_not_claimed_by_a_holder_of_the_old_deadline(store):
    await store.timers.schedule("round", "k", NOW, NOW)
    old = (await store.timers.due(NOW))[0]
    await store.db.write(lambda tx: schedule_timer(tx, "round", "k", NOW + timedelta(minutes=1), NOW))
    assert await store.db.write(lambda tx: claim_timer(tx, old)) is False
    assert (await store.timers.by_key("k")).due_at == NOW + timedelta(minutes=1)


async def test_a_failing_handler_is_retried_with_back_off_not_in_a_loop(store):
    clock = FakeClock(NOW)
    await store.timers.schedule("flaky", "f", NOW, NOW)
    calls = []

    async def flaky(timer):
        calls.append(timer.attempts)
        raise RuntimeError("boom")

    scheduler = TimerScheduler(store.timers, clock)
    scheduler.register("flaky", flaky)
    await scheduler.run_due()
    await scheduler.run_due()  # same instant: postponed, not fired again
    assert calls == [0]
    clock.advance(seconds=5)
    await scheduler.run_due()
    assert calls == [0, 1]


async def test_a_timer_of_an_unloaded_feature_waits_without_spinning(store):
    clock = FakeClock(NOW)
    await store.timers.schedule("unknown", "u", NOW, NOW)
    scheduler = TimerScheduler(store.timers, clock)
    await scheduler.run_due()
    assert (await store.timers.by_key("u")).due_at > NOW


async def test_enqueue_is_idempotent_and_edits_re_arm_with_a_gap(store):
    def post(tx):
        first = enqueue_post(tx, key="p", kind="k", guild_id=1, channel_id=2, now=NOW)
        again = enqueue_post(tx, key="p", kind="k", guild_id=1, channel_id=2, now=NOW)
        return first, again

    assert await store.db.write(post) == (True, False)
    await store.db.write(lambda tx: enqueue_edit(tx, key="e", kind="k", target_key="p", now=NOW))
    edit = await store.outbox.by_key("e")
    assert (edit.channel_id, edit.guild_id, edit.target_key) == (2, 1, "p")
    await store.outbox.mark_sent(edit, 99, NOW)
    gap = timedelta(seconds=5)
    await store.db.write(lambda tx: enqueue_edit(tx, key="e", kind="k", target_key="p", now=NOW, min_gap=gap))
    assert [p.key for p in await store.outbox.pending(NOW + timedelta(seconds=4))] == ["p"]
    assert [p.key for p in await store.outbox.pending(NOW + gap)] == ["p", "e"]


async def test_prune_forgets_only_old_posts_that_are_settled(store):
    old, recent = NOW - timedelta(days=20), NOW

    def queue(tx):
        enqueue_post(tx, key="old-sent", kind="k", guild_id=1, channel_id=2, now=old)
        enqueue_post(tx, key="old-pending", kind="k", guild_id=1, channel_id=2, now=old)
        enqueue_post(tx, key="new-sent", kind="k", guild_id=1, channel_id=2, now=recent)

    await store.db.write(queue)
    for key in ("old-sent", "new-sent"):
        await store.outbox.mark_sent(await store.outbox.by_key(key), 1, NOW)
    assert await store.outbox.prune(NOW - timedelta(days=14)) == 1
    assert await store.outbox.by_key("old-sent") is None
    assert await store.outbox.by_key("old-pending") is not None and await store.outbox.by_key("new-sent") is not None
