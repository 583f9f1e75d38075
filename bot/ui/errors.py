"""One place that tells a member something went wrong, and logs what the team needs.

The command tree, every View and every Modal route their errors here, so members get the
same short sentence and the log gets the traceback with command, member and server ids.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.errors import UserFacingError

if TYPE_CHECKING:
    from bot.client import InterviewBot

log = logging.getLogger("bot.errors")

INTERNAL_ERROR = "Something went wrong on our side. It has been logged; please try again in a moment."


def message_for(error: BaseException) -> tuple[str, bool]:
    """(the sentence for the member, whether it is our fault and worth a traceback)."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, app_commands.TransformerError):
        if isinstance(error.__cause__, UserFacingError):
            return str(error.__cause__), False
        return f"'{error.value}' is not a valid value for this option.", False
    if isinstance(error, UserFacingError):
        return str(error), False
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command works in a server, not in direct messages.", False
    if isinstance(error, app_commands.MissingPermissions):
        needed = ", ".join(p.replace("_", " ").replace("guild", "server").title() for p in error.missing_permissions)
        return f"You need the {needed} permission to do that.", False
    if isinstance(error, app_commands.BotMissingPermissions):
        needed = ", ".join(p.replace("_", " ").title() for p in error.missing_permissions)
        return f"I am missing the {needed} permission here; ask an admin to grant it.", False
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down a little: try again in {error.retry_after:.0f} s.", False
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use this command here.", False
    return INTERNAL_ERROR, True


async def report_error(interaction: discord.Interaction[InterviewBot], error: BaseException, *, where: str) -> None:
    text, ours = message_for(error)
    if ours:
        log.error(
            "Error in %s (member %s, server %s, channel %s)",
            where,
            interaction.user.id,
            interaction.guild_id,
            interaction.channel_id,
            exc_info=error,
        )
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException:
        # The interaction may have expired (15 minutes) or been answered elsewhere; the
        # log line above is then all we can do.
        log.warning("Could not tell member %s about an error in %s", interaction.user.id, where)
