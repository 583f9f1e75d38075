"""/mock: group mock interviews, live rounds in a thread that a host runs for the group."""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.bank import Difficulty
from bot.errors import UserFacingError
from bot.mock import Actor
from bot.mock.core import IDLE_TIMER
from bot.mock.rounds import AUTOPLAY, DEADLINE
from bot.ui.errors import report_error
from bot.ui.mock import feedback_embed, recorded_text, report_embed
from bot.ui.mock_views import DYNAMIC_ITEMS, answer_modal, parse_modal_submit
from bot.ui.topics import topic_choices
from cogs._mock_posts import MockPosts

if TYPE_CHECKING:
    from bot.client import InterviewBot

log = logging.getLogger(__name__)
Interaction = discord.Interaction["InterviewBot"]
DifficultyChoice = Literal["easy", "medium", "hard", "mixed"]
THREAD_ERROR_TOO_MANY = 160006  # Discord: the server has reached its maximum of active threads


def _actor(interaction: Interaction) -> Actor:
    """The member, and whether Discord says they may manage threads or the server here."""
    permissions = interaction.permissions
    return Actor(interaction.user.id, manager=permissions.manage_threads or permissions.manage_guild)


class MockSessions(commands.Cog):
    """Group mock interviews."""

    group = app_commands.Group(
        name="mock", description="Group mock interviews: live rounds in a thread for the whole group", guild_only=True
    )

    def __init__(self, bot: InterviewBot) -> None:
        self.bot = bot
        self.service = bot.services.mock
        self.posts = MockPosts(self.service)

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)
        self.posts.register(self.bot.poster)
        timers = self.bot.services.timers
        timers.register(DEADLINE, self.service.on_deadline)
        timers.register(AUTOPLAY, self.service.on_autoplay)
        timers.register(IDLE_TIMER, self.service.on_idle)

    async def cog_unload(self) -> None:
        timers = self.bot.services.timers
        for kind in (DEADLINE, AUTOPLAY, IDLE_TIMER):
            timers.unregister(kind)
        self.posts.unregister(self.bot.poster)
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)

    # -- /mock start --------------------------------------------------------------------------

    @group.command(name="start")
    @app_commands.describe(
        topic="A topic, several separated by commas, or empty for a mix",
        difficulty="Every round at this difficulty, or mixed",
        rounds="How many rounds (1 to 20)",
        round_time="Seconds per round, 20 to 600 (default: 90 for open questions, 30 for choice)",
        autoplay="Move to the next round 15 s after each reveal, with nobody at the keyboard",
    )
    async def mock_start(
        self,
        interaction: Interaction,
        topic: str | None = None,
        difficulty: DifficultyChoice = "mixed",
        rounds: app_commands.Range[int, 1, 20] = 5,
        round_time: app_commands.Range[int, 20, 600] | None = None,
        autoplay: bool = False,
    ) -> None:
        """Open a group mock interview in a new thread: members join, you run the rounds."""
        channel = interaction.channel
        if not isinstance(channel, discord.TextChannel):
            raise UserFacingError("Run /mock start in a text channel: the session gets a thread of its own there.")
        missing = self._missing_thread_permissions(interaction)
        if missing:
            raise UserFacingError(
                f"I can't run a session here: I am missing {', '.join(missing)} in {channel.mention}. "
                "Ask an admin to grant them, then try again."
            )
        topics = [part.strip() for part in (topic or "").split(",") if part.strip() and part.strip() != "mixed"]
        level = None if difficulty == "mixed" else Difficulty(difficulty)
        plan = self.service.plan(topics, level, rounds, round_time, autoplay)
        guild_id = interaction.guild_id or 0
        await self.service.check_can_open(guild_id, interaction.user.id)
        await interaction.response.defer(ephemeral=True, thinking=True)
        thread = await self._open_thread(channel, self.service.thread_name(plan))
        try:
            await self.service.open_lobby(guild_id, channel.id, thread.id, interaction.user.id, plan)
        except UserFacingError:
            with contextlib.suppress(discord.HTTPException):  # lost a race for the last slot: no empty thread
                await thread.delete()
            raise
        await interaction.followup.send(
            f"Your session is open in {thread.mention}. Members join there; press **Start** when everyone is in.",
            ephemeral=True,
        )

    @mock_start.autocomplete("topic")
    async def _topic_autocomplete(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        return topic_choices(self.bot.bank, current)

    @staticmethod
    def _missing_thread_permissions(interaction: Interaction) -> list[str]:
        permissions = interaction.app_permissions
        needed = {
            "Create Public Threads": permissions.create_public_threads,
            "Send Messages in Threads": permissions.send_messages_in_threads,
            "Embed Links": permissions.embed_links,
        }
        return [label for label, granted in needed.items() if not granted]

    async def _open_thread(self, channel: discord.TextChannel, name: str) -> discord.Thread:
        try:
            return await channel.create_thread(
                name=name, type=discord.ChannelType.public_thread, auto_archive_duration=1440
            )
        except discord.Forbidden:
            raise UserFacingError(
                "Discord refused to let me create a thread here. Ask an admin for Create Public Threads."
            ) from None
        except discord.HTTPException as error:
            if error.code == THREAD_ERROR_TOO_MANY:
                raise UserFacingError(
                    "This server has too many active threads. Archive some, then try again."
                ) from None
            raise

    # -- buttons and the modal (MockController) ------------------------------------------------

    async def session_clicked(self, interaction: Interaction, action: str, session_id: int) -> None:
        user = interaction.user.id
        if action == "join":
            added = await self.service.join(session_id, user)
            text = "You're in. Rounds appear in this thread." if added else "You're already in."
            await interaction.response.send_message(text, ephemeral=True)
        elif action == "leave":
            removed = await self.service.leave(session_id, user)
            await interaction.response.send_message("You left." if removed else "You weren't in.", ephemeral=True)
        elif action == "report":
            report = await self.service.cards.my_report(session_id, user)
            await interaction.response.send_message(embed=report_embed(report), ephemeral=True)
        else:
            control = {"start": self.service.start, "cancel": self.service.cancel, "end": self.service.end}[action]
            await control(session_id, _actor(interaction))
            # The public posts show what happened: acknowledge without a message of our own.
            await interaction.response.defer()

    async def round_clicked(self, interaction: Interaction, action: str, session_id: int, number: int) -> None:
        if action == "answer":
            await self.service.open_round_for(session_id, number, interaction.user.id)
            # The modal must be the first response to this click: nothing slow before it.
            await interaction.response.send_modal(answer_modal(session_id, number))
        elif action == "feedback":
            feedback = await self.service.cards.my_feedback(session_id, number, interaction.user.id)
            await interaction.response.send_message(embed=feedback_embed(feedback), ephemeral=True)
        else:
            control = {"close": self.service.close_now, "skip": self.service.skip, "next": self.service.next_round}
            await control[action](session_id, number, _actor(interaction))
            await interaction.response.defer()

    async def option_clicked(self, interaction: Interaction, session_id: int, number: int, position: int) -> None:
        recorded = await self.service.choose(
            session_id, number, interaction.user.id, position, at=interaction.created_at
        )
        await interaction.response.send_message(recorded_text(recorded), ephemeral=True)

    @commands.Cog.listener()
    async def on_interaction(self, interaction: Interaction) -> None:
        """Answer-modal submissions, routed by custom_id so they survive a restart."""
        parsed = parse_modal_submit(interaction)
        if parsed is None:
            return
        session_id, number, text = parsed
        try:
            recorded = await self.service.answer(
                session_id, number, interaction.user.id, text, at=interaction.created_at
            )
            await interaction.response.send_message(recorded_text(recorded), ephemeral=True)
        except Exception as error:  # noqa: BLE001 - the one error path for the modal
            await report_error(interaction, error, where="mock answer modal")


async def setup(bot: InterviewBot) -> None:
    await bot.add_cog(MockSessions(bot))
