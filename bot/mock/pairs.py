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
from datetime import datetime

from bot.bank import Bank, Difficulty
from bot.engine.selection import pick_question
from bot.mock import pair_errors as errors
from bot.mock.core import timer_key
from bot.mock.pair_endings import access_lost, end, feedback_open, finish, give_feedback, release
from bot.mock.pair_rules import (
    ARCHIVE,
    EXPIRY,
    FEEDBACK_BLIND_FOR,
    IDLE,
    IDLE_AFTER,
    INVITE,
    INVITE_FOR,
    RELEASE,
    SCORED,
    SUMMARY,
    TURN,
    WRITTEN,
    PairChange,
    PairStep,
    Snap,
    change,
    current_turn,
    expiry_timer,
    idle_timer,
    invite_edit,
    member,
    post_key,
    require_candidate,
    require_interviewer,
    running,
)
from bot.mock.pair_state import PairPhase, PairState, Turn
from bot.store.mock import CancelTimer, Edit, Effect, Post
from bot.store.mock_pairs import PeerScore, SeatMember, WrittenAnswer

# What callers reach through this module: the steps of both halves and the rules' names.
__all__ = [
    "ARCHIVE", "EXPIRY", "FEEDBACK_BLIND_FOR", "IDLE", "IDLE_AFTER", "INVITE", "INVITE_FOR", "MARKS",
    "MAX_GRADE", "RELEASE", "SCORED", "SUMMARY", "TURN", "WRITTEN", "Marks", "PairChange", "PairStep",
    "abort", "accept", "access_lost", "begin", "decline", "draw_turn", "end", "expire", "expiry_timer",
    "feedback_open", "give_feedback", "next_question", "post_key", "release", "require_candidate",
    "require_interviewer", "score", "swap", "write_answer",
]  # fmt: skip


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
        effects: list[Effect] = [
            invite_edit(snap.id),
            CancelTimer(timer_key(snap.id, "invite")),
            idle_timer(snap.id, now),
        ]
        return change(snap, effects, "accepted", SeatMember(actor))

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
        return change(snap, [invite_edit(snap.id), CancelTimer(timer_key(snap.id, "invite"))], state.phase.value)

    return step


def expire() -> PairStep:
    def step(snap: Snap, now: datetime) -> PairChange:
        state = snap.state
        if state.phase is not PairPhase.INVITED:
            raise errors.InvitationClosed
        state.phase, state.ended_by, state.ended_at = PairPhase.EXPIRED, "expired", now
        return change(snap, [invite_edit(snap.id)], "expired")

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
        idle_timer(snap.id, now),
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
        return change(snap, effects, "asking", thread_id=thread_id)

    return step


def abort(why: str) -> PairStep:
    """The thread could not be opened: the pair ends before its first question."""

    def step(snap: Snap, now: datetime) -> PairChange:
        state = snap.state
        if state.phase is not PairPhase.ACCEPTED:
            raise errors.PairOver
        state.phase, state.ended_by, state.ended_at = PairPhase.CANCELLED, why, now
        return change(snap, [invite_edit(snap.id), CancelTimer(timer_key(snap.id, "idle"))], "cancelled")

    return step


def write_answer(actor: int, number: int, record: Callable[[Turn], WrittenAnswer]) -> PairStep:
    def step(snap: Snap, now: datetime) -> PairChange:
        running(snap.state)
        require_candidate(snap.state, number, actor)
        turn = current_turn(snap.state, number)
        if turn.written:
            raise errors.AlreadyWritten
        turn.written = True
        post = Post(post_key(snap.id, f"written:{number}"), WRITTEN, {"session": snap.id, "turn": number})
        return change(snap, [post, idle_timer(snap.id, now)], "written", record(turn))

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
        turn = current_turn(snap.state, number)
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
            return finish(snap, now, "last-question", effects, record(turn))
        effects.append(idle_timer(snap.id, now))
        return change(snap, effects, "scored", record(turn))

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
        return change(snap, effects, "asking")

    return step


def swap(actor: int, after: int, bank: Bank) -> PairStep:
    """After the first side's last question, either member swaps: the candidate interviews."""

    def step(snap: Snap, now: datetime) -> PairChange:
        state = snap.state
        running(state)
        member(state, actor)
        _require_scored(state, after)
        if after != state.settings.per_side:
            raise errors.TurnMovedOn("Roles swap after the last question of the first side.")
        effects: list[Effect] = []
        _ask_next(snap, bank, now, effects)
        return change(snap, effects, "swapped")

    return step


def _require_scored(state: PairState, after: int) -> None:
    current = state.current
    if state.phase is not PairPhase.SCORED or current is None or current.number != after:
        raise errors.TurnMovedOn("The next question is already out.")
