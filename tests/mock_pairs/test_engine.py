"""Peer interviews on the session engine: a fake clock, a real store, timers fired by hand."""

from __future__ import annotations

import asyncio

import pytest

from bot.mock import errors, pairs
from bot.mock import pair_errors as pe
from bot.mock.pair_state import PairPhase
from bot.store import BoardFilter, Mode
from tests.mock_pairs.conftest import ANA, BEN, CY, GUILD

FEEDBACK = (4, 3, 5)


async def test_accept_and_begin_ask_the_first_question_with_ana_interviewing_ben(pair_env):
    sid = await pair_env.invite()
    assert await pair_env.store.timers.by_key(f"mock:{sid}:invite") is not None
    accepted = await pair_env.service.accept(sid, BEN)
    assert (accepted.inviter, accepted.partner) == (ANA, BEN)
    assert await pair_env.store.timers.by_key(f"mock:{sid}:invite") is None  # no expiry after an accept
    await pair_env.service.begin(sid, 7777, private=True)
    state = await pair_env.state(sid)
    turn = state.current
    assert state.phase is PairPhase.ASKING and (turn.interviewer, turn.candidate) == (ANA, BEN)
    assert pair_env.service.bank.question(turn.question_id).is_open
    row = await pair_env.store.mock.session(sid)
    assert (row.kind, row.status, row.thread_id) == ("pair", "running", 7777)
    # The question goes to the thread; the invitation (in the channel) is edited.
    posts = await pair_env.store.db.fetch_all("SELECT key, channel_id FROM outbox WHERE action = 'send'")
    assert {r["key"]: r["channel_id"] for r in posts} == {f"mock:{sid}:invite": 20, f"mock:{sid}:turn:1": 7777}


async def test_an_invitation_expires_after_ten_minutes_and_frees_the_inviter(pair_env):
    sid = await pair_env.invite()
    pair_env.clock.advance(minutes=9, seconds=59)
    assert await pair_env.timers.run_due() == 0
    pair_env.clock.advance(seconds=1)
    assert await pair_env.timers.run_due() == 1
    assert (await pair_env.state(sid)).phase is PairPhase.EXPIRED
    with pytest.raises(pe.InvitationClosed):
        await pair_env.service.accept(sid, BEN)
    assert await pair_env.store.mock.seat_of(GUILD, ANA) is None
    await pair_env.invite()  # free to invite again


async def test_an_invitation_holds_its_inviter_to_one_session(pair_env):
    with pytest.raises(pe.CannotPairWithYourself):
        await pair_env.invite(ANA)
    await pair_env.invite()
    with pytest.raises(errors.AlreadyPlaying):
        await pair_env.invite(CY)


async def test_two_accepts_in_flight_one_partner(pair_env):
    sid = await pair_env.invite(None)  # open: the first other member takes it
    outcomes = await asyncio.gather(
        pair_env.service.accept(sid, BEN), pair_env.service.accept(sid, CY), return_exceptions=True
    )
    won = [o for o in outcomes if not isinstance(o, BaseException)]
    lost = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(won) == 1 and len(lost) == 1 and isinstance(lost[0], pe.InvitationClosed)
    state = await pair_env.state(sid)
    assert state.partner == won[0].partner
    seated = await pair_env.store.mock.players(sid, GUILD)
    assert sorted(p.user_id for p in seated) == sorted([ANA, won[0].partner])


async def test_a_named_invitation_is_for_that_member_only(pair_env):
    sid = await pair_env.invite(BEN)
    with pytest.raises(pe.NotForYou):
        await pair_env.service.accept(sid, CY)
    with pytest.raises(pe.NotForYou):
        await pair_env.service.decline(sid, CY)
    with pytest.raises(pe.CannotPairWithYourself):
        await pair_env.service.accept(sid, ANA)
    assert await pair_env.service.decline(sid, BEN) == "declined"
    assert (await pair_env.state(sid)).phase is PairPhase.DECLINED
    assert await pair_env.store.mock.seat_of(GUILD, ANA) is None


async def test_a_member_playing_elsewhere_cannot_accept(pair_env):
    first = await pair_env.invite(BEN)
    await pair_env.service.accept(first, BEN)
    # Cy invites Ben too; Ben is seated in the first pair.
    plan = pair_env.service.plan((), None, 1)
    second = await pair_env.service.invite(GUILD, 20, CY, BEN, plan)
    with pytest.raises(errors.AlreadyPlaying):
        await pair_env.service.accept(second, BEN)
    assert (await pair_env.state(second)).phase is PairPhase.INVITED  # nothing half-done


async def test_roles_are_checked_by_the_engine_on_every_action(pair_env):
    sid = await pair_env.started()
    service, cards = pair_env.service, pair_env.service.cards
    # Ben is the candidate: no kit, no score form, no score.
    with pytest.raises(pe.InterviewerOnly):
        await cards.kit(sid, 1, BEN)
    with pytest.raises(pe.InterviewerOnly):
        await cards.score_form(sid, 1, BEN)
    with pytest.raises(pe.InterviewerOnly):
        await pair_env.score(sid, 1, by=BEN)
    with pytest.raises(pe.InterviewerOnly):
        await service.next_question(sid, 1, BEN)
    # Ana is the interviewer: she cannot answer in writing or read the candidate's feedback.
    with pytest.raises(pe.CandidateOnly):
        await service.check_can_write(sid, 1, ANA)
    with pytest.raises(pe.CandidateOnly):
        await service.write_answer(sid, 1, ANA, "an answer")
    # Cy is not in the pair: refused everything.
    for action in (
        cards.kit(sid, 1, CY),
        cards.score_form(sid, 1, CY),
        cards.result(sid, 1, CY),
        pair_env.score(sid, 1, by=CY),
        service.write_answer(sid, 1, CY, "peek"),
        service.end(sid, CY),
        cards.feedback_for_me(sid, CY),
    ):
        with pytest.raises(pe.NotForYou):
            await action
    # My feedback before the score: nothing to show.
    with pytest.raises(pe.NotScoredYet):
        await cards.result(sid, 1, BEN)
    kit = await cards.kit(sid, 1, ANA)
    assert kit.question.answer and kit.candidate == BEN
    assert (await pair_env.state(sid)).phase is PairPhase.ASKING


async def test_a_score_needs_every_key_point_and_a_grade(pair_env):
    sid = await pair_env.started()
    state = await pair_env.state(sid)
    points = pair_env.key_points(state, 1)
    for bad in (
        pairs.Marks(("covered",) * (points - 1), 3),
        pairs.Marks(("covered",) * points, 5),
        pairs.Marks(("covered",) * (points - 1) + ("maybe",), 2),
    ):
        with pytest.raises(pe.ScoreIncomplete):
            await pair_env.service.submit_score(sid, 1, ANA, bad)
    assert await pair_env.attempts(BEN) == []


async def test_two_submits_in_flight_record_one_score(pair_env):
    sid = await pair_env.started()
    outcomes = await asyncio.gather(pair_env.score(sid, 1), pair_env.score(sid, 1), return_exceptions=True)
    assert sum(isinstance(o, pe.TurnMovedOn) for o in outcomes) == 1
    assert len(await pair_env.attempts(BEN)) == 1


async def test_the_whole_pair_swap_and_no_question_twice(pair_env):
    sid = await pair_env.started(per_side=2)
    service = pair_env.service
    await pair_env.score(sid, 1, grade=4)
    with pytest.raises(pe.TurnMovedOn):
        await service.swap(sid, 1, ANA)  # not before the side's last question
    await service.next_question(sid, 1, ANA)
    with pytest.raises(pe.TurnMovedOn):
        await service.next_question(sid, 1, ANA)  # a double click asks one
    await pair_env.score(sid, 2, grade=2, mark="partly")
    with pytest.raises(pe.TurnMovedOn):
        await service.next_question(sid, 2, ANA)  # the side is done: swap roles
    await service.swap(sid, 2, BEN)  # either member swaps
    state = await pair_env.state(sid)
    assert (state.current.interviewer, state.current.candidate) == (BEN, ANA)
    with pytest.raises(pe.InterviewerOnly):
        await pair_env.score(sid, 3, by=ANA)  # Ana is the candidate now
    await pair_env.score(sid, 3)
    await service.next_question(sid, 3, BEN)
    await pair_env.score(sid, 4, grade=1, mark="missed")
    state = await pair_env.state(sid)
    assert state.phase is PairPhase.FINISHED and state.ended_by == "last-question"
    assert len({t.question_id for t in state.turns}) == 4
    keys = await pair_env.outbox_keys()
    assert keys.index(f"mock:{sid}:scored:4") < keys.index(f"mock:{sid}:summary") < keys.index(f"mock:{sid}:archive")
    assert await pair_env.store.mock.seat_of(GUILD, ANA) is None  # both free again
    # Every scored question is an attempt of its candidate, mode mock, with no points.
    ben, ana = await pair_env.attempts(BEN), await pair_env.attempts(ANA)
    assert [(a.score, a.passed) for a in ben] == [(1.0, True), (0.5, False)]
    assert len(ana) == 2 and all(a.mode is Mode.MOCK and a.points == 0 for a in ben + ana)
    summary = await service.cards.summary(sid)
    assert [[r.grade for r in side.rows] for side in summary.sides] == [[4, 2], [3, 1]]


async def test_never_repeats_a_question_over_ten_turns(pair_env):
    sid = await pair_env.started(per_side=5, topics=("routing", "templates"))
    for number in range(1, 11):
        await pair_env.score(sid, number)
        if number == 5:
            await pair_env.service.swap(sid, 5, ANA)
        elif number < 10:
            state = await pair_env.state(sid)
            await pair_env.service.next_question(sid, number, state.turn(number).interviewer)
    state = await pair_env.state(sid)
    assert len({t.question_id for t in state.turns}) == 10 and state.phase is PairPhase.FINISHED


async def test_a_written_answer_is_graded_by_the_bot_and_shown_after_the_score(pair_env):
    sid = await pair_env.started()
    state = await pair_env.state(sid)
    question = pair_env.service.bank.question(state.current.question_id)
    await pair_env.service.write_answer(sid, 1, BEN, question.answer)
    with pytest.raises(pe.AlreadyWritten):
        await pair_env.service.write_answer(sid, 1, BEN, "again")
    assert f"mock:{sid}:written:1" in await pair_env.outbox_keys()
    with pytest.raises(pe.NotScoredYet):  # the bot's opinion waits for the interviewer's
        await pair_env.service.cards.result(sid, 1, BEN)
    await pair_env.score(sid, 1, grade=2, mark="partly")
    result = await pair_env.service.cards.result(sid, 1, BEN)
    assert result.written and result.bot_passed and result.bot_score > 0.6
    assert result.grade == 2 and [m.mark for m in result.marks] == ["partly"] * len(question.key_points)
    assert result.note == "good structure"
    with pytest.raises(pe.TurnMovedOn):
        await pair_env.service.write_answer(sid, 1, BEN, "too late")


async def test_feedback_is_blind_until_both_sent(pair_env):
    sid = await pair_env.started(per_side=1)
    with pytest.raises(pe.FeedbackNotYet):
        await pair_env.service.check_can_give_feedback(sid, ANA)
    await pair_env.service.end(sid, BEN)
    with pytest.raises(pe.BadRating):
        await pair_env.service.give_feedback(sid, ANA, (0, 3, 6), "clear", "depth")
    assert await pair_env.service.give_feedback(sid, ANA, FEEDBACK, "clear", "depth") == "sent"
    with pytest.raises(pe.AlreadySentFeedback):
        await pair_env.service.give_feedback(sid, ANA, FEEDBACK, "again", "again")
    with pytest.raises(pe.AlreadySentFeedback):  # said before the modal opens, not after typing
        await pair_env.service.check_can_give_feedback(sid, ANA)
    for member in (ANA, BEN):
        seen = await pair_env.service.cards.feedback_for_me(sid, member)
        assert not seen.released and seen.received is None
    assert await pair_env.service.give_feedback(sid, BEN, (2, 2, 2), "calm", "examples") == "released"
    for_ben = await pair_env.service.cards.feedback_for_me(sid, BEN)
    for_ana = await pair_env.service.cards.feedback_for_me(sid, ANA)
    assert for_ben.received.strength == "clear" and for_ana.received.improve == "examples"
    assert await pair_env.store.timers.by_key(f"mock:{sid}:feedback") is None


async def test_feedback_sent_alone_is_released_after_24_hours(pair_env):
    sid = await pair_env.started(per_side=1)
    await pair_env.service.end(sid, ANA)
    await pair_env.service.give_feedback(sid, ANA, FEEDBACK, "clear", "depth")
    pair_env.clock.advance(hours=23, minutes=59)
    assert await pair_env.timers.run_due() == 0
    assert (await pair_env.service.cards.feedback_for_me(sid, BEN)).received is None
    pair_env.clock.advance(minutes=1)
    assert await pair_env.timers.run_due() == 1
    assert (await pair_env.service.cards.feedback_for_me(sid, BEN)).received.strength == "clear"
    with pytest.raises(pe.FeedbackClosed):  # no longer blind, so no longer open
        await pair_env.service.give_feedback(sid, BEN, FEEDBACK, "late", "late")


async def test_two_feedbacks_in_flight_release_both(pair_env):
    sid = await pair_env.started(per_side=1)
    await pair_env.service.end(sid, ANA)
    results = await asyncio.gather(
        pair_env.service.give_feedback(sid, ANA, FEEDBACK, "a", "a"),
        pair_env.service.give_feedback(sid, BEN, FEEDBACK, "b", "b"),
    )
    assert sorted(results) == ["released", "sent"]
    assert (await pair_env.service.cards.feedback_for_me(sid, ANA)).received.strength == "b"


async def test_idle_for_thirty_minutes_ends_the_pair_with_a_summary(pair_env):
    sid = await pair_env.started()
    pair_env.clock.advance(minutes=20)
    await pair_env.score(sid, 1)  # re-arms the idle end
    pair_env.clock.advance(minutes=29)
    assert await pair_env.timers.run_due() == 0
    pair_env.clock.advance(minutes=1)
    assert await pair_env.timers.run_due() == 1
    state = await pair_env.state(sid)
    assert state.phase is PairPhase.FINISHED and state.ended_by == "idle"
    assert f"mock:{sid}:summary" in await pair_env.outbox_keys()
    with pytest.raises(pe.PairOver):
        await pair_env.service.next_question(sid, 1, ANA)


async def test_end_while_asking_closes_the_question_and_either_member_may_end(pair_env):
    sid = await pair_env.started()
    await pair_env.service.end(sid, BEN)
    state = await pair_env.state(sid)
    assert state.phase is PairPhase.FINISHED
    keys = await pair_env.outbox_keys()
    assert f"mock:{sid}:turn:1:closed" in keys and f"mock:{sid}:archive" in keys
    with pytest.raises(pe.PairOver):
        await pair_env.service.end(sid, ANA)
    summary = await pair_env.service.cards.summary(sid)
    assert summary.sides[0].rows[0].grade is None  # asked, never scored


async def test_peer_scores_earn_no_leaderboard_points(pair_env):
    sid = await pair_env.started(per_side=1)
    await pair_env.score(sid, 1, grade=4)
    board = await pair_env.store.leaderboard.board(BoardFilter(GUILD), offset=0, limit=10, member_id=BEN)
    assert all(entry.points == 0 for entry in board.entries)


async def test_deleting_my_data_leaves_my_partners_records(pair_env):
    sid = await pair_env.started(per_side=1)
    question = pair_env.service.bank.question((await pair_env.state(sid)).current.question_id)
    await pair_env.service.write_answer(sid, 1, BEN, question.answer)
    await pair_env.score(sid, 1)
    await pair_env.service.swap(sid, 1, ANA)
    await pair_env.score(sid, 2)  # Ben scores Ana: Ana's record
    await pair_env.service.give_feedback(sid, ANA, FEEDBACK, "a", "a")
    await pair_env.service.give_feedback(sid, BEN, FEEDBACK, "b", "b")
    report = await pair_env.store.privacy.delete_member_data(GUILD, BEN)
    assert report.counts["mock_pair_turns"] == 1 and report.counts["mock_pair_feedback"] == 2
    turns = await pair_env.store.pairs.turns(sid)
    assert [(t.turn, t.candidate_id, t.grade) for t in turns] == [(2, ANA, 3)]
    assert await pair_env.attempts(BEN) == [] and len(await pair_env.attempts(ANA)) == 1


async def test_a_third_member_cannot_swap_or_end_and_each_step_checks_roles_itself(pair_env):
    sid = await pair_env.started(per_side=1)
    await pair_env.score(sid, 1)
    with pytest.raises(pe.NotForYou):
        await pair_env.service.swap(sid, 1, CY)
    # The pure steps refuse on their own, whatever the service checked before them.
    snap = await pair_env.service.core.snapshot(sid, fresh=True)
    now = pair_env.clock.now()
    with pytest.raises(pe.NotForYou):
        pairs.swap(CY, 1, pair_env.service.bank)(snap, now)
    await pair_env.service.swap(sid, 1, BEN)
    snap = await pair_env.service.core.snapshot(sid, fresh=True)
    with pytest.raises(pe.CandidateOnly):  # Ben interviews now: he cannot answer
        pairs.write_answer(BEN, 2, lambda turn: None)(snap, now)
    with pytest.raises(pe.InterviewerOnly):  # Ana is the candidate: she cannot score
        pairs.score(ANA, 2, 1, pairs.Marks(("covered",), 4), lambda turn: None)(snap, now)


async def test_peer_scores_show_in_stats_and_the_export(pair_env):
    from bot.stats import LeaderboardService

    sid = await pair_env.started(per_side=1)
    await pair_env.score(sid, 1, grade=3)
    stats = await LeaderboardService(pair_env.store, pair_env.service.bank, pair_env.clock).stats(
        GUILD, BEN, viewer_id=BEN
    )
    assert (stats.answers, stats.points) == (1, 0)
    export = await pair_env.store.privacy.export_member_data(GUILD, BEN)
    [row] = export.tables["mock_pair_turns"]
    assert row["grade"] == 3 and row["scored_at"].startswith("2026-")
    assert [a["mode"] for a in export.tables["attempts"]] == ["mock"]


async def test_a_crafted_button_naming_a_live_round_session_is_refused_cleanly(pair_env):
    from bot.errors import UserFacingError
    from bot.mock.state import RoundsState, Settings

    state = RoundsState(Settings([], None, 3, None, False), seed=1)
    rounds = await pair_env.store.db.write(
        lambda tx: tx.execute(
            "INSERT INTO mock_sessions (guild_id, channel_id, thread_id, host_id, status, state, created_at,"
            " updated_at, kind, version, slot) VALUES (?, 20, 999, ?, 'lobby', ?, 0, 0, 'rounds', 0, 1)",
            (GUILD, CY, state.to_json()),
        )
    )
    for action in (pair_env.service.cards.kit(rounds, 1, ANA), pair_env.service.accept(rounds, ANA)):
        with pytest.raises(UserFacingError, match="not a peer interview"):
            await action


async def test_a_score_racing_end_is_recorded_before_it_or_refused(pair_env):
    sid = await pair_env.started()
    outcomes = await asyncio.gather(pair_env.score(sid, 1), pair_env.service.end(sid, BEN), return_exceptions=True)
    state = await pair_env.state(sid)
    scored = not isinstance(outcomes[0], BaseException)
    assert state.phase is PairPhase.FINISHED and state.turns[0].scored is scored
    assert len(await pair_env.attempts(BEN)) == int(scored)  # the row goes with the state, or neither
    if not scored:
        assert isinstance(outcomes[0], pe.PairOver)
