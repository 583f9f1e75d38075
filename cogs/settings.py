"""/settings: per-server settings (time zone, interview time limits)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.scheduling import canonical_zone_name, matching_zones
from bot.store import GuildSettings
from bot.ui.checks import require_manage_guild

if TYPE_CHECKING:
    from bot.client import InterviewBot

Interaction = discord.Interaction["InterviewBot"]


def settings_embed(settings: GuildSettings) -> discord.Embed:
    embed = discord.Embed(title="Server settings", colour=discord.Colour.blurple())
    embed.add_field(name="Time zone", value=settings.timezone, inline=False)
    embed.add_field(name="Open question time limit", value=f"{settings.open_time_limit} s", inline=True)
    embed.add_field(name="Choice question time limit", value=f"{settings.choice_time_limit} s", inline=True)
    embed.set_footer(text="The time zone sets leaderboard weeks and months. Change with /settings (Manage Server).")
    return embed


class ServerSettings(commands.Cog, name="Settings"):
    """Server settings."""

    group = app_commands.Group(
        name="settings", description="This server's settings for the interview bot", guild_only=True
    )

    def __init__(self, bot: InterviewBot) -> None:
        self.bot = bot

    @group.command(name="show")
    async def settings_show(self, interaction: Interaction) -> None:
        """Show this server's time zone and time limits."""
        settings = await self.bot.store.settings.guild_settings(interaction.guild_id or 0)
        await interaction.response.send_message(embed=settings_embed(settings), ephemeral=True)

    @group.command(name="timezone")
    @app_commands.describe(zone="An IANA time zone, e.g. Europe/London (used for weeks, months and dailies)")
    async def settings_timezone(self, interaction: Interaction, zone: str) -> None:
        """Set the server's time zone (Manage Server)."""
        require_manage_guild(interaction)
        name = canonical_zone_name(zone)
        store = self.bot.store.settings
        current = await store.guild_settings(interaction.guild_id or 0)
        updated = dataclasses.replace(current, timezone=name)
        await store.save_guild_settings(updated, self.bot.clock.now())
        await interaction.response.send_message(embed=settings_embed(updated), ephemeral=True)

    @settings_timezone.autocomplete("zone")
    async def _zone_autocomplete(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=name, value=name) for name in matching_zones(current)]

    @group.command(name="time-limits")
    @app_commands.describe(
        open_seconds="Seconds to answer an open question (30 to 3600)",
        choice_seconds="Seconds to answer a choice question (10 to 600)",
    )
    async def settings_time_limits(
        self,
        interaction: Interaction,
        open_seconds: app_commands.Range[int, 30, 3600],
        choice_seconds: app_commands.Range[int, 10, 600],
    ) -> None:
        """Set how long members have per question (Manage Server)."""
        require_manage_guild(interaction)
        store = self.bot.store.settings
        current = await store.guild_settings(interaction.guild_id or 0)
        updated = dataclasses.replace(current, open_time_limit=open_seconds, choice_time_limit=choice_seconds)
        await store.save_guild_settings(updated, self.bot.clock.now())
        await interaction.response.send_message(embed=settings_embed(updated), ephemeral=True)


async def setup(bot: InterviewBot) -> None:
    await bot.add_cog(ServerSettings(bot))
