"""Solo interviews as a service: each member action is one call, each call one stored step.

No Discord here: the cog and the terminal both call these methods and render the frozen
outcomes they return. Every method that changes an interview takes the member's id and
the question index the member acted on, so a stale button or a double click is refused
by the state, not by the UI.
"""

from __future__ import annotations

import contextlib
import random
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.bank import Bank, Difficulty, Question
from bot.clock import Clock
from bot.engine import errors
from bot.engine.keyed_locks import KeyedLocks
from bot.engine.outcomes import AnswerGraded, ChoiceOption, InterviewReport, QuestionAsked
from bot.engine.ports import InterviewStorage
from bot.engine.report import build_report
from bot.engine.review import rating_for, schedule
from bot.engine.scoring import max_points, points_for
from bot.engine.selection import pick_question, shuffled_options
from bot.engine.state import InterviewState, SessionKind, Slot, SlotStatus
from bot.grading import Grade, Grader
from bot.records import ActiveSessionConflict, Mode, NewAttempt

MIN_QUESTIONS, MAX_QUESTIONS = 1, 20
COMMITTED_CACHE_SIZE = 2000  # interviews whose state is served from memory
ANSWER_MAX_CHARS = 4000  # the modal's own limit (discord-limits.md); the terminal enforces it too


@dataclass(slots=True)
class _Committed:
    """An interview as last committed: its owner, status and parsed state.

    The state object is the one actions mutate; an action that fails before its write
    commits drops the entry, so what is cached never runs ahead of the database.
    """

    user_id: int
    status: str
    state: InterviewState


class InterviewService:
    def __init__(
        self,
        bank: Bank,
        grader: Grader,
        storage: InterviewStorage,
        clock: Clock,
        *,
        seeds: Callable[[], int] | None = None,
    ) -> None:
        self._bank = bank
        self._grader = grader
        self._storage = storage
        self._clock = clock
        self._seeds = seeds or (lambda: random.SystemRandom().getrandbits(32))
        # One lock per interview while someone acts on it: two clicks on one question are
        # handled one after the other, so the second sees the first's result and is refused
        # as stale. An entry exists only while held or awaited, so the dict stays small.
        self._locks: KeyedLocks[int] = KeyedLocks()
        # One replace (abandon, then start) per member at a time: see replace().
        self._member_locks: KeyedLocks[tuple[int, int]] = KeyedLocks()
        # What was last committed for each recent interview. Only this service writes
        # interview state, so serving it from here saves a database read and a JSON parse
        # on every click.
        self._committed: OrderedDict[int, _Committed] = OrderedDict()

    # -- starting ------------------------------------------------------------------------------

    async def start(
        self, guild_id: int, user_id: int, *, topics: Sequence[str], difficulty: Difficulty | None, count: int
    ) -> QuestionAsked:
        unknown = [topic for topic in topics if self._bank.topic(topic) is None]
        if unknown:
            raise errors.UnknownTopic(unknown[0], [t.slug for t in self._bank.topics])
        # Never promise more questions than the chosen topics and difficulty hold.
        available = len(self._bank.questions(topics or None, difficulty))
        count = max(MIN_QUESTIONS, min(count, MAX_QUESTIONS, available))
        state = InterviewState(
            guild_id,
            user_id,
            SessionKind.INTERVIEW,
            list(topics),
            difficulty,
            count,
            self._seeds(),
            level=difficulty.rank if difficulty else Difficulty.MEDIUM.rank,
        )
        return await self._create(state)

    async def replace(
        self,
        guild_id: int,
        user_id: int,
        session_id: int,
        *,
        topics: Sequence[str],
        difficulty: Difficulty | None,
        count: int,
    ) -> tuple[QuestionAsked, bool]:
        """Abandon interview ``session_id`` and start a new one, as one step per member.

        Returns (the view, True) when this call started it. When ``session_id`` was already
        closed (a second click of the same offer) nothing is abandoned and the member's
        running interview is returned with False: two clicks make one new interview.
        """
        async with self._member_locks.hold((guild_id, user_id)):
            try:
                await self.abandon_interview(session_id, user_id)
            except errors.InterviewNotFound:
                return await self.resume(guild_id, user_id), False
            return await self.start(guild_id, user_id, topics=topics, difficulty=difficulty, count=count), True

    async def start_review(self, guild_id: int, user_id: int, *, count: int = 10) -> QuestionAsked:
        now = self._clock.now()
        due = await self._storage.due_reviews(guild_id, user_id, now, max(MIN_QUESTIONS, min(count, MAX_QUESTIONS)))
        planned = [card.question_id for card in due if card.question_id in self._bank]
        if not planned:
            upcoming = await self._storage.next_review_due(guild_id, user_id)
            raise errors.NothingToReview(_relative(upcoming, now) if upcoming else None)
        state = InterviewState(
            guild_id, user_id, SessionKind.REVIEW, [], None, len(planned), self._seeds(), planned=planned
        )
        return await self._create(state)

    async def _create(self, state: InterviewState) -> QuestionAsked:
        existing = await self._storage.active_interview(state.guild_id, state.user_id)
        if existing is not None:
            raise errors.ActiveInterviewExists(existing.id)
        await self._ask_next(state, session_id=0)
        if state.current is None:
            raise errors.NoQuestionsAvailable(self._describe(state))
        state_json = state.to_json()
        try:
            session_id = await self._storage.create_interview(
                state.guild_id, state.user_id, state.kind.value, state_json, self._clock.now()
            )
        except ActiveSessionConflict:  # a concurrent start won the race
            existing = await self._storage.active_interview(state.guild_id, state.user_id)
            raise errors.ActiveInterviewExists(existing.id if existing else 0) from None
        # SQLite may reuse the id of a deleted interview: whatever was cached under it goes.
        self._remember(session_id, _Committed(state.user_id, "active", state))
        return self._view(session_id, state)

    # -- the member's actions ---------------------------------------------------------------------

    async def resume(self, guild_id: int, user_id: int) -> QuestionAsked:
        """The current question of the member's active interview (asking the next one if due)."""
        session_id = await self._active_id(guild_id, user_id)
        async with self._acting(session_id, user_id) as state:
            current = state.current
            gone = current is not None and not current.done and current.question_id not in self._bank
            if gone:  # removed from the bank since it was asked: move on rather than strand the member
                self._skip_slot(state, None)
            if current is not None and (current.done or gone) and not state.finished:
                outcome = await self._advance(session_id, state)
                if isinstance(outcome, InterviewReport):
                    raise errors.NoActiveInterview
                return outcome
            return self._view(session_id, state)

    async def answer(
        self, session_id: int, user_id: int, index: int, text: str, *, at: datetime | None = None
    ) -> AnswerGraded:
        """Grade and record an open answer. ``at`` is when the member submitted it (Discord's
        timestamp of the interaction), so a busy bot never makes an answer late."""
        if len(text) > ANSWER_MAX_CHARS:
            raise errors.AnswerTooLong(ANSWER_MAX_CHARS)
        async with self._acting(session_id, user_id) as state:
            slot, question = self._question_at(state, index)
            if not question.is_open:
                raise errors.StaleAction("This is a multiple-choice question: pick one of the options.")
            return await self._grade_and_record(session_id, state, slot, question, text, chosen="", at=at)

    async def choose(
        self, session_id: int, user_id: int, index: int, position: int, *, at: datetime | None = None
    ) -> AnswerGraded:
        async with self._acting(session_id, user_id) as state:
            slot, question = self._question_at(state, index)
            if question.is_open or not 0 <= position < len(slot.option_order):
                raise errors.StaleAction("That option is not part of this question.")
            canonical = slot.option_order[position]
            if canonical in slot.hints:
                raise errors.StaleAction("That option was removed by your hint.")
            chosen = question.options[canonical]
            return await self._grade_and_record(session_id, state, slot, question, chosen, chosen=chosen, at=at)

    async def hint(self, session_id: int, user_id: int, index: int) -> QuestionAsked:
        """Reveal one key point (open) or remove one distractor (choice); halves the points."""
        async with self._acting(session_id, user_id) as state:
            slot, question = self._question_at(state, index)
            if question.is_open:
                order = sorted(range(len(question.key_points)), key=lambda i: -question.key_points[i].weight)
                remaining = [i for i in order if i not in slot.hints]
            else:
                remaining = [i for i in slot.option_order if i != 0 and i not in slot.hints][:1]
                if slot.hints or len(slot.option_order) <= 2:
                    remaining = []
            if not remaining:
                raise errors.StaleAction("There are no more hints for this question.")
            slot.hints.append(remaining[0])
            await self._save(session_id, state, self._clock.now())
            return self._view(session_id, state)

    async def skip(self, session_id: int, user_id: int, index: int) -> QuestionAsked | InterviewReport:
        async with self._acting(session_id, user_id) as state:
            slot = self._slot_at(state, index)
            # A question removed from the bank can still be skipped: that is the way past it.
            self._skip_slot(state, self._bank.question(slot.question_id))
            return await self._advance(session_id, state)

    async def next_question(self, session_id: int, user_id: int, index: int) -> QuestionAsked | InterviewReport:
        """After feedback on question ``index``: the next question, or the report after the last."""
        async with self._acting(session_id, user_id, allow_finished=True) as state:
            if state.finished:  # "See your report" after the last answer
                return await self._report(session_id, state)
            if state.index != index or (state.current is not None and not state.current.done):
                return self._view(session_id, state)  # a double click: show where we are
            return await self._advance(session_id, state)

    async def end(self, session_id: int, user_id: int) -> InterviewReport:
        async with self._acting(session_id, user_id, allow_finished=True) as state:
            if not state.finished:
                state.ended_early = True
            if self._committed[session_id].status == "active":  # _acting has just cached it
                await self._save(session_id, state, self._clock.now(), status="finished")
            return await self._report(session_id, state)

    async def end_active(self, guild_id: int, user_id: int) -> InterviewReport:
        return await self.end(await self._active_id(guild_id, user_id), user_id)

    async def abandon(self, guild_id: int, user_id: int) -> int:
        """Close the member's active interview without a report; answers stay recorded."""
        session_id = await self._active_id(guild_id, user_id)
        return await self.abandon_interview(session_id, user_id)

    async def abandon_interview(self, session_id: int, user_id: int) -> int:
        """Close this interview of the member's without a report (StaleAction when it is not active)."""
        async with self._acting(session_id, user_id) as state:
            state.ended_early = True
            await self._save(session_id, state, self._clock.now(), status="abandoned")
        return session_id

    async def close_for_deletion(self, guild_id: int, user_id: int) -> None:
        """The member is deleting their data: abandon their running interview, if any."""
        with contextlib.suppress(errors.NoActiveInterview):
            await self.abandon(guild_id, user_id)

    def forget_member(self, user_id: int) -> None:
        """Drop what is cached of a member's interviews (their data was deleted)."""
        for session_id in [sid for sid, entry in self._committed.items() if entry.user_id == user_id]:
            del self._committed[session_id]

    async def report(self, session_id: int, user_id: int) -> InterviewReport:
        state = await self._state_for(session_id, user_id, allow_finished=True)
        return await self._report(session_id, state)

    async def current_view(self, session_id: int, user_id: int) -> QuestionAsked:
        return self._view(session_id, await self._state_for(session_id, user_id))

    # -- internals -----------------------------------------------------------------------------

    async def _active_id(self, guild_id: int, user_id: int) -> int:
        stored = await self._storage.active_interview(guild_id, user_id)
        if stored is None:
            raise errors.NoActiveInterview
        return stored.id

    @asynccontextmanager
    async def _acting(
        self, session_id: int, user_id: int, *, allow_finished: bool = False
    ) -> AsyncIterator[InterviewState]:
        """The interview's state, held exclusively while the block acts on it.

        Ownership is checked before a lock is made, so clicks on other members' (or made-up)
        interviews cost no memory. If the block fails, the cached state is dropped: it may
        hold changes that were never committed.
        """
        await self._state_for(session_id, user_id, allow_finished=allow_finished)
        async with self._locks.hold(session_id):
            # Read again under the lock: a click that waited sees the one before it.
            state = await self._state_for(session_id, user_id, allow_finished=allow_finished, locked=True)
            try:
                yield state
            except BaseException:
                self._committed.pop(session_id, None)
                raise

    async def _state_for(
        self, session_id: int, user_id: int, *, allow_finished: bool = False, locked: bool = False
    ) -> InterviewState:
        """The committed state, checked for owner and status.

        Only a read made under the interview's lock (``locked``) is cached: a read that
        started before someone's commit can finish after it, and caching it would bring
        back the state that commit replaced.
        """
        committed = self._committed.get(session_id)
        if committed is None:
            stored = await self._storage.interview(session_id)
            if stored is None:
                raise errors.InterviewNotFound
            committed = _Committed(stored.user_id, stored.status, InterviewState.from_json(stored.state_json))
            if locked:
                self._remember(session_id, committed)
        if committed.user_id != user_id:
            raise errors.NotYourInterview
        if committed.status != "active" and not (allow_finished and committed.status == "finished"):
            raise errors.InterviewNotFound
        return committed.state

    async def _save(self, session_id: int, state: InterviewState, now: datetime, *, status: str = "active") -> None:
        await self._storage.save_interview(session_id, state.to_json(), now, status=status)
        self._remember(session_id, _Committed(state.user_id, status, state))

    def _remember(self, session_id: int, committed: _Committed) -> None:
        self._committed[session_id] = committed
        self._committed.move_to_end(session_id)
        while len(self._committed) > COMMITTED_CACHE_SIZE:
            self._committed.popitem(last=False)

    @staticmethod
    def _slot_at(state: InterviewState, index: int) -> Slot:
        slot = state.current
        if slot is None or state.index != index or slot.done:
            raise errors.StaleAction
        return slot

    def _question_at(self, state: InterviewState, index: int) -> tuple[Slot, Question]:
        slot = self._slot_at(state, index)
        question = self._bank.question(slot.question_id)
        if question is None:
            raise errors.StaleAction("This question was removed from the bank; press Skip to move on.")
        return slot, question

    def _skip_slot(self, state: InterviewState, question: Question | None) -> None:
        slot = state.current
        assert slot is not None
        slot.status = SlotStatus.SKIPPED
        slot.answered_at = self._clock.now()
        slot.missed = [point.text for point in question.key_points] if question else []

    async def _grade_and_record(
        self,
        session_id: int,
        state: InterviewState,
        slot: Slot,
        question: Question,
        text: str,
        *,
        chosen: str,
        at: datetime | None,
    ) -> AnswerGraded:
        now = self._clock.now()
        submitted = min(at, now) if at is not None else now  # never trust a time in the future
        grade: Grade = self._grader.grade(question, text)
        late = submitted > slot.deadline
        points = points_for(grade.score, question.difficulty, hinted=slot.hinted, late=late)
        slot.status, slot.answered_at, slot.late = SlotStatus.ANSWERED, now, late
        slot.score, slot.passed, slot.points = grade.score, grade.passed, points
        slot.matched = [match.text for match in grade.matched]
        slot.missed = [point.text for point in grade.missed]
        slot.pitfalls = [hit.text for hit in grade.pitfalls]
        if state.difficulty is None:  # adaptive: harder after a pass, easier after a miss
            state.level = max(0, min(2, state.level + (1 if grade.passed else -1)))
        rating = rating_for(passed=grade.passed, score=grade.score, hinted=slot.hinted)
        attempt = NewAttempt(
            guild_id=state.guild_id,
            user_id=state.user_id,
            question_id=question.id,
            topic=question.topic,
            difficulty=question.difficulty.value,
            mode=Mode.INTERVIEW,
            score=grade.score,
            passed=grade.passed,
            points=points,
            answered_at=now,
            hinted=slot.hinted,
            late=late,
            elapsed_ms=max(0, int((submitted - slot.asked_at).total_seconds() * 1000)),
            interview_id=session_id,
        )
        # Committed before the member is shown the result: what they see is recorded.
        status = "finished" if state.finished else "active"  # one commit, so never half-finished
        await self._storage.record_answer(
            session_id,
            state.to_json(),
            attempt,
            lambda existing: schedule(existing, question.id, rating, now),
            now,
            status=status,
        )
        self._remember(session_id, _Committed(state.user_id, status, state))
        return AnswerGraded(
            session_id=session_id,
            kind=state.kind,
            index=state.index,
            total=state.total,
            question=question,
            topic_title=self._bank.topic_title(question.topic),
            grade=grade,
            points=points,
            max_points=max_points(question.difficulty),
            hinted=slot.hinted,
            late=late,
            is_last=state.finished,
            chosen=chosen,
        )

    async def _advance(self, session_id: int, state: InterviewState) -> QuestionAsked | InterviewReport:
        now = self._clock.now()
        if not state.finished:
            await self._ask_next(state, session_id)
        if state.finished or state.current is None or state.current.done:
            state.ended_early = state.ended_early or len(state.slots) < state.total
            await self._save(session_id, state, now, status="finished")
            return await self._report(session_id, state)
        await self._save(session_id, state, now)
        return self._view(session_id, state)

    async def _ask_next(self, state: InterviewState, session_id: int) -> None:
        """Append the next question to ``state`` (nothing is appended when none is left)."""
        rng = random.Random(f"{state.seed}:{len(state.slots)}")
        asked = {slot.question_id for slot in state.slots}
        if state.kind is SessionKind.REVIEW:
            remaining = [qid for qid in state.planned if qid not in asked]
            question = self._bank.question(remaining[0]) if remaining else None
        else:
            recent = await self._storage.recent_question_ids(state.guild_id, state.user_id)
            question = pick_question(
                self._bank,
                topics=state.topics,
                difficulty=state.difficulty or Difficulty.from_rank(state.level),
                exclude=asked,
                recently_seen=recent,
                rng=rng,
                strict_difficulty=state.difficulty is not None,
            )
        if question is None:
            return
        settings = await self._storage.guild_settings(state.guild_id)
        limit = settings.open_time_limit if question.is_open else settings.choice_time_limit
        now = self._clock.now()
        state.slots.append(
            Slot(
                question_id=question.id,
                asked_at=now,
                deadline=now + timedelta(seconds=limit),
                option_order=[] if question.is_open else shuffled_options(question, rng),
            )
        )

    def _view(self, session_id: int, state: InterviewState) -> QuestionAsked:
        slot = state.current
        assert slot is not None, "an interview always has a current question once created"
        question = self._bank.question(slot.question_id)
        if question is None:
            raise errors.StaleAction("This question was removed from the bank; press Skip to move on.")
        if question.is_open:
            hints = tuple(question.key_points[i].text for i in slot.hints)
            options: tuple[ChoiceOption, ...] = ()
        else:
            hints = ("One wrong option was removed.",) if slot.hints else ()
            options = tuple(
                ChoiceOption(position, question.options[canonical])
                for position, canonical in enumerate(slot.option_order)
                if canonical not in slot.hints
            )
        return QuestionAsked(
            session_id=session_id,
            kind=state.kind,
            index=state.index,
            total=state.total,
            question=question,
            topic_title=self._bank.topic_title(question.topic),
            deadline=slot.deadline,
            options=options,
            hints=hints,
        )

    async def _report(self, session_id: int, state: InterviewState) -> InterviewReport:
        due = await self._storage.next_review_due(state.guild_id, state.user_id)
        return build_report(session_id, state, self._bank, due)

    def _describe(self, state: InterviewState) -> str:
        topics = ", ".join(state.topics) if state.topics else "all topics"
        level = state.difficulty.value if state.difficulty else "any difficulty"
        return f"{topics} at {level}"


def _relative(moment: datetime, now: datetime) -> str:
    seconds = max(0, int((moment - now).total_seconds()))
    if seconds < 3600:
        return f"in {max(1, seconds // 60)} min"
    if seconds < 86400:
        return f"in {seconds // 3600} h"
    return f"in {seconds // 86400} days"
