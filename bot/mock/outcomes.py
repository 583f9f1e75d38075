"""What the group session engine answers: frozen values the Discord UI renders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.bank import Question
from bot.engine.outcomes import ChoiceOption, StudyItem, TopicResult
from bot.grading import Grade
from bot.mock.scoring import Standing
from bot.mock.state import CloseReason, Phase


@dataclass(frozen=True, slots=True)
class SessionPlan:
    """What /mock start asked for, checked against the bank."""

    topics: tuple[str, ...]
    topic_titles: tuple[str, ...]
    difficulty: str | None  # None: mixed
    rounds: int
    round_time: int | None
    autoplay: bool


@dataclass(frozen=True, slots=True)
class Named:
    """A member as a public post may show them: hidden members are not named."""

    user_id: int
    hidden: bool


@dataclass(frozen=True, slots=True)
class LobbyCard:
    session_id: int
    host_id: int
    plan: SessionPlan
    phase: Phase
    ended_by: str
    players: tuple[Named, ...]
    max_players: int


@dataclass(frozen=True, slots=True)
class RoundCard:
    session_id: int
    number: int
    total: int
    question: Question
    topic_title: str
    options: tuple[ChoiceOption, ...]  # choice: the shuffled order, what a click sends back
    deadline: datetime
    answered: int
    is_open: bool
    closed_by: CloseReason | None


@dataclass(frozen=True, slots=True)
class Recorded:
    """The private acknowledgement of an answer: nothing about whether it was right."""

    number: int
    elapsed_s: float
    answered: int


@dataclass(frozen=True, slots=True)
class OptionCount:
    text: str
    count: int
    share: float
    correct: bool


@dataclass(frozen=True, slots=True)
class Gain:
    member: Named
    points: int
    elapsed_s: float
    passed: bool


@dataclass(frozen=True, slots=True)
class Ranked:
    member: Named
    standing: Standing


@dataclass(frozen=True, slots=True)
class RevealCard:
    session_id: int
    number: int
    total: int
    question: Question
    topic_title: str
    answered: int
    passes: int
    options: tuple[OptionCount, ...]  # choice questions
    spread: tuple[tuple[str, int], ...]  # open: (score band, answers in it)
    missed_most: tuple[tuple[str, int], ...]  # open: (key point, how many missed it)
    gains: tuple[Gain, ...]  # the round's best, by points then speed
    standings: tuple[Ranked, ...]  # top 10
    players: int
    host_controls: bool  # the session goes on: Next round and End apply


@dataclass(frozen=True, slots=True)
class FinalCard:
    session_id: int
    page: int
    pages: int
    rounds: int
    ended_by: str
    podium: tuple[Ranked, ...]  # page 1 only
    rows: tuple[Ranked, ...]  # this page's slice of everyone


@dataclass(frozen=True, slots=True)
class MyFeedback:
    number: int
    question: Question
    topic_title: str
    grade: Grade
    chosen: str  # choice: the option picked
    points: int
    base_points: int
    speed: float
    streak: int
    streak_bonus: float
    elapsed_s: float


@dataclass(frozen=True, slots=True)
class MyReport:
    rounds: int
    answered: int
    passes: int
    points: int
    rank: int | None
    players: int
    topics: tuple[TopicResult, ...]
    weakest: TopicResult | None
    study: tuple[StudyItem, ...]
