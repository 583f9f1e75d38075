"""/mock through discord.py's own dispatch: a study group, the outbox, timers, restarts."""

from __future__ import annotations

import asyncio

import pytest

from bot.client import InterviewBot
from tests.discord_harness import DiscordHarness, only
from tests.mock.group import GUILD_ID, HOST, MEMBERS, Group, stamp

A, B, C, D = MEMBERS


@pytest.fixture
def group(harness, clock) -> Group:
    return Group(harness, clock)


async def test_start_opens_a_thread_and_posts_the_lobby_in_it(group, harness):
    calls = await group.open(topic="routing", rounds=5)
    thread = next(c for c in calls if c.path.endswith("/threads"))
    assert thread.json["name"] == "Mock: Routing and URL building, 5 rounds"[:100]
    assert thread.json["type"] == 11  # public thread
    reply = calls[-1]
    assert reply.ephemeral and f"<#{group.thread_id}>" in reply.text()
    [lobby] = [c for c in await group.deliver() if c.method == "POST"]
    assert str(group.thread_id) in lobby.url
    assert lobby.custom_ids() == [f"mock:{a}:{group.session_id}" for a in ("join", "leave", "start", "cancel")]
    assert f"<@{HOST}>" in lobby.text() and "5 rounds" in lobby.text()


async def test_start_is_refused_clearly_without_thread_permissions(group, harness):
    payload = harness.slash_payload("mock start", user_id=HOST)
    payload["app_permissions"] = str((1 << 10) | (1 << 11) | (1 << 14))  # no thread permissions
    reply = only(await harness.dispatch(payload))
    assert reply.ephemeral and "Create Public Threads" in reply.text() and "Send Messages in Threads" in reply.text()
    assert not any(c.path.endswith("/threads") for c in harness.calls)
    assert await harness.bot.store.mock.running_count(GUILD_ID) == 0


async def test_a_fourth_session_in_a_server_is_refused_before_any_thread(group, harness):
    for host in (HOST, A, B):
        await harness.slash("mock start", user_id=host)
    threads = sum(c.path.endswith("/threads") for c in harness.calls)
    reply = only(await harness.slash("mock start", user_id=C))
    assert reply.ephemeral and "3 group sessions" in reply.text()
    assert sum(c.path.endswith("/threads") for c in harness.calls) == threads == 3


async def test_a_member_joins_leaves_and_the_lobby_edit_is_debounced(group, harness, clock):
    await group.open()
    await group.deliver()
    await group.join(A, B)
    edits = [c for c in await group.deliver() if c.method == "PATCH"]
    assert len(edits) == 1 and f"<@{A}>" in edits[0].text() and f"<@{B}>" in edits[0].text()
    lobby = group.posted(f"mock:leave:{group.session_id}")
    assert "left" in (await group.click(f"mock:leave:{group.session_id}", lobby, B)).text().lower()
    assert [c for c in await group.deliver() if c.method == "PATCH"] == []  # within 5 s of the last edit
    clock.advance(seconds=5)
    [edit] = [c for c in await group.deliver() if c.method == "PATCH"]
    assert f"<@{B}>" not in edit.text() and "Players (2/200)" in edit.text()


async def restart(group: Group, settings, clock, bank, grader) -> None:
    old = group.h
    await old.stop()
    bot = InterviewBot(settings, clock=clock, sync_mode="never", bank=bank, grader=grader, background_tasks=False)
    restarted = DiscordHarness(bot, recorder=old.recorder)  # Discord keeps what it was sent
    restarted.deliver_outbox = False
    await restarted.start()
    group.h = restarted


def public_since(group: Group, index: int) -> list:
    """What the bot made public in the thread from call ``index`` on."""
    return [c for c in group.h.calls[index:] if str(group.thread_id) in c.url and c.method in ("POST", "PATCH")]


async def test_a_study_group_plays_five_rounds_with_a_late_joiner_and_a_restart(
    group, harness, clock, settings, shipped_bank, shipped_grader
):
    """The issue's "Done when": host and four members (one late), five rounds of mixed open
    and choice questions, answers private until the reveal, the bot restarted mid-round."""
    # Medium routing holds at most four questions of either type: five rounds always mix both.
    medium = [q for q in shipped_bank if q.topic == "routing" and q.difficulty.value == "medium"]
    assert 0 < sum(q.is_open for q in medium) <= 4 and 0 < sum(not q.is_open for q in medium) <= 4
    await group.open(topic="routing", rounds=5, difficulty="medium")
    await group.deliver()
    await group.join(A, B, C)
    await group.start()
    seen_types = set()
    expected: dict[int, int] = {}
    for number in range(1, 6):
        question = group.question(number)
        seen_types.add(question.is_open)
        round_message = group.round_post(number).message_id
        opened = len(group.h.calls)
        players = [HOST, A, B, C] + ([D] if number >= 2 else [])  # D joins by answering in round 2
        for index, member in enumerate(players):
            if (number, index) == (3, 2):
                # A restart in the middle of a round: a new process carries on from the
                # database, and the buttons of messages posted before it keep working.
                await restart(group, settings, clock, shipped_bank, shipped_grader)
                opened = len(group.h.calls)
            clock.advance(seconds=2)
            ack = await group.answer(number, member, right=(member + number) % 3 != 0)
            assert ack.ephemeral and ack.text().startswith(f"Recorded after {2 * (index + 1)}.0 s")
            assert "pass" not in ack.text().lower() and "point" not in ack.text().lower()
            if number == 1:
                await group.deliver()  # the live count goes out while the round runs
        # Nobody sees another's answer before the reveal: the only public change is the count.
        for call in public_since(group, opened):
            assert call.method == "PATCH" and call.url.endswith(f"/messages/{round_message}"), call.text()
            assert "answered" in call.text() and "passed" not in call.text()
        reveal_calls = await group.fire_timers()  # everyone answered: the round closes at once
        patch = next(i for i, c in enumerate(reveal_calls) if c.method == "PATCH")
        reveal = next(i for i, c in enumerate(reveal_calls) if "revealed" in (c.embeds or [{}])[0].get("title", ""))
        assert patch < reveal  # buttons disabled before the reveal is posted
        closed = reveal_calls[patch]
        assert all(c.get("disabled") for row in closed.body["components"] for c in row["components"])
        if number < 5:
            reveal_post = group.posted(f"mock:next:{group.session_id}:{number}")
            ack = await group.click(f"mock:next:{group.session_id}:{number}", reveal_post, HOST)
            assert ack.callback_type == 6
            await group.deliver()
    assert seen_types == {True, False}, "the mix should hold open and choice questions"
    final = group.posted("Final standings")
    answers = await group.h.bot.store.mock.answers(group.session_id)
    assert len(answers) == 4 + 4 * 5
    for answer in answers:
        expected[answer.user_id] = expected.get(answer.user_id, 0) + answer.points
    ranking = sorted(expected, key=lambda user: -expected[user])
    first = ranking[0]
    assert f"🥇 <@{first}> · **{expected[first]}** pts" in final.text()
    for user, points in expected.items():
        assert f"<@{user}> **{points}** pts" in final.text()
    # The session shows on /leaderboard mode:mock.
    board = only(await group.h.slash("leaderboard", user_id=A, mode="mock"))
    assert f"<@{first}>" in board.text()
    stats = (await group.h.slash("stats", user_id=A))[-1]  # deferred, then the followup
    assert "group sessions" in stats.text()
    report = await group.click(f"mock:report:{group.session_id}", final, B)
    assert report.ephemeral and "Your group session report" in report.text()
    assert group.h.recorder.violations == []
    await group.h.stop()


async def test_fifty_members_answering_at_once_are_each_acknowledged_once_and_counted(group, harness):
    await group.open(rounds=2)
    await group.deliver()
    await group.start()
    members = [3000 + n for n in range(50)]
    payloads = await group.payloads(1, members)
    payloads.append(stamp(dict(payloads[0], token="token-double-click"), group.clock.now()))
    replies = await harness.together(payloads)
    assert all(len(calls) == 1 and calls[0].ephemeral for calls in replies)
    assert sum("Recorded after" in calls[0].text() for calls in replies) == 50
    assert "already answered round 1" in replies[-1][0].text()  # the double click records one
    answers = await harness.bot.store.mock.answers(group.session_id, 1)
    assert sorted(a.user_id for a in answers) == members
    assert len(await harness.bot.store.attempts.attempts_for(GUILD_ID, members[0])) == 1
    edits = [c for c in await group.deliver() if c.method == "PATCH"]
    assert len(edits) == 1 and "50 answered" in edits[0].text()  # one debounced count edit


async def test_host_controls_refuse_anyone_else_privately_and_allow_a_manager(group, harness):
    await group.open(rounds=3)
    await group.deliver()
    await group.join(A)
    lobby = group.posted(f"mock:start:{group.session_id}")
    for action in ("start", "cancel"):
        refusal = await group.click(f"mock:{action}:{group.session_id}", lobby, A)
        assert refusal.ephemeral and "Only the host" in refusal.text()
    await group.start()
    post = group.round_post(1)
    for custom_id in (
        f"mock:close:{group.session_id}:1",
        f"mock:skip:{group.session_id}:1",
        f"mock:end:{group.session_id}",
    ):
        refusal = await group.click(custom_id, post, A)
        assert refusal.ephemeral and "Only the host" in refusal.text()
    assert await harness.bot.store.mock.answers(group.session_id) == []
    state = (await group.service.core.snapshot(group.session_id, fresh=True)).state
    assert state.current.is_open
    closed = await group.click(f"mock:close:{group.session_id}:1", post, A, manager=True)
    assert closed.callback_type == 6
    await group.deliver()
    reveal = group.posted(f"mock:next:{group.session_id}:1")
    refusal = await group.click(f"mock:next:{group.session_id}:1", reveal, B)
    assert refusal.ephemeral and "Only the host" in refusal.text()


async def test_a_late_answer_is_refused_by_its_discord_timestamp(group, harness, clock):
    await group.open(rounds=2, round_time=20)
    await group.deliver()
    await group.start()
    payload = (await group.payloads(1, [A]))[0]
    clock.advance(seconds=21)  # the deadline passed; its timer has not fired yet
    stamp(payload, clock.now())
    reply = only(await harness.dispatch(payload))
    assert reply.ephemeral and "too late" in reply.text()
    assert await harness.bot.store.mock.answers(group.session_id) == []


async def test_a_deleted_thread_ends_the_session_once_and_nothing_retries(group, harness, caplog):
    await group.open(rounds=3)
    await group.deliver()
    await group.start()
    harness.recorder.fail(f"/channels/{group.thread_id}/", status=404, code=10003, message="Unknown Channel", times=50)
    ack = await group.click(f"mock:close:{group.session_id}:1", group.round_post(1), HOST)
    assert ack.callback_type == 6
    with caplog.at_level("WARNING"):
        tried = [c for c in await group.deliver() if str(group.thread_id) in c.url]
    assert len(tried) == 1  # the first refusal ends it; the reveal behind it is never tried
    assert any(str(GUILD_ID) in r.getMessage() and "404" in r.getMessage() for r in caplog.records)
    state = (await group.service.core.snapshot(group.session_id, fresh=True)).state
    assert state.phase.value == "finished" and state.ended_by == "access-lost"
    assert [c for c in await group.deliver() if str(group.thread_id) in c.url] == []
    assert await harness.bot.store.timers.by_key(f"mock:{group.session_id}:idle") is None
    # Its members are free again, and a new session can start.
    assert await harness.bot.store.mock.seat_of(GUILD_ID, HOST) is None


async def test_a_deadline_passed_while_down_closes_the_round_once_at_start(
    group, harness, clock, settings, shipped_bank, shipped_grader
):
    await group.open(rounds=3)
    await group.deliver()
    await group.join(A)
    await group.start()
    await group.answer(1, A)
    await group.h.stop()
    clock.advance(minutes=10)  # the bot was down past the deadline
    await restart(group, settings, clock, shipped_bank, shipped_grader)
    await group.h.bot.services.timers.run_due()  # the round's deadline (and any other feature's due timer)
    assert await group.h.bot.store.timers.by_key(f"mock:{group.session_id}:deadline") is None
    delivered = await group.deliver()
    assert sum("revealed" in (c.embeds or [{}])[0].get("title", "") for c in delivered) == 1
    await group.h.bot.services.timers.run_due()
    assert [c for c in await group.deliver() if c.method == "POST"] == []
    await group.h.stop()


async def test_hidden_members_are_not_named_in_reveals(group, harness):
    await group.open(rounds=2)
    await group.deliver()
    await harness.slash("privacy hide", user_id=A)
    await group.join(A, B)
    await group.start()
    for member in (A, B):
        await group.answer(1, member)
    await group.click(f"mock:close:{group.session_id}:1", group.round_post(1), HOST)
    await group.deliver()
    reveal = group.posted(f"mock:next:{group.session_id}:1")
    assert f"<@{B}>" in reveal.text() and f"<@{A}>" not in reveal.text()
    assert "a hidden member" in reveal.text()


async def test_my_feedback_is_private_and_only_for_those_who_answered(group, harness):
    await group.open(rounds=2)
    await group.deliver()
    await group.join(A)
    await group.start()
    await group.answer(1, A)
    await group.click(f"mock:close:{group.session_id}:1", group.round_post(1), HOST)
    await group.deliver()
    reveal = group.posted(f"mock:feedback:{group.session_id}:1")
    mine = await group.click(f"mock:feedback:{group.session_id}:1", reveal, A)
    assert mine.ephemeral and "Round 1 · Passed" in mine.text() and "Points" in mine.text()
    none = await group.click(f"mock:feedback:{group.session_id}:1", reveal, B)
    assert none.ephemeral and "did not answer round 1" in none.text()


async def test_the_mock_command_fits_discord_limits(harness):
    from tests.discord_limits import command_violations

    command = harness.bot.tree.get_command("mock").to_dict(harness.bot.tree)
    assert command_violations(command) == []
    assert command["dm_permission"] is False
    start = {o["name"]: o for o in command["options"][0]["options"]}
    assert start["topic"]["autocomplete"]
    assert [c["value"] for c in start["difficulty"]["choices"]] == ["easy", "medium", "hard", "mixed"]
    assert (start["rounds"]["min_value"], start["rounds"]["max_value"]) == (1, 20)
    assert (start["round_time"]["min_value"], start["round_time"]["max_value"]) == (20, 600)


async def test_an_answer_sent_in_time_counts_from_when_it_was_sent_however_late_it_is_handled(group, harness, clock):
    """Speed and lateness come from interaction.created_at, not from when the bot got to it."""
    await group.open(rounds=2, round_time=20)
    await group.deliver()
    await group.start()
    clock.advance(seconds=5)
    payload = (await group.payloads(1, [A]))[0]  # sent 5 s into the round
    clock.advance(seconds=30)  # handled long after the deadline (its timer has not fired)
    reply = only(await harness.dispatch(payload))
    assert reply.ephemeral and reply.text().startswith("Recorded after 5.0 s"), reply.text()
    [answer] = await harness.bot.store.mock.answers(group.session_id)
    assert answer.elapsed_ms == 5000


@pytest.mark.parametrize(("code", "why"), [(50083, "archived thread"), (160005, "thread locked")])
async def test_an_archived_or_locked_thread_ends_the_session_like_a_deleted_one(group, harness, code, why):
    """Discord answers 400 (not 403) for a thread a moderator archived or locked."""
    await group.open(rounds=3)
    await group.deliver()
    await group.start()
    harness.recorder.fail(f"/channels/{group.thread_id}/", status=400, code=code, message=why, times=50)
    await group.click(f"mock:close:{group.session_id}:1", group.round_post(1), HOST)
    tried = [c for c in await group.deliver() if str(group.thread_id) in c.url]
    assert len(tried) == 1
    state = (await group.service.core.snapshot(group.session_id, fresh=True)).state
    assert state.ended_by == "access-lost"


async def test_host_double_clicks_and_a_close_racing_its_deadline_make_one_round_and_one_reveal(group, harness, clock):
    await group.open(rounds=3, round_time=20)
    await group.deliver()
    lobby = group.posted(f"mock:start:{group.session_id}")
    starts = [group.click_payload(f"mock:start:{group.session_id}", lobby, HOST) for _ in range(2)]
    replies = await harness.together(starts)
    assert sorted(len(r) for r in replies) == [1, 1]
    assert sum(r[0].callback_type == 6 for r in replies) == 1  # the other is told privately
    assert sum(r[0].ephemeral for r in replies) == 1
    await group.deliver()
    post = group.round_post(1)
    clock.advance(seconds=21)  # the deadline is due while the host presses Close now twice
    closes = [group.click_payload(f"mock:close:{group.session_id}:1", post, HOST) for _ in range(2)]
    before = len(harness.calls)
    fired = asyncio.ensure_future(harness.bot.services.timers.run_due())
    await harness.together(closes)
    await fired
    await group.deliver()
    reveals = [c for c in harness.calls[before:] if "revealed" in (c.embeds or [{}])[0].get("title", "")]
    assert len(reveals) == 1
    state = (await group.service.core.snapshot(group.session_id, fresh=True)).state
    assert len(state.rounds) == 1 and state.phase.value == "revealed"


async def test_the_answer_box_is_not_opened_for_a_member_who_cannot_answer(group, harness):
    # Medium templates holds fewer than six choice questions: six rounds reach an open one.
    await group.open(rounds=6, topic="templates", difficulty="medium")
    await group.deliver()
    await group.start()
    for _ in range(6):  # skip to an open question: the one with an answer box
        number = len((await group.service.core.snapshot(group.session_id, fresh=True)).state.rounds)
        if group.question(number).is_open:
            break
        await group.click(f"mock:skip:{group.session_id}:{number}", group.round_post(number), HOST)
        await group.deliver()
    assert group.question(number).is_open
    await group.answer(number, A)
    again = await group.click(f"mock:answer:{group.session_id}:{number}", group.round_post(number), A)
    assert again.callback_type == 4 and again.ephemeral and "already answered" in again.text()
