"""/remind: opt-in direct messages on days reviews are due and when a streak is at risk."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.store.reminder_tick import TICK_KIND
from bot.store.streak_roles import RoleChange
from bot.store.timers import Timer
from bot.ui.remind import DYNAMIC_ITEMS, status_embed
from bot.ui.reminder_sender import ReminderSender
from bot.ui.streak_roles import StreakRoleApplier

if TYPE_CHECKING:
    from bot.client import InterviewBot

log = logging.getLogger(__name__)
Interaction = discord.Interaction["InterviewBot"]
OnOff = Literal["on", "off"]
IDLE_WAIT = 60.0  # seconds the delivery loop sleeps when no tick wakes it (retries, leases)


class Remind(commands.Cog):
    """Reminders by direct message."""

    group = app_commands.Group(
        name="remind", description="Direct-message reminders: due reviews and daily streaks at risk", guild_only=True
    )

    def __init__(self, bot: InterviewBot) -> None:
        self.bot = bot
        self.service = bot.services.reminders
        self.sender = ReminderSender(bot, self.service)
        self.roles = StreakRoleApplier(bot, bot.services.streak_roles)
        self._wake = asyncio.Event()
        self._loop: asyncio.Task[None] | None = None

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)
        # The tick is a durable timer: after a restart or kill -9 the overdue tick fires at
        # the scheduler's next pass, so a due reminder is late by one tick at most.
        self.bot.services.timers.register(TICK_KIND, self._on_tick)
        # /privacy delete-my-data takes a member's streak roles back through this, first.
        self.bot.services.streak_roles.set_revoker(self._revoke)
        await self.service.ensure_ticking()
        if self.bot.background_tasks:
            self._loop = asyncio.create_task(self._deliver_forever(), name="reminders")

    async def cog_unload(self) -> None:
        if self._loop is not None:
            self._loop.cancel()
        self.bot.services.timers.unregister(TICK_KIND)
        self.bot.services.streak_roles.set_revoker(None)
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)

    # -- slash commands -----------------------------------------------------------------

    @group.command(name="reviews")
    @app_commands.describe(
        state="on: a direct message on days your review questions are due; off: none",
        hour="Hour of day (0-23) in this server's time zone; default 18, or the hour you chose before",
    )
    async def remind_reviews(
        self, interaction: Interaction, state: OnOff, hour: app_commands.Range[int, 0, 23] | None = None
    ) -> None:
        """A DM at your hour on days review questions are due here (one a day at most)."""
        await interaction.response.defer(ephemeral=True, thinking=True)  # opening the DM channel is a request
        guild_id, user_id = interaction.guild_id or 0, interaction.user.id
        if state == "on":
            dm = await interaction.user.create_dm()
            status = await self.service.set_reviews(
                guild_id, user_id, on=True, hour=hour, dm_channel_id=dm.id, channel_id=interaction.channel_id
            )
        else:
            status = await self.service.set_reviews(guild_id, user_id, on=False)
        title = "Review reminders on" if state == "on" else "Review reminders off"
        await interaction.followup.send(embed=status_embed(status, title), ephemeral=True)

    @group.command(name="streak")
    @app_commands.describe(state="on: a direct message when your daily streak (3+ days) is about to end; off: none")
    async def remind_streak(self, interaction: Interaction, state: OnOff) -> None:
        """A DM a few hours before the day ends when your daily streak is at risk."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild_id, user_id = interaction.guild_id or 0, interaction.user.id
        if state == "on":
            dm = await interaction.user.create_dm()
            status = await self.service.set_streak(
                guild_id, user_id, on=True, dm_channel_id=dm.id, channel_id=interaction.channel_id
            )
        else:
            status = await self.service.set_streak(guild_id, user_id, on=False)
        title = "Streak reminders on" if state == "on" else "Streak reminders off"
        await interaction.followup.send(embed=status_embed(status, title), ephemeral=True)

    @group.command(name="status")
    async def remind_status(self, interaction: Interaction) -> None:
        """Which reminders you get here and when the next one would go."""
        status = await self.service.status(interaction.guild_id or 0, interaction.user.id)
        await interaction.response.send_message(embed=status_embed(status), ephemeral=True)

    async def remind_off_clicked(self, interaction: Interaction, kind: str, guild_id: int) -> None:
        """The **Turn these off** button of a reminder DM (pressed in the DM, so no guild)."""
        user_id = interaction.user.id
        if kind == "reviews":
            status = await self.service.set_reviews(guild_id, user_id, on=False)
        else:
            status = await self.service.set_streak(guild_id, user_id, on=False)
        await interaction.response.send_message(embed=status_embed(status, "Turned off"))

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        """The bot left the server: its members' reminders and streak-role records there go.

        Member leaves are not seen (the bot has only the guilds intent): a DM refused or an
        'Unknown Member' when granting a role turns that member's reminders off instead."""
        removed = await self.service.server_left(guild.id)
        log.info("Left server %s: removed the reminders of %d members", guild.id, removed)

    # -- the tick and the sender --------------------------------------------------------

    async def _on_tick(self, timer: Timer) -> None:
        result = await self.service.tick(timer)
        if result is not None:
            self._wake.set()

    async def deliver(self) -> int:
        """Send what the ticks chose and make roles follow streaks (the loop does this each
        tick; tests call it directly). Streaks change when members answer and when a new
        day's post resets lapsed ones, so once a tick keeps roles within a minute of them."""
        sent = await self.sender.run_pending()
        return sent + await self.roles.run_pending()

    async def _revoke(self, change: RoleChange) -> None:
        await self.roles.apply(change)

    async def _deliver_forever(self) -> None:
        await self.bot.wait_until_ready()
        while True:
            try:
                await self.deliver()
            except Exception:  # the loop outlives any one bad pass
                log.exception("A reminder delivery pass failed")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), IDLE_WAIT)


async def setup(bot: InterviewBot) -> None:
    await bot.add_cog(Remind(bot))
