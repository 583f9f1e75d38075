"""Live rounds on the engine: a fake clock, a real store, timers fired by hand."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.mock import Actor, MockService, Phase, errors
from bot.mock.state import CloseReason
from bot.store import Mode
from tests.mock.conftest import ANA, BEN, CY, GUILD, HOST


async def test_lobby_start_opens_round_one_with_its_post_and_deadline(env):
    sid = await env.open(rounds=3)
    assert (await env.state(sid)).phase is Phase.LOBBY
    assert await env.service.join(sid, ANA) is True
    assert await env.service.join(sid, ANA) is False  # a double click seats once
    await env.service.start(sid, Actor(HOST))
    state = await env.state(sid)
    assert state.phase is Phase.OPEN and state.current.number == 1
    deadline = await env.store.timers.by_key(f"mock:{sid}:deadline")
    assert (
        deadline.due_at == state.current.deadline == state.current.opened_at + timedelta(seconds=state.current.limit_s)
    )
    assert state.current.limit_s in (30, 90)  # the default for its type
    keys = await env.outbox_keys()
    assert keys == [f"mock:{sid}:lobby", f"mock:{sid}:lobby:edit", f"mock:{sid}:lobby:done", f"mock:{sid}:round:1"]


async def test_only_the_host_or_a_manager_runs_the_session(env):
    sid = await env.open()
    await env.service.join(sid, ANA)
    with pytest.raises(errors.NotHost):
        await env.service.start(sid, Actor(ANA))
    with pytest.raises(errors.NotHost):
        await env.service.cancel(sid, Actor(ANA))
    await env.service.start(sid, Actor(ANA, manager=True))  # Manage Threads / Manage Server
    for action in (
        env.service.close_now(sid, 1, Actor(ANA)),
        env.service.skip(sid, 1, Actor(ANA)),
        env.service.end(sid, Actor(ANA)),
    ):
        with pytest.raises(errors.NotHost):
            await action
    assert (await env.state(sid)).phase is Phase.OPEN


async def test_the_deadline_closes_the_round_edit_before_reveal(env):
    sid = await env.started(ANA, rounds=2)
    await env.answer_right(sid, ANA)
    env.clock.advance(seconds=(await env.state(sid)).current.limit_s + 1)
    assert await env.timers.run_due() == 1
    state = await env.state(sid)
    assert state.phase is Phase.REVEALED and state.rounds[0].closed_by is CloseReason.DEADLINE
    keys = await env.outbox_keys()
    # The buttons are disabled before the reveal is posted: the sender keeps this order per channel.
    assert keys.index(f"mock:{sid}:round:1:closed") < keys.index(f"mock:{sid}:reveal:1")
    assert await env.timers.run_due() == 0  # fired once
    assert await env.store.timers.by_key(f"mock:{sid}:deadline") is None


async def test_the_round_closes_early_once_every_seated_member_answered(env):
    sid = await env.started(ANA, BEN)
    await env.answer_right(sid, ANA)
    await env.answer_right(sid, BEN)
    assert await env.timers.run_due() == 0  # the host has not answered yet
    await env.answer_wrong(sid, HOST)
    assert await env.timers.run_due() == 1  # the deadline moved to now
    state = await env.state(sid)
    assert state.phase is Phase.REVEALED and state.rounds[0].closed_by is CloseReason.EVERYONE


async def test_late_answers_are_refused_and_not_recorded(env):
    sid = await env.started(ANA, BEN)
    current, _ = await env.question(sid)
    late = current.deadline + timedelta(milliseconds=1)
    env.clock.set(late)
    with pytest.raises(errors.RoundClosed):
        await env.answer_right(sid, ANA, at=late)  # the deadline timer has not fired yet
    await env.service.close_now(sid, 1, Actor(HOST))
    with pytest.raises(errors.RoundClosed):
        await env.answer_right(sid, BEN, at=current.deadline - timedelta(seconds=1))  # closed by the host
    assert await env.store.mock.answers(sid) == []
    assert await env.store.attempts.attempts_for(GUILD, ANA) == []


async def test_an_answer_is_one_attempt_in_mock_mode_with_speed_points(env):
    sid = await env.started(ANA, rounds=2, difficulty=None)
    current, question = await env.question(sid)
    env.clock.advance(seconds=current.limit_s / 2)
    recorded = await env.answer_right(sid, ANA)
    assert recorded.number == 1 and recorded.elapsed_s == pytest.approx(current.limit_s / 2)
    [attempt] = await env.store.attempts.attempts_for(GUILD, ANA)
    assert attempt.mode is Mode.MOCK and attempt.passed
    base = round(10 * attempt.score * question.difficulty.weight)
    assert attempt.points == round(base * 0.75)  # half the time gone: 1 - 0.5/2


async def test_a_second_answer_is_refused_and_a_double_click_records_one(env):
    sid = await env.started(ANA, BEN)
    results = await asyncio.gather(env.answer_right(sid, ANA), env.answer_right(sid, ANA), return_exceptions=True)
    assert sum(isinstance(r, errors.AlreadyAnswered) for r in results) == 1
    assert len(await env.store.mock.answers(sid)) == 1
    assert len(await env.store.attempts.attempts_for(GUILD, ANA)) == 1


async def test_streak_bonus_grows_per_consecutive_pass_and_a_miss_resets_it(env):
    sid = await env.started(ANA, rounds=4, autoplay=False)
    for number, right in enumerate((True, True, False, True), start=1):
        await (env.answer_right if right else env.answer_wrong)(sid, ANA)
        await env.answer_wrong(sid, HOST)  # everyone answered: closes at once
        await env.timers.run_due()
        if number < 4:
            await env.service.next_round(sid, number, Actor(HOST))
    streaks = [(a.round, a.passed, a.streak) for a in await env.store.mock.answers(sid) if a.user_id == ANA]
    assert streaks == [(1, True, 0), (2, True, 1), (3, False, 0), (4, True, 0)]
    assert (await env.state(sid)).phase is Phase.FINISHED


async def test_autoplay_opens_the_next_round_fifteen_seconds_after_the_reveal(env):
    sid = await env.started(ANA, rounds=2, autoplay=True)
    await env.service.close_now(sid, 1, Actor(HOST))
    env.clock.advance(seconds=14)
    await env.timers.run_due()
    assert (await env.state(sid)).phase is Phase.REVEALED
    env.clock.advance(seconds=1)
    assert await env.timers.run_due() == 1
    state = await env.state(sid)
    assert state.phase is Phase.OPEN and state.current.number == 2


async def test_next_round_clicked_twice_opens_one_round(env):
    sid = await env.started(ANA, rounds=3)
    await env.service.close_now(sid, 1, Actor(HOST))
    results = await asyncio.gather(
        env.service.next_round(sid, 1, Actor(HOST)), env.service.next_round(sid, 1, Actor(HOST)), return_exceptions=True
    )
    assert sum(isinstance(r, errors.StaleRound) for r in results) == 1
    assert len((await env.state(sid)).rounds) == 2


async def test_an_idle_lobby_is_cancelled_and_an_idle_session_ends_with_standings(env):
    lobby = await env.open(host=BEN)
    running = await env.started(ANA, rounds=3)
    await env.service.close_now(running, 1, Actor(HOST))
    env.clock.advance(minutes=30)
    assert await env.timers.run_due() == 2
    assert (await env.state(lobby)).phase is Phase.CANCELLED
    state = await env.state(running)
    assert state.phase is Phase.FINISHED and state.ended_by == "idle"
    assert f"mock:{running}:final:1" in await env.outbox_keys()
    # The members are free to join another session.
    await env.open(host=ANA)


async def test_end_during_a_round_reveals_it_then_posts_final_standings(env):
    sid = await env.started(ANA, rounds=5)
    await env.answer_right(sid, ANA)
    await env.service.end(sid, Actor(HOST))
    state = await env.state(sid)
    assert state.phase is Phase.FINISHED and state.rounds[0].closed_by is CloseReason.ENDED
    keys = await env.outbox_keys()
    assert (
        keys.index(f"mock:{sid}:round:1:closed")
        < keys.index(f"mock:{sid}:reveal:1")
        < keys.index(f"mock:{sid}:final:1")
    )
    assert await env.store.timers.by_key(f"mock:{sid}:deadline") is None
    assert await env.store.timers.by_key(f"mock:{sid}:idle") is None


async def test_skip_closes_without_a_reveal_and_opens_the_next_round(env):
    sid = await env.started(ANA, rounds=3)
    await env.service.skip(sid, 1, Actor(HOST))
    state = await env.state(sid)
    assert state.rounds[0].closed_by is CloseReason.SKIPPED and state.current.number == 2
    assert state.rounds[1].question_id != state.rounds[0].question_id
    assert f"mock:{sid}:reveal:1" not in await env.outbox_keys()


async def test_a_member_plays_in_one_session_at_a_time_and_a_server_runs_three(env):
    first = await env.open()
    await env.service.join(first, ANA)
    second = await env.open(host=BEN)
    with pytest.raises(errors.AlreadyPlaying):
        await env.service.join(second, ANA)
    with pytest.raises(errors.AlreadyPlaying):
        await env.service.check_can_open(GUILD, ANA)
    await env.open(host=CY)
    with pytest.raises(errors.TooManySessions):
        await env.service.check_can_open(GUILD, 999)
    with pytest.raises(errors.TooManySessions):
        await env.open(host=999)  # the database refuses too, not only the pre-check
    await env.open(host=999, guild=GUILD + 1)  # another server is not counted
    await env.service.cancel(first, Actor(HOST))
    await env.service.join(second, ANA)  # freed by the cancel


async def test_the_session_is_capped_at_its_member_limit(env, monkeypatch):
    monkeypatch.setattr("bot.mock.rounds.MAX_PLAYERS", 3)
    sid = await env.open()
    await env.service.join(sid, ANA)
    await env.service.join(sid, BEN)
    with pytest.raises(errors.SessionFull):
        await env.service.join(sid, CY)
    await env.service.start(sid, Actor(HOST))
    with pytest.raises(errors.SessionFull):
        await env.answer_right(sid, CY)  # joining by answering counts too
    assert [p.user_id for p in await env.store.mock.players(sid, GUILD)] == [HOST, ANA, BEN]


async def test_a_late_joiner_joins_by_answering(env):
    sid = await env.started(ANA)
    await env.answer_right(sid, CY)
    assert CY in [p.user_id for p in await env.store.mock.players(sid, GUILD)]


async def test_two_processes_on_one_database_agree_through_the_version(env, store, clock, shipped_bank, shipped_grader):
    """Another service on the same database is another process: its cache goes stale, and
    the version column, not a lock in either process, decides."""
    other = MockService(shipped_bank, shipped_grader, store.mock, clock)
    early = await env.open(host=CY, rounds=2)
    await other.core.snapshot(early)  # the other process caches the lobby
    await env.service.start(early, Actor(CY))
    await other.close_now(early, 1, Actor(CY))  # its cache says "lobby": it re-reads before refusing
    assert (await env.state(early)).phase is Phase.REVEALED
    sid = await env.started(ANA, rounds=3)
    await other.core.snapshot(sid)  # the other process caches round 1 open
    await env.service.close_now(sid, 1, Actor(HOST))
    current, question = await env.question(sid)
    with pytest.raises(errors.RoundClosed):  # its cache says open; the database says closed
        await other.answer(sid, 1, BEN, question.answer or "x", at=clock.now())
    assert await env.store.mock.answers(sid) == []
    with pytest.raises(errors.StaleRound):  # its stale view is refused by the database, then re-read
        await other.close_now(sid, 1, Actor(HOST))
    await other.next_round(sid, 1, Actor(HOST))
    with pytest.raises(errors.StaleRound):
        await env.service.next_round(sid, 1, Actor(HOST))
    state = await env.state(sid)
    assert state.current.number == 2 and state.phase is Phase.OPEN
    assert (await env.outbox_keys()).count(f"mock:{sid}:reveal:1") == 1


async def test_a_close_racing_answers_reveals_exactly_what_was_recorded(env):
    sid = await env.started(ANA, BEN, CY)
    current, question = await env.question(sid)

    def answer(user):
        if question.is_open:
            return env.service.answer(sid, 1, user, question.answer, at=env.clock.now())
        return env.service.choose(sid, 1, user, current.option_order.index(0), at=env.clock.now())

    # All four are in flight at once; each reaches the writer in this order.
    results = await asyncio.gather(
        answer(ANA), answer(BEN), env.service.close_now(sid, 1, Actor(HOST)), answer(CY), return_exceptions=True
    )
    recorded = {a.user_id for a in await env.store.mock.answers(sid)}
    assert recorded == {ANA, BEN}
    assert results[:3] == [results[0], results[1], None] and not isinstance(results[0], Exception)
    # CY's answer passed the service's check against the state it had cached (round open)
    # and was refused by the database, which had closed the round first.
    assert isinstance(results[3], errors.RoundClosed)
    card = await env.service.cards.reveal(sid, 1)
    assert card.answered == 2


def test_the_plan_never_promises_more_rounds_than_the_bank_holds_and_names_fit(env, shipped_bank):
    from bot.bank import Difficulty
    from bot.engine.errors import UnknownTopic

    hard_routing = len(shipped_bank.questions(["routing"], Difficulty.HARD))
    plan = env.service.plan(["routing"], Difficulty.HARD, 20, 5, False)
    assert plan.rounds == min(20, hard_routing) and plan.round_time == 20  # clamped to 20..600
    every = [t.slug for t in shipped_bank.topics]
    name = env.service.thread_name(env.service.plan(every, None, 5, None, False))
    assert len(name) <= 100 and name.endswith(", 5 rounds")
    assert env.service.thread_name(env.service.plan([], None, 1, None, False)) == "Mock: Flask mix, 1 round"
    with pytest.raises(UnknownTopic):
        env.service.plan(["nope"], None, 5, None, False)


async def test_a_stale_close_or_skip_never_touches_the_round_after_it(env):
    sid = await env.started(ANA, rounds=3)
    await env.service.close_now(sid, 1, Actor(HOST))
    await env.service.next_round(sid, 1, Actor(HOST))
    for stale in (env.service.close_now(sid, 1, Actor(HOST)), env.service.skip(sid, 1, Actor(HOST))):
        with pytest.raises(errors.StaleRound):
            await stale
    state = await env.state(sid)
    assert state.phase is Phase.OPEN and state.current.number == 2 and state.current.is_open
    # The deadline timer of round 1 can't close round 2 either.
    from bot.store.timers import Timer

    ghost = Timer(0, "mock.deadline", f"mock:{sid}:deadline", env.clock.now(), {"session": sid, "round": 1}, 0)
    await env.service.on_deadline(ghost)
    assert (await env.state(sid)).current.is_open


async def test_a_crafted_button_naming_a_pair_session_is_refused_in_words(env):
    pair = await env.store.db.write(
        lambda tx: tx.execute(
            "INSERT INTO mock_sessions (guild_id, channel_id, thread_id, host_id, status, state, created_at,"
            " updated_at, kind, version) VALUES (1, 20, 999, ?, 'lobby', '{\"inviter\": 1}', 0, 0, 'pair', 0)",
            (ANA,),
        )
    )
    for action in (env.service.join(pair, ANA), env.service.close_now(pair, 1, Actor(ANA))):
        with pytest.raises(errors.OtherKindOfSession):
            await action
