"""What the interview engine needs from persistence, as a Protocol.

``bot.store.InterviewStore`` provides it; tests may hand the engine anything else that
does. Keeping the engine on this interface is what lets the terminal and Discord share it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from bot.records import GuildSettings, NewAttempt, ReviewCard, StoredInterview


class InterviewStorage(Protocol):
    """What the engine needs from persistence (``bot.store.InterviewStore`` provides it)."""

    async def create_interview(self, guild_id: int, user_id: int, kind: str, state_json: str, now: datetime) -> int: ...
    async def active_interview(self, guild_id: int, user_id: int) -> StoredInterview | None: ...
    async def interview(self, session_id: int) -> StoredInterview | None: ...
    async def save_interview(self, session_id: int, state_json: str, now: datetime, *, status: str = ...) -> None: ...
    async def record_answer(
        self,
        session_id: int,
        state_json: str,
        attempt: NewAttempt,
        next_card: Callable[[ReviewCard | None], ReviewCard | None],
        now: datetime,
        *,
        status: str = ...,
    ) -> int: ...
    async def recent_question_ids(self, guild_id: int, user_id: int) -> list[str]: ...
    async def guild_settings(self, guild_id: int) -> GuildSettings: ...
    async def due_reviews(self, guild_id: int, user_id: int, now: datetime, limit: int) -> list[ReviewCard]: ...
    async def next_review_due(self, guild_id: int, user_id: int) -> datetime | None: ...
