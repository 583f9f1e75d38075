"""/help: what the bot does and how to start, for a member who just found it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.ui.help import help_embed

if TYPE_CHECKING:
    from bot.client import InterviewBot

Interaction = discord.Interaction["InterviewBot"]


class Help(commands.Cog):
    """A short guide to the bot."""

    def __init__(self, bot: InterviewBot) -> None:
        self.bot = bot

    @app_commands.command(name="help")
    async def help(self, interaction: Interaction) -> None:
        """How to practise Flask interviews here: the commands and how answers are scored."""
        embed = help_embed(topics=len(self.bot.bank.topics), questions=len(self.bot.bank))
        await interaction.response.send_message(embed=embed, ephemeral=True)


async def setup(bot: InterviewBot) -> None:
    await bot.add_cog(Help(bot))
