"""Persistent buttons that route a press to a cog, with one error path for all of them.

A ``RoutedButton`` is a ``DynamicItem``: its custom_id carries everything the press
needs (an interview id, a post id, ...), so it works after a restart with nothing held
in memory. Errors raised while handling a press would otherwise only reach
discord.py's log; here they reach the member through ``report_error``.
"""

from __future__ import annotations

import re
from typing import Any, Self

import discord

from bot.ui.errors import report_error


def cog_named(interaction: discord.Interaction[Any], name: str) -> Any:
    """The loaded cog that handles this feature's buttons."""
    cog = interaction.client.get_cog(name)
    if cog is None:
        raise RuntimeError(f"the {name} cog is not loaded")
    return cog


class RoutedButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=r"(?!)"):
    """Subclasses give a ``template``, build themselves ``from_match`` and ``route`` a press."""

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        return cls.from_match(match, getattr(item, "label", None) or "")

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        raise NotImplementedError

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            await self.route(interaction)
        except Exception as error:  # noqa: BLE001 - the one error path for every button
            await report_error(interaction, error, where=f"button {self.item.custom_id}")

    async def route(self, interaction: discord.Interaction[Any]) -> None:
        raise NotImplementedError
