"""The rules every pair-interview step shares: timings, post and timer kinds, keys, and the
role checks. Each step (``bot.mock.pairs``, ``bot.mock.pair_endings``) calls these on the
state it was given, so a role is checked by the engine on every action, whatever button a
member's client showed them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from bot.mock import pair_errors as errors
from bot.mock.core import Change, Snapshot, timer_key
from bot.mock.pair_state import PairPhase, PairState, Turn
from bot.store.mock import Edit, Effect, Record, ScheduleTimer

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


def idle_timer(session_id: int, now: datetime) -> ScheduleTimer:
    """Re-armed by every change while the pair runs: 30 minutes untouched ends it."""
    return ScheduleTimer(IDLE, timer_key(session_id, "idle"), now + IDLE_AFTER, {"session": session_id})


def expiry_timer(session_id: int, now: datetime) -> ScheduleTimer:
    return ScheduleTimer(EXPIRY, timer_key(session_id, "invite"), now + INVITE_FOR, {"session": session_id})


def change(
    snap: Snap, effects: list[Effect], result: str, *records: Record, thread_id: int | None = None
) -> PairChange:
    state = snap.state
    return Change(state, state.phase.status, None, tuple(effects), result, tuple(records), thread_id)


# -- role checks (every in-session action goes through one of these) -------------------------


def member(state: PairState, actor: int) -> None:
    if actor not in state.members:
        raise errors.NotForYou


def running(state: PairState) -> None:
    if state.phase.over:
        raise errors.PairOver


def current_turn(state: PairState, number: int) -> Turn:
    """The turn ``number`` when it is the one out and not yet scored."""
    current = state.current
    if state.phase is not PairPhase.ASKING or current is None or current.number != number:
        raise errors.TurnMovedOn(f"Question {number} is already scored or closed.")
    return current


def require_interviewer(state: PairState, number: int, actor: int) -> Turn:
    running(state)
    member(state, actor)
    turn = state.turn(number)
    if turn is None:
        raise errors.TurnMovedOn
    if turn.interviewer != actor:
        raise errors.InterviewerOnly
    return turn


def require_candidate(state: PairState, number: int, actor: int) -> Turn:
    member(state, actor)
    turn = state.turn(number)
    if turn is None:
        raise errors.TurnMovedOn
    if turn.candidate != actor:
        raise errors.CandidateOnly
    return turn
