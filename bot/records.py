"""Plain values that the engine and the store both speak: no SQL, no I/O, no Discord.

They live here, not in bot.store, so that the engine depends on the storage Protocol in
bot/engine/ports.py and on these values only; any store that returns them will do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Mode(StrEnum):
    INTERVIEW = "interview"
    DAILY = "daily"
    MOCK = "mock"


@dataclass(frozen=True, slots=True)
class NewAttempt:
    """A graded answer about to be recorded."""

    guild_id: int
    user_id: int
    question_id: str
    topic: str
    difficulty: str
    mode: Mode
    score: float
    passed: bool
    points: int
    answered_at: datetime
    hinted: bool = False
    late: bool = False
    elapsed_ms: int | None = None
    interview_id: int | None = None
    daily_post_id: int | None = None
    mock_session_id: int | None = None


@dataclass(frozen=True, slots=True)
class GuildSettings:
    guild_id: int
    timezone: str = "UTC"
    open_time_limit: int = 300  # seconds: the default for open questions
    choice_time_limit: int = 60


class ActiveSessionConflict(Exception):
    """The member already has an active interview in this server (unique index)."""


@dataclass(frozen=True, slots=True)
class StoredInterview:
    id: int
    guild_id: int
    user_id: int
    kind: str
    status: str
    state_json: str
    channel_id: int | None
    thread_id: int | None


@dataclass(frozen=True, slots=True)
class ReviewCard:
    """A question's place in one member's review queue (the FSRS card kept as JSON)."""

    question_id: str
    card_json: str
    due: datetime
    reviews: int
