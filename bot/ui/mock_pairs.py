"""Peer interviews on Discord: the public posts (invitation, question, written answer,
scored, summary) and the buttons on them.

Every button is a ``DynamicItem`` whose custom_id names the action, the session and the
question (``mpair:<action>:<session>[:<question>]``): it keeps working after a restart
with nothing in memory. A button only routes the press; the engine decides whether this
member may do it (the interviewer's kit, the candidate's written answer ...).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Self

import discord

from bot.mock.pair_outcomes import InviteCard, ScoredCard, SummaryCard, TurnCard, WrittenCard
from bot.mock.pair_state import PairPhase
from bot.ui.routed import RoutedButton, cog_named
from bot.ui.text import trim

if TYPE_CHECKING:
    from bot.client import InterviewBot

    Interaction = discord.Interaction[InterviewBot]

COG = "MockPairs"
COLOUR = discord.Colour.teal()
DESCRIPTION_MAX = 4096  # discord-limits.md: embed description
CONTENT_MAX = 2000  # discord-limits.md: message content

_LABELS: dict[str, tuple[str, discord.ButtonStyle]] = {
    "accept": ("Accept", discord.ButtonStyle.success),
    "decline": ("Decline", discord.ButtonStyle.secondary),
    "kit": ("Interviewer kit", discord.ButtonStyle.primary),
    "write": ("Answer in writing", discord.ButtonStyle.secondary),
    "score": ("Score", discord.ButtonStyle.success),
    "end": ("End", discord.ButtonStyle.danger),
    "result": ("My feedback", discord.ButtonStyle.primary),
    "next": ("Next question", discord.ButtonStyle.success),
    "swap": ("Swap roles", discord.ButtonStyle.success),
    "feedback": ("Give feedback", discord.ButtonStyle.primary),
    "forme": ("Feedback for me", discord.ButtonStyle.secondary),
}


class PairButton(
    RoutedButton,
    template=r"mpair:(?P<action>accept|decline|kit|write|score|end|result|next|swap|feedback|forme)"
    r":(?P<session>\d+)(?::(?P<turn>\d+))?",
):
    def __init__(self, action: str, session_id: int, turn: int = 0, *, disabled: bool = False) -> None:
        self.action, self.session_id, self.turn = action, session_id, turn
        label, style = _LABELS[action]
        custom_id = f"mpair:{action}:{session_id}" + (f":{turn}" if turn else "")
        super().__init__(discord.ui.Button(label=label, style=style, custom_id=custom_id, disabled=disabled))

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        return cls(match["action"], int(match["session"]), int(match["turn"] or 0))

    async def route(self, interaction: Interaction) -> None:
        await cog_named(interaction, COG).pair_clicked(interaction, self.action, self.session_id, self.turn)


def _view(*buttons: PairButton) -> discord.ui.View:
    layout = discord.ui.View(timeout=None)
    for button in buttons:
        layout.add_item(button)
    return layout


def _plan_text(topic_titles: tuple[str, ...], difficulty: str | None, per_side: int) -> str:
    topics = ", ".join(topic_titles) or "a Flask mix"
    level = difficulty or "mixed difficulty"
    return f"{topics} · {level} · {per_side} question{'s' if per_side != 1 else ''} each"


def invite_message(card: InviteCard) -> tuple[str, discord.Embed, discord.ui.View | None]:
    plan = _plan_text(card.topic_titles, card.difficulty, card.per_side)
    embed = discord.Embed(title="Peer mock interview", colour=COLOUR, description=plan)
    embed.add_field(
        name="How it works",
        value="You take turns: one interviews with a private rubric and scores each key point, "
        "the other answers aloud or in writing; then you swap roles and trade blind feedback.",
        inline=False,
    )
    if card.phase is PairPhase.INVITED:
        who = f"<@{card.invitee}>, " if card.invitee else ""
        whom = "you" if card.invitee else "a partner: the first member to press **Accept** takes it"
        content = f"{who}<@{card.inviter}> invites {whom}."
        expires = int(card.expires_at.timestamp())
        embed.set_footer(text="Only the invited member can accept." if card.invitee else "Open to anyone here.")
        embed.add_field(name="Open until", value=f"<t:{expires}:t> (<t:{expires}:R>)", inline=False)
        return content, embed, _view(PairButton("accept", card.session_id), PairButton("decline", card.session_id))
    outcome = {
        PairPhase.DECLINED: f"<@{card.invitee}> declined this invitation.",
        PairPhase.EXPIRED: "Nobody accepted within 10 minutes: this invitation expired.",
        PairPhase.CANCELLED: "This peer interview was called off.",
    }.get(card.phase)
    if outcome is None:
        where = f" in <#{card.thread_id}>" if card.thread_id else ""
        outcome = f"<@{card.partner}> accepted: <@{card.inviter}> and <@{card.partner}> are interviewing{where}."
    return outcome, embed, None


def turn_message(card: TurnCard) -> tuple[str, discord.Embed, discord.ui.View]:
    content = f"<@{card.interviewer}> interviews <@{card.candidate}>, question {card.position} of {card.per_side}."
    if card.first:
        content += (
            f"\n<@{card.interviewer}>: **Interviewer kit** has the key points, the model answer and follow-ups "
            f"(only you see it); **Score** when you have heard the answer. <@{card.candidate}>: answer aloud "
            "(voice or typing here), or use **Answer in writing** for the bot's second opinion after the score."
        )
        if not card.private:
            content += (
                "\nI could not open a private thread in this channel, so this thread is public: others can read it."
            )
    title = trim(f"Question {card.position}/{card.per_side} · {card.topic_title} · {card.difficulty}", 256)
    embed = discord.Embed(title=title, description=trim(card.prompt, DESCRIPTION_MAX), colour=COLOUR)
    if card.written:
        embed.set_footer(text="Answered in writing below.")
    closed = not card.is_open
    view = _view(
        PairButton("kit", card.session_id, card.number),
        PairButton("write", card.session_id, card.number, disabled=closed or card.written),
        PairButton("score", card.session_id, card.number, disabled=closed),
        PairButton("end", card.session_id, card.number, disabled=closed),
    )
    return trim(content, CONTENT_MAX), embed, view


def written_message(card: WrittenCard) -> tuple[str, discord.Embed]:
    content = f"<@{card.candidate}> answered in writing, for <@{card.interviewer}> to read:"
    embed = discord.Embed(description=trim(card.text, DESCRIPTION_MAX), colour=COLOUR)
    return content, embed


def scored_message(card: ScoredCard) -> tuple[str, discord.ui.View]:
    content = f"<@{card.interviewer}> has scored this question. <@{card.candidate}>: **My feedback** shows the marks."
    buttons = [PairButton("result", card.session_id, card.number)]
    if card.next_action:
        buttons.append(PairButton(card.next_action, card.session_id, card.number))
    if card.running:
        buttons.append(PairButton("end", card.session_id, card.number))
    if card.next_action == "swap":
        content += " That was the last question of this side: **Swap roles** when you are both ready."
    return content, _view(*buttons)


_ENDED = {
    "last-question": "every question was asked",
    "member": "a member pressed End",
    "idle": "nobody acted for 30 minutes",
    "access-lost": "I lost access to this thread",
}


def summary_message(card: SummaryCard) -> tuple[str, discord.Embed, discord.ui.View]:
    embed = discord.Embed(title="Peer interview: summary", colour=COLOUR)
    embed.description = f"Ended because {_ENDED.get(card.ended_by, card.ended_by)}."
    for side in card.sides:
        lines = []
        for row in side.rows:
            grade = f"**{row.grade}/4**" if row.grade is not None else "not scored"
            bot = f" · bot: {round(row.bot_score * 100)}%" if row.bot_score is not None else ""
            lines.append(f"Q{row.number} · {trim(row.topic_title, 60)}: {grade}{bot}")
        average = side.average
        if average is not None:
            lines.append(f"Average: {average:.1f}/4")
        name = trim(f"Interviewer → candidate ({len(side.rows)} question{'s' if len(side.rows) != 1 else ''})", 256)
        embed.add_field(
            name=name, value=trim(f"<@{side.interviewer}> → <@{side.candidate}>\n" + "\n".join(lines), 1024)
        )
    until = int(card.feedback_until.timestamp())
    content = " ".join(f"<@{member}>" for member in card.members) + (
        ": thank you both. **Give feedback** to your partner: it stays blind until you have both sent "
        f"yours, or until <t:{until}:f> (<t:{until}:R>); then **Feedback for me** shows what you received."
    )
    view = _view(PairButton("feedback", card.session_id), PairButton("forme", card.session_id))
    return content, embed, view


def dynamic_items() -> tuple[type[discord.ui.DynamicItem[Any]], ...]:
    from bot.ui.mock_pair_score import ScoreFormButton, ScoreSelect

    return (PairButton, ScoreSelect, ScoreFormButton)
