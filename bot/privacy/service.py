"""/privacy: hide from boards, export and delete a member's own data in a server."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from bot.clock import Clock
from bot.errors import UserFacingError
from bot.privacy.export import ExportFile, export_file
from bot.store.privacy import DeletionReport

if TYPE_CHECKING:
    from bot.store.privacy import PrivacyStore

# A confirm button older than this asks again: a forgotten confirmation should not
# delete anything days later.
CONFIRM_WINDOW = timedelta(minutes=10)
# Bots may attach 10 MiB unless the server allows more (the interaction tells us).
DEFAULT_ATTACHMENT_LIMIT = 10 * 1024 * 1024


class NotYourConfirmation(UserFacingError):
    def __init__(self) -> None:
        super().__init__("Only the member who asked can confirm this.")


class ConfirmationExpired(UserFacingError):
    def __init__(self) -> None:
        super().__init__("This confirmation has expired; run /privacy delete-my-data again.")


class MemberSessions(Protocol):
    """What deletion needs from the features that hold a member's running sessions."""

    async def close_for_deletion(self, guild_id: int, user_id: int) -> None: ...
    def forget_member(self, user_id: int) -> None: ...


class PrivacyService:
    def __init__(self, store: PrivacyStore, clock: Clock, sessions: Sequence[MemberSessions] = ()) -> None:
        self._store = store
        self._clock = clock
        self._sessions = tuple(sessions)

    def now(self) -> datetime:
        return self._clock.now()

    async def set_hidden(self, guild_id: int, user_id: int, hidden: bool) -> None:
        await self._store.set_hidden(guild_id, user_id, hidden, self._clock.now())

    def ensure_confirmed(self, owner_id: int, *, clicked_by: int, asked_at: datetime) -> None:
        """Raise unless the owner confirmed within ``CONFIRM_WINDOW``."""
        if clicked_by != owner_id:
            raise NotYourConfirmation()
        if self._clock.now() - asked_at > CONFIRM_WINDOW:
            raise ConfirmationExpired()

    async def delete(self, guild_id: int, owner_id: int, *, clicked_by: int, asked_at: datetime) -> DeletionReport:
        """Delete the owner's data once they confirm within ``CONFIRM_WINDOW``."""
        self.ensure_confirmed(owner_id, clicked_by=clicked_by, asked_at=asked_at)
        # Close running sessions first, so their buttons say they are over instead of trying
        # to record an answer against deleted rows.
        for sessions in self._sessions:
            await sessions.close_for_deletion(guild_id, owner_id)
        report = await self._store.delete_member_data(guild_id, owner_id)
        for sessions in self._sessions:
            sessions.forget_member(owner_id)
        return report

    async def export(self, guild_id: int, user_id: int, *, max_bytes: int = DEFAULT_ATTACHMENT_LIMIT) -> ExportFile:
        records = await self._store.export_member_data(guild_id, user_id)
        # JSON encoding a heavy member's history takes a while: keep it off the event loop.
        return await asyncio.to_thread(export_file, records, self._clock.now(), max_bytes)
