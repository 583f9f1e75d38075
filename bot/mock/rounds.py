"""Live rounds as a state machine: pure steps from one committed state to the next.

Each step takes a snapshot and the time, raises a domain error when the action does not
apply (not the host, a round already closed, ...) and otherwise returns the new state
with the posts and timers it causes, in the order they must happen: a round's buttons are
disabled (an edit) before its reveal is posted, and the final standings come last.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.bank import Bank, Difficulty
from bot.engine.selection import pick_question, shuffled_options
from bot.mock import errors
from bot.mock.core import Actor, Change, Snapshot, idle_timer, require_host, timer_key
from bot.mock.state import CloseReason, Phase, Round, RoundsState
from bot.store.mock import CancelTimer, Edit, Effect, Post, ScheduleTimer

OPEN_TIME, CHOICE_TIME = 90, 30  # seconds per round unless the host chose one
AUTOPLAY_AFTER = timedelta(seconds=15)
COUNT_EDIT_GAP = timedelta(seconds=5)  # at most one count edit per round message this often
MAX_PLAYERS = 200
FINAL_PAGE_SIZE = 40  # standings lines per final message (discord-limits.md: 4096 a description)
FINAL_PAGES = math.ceil(MAX_PLAYERS / FINAL_PAGE_SIZE)

# Outbox kinds (one renderer each) and timer kinds (one handler each).
LOBBY, ROUND, REVEAL, FINAL = "mock.lobby", "mock.round", "mock.reveal", "mock.final"
DEADLINE, AUTOPLAY = "mock.deadline", "mock.autoplay"

Snap = Snapshot[RoundsState]
RoundStep = Callable[[Snap, datetime], Change[RoundsState, str]]


def lobby_key(session_id: int) -> str:
    return f"mock:{session_id}:lobby"


def round_key(session_id: int, number: int) -> str:
    return f"mock:{session_id}:round:{number}"


def reveal_key(session_id: int, number: int) -> str:
    return f"mock:{session_id}:reveal:{number}"


def final_key(session_id: int, page: int) -> str:
    return f"mock:{session_id}:final:{page}"


def lobby_edit(session_id: int, *, done: bool = False) -> Edit:
    """Members joining are debounced; the lobby closing (start, cancel) goes out at once."""
    key = f"{lobby_key(session_id)}:{'done' if done else 'edit'}"
    gap = timedelta(0) if done else COUNT_EDIT_GAP
    return Edit(key, LOBBY, lobby_key(session_id), {"session": session_id}, gap)


def count_edit(session_id: int, number: int) -> Edit:
    payload = {"session": session_id, "round": number}
    return Edit(f"{round_key(session_id, number)}:count", ROUND, round_key(session_id, number), payload, COUNT_EDIT_GAP)


def deadline_now(session_id: int, number: int, now: datetime) -> ScheduleTimer:
    """Every seated member answered: the round's deadline timer moves to now."""
    payload = {"session": session_id, "round": number, "reason": CloseReason.EVERYONE.value}
    return ScheduleTimer(DEADLINE, timer_key(session_id, "deadline"), now, payload)


# -- opening ------------------------------------------------------------------------------------


def draw_round(state: RoundsState, bank: Bank, now: datetime) -> Round | None:
    """The next round's question (never one asked before in this session), or None."""
    number = len(state.rounds) + 1
    rng = random.Random(f"{state.seed}:{number}")
    settings = state.settings
    difficulty = settings.difficulty or Difficulty.from_rank(rng.randrange(3))
    question = pick_question(
        bank,
        topics=settings.topics,
        difficulty=difficulty,
        exclude={r.question_id for r in state.rounds},
        recently_seen=(),
        rng=rng,
        strict_difficulty=settings.difficulty is not None,
    )
    if question is None:
        return None
    limit = settings.round_time or (OPEN_TIME if question.is_open else CHOICE_TIME)
    order = [] if question.is_open else shuffled_options(question, rng)
    return Round(number, question.id, order, now, now + timedelta(seconds=limit), limit)


def _open_next(snap: Snap, bank: Bank, now: datetime, effects: list[Effect]) -> Change[RoundsState, str]:
    state, sid = snap.state, snap.id
    effects.append(CancelTimer(timer_key(sid, "autoplay")))
    upcoming = None if state.is_last_round else draw_round(state, bank, now)
    if upcoming is None:
        return _finish(snap, now, "last-round", effects)
    state.rounds.append(upcoming)
    state.phase = Phase.OPEN
    payload = {"session": sid, "round": upcoming.number}
    effects += [
        Post(round_key(sid, upcoming.number), ROUND, payload),
        ScheduleTimer(DEADLINE, timer_key(sid, "deadline"), upcoming.deadline, payload),
        idle_timer(sid, now),
    ]
    return Change(state, Phase.OPEN.status, upcoming.number, tuple(effects), "opened")


def start(actor: Actor, bank: Bank) -> RoundStep:
    def step(snap: Snap, now: datetime) -> Change[RoundsState, str]:
        require_host(snap, actor)
        if snap.state.phase is not Phase.LOBBY:
            raise errors.NotInLobby()
        return _open_next(snap, bank, now, [lobby_edit(snap.id, done=True)])

    return step


def next_round(actor: Actor, after: int, bank: Bank) -> RoundStep:
    """Open the round after ``after`` (the reveal's Next round); a double click opens one."""

    def step(snap: Snap, now: datetime) -> Change[RoundsState, str]:
        require_host(snap, actor)
        _require_between_rounds(snap.state, after)
        return _open_next(snap, bank, now, [])

    return step


def autoplay(after: int, bank: Bank) -> RoundStep:
    def step(snap: Snap, now: datetime) -> Change[RoundsState, str]:
        _require_between_rounds(snap.state, after)
        return _open_next(snap, bank, now, [])

    return step


def _require_between_rounds(state: RoundsState, after: int) -> None:
    if state.phase is Phase.LOBBY:
        raise errors.StaleRound("The session has not started yet.")
    if state.phase is not Phase.REVEALED or len(state.rounds) != after:
        raise errors.StaleRound("The next round is already under way.")


# -- closing ------------------------------------------------------------------------------------


def close(number: int, reason: CloseReason, actor: Actor | None = None) -> RoundStep:
    """Close round ``number`` now (deadline, everyone answered, Close now); reveal it."""

    def step(snap: Snap, now: datetime) -> Change[RoundsState, str]:
        if actor is not None:
            require_host(snap, actor)
        current = snap.state.current
        if snap.state.phase is not Phase.OPEN or current is None or current.number != number:
            raise errors.StaleRound(f"Round {number} is already closed.")
        effects: list[Effect] = []
        _close_current(snap, now, reason, effects)
        if snap.state.is_last_round:
            return _finish(snap, now, "last-round", effects)
        snap.state.phase = Phase.REVEALED
        if snap.state.settings.autoplay:
            payload = {"session": snap.id, "round": number}
            effects.append(ScheduleTimer(AUTOPLAY, timer_key(snap.id, "autoplay"), now + AUTOPLAY_AFTER, payload))
        effects.append(idle_timer(snap.id, now))
        return Change(snap.state, Phase.REVEALED.status, None, tuple(effects), "closed")

    return step


def skip(number: int, actor: Actor, bank: Bank) -> RoundStep:
    """Close the open round without a reveal and open the next one at once."""

    def step(snap: Snap, now: datetime) -> Change[RoundsState, str]:
        require_host(snap, actor)
        current = snap.state.current
        if snap.state.phase is not Phase.OPEN or current is None or current.number != number:
            raise errors.StaleRound(f"Round {number} is already closed.")
        effects: list[Effect] = []
        _close_current(snap, now, CloseReason.SKIPPED, effects)
        return _open_next(snap, bank, now, effects)

    return step


def _close_current(snap: Snap, now: datetime, reason: CloseReason, effects: list[Effect]) -> None:
    current = snap.state.current
    assert current is not None and current.is_open
    current.closed_at, current.closed_by = now, reason
    sid, number = snap.id, current.number
    # The disabling edit has its own key (not the debounced count's): it is due now, so the
    # sender, which keeps each channel's order, sends it before the reveal queued after it.
    effects += [
        CancelTimer(timer_key(sid, "deadline")),
        Edit(f"{round_key(sid, number)}:closed", ROUND, round_key(sid, number), {"session": sid, "round": number}),
    ]
    if reason is not CloseReason.SKIPPED:
        effects.append(Post(reveal_key(sid, number), REVEAL, {"session": sid, "round": number}))


# -- ending -------------------------------------------------------------------------------------


def end(actor: Actor | None, why: str) -> RoundStep:
    """End now with the final standings (the open round is closed and revealed first).
    ``actor`` None: the session ended by itself (idle)."""

    def step(snap: Snap, now: datetime) -> Change[RoundsState, str]:
        if actor is not None:
            require_host(snap, actor)
        state = snap.state
        if state.phase in (Phase.FINISHED, Phase.CANCELLED):
            raise errors.SessionOver
        effects: list[Effect] = []
        if state.phase is Phase.LOBBY:
            return _cancel(snap, why, effects)
        if state.phase is Phase.OPEN:
            _close_current(snap, now, CloseReason.ENDED, effects)
        return _finish(snap, now, why, effects)

    return step


def cancel(actor: Actor) -> RoundStep:
    def step(snap: Snap, now: datetime) -> Change[RoundsState, str]:
        require_host(snap, actor)
        if snap.state.phase is not Phase.LOBBY:
            raise errors.NotInLobby("The session has started: use End to stop it with standings.")
        return _cancel(snap, "cancelled", [])

    return step


def _cancel(snap: Snap, why: str, effects: list[Effect]) -> Change[RoundsState, str]:
    snap.state.phase, snap.state.ended_by = Phase.CANCELLED, why
    effects += [lobby_edit(snap.id, done=True), *_stop_timers(snap.id)]
    return Change(snap.state, Phase.CANCELLED.status, None, tuple(effects), "cancelled")


def _finish(snap: Snap, now: datetime, why: str, effects: list[Effect]) -> Change[RoundsState, str]:
    snap.state.phase, snap.state.ended_by = Phase.FINISHED, why
    effects += _stop_timers(snap.id)
    # Enough pages for a full session; a renderer with nothing to show sends nothing.
    effects += [
        Post(final_key(snap.id, page), FINAL, {"session": snap.id, "page": page}) for page in range(1, FINAL_PAGES + 1)
    ]
    return Change(snap.state, Phase.FINISHED.status, None, tuple(effects), "finished")


def _stop_timers(session_id: int) -> list[Effect]:
    return [CancelTimer(timer_key(session_id, name)) for name in ("deadline", "autoplay", "idle")]


def access_lost(reason: str) -> RoundStep:
    """Discord refused a post for good: the session ends where it is, and posts nothing more."""

    def step(snap: Snap, now: datetime) -> Change[RoundsState, str]:
        state = snap.state
        if state.phase in (Phase.FINISHED, Phase.CANCELLED):
            raise errors.SessionOver
        current = state.current
        if state.phase is Phase.OPEN and current is not None:
            current.closed_at, current.closed_by = now, CloseReason.ENDED
        state.phase = Phase.FINISHED if state.rounds else Phase.CANCELLED
        state.ended_by, state.access_lost = "access-lost", reason
        return Change(state, state.phase.status, None, tuple(_stop_timers(snap.id)), "ended")

    return step
