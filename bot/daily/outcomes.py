"""What the daily service returns: plain frozen values the UI renders and tests assert on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Schedule:
    """A server's daily schedule as shown to admins."""

    guild_id: int
    channel_id: int
    post_time: str  # 'HH:MM' in ``timezone``
    timezone: str
    topic: str | None  # slug
    topic_title: str | None
    difficulty: str | None
    reveal_after_hours: int
    paused: bool
    next_post_at: datetime | None  # None while paused
    last_error: str | None = None
    last_error_at: datetime | None = None
    retry_at: datetime | None = None  # when a server in error is tried again


@dataclass(frozen=True, slots=True)
class DueServer:
    """A server whose post for ``day`` is due now."""

    guild_id: int
    channel_id: int
    day: date


@dataclass(frozen=True, slots=True)
class ChoiceOption:
    position: int  # as shown, 0-based; travels in the button's custom_id
    letter: str
    text: str


@dataclass(frozen=True, slots=True)
class PostCard:
    """Everything a daily post shows, at one moment."""

    post_id: int
    guild_id: int
    channel_id: int
    message_id: int | None
    day: date
    question_id: str
    prompt: str
    topic_title: str
    difficulty: str
    is_open: bool
    options: tuple[ChoiceOption, ...]
    reveal_at: datetime
    revealed: bool
    answered: int
    passed: int


@dataclass(frozen=True, slots=True)
class Reveal:
    """A closed post: the solution and the day's figures."""

    card: PostCard
    solution: str
    correct_option: ChoiceOption | None
    first_correct: tuple[int, ...]  # user ids, earliest first

    @property
    def pass_share(self) -> float:
        return self.card.passed / self.card.answered if self.card.answered else 0.0


@dataclass(frozen=True, slots=True)
class DailyAnswerGraded:
    """One member's graded answer, for their private feedback."""

    post_id: int
    is_open: bool
    score: float
    passed: bool
    points: int  # including the streak bonus
    bonus: int
    streak: int
    best_streak: int
    feedback: str
    covered: tuple[str, ...]  # key points the answer covered (open questions)
    chosen: str | None  # the option text (choice questions)
    reveal_at: datetime


@dataclass(frozen=True, slots=True)
class DailyStatus:
    schedule: Schedule | None
    today: PostCard | None
    streak: int  # the asking member's current streak (0 once a day was missed)
    best_streak: int
