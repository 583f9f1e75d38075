"""Streak roles as a service: tiers per server, and the grants and removals that follow streaks.

No Discord here. The Discord side checks what only Discord knows (Manage Roles, the role
below the bot's own) before ``add``, asks ``pending_changes`` what to apply, applies each
with one request and reports back what Discord answered.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from bot.clock import Clock
from bot.errors import UserFacingError
from bot.remind.service import zone
from bot.scheduling import local_date
from bot.store.reminder_sends import ReminderSendStore
from bot.store.streak_roles import RoleChange, StreakDaysTaken, StreakRole, StreakRoleStore

log = logging.getLogger(__name__)

CHANGES_PER_PASS = 200  # per server; the rest waits for the next pass (Discord paces role edits)
MEMBER_LEFT = "You left the server, so its reminders are off."


class DaysAlreadyUsed(UserFacingError):
    def __init__(self, days: int, role_id: int) -> None:
        super().__init__(f"<@&{role_id}> is already the role for {days}-day streaks. Remove it first, or pick another.")


class NotAStreakRole(UserFacingError):
    def __init__(self, role_id: int) -> None:
        super().__init__(f"<@&{role_id}> is not a streak role here. `/daily roles list` shows them.")


Revoker = Callable[[RoleChange], Awaitable[None]]


class StreakRoleService:
    def __init__(self, store: StreakRoleStore, sends: ReminderSendStore, clock: Clock) -> None:
        self._store = store
        self._sends = sends
        self._clock = clock
        self._revoke: Revoker | None = None

    async def roles(self, guild_id: int) -> list[StreakRole]:
        return await self._store.roles(guild_id)

    async def add(self, guild_id: int, role_id: int, days: int) -> list[StreakRole]:
        try:
            await self._store.add(guild_id, role_id, days, self._clock.now())
        except StreakDaysTaken as taken:
            raise DaysAlreadyUsed(days, taken.role_id) from taken
        return await self._store.roles(guild_id)

    async def remove(self, guild_id: int, role_id: int) -> list[StreakRole]:
        if not await self._store.remove(guild_id, role_id):
            raise NotAStreakRole(role_id)
        return await self._store.roles(guild_id)

    async def pending_changes(self) -> list[RoleChange]:
        """Every grant and removal due now, a bounded number per server (a loop over servers,
        not members: each server is one query)."""
        now = self._clock.now()
        changes: list[RoleChange] = []
        for guild_id, zone_name in await self._store.servers():
            # A streak is alive while its last answered day is yesterday or today, locally.
            alive_since = local_date(now, zone(zone_name)) - timedelta(days=1)
            changes += await self._store.changes(guild_id, alive_since, CHANGES_PER_PASS)
        return changes

    async def applied(self, change: RoleChange) -> None:
        await self._store.applied(change, self._clock.now())

    async def refused(self, change: RoleChange, reason: str) -> None:
        log.warning("Streak role %s in server %s stopped: %s", change.role_id, change.guild_id, reason)
        await self._store.refused(change.guild_id, change.role_id, reason, self._clock.now())

    async def role_deleted(self, change: RoleChange) -> None:
        log.info("Streak role %s of server %s was deleted; forgetting it", change.role_id, change.guild_id)
        await self._store.role_deleted(change.guild_id, change.role_id)

    async def member_left(self, change: RoleChange) -> None:
        """Discord says the member is not in the server: forget their roles, stop their reminders."""
        log.info("Member %s left server %s; their reminders there are off", change.user_id, change.guild_id)
        await self._store.member_gone(change.guild_id, change.user_id)
        await self._sends.member_left(change.guild_id, change.user_id, MEMBER_LEFT, self._clock.now())

    # -- /privacy delete-my-data (bot.privacy.service.MemberSessions) --------------------

    def set_revoker(self, revoke: Revoker | None) -> None:
        """The Discord side's way to take a role away now (set by the cog that applies roles)."""
        self._revoke = revoke

    async def close_for_deletion(self, guild_id: int, user_id: int) -> None:
        """Before a member's data is deleted, take away the streak roles the bot gave them:
        afterwards no record says the bot gave them, and their streak is gone too."""
        if self._revoke is None:
            return
        for role_id in await self._store.held(guild_id, user_id):
            try:
                await self._revoke(RoleChange(guild_id, user_id, role_id, grant=False))
            except Exception:  # best effort: the deletion itself must go ahead
                log.exception("Could not take streak role %s from member %s before deletion", role_id, user_id)

    def forget_member(self, user_id: int) -> None:
        """Nothing is kept in memory per member."""
