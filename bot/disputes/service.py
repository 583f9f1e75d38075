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
from bot.disputes.outcomes import FlagForm, FlagRecorded, FlagTarget
from bot.store.attempts import Mode
from bot.store.disputes import DisputeStore, FlaggableAttempt, NewDispute, Stored

ANSWER_MAX = 4000  # a modal text input's limit (discord-limits.md)
REASON_MAX = 1000  # a paragraph: enough to say what was missed, short enough to review
# How long and how many answers are remembered to prefill the form. After that (or after a
# restart) the member pastes the answer again: a smaller cost than storing every answer.
RECALL_FOR = timedelta(hours=1)
RECALL_SIZE = 1000


@dataclass(frozen=True, slots=True)
class _Recalled:
    text: str
    at: datetime


class DisputeService:
    def __init__(self, store: DisputeStore, bank: Bank, clock: Clock) -> None:
        self._store = store
        self._bank = bank
        self._clock = clock
        # (flag target, member) -> the answer as graded, oldest first (insertion order is
        # time order). The member is part of the key: one daily post has many answers.
        self._recent: OrderedDict[tuple[FlagTarget, int], _Recalled] = OrderedDict()

    # -- after feedback: what a Flag button names ---------------------------------------------

    def interview_answer_given(self, session_id: int, question_id: str, user_id: int, answer: str) -> FlagTarget:
        """The Flag button's target for a solo answer, remembering ``answer`` (the text, or
        the option picked) to prefill the form. No database work: answers stay fast."""
        target = FlagTarget.interview(session_id, question_id)
        self._remember(target, user_id, answer)
        return target

    def daily_answer_given(self, post_id: int, user_id: int, answer: str) -> FlagTarget:
        target = FlagTarget.daily(post_id)
        self._remember(target, user_id, answer)
        return target

    # -- the flag itself ------------------------------------------------------------------------

    async def open_form(self, target: FlagTarget, guild_id: int, user_id: int) -> FlagForm:
        """What the flag form shows; refuses someone else's answer or one already flagged."""
        attempt = await self._find(target, guild_id, user_id)
        if attempt.flagged:
            raise AlreadyFlagged
        return FlagForm(
            attempt_id=attempt.id,
            question_id=attempt.question_id,
            asks_for_answer=self._is_open(attempt.question_id),
            answer=self._recall(attempt, user_id),
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
        text = self._recall(attempt, user_id) if answer is None else answer.strip()
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
        self._recent.pop((_target_of(attempt), user_id), None)  # stored now, with consent
        return FlagRecorded(attempt_id, attempt.question_id)

    # -- privacy (the MemberSessions protocol of bot.privacy) -------------------------------------

    async def close_for_deletion(self, guild_id: int, user_id: int) -> None:
        """Nothing runs for long here: deletion needs only ``forget_member``."""

    def forget_member(self, user_id: int) -> None:
        """Drop the member's remembered answers (their data was deleted)."""
        for key in [key for key in self._recent if key[1] == user_id]:
            del self._recent[key]

    # -- helpers ----------------------------------------------------------------------------------

    async def _find(self, target: FlagTarget, guild_id: int, user_id: int) -> FlaggableAttempt:
        """The clicker's attempt that ``target`` names. Looked up by the clicker's own id, so
        a button of someone else's answer finds nothing of theirs to open."""
        if target.mode is Mode.INTERVIEW:
            found = await self._store.interview_attempt(guild_id, user_id, target.ref, target.question_id)
            if found is None and await self._store.interview_owner(target.ref) not in (None, user_id):
                raise NotYourGrade
        else:
            found = await self._store.daily_attempt(target.ref, user_id)
        if found is None:
            raise GradeGone
        return found

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

    def _remember(self, target: FlagTarget, user_id: int, text: str) -> None:
        now = self._clock.now()
        self._recent[target, user_id] = _Recalled(text, now)
        self._recent.move_to_end((target, user_id))
        while self._recent:
            oldest = next(iter(self._recent.values()))
            if len(self._recent) <= RECALL_SIZE and now - oldest.at <= RECALL_FOR:
                break
            self._recent.popitem(last=False)

    def _recall(self, attempt: FlaggableAttempt, user_id: int) -> str:
        recalled = self._recent.get((_target_of(attempt), user_id))
        if recalled is None or self._clock.now() - recalled.at > RECALL_FOR:
            return ""
        return recalled.text


def _target_of(attempt: FlaggableAttempt) -> FlagTarget:
    """The target a Flag button for ``attempt`` carried (the key of a remembered answer)."""
    if attempt.mode is Mode.DAILY and attempt.daily_post_id is not None:
        return FlagTarget.daily(attempt.daily_post_id)
    return FlagTarget.interview(attempt.interview_id or 0, attempt.question_id)
