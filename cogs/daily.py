"""/daily: the question of the day, posted on each server's schedule and answered privately."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.errors import UserFacingError
from bot.scheduling import matching_zones
from bot.store.daily import post_key
from bot.ui.checks import require_manage_guild
from bot.ui.daily import (
    DYNAMIC_ITEMS,
    answer_modal,
    feedback_embed,
    parse_modal_submit,
    schedule_embed,
    status_embed,
)
from bot.ui.daily_posts import DailyPosts, missing_permissions
from bot.ui.disputes import flag_view
from bot.ui.errors import report_error
from bot.ui.streak_roles import assignable_problem, streak_roles_embed
from bot.ui.topics import topic_choices

if TYPE_CHECKING:
    from bot.client import InterviewBot

log = logging.getLogger(__name__)
Interaction = discord.Interaction["InterviewBot"]
DifficultyChoice = Literal["easy", "medium", "hard"]
TICK_SECONDS = 30
COUNT_EDIT_INTERVAL = 5.0  # seconds between edits of one post's answer count


class PostChannel(app_commands.Transformer):
    """A text or announcement channel, taken as Discord resolved it (it may not be cached)."""

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        return [discord.ChannelType.text, discord.ChannelType.news]

    async def transform(self, interaction: Interaction, value: app_commands.AppCommandChannel) -> int:  # type: ignore[override]
        return value.id


class Daily(commands.Cog):
    """The question of the day."""

    group = app_commands.Group(
        name="daily", description="The question of the day: a daily post, private answers, streaks", guild_only=True
    )

    def __init__(self, bot: InterviewBot) -> None:
        self.bot = bot
        self.service = bot.services.daily
        self.posts = DailyPosts(bot, self.service)
        self.count_edit_interval = COUNT_EDIT_INTERVAL

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)
        self.posts.register(self.bot.poster)
        if self.bot.background_tasks:
            self.scheduler.start()

    async def cog_unload(self) -> None:
        self.scheduler.cancel()
        self.posts.unregister(self.bot.poster)
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)

    # -- slash commands -----------------------------------------------------------------

    @group.command(name="setup")
    @app_commands.describe(
        channel="Where to post the question",
        time="Local time of day, 24-hour HH:MM (e.g. 09:00)",
        timezone="Your server's time zone, an IANA name such as Europe/London",
        topic="Only questions of this topic (default: all topics)",
        difficulty="Only questions of this difficulty (default: any)",
        reveal_after="Hours after posting to reveal the answer (1 to 23, default 20)",
    )
    async def daily_setup(
        self,
        interaction: Interaction,
        channel: app_commands.Transform[int, PostChannel],
        time: str,
        timezone: str,
        topic: str | None = None,
        difficulty: DifficultyChoice | None = None,
        reveal_after: app_commands.Range[int, 1, 23] = 20,
    ) -> None:
        """Post a question every day at a set time (Manage Server)."""
        require_manage_guild(interaction)
        guild_id = interaction.guild_id or 0
        request = self.service.check_setup(guild_id, channel, time, timezone, topic, difficulty, reveal_after)
        await interaction.response.defer(ephemeral=True, thinking=True)
        problem = await self._channel_problem(interaction, channel)
        if problem:
            raise UserFacingError(problem)
        schedule = await self.service.configure(request)
        await interaction.followup.send(embed=schedule_embed(schedule, "Daily question set up"), ephemeral=True)

    @daily_setup.autocomplete("timezone")
    async def _timezone_autocomplete(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=name, value=name) for name in matching_zones(current)]

    @daily_setup.autocomplete("topic")
    async def _topic_autocomplete(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        return topic_choices(self.bot.bank, current, allow_several=False)

    @group.command(name="status")
    async def daily_status(self, interaction: Interaction) -> None:
        """Show this server's daily question schedule and your streak."""
        status = await self.service.status(interaction.guild_id or 0, interaction.user.id)
        await interaction.response.send_message(embed=status_embed(status), ephemeral=True)

    @group.command(name="pause")
    async def daily_pause(self, interaction: Interaction) -> None:
        """Stop posting until /daily resume (Manage Server)."""
        require_manage_guild(interaction)
        schedule = await self.service.set_paused(interaction.guild_id or 0, True)
        await interaction.response.send_message(embed=schedule_embed(schedule), ephemeral=True)

    @group.command(name="resume")
    async def daily_resume(self, interaction: Interaction) -> None:
        """Start posting again from the next scheduled time (Manage Server)."""
        require_manage_guild(interaction)
        schedule = await self.service.set_paused(interaction.guild_id or 0, False)
        await interaction.response.send_message(embed=schedule_embed(schedule), ephemeral=True)

    @group.command(name="post-now")
    async def daily_post_now(self, interaction: Interaction) -> None:
        """Post today's question now instead of at the set time (Manage Server)."""
        require_manage_guild(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        card = await self.service.post_now(interaction.guild_id or 0)
        await self.bot.poster.run_pending()  # send it now, so the admin hears how it went
        message_id = await self.bot.services.store.outbox.message_id(post_key(card.post_id))
        if message_id is None:
            status = await self.service.schedule(card.guild_id)
            raise UserFacingError(f"I couldn't post it. {status.last_error or ''}".strip())
        link = f"https://discord.com/channels/{card.guild_id}/{card.channel_id}/{message_id}"
        await interaction.followup.send(f"Today's question is up: {link}", ephemeral=True)

    # -- /daily roles: the logic is bot/remind/roles.py; Discord's checks bot/ui/streak_roles.py

    roles = app_commands.Group(name="roles", description="Roles for daily streaks (Manage Server)", parent=group)

    @roles.command(name="add")
    @app_commands.describe(days="The streak, in days, that earns the role", role="The role to give")
    async def daily_roles_add(
        self, interaction: Interaction, days: app_commands.Range[int, 1, 365], role: discord.Role
    ) -> None:
        """Give a role to members whose daily streak reaches some days (Manage Server)."""
        require_manage_guild(interaction)
        problem = assignable_problem(interaction, role)
        if problem:
            raise UserFacingError(problem)
        tiers = await self.bot.services.streak_roles.add(interaction.guild_id or 0, role.id, days)
        embed = streak_roles_embed(tiers, f"Streak role added: {days} days")
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @roles.command(name="remove")
    @app_commands.describe(role="The streak role to stop giving (members who have it lose it)")
    async def daily_roles_remove(self, interaction: Interaction, role: discord.Role) -> None:
        """Stop giving a streak role and take it back (Manage Server)."""
        require_manage_guild(interaction)
        tiers = await self.bot.services.streak_roles.remove(interaction.guild_id or 0, role.id)
        await interaction.response.send_message(embed=streak_roles_embed(tiers, "Streak role removed"), ephemeral=True)

    @roles.command(name="list")
    async def daily_roles_list(self, interaction: Interaction) -> None:
        """The roles given for daily streaks here, and any problem giving them."""
        tiers = await self.bot.services.streak_roles.roles(interaction.guild_id or 0)
        await interaction.response.send_message(embed=streak_roles_embed(tiers, "Streak roles"), ephemeral=True)

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        """The bot left (or was removed from) a server: stop its daily until an admin resumes it.

        Otherwise every tick would try to post there and each 403 would count toward
        Discord's invalid-request limit (10,000 per 10 minutes bans the bot's IP)."""
        await self.service.server_left(guild.id)
        log.info("Left server %s: its daily question is paused", guild.id)

    # -- buttons and the modal (DailyController) ----------------------------------------

    async def daily_answer_clicked(self, interaction: Interaction, post_id: int) -> None:
        card = await self.service.open_for_answer(post_id, interaction.guild_id or 0, interaction.user.id)
        if not card.is_open:
            raise UserFacingError("Pick one of the options under the question.")
        # The modal must be the first response to this click: nothing slow before it.
        await interaction.response.send_modal(answer_modal(post_id, card.difficulty))

    async def daily_choice_clicked(self, interaction: Interaction, post_id: int, position: int) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        outcome = await self.service.answer_choice(
            post_id, interaction.guild_id or 0, interaction.user.id, position, at=interaction.created_at
        )
        flag = self.bot.services.disputes.daily_answer_given(post_id, interaction.user.id, outcome.chosen or "")
        await interaction.followup.send(embed=feedback_embed(outcome), view=flag_view(flag), ephemeral=True)
        await self._refresh_count(post_id)

    @commands.Cog.listener()
    async def on_interaction(self, interaction: Interaction) -> None:
        """Answer-modal submissions, routed by custom_id so they survive a restart."""
        parsed = parse_modal_submit(interaction)
        if parsed is None:
            return
        post_id, text = parsed
        try:
            await interaction.response.defer(ephemeral=True, thinking=True)
            outcome = await self.service.answer_open(
                post_id, interaction.guild_id or 0, interaction.user.id, text, at=interaction.created_at
            )
            flag = self.bot.services.disputes.daily_answer_given(post_id, interaction.user.id, text)
            await interaction.followup.send(embed=feedback_embed(outcome), view=flag_view(flag), ephemeral=True)
            await self._refresh_count(post_id)
        except Exception as error:  # noqa: BLE001 - the one error path for the modal
            await report_error(interaction, error, where="daily answer modal")

    # -- the scheduler ------------------------------------------------------------------

    @tasks.loop(seconds=TICK_SECONDS)
    async def scheduler(self) -> None:
        try:
            await self.tick()
        except Exception:
            # The loop must outlive any one bad tick (a database hiccup, a bug).
            log.exception("Daily scheduler tick failed; trying again next tick")

    @scheduler.before_loop
    async def _before_scheduler(self) -> None:
        await self.bot.wait_until_ready()

    async def tick(self, now: datetime | None = None) -> None:
        """Queue the posts and reveals that are due (including what was missed while down).

        Reserving a day queues its post in the same commit, and revealing queues the edit
        in the same commit that closes answering: the outbox sends them, so a restart at
        any point leaves one post per day, revealed once.
        """
        now = now or self.bot.clock.now()
        for due in await self.service.due_servers(now):
            try:
                # None: another tick (or /daily post-now) got there first.
                await self.service.reserve_post(due.guild_id, due.day, now=now)
            except Exception as error:
                log.exception("Daily post failed in server %s channel %s", due.guild_id, due.channel_id)
                await self.service.record_error(due.guild_id, f"Unexpected error while posting: {type(error).__name__}")
        for post_id in await self.service.due_reveals(now):
            try:
                await self.service.mark_revealed(post_id, now)
            except Exception:
                log.exception("Daily reveal of post %s failed", post_id)

    async def _refresh_count(self, post_id: int) -> None:
        """Queue a refresh of the post's answer count (at most one edit per interval per post).

        Called after the member has their reply; the edit itself is a re-armable outbox row,
        so answers arriving before it goes out are included in it. A failure here is not the
        member's business: it is logged, and the reveal shows the final count anyway."""
        try:
            await self.service.refresh_count(post_id, timedelta(seconds=self.count_edit_interval))
        except Exception:
            log.exception("Could not queue the answer count edit of daily post %s", post_id)

    # -- setup checks -------------------------------------------------------------------

    async def _channel_problem(self, interaction: Interaction, channel_id: int) -> str | None:
        """Why the bot could not post in ``channel_id``, or None when it can (as far as it can tell).

        The interaction carries the bot's own permissions for the channel it was used in;
        another channel is checked from the cache, else fetched (a 403/404 there is
        answered now; anything else shows up as an error on the first post).
        """
        where = f"<#{channel_id}>"
        if channel_id == interaction.channel_id:
            missing = missing_permissions(interaction.app_permissions)
        else:
            channel = self.bot.get_channel(channel_id)
            if isinstance(channel, discord.abc.GuildChannel) and channel.guild.me is not None:
                missing = missing_permissions(channel.permissions_for(channel.guild.me))
            else:
                try:
                    await self.bot.fetch_channel(channel_id)
                except (discord.Forbidden, discord.NotFound):
                    return f"I can't see {where}. Give me View Channel, Send Messages and Embed Links there."
                return None
        if missing:
            them = "it" if len(missing) == 1 else "them"
            return (
                f"I can't post in {where}: I am missing {', '.join(missing)} there. Grant {them}, then run this again."
            )
        return None


async def setup(bot: InterviewBot) -> None:
    await bot.add_cog(Daily(bot))
