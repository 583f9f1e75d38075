"""/leaderboard: where members stand, per server, period, topic and mode."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.stats import Period
from bot.store import Mode
from bot.ui.leaderboard import BOARD_ITEMS, board_embed, board_view
from bot.ui.topics import topic_choices

if TYPE_CHECKING:
    from bot.client import InterviewBot

log = logging.getLogger(__name__)
Interaction = discord.Interaction["InterviewBot"]
PeriodChoice = Literal["week", "month", "all"]
ModeChoice = Literal["all", "interview", "daily", "mock"]


def _mode(choice: str) -> Mode | None:
    return None if choice == "all" else Mode(choice)


class Leaderboard(commands.Cog):
    """Leaderboards."""

    def __init__(self, bot: InterviewBot) -> None:
        self.bot = bot
        self.service = bot.services.leaderboard

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*BOARD_ITEMS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*BOARD_ITEMS)

    @app_commands.command(name="leaderboard")
    @app_commands.guild_only()
    # A public post each time: a few per minute per member keeps a channel readable.
    @app_commands.checks.cooldown(3, 60, key=lambda i: (i.guild_id, i.user.id))
    @app_commands.describe(
        period="This week (from Monday), this month (from the 1st) or all time, in the server's time zone",
        topic="Only answers on this topic",
        mode="Only answers from interviews, daily questions or group sessions",
    )
    async def leaderboard(
        self, interaction: Interaction, period: PeriodChoice = "all", topic: str | None = None, mode: ModeChoice = "all"
    ) -> None:
        """See who leads this server: points, answers and accuracy, ten per page."""
        view = await self.service.board(
            interaction.guild_id or 0,
            interaction.user.id,
            period=Period(period),
            topic=self.service.topic_slug(topic),
            mode=_mode(mode),
        )
        # A public reply: the board is for everyone in the channel (nobody is pinged).
        await interaction.response.send_message(
            embed=board_embed(view, public=True), view=board_view(view, interaction.user.id)
        )

    @leaderboard.autocomplete("topic")
    async def _topic_autocomplete(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        return topic_choices(self.bot.bank, current, allow_several=False)

    async def page_clicked(
        self,
        interaction: Interaction,
        period: Period,
        mode: Mode | None,
        topic: str | None,
        page: int,
        owner_id: int | None,
    ) -> None:
        """Previous/Next: the asker pages the message; anyone else gets that page privately."""
        clicker = interaction.user.id
        view = await self.service.board(
            interaction.guild_id or 0, clicker, period=period, topic=topic, mode=mode, page=page
        )
        private = interaction.message is not None and interaction.message.flags.ephemeral
        if clicker == owner_id or private:
            await interaction.response.edit_message(
                embed=board_embed(view, public=not private), view=board_view(view, clicker)
            )
        else:
            await interaction.response.send_message(
                embed=board_embed(view, public=False), view=board_view(view, clicker), ephemeral=True
            )


async def setup(bot: InterviewBot) -> None:
    await bot.add_cog(Leaderboard(bot))
