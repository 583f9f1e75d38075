"""Streak roles on the Discord side: what the bot can assign, applying changes, the admin replies.

Discord lets a bot give a role only with Manage Roles and only below its own highest role
(and never @everyone or a role an integration manages). ``assignable_problem`` checks that
before a tier is accepted; ``StreakRoleApplier`` checks it again from the cache before each
request, so a permission lost since is one stored error, not a 403 per member (every 403
counts toward Discord's invalid-request limit).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import aiohttp
import discord

from bot.store.streak_roles import RoleChange, StreakRole
from bot.ui.text import trim

if TYPE_CHECKING:
    from bot.remind.roles import StreakRoleService

log = logging.getLogger(__name__)

UNKNOWN_ROLE, UNKNOWN_MEMBER = 10011, 10007
NO_MANAGE_ROLES = "I need the **Manage Roles** permission to give streak roles. Grant it to my role, then try again."


def _too_high(role: discord.Role, me: discord.Member) -> str:
    return (
        f"{role.mention} is not below my highest role ({me.top_role.mention}), so Discord won't let me give it. "
        "Drag my role above it in Server Settings → Roles, then try again."
    )


def assignable_problem(interaction: discord.Interaction[Any], role: discord.Role) -> str | None:
    """Why the bot could not give ``role`` in this server, or None when it can."""
    if role.is_default():
        return "@everyone can't be a streak role."
    if role.managed:
        return f"{role.mention} is managed by an integration or a bot; Discord won't let me give it to members."
    if not interaction.app_permissions.manage_roles:
        return NO_MANAGE_ROLES
    guild = interaction.guild
    me = guild.me if guild is not None else None
    if me is None or guild is None or guild.default_role is None:
        return "I can't see this server's roles right now; try again in a minute."
    if role >= me.top_role:
        return _too_high(role, me)
    return None


def cached_problem(client: discord.Client, change: RoleChange) -> str | None:
    """A reason the change would be refused, known from the cache without a request."""
    guild = client.get_guild(change.guild_id)
    me = guild.me if guild is not None else None
    if guild is None or me is None:
        return None  # not cached: let Discord answer
    if not me.guild_permissions.manage_roles:
        return NO_MANAGE_ROLES
    role = guild.get_role(change.role_id)
    if role is not None and role >= me.top_role:
        return _too_high(role, me)
    return None


class StreakRoleApplier:
    def __init__(self, client: discord.Client, service: StreakRoleService) -> None:
        self._client = client
        self._service = service

    async def run_pending(self) -> int:
        """Apply every grant and removal due now; returns how many Discord took."""
        applied = 0
        stopped: set[tuple[int, int]] = set()  # roles refused in this pass: skip their other members
        for change in await self._service.pending_changes():
            if (change.guild_id, change.role_id) in stopped:
                continue
            outcome = await self.apply(change)
            applied += outcome == "applied"
            if outcome == "stopped":
                stopped.add((change.guild_id, change.role_id))
        return applied

    async def apply(self, change: RoleChange) -> str:
        """One PUT or DELETE of a member's role: 'applied', 'stopped' (the role can't be
        managed any more), 'skipped' (the member or the role is gone) or 'later'."""
        problem = cached_problem(self._client, change)
        if problem is not None:
            await self._service.refused(change, problem)
            return "stopped"
        http = self._client.http
        reason = "Daily streak role" if change.grant else "Daily streak ended"
        try:
            if change.grant:
                await http.add_role(change.guild_id, change.user_id, change.role_id, reason=reason)
            else:
                await http.remove_role(change.guild_id, change.user_id, change.role_id, reason=reason)
        except discord.NotFound as error:
            if error.code == UNKNOWN_ROLE:
                await self._service.role_deleted(change)
            else:  # 10007 Unknown Member, or the server itself is gone to us
                await self._service.member_left(change)
            return "skipped"
        except discord.Forbidden as error:
            await self._service.refused(change, f"Discord refused to change the role ({error.status}, {error.code}).")
            return "stopped"
        except (discord.HTTPException, aiohttp.ClientError, TimeoutError, OSError) as error:
            log.warning("Streak role change %s will be retried: %s", change, error)
            return "later"
        await self._service.applied(change)
        return "applied"


def streak_roles_embed(roles: list[StreakRole], title: str) -> discord.Embed:
    embed = discord.Embed(title=trim(title, 256), colour=discord.Colour.gold())
    if not roles:
        embed.description = "No streak roles yet. `/daily roles add days role` adds one (Manage Server)."
        return embed
    lines = []
    for role in roles[:25]:
        line = f"**{role.days} days** → <@&{role.role_id}>"
        if role.error:
            line += f"\n  ⚠️ stopped: {trim(role.error, 200)} Run `/daily roles add` again once fixed."
        lines.append(line)
    embed.description = "\n".join(lines)
    embed.set_footer(text="Members keep a role while their streak lasts; a lapsed streak removes it.")
    return embed
