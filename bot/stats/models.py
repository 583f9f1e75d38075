"""What the leaderboard and stats services return: plain frozen values, no Discord."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.records import Mode
from bot.stats.periods import Period
from bot.store.leaderboard import BoardEntry

PAGE_SIZE = 10


@dataclass(frozen=True, slots=True)
class BoardView:
    """One page of a board as the member asked for it."""

    guild_id: int
    period: Period
    topic: str | None  # slug
    topic_title: str | None
    mode: Mode | None
    page: int  # 0-based, already clamped to the pages there are
    pages: int
    ranked: int  # members on the board (hidden members are not counted)
    entries: tuple[BoardEntry, ...]
    member_id: int
    member: BoardEntry | None  # the asking member's standing
    member_hidden: bool
    since: datetime | None
    timezone: str


@dataclass(frozen=True, slots=True)
class TopicStat:
    slug: str
    title: str
    answers: int
    passed: int
    points: int

    @property
    def accuracy(self) -> float:
        return self.passed / self.answers if self.answers else 0.0


@dataclass(frozen=True, slots=True)
class StudySuggestion:
    """A topic to practise next, and why: weak so far, or not tried yet."""

    slug: str
    title: str
    answers: int  # 0: not tried yet
    accuracy: float


@dataclass(frozen=True, slots=True)
class DayActivity:
    day: date
    answers: int
    passed: int
    points: int


@dataclass(frozen=True, slots=True)
class StreakView:
    current: int
    best: int
    last_day: str | None


@dataclass(frozen=True, slots=True)
class MemberStats:
    """A member's profile in one server."""

    guild_id: int
    user_id: int
    hidden: bool
    rank: int | None  # all-time rank; None when hidden or without answers
    ranked: int
    points: int
    answers: int
    passed: int
    last_answered_at: datetime | None
    topics: tuple[TopicStat, ...]  # weakest first
    modes: dict[str, int]  # answers per mode
    streak: StreakView | None
    days: tuple[DayActivity, ...]  # the last ACTIVITY_DAYS local days, oldest first
    points_before_days: int  # points earned before the first of those days
    timezone: str
    study: tuple[StudySuggestion, ...] = ()  # what to practise next, most useful first

    @property
    def accuracy(self) -> float:
        return self.passed / self.answers if self.answers else 0.0

    @property
    def active_days(self) -> int:
        return sum(1 for day in self.days if day.answers)

    @property
    def recent_answers(self) -> int:
        return sum(day.answers for day in self.days)

    @property
    def recent_points(self) -> int:
        return sum(day.points for day in self.days)
