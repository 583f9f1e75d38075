"""/mock pair: peer mock interviews, two members taking turns as interviewer and candidate.

The command joins the /mock group of live rounds (created here when that cog is not
loaded). Every press and modal is one call on the pair engine, which decides who may do
what; this cog only opens threads, modals and ephemeral replies. Every private reply is
ephemeral (flag 64) and answers the interaction of the member it is for.
"""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.bank import Difficulty
from bot.errors import UserFacingError
from bot.mock import pairs
from bot.mock.pair_outcomes import Accepted
from bot.ui.errors import report_error
from bot.ui.mock_pair_private import (
    FEEDBACK_MODAL_ID,
    FeedbackModal,
    answer_modal,
    feedback_for_me_embed,
    kit_embed,
    modal_custom_id,
    modal_values,
    parse_answer,
    rating,
    result_embed,
)
from bot.ui.mock_pair_score import NOTE_INPUT_ID, NOTE_MODAL_ID, Draft, NoteModal, score_form
from bot.ui.mock_pairs import dynamic_items
from bot.ui.routed import cog_named
from bot.ui.topics import topic_choices
from cogs._mock_pair_posts import PairPosts

if TYPE_CHECKING:
    from bot.client import InterviewBot

log = logging.getLogger(__name__)
Interaction = discord.Interaction["InterviewBot"]
DifficultyChoice = Literal["easy", "medium", "hard", "mixed"]
TIMERS = (pairs.EXPIRY, pairs.IDLE, pairs.RELEASE)
NO_THREADS = (
    "I can't open a thread here: I need Create Private Threads (or Create Public Threads) and "
    "Send Messages in Threads in this channel. Ask an admin, then try again."
)


@app_commands.command(name="pair")
@app_commands.describe(
    partner="The member to invite (empty: an open invitation, the first to accept takes it)",
    topic="A topic, several separated by commas, or empty for a mix",
    difficulty="Every question at this difficulty, or mixed",
    questions="Questions each of you is asked (1 to 5)",
)
async def mock_pair(
    interaction: Interaction,
    partner: discord.User | None = None,
    topic: str | None = None,
    difficulty: DifficultyChoice = "mixed",
    questions: app_commands.Range[int, 1, 5] = 2,
) -> None:
    """Interview each other: one asks with a private rubric and scores, then you swap roles."""
    await cog_named(interaction, "MockPairs").pair_requested(interaction, partner, topic, difficulty, questions)


@mock_pair.autocomplete("topic")
async def _topic_autocomplete(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
    return topic_choices(interaction.client.bank, current)


class MockPairs(commands.Cog):
    """Peer mock interviews."""

    def __init__(self, bot: InterviewBot) -> None:
        self.bot = bot
        self.service = bot.services.pairs
        self.posts = PairPosts(bot, self.service)

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*dynamic_items())
        self.posts.register(self.bot.poster)
        timers = self.bot.services.timers
        timers.register(pairs.EXPIRY, self.service.on_expiry)
        timers.register(pairs.IDLE, self.service.on_idle)
        timers.register(pairs.RELEASE, self.service.on_release)

    async def cog_unload(self) -> None:
        for kind in TIMERS:
            self.bot.services.timers.unregister(kind)
        self.posts.unregister(self.bot.poster)
        self.bot.remove_dynamic_items(*dynamic_items())

    # -- /mock pair and the invitation --------------------------------------------------------

    async def pair_requested(
        self, interaction: Interaction, partner: discord.User | None, topic: str | None, difficulty: str, count: int
    ) -> None:
        if not isinstance(interaction.channel, discord.TextChannel):
            raise UserFacingError("Run /mock pair in a text channel: the interview gets a thread of its own there.")
        if _thread_type(interaction) is None:
            raise UserFacingError(NO_THREADS)
        if partner is not None and partner.bot:
            raise UserFacingError("Bots make poor interview partners: invite a member, or leave partner empty.")
        topics = [part.strip() for part in (topic or "").split(",") if part.strip() and part.strip() != "mixed"]
        level = None if difficulty == "mixed" else Difficulty(difficulty)
        plan = self.service.plan(topics, level, count)
        invitee = partner.id if partner is not None else None
        await self.service.invite(interaction.guild_id or 0, interaction.channel.id, interaction.user.id, invitee, plan)
        if partner is None:
            await interaction.response.send_message(
                "Invitation posted: anyone here has 10 minutes to accept; the interview then opens in a thread "
                "for the two of you.",
                ephemeral=True,
            )
            return
        # The invitation itself mentions the partner, but the bot pings nobody by default
        # (AllowedMentions.none()) and an outbox post cannot opt in: this reply pings them.
        await interaction.response.send_message(
            f"{partner.mention}: {interaction.user.mention} invites you to a peer mock interview. "
            "Accept or decline on the invitation (open for 10 minutes).",
            allowed_mentions=discord.AllowedMentions(users=[partner]),
        )

    async def _accepted(self, interaction: Interaction, accepted: Accepted) -> None:
        """The winning accept opens the thread (private when possible) with both members."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        kind = _thread_type(interaction)
        channel = interaction.channel
        if kind is None or not isinstance(channel, discord.TextChannel):
            await self.service.abort(accepted.session_id, "no-thread")
            raise UserFacingError(NO_THREADS)
        try:
            thread, private = await _open_thread(channel, accepted.thread_name, private=kind == "private")
        except discord.HTTPException as error:
            log.warning("Pair %s: could not open its thread: %s", accepted.session_id, error)
            await self.service.abort(accepted.session_id, "no-thread")
            raise UserFacingError(NO_THREADS) from None
        try:
            for member in (accepted.inviter, accepted.partner):
                await thread.add_user(discord.Object(member))
            await self.service.begin(accepted.session_id, thread.id, private=private)
        except (discord.HTTPException, UserFacingError) as error:
            # Nobody should find an empty thread: remove it (best effort), end the pair, say why.
            with contextlib.suppress(discord.HTTPException):
                await thread.delete()
            await self.service.abort(accepted.session_id, "no-thread")
            if isinstance(error, UserFacingError):
                raise
            raise UserFacingError(NO_THREADS) from None
        await interaction.followup.send(f"You're in: the interview is in {thread.mention}.", ephemeral=True)

    # -- buttons (the engine checks the member's role on each) --------------------------------

    async def pair_clicked(self, interaction: Interaction, action: str, session_id: int, turn: int) -> None:
        handlers = {
            "accept": self._accept,
            "decline": self._decline,
            "kit": self._kit,
            "write": self._write,
            "score": self._score,
            "result": self._result,
            "next": self._move_on,
            "swap": self._move_on,
            "end": self._move_on,
            "feedback": self._feedback,
            "forme": self._for_me,
        }
        await handlers[action](interaction, action, session_id, turn)

    async def _accept(self, interaction: Interaction, _action: str, session_id: int, _turn: int) -> None:
        await self._accepted(interaction, await self.service.accept(session_id, interaction.user.id))

    async def _decline(self, interaction: Interaction, _action: str, session_id: int, _turn: int) -> None:
        outcome = await self.service.decline(session_id, interaction.user.id)
        text = "You withdrew the invitation." if outcome == "cancelled" else "You declined the invitation."
        await interaction.response.send_message(text, ephemeral=True)

    async def _kit(self, interaction: Interaction, _action: str, session_id: int, turn: int) -> None:
        kit = await self.service.cards.kit(session_id, turn, interaction.user.id)
        await interaction.response.send_message(embed=kit_embed(kit), ephemeral=True)

    async def _write(self, interaction: Interaction, _action: str, session_id: int, turn: int) -> None:
        await self.service.check_can_write(session_id, turn, interaction.user.id)
        # The modal must be the first response to this click: nothing slow before it.
        await interaction.response.send_modal(answer_modal(session_id, turn))

    async def _score(self, interaction: Interaction, _action: str, session_id: int, turn: int) -> None:
        form = await self.service.cards.score_form(session_id, turn, interaction.user.id)
        content, view = score_form(form, Draft.empty(len(form.key_points)), 0)
        await interaction.response.send_message(content, view=view, ephemeral=True)

    async def _result(self, interaction: Interaction, _action: str, session_id: int, turn: int) -> None:
        result = await self.service.cards.result(session_id, turn, interaction.user.id)
        await interaction.response.send_message(embed=result_embed(result), ephemeral=True)

    async def _move_on(self, interaction: Interaction, action: str, session_id: int, turn: int) -> None:
        """Next question, Swap roles, End: the new state goes out through the outbox."""
        user = interaction.user.id
        if action == "next":
            await self.service.next_question(session_id, turn, user)
        elif action == "swap":
            await self.service.swap(session_id, turn, user)
        else:
            await self.service.end(session_id, user)
        done = {"next": "Next question coming up.", "swap": "Roles swapped.", "end": "The interview has ended."}
        await interaction.response.send_message(done[action], ephemeral=True)

    async def _feedback(self, interaction: Interaction, _action: str, session_id: int, _turn: int) -> None:
        await self.service.check_can_give_feedback(session_id, interaction.user.id)
        await interaction.response.send_modal(FeedbackModal(session_id))

    async def _for_me(self, interaction: Interaction, _action: str, session_id: int, _turn: int) -> None:
        seen = await self.service.cards.feedback_for_me(session_id, interaction.user.id)
        await interaction.response.send_message(embed=feedback_for_me_embed(seen), ephemeral=True)

    # -- the Score form -------------------------------------------------------------------------

    async def score_form_changed(
        self, interaction: Interaction, session_id: int, turn: int, page: int, draft: Draft
    ) -> None:
        form = await self.service.cards.score_form(session_id, turn, interaction.user.id)
        content, view = score_form(form, draft, page)
        await interaction.response.edit_message(content=content, view=view)

    async def score_form_clicked(
        self, interaction: Interaction, action: str, session_id: int, turn: int, page: int, draft: Draft
    ) -> None:
        if action == "note":
            await self.service.cards.score_form(session_id, turn, interaction.user.id)  # refused before the modal
            await interaction.response.send_modal(NoteModal(session_id, turn, draft))
        elif action == "submit":
            await self._submit(interaction, session_id, turn, draft, "")
        else:
            await self.score_form_changed(interaction, session_id, turn, page, draft)

    async def _submit(self, interaction: Interaction, session_id: int, turn: int, draft: Draft, note: str) -> None:
        if not draft.complete:
            raise UserFacingError("Mark every key point and choose an overall grade first.")
        marks = pairs.Marks(tuple(mark or "" for mark in draft.marks), draft.grade or 0, note)
        await self.service.submit_score(session_id, turn, interaction.user.id, marks)
        text = f"Question {turn} scored: {draft.grade}/4. Your candidate can now read their feedback."
        if interaction.message is not None:  # the ephemeral form: replace it
            await interaction.response.edit_message(content=text, view=None)
        else:
            await interaction.response.send_message(text, ephemeral=True)

    # -- modals, routed by custom_id so they survive a restart ------------------------------------

    @commands.Cog.listener()
    async def on_interaction(self, interaction: Interaction) -> None:
        custom_id = modal_custom_id(interaction)
        if not custom_id.startswith("mpair:"):
            return
        try:
            await self._modal(interaction, custom_id)
        except Exception as error:  # noqa: BLE001 - the one error path for the modals
            await report_error(interaction, error, where=f"modal {custom_id}")

    async def _modal(self, interaction: Interaction, custom_id: str) -> None:
        user = interaction.user.id
        answer = parse_answer(interaction)
        if answer is not None:
            session_id, turn, text = answer
            await self.service.write_answer(session_id, turn, user, text)
            await interaction.response.send_message(
                "Your answer is posted in the thread for your interviewer. The bot's grade of it shows in "
                "**My feedback** once your interviewer has scored.",
                ephemeral=True,
            )
            return
        values = modal_values(interaction)
        note = NOTE_MODAL_ID.fullmatch(custom_id)
        if note is not None:
            draft = Draft.decode(note["draft"])
            await self._submit(
                interaction, int(note["session"]), int(note["turn"]), draft, values.get(NOTE_INPUT_ID, "")
            )
            return
        feedback = FEEDBACK_MODAL_ID.fullmatch(custom_id)
        if feedback is not None:
            scores = tuple(rating(values.get(f"mpair:{name}", "")) for name in ("communication", "depth", "clarity"))
            outcome = await self.service.give_feedback(
                int(feedback.group(1)),
                user,
                (scores[0], scores[1], scores[2]),
                values.get("mpair:strength", ""),
                values.get("mpair:improve", ""),
            )
            text = (
                "Thank you: you have both sent feedback, so **Feedback for me** now shows your partner's."
                if outcome == "released"
                else "Thank you. It stays blind until your partner sends theirs, or for 24 hours."
            )
            await interaction.response.send_message(text, ephemeral=True)


def _thread_type(interaction: Interaction) -> str | None:
    """'private' when the bot may open a private thread here, 'public' as the fallback, None."""
    mine = interaction.app_permissions
    if not mine.send_messages_in_threads:
        return None
    if mine.create_private_threads:
        return "private"
    return "public" if mine.create_public_threads else None


async def _open_thread(channel: discord.TextChannel, name: str, *, private: bool) -> tuple[discord.Thread, bool]:
    """A private thread (invitable off: the two members only); a public one when Discord
    refuses the private one (a server without them), and the thread then says so."""
    if private:
        try:
            thread = await channel.create_thread(
                name=name, type=discord.ChannelType.private_thread, invitable=False, auto_archive_duration=1440
            )
            return thread, True
        except discord.HTTPException as error:
            log.info("Private thread refused in %s (%s); opening a public one", channel.id, error)
    thread = await channel.create_thread(name=name, type=discord.ChannelType.public_thread, auto_archive_duration=1440)
    return thread, False


async def setup(bot: InterviewBot) -> None:
    await bot.add_cog(MockPairs(bot))
    group = bot.tree.get_command("mock")
    if isinstance(group, app_commands.Group):  # the live-rounds cog made /mock: join it
        group.add_command(mock_pair)
        return
    mock = app_commands.Group(
        name="mock", description="Group mock interviews: live rounds and peer pairs", guild_only=True
    )
    mock.add_command(mock_pair)
    bot.tree.add_command(mock)


async def teardown(bot: InterviewBot) -> None:
    group = bot.tree.get_command("mock")
    if isinstance(group, app_commands.Group):
        group.remove_command("pair")
        if not group.commands:
            bot.tree.remove_command("mock")
