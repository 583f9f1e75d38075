"""How a pair interview ends (last score, End, idle, lost access) and the blind feedback
after it: pure steps on the session core, like ``bot.mock.pairs``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.mock import pair_errors as errors
from bot.mock.core import timer_key
from bot.mock.pair_rules import (
    ARCHIVE,
    FEEDBACK_BLIND_FOR,
    RELEASE,
    SUMMARY,
    TURN,
    PairChange,
    PairStep,
    Snap,
    change,
    invite_edit,
    member,
    post_key,
    running,
)
from bot.mock.pair_state import PairPhase, PairState
from bot.store.mock import CancelTimer, Edit, Effect, Post, Record, ScheduleTimer
from bot.store.mock_pairs import PeerFeedback

# -- the end and the feedback -----------------------------------------------------------------


def end(actor: int | None, why: str) -> PairStep:
    """Either member ends at any time (``actor`` None: idle end); the summary follows."""

    def step(snap: Snap, now: datetime) -> PairChange:
        state = snap.state
        running(state)
        if actor is not None:
            member(state, actor)
        if state.phase is PairPhase.INVITED:
            if actor is not None and actor != state.inviter:
                raise errors.NotForYou
            state.phase, state.ended_by, state.ended_at = PairPhase.CANCELLED, why, now
            return change(snap, [invite_edit(snap.id), CancelTimer(timer_key(snap.id, "invite"))], "cancelled")
        if state.phase is PairPhase.ACCEPTED:  # no thread yet: nothing to sum up
            state.phase, state.ended_by, state.ended_at = PairPhase.CANCELLED, why, now
            return change(snap, [invite_edit(snap.id), CancelTimer(timer_key(snap.id, "idle"))], "cancelled")
        effects: list[Effect] = []
        current = state.current
        if state.phase is PairPhase.ASKING and current is not None:
            payload = {"session": snap.id, "turn": current.number}
            target = post_key(snap.id, f"turn:{current.number}")
            effects.append(Edit(f"{target}:closed", TURN, target, payload))
        return finish(snap, now, why, effects)

    return step


def finish(snap: Snap, now: datetime, why: str, effects: list[Effect], *records: Record) -> PairChange:
    state, sid = snap.state, snap.id
    state.phase, state.ended_by, state.ended_at = PairPhase.FINISHED, why, now
    effects += [
        CancelTimer(timer_key(sid, "idle")),
        ScheduleTimer(RELEASE, timer_key(sid, "feedback"), now + FEEDBACK_BLIND_FOR, {"session": sid}),
        Post(post_key(sid, "summary"), SUMMARY, {"session": sid}),
        # After the summary in the thread's order: the sender keeps each channel's order.
        Post(post_key(sid, "archive"), ARCHIVE, {"session": sid}),
    ]
    return change(snap, effects, "finished", *records)


def access_lost() -> PairStep:
    """Discord refused a post for good (thread deleted, permission removed): the pair ends
    where it is, with nothing more posted there; what was recorded stays."""

    def step(snap: Snap, now: datetime) -> PairChange:
        state = snap.state
        running(state)
        state.phase = PairPhase.FINISHED if state.turns else PairPhase.CANCELLED
        state.ended_by, state.ended_at = "access-lost", now
        stop = [CancelTimer(timer_key(snap.id, name)) for name in ("invite", "idle")]
        return change(snap, list(stop), "ended")

    return step


def feedback_open(state: PairState, actor: int) -> None:
    """Refuses what Give feedback cannot do now (checked before the modal opens, and again
    by ``give_feedback`` when it is submitted)."""
    member(state, actor)
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
        return change(snap, effects, "released" if state.feedback_released else "sent", record(about))

    return step


def release() -> PairStep:
    """24 hours after the end: whatever was sent is shown, and the window closes."""

    def step(snap: Snap, now: datetime) -> PairChange:
        if snap.state.phase is not PairPhase.FINISHED or snap.state.feedback_released:
            raise errors.FeedbackClosed
        snap.state.feedback_released = True
        return change(snap, [], "released")

    return step
