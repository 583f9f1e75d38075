"""Flag this grade: a member disputes the grade of their own answer, for rubric authors.

No Discord here. The answer text of a solo or daily answer is never stored with the
attempt; it is kept in memory for a while, only to prefill the flag form, and written to
the database only when the member flags the grade and agrees to its being kept.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.bank import Bank
from bot.clock import Clock
from bot.disputes.errors import AlreadyFlagged, ConsentMissing, FlagIncomplete, GradeGone, NotYourGrade
from bot.disputes.outcomes import FlagForm, FlagRecorded
from bot.store.disputes import DisputeStore, FlaggableAttempt, NewDispute, Stored

ANSWER_MAX = 4000  # a modal text input's limit (discord-limits.md)
REASON_MAX = 1000  # a paragraph: enough to say what was missed, short enough to review
# How long and how many answers are remembered to prefill the form. After that (or after a
# restart) the member pastes the answer again: a smaller cost than storing every answer.
RECALL_FOR = timedelta(hours=1)
RECALL_SIZE = 1000


@dataclass(frozen=True, slots=True)
class _Recalled:
    user_id: int
    text: str
    at: datetime


class DisputeService:
    def __init__(self, store: DisputeStore, bank: Bank, clock: Clock) -> None:
        self._store = store
        self._bank = bank
        self._clock = clock
        # attempt id -> the answer as graded, oldest first (insertion order is time order).
        self._recent: OrderedDict[int, _Recalled] = OrderedDict()

    # -- after feedback: which attempt a Flag button names ------------------------------------

    async def flaggable_interview_answer(
        self, guild_id: int, user_id: int, session_id: int, question_id: str, answer: str
    ) -> int | None:
        """The attempt id for a solo answer's Flag button (None: show no button), remembering
        ``answer`` (the text, or the option picked) to prefill the form."""
        attempt_id = await self._store.interview_attempt(guild_id, user_id, session_id, question_id)
        if attempt_id is not None:
            self._remember(attempt_id, user_id, answer)
        return attempt_id

    async def flaggable_daily_answer(self, post_id: int, user_id: int, answer: str) -> int | None:
        attempt_id = await self._store.daily_attempt(post_id, user_id)
        if attempt_id is not None:
            self._remember(attempt_id, user_id, answer)
        return attempt_id

    # -- the flag itself ------------------------------------------------------------------------

    async def open_form(self, attempt_id: int, user_id: int) -> FlagForm:
        """What the flag form shows; refuses someone else's answer or one already flagged."""
        attempt = await self._owned(attempt_id, user_id)
        if attempt.flagged:
            raise AlreadyFlagged
        return FlagForm(
            attempt_id=attempt.id,
            question_id=attempt.question_id,
            asks_for_answer=self._is_open(attempt.question_id),
            answer=self._recall(attempt_id, user_id),
            score=attempt.score,
            passed=attempt.passed,
        )

    async def flag(
        self, attempt_id: int, user_id: int, *, answer: str | None, reason: str, consented: bool
    ) -> FlagRecorded:
        """Store the flag once the member agreed. ``answer`` is None when the form had no
        answer box (a choice question): the option picked is stored when remembered."""
        if not consented:
            raise ConsentMissing
        reason = reason.strip()
        if not reason:
            raise FlagIncomplete("Say what the grader got wrong, so rubric authors know what to fix.")
        if len(reason) > REASON_MAX:
            raise FlagIncomplete(f"Keep the note to {REASON_MAX} characters.")
        # Checked again here, not only when the form opened: a submit can be crafted.
        attempt = await self._owned(attempt_id, user_id)
        text = self._recall(attempt_id, user_id) if answer is None else answer.strip()
        if not text and self._is_open(attempt.question_id):
            raise FlagIncomplete("Paste the answer you gave: the flag is about how it was graded.")
        if len(text) > ANSWER_MAX:
            raise FlagIncomplete(f"Answers are at most {ANSWER_MAX} characters.")
        stored = await self._store.record_dispute(
            NewDispute(attempt_id, user_id, text, reason, created_at=self._clock.now())
        )
        if stored is Stored.ALREADY_FLAGGED:
            raise AlreadyFlagged
        if stored is Stored.NO_SUCH_ATTEMPT:
            raise GradeGone
        self._recent.pop(attempt_id, None)  # stored now, with consent: no need to hold it
        return FlagRecorded(attempt_id, attempt.question_id)

    # -- privacy (the MemberSessions protocol of bot.privacy) -------------------------------------

    async def close_for_deletion(self, guild_id: int, user_id: int) -> None:
        """Nothing runs for long here: deletion needs only ``forget_member``."""

    def forget_member(self, user_id: int) -> None:
        """Drop the member's remembered answers (their data was deleted)."""
        for attempt_id in [key for key, value in self._recent.items() if value.user_id == user_id]:
            del self._recent[attempt_id]

    # -- helpers ----------------------------------------------------------------------------------

    async def _owned(self, attempt_id: int, user_id: int) -> FlaggableAttempt:
        attempt = await self._store.attempt(attempt_id)
        if attempt is None:
            raise GradeGone
        if attempt.user_id != user_id:
            raise NotYourGrade
        return attempt

    def _is_open(self, question_id: str) -> bool:
        # A question gone from the bank is treated as open: the answer is then worth keeping.
        question = self._bank.question(question_id)
        return question is None or question.is_open

    def _remember(self, attempt_id: int, user_id: int, text: str) -> None:
        now = self._clock.now()
        self._recent[attempt_id] = _Recalled(user_id, text, now)
        self._recent.move_to_end(attempt_id)
        while self._recent:
            oldest = next(iter(self._recent.values()))
            if len(self._recent) <= RECALL_SIZE and now - oldest.at <= RECALL_FOR:
                break
            self._recent.popitem(last=False)

    def _recall(self, attempt_id: int, user_id: int) -> str:
        recalled = self._recent.get(attempt_id)
        if recalled is None or recalled.user_id != user_id or self._clock.now() - recalled.at > RECALL_FOR:
            return ""
        return recalled.text
