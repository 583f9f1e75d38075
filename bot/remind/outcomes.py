"""What the reminder service hands the Discord side: plain frozen values, no Discord."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class RemindStatus:
    """A member's reminders in one server, for ``/remind status`` and the replies to changes."""

    guild_id: int
    timezone: str
    reviews_on: bool
    review_hour: int
    next_review_at: datetime | None  # the next slot; a message goes out only if cards are due then
    due_now: int
    streak_on: bool
    streak: int
    daily_configured: bool
    next_streak_check: datetime | None  # today's warning time, while it is still ahead
    disabled_reason: str | None  # the bot turned them off (DMs closed, member left)
    disabled_at: datetime | None
    last_review_day: date | None
    last_streak_day: date | None


@dataclass(frozen=True, slots=True)
class ReviewNudge:
    """A review reminder to send: ``due`` cards in ``topics`` are waiting in the server."""

    key: str
    guild_id: int
    day: date
    due: int
    topics: tuple[str, ...]
    channel_id: int | None  # the channel the member last used in the server


@dataclass(frozen=True, slots=True)
class StreakNudge:
    """A streak reminder to send: today's question is unanswered and the streak ends at ``deadline``."""

    key: str
    guild_id: int
    day: date
    streak: int
    deadline: datetime
    channel_id: int
    message_id: int | None


@dataclass(frozen=True, slots=True)
class Skip:
    """Nothing to send any more (the cards were reviewed, the question answered, reminders off)."""

    reason: str


Nudge = ReviewNudge | StreakNudge
