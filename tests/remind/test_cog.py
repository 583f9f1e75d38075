"""/remind through the real bot: slash payloads in, recorded Discord JSON (and DMs) out."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.discord_harness import CHANNEL_ID, GUILD_ID, ProcessKilled, only
from tests.remind.conftest import QUESTIONS, add_card, set_streak, set_zone

ME = 1001
LONDON_18 = datetime(2026, 1, 5, 18, 0, tzinfo=UTC)


def cog(harness):
    return harness.bot.get_cog("Remind")


def dm_of(harness, user_id: int = ME) -> int:
    return harness.recorder.dm_channels[user_id]


def dms(calls, harness, user_id: int = ME):
    path = f"/channels/{dm_of(harness, user_id)}/messages"
    return [c for c in calls if c.method == "POST" and c.url.endswith(path)]


def reply(calls):
    visible = [c for c in calls if c.callback_type == 4 or c.path.startswith("/webhooks/")]
    assert visible, [c.path for c in calls]
    return visible[-1]


async def run_tick(harness, clock, moment: datetime) -> list:
    """The scheduler's durable tick at ``moment``, then the DM sender's pass."""
    clock.set(moment)
    before = len(harness.calls)
    await harness.bot.services.timers.run_due()
    await cog(harness).deliver()
    return harness.calls[before:]


@pytest.fixture
async def opted_in(harness, clock):
    """A London server; member 1001 turned review reminders on at 18:00 and has a card due."""
    store = harness.bot.store
    await set_zone(store, GUILD_ID, "Europe/London", clock.now() - timedelta(days=30))
    clock.set(datetime(2026, 1, 5, 10, tzinfo=UTC))
    calls = await harness.slash("remind reviews", state="on", hour=18)
    assert calls[0].callback_type == 5 and calls[0].ephemeral
    assert [c for c in calls if c.path == "/users/@me/channels"]
    answer = reply(calls)
    assert answer.ephemeral and "On, at 18:00" in answer.text() and "Europe/London" in answer.text()
    await add_card(store, GUILD_ID, ME, datetime(2026, 1, 5, 9, tzinfo=UTC), QUESTIONS[0])
    await add_card(store, GUILD_ID, ME, datetime(2026, 1, 5, 9, tzinfo=UTC), QUESTIONS[1])
    return harness


async def test_one_dm_at_the_members_hour_with_count_topics_command_and_link(opted_in, clock):
    harness = opted_in
    assert dms(await run_tick(harness, clock, LONDON_18 - timedelta(minutes=1)), harness) == []
    sent = only(dms(await run_tick(harness, clock, LONDON_18), harness))
    text = sent.text()
    assert "**2** review questions are due" in text and "/interview review" in text
    assert "Topics: Application and request lifecycle, Routing and URL building." in text
    buttons = [b for row in sent.body["components"] for b in row["components"]]
    assert buttons[0]["url"] == f"https://discord.com/channels/{GUILD_ID}/{CHANNEL_ID}"
    assert sent.custom_ids() == [f"remind:off:reviews:{GUILD_ID}:20260105"]
    assert sent.body.get("nonce") and sent.body.get("enforce_nonce")
    # The rest of the day and the next day's other hours: nothing more.
    for moment in (LONDON_18 + timedelta(minutes=1), LONDON_18 + timedelta(hours=5), LONDON_18 + timedelta(hours=23)):
        assert dms(await run_tick(harness, clock, moment), harness) == []


async def test_no_dm_on_a_day_nothing_is_due(opted_in, clock):
    harness = opted_in
    assert len(dms(await run_tick(harness, clock, LONDON_18), harness)) == 1
    await harness.bot.store.db.write(lambda tx: tx.execute("UPDATE review_cards SET due_at = due_at + 3 * 86400000"))
    assert dms(await run_tick(harness, clock, LONDON_18 + timedelta(days=1)), harness) == []
    assert dms(await run_tick(harness, clock, LONDON_18 + timedelta(days=2)), harness) == []
    assert len(dms(await run_tick(harness, clock, LONDON_18 + timedelta(days=3)), harness)) == 1


async def test_cards_reviewed_between_choosing_and_sending_send_nothing(opted_in, clock):
    harness = opted_in
    clock.set(LONDON_18)
    await harness.bot.services.timers.run_due()  # chosen...
    await harness.bot.store.db.write(lambda tx: tx.execute("DELETE FROM review_cards"))  # ...then reviewed
    await cog(harness).deliver()
    assert dms(harness.calls, harness) == []


async def test_closed_dms_turn_reminders_off_once_and_status_says_why(opted_in, clock, caplog):
    harness = opted_in
    harness.recorder.fail(f"/channels/{dm_of(harness)}/messages", status=403, code=50007, message="Cannot send")
    with caplog.at_level(logging.INFO):
        assert len(dms(await run_tick(harness, clock, LONDON_18), harness)) == 1
    lines = [r for r in caplog.records if str(ME) in r.getMessage() and "turned off" in r.getMessage()]
    assert len(lines) == 1
    for day in range(1, 4):  # never tried again, not even once a day
        assert dms(await run_tick(harness, clock, LONDON_18 + timedelta(days=day)), harness) == []
    status = reply(await harness.slash("remind status"))
    assert status.ephemeral and "DMs are closed" in status.text() and "/remind reviews on" in status.text()
    # Turning them on again (DMs reopened) starts again the next day at the hour.
    clock.set(LONDON_18 + timedelta(days=4, hours=1))
    await harness.slash("remind reviews", state="on")
    assert len(dms(await run_tick(harness, clock, LONDON_18 + timedelta(days=5)), harness)) == 1


async def test_a_server_error_is_retried_and_sent_once(opted_in, clock):
    harness = opted_in
    harness.recorder.fail(f"/channels/{dm_of(harness)}/messages", status=500, code=0, message="Oops")
    assert len(dms(await run_tick(harness, clock, LONDON_18), harness)) == 1  # failed
    assert len(dms(await run_tick(harness, clock, LONDON_18 + timedelta(minutes=2)), harness)) == 1  # retried
    assert len(harness.recorder.channel_messages(dm_of(harness))) == 1
    assert dms(await run_tick(harness, clock, LONDON_18 + timedelta(minutes=30)), harness) == []


async def test_two_ticks_at_once_send_one_dm(opted_in, clock):
    harness = opted_in
    clock.set(LONDON_18)

    async def tick_and_send():
        await cog(harness).service.tick()
        await cog(harness).deliver()

    await asyncio.gather(tick_and_send(), tick_and_send())
    assert len(dms(harness.calls, harness)) == 1


async def test_the_turn_off_button_in_the_dm_turns_off_only_that_member(opted_in, clock):
    harness = opted_in
    sent = only(dms(await run_tick(harness, clock, LONDON_18), harness))
    calls = await harness.click(
        sent.custom_ids()[0], guild_id=None, channel_id=dm_of(harness), message=harness.message_payload(sent)
    )
    answer = reply(calls)
    assert "Turned off" in answer.text() and "Off. `/remind reviews on" in answer.text()
    assert not (await harness.bot.services.reminders.status(GUILD_ID, ME)).reviews_on
    assert dms(await run_tick(harness, clock, LONDON_18 + timedelta(days=1)), harness) == []


async def test_leaving_the_server_removes_its_reminders(opted_in, clock):
    harness = opted_in
    harness.bot.dispatch("guild_remove", _Guild(GUILD_ID))
    await harness.settle()
    assert await harness.bot.store.reminders.prefs(GUILD_ID, ME) is None
    assert dms(await run_tick(harness, clock, LONDON_18), harness) == []


async def test_a_streak_about_to_end_is_told_in_time_with_a_link_to_the_question(harness, clock):
    from tests.daily.test_cog import draw, posted_today

    draw(harness, open_question=True)
    _, post_id = await posted_today(harness, clock, reveal_after=20)  # 09:00 London on 5 January
    await set_streak(harness.bot.store, GUILD_ID, ME, 5, date(2026, 1, 4))
    await set_streak(harness.bot.store, GUILD_ID, 1002, 5, date(2026, 1, 4))
    for member in (ME, 1002):
        await harness.slash("remind streak", state="on", user_id=member)
    await harness.bot.services.daily.answer_open(post_id, GUILD_ID, 1002, "a guess")  # 1002 already answered
    assert dms(await run_tick(harness, clock, datetime(2026, 1, 5, 20, 59, tzinfo=UTC)), harness) == []
    calls = await run_tick(harness, clock, datetime(2026, 1, 5, 21, tzinfo=UTC))
    sent = only(dms(calls, harness))
    assert "5-day" in sent.text() and dms(calls, harness, 1002) == []
    post = await harness.bot.store.daily.post(post_id)
    link = sent.body["components"][0]["components"][0]["url"]
    assert link == f"https://discord.com/channels/{GUILD_ID}/{CHANNEL_ID}/{post.message_id}"


async def test_killed_between_choosing_and_sending_sends_once_after_restart(opted_in, clock, restart):
    harness = opted_in
    clock.set(LONDON_18)
    await harness.bot.services.timers.run_due()  # chosen and committed; killed before the sender ran
    clock.advance(seconds=30)
    again = await restart(harness)
    assert len(dms(await run_tick(again, clock, clock.now()), again)) == 1
    assert dms(await run_tick(again, clock, clock.now() + timedelta(minutes=5)), again) == []
    assert len(again.recorder.channel_messages(dm_of(again))) == 1


@pytest.mark.parametrize("outage", [timedelta(seconds=30), timedelta(hours=1)])
async def test_killed_after_discord_took_the_dm_does_not_send_twice(opted_in, clock, restart, outage):
    harness = opted_in
    harness.recorder.crash_after = f"/channels/{dm_of(harness)}/messages"
    clock.set(LONDON_18)
    await harness.bot.services.timers.run_due()
    with pytest.raises(ProcessKilled):
        await cog(harness).deliver()
    clock.advance(outage)
    if outage > timedelta(minutes=5):
        harness.recorder.forget_nonces()  # past Discord's nonce window: only a look finds it
    again = await restart(harness)
    calls = await run_tick(again, clock, clock.now())
    calls += await run_tick(again, clock, clock.now() + timedelta(minutes=1))  # the lease has run out
    assert len(again.recorder.channel_messages(dm_of(again))) == 1
    # Within Discord's nonce window the send is repeated and Discord returns the first
    # message; past it, the bot looks in the DM channel first and does not send again.
    looked = [c for c in calls if c.method == "GET" and c.path == "/channels/{channel_id}/messages"]
    assert (len(dms(calls, again)), bool(looked)) == ((1, False) if outage < timedelta(minutes=1) else (0, True))
    row = await again.bot.store.db.fetch_one("SELECT outcome, message_id FROM reminder_sends")
    assert row["outcome"] == "sent" and row["message_id"] == int(again.recorder.channel_messages(dm_of(again))[0]["id"])


class _Guild:
    def __init__(self, guild_id: int) -> None:
        self.id = guild_id


async def test_the_remind_commands_fit_discord_limits(harness):
    from tests.discord_limits import command_violations

    command = harness.bot.tree.get_command("remind").to_dict(harness.bot.tree)
    assert command_violations(command) == []
    assert command["dm_permission"] is False
    subcommands = {option["name"]: option for option in command["options"]}
    assert set(subcommands) == {"reviews", "streak", "status"}
    reviews = {option["name"]: option for option in subcommands["reviews"]["options"]}
    assert [c["value"] for c in reviews["state"]["choices"]] == ["on", "off"]
    assert (reviews["hour"]["min_value"], reviews["hour"]["max_value"]) == (0, 23) and not reviews["hour"]["required"]
