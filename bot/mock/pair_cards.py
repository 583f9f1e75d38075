"""What each post and private reply of a pair interview shows, read from committed state.

Posts are rendered when the outbox sends them, from the state then (an invitation taken
before its edit went out shows taken). Private replies check the member's role here, in
the engine: the kit only for the interviewer of that question, My feedback only for its
candidate and only once it is scored.
"""

from __future__ import annotations

from bot.bank import Bank
from bot.errors import UserFacingError
from bot.mock import pair_errors as errors
from bot.mock import pairs
from bot.mock.core import SessionCore, Snapshot
from bot.mock.pair_outcomes import (
    FeedbackForMe,
    InviteCard,
    Kit,
    PeerResult,
    PointMark,
    ReceivedFeedback,
    ScoredCard,
    ScoreForm,
    SideSummary,
    SummaryCard,
    SummaryRow,
    TurnCard,
    WrittenCard,
)
from bot.mock.pair_state import PairPhase, PairState
from bot.store.mock_pairs import PairRows


class PairCards:
    def __init__(self, bank: Bank, rows: PairRows, core: SessionCore[PairState]) -> None:
        self._bank = bank
        self._rows = rows
        self._core = core

    async def _snapshot(self, session_id: int) -> Snapshot[PairState] | None:
        try:
            return await self._core.snapshot(session_id, fresh=True)
        except UserFacingError:
            return None

    # -- public posts (None: nothing to send any more) ------------------------------------------

    async def invite(self, session_id: int) -> InviteCard | None:
        snap = await self._snapshot(session_id)
        if snap is None:
            return None
        state = snap.state
        return InviteCard(
            session_id,
            state.inviter,
            state.invitee,
            state.partner,
            tuple(self._bank.topic_title(t) for t in state.settings.topics),
            state.settings.difficulty.value if state.settings.difficulty else None,
            state.settings.per_side,
            state.phase,
            state.invited_at + pairs.INVITE_FOR,
            snap.row.thread_id,
            state.private,
        )

    async def turn(self, session_id: int, number: int) -> TurnCard | None:
        snap = await self._snapshot(session_id)
        turn = snap.state.turn(number) if snap else None
        question = self._bank.question(turn.question_id) if turn else None
        if snap is None or turn is None or question is None:
            return None
        state = snap.state
        return TurnCard(
            session_id,
            number,
            state.position(number),
            state.settings.per_side,
            turn.interviewer,
            turn.candidate,
            question.prompt,
            self._bank.topic_title(question.topic),
            question.difficulty.value,
            not turn.scored and state.phase is PairPhase.ASKING,
            turn.written,
            state.private,
            number == 1,
        )

    async def written(self, session_id: int, number: int) -> WrittenCard | None:
        row = await self._rows.turn(session_id, number)
        if row is None or row.answer is None:  # deleted at the member's request meanwhile
            return None
        return WrittenCard(session_id, number, row.candidate_id, row.interviewer_id, row.answer)

    async def scored(self, session_id: int, number: int) -> ScoredCard | None:
        snap = await self._snapshot(session_id)
        turn = snap.state.turn(number) if snap else None
        if snap is None or turn is None:
            return None
        state = snap.state
        running = not state.phase.over
        if not running or number >= state.total_turns:
            action = ""
        else:
            action = "swap" if state.position(number) >= state.settings.per_side else "next"
        return ScoredCard(session_id, number, turn.interviewer, turn.candidate, action, running)

    async def summary(self, session_id: int) -> SummaryCard | None:
        snap = await self._snapshot(session_id)
        if snap is None or snap.state.phase is not PairPhase.FINISHED or snap.state.ended_at is None:
            return None
        state, ended_at = snap.state, snap.state.ended_at
        scored = {row.turn: row for row in await self._rows.turns(session_id)}
        sides = []
        for side in (1, 2):
            turns = [t for t in state.turns if t.side == side]
            if not turns:
                continue
            rows = []
            for turn in turns:
                question = self._bank.question(turn.question_id)
                row = scored.get(turn.number)
                rows.append(
                    SummaryRow(
                        turn.number,
                        self._bank.topic_title(question.topic) if question else turn.question_id,
                        row.grade if row else None,
                        row.bot_score if row else None,
                    )
                )
            sides.append(SideSummary(turns[0].interviewer, turns[0].candidate, tuple(rows)))
        until = ended_at + pairs.FEEDBACK_BLIND_FOR
        return SummaryCard(session_id, state.members, tuple(sides), state.ended_by, until)

    # -- private replies (role checked here) ----------------------------------------------------

    async def kit(self, session_id: int, number: int, actor: int) -> Kit:
        """Only the interviewer of that question, at any time (ephemeral replies vanish)."""
        snap = await self._core.snapshot(session_id, fresh=True)
        if actor not in snap.state.members:
            raise errors.NotForYou
        turn = snap.state.turn(number)
        if turn is None:
            raise errors.TurnMovedOn
        if turn.interviewer != actor:
            raise errors.InterviewerOnly("The kit is for the interviewer: it holds the model answer.")
        question = self._bank.question(turn.question_id)
        if question is None:
            raise errors.TurnMovedOn("This question was removed from the bank.")
        return Kit(session_id, number, turn.candidate, question, self._bank.topic_title(question.topic))

    async def score_form(self, session_id: int, number: int, actor: int) -> ScoreForm:
        snap = await self._core.snapshot(session_id, fresh=True)
        turn = pairs.require_interviewer(snap.state, number, actor)
        if turn.scored or snap.state.phase is not PairPhase.ASKING:
            raise errors.TurnMovedOn(f"Question {number} is already scored.")
        question = self._bank.question(turn.question_id)
        if question is None:
            raise errors.TurnMovedOn("This question was removed from the bank.")
        return ScoreForm(session_id, number, turn.candidate, tuple(point.text for point in question.key_points))

    async def result(self, session_id: int, number: int, actor: int) -> PeerResult:
        """My feedback: the candidate's own result, once the interviewer has scored."""
        snap = await self._core.snapshot(session_id, fresh=True)
        turn = pairs.require_candidate(snap.state, number, actor)
        if not turn.scored:
            raise errors.NotScoredYet
        row = await self._rows.turn(session_id, number)
        question = self._bank.question(turn.question_id)
        if row is None or row.grade is None or question is None:
            raise UserFacingError("There is no score for this question any more.")
        marks = tuple(
            PointMark(point.text, point.weight, mark)
            for point, mark in zip(question.key_points, row.marks, strict=False)
        )
        return PeerResult(
            session_id, number, turn.interviewer, question, marks, row.grade, row.note,
            row.answer is not None, row.bot_score, row.bot_passed,
        )  # fmt: skip

    async def feedback_for_me(self, session_id: int, actor: int) -> FeedbackForMe:
        snap = await self._core.snapshot(session_id, fresh=True)
        state = snap.state
        if actor not in state.members or state.partner is None:
            raise errors.NotForYou
        if state.phase is not PairPhase.FINISHED or state.ended_at is None:
            raise errors.FeedbackNotYet
        partner = state.partner if actor == state.inviter else state.inviter
        release_at = state.ended_at + pairs.FEEDBACK_BLIND_FOR
        received = None
        # Blind: the partner's words are read only once released (both sent, or 24 h passed).
        if state.feedback_released:
            for row in await self._rows.feedback(session_id):
                if row.user_id == partner and row.about_id == actor:
                    received = ReceivedFeedback(row.communication, row.depth, row.clarity, row.strength, row.improve)
        return FeedbackForMe(
            session_id, partner, state.feedback_released, release_at, actor in state.feedback_from, received
        )
