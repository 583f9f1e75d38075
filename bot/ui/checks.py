"""Permission checks made when a command runs (Discord ignores default_permissions on subcommands)."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands


def require_manage_guild(interaction: discord.Interaction[Any]) -> None:
    """Raise what the command tree turns into "You need the Manage Server permission"."""
    if not interaction.permissions.manage_guild:
        raise app_commands.MissingPermissions(["manage_guild"])
