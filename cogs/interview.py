"""/interview: solo mock interviews, graded on the spot, private by default."""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.bank import Difficulty
from bot.disputes import FlagTarget
from bot.engine import AnswerGraded, InterviewReport, QuestionAsked
from bot.engine.errors import ActiveInterviewExists, NotYourInterview
from bot.errors import UserFacingError
from bot.ui.errors import report_error
from bot.ui.interview import feedback_embed, question_embed, question_prompt_label, report_embed, topics_embed
from bot.ui.interview_views import (
    DYNAMIC_ITEMS,
    StartPlan,
    answer_modal,
    feedback_view,
    parse_modal_submit,
    question_view,
    resume_or_restart_view,
)
from bot.ui.topics import topic_choices

if TYPE_CHECKING:
    from bot.client import InterviewBot

log = logging.getLogger(__name__)
Interaction = discord.Interaction["InterviewBot"]
DifficultyChoice = Literal["easy", "medium", "hard", "adaptive"]
THREAD_NAME_MAX = 100  # discord-limits.md


def _screen(outcome: QuestionAsked | InterviewReport) -> tuple[discord.Embed, discord.ui.View | None]:
    if isinstance(outcome, InterviewReport):
        return report_embed(outcome), None
    return question_embed(outcome), question_view(outcome)


TOO_MANY_THREADS = 160006  # JSON error code: the channel's active-thread limit is reached


def _thread_parent(interaction: Interaction) -> discord.TextChannel:
    """The channel to open a public interview thread in, once both sides may do it."""
    channel = interaction.channel
    if not isinstance(channel, discord.TextChannel):
        raise UserFacingError("A public interview needs a text channel; run it here without public, or in a channel.")
    if not interaction.permissions.create_public_threads:
        raise UserFacingError("You need Create Public Threads in this channel to run a public interview here.")
    mine = interaction.app_permissions
    if not (mine.create_public_threads and mine.send_messages_in_threads):
        raise UserFacingError(
            "I can't create threads or post in them here. Ask an admin for Create Public Threads and "
            "Send Messages in Threads, or start without public."
        )
    return channel


def _thread_refusal(error: discord.HTTPException) -> str:
    if error.code == TOO_MANY_THREADS:
        return "This channel has too many active threads. Archive some, or start without public."
    if isinstance(error, discord.Forbidden):
        return (
            "I can't create threads or post in them here. Ask an admin for Create Public Threads and "
            "Send Messages in Threads, or start without public."
        )
    return "Discord would not open the thread just now. Try again in a moment, or start without public."


def _public_start_cooldown(interaction: Interaction) -> app_commands.Cooldown | None:
    """A public start opens a thread: at most two every ten minutes per member."""
    return app_commands.Cooldown(2, 600) if interaction.namespace.public else None


class Interview(commands.Cog):
    """Solo mock interviews."""

    group = app_commands.Group(
        name="interview", description="Solo mock interviews on Flask, graded on the spot", guild_only=True
    )

    def __init__(self, bot: InterviewBot) -> None:
        self.bot = bot
        self.service = bot.services.interviews

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)

    # -- slash commands ----------------------------------------------------------------------

    @group.command(name="start")
    @app_commands.checks.dynamic_cooldown(
        _public_start_cooldown, key=lambda i: (i.guild_id, i.user.id, bool(i.namespace.public))
    )
    @app_commands.describe(
        topic="A topic, several separated by commas, or empty for a mix",
        difficulty="Fixed difficulty, or adaptive: harder after a pass, easier after a miss",
        questions="How many questions (1 to 20)",
        public="Run it in a thread others can watch (answers stay private until graded)",
    )
    async def interview_start(
        self,
        interaction: Interaction,
        topic: str | None = None,
        difficulty: DifficultyChoice = "adaptive",
        questions: app_commands.Range[int, 1, 20] = 5,
        public: bool = False,
    ) -> None:
        """Start a mock interview: a run of questions, each graded with feedback."""
        topics = tuple(part.strip() for part in (topic or "").split(",") if part.strip() and part.strip() != "mixed")
        level = None if difficulty == "adaptive" else Difficulty(difficulty)
        await self._begin(interaction, StartPlan(topics, level, questions, public))

    async def _begin(
        self, interaction: Interaction, plan: StartPlan, *, replace: bool = False, abandoning: int | None = None
    ) -> None:
        """Start ``plan``; ``replace`` edits the message clicked (the resume-or-restart offer),
        whose ``abandoning`` interview is closed first (only that one: a double click must
        not abandon the interview the first click started)."""
        options = {"topics": plan.topics, "difficulty": plan.difficulty, "count": plan.count}
        guild_id, user_id = interaction.guild_id or 0, interaction.user.id
        try:
            if abandoning is None:
                view = await self.service.start(guild_id, user_id, **options)
            else:
                view, started = await self.service.replace(guild_id, user_id, abandoning, **options)
                if not started:  # the first click already replaced it: show where it is
                    await interaction.response.edit_message(
                        content=None, embed=question_embed(view), view=question_view(view)
                    )
                    return
        except ActiveInterviewExists as running:
            offer = resume_or_restart_view(interaction.user.id, running.session_id, plan)
            await interaction.response.send_message(
                "You already have an interview running.", view=offer, ephemeral=True
            )
            return
        if plan.public:
            await self._start_in_thread(interaction, view)
        elif replace:
            await interaction.response.edit_message(content=None, embed=question_embed(view), view=question_view(view))
        else:
            await interaction.response.send_message(
                embed=question_embed(view), view=question_view(view), ephemeral=True
            )

    async def _start_in_thread(self, interaction: Interaction, view: QuestionAsked) -> None:
        guild_id, user_id = interaction.guild_id or 0, interaction.user.id
        try:
            channel = _thread_parent(interaction)
        except UserFacingError:
            await self.service.abandon(guild_id, user_id)
            raise
        await interaction.response.defer(ephemeral=True, thinking=True)
        name = f"Interview: {interaction.user.display_name}"[:THREAD_NAME_MAX]
        try:
            thread = await channel.create_thread(
                name=name, type=discord.ChannelType.public_thread, auto_archive_duration=1440
            )
        except discord.HTTPException as error:
            await self.service.abandon(guild_id, user_id)
            raise UserFacingError(_thread_refusal(error)) from None
        try:
            await thread.send(embed=question_embed(view), view=question_view(view))
        except discord.HTTPException as error:
            # Nobody should find an empty thread: remove it (best effort) and say why.
            await self.service.abandon(guild_id, user_id)
            with contextlib.suppress(discord.HTTPException):
                await thread.delete()
            raise UserFacingError(_thread_refusal(error)) from None
        await self.bot.store.interviews.set_location(view.session_id, channel.id, thread.id)
        await interaction.followup.send(f"Your interview is in {thread.mention}. Good luck!", ephemeral=True)

    @interview_start.autocomplete("topic")
    async def _topic_autocomplete(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        return topic_choices(self.bot.bank, current)

    @group.command(name="resume")
    async def interview_resume(self, interaction: Interaction) -> None:
        """Continue your interview where you left it."""
        view = await self.service.resume(interaction.guild_id or 0, interaction.user.id)
        await interaction.response.send_message(embed=question_embed(view), view=question_view(view), ephemeral=True)

    @group.command(name="stop")
    async def interview_stop(self, interaction: Interaction) -> None:
        """End your interview now and see the report."""
        report = await self.service.end_active(interaction.guild_id or 0, interaction.user.id)
        await interaction.response.send_message(embed=report_embed(report), ephemeral=True)

    @group.command(name="review")
    @app_commands.describe(questions="How many due questions to ask at most (1 to 20)")
    async def interview_review(self, interaction: Interaction, questions: app_commands.Range[int, 1, 20] = 10) -> None:
        """Practise the questions you missed, as they come due."""
        try:
            view = await self.service.start_review(interaction.guild_id or 0, interaction.user.id, count=questions)
        except ActiveInterviewExists:
            raise UserFacingError("Finish or /interview stop your running interview first.") from None
        await interaction.response.send_message(embed=question_embed(view), view=question_view(view), ephemeral=True)

    @group.command(name="topics")
    async def interview_topics(self, interaction: Interaction) -> None:
        """List the topics and how many questions each has."""
        await interaction.response.send_message(embed=topics_embed(self.bot.bank.topics), ephemeral=True)

    # -- buttons and the modal (InterviewController) --------------------------------------------

    async def offer_resume_clicked(self, interaction: Interaction, owner_id: int) -> None:
        if interaction.user.id != owner_id:
            raise NotYourInterview
        view = await self.service.resume(interaction.guild_id or 0, owner_id)
        await interaction.response.edit_message(content=None, embed=question_embed(view), view=question_view(view))

    async def offer_restart_clicked(self, interaction: Interaction, owner_id: int, session_id: int, plan: str) -> None:
        if interaction.user.id != owner_id:
            raise NotYourInterview
        await self._begin(interaction, StartPlan.decode(plan, self.bot.bank), replace=True, abandoning=session_id)

    async def answer_clicked(self, interaction: Interaction, session_id: int, index: int) -> None:
        view = await self.service.current_view(session_id, interaction.user.id)
        if view.index != index:
            raise UserFacingError("That question has already been answered.")
        # The modal must be the first response to this click: nothing slow before it.
        await interaction.response.send_modal(answer_modal(session_id, index, question_prompt_label(view.question)))

    async def choice_clicked(self, interaction: Interaction, session_id: int, index: int, position: int) -> None:
        outcome = await self.service.choose(session_id, interaction.user.id, index, position, at=interaction.created_at)
        flag = self._flaggable(interaction, outcome, outcome.chosen)
        await interaction.response.edit_message(embed=feedback_embed(outcome), view=feedback_view(outcome, flag))

    async def hint_clicked(self, interaction: Interaction, session_id: int, index: int) -> None:
        view = await self.service.hint(session_id, interaction.user.id, index)
        await interaction.response.edit_message(embed=question_embed(view), view=question_view(view))

    async def skip_clicked(self, interaction: Interaction, session_id: int, index: int) -> None:
        embed, view = _screen(await self.service.skip(session_id, interaction.user.id, index))
        await interaction.response.edit_message(embed=embed, view=view)

    async def end_clicked(self, interaction: Interaction, session_id: int) -> None:
        report = await self.service.end(session_id, interaction.user.id)
        await interaction.response.edit_message(embed=report_embed(report), view=None)

    async def next_clicked(self, interaction: Interaction, session_id: int, index: int) -> None:
        embed, view = _screen(await self.service.next_question(session_id, interaction.user.id, index))
        await interaction.response.edit_message(embed=embed, view=view)

    def _flaggable(self, interaction: Interaction, outcome: AnswerGraded, answer: str) -> FlagTarget:
        """What the Flag this grade button names; the answer is held in memory to prefill its form."""
        return self.bot.services.disputes.interview_answer_given(
            outcome.session_id, outcome.question.id, interaction.user.id, answer
        )

    @commands.Cog.listener()
    async def on_interaction(self, interaction: Interaction) -> None:
        """Answer-modal submissions, routed by custom_id so they survive a restart."""
        parsed = parse_modal_submit(interaction)
        if parsed is None:
            return
        session_id, index, text = parsed
        try:
            outcome = await self.service.answer(session_id, interaction.user.id, index, text, at=interaction.created_at)
            flag = self._flaggable(interaction, outcome, text)
            embed, view = feedback_embed(outcome), feedback_view(outcome, flag)
            if interaction.message is not None:
                await interaction.response.edit_message(embed=embed, view=view)
            else:
                await interaction.response.send_message(embed=embed, view=view, ephemeral=True)
        except Exception as error:  # noqa: BLE001 - the one error path for the modal
            await report_error(interaction, error, where="interview answer modal")


async def setup(bot: InterviewBot) -> None:
    await bot.add_cog(Interview(bot))
