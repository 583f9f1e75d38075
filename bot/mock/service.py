"""Live rounds as a service: each member action, deadline or autoplay tick is one call.

No Discord here. Every action names the session and the round it acts on, so a stale
button or a double click is refused by the state, not by the UI, and every host control
is checked against the actor's rights by the engine (``bot.mock.core.require_host``).
An answer is committed (the attempt and its ``mock_answers`` row) before this returns.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Sequence
from datetime import datetime

from bot.bank import Bank, Difficulty, Question
from bot.clock import Clock
from bot.engine import errors as engine_errors
from bot.engine.service import ANSWER_MAX_CHARS
from bot.grading import Grade, Grader
from bot.mock import errors, rounds
from bot.mock.cards import Cards
from bot.mock.core import Actor, SessionCore, Snapshot, already_playing, idle_timer
from bot.mock.outcomes import Recorded, SessionPlan
from bot.mock.plan import make_plan, thread_name
from bot.mock.scoring import round_points, streak_before
from bot.mock.state import CloseReason, Phase, Round, RoundsState, Settings
from bot.store import Mode, NewAttempt
from bot.store import mock as rows
from bot.store.timers import Timer

log = logging.getLogger(__name__)

MAX_RUNNING = 3  # sessions per server at once


class MockService:
    def __init__(
        self,
        bank: Bank,
        grader: Grader,
        store: rows.MockStore,
        clock: Clock,
        *,
        notify: Callable[[], None] = lambda: None,
        seeds: Callable[[], int] | None = None,
    ) -> None:
        self.bank = bank
        self.grader = grader
        self.store = store
        self.clock = clock
        self.core: SessionCore[RoundsState] = SessionCore(store, clock, RoundsState.from_json, kind="rounds")
        self.cards = Cards(bank, grader, store, self.core)
        # Called after every write that queued a post or moved a timer: wakes the sender
        # and the scheduler instead of leaving them to their next poll.
        self._notify = notify
        self._seeds = seeds or (lambda: random.SystemRandom().getrandbits(32))

    # -- opening a session ----------------------------------------------------------------------

    def plan(
        self,
        topics: Sequence[str],
        difficulty: Difficulty | None,
        rounds_wanted: int,
        round_time: int | None,
        autoplay: bool,
    ) -> SessionPlan:
        return make_plan(self.bank, topics, difficulty, rounds_wanted, round_time, autoplay)

    @staticmethod
    def thread_name(plan: SessionPlan) -> str:
        """'Mock: Routing, 5 rounds', within Discord's 100 characters."""
        return thread_name(plan)

    async def check_can_open(self, guild_id: int, user_id: int) -> None:
        """Refuse before a thread is made (the database decides again when the lobby opens)."""
        seat = await self.store.seat_of(guild_id, user_id)
        if seat is not None:
            raise errors.AlreadyPlaying(seat.thread_id)
        if await self.store.running_count(guild_id) >= MAX_RUNNING:
            raise errors.TooManySessions(MAX_RUNNING)

    async def open_lobby(self, guild_id: int, channel_id: int, thread_id: int, host_id: int, plan: SessionPlan) -> int:
        difficulty = Difficulty(plan.difficulty) if plan.difficulty else None
        settings = Settings(list(plan.topics), difficulty, plan.rounds, plan.round_time, plan.autoplay)
        state = RoundsState(settings, self._seeds())
        now = self.clock.now()
        try:
            session_id = await self.store.create_session(
                guild_id=guild_id,
                channel_id=channel_id,
                thread_id=thread_id,
                host_id=host_id,
                kind="rounds",
                state_json=state.to_json(),
                now=now,
                max_running=MAX_RUNNING,
                host_role="player",
                effects=lambda sid: [
                    rows.Post(rounds.lobby_key(sid), rounds.LOBBY, {"session": sid}),
                    idle_timer(sid, now),
                ],
            )
        except rows.NoFreeSlot:
            raise errors.TooManySessions(MAX_RUNNING) from None
        except rows.AlreadyInSession:
            raise await already_playing(self.store, guild_id, host_id) from None
        self._notify()
        return session_id

    # -- the lobby ------------------------------------------------------------------------------

    async def join(self, session_id: int, user_id: int) -> bool:
        snap = await self.core.snapshot(session_id)
        effects = [rounds.lobby_edit(session_id)]
        try:
            added = await self.store.join(
                snap.row, user_id, self.clock.now(), max_players=rounds.MAX_PLAYERS, effects=effects
            )
        except rows.NotAccepting:
            self.core.forget(session_id)
            raise errors.SessionOver from None
        except rows.AlreadyInSession:
            raise await already_playing(self.store, snap.row.guild_id, user_id) from None
        except rows.SessionFull:
            raise errors.SessionFull(rounds.MAX_PLAYERS) from None
        self._notify()
        return added

    async def leave(self, session_id: int, user_id: int) -> bool:
        snap = await self.core.snapshot(session_id)
        try:
            removed = await self.store.leave(
                snap.row, user_id, self.clock.now(), effects=[rounds.lobby_edit(session_id)]
            )
        except rows.NotAccepting:
            self.core.forget(session_id)
            raise errors.NotInLobby("The session has started: you can simply stop answering.") from None
        self._notify()
        return removed

    # -- host controls (rights checked by each step) ----------------------------------------

    async def start(self, session_id: int, actor: Actor) -> None:
        await self._transition(session_id, rounds.start(actor, self.bank))

    async def cancel(self, session_id: int, actor: Actor) -> None:
        await self._transition(session_id, rounds.cancel(actor))

    async def close_now(self, session_id: int, number: int, actor: Actor) -> None:
        await self._transition(session_id, rounds.close(number, CloseReason.HOST, actor))

    async def skip(self, session_id: int, number: int, actor: Actor) -> None:
        await self._transition(session_id, rounds.skip(number, actor, self.bank))

    async def next_round(self, session_id: int, after: int, actor: Actor) -> None:
        await self._transition(session_id, rounds.next_round(actor, after, self.bank))

    async def end(self, session_id: int, actor: Actor) -> None:
        await self._transition(session_id, rounds.end(actor, "host"))

    async def _transition(self, session_id: int, step: rounds.RoundStep, *, claim: Timer | None = None) -> None:
        await self.core.transition(session_id, step, claim=claim)
        self._notify()

    # -- answers ------------------------------------------------------------------------------

    async def open_round_for(self, session_id: int, number: int, user_id: int) -> tuple[Round, Question]:
        """The round a member is about to answer, before the modal opens: refused now if it
        is closed, already answered or the member plays elsewhere, rather than after typing.
        (The answer's own write decides again.)"""
        snap = await self._current(session_id, number)
        answerable = self._answerable(snap, number, self.clock.now())
        if await self.store.answer_of(session_id, number, user_id) is not None:
            raise errors.AlreadyAnswered(number)
        seat = await self.store.seat_of(snap.row.guild_id, user_id)
        if seat is not None and seat.id != session_id:
            raise errors.AlreadyPlaying(seat.thread_id)
        return answerable

    async def answer(self, session_id: int, number: int, user_id: int, text: str, *, at: datetime) -> Recorded:
        """Grade and record an open answer; ``at`` is when the member submitted it (Discord's
        timestamp of the interaction): speed points and lateness are measured from it."""
        if len(text) > ANSWER_MAX_CHARS:
            raise engine_errors.AnswerTooLong(ANSWER_MAX_CHARS)
        snap = await self._current(session_id, number)
        submitted = min(at, self.clock.now())  # never trust a time in the future
        current, question = self._answerable(snap, number, submitted)
        if not question.is_open:
            raise errors.StaleRound("This round is multiple choice: pick one of the options.")
        grade = self.grader.grade(question, text)
        return await self._record(snap, current, question, user_id, text, None, grade, submitted)

    async def choose(self, session_id: int, number: int, user_id: int, position: int, *, at: datetime) -> Recorded:
        snap = await self._current(session_id, number)
        submitted = min(at, self.clock.now())
        current, question = self._answerable(snap, number, submitted)
        if question.is_open or not 0 <= position < len(current.option_order):
            raise errors.StaleRound("That option is not part of this round.")
        canonical = current.option_order[position]
        chosen = question.options[canonical]
        grade = self.grader.grade(question, chosen)
        return await self._record(snap, current, question, user_id, chosen, canonical, grade, submitted)

    async def _current(self, session_id: int, number: int) -> Snapshot[RoundsState]:
        snap = await self.core.snapshot(session_id)
        current = snap.state.current
        if current is None or current.number < number:  # another process may have moved on
            snap = await self.core.snapshot(session_id, fresh=True)
        return snap

    def _answerable(self, snap: Snapshot[RoundsState], number: int, submitted: datetime) -> tuple[Round, Question]:
        state = snap.state
        if state.phase in (Phase.FINISHED, Phase.CANCELLED):
            raise errors.SessionOver
        target = state.round(number)
        if target is None:
            raise errors.StaleRound()
        if not target.is_open or submitted > target.deadline:
            raise errors.RoundClosed(number)
        question = self.bank.question(target.question_id)
        if question is None:
            raise errors.StaleRound("This question was removed from the bank; the host can Skip it.")
        return target, question

    async def _record(
        self,
        snap: Snapshot[RoundsState],
        current: Round,
        question: Question,
        user_id: int,
        text: str,
        choice: int | None,
        grade: Grade,
        submitted: datetime,
    ) -> Recorded:
        sid, number = snap.id, current.number
        elapsed_ms = max(0, int((submitted - current.opened_at).total_seconds() * 1000))
        missed = tuple(i for i, point in enumerate(question.key_points) if point in grade.missed)
        draft = rows.AnswerDraft(
            sid, number, user_id, question.id, text, choice, grade.score, grade.passed, elapsed_ms, missed,
            submitted, rounds.MAX_PLAYERS,
        )  # fmt: skip

        def points(earlier: dict[int, bool]) -> tuple[int, int]:
            streak = streak_before(number, earlier) if grade.passed else 0
            earned = round_points(
                score=grade.score,
                passed=grade.passed,
                difficulty=question.difficulty,
                elapsed_s=elapsed_ms / 1000,
                limit_s=current.limit_s,
                streak=streak,
            )
            return earned, streak

        def attempt(earned: int, _streak: int) -> NewAttempt:
            return NewAttempt(
                guild_id=snap.row.guild_id,
                user_id=user_id,
                question_id=question.id,
                topic=question.topic,
                difficulty=question.difficulty.value,
                mode=Mode.MOCK,
                score=grade.score,
                passed=grade.passed,
                points=earned,
                answered_at=submitted,
                elapsed_ms=elapsed_ms,
                mock_session_id=sid,
            )

        def effects(recorded: rows.AnswerRecorded) -> list[rows.Effect]:
            out: list[rows.Effect] = [rounds.count_edit(sid, number)]
            if recorded.answered >= recorded.players:  # everyone seated has answered: close now
                out.append(rounds.deadline_now(sid, number, submitted))
            return out

        try:
            recorded = await self.store.record_answer(snap.row, draft, attempt, points, effects)
        except rows.NotAccepting:
            self.core.forget(sid)
            raise errors.RoundClosed(number) from None
        except rows.DuplicateAnswer:
            raise errors.AlreadyAnswered(number) from None
        except rows.AlreadyInSession:
            raise await already_playing(self.store, snap.row.guild_id, user_id) from None
        except rows.SessionFull:
            raise errors.SessionFull(rounds.MAX_PLAYERS) from None
        self._notify()
        return Recorded(number, elapsed_ms / 1000, recorded.answered)

    # -- timers and Discord's refusals ---------------------------------------------------------

    async def on_deadline(self, timer: Timer) -> None:
        reason = CloseReason(timer.payload.get("reason", CloseReason.DEADLINE.value))
        await self._on_timer(timer, rounds.close(int(timer.payload["round"]), reason))

    async def on_autoplay(self, timer: Timer) -> None:
        await self._on_timer(timer, rounds.autoplay(int(timer.payload["round"]), self.bank))

    async def on_idle(self, timer: Timer) -> None:
        await self._on_timer(timer, rounds.end(None, "idle"))

    async def _on_timer(self, timer: Timer, step: rounds.RoundStep) -> None:
        session_id = int(timer.payload["session"])
        self.core.forget(session_id)  # a timer acts on what the database holds, not on a cache
        try:
            await self._transition(session_id, step, claim=timer)
        except (errors.SessionOver, errors.StaleRound, errors.NotInLobby):
            await self.store.drop_timer(timer)  # the session moved on by other means
        except rows.TimerGone:
            pass

    async def access_lost(self, session_id: int, guild_id: int, reason: str) -> None:
        """Discord refused a post for good (thread deleted or archived, permission removed):
        the session ends where it is; what was recorded stays; nothing is retried."""
        try:
            await self._transition(session_id, rounds.access_lost(reason))
        except errors.SessionOver:
            return
        log.warning("Mock session %s in server %s ended: %s", session_id, guild_id, reason)
