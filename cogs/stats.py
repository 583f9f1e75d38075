"""/stats: a member's own profile (points, rank, accuracy per topic, streak, what to study next)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.ui.stats import CHART_FILENAME, stats_embed

if TYPE_CHECKING:
    from bot.client import InterviewBot

Interaction = discord.Interaction["InterviewBot"]


class Stats(commands.Cog):
    """Member stats."""

    def __init__(self, bot: InterviewBot) -> None:
        self.bot = bot
        self.service = bot.services.leaderboard

    @app_commands.command(name="stats")
    @app_commands.guild_only()
    # Each call draws a chart: enough for a person, not for a script.
    @app_commands.checks.cooldown(5, 60, key=lambda i: (i.guild_id, i.user.id))
    @app_commands.describe(member="Whose stats to show (you when empty)")
    async def stats(self, interaction: Interaction, member: discord.User | None = None) -> None:
        """Your points, rank, accuracy per topic, streak and recent activity, with a chart."""
        # Drawing the chart can take longer than a moment: acknowledge first.
        await interaction.response.defer(ephemeral=True, thinking=True)
        target = member or interaction.user
        stats = await self.service.stats(interaction.guild_id or 0, target.id, viewer_id=interaction.user.id)
        if not stats.answers:
            await interaction.followup.send(embed=stats_embed(stats, with_chart=False), ephemeral=True)
            return
        chart = discord.File(io.BytesIO(await self.service.chart(stats)), filename=CHART_FILENAME)
        await interaction.followup.send(embed=stats_embed(stats, with_chart=True), file=chart, ephemeral=True)


async def setup(bot: InterviewBot) -> None:
    await bot.add_cog(Stats(bot))
