"""/daily through the real bot: slash payloads in, recorded Discord JSON out.

The harness fixture fails any test whose payloads break discord-limits.md.
"""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, date, datetime

import aiohttp
import pytest

from bot.daily import DailyService, option_order
from tests.discord_harness import (
    ALL_PERMISSIONS,
    BOT_USER_ID,
    CHANNEL_ID,
    GUILD_ID,
    MANAGE_GUILD,
    MEMBER_PERMISSIONS,
    Call,
    only,
)

ADMIN = MANAGE_GUILD | MEMBER_PERMISSIONS
SEND_MESSAGES, EMBED_LINKS = 1 << 11, 1 << 14
POSTS = f"/channels/{CHANNEL_ID}/messages"


def cog(harness):
    return harness.bot.get_cog("Daily")


class Prefer(random.Random):
    """Injected randomness that draws an open (or a choice) question when there is one."""

    def __init__(self, *, open_question: bool) -> None:
        super().__init__(0)
        self.open_question = open_question

    def choice(self, seq):
        return next((q for q in seq if q.is_open == self.open_question), seq[0])


def draw(harness, *, open_question: bool) -> None:
    bot = harness.bot
    cog(harness).service = DailyService(
        bot.bank, bot.grader, bot.store.daily, bot.clock, rng=Prefer(open_question=open_question)
    )


def posts(calls: list[Call]) -> list[Call]:
    return [call for call in calls if call.method == "POST" and call.path == "/channels/{channel_id}/messages"]


def edits(calls: list[Call]) -> list[Call]:
    return [call for call in calls if call.method == "PATCH" and call.path.startswith("/channels/")]


def reply(calls: list[Call]) -> Call:
    """The visible answer to an interaction: a message callback or the followup after a defer."""
    visible = [c for c in calls if c.callback_type == 4 or c.path.startswith("/webhooks/")]
    assert visible, [c.path for c in calls]
    return visible[-1]


async def set_up(harness, clock, *, at: str = "09:00", zone: str = "Europe/London", **options) -> list[Call]:
    return await harness.slash("daily setup", channel=CHANNEL_ID, time=at, timezone=zone, permissions=ADMIN, **options)


async def tick_at(harness, clock, moment: datetime) -> list[Call]:
    clock.set(moment)
    before = len(harness.calls)
    await cog(harness).tick(moment)
    await harness.settle()
    return harness.calls[before:]


async def posted_today(harness, clock, **options) -> tuple[Call, int]:
    """Set up for 09:00 London at 08:00, tick at 09:00: (the post call, the post id)."""
    clock.set(datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    await set_up(harness, clock, **options)
    post = only(posts(await tick_at(harness, clock, datetime(2026, 1, 5, 9, 0, tzinfo=UTC))))
    post_id = int(post.custom_ids()[0].split(":")[2])
    return post, post_id


# -- setup and its checks -----------------------------------------------------------------


async def test_setup_saves_the_schedule_and_the_server_time_zone(harness, clock):
    clock.set(datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    calls = await set_up(harness, clock, zone="asia/kolkata", topic="routing", difficulty="easy", reveal_after=6)
    assert calls[0].callback_type == 5 and calls[0].ephemeral
    answer = reply(calls)
    assert answer.ephemeral
    assert "09:00 Asia/Kolkata" in answer.text() and "active" in answer.text()
    config = await harness.bot.store.daily.config(GUILD_ID)
    assert (config.channel_id, config.post_time, config.timezone) == (CHANNEL_ID, "09:00", "Asia/Kolkata")
    assert (config.topic, config.difficulty, config.reveal_after_hours) == ("routing", "easy", 6)
    assert (await harness.bot.store.settings.guild_settings(GUILD_ID)).timezone == "Asia/Kolkata"


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"zone": "Mars/Olympus"}, "is not a time zone"),
        ({"at": "25:00"}, "HH:MM"),
        ({"at": "9am"}, "HH:MM"),
        ({"topic": "django"}, "no topic 'django'"),
    ],
)
async def test_setup_refuses_bad_options_plainly(harness, clock, options, says):
    calls = await set_up(harness, clock, **options)
    answer = only(calls)
    assert answer.callback_type == 4 and answer.ephemeral
    assert says in answer.text()
    assert await harness.bot.store.daily.config(GUILD_ID) is None


@pytest.mark.parametrize("command", ["daily setup", "daily pause", "daily resume", "daily post-now"])
async def test_admin_commands_need_manage_server_at_run_time(harness, clock, command):
    values = {"channel": CHANNEL_ID, "time": "09:00", "timezone": "UTC"} if command == "daily setup" else {}
    answer = only(await harness.slash(command, permissions=MEMBER_PERMISSIONS, **values))
    assert answer.ephemeral and "Manage Server" in answer.text()
    assert await harness.bot.store.daily.config(GUILD_ID) is None


async def test_status_needs_no_permission(harness, clock):
    answer = only(await harness.slash("daily status", permissions=MEMBER_PERMISSIONS))
    assert answer.ephemeral and "not set up" in answer.text() and "/daily setup" in answer.text()


async def test_setup_refuses_a_channel_where_the_bot_cannot_post(harness, clock):
    data = harness._command_data("daily setup", {"channel": CHANNEL_ID, "time": "09:00", "timezone": "UTC"})
    payload = harness._base(2, data, user_id=1001, guild_id=GUILD_ID, channel_id=CHANNEL_ID, permissions=ADMIN)
    # Discord tells the bot its own permissions in the channel the command was used in.
    payload["app_permissions"] = str(ALL_PERMISSIONS & ~SEND_MESSAGES & ~EMBED_LINKS)
    calls = await harness.dispatch(payload)
    answer = reply(calls)
    assert answer.ephemeral
    assert "Send Messages" in answer.text() and "Embed Links" in answer.text()
    assert await harness.bot.store.daily.config(GUILD_ID) is None


@pytest.mark.parametrize(("denied", "saved"), [(EMBED_LINKS, False), (0, True)])
async def test_setup_checks_a_cached_channel_with_the_bots_own_permissions(harness, clock, denied, saved):
    other = CHANNEL_ID + 5
    add_cached_guild(harness, channel_id=other, denied=denied)
    calls = await harness.slash("daily setup", channel=other, time="09:00", timezone="UTC", permissions=ADMIN)
    answer = reply(calls)
    assert answer.ephemeral
    config = await harness.bot.store.daily.config(GUILD_ID)
    if saved:
        assert config.channel_id == other and "set up" in answer.text()
    else:
        assert "missing Embed Links" in answer.text() and "Send Messages" not in answer.text()
        assert config is None


async def test_setup_with_an_uncached_channel_the_bot_cannot_see(harness, clock):
    other = CHANNEL_ID + 6
    harness.recorder.fail(f"/channels/{other}", status=404, code=10003, message="Unknown Channel")
    calls = await harness.slash("daily setup", channel=other, time="09:00", timezone="UTC", permissions=ADMIN)
    assert any(c.method == "GET" and c.url.endswith(f"/channels/{other}") for c in calls)
    assert "can't see" in reply(calls).text()
    assert await harness.bot.store.daily.config(GUILD_ID) is None


async def test_timezone_autocomplete(harness, clock):
    choices = await harness.autocomplete("daily setup", "timezone", timezone="kolk")
    assert [c["value"] for c in choices] == ["Asia/Kolkata"]
    assert len(await harness.autocomplete("daily setup", "timezone", timezone="america/")) == 25


# -- posting ------------------------------------------------------------------------------


@pytest.mark.parametrize("open_question", [True, False], ids=["open", "choice"])
async def test_the_post_goes_out_at_the_local_time_with_an_answer_button(harness, clock, open_question):
    draw(harness, open_question=open_question)
    clock.set(datetime(2026, 7, 1, 6, 0, tzinfo=UTC))
    await set_up(harness, clock, zone="Europe/London", topic="routing")
    assert posts(await tick_at(harness, clock, datetime(2026, 7, 1, 7, 59, tzinfo=UTC))) == []
    post = only(posts(await tick_at(harness, clock, datetime(2026, 7, 1, 8, 0, tzinfo=UTC))))  # 09:00 BST
    assert post.url.endswith(POSTS)
    embed = post.embeds[0]
    question = harness.bot.bank.question(
        (await harness.bot.store.daily.post_for_date(GUILD_ID, date(2026, 7, 1))).question_id
    )
    assert question.prompt.strip()[:50] in embed["description"]
    fields = {field["name"]: field["value"] for field in embed["fields"]}
    assert fields["Topic"] == harness.bot.bank.topic("routing").title
    assert fields["Difficulty"] == question.difficulty.value.capitalize()
    assert fields["Answers"] == "No answers yet"
    stored = await harness.bot.store.daily.post_for_date(GUILD_ID, date(2026, 7, 1))
    assert question.is_open == open_question
    if question.is_open:
        assert post.custom_ids() == [f"daily:answer:{stored.id}"]
    else:
        assert post.custom_ids() == [f"daily:choice:{stored.id}:{i}" for i in range(len(question.options))]
    assert stored.message_id is not None  # the message id was stored after the send
    # Later ticks the same day post nothing more.
    assert posts(await tick_at(harness, clock, datetime(2026, 7, 1, 15, 0, tzinfo=UTC))) == []


async def test_two_concurrent_ticks_post_once(harness, clock):
    clock.set(datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    await set_up(harness, clock)
    moment = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    clock.set(moment)
    before = len(harness.calls)
    await asyncio.gather(cog(harness).tick(moment), cog(harness).tick(moment))
    await harness.settle()
    assert len(posts(harness.calls[before:])) == 1


async def test_a_post_missed_while_down_is_made_on_start_up_the_same_local_day(harness, clock):
    clock.set(datetime(2026, 3, 8, 4, 0, tzinfo=UTC))  # 23:00 EST on the 7th
    await set_up(harness, clock, at="02:30", zone="America/New_York")
    # Down across the spring-forward jump; back at 15:00 EDT: the day is not over.
    post = only(posts(await tick_at(harness, clock, datetime(2026, 3, 8, 19, 0, tzinfo=UTC))))
    stored = await harness.bot.store.daily.post_for_date(GUILD_ID, date(2026, 3, 8))
    assert stored is not None and post.custom_ids()
    # Down for the whole of the 9th: that day is skipped, the 10th posts at its time.
    assert posts(await tick_at(harness, clock, datetime(2026, 3, 10, 4, 0, tzinfo=UTC))) == []  # 00:00 EDT
    assert len(posts(await tick_at(harness, clock, datetime(2026, 3, 10, 6, 30, tzinfo=UTC)))) == 1
    assert await harness.bot.store.daily.post_for_date(GUILD_ID, date(2026, 3, 9)) is None


async def test_pause_stops_posts_and_resume_starts_from_the_next_time(harness, clock):
    clock.set(datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    await set_up(harness, clock)
    paused = only(await harness.slash("daily pause", permissions=ADMIN))
    assert paused.ephemeral and "paused" in paused.text()
    assert posts(await tick_at(harness, clock, datetime(2026, 1, 5, 9, 0, tzinfo=UTC))) == []
    clock.set(datetime(2026, 1, 5, 10, 0, tzinfo=UTC))
    resumed = only(await harness.slash("daily resume", permissions=ADMIN))
    assert "active" in resumed.text()
    assert posts(await tick_at(harness, clock, datetime(2026, 1, 5, 10, 1, tzinfo=UTC))) == []
    assert len(posts(await tick_at(harness, clock, datetime(2026, 1, 6, 9, 0, tzinfo=UTC)))) == 1


async def test_post_now_posts_once_a_day(harness, clock):
    clock.set(datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    await set_up(harness, clock)
    calls = await harness.slash("daily post-now", permissions=ADMIN)
    assert len(posts(calls)) == 1
    assert "Today's question is up" in reply(calls).text() and reply(calls).ephemeral
    again = await harness.slash("daily post-now", permissions=ADMIN)
    assert posts(again) == [] and "already posted" in reply(again).text()
    # The scheduled time finds the day done.
    assert posts(await tick_at(harness, clock, datetime(2026, 1, 5, 9, 0, tzinfo=UTC))) == []


async def test_lost_permission_is_recorded_shown_and_retried_after_a_backoff(harness, clock, caplog):
    clock.set(datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    await set_up(harness, clock)
    harness.recorder.fail(POSTS, status=403, code=50013)
    calls = await tick_at(harness, clock, datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
    assert len(posts(calls)) == 1  # tried once, refused
    assert str(GUILD_ID) in caplog.text and str(CHANNEL_ID) in caplog.text
    config = await harness.bot.store.daily.config(GUILD_ID)
    assert "403" in config.last_error
    status = only(await harness.slash("daily status"))
    assert "Problem" in status.text() and "403" in status.text()
    # No tight loop: nothing is tried for an hour.
    for minute in (1, 30, 59):
        assert posts(await tick_at(harness, clock, datetime(2026, 1, 5, 9, minute, tzinfo=UTC))) == []
    assert len(posts(await tick_at(harness, clock, datetime(2026, 1, 5, 10, 0, tzinfo=UTC)))) == 1
    assert (await harness.bot.store.daily.config(GUILD_ID)).last_error is None


async def test_a_deleted_channel_is_recorded_and_setup_retries_at_once(harness, clock):
    clock.set(datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    await set_up(harness, clock)
    harness.recorder.fail(POSTS, status=404, code=10003, message="Unknown Channel")
    await tick_at(harness, clock, datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
    assert "404" in (await harness.bot.store.daily.config(GUILD_ID)).last_error
    # The admin fixes it at 09:20 and runs /daily setup again: the failed day is retried
    # at once instead of after the hour's backoff.
    clock.set(datetime(2026, 1, 5, 9, 20, tzinfo=UTC))
    await set_up(harness, clock)
    assert (await harness.bot.store.daily.config(GUILD_ID)).last_error is None
    assert len(posts(await tick_at(harness, clock, datetime(2026, 1, 5, 9, 21, tzinfo=UTC)))) == 1


async def test_a_cached_channel_without_permission_is_not_even_tried(harness, clock):
    clock.set(datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    await set_up(harness, clock)
    add_cached_guild(harness, channel_id=CHANNEL_ID, denied=SEND_MESSAGES)  # revoked after setup
    calls = await tick_at(harness, clock, datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
    assert posts(calls) == []
    assert "missing Send Messages" in (await harness.bot.store.daily.config(GUILD_ID)).last_error
    assert await harness.bot.store.daily.post_for_date(GUILD_ID, date(2026, 1, 5)) is None


async def test_post_now_reports_a_refused_channel(harness, clock):
    clock.set(datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    await set_up(harness, clock)
    harness.recorder.fail(POSTS, status=403, code=50013)
    calls = await harness.slash("daily post-now", permissions=ADMIN)
    assert "couldn't post" in reply(calls).text() and "403" in reply(calls).text()
    # The reservation was released: a later try can post today.
    assert await harness.bot.store.daily.post_for_date(GUILD_ID, date(2026, 1, 5)) is None


# -- answering ----------------------------------------------------------------------------


async def test_open_answer_modal_feedback_and_one_attempt(harness, clock):
    draw(harness, open_question=True)
    post, post_id = await posted_today(harness, clock, topic="routing", difficulty="easy")
    question = await question_of(harness, post_id)
    assert question.is_open
    clock.advance(minutes=5)
    modal = only(await harness.click(f"daily:answer:{post_id}", message=harness.message_payload(post)))
    assert modal.callback_type == 9 and modal.body["custom_id"] == f"daily:modal:{post_id}"
    calls = await harness.submit_modal(modal, [question.answer])
    assert calls[0].callback_type == 5 and calls[0].ephemeral
    feedback = reply(calls)
    assert feedback.ephemeral and "Points" in feedback.text() and "Streak" in feedback.text()
    assert question.answer[:40] not in feedback.text()  # the answer waits for the reveal
    rows = await harness.bot.store.attempts.attempts_for(GUILD_ID, 1001)
    assert len(rows) == 1 and rows[0].passed and rows[0].points > 0
    # The post's count is refreshed after the reply was sent.
    edit = edits(calls)
    assert edit and calls.index(edit[0]) > calls.index(feedback)
    assert "1 answered" in edit[-1].text()
    # A second click or a second modal: politely refused, nothing recorded.
    again = only(await harness.click(f"daily:answer:{post_id}", message=harness.message_payload(post)))
    assert again.callback_type == 4 and again.ephemeral and "already answered" in again.text()
    double = await harness.submit_modal(modal, ["another go"])
    assert "already answered" in reply(double).text()
    assert len(await harness.bot.store.attempts.attempts_for(GUILD_ID, 1001)) == 1


@pytest.mark.parametrize("open_question", [True, False], ids=["open", "choice"])
async def test_answer_feedback_streak_and_bonus(harness, clock, open_question):
    draw(harness, open_question=open_question)
    totals = []
    for day in range(3):
        clock.set(datetime(2026, 1, 5 + day, 8, 0, tzinfo=UTC))
        if day == 0:  # routing holds 9 open and 6 choice questions: three days of either kind
            await set_up(harness, clock, topic="routing")
        post = only(posts(await tick_at(harness, clock, datetime(2026, 1, 5 + day, 9, 0, tzinfo=UTC))))
        post_id = int(post.custom_ids()[0].split(":")[2])
        question = harness.bot.bank.question((await harness.bot.store.daily.post(post_id)).question_id)
        assert question.is_open == open_question
        if question.is_open:
            calls = await harness.submit_modal(
                only(await harness.click(post.custom_ids()[0], message=harness.message_payload(post))),
                [question.answer],
            )
        else:
            correct = option_order(post_id, question).index(0)
            calls = await harness.click(f"daily:choice:{post_id}:{correct}", message=harness.message_payload(post))
        feedback = reply(calls)
        assert feedback.ephemeral
        totals.append(feedback.text())
    assert "1 day" in totals[0] and "2 days" in totals[1] and "3 days" in totals[2]
    assert "+2 streak bonus" in totals[2]
    streak = await harness.bot.store.daily.streak(GUILD_ID, 1001)
    assert (streak.current, streak.best) == (3, 3)


async def test_a_choice_click_is_one_attempt_only(harness, clock):
    draw(harness, open_question=False)
    post, post_id = await posted_today(harness, clock, topic="routing", difficulty="easy")
    question = await question_of(harness, post_id)
    assert not question.is_open
    message = harness.message_payload(post)
    first = await harness.click(f"daily:choice:{post_id}:0", message=message)
    second = await harness.click(f"daily:choice:{post_id}:1", message=message)
    assert "Points" in reply(first).text()
    assert "already answered" in reply(second).text() and reply(second).ephemeral
    assert len(await harness.bot.store.attempts.attempts_for(GUILD_ID, 1001)) == 1


async def test_the_count_edit_is_debounced_per_post(harness, clock):
    post, post_id = await posted_today(harness, clock)
    daily = cog(harness)
    service = daily.service
    question = harness.bot.bank.question((await harness.bot.store.daily.post(post_id)).question_id)

    async def answer(user: int) -> None:
        if question.is_open:
            await service.answer_open(post_id, GUILD_ID, user, "a guess")
        else:
            await service.answer_choice(post_id, GUILD_ID, user, 0)
        await daily._refresh_count(post_id)

    for user in (1, 2, 3):
        await answer(user)
    before = len(harness.calls)
    await harness.settle()
    first = edits(harness.calls[before:])
    assert len(first) == 1 and "3 answered" in first[0].text()
    # Another answer right away waits out the interval, then shows the new count.
    await answer(4)
    await answer(5)
    before = len(harness.calls)
    await harness.settle()
    assert edits(harness.calls[before:]) == []
    clock.advance(seconds=daily.count_edit_interval)
    await harness.settle()
    second = edits(harness.calls[before:])
    assert len(second) == 1 and "5 answered" in second[0].text()


# -- reveals ------------------------------------------------------------------------------


@pytest.mark.parametrize("open_question", [True, False], ids=["open", "choice"])
async def test_reveal_edits_the_post_and_closes_answers(harness, clock, open_question):
    draw(harness, open_question=open_question)
    post, post_id = await posted_today(harness, clock, reveal_after=2)
    service = cog(harness).service
    stored = await harness.bot.store.daily.post(post_id)
    question = harness.bot.bank.question(stored.question_id)
    for user, minutes in [(11, 1), (12, 2), (13, 3)]:
        clock.set(datetime(2026, 1, 5, 9, minutes, tzinfo=UTC))
        if question.is_open:
            await service.answer_open(post_id, GUILD_ID, user, question.answer if user != 12 else "no idea")
        else:
            order = option_order(post_id, question)
            await service.answer_choice(post_id, GUILD_ID, user, order.index(0 if user != 12 else 1))
    assert edits(await tick_at(harness, clock, datetime(2026, 1, 5, 10, 59, tzinfo=UTC))) == []
    stale = dict(harness.message_payload(post))  # as a member's client still shows it
    calls = await tick_at(harness, clock, datetime(2026, 1, 5, 11, 0, tzinfo=UTC))
    reveal = only(edits(calls))
    assert reveal.url.endswith(f"/messages/{stored.message_id}")
    assert reveal.json["components"] == []  # answering is closed
    text = reveal.text()
    assert question.solution.strip()[:60] in text
    assert "3 answered · 67% passed" in text
    assert "<@11>, <@13>" in text and "<@12>" not in text
    if not question.is_open:  # the right option is named, with its letter in the post
        letter = "ABCDE"[option_order(post_id, question).index(0)]
        assert f"{letter}. {question.correct}" in text
    # A reveal happens once, and a stale button now answers politely.
    assert edits(await tick_at(harness, clock, datetime(2026, 1, 5, 11, 1, tzinfo=UTC))) == []
    custom_id = post.custom_ids()[0]
    closed = reply(await harness.click(custom_id, message=stale, user_id=99))
    assert closed.ephemeral and "closed" in closed.text()


async def test_reveals_due_while_down_happen_on_start_up(harness, clock):
    post, post_id = await posted_today(harness, clock, reveal_after=20)
    calls = await tick_at(harness, clock, datetime(2026, 1, 7, 12, 0, tzinfo=UTC))  # down for two days
    assert len(edits(calls)) == 1 and "answers are closed" in edits(calls)[0].text()
    assert len(posts(calls)) == 1  # and today's post is made
    assert (await harness.bot.store.daily.post(post_id)).revealed_at is not None


async def test_buttons_work_after_a_restart(harness, clock, settings, shipped_bank):
    from bot.client import InterviewBot
    from tests.discord_harness import DiscordHarness

    draw(harness, open_question=True)
    post, post_id = await posted_today(harness, clock)
    restarted = DiscordHarness(
        InterviewBot(settings, clock=clock, sync_mode="never", bank=shipped_bank, background_tasks=False)
    )
    await restarted.start()
    try:
        # A new process: nothing in memory, only the custom_id and the database.
        modal = only(await restarted.click(f"daily:answer:{post_id}", message=harness.message_payload(post)))
        assert modal.callback_type == 9 and modal.body["custom_id"] == f"daily:modal:{post_id}"
        feedback = reply(await restarted.submit_modal(modal, ["a short guess"]))
        assert feedback.ephemeral and "Points" in feedback.text()
        assert restarted.recorder.violations == []
    finally:
        await restarted.stop()


# -- payload sizes over the whole bank ----------------------------------------------------


def test_every_bank_question_fits_the_post_and_reveal(shipped_bank):
    from bot.daily import ChoiceOption, PostCard, Reveal
    from bot.ui.daily import post_embed, post_view, reveal_embed
    from tests.discord_limits import message_violations

    problems = []
    for question in shipped_bank:
        options = tuple(ChoiceOption(i, "ABCDE"[i], text) for i, text in enumerate(question.options))
        card = PostCard(
            post_id=10**18,
            guild_id=GUILD_ID,
            channel_id=CHANNEL_ID,
            message_id=1,
            day=date(2026, 1, 5),
            question_id=question.id,
            prompt=question.prompt,
            topic_title=shipped_bank.topic(question.topic).title,
            difficulty=question.difficulty.value,
            is_open=question.is_open,
            options=options,
            reveal_at=datetime(2026, 1, 6, tzinfo=UTC),
            revealed=False,
            answered=12345,
            passed=678,
        )
        view = post_view(card)
        payload = {"embeds": [post_embed(card).to_dict()], "components": view.to_components()}
        problems += message_violations(payload, f"post {question.id}")
        first = tuple(range(10**17, 10**17 + 5))
        reveal = Reveal(card, question.solution, options[0] if options else None, first)
        problems += message_violations({"embeds": [reveal_embed(reveal).to_dict()]}, f"reveal {question.id}")
    assert problems == []


async def question_of(harness, post_id: int):
    return harness.bot.bank.question((await harness.bot.store.daily.post(post_id)).question_id)


def add_cached_guild(harness, *, channel_id: int, denied: int) -> None:
    """Put the server in the bot's cache, with the bot denied ``denied`` in ``channel_id``."""
    state = harness.bot._connection
    everyone = ALL_PERMISSIONS & ~(1 << 3)  # everything but Administrator
    state._add_guild_from_data(
        {
            "id": str(GUILD_ID),
            "name": "Study server",
            "owner_id": "1",
            "roles": [{"id": str(GUILD_ID), "name": "@everyone", "permissions": str(everyone), "position": 0}],
            "channels": [
                {
                    "id": str(channel_id),
                    "type": 0,
                    "name": "daily",
                    "position": 1,
                    "permission_overwrites": [{"id": str(BOT_USER_ID), "type": 1, "allow": "0", "deny": str(denied)}],
                }
            ],
            "members": [
                {
                    "user": {
                        "id": str(BOT_USER_ID),
                        "username": "Interview Coach",
                        "discriminator": "0",
                        "avatar": None,
                        "bot": True,
                    },
                    "roles": [],
                    "joined_at": "2025-01-01T00:00:00+00:00",
                    "deaf": False,
                    "mute": False,
                    "flags": 0,
                }
            ],
            "member_count": 1,
            "features": [],
            "emojis": [],
            "stickers": [],
        }
    )


async def test_the_daily_commands_fit_discord_limits(harness):
    from tests.discord_limits import command_violations

    command = harness.bot.tree.get_command("daily").to_dict(harness.bot.tree)
    assert command_violations(command) == []
    assert command["dm_permission"] is False  # guild only
    subcommands = {option["name"]: option for option in command["options"]}
    assert set(subcommands) == {"setup", "status", "pause", "resume", "post-now", "roles"}
    roles = {option["name"]: option for option in subcommands["roles"]["options"]}
    assert subcommands["roles"]["type"] == 2 and set(roles) == {"add", "remove", "list"}
    add = {option["name"]: option for option in roles["add"]["options"]}
    assert add["role"]["type"] == 8 and (add["days"]["min_value"], add["days"]["max_value"]) == (1, 365)
    setup = {option["name"]: option for option in subcommands["setup"]["options"]}
    assert setup["timezone"]["autocomplete"] and setup["topic"]["autocomplete"]
    assert [c["value"] for c in setup["difficulty"]["choices"]] == ["easy", "medium", "hard"]
    assert setup["channel"]["channel_types"] == [0, 5]  # text and announcement channels
    assert (setup["reveal_after"]["min_value"], setup["reveal_after"]["max_value"]) == (1, 23)


async def test_a_hidden_member_is_not_named_in_the_public_reveal(harness, clock):
    post, post_id = await posted_today(harness, clock, reveal_after=2)
    hidden, shown = 4242, 4343
    await harness.slash("privacy hide", user_id=hidden)
    stored = await harness.bot.store.daily.post(post_id)
    question = harness.bot.bank.question(stored.question_id)
    service = cog(harness).service
    clock.set(datetime(2026, 1, 5, 9, 5, tzinfo=UTC))
    for member in (hidden, shown):
        if question.is_open:
            await service.answer_open(post_id, GUILD_ID, member, question.answer)
        else:
            await service.answer_choice(post_id, GUILD_ID, member, option_order(post_id, question).index(0))
    reveal = edits(await tick_at(harness, clock, datetime(2026, 1, 5, 11, 0, tzinfo=UTC)))[-1]
    assert f"<@{shown}>" in reveal.text() and f"<@{hidden}>" not in reveal.text()


async def test_a_reveal_that_hits_a_discord_error_is_retried_next_tick(harness, clock):
    post, post_id = await posted_today(harness, clock, reveal_after=2)
    stored = await harness.bot.store.daily.post(post_id)
    harness.recorder.fail(f"/messages/{stored.message_id}", status=503, code=0, message="Service Unavailable")
    failed = edits(await tick_at(harness, clock, datetime(2026, 1, 5, 11, 0, tzinfo=UTC)))
    assert len(failed) == 1
    # Answering closed with the reveal's commit; the edit itself waits in the outbox.
    assert (await harness.bot.store.daily.post(post_id)).revealed_at is not None
    retried = edits(await tick_at(harness, clock, datetime(2026, 1, 5, 11, 1, tzinfo=UTC)))
    assert len(retried) == 1 and retried[0].body.get("components") == []
    assert edits(await tick_at(harness, clock, datetime(2026, 1, 5, 12, 0, tzinfo=UTC))) == []


async def test_a_post_that_never_reached_discord_is_retried_after_the_back_off(harness, clock):
    clock.set(datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    await set_up(harness, clock)
    real_request = harness.bot.http.request
    failed = []

    async def unreachable_once(route, **kwargs):
        if not failed and route.method == "POST" and "/messages" in route.url:
            failed.append(route.url)
            raise aiohttp.ClientConnectionError("Cannot connect to host discord.com:443")
        return await real_request(route, **kwargs)

    harness.bot.http.request = unreachable_once
    assert posts(await tick_at(harness, clock, datetime(2026, 1, 5, 9, 0, tzinfo=UTC))) == []
    # The day keeps its post: it waits in the outbox and goes out after a short back-off.
    assert failed and await harness.bot.store.daily.post_for_date(GUILD_ID, date(2026, 1, 5)) is not None
    assert len(posts(await tick_at(harness, clock, datetime(2026, 1, 5, 9, 1, tzinfo=UTC)))) == 1
    assert posts(await tick_at(harness, clock, datetime(2026, 1, 5, 10, 30, tzinfo=UTC))) == []
