"""What each public post and private reply of a session shows, read from the committed state.

The outbox renders a post when it sends it, from these: a lobby edit shows everyone who
joined by then, a round closed before its message went out shows closed, and a session
that lost access to its thread shows nothing (None) rather than trying again.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from bot.bank import Bank, Question
from bot.engine.outcomes import ChoiceOption, StudyItem, TopicResult
from bot.engine.scoring import points_for
from bot.grading import Grader
from bot.mock import errors
from bot.mock.core import SessionCore, Snapshot
from bot.mock.outcomes import (
    FinalCard,
    Gain,
    LobbyCard,
    MyFeedback,
    MyReport,
    Named,
    OptionCount,
    Ranked,
    RevealCard,
    RoundCard,
    SessionPlan,
)
from bot.mock.rounds import FINAL_PAGE_SIZE, MAX_PLAYERS
from bot.mock.scoring import AnswerFacts, round_gains, speed_factor, standings, streak_bonus
from bot.mock.state import Phase, Round, RoundsState
from bot.store.mock import MockStore, StoredAnswer

TOP = 10  # standings shown on a reveal
GAINS = 5  # the round's best shown on a reveal
MISSED_MOST = 3
BANDS = ((0.0, "0–39%"), (0.4, "40–59%"), (0.6, "60–79%"), (0.8, "80–100%"))
STUDY_LIMIT = 5


def _facts(answer: StoredAnswer) -> AnswerFacts:
    return AnswerFacts(answer.round, answer.user_id, answer.passed, answer.points, answer.elapsed_ms)


@dataclass(frozen=True, slots=True)
class _Board:
    ranked: tuple[Ranked, ...]
    rounds: int


class Cards:
    def __init__(self, bank: Bank, grader: Grader, store: MockStore, core: SessionCore[RoundsState]) -> None:
        self._bank = bank
        self._grader = grader
        self._store = store
        self._core = core

    async def _snapshot(self, session_id: int) -> Snapshot[RoundsState] | None:
        """The committed session, or None when nothing more should be posted for it."""
        try:
            snap = await self._core.snapshot(session_id, fresh=True)
        except errors.SessionOver:
            return None
        return None if snap.state.access_lost else snap

    def plan_of(self, state: RoundsState) -> SessionPlan:
        settings = state.settings
        return SessionPlan(
            topics=tuple(settings.topics),
            topic_titles=tuple(self._bank.topic_title(t) for t in settings.topics),
            difficulty=settings.difficulty.value if settings.difficulty else None,
            rounds=settings.rounds,
            round_time=settings.round_time,
            autoplay=settings.autoplay,
        )

    async def lobby(self, session_id: int) -> LobbyCard | None:
        snap = await self._snapshot(session_id)
        if snap is None:
            return None
        players = await self._store.players(session_id, snap.row.guild_id)
        return LobbyCard(
            session_id,
            snap.host_id,
            self.plan_of(snap.state),
            snap.state.phase,
            snap.state.ended_by,
            tuple(Named(p.user_id, p.hidden) for p in players),
            MAX_PLAYERS,
        )

    async def round(self, session_id: int, number: int) -> RoundCard | None:
        snap = await self._snapshot(session_id)
        target = snap.state.round(number) if snap else None
        question = self._bank.question(target.question_id) if target else None
        if snap is None or target is None or question is None:
            return None
        options = tuple(ChoiceOption(i, question.options[c]) for i, c in enumerate(target.option_order))
        is_open = target.is_open and snap.state.phase is Phase.OPEN
        return RoundCard(
            session_id,
            number,
            snap.state.settings.rounds,
            question,
            self._bank.topic_title(question.topic),
            options,
            target.deadline,
            await self._store.answer_count(session_id, number),
            is_open,
            target.closed_by,
        )

    async def reveal(self, session_id: int, number: int) -> RevealCard | None:
        snap = await self._snapshot(session_id)
        target = snap.state.round(number) if snap else None
        question = self._bank.question(target.question_id) if target else None
        if snap is None or target is None or question is None or target.is_open:
            return None
        everyone = await self._store.answers(session_id)
        these = [a for a in everyone if a.round == number]
        names = await self._names(snap)
        board = self._board(snap.state, everyone, names, upto=number)
        return RevealCard(
            session_id=session_id,
            number=number,
            total=snap.state.settings.rounds,
            question=question,
            topic_title=self._bank.topic_title(question.topic),
            answered=len(these),
            passes=sum(a.passed for a in these),
            options=_option_counts(question, target, these),
            spread=_spread(these) if question.is_open else (),
            missed_most=_missed_most(question, these),
            gains=tuple(
                Gain(names.get(f.user_id, Named(f.user_id, False)), f.points, f.elapsed_ms / 1000, f.passed)
                for f in round_gains([_facts(a) for a in these])[:GAINS]
            ),
            standings=board.ranked[:TOP],
            players=len(names),
            host_controls=snap.state.phase is Phase.REVEALED and len(snap.state.rounds) == number,
        )

    async def final(self, session_id: int, page: int) -> FinalCard | None:
        snap = await self._snapshot(session_id)
        if snap is None or snap.state.phase is not Phase.FINISHED:
            return None
        names = await self._names(snap)
        board = self._board(snap.state, await self._store.answers(session_id), names)
        pages = max(1, math.ceil(len(board.ranked) / FINAL_PAGE_SIZE))
        if page > pages:
            return None  # a small session: the spare pages send nothing
        start = (page - 1) * FINAL_PAGE_SIZE
        return FinalCard(
            session_id,
            page,
            pages,
            board.rounds,
            snap.state.ended_by,
            board.ranked[:3] if page == 1 else (),
            board.ranked[start : start + FINAL_PAGE_SIZE],
        )

    async def _names(self, snap: Snapshot[RoundsState]) -> dict[int, Named]:
        players = await self._store.players(snap.id, snap.row.guild_id)
        return {p.user_id: Named(p.user_id, p.hidden) for p in players}

    def _board(
        self, state: RoundsState, answers: list[StoredAnswer], names: dict[int, Named], upto: int | None = None
    ) -> _Board:
        counted = {
            r.number: r.limit_s * 1000 for r in state.rounds if not r.is_open and (upto is None or r.number <= upto)
        }
        ranked = standings(names, [_facts(a) for a in answers], counted)
        return _Board(tuple(Ranked(names.get(s.user_id, Named(s.user_id, False)), s) for s in ranked), len(counted))

    # -- private replies --------------------------------------------------------------------

    async def my_feedback(self, session_id: int, number: int, user_id: int) -> MyFeedback:
        snap = await self._core.snapshot(session_id, fresh=True)
        target = snap.state.round(number)
        if target is None or target.is_open:
            raise errors.StaleRound(f"Round {number} is not revealed yet.")
        answer = await self._store.answer_of(session_id, number, user_id)
        question = self._bank.question(target.question_id)
        if answer is None:
            raise errors.NotAnswered(number)
        if question is None:
            raise errors.StaleRound("This question was removed from the bank since.")
        grade = self._grader.grade(question, answer.answer)  # the same grade: grading is deterministic
        passed_points = points_for(answer.score, question.difficulty) if answer.passed else 0
        return MyFeedback(
            number=number,
            question=question,
            topic_title=self._bank.topic_title(question.topic),
            grade=grade,
            chosen=answer.answer if not question.is_open else "",
            points=answer.points,
            base_points=passed_points,
            speed=speed_factor(answer.elapsed_ms / 1000, target.limit_s),
            streak=answer.streak,
            streak_bonus=streak_bonus(answer.streak),
            elapsed_s=answer.elapsed_ms / 1000,
        )

    async def my_report(self, session_id: int, user_id: int) -> MyReport:
        snap = await self._core.snapshot(session_id, fresh=True)
        answers = await self._store.answers(session_id)
        mine = [a for a in answers if a.user_id == user_id]
        if not mine:
            raise errors.NoRoundsPlayed
        names = await self._names(snap)
        board = self._board(snap.state, answers, names)
        rank = next((r.standing.rank for r in board.ranked if r.member.user_id == user_id), None)
        per_topic: dict[str, list[StoredAnswer]] = defaultdict(list)
        study: list[StudyItem] = []
        for answer in mine:
            question = self._bank.question(answer.question_id)
            if question is None:
                continue
            per_topic[question.topic].append(answer)
            if not answer.passed:
                study.append(_study_item(self._bank, question, answer))
        topics = tuple(
            TopicResult(
                topic=slug,
                title=self._bank.topic_title(slug),
                asked=len(given),
                passed=sum(a.passed for a in given),
                average_score=sum(a.score for a in given) / len(given),
                points=sum(a.points for a in given),
            )
            for slug, given in per_topic.items()
        )
        ranked_topics = sorted(topics, key=lambda t: (t.average_score, t.passed))
        weakest = ranked_topics[0] if ranked_topics and ranked_topics[0].passed < ranked_topics[0].asked else None
        return MyReport(
            rounds=board.rounds,
            answered=len(mine),
            passes=sum(a.passed for a in mine),
            points=sum(a.points for a in mine),
            rank=rank,
            players=len(board.ranked),
            topics=topics,
            weakest=weakest,
            study=tuple(study[:STUDY_LIMIT]),
        )


def _option_counts(question: Question, target: Round, these: list[StoredAnswer]) -> tuple[OptionCount, ...]:
    if question.is_open:
        return ()
    picked = Counter(a.choice for a in these)
    total = len(these)
    return tuple(
        OptionCount(question.options[c], picked[c], picked[c] / total if total else 0.0, c == 0)
        for c in target.option_order
    )


def _spread(these: list[StoredAnswer]) -> tuple[tuple[str, int], ...]:
    counts = [0] * len(BANDS)
    for answer in these:
        band = max(i for i, (floor, _) in enumerate(BANDS) if answer.score >= floor - 1e-9)
        counts[band] += 1
    return tuple((label, count) for (_, label), count in zip(BANDS, counts, strict=True))


def _missed_most(question: Question, these: list[StoredAnswer]) -> tuple[tuple[str, int], ...]:
    if not question.is_open:
        return ()
    missed = Counter(i for a in these for i in a.missed if 0 <= i < len(question.key_points))
    return tuple((question.key_points[i].text, n) for i, n in missed.most_common(MISSED_MOST))


def _study_item(bank: Bank, question: Question, answer: StoredAnswer) -> StudyItem:
    if question.is_open:
        missed = tuple(question.key_points[i].text for i in answer.missed if 0 <= i < len(question.key_points))
    else:
        missed = (f"Answer: {question.correct}",)
    return StudyItem(question.id, bank.topic_title(question.topic), question.prompt, missed, question.refs)
