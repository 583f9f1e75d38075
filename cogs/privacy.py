"""/privacy: a member's own data in this server: hide it from boards, export it, delete it."""

from __future__ import annotations

import io
from datetime import datetime
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.privacy.service import DEFAULT_ATTACHMENT_LIMIT
from bot.ui.stats import (
    PRIVACY_ITEMS,
    cancelled_embed,
    confirm_delete,
    deleted_embed,
    export_message,
    hidden_message,
)

if TYPE_CHECKING:
    from bot.client import InterviewBot

Interaction = discord.Interaction["InterviewBot"]


class Privacy(commands.Cog):
    """Hide, export or delete your own data."""

    group = app_commands.Group(
        name="privacy", description="Your own data in this server: hide it, export it or delete it", guild_only=True
    )

    def __init__(self, bot: InterviewBot) -> None:
        self.bot = bot
        self.service = bot.services.privacy

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*PRIVACY_ITEMS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*PRIVACY_ITEMS)

    @group.command(name="delete-my-data")
    async def privacy_delete(self, interaction: Interaction) -> None:
        """Delete everything the bot keeps about you in this server (asks to confirm)."""
        embed, view = confirm_delete(interaction.user.id, self.service.now())
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)

    async def delete_confirmed(self, interaction: Interaction, owner_id: int, asked_at: datetime) -> None:
        # The service checks the confirmation before touching anything.
        report = await self.service.delete(
            interaction.guild_id or 0, owner_id, clicked_by=interaction.user.id, asked_at=asked_at
        )
        await interaction.response.edit_message(embed=deleted_embed(report), view=None)

    async def delete_cancelled(self, interaction: Interaction, owner_id: int) -> None:
        if interaction.user.id != owner_id:
            await interaction.response.send_message("Only the member who asked can answer this.", ephemeral=True)
            return
        await interaction.response.edit_message(embed=cancelled_embed(), view=None)

    @group.command(name="export")
    # An export can be megabytes: one per member every ten minutes is plenty for a person.
    @app_commands.checks.cooldown(1, 600, key=lambda i: (i.guild_id, i.user.id))
    async def privacy_export(self, interaction: Interaction) -> None:
        """Get a file with everything the bot keeps about you in this server."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        # Discord says per interaction how large an attachment may be (more on boosted servers).
        limit = getattr(interaction, "filesize_limit", None) or DEFAULT_ATTACHMENT_LIMIT
        export = await self.service.export(interaction.guild_id or 0, interaction.user.id, max_bytes=limit)
        file = discord.File(io.BytesIO(export.data), filename=export.filename)
        await interaction.followup.send(export_message(export), file=file, ephemeral=True)

    @group.command(name="hide")
    async def privacy_hide(self, interaction: Interaction) -> None:
        """Leave this server's leaderboards (your own /stats keeps working)."""
        await self.service.set_hidden(interaction.guild_id or 0, interaction.user.id, True)
        await interaction.response.send_message(hidden_message(True), ephemeral=True)

    @group.command(name="show")
    async def privacy_show(self, interaction: Interaction) -> None:
        """Appear on this server's leaderboards again."""
        await self.service.set_hidden(interaction.guild_id or 0, interaction.user.id, False)
        await interaction.response.send_message(hidden_message(False), ephemeral=True)


async def setup(bot: InterviewBot) -> None:
    await bot.add_cog(Privacy(bot))
