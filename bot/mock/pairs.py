"""Peer (pair) interviews as a state machine on the session core: pure steps, no Discord.

Each step takes a snapshot and the time, checks the actor's role in the turn it acts on
(the engine decides, whatever button a client shows), raises a domain error when the
action does not apply, and otherwise returns the new state with the posts, timers and rows
it causes. Two members pressing at once are ordered by the core's versioned write: the
loser recomputes from the winner's state and is refused by the same checks.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.bank import Bank, Difficulty
from bot.engine.selection import pick_question
from bot.mock import pair_errors as errors
from bot.mock.core import Change, Snapshot, timer_key
from bot.mock.pair_state import PairPhase, PairState, Turn
from bot.store.mock import CancelTimer, Edit, Effect, Post, Record, ScheduleTimer
from bot.store.mock_pairs import PeerFeedback, PeerScore, SeatMember, WrittenAnswer

INVITE_FOR = timedelta(minutes=10)
IDLE_AFTER = timedelta(minutes=30)
FEEDBACK_BLIND_FOR = timedelta(hours=24)

# Outbox kinds (one renderer each) and timer kinds (one handler each).
INVITE, TURN, WRITTEN, SCORED, SUMMARY, ARCHIVE = (
    "mock.pair.invite",
    "mock.pair.turn",
    "mock.pair.written",
    "mock.pair.scored",
    "mock.pair.summary",
    "mock.pair.archive",
)
EXPIRY, IDLE, RELEASE = "mock.pair.expiry", "mock.pair.idle", "mock.pair.release"

Snap = Snapshot[PairState]
PairChange = Change[PairState, str]
PairStep = Callable[[Snap, datetime], PairChange]


def post_key(session_id: int, name: str) -> str:
    return f"mock:{session_id}:{name}"


def invite_edit(session_id: int) -> Edit:
    return Edit(post_key(session_id, "invite:edit"), INVITE, post_key(session_id, "invite"), {"session": session_id})


def _idle(session_id: int, now: datetime) -> ScheduleTimer:
    """Re-armed by every change while the pair runs: 30 minutes untouched ends it."""
    return ScheduleTimer(IDLE, timer_key(session_id, "idle"), now + IDLE_AFTER, {"session": session_id})


def expiry_timer(session_id: int, now: datetime) -> ScheduleTimer:
    return ScheduleTimer(EXPIRY, timer_key(session_id, "invite"), now + INVITE_FOR, {"session": session_id})


def _change(
    snap: Snap, effects: list[Effect], result: str, *records: Record, thread_id: int | None = None
) -> PairChange:
    state = snap.state
    return Change(state, state.phase.status, None, tuple(effects), result, tuple(records), thread_id)


# -- role checks (every in-session action goes through one of these) -------------------------


def _member(state: PairState, actor: int) -> None:
    if actor not in state.members:
        raise errors.NotForYou


def _running(state: PairState) -> None:
    if state.phase.over:
        raise errors.PairOver


def _current_turn(state: PairState, number: int) -> Turn:
    """The turn ``number`` when it is the one out and not yet scored."""
    current = state.current
    if state.phase is not PairPhase.ASKING or current is None or current.number != number:
        raise errors.TurnMovedOn(f"Question {number} is already scored or closed.")
    return current


def require_interviewer(state: PairState, number: int, actor: int) -> Turn:
    _running(state)
    _member(state, actor)
    turn = state.turn(number)
    if turn is None:
        raise errors.TurnMovedOn
    if turn.interviewer != actor:
        raise errors.InterviewerOnly
    return turn


def require_candidate(state: PairState, number: int, actor: int) -> Turn:
    _member(state, actor)
    turn = state.turn(number)
    if turn is None:
        raise errors.TurnMovedOn
    if turn.candidate != actor:
        raise errors.CandidateOnly
    return turn


# -- the invitation -------------------------------------------------------------------------


def accept(actor: int) -> PairStep:
    """The partner (or, for an open invitation, the first other member) takes it; seated in
    the same write, so a member already playing elsewhere is refused by the seat index."""

    def step(snap: Snap, now: datetime) -> PairChange:
        state = snap.state
        if state.phase is not PairPhase.INVITED:
            raise errors.InvitationClosed("Too late: this invitation was already taken or closed.")
        if actor == state.inviter:
            raise errors.CannotPairWithYourself
        if state.invitee is not None and actor != state.invitee:
            raise errors.NotForYou("This invitation is for another member.")
        state.partner, state.phase = actor, PairPhase.ACCEPTED
        effects: list[Effect] = [invite_edit(snap.id), CancelTimer(timer_key(snap.id, "invite")), _idle(snap.id, now)]
        return _change(snap, effects, "accepted", SeatMember(actor))

    return step


def decline(actor: int) -> PairStep:
    """The invited member declines; the inviter may withdraw. Anyone else is refused."""

    def step(snap: Snap, now: datetime) -> PairChange:
        state = snap.state
        if state.phase is not PairPhase.INVITED:
            raise errors.InvitationClosed
        if actor == state.inviter:
            state.phase, state.ended_by = PairPhase.CANCELLED, "withdrawn"
        elif state.invitee is not None and actor == state.invitee:
            state.phase, state.ended_by = PairPhase.DECLINED, "declined"
        else:
            raise errors.NotForYou("Only the invited member can decline this invitation.")
        state.ended_at = now
        return _change(snap, [invite_edit(snap.id), CancelTimer(timer_key(snap.id, "invite"))], state.phase.value)

    return step


def expire() -> PairStep:
    def step(snap: Snap, now: datetime) -> PairChange:
        state = snap.state
        if state.phase is not PairPhase.INVITED:
            raise errors.InvitationClosed
        state.phase, state.ended_by, state.ended_at = PairPhase.EXPIRED, "expired", now
        return _change(snap, [invite_edit(snap.id)], "expired")

    return step


# -- turns ----------------------------------------------------------------------------------


def draw_turn(state: PairState, bank: Bank, now: datetime) -> Turn:
    """The next turn: roles by side, an open question neither member was asked here."""
    number = len(state.turns) + 1
    side = state.side_of(number)
    assert state.partner is not None
    interviewer, candidate = (state.inviter, state.partner) if side == 1 else (state.partner, state.inviter)
    rng = random.Random(f"{state.seed}:{number}")
    settings = state.settings
    # Choice questions have no key points to mark: a peer interview asks open ones only.
    exclude = {t.question_id for t in state.turns} | {q.id for q in bank if not q.is_open}
    question = pick_question(
        bank,
        topics=settings.topics,
        difficulty=settings.difficulty or Difficulty.from_rank(rng.randrange(3)),
        exclude=exclude,
        recently_seen=(),
        rng=rng,
        strict_difficulty=settings.difficulty is not None,
    )
    if question is None:
        raise errors.NoQuestionsLeft
    return Turn(number, side, interviewer, candidate, question.id, now)


def _ask_next(snap: Snap, bank: Bank, now: datetime, effects: list[Effect]) -> None:
    turn = draw_turn(snap.state, bank, now)
    snap.state.turns.append(turn)
    snap.state.phase = PairPhase.ASKING
    effects += [
        Post(post_key(snap.id, f"turn:{turn.number}"), TURN, {"session": snap.id, "turn": turn.number}),
        _idle(snap.id, now),
    ]


def begin(thread_id: int, private: bool, bank: Bank) -> PairStep:
    """The thread is open: the session moves into it and the first question goes out."""

    def step(snap: Snap, now: datetime) -> PairChange:
        state = snap.state
        if state.phase is not PairPhase.ACCEPTED:
            raise errors.PairOver
        state.private = private
        effects: list[Effect] = [invite_edit(snap.id)]
        _ask_next(snap, bank, now, effects)
        return _change(snap, effects, "asking", thread_id=thread_id)

    return step


def abort(why: str) -> PairStep:
    """The thread could not be opened: the pair ends before its first question."""

    def step(snap: Snap, now: datetime) -> PairChange:
        state = snap.state
        if state.phase is not PairPhase.ACCEPTED:
            raise errors.PairOver
        state.phase, state.ended_by, state.ended_at = PairPhase.CANCELLED, why, now
        return _change(snap, [invite_edit(snap.id), CancelTimer(timer_key(snap.id, "idle"))], "cancelled")

    return step


def write_answer(actor: int, number: int, record: Callable[[Turn], WrittenAnswer]) -> PairStep:
    def step(snap: Snap, now: datetime) -> PairChange:
        _running(snap.state)
        require_candidate(snap.state, number, actor)
        turn = _current_turn(snap.state, number)
        if turn.written:
            raise errors.AlreadyWritten
        turn.written = True
        post = Post(post_key(snap.id, f"written:{number}"), WRITTEN, {"session": snap.id, "turn": number})
        return _change(snap, [post, _idle(snap.id, now)], "written", record(turn))

    return step


@dataclass(frozen=True, slots=True)
class Marks:
    """What the interviewer submitted: one mark per key point, a grade 0..4, a note."""

    marks: tuple[str, ...]
    grade: int
    note: str = ""


MARKS = ("covered", "partly", "missed")
MAX_GRADE = 4


def score(actor: int, number: int, key_points: int, marks: Marks, record: Callable[[Turn], PeerScore]) -> PairStep:
    def step(snap: Snap, now: datetime) -> PairChange:
        require_interviewer(snap.state, number, actor)
        turn = _current_turn(snap.state, number)
        if (
            len(marks.marks) != key_points
            or any(mark not in MARKS for mark in marks.marks)
            or not 0 <= marks.grade <= MAX_GRADE
        ):
            raise errors.ScoreIncomplete
        turn.scored = True
        snap.state.phase = PairPhase.SCORED
        payload = {"session": snap.id, "turn": number}
        effects: list[Effect] = [
            Edit(post_key(snap.id, f"turn:{number}:closed"), TURN, post_key(snap.id, f"turn:{number}"), payload),
            Post(post_key(snap.id, f"scored:{number}"), SCORED, payload),
        ]
        if number >= snap.state.total_turns:
            return _finish(snap, now, "last-question", effects, record(turn))
        effects.append(_idle(snap.id, now))
        return _change(snap, effects, "scored", record(turn))

    return step


def next_question(actor: int, after: int, bank: Bank) -> PairStep:
    """The interviewer asks the next question of their side; a double click asks one."""

    def step(snap: Snap, now: datetime) -> PairChange:
        state = snap.state
        require_interviewer(state, after, actor)
        _require_scored(state, after)
        if state.position(after) >= state.settings.per_side:
            raise errors.TurnMovedOn("That was the last question of this side: swap roles.")
        effects: list[Effect] = []
        _ask_next(snap, bank, now, effects)
        return _change(snap, effects, "asking")

    return step


def swap(actor: int, after: int, bank: Bank) -> PairStep:
    """After the first side's last question, either member swaps: the candidate interviews."""

    def step(snap: Snap, now: datetime) -> PairChange:
        state = snap.state
        _running(state)
        _member(state, actor)
        _require_scored(state, after)
        if after != state.settings.per_side:
            raise errors.TurnMovedOn("Roles swap after the last question of the first side.")
        effects: list[Effect] = []
        _ask_next(snap, bank, now, effects)
        return _change(snap, effects, "swapped")

    return step


def _require_scored(state: PairState, after: int) -> None:
    current = state.current
    if state.phase is not PairPhase.SCORED or current is None or current.number != after:
        raise errors.TurnMovedOn("The next question is already out.")


# -- the end and the feedback -----------------------------------------------------------------


def end(actor: int | None, why: str) -> PairStep:
    """Either member ends at any time (``actor`` None: idle end); the summary follows."""

    def step(snap: Snap, now: datetime) -> PairChange:
        state = snap.state
        _running(state)
        if actor is not None:
            _member(state, actor)
        if state.phase is PairPhase.INVITED:
            if actor is not None and actor != state.inviter:
                raise errors.NotForYou
            state.phase, state.ended_by, state.ended_at = PairPhase.CANCELLED, why, now
            return _change(snap, [invite_edit(snap.id), CancelTimer(timer_key(snap.id, "invite"))], "cancelled")
        if state.phase is PairPhase.ACCEPTED:  # no thread yet: nothing to sum up
            state.phase, state.ended_by, state.ended_at = PairPhase.CANCELLED, why, now
            return _change(snap, [invite_edit(snap.id), CancelTimer(timer_key(snap.id, "idle"))], "cancelled")
        effects: list[Effect] = []
        current = state.current
        if state.phase is PairPhase.ASKING and current is not None:
            payload = {"session": snap.id, "turn": current.number}
            target = post_key(snap.id, f"turn:{current.number}")
            effects.append(Edit(f"{target}:closed", TURN, target, payload))
        return _finish(snap, now, why, effects)

    return step


def _finish(snap: Snap, now: datetime, why: str, effects: list[Effect], *records: Record) -> PairChange:
    state, sid = snap.state, snap.id
    state.phase, state.ended_by, state.ended_at = PairPhase.FINISHED, why, now
    effects += [
        CancelTimer(timer_key(sid, "idle")),
        ScheduleTimer(RELEASE, timer_key(sid, "feedback"), now + FEEDBACK_BLIND_FOR, {"session": sid}),
        Post(post_key(sid, "summary"), SUMMARY, {"session": sid}),
        # After the summary in the thread's order: the sender keeps each channel's order.
        Post(post_key(sid, "archive"), ARCHIVE, {"session": sid}),
    ]
    return _change(snap, effects, "finished", *records)


def access_lost() -> PairStep:
    """Discord refused a post for good (thread deleted, permission removed): the pair ends
    where it is, with nothing more posted there; what was recorded stays."""

    def step(snap: Snap, now: datetime) -> PairChange:
        state = snap.state
        _running(state)
        state.phase = PairPhase.FINISHED if state.turns else PairPhase.CANCELLED
        state.ended_by, state.ended_at = "access-lost", now
        stop = [CancelTimer(timer_key(snap.id, name)) for name in ("invite", "idle")]
        return _change(snap, list(stop), "ended")

    return step


def feedback_open(state: PairState, actor: int) -> None:
    """Refuses what Give feedback cannot do now (checked before the modal opens, and again
    by ``give_feedback`` when it is submitted)."""
    _member(state, actor)
    if state.phase is not PairPhase.FINISHED:
        raise errors.PairOver if state.phase.over else errors.FeedbackNotYet()
    if state.partner is None:
        raise errors.PairOver
    if actor in state.feedback_from:
        raise errors.AlreadySentFeedback
    if state.feedback_released:
        raise errors.FeedbackClosed


def give_feedback(actor: int, record: Callable[[int], PeerFeedback]) -> PairStep:
    """Recorded blind; the second one releases both, in the same write."""

    def step(snap: Snap, now: datetime) -> PairChange:
        state = snap.state
        feedback_open(state, actor)
        about = state.partner if actor == state.inviter else state.inviter
        assert about is not None
        state.feedback_from.append(actor)
        effects: list[Effect] = []
        if len(state.feedback_from) == len(state.members):
            state.feedback_released = True
            effects.append(CancelTimer(timer_key(snap.id, "feedback")))
        return _change(snap, effects, "released" if state.feedback_released else "sent", record(about))

    return step


def release() -> PairStep:
    """24 hours after the end: whatever was sent is shown, and the window closes."""

    def step(snap: Snap, now: datetime) -> PairChange:
        if snap.state.phase is not PairPhase.FINISHED or snap.state.feedback_released:
            raise errors.FeedbackClosed
        snap.state.feedback_released = True
        return _change(snap, [], "released")

    return step
