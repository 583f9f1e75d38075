"""Flag this grade: a member disputes the grade of their own answer, for rubric authors."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.disputes import FlagTarget
from bot.ui.disputes import DYNAMIC_ITEMS, flag_modal, flagged_message, parse_flag_submit
from bot.ui.errors import report_error

if TYPE_CHECKING:
    from bot.client import InterviewBot

log = logging.getLogger(__name__)
Interaction = discord.Interaction["InterviewBot"]


class Disputes(commands.Cog):
    """Flagged grades: the button under feedback and the form it opens."""

    def __init__(self, bot: InterviewBot) -> None:
        self.bot = bot
        self.service = bot.services.disputes

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)

    async def flag_clicked(self, interaction: Interaction, target: FlagTarget) -> None:
        # Indexed reads only, then the modal: it must be the first response to this click.
        form = await self.service.open_form(target, interaction.guild_id or 0, interaction.user.id)
        await interaction.response.send_modal(flag_modal(form))

    @commands.Cog.listener()
    async def on_interaction(self, interaction: Interaction) -> None:
        """Flag-form submissions, routed by custom_id so they survive a restart."""
        submitted = parse_flag_submit(interaction)
        if submitted is None:
            return
        try:
            await self.service.flag(
                submitted.attempt_id,
                interaction.user.id,
                answer=submitted.answer,
                reason=submitted.reason,
                consented=submitted.consented,
            )
            log.info("Member %s flagged the grade of attempt %s", interaction.user.id, submitted.attempt_id)
            await interaction.response.send_message(flagged_message(), ephemeral=True)
        except Exception as error:  # noqa: BLE001 - the one error path for the flag form
            await report_error(interaction, error, where="flag this grade modal")


async def setup(bot: InterviewBot) -> None:
    await bot.add_cog(Disputes(bot))
