"""A restart or kill -9 at any point of a daily leaves exactly one post per day, revealed once.

"Killed" means nothing after that point ran: no close(), no handler. The restarted bot is
a new process on the same database, talking to the same (recorded) Discord.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from tests.daily.test_cog import cog, draw, set_up
from tests.discord_harness import CHANNEL_ID, GUILD_ID, ProcessKilled

POST_AT = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
REVEAL_AT = POST_AT + timedelta(hours=2)


@pytest.fixture
async def daily(harness, clock):
    draw(harness, open_question=False)
    clock.set(POST_AT - timedelta(hours=1))
    await set_up(harness, clock, reveal_after=2)
    clock.set(POST_AT)
    return harness


def channel(harness) -> list[dict]:
    return harness.recorder.channel_messages(CHANNEL_ID)


async def stored_post(harness):
    return await harness.bot.store.daily.post_for_date(GUILD_ID, POST_AT.date())


async def test_killed_after_reserving_the_day_posts_after_restart(daily, restart):
    await cog(daily).tick(POST_AT)  # the day is reserved; the process dies before sending
    assert channel(daily) == []
    again = await restart(daily)
    await again.settle()
    assert len(channel(again)) == 1
    assert (await stored_post(again)).message_id == int(channel(again)[0]["id"])


@pytest.mark.parametrize("outage", [timedelta(seconds=30), timedelta(hours=1)])
async def test_killed_after_discord_took_the_post_does_not_post_twice(daily, restart, clock, outage):
    daily.recorder.crash_after = f"/channels/{CHANNEL_ID}/messages"
    await cog(daily).tick(POST_AT)
    with pytest.raises(ProcessKilled):
        await daily.settle()
    assert len(channel(daily)) == 1 and (await stored_post(daily)).message_id is None
    clock.advance(outage)
    if outage > timedelta(minutes=5):
        daily.recorder.forget_nonces()  # past Discord's nonce window: only a look finds it
    again = await restart(daily)
    before = len(again.calls)
    await again.settle()
    assert len(channel(again)) == 1
    assert (await stored_post(again)).message_id == int(channel(again)[0]["id"])
    looked = [c for c in again.calls[before:] if c.method == "GET" and c.path == "/channels/{channel_id}/messages"]
    assert bool(looked) == (outage > timedelta(minutes=5))


async def test_killed_after_the_reveal_commit_reveals_once_after_restart(daily, restart, clock):
    await cog(daily).tick(POST_AT)
    await daily.settle()
    clock.set(REVEAL_AT)
    await cog(daily).tick(REVEAL_AT)  # answering closed, the edit queued; then the process dies
    again = await restart(daily)
    before = len(again.calls)
    await again.settle()
    await cog(again).tick(REVEAL_AT + timedelta(minutes=1))
    await again.settle()
    reveal_edits = [c for c in again.calls[before:] if c.method == "PATCH"]
    assert len(reveal_edits) == 1 and reveal_edits[0].body["components"] == []
    assert len(channel(again)) == 1 and channel(again)[0]["components"] == []


async def test_killed_after_discord_took_the_reveal_edit_shows_the_reveal(daily, restart, clock):
    await cog(daily).tick(POST_AT)
    await daily.settle()
    message_id = (await stored_post(daily)).message_id
    daily.recorder.crash_after = f"/messages/{message_id}"
    clock.set(REVEAL_AT)
    await cog(daily).tick(REVEAL_AT)
    with pytest.raises(ProcessKilled):
        await daily.settle()
    again = await restart(daily)
    await again.settle()
    await cog(again).tick(REVEAL_AT + timedelta(hours=1))
    await again.settle()
    # Repeating an edit that shows the same reveal is harmless; the reveal itself happened once.
    assert len(channel(again)) == 1 and channel(again)[0]["components"] == []
    revealed = await again.bot.store.db.fetch_all("SELECT key FROM outbox WHERE key LIKE 'daily:reveal:%'")
    assert len(revealed) == 1


async def test_a_slow_count_edit_never_lands_after_the_reveal(daily, clock):
    await cog(daily).tick(POST_AT)
    await daily.settle()
    post = await stored_post(daily)
    await cog(daily).service.answer_choice(post.id, GUILD_ID, 1, 0)
    await cog(daily)._refresh_count(post.id)
    daily.recorder.latencies = [0.2]  # the count edit is slow to reach Discord
    first_pass = asyncio.create_task(daily.bot.poster.run_pending())
    await asyncio.sleep(0.05)  # the count edit is in flight, built before the reveal
    clock.set(REVEAL_AT)
    await cog(daily).tick(REVEAL_AT)
    await daily.bot.poster.run_pending()  # a second pass while the first is still sending
    await first_pass
    await daily.settle()
    shown = daily.recorder.messages[post.message_id]
    assert shown["components"] == [] and "answers are closed" in str(shown["embeds"])


async def test_leaving_a_server_stops_its_daily_and_drops_what_was_queued(daily, clock):
    await cog(daily).tick(POST_AT)  # queued, not yet sent
    guild = daily.bot._connection._get_guild(GUILD_ID) or _FakeGuild(GUILD_ID)
    daily.bot.dispatch("guild_remove", guild)
    await daily.settle()
    assert channel(daily) == []  # the queued post was dropped, not tried
    config = await daily.bot.store.daily.config(GUILD_ID)
    assert config.paused and "removed from this server" in config.last_error
    before = len(daily.calls)
    clock.set(POST_AT + timedelta(days=1))
    await cog(daily).tick(clock.now())
    await daily.settle()
    assert daily.calls[before:] == []  # no 403s against the invalid-request limit


class _FakeGuild:
    def __init__(self, guild_id: int) -> None:
        self.id = guild_id


async def test_a_post_and_its_edit_queued_together_go_out_in_one_pass(daily, clock):
    daily.deliver_outbox = False
    await cog(daily).tick(POST_AT)  # the post is queued...
    clock.set(REVEAL_AT)
    await cog(daily).tick(REVEAL_AT)  # ...and its reveal, before the sender ran at all
    before = len(daily.calls)
    assert await daily.bot.poster.run_pending() == 2
    sent = [(c.method, c.path) for c in daily.calls[before:]]
    assert sent == [
        ("POST", "/channels/{channel_id}/messages"),
        ("PATCH", "/channels/{channel_id}/messages/{message_id}"),
    ]
    assert channel(daily)[0]["components"] == []
