"""Peer (pair) interviews as a service: each click, modal or timer is one call. No Discord.

The session lives on the same core as live rounds (``SessionCore``: versioned state,
retried on conflict, timers and posts in the same write); this module turns a member's
action into one of the pure steps of ``bot.mock.pairs``, which check the member's role.
A score, a written answer or a feedback is committed with its state change before any
of these return.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Sequence

from bot.bank import Bank, Difficulty
from bot.clock import Clock
from bot.engine import errors as engine_errors
from bot.engine.service import ANSWER_MAX_CHARS
from bot.grading import PASS_THRESHOLD, Grader
from bot.mock import errors, pair_errors, pairs
from bot.mock.core import SessionCore, Snapshot, already_playing
from bot.mock.pair_cards import PairCards
from bot.mock.pair_outcomes import Accepted, PairPlan
from bot.mock.pair_state import PairPhase, PairSettings, PairState, Turn
from bot.records import Mode, NewAttempt
from bot.store import mock as rows
from bot.store.mock_pairs import AlreadySent, PairRows, PeerFeedback, PeerScore, WrittenAnswer
from bot.store.timers import Timer

log = logging.getLogger(__name__)

MIN_PER_SIDE, MAX_PER_SIDE = 1, 5
THREAD_NAME_MAX = 100  # discord-limits.md
FEEDBACK_TEXT_MAX = 500


class PairService:
    def __init__(
        self,
        bank: Bank,
        grader: Grader,
        store: rows.MockStore,
        pair_rows: PairRows,
        clock: Clock,
        *,
        notify: Callable[[], None] = lambda: None,
        seeds: Callable[[], int] | None = None,
    ) -> None:
        self.bank = bank
        self.grader = grader
        self.store = store
        self.rows = pair_rows
        self.clock = clock
        self.core: SessionCore[PairState] = SessionCore(store, clock, PairState.from_json)
        self.cards = PairCards(bank, pair_rows, self.core)
        self._notify = notify
        self._seeds = seeds or (lambda: random.SystemRandom().getrandbits(32))

    # -- the invitation ---------------------------------------------------------------------

    def plan(self, topics: Sequence[str], difficulty: Difficulty | None, per_side: int) -> PairPlan:
        unknown = [topic for topic in topics if self.bank.topic(topic) is None]
        if unknown:
            raise engine_errors.UnknownTopic(unknown[0], [t.slug for t in self.bank.topics])
        available = sum(q.is_open for q in self.bank.questions(list(topics) or None, difficulty))
        if available < 2:  # one question for each side at least
            raise engine_errors.NoQuestionsAvailable(", ".join(topics) or "the mix")
        return PairPlan(
            topics=tuple(topics),
            topic_titles=tuple(self.bank.topic_title(t) for t in topics),
            difficulty=difficulty.value if difficulty else None,
            per_side=max(MIN_PER_SIDE, min(per_side, MAX_PER_SIDE, available // 2)),
        )

    async def invite(self, guild_id: int, channel_id: int, inviter: int, invitee: int | None, plan: PairPlan) -> int:
        if invitee == inviter:
            raise pair_errors.CannotPairWithYourself
        difficulty = Difficulty(plan.difficulty) if plan.difficulty else None
        now = self.clock.now()
        settings = PairSettings(list(plan.topics), difficulty, plan.per_side)
        state = PairState(settings, self._seeds(), inviter, invitee, now)
        try:
            # The thread comes with the accept; pairs take none of the live-round slots.
            session_id = await self.store.create_session(
                guild_id=guild_id,
                channel_id=channel_id,
                thread_id=None,
                host_id=inviter,
                kind="pair",
                state_json=state.to_json(),
                now=now,
                max_running=None,
                host_role="interviewer",
                effects=lambda sid: [
                    rows.Post(pairs.post_key(sid, "invite"), pairs.INVITE, {"session": sid}),
                    pairs.expiry_timer(sid, now),
                ],
            )
        except rows.AlreadyInSession:
            raise await already_playing(self.store, guild_id, inviter) from None
        self._notify()
        return session_id

    async def accept(self, session_id: int, actor: int) -> Accepted:
        """Two accepts in flight: the versioned write lets one win; the other is refused."""
        try:
            await self._transition(session_id, pairs.accept(actor))
        except rows.AlreadyInSession:
            snap = await self.core.snapshot(session_id)
            raise await already_playing(self.store, snap.row.guild_id, actor) from None
        snap = await self.core.snapshot(session_id)
        assert snap.state.partner is not None
        return Accepted(session_id, snap.state.inviter, snap.state.partner, self.thread_name(snap.state))

    def thread_name(self, state: PairState) -> str:
        titles = " + ".join(self.bank.topic_title(t) for t in state.settings.topics) or "Flask mix"
        return f"Peer interview: {titles}"[:THREAD_NAME_MAX]

    async def decline(self, session_id: int, actor: int) -> str:
        return await self._transition(session_id, pairs.decline(actor))

    async def begin(self, session_id: int, thread_id: int, *, private: bool) -> None:
        await self._transition(session_id, pairs.begin(thread_id, private, self.bank))

    async def abort(self, session_id: int, why: str) -> None:
        """The thread could not be opened: end the pair, say so on the invitation."""
        try:
            await self._transition(session_id, pairs.abort(why))
        except pair_errors.PairOver:
            return

    # -- a turn -------------------------------------------------------------------------------

    async def check_can_write(self, session_id: int, number: int, actor: int) -> str:
        """Refused before the modal opens (and again on submit); returns the prompt."""
        snap = await self._fresh_enough(session_id, number)
        pairs.require_candidate(snap.state, number, actor)
        turn = snap.state.turn(number)
        if snap.state.phase is not PairPhase.ASKING or turn is None or turn.scored:
            raise pair_errors.TurnMovedOn(f"Question {number} is already scored or closed.")
        if turn.written:
            raise pair_errors.AlreadyWritten
        question = self.bank.question(turn.question_id)
        return question.prompt if question else ""

    async def write_answer(self, session_id: int, number: int, actor: int, text: str) -> None:
        """Posted in the thread for the interviewer; the bot's grade waits for the score."""
        if len(text) > ANSWER_MAX_CHARS:
            raise engine_errors.AnswerTooLong(ANSWER_MAX_CHARS)
        snap = await self._fresh_enough(session_id, number)
        turn = pairs.require_candidate(snap.state, number, actor)
        question = self.bank.question(turn.question_id)
        if question is None:
            raise pair_errors.TurnMovedOn("This question was removed from the bank.")
        grade = self.grader.grade(question, text)

        def record(turn: Turn) -> WrittenAnswer:
            return WrittenAnswer(
                turn.number, turn.candidate, turn.interviewer, turn.question_id, text, grade.score, grade.passed
            )

        try:
            await self._transition(session_id, pairs.write_answer(actor, number, record))
        except rows.DuplicateAnswer:
            raise pair_errors.AlreadyWritten from None

    async def submit_score(self, session_id: int, number: int, actor: int, marks: pairs.Marks) -> None:
        snap = await self._fresh_enough(session_id, number)
        turn = pairs.require_interviewer(snap.state, number, actor)
        question = self.bank.question(turn.question_id)
        if question is None:
            raise pair_errors.TurnMovedOn("This question was removed from the bank.")
        guild_id = snap.row.guild_id

        def record(turn: Turn) -> PeerScore:
            now = self.clock.now()
            score = marks.grade / pairs.MAX_GRADE
            attempt = NewAttempt(
                guild_id=guild_id,
                user_id=turn.candidate,
                question_id=question.id,
                topic=question.topic,
                difficulty=question.difficulty.value,
                mode=Mode.MOCK,
                score=score,
                passed=score >= PASS_THRESHOLD,
                # Peer scores never earn leaderboard points: two friends could trade 4/4s.
                points=0,
                answered_at=now,
                elapsed_ms=max(0, int((now - turn.asked_at).total_seconds() * 1000)),
                mock_session_id=session_id,
            )
            return PeerScore(
                turn.number, turn.candidate, turn.interviewer, question.id, marks.marks, marks.grade,
                marks.note[:FEEDBACK_TEXT_MAX], attempt,
            )  # fmt: skip

        step = pairs.score(actor, number, len(question.key_points), marks, record)
        await self._transition(session_id, step)

    async def next_question(self, session_id: int, after: int, actor: int) -> None:
        await self._transition(session_id, pairs.next_question(actor, after, self.bank))

    async def swap(self, session_id: int, after: int, actor: int) -> None:
        await self._transition(session_id, pairs.swap(actor, after, self.bank))

    async def end(self, session_id: int, actor: int) -> None:
        await self._transition(session_id, pairs.end(actor, "member"))

    # -- feedback -------------------------------------------------------------------------------

    async def check_can_give_feedback(self, session_id: int, actor: int) -> None:
        pairs.feedback_open((await self.core.snapshot(session_id, fresh=True)).state, actor)

    async def give_feedback(
        self, session_id: int, actor: int, scores: tuple[int, int, int], strength: str, improve: str
    ) -> str:
        """'sent' (blind until the partner sends theirs or 24 h pass) or 'released'."""
        if any(not 1 <= value <= 5 for value in scores):
            raise pair_errors.BadRating
        communication, depth, clarity = scores

        def record(about: int) -> PeerFeedback:
            return PeerFeedback(
                actor, about, communication, depth, clarity,
                strength.strip()[:FEEDBACK_TEXT_MAX], improve.strip()[:FEEDBACK_TEXT_MAX],
            )  # fmt: skip

        try:
            return await self._transition(session_id, pairs.give_feedback(actor, record))
        except AlreadySent:
            raise pair_errors.AlreadySentFeedback from None

    # -- timers -------------------------------------------------------------------------------

    async def on_expiry(self, timer: Timer) -> None:
        await self._on_timer(timer, pairs.expire())

    async def on_idle(self, timer: Timer) -> None:
        await self._on_timer(timer, pairs.end(None, "idle"))

    async def on_release(self, timer: Timer) -> None:
        await self._on_timer(timer, pairs.release())

    async def _on_timer(self, timer: Timer, step: pairs.PairStep) -> None:
        session_id = int(timer.payload["session"])
        self.core.forget(session_id)  # a timer acts on what the database holds, not on a cache
        try:
            await self._transition(session_id, step, claim=timer)
        except (pair_errors.PairOver, pair_errors.InvitationClosed, pair_errors.FeedbackClosed, errors.SessionOver):
            await self.store.drop_timer(timer)  # the session moved on by other means
        except rows.TimerGone:
            pass

    async def access_lost(self, session_id: int, reason: str) -> None:
        """Discord refused a post for good (thread deleted, permission removed): end the pair
        where it is; what was recorded stays; nothing is retried."""
        try:
            await self._transition(session_id, pairs.access_lost())
        except (pair_errors.PairOver, errors.SessionOver):
            return
        log.warning("Pair session %s ended: %s", session_id, reason)

    # -- plumbing -------------------------------------------------------------------------------

    async def _transition(self, session_id: int, step: pairs.PairStep, *, claim: Timer | None = None) -> str:
        result = await self.core.transition(session_id, step, claim=claim)
        self._notify()
        return result

    async def _fresh_enough(self, session_id: int, number: int) -> Snapshot[PairState]:
        """The cached snapshot, read again when it is behind the turn asked about (another
        process may have moved the pair on)."""
        snap = await self.core.snapshot(session_id)
        current = snap.state.current
        if current is None or current.number < number or not snap.running:
            snap = await self.core.snapshot(session_id, fresh=True)
        return snap
