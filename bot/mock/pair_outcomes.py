"""What the pair-interview engine answers: frozen values the Discord UI renders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.bank import Question
from bot.mock.pair_state import PairPhase


@dataclass(frozen=True, slots=True)
class PairPlan:
    """What /mock pair asked for, checked against the bank."""

    topics: tuple[str, ...]
    topic_titles: tuple[str, ...]
    difficulty: str | None  # None: mixed
    per_side: int


@dataclass(frozen=True, slots=True)
class Accepted:
    """The accept that won: the cog opens the thread for these two."""

    session_id: int
    inviter: int
    partner: int
    thread_name: str


@dataclass(frozen=True, slots=True)
class InviteCard:
    session_id: int
    inviter: int
    invitee: int | None
    partner: int | None
    topic_titles: tuple[str, ...]
    difficulty: str | None
    per_side: int
    phase: PairPhase
    expires_at: datetime
    thread_id: int | None
    private: bool


@dataclass(frozen=True, slots=True)
class TurnCard:
    """The question message: the prompt only, never the rubric."""

    session_id: int
    number: int
    position: int  # within its side
    per_side: int
    interviewer: int
    candidate: int
    prompt: str
    topic_title: str
    difficulty: str
    is_open: bool  # not scored, session running
    written: bool
    private: bool
    first: bool  # the first question: the message says how the thread works


@dataclass(frozen=True, slots=True)
class WrittenCard:
    session_id: int
    number: int
    candidate: int
    interviewer: int
    text: str


@dataclass(frozen=True, slots=True)
class ScoredCard:
    session_id: int
    number: int
    interviewer: int
    candidate: int
    next_action: str  # "next", "swap" or "" (the interview is over)
    running: bool


@dataclass(frozen=True, slots=True)
class Kit:
    """The interviewer's rubric: key points with weights, the model answer, pitfalls,
    and follow-up questions with what a strong reply mentions."""

    session_id: int
    number: int
    candidate: int
    question: Question
    topic_title: str


@dataclass(frozen=True, slots=True)
class ScoreForm:
    session_id: int
    number: int
    candidate: int
    key_points: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PointMark:
    text: str
    weight: float
    mark: str  # covered, partly, missed


@dataclass(frozen=True, slots=True)
class PeerResult:
    """My feedback: what the interviewer marked, and the bot's second opinion."""

    session_id: int
    number: int
    interviewer: int
    question: Question
    marks: tuple[PointMark, ...]
    grade: int
    note: str
    written: bool
    bot_score: float | None
    bot_passed: bool | None


@dataclass(frozen=True, slots=True)
class SummaryRow:
    number: int
    topic_title: str
    grade: int | None  # None: not scored (the interview ended first)
    bot_score: float | None  # the written answer's grade, if there was one


@dataclass(frozen=True, slots=True)
class SideSummary:
    interviewer: int
    candidate: int
    rows: tuple[SummaryRow, ...]

    @property
    def average(self) -> float | None:
        grades = [row.grade for row in self.rows if row.grade is not None]
        return sum(grades) / len(grades) if grades else None


@dataclass(frozen=True, slots=True)
class SummaryCard:
    session_id: int
    members: tuple[int, ...]
    sides: tuple[SideSummary, ...]
    ended_by: str
    feedback_until: datetime


@dataclass(frozen=True, slots=True)
class ReceivedFeedback:
    communication: int
    depth: int
    clarity: int
    strength: str
    improve: str


@dataclass(frozen=True, slots=True)
class FeedbackForMe:
    """Feedback for me: the partner's feedback once released, else when it will be."""

    session_id: int
    partner: int
    released: bool
    release_at: datetime
    sent_mine: bool
    received: ReceivedFeedback | None
