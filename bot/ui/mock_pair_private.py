"""The private (ephemeral) side of a peer interview: the interviewer kit, My feedback,
Feedback for me, and the modals (written answer, peer feedback). Limits: discord-limits.md."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.mock.pair_outcomes import FeedbackForMe, Kit, PeerResult
from bot.ui.answer_modal import AnswerModal, submitted_numbered_answer
from bot.ui.text import bullets, chunks, percent, trim

COLOUR = discord.Colour.teal()
MARK_ICONS = {"covered": "✅", "partly": "🟨", "missed": "❌"}
FIELD_MAX = 1024
FEEDBACK_TEXT_MAX = 500
RATINGS = (
    ("communication", "Communication, 1 to 5"),
    ("depth", "Technical depth, 1 to 5"),
    ("clarity", "Clarity, 1 to 5"),
)


def _weight(value: float) -> str:
    return f"{value:g}"


def kit_embed(kit: Kit) -> discord.Embed:
    question = kit.question
    embed = discord.Embed(
        title=trim(f"Interviewer kit · question {kit.number} · {kit.topic_title}", 256),
        description=trim(question.prompt, 1000),
        colour=COLOUR,
    )
    total = sum(point.weight for point in question.key_points) or 1
    embed.add_field(
        name="Key points (weight)",
        value=bullets(f"{p.text} — {_weight(p.weight)} ({percent(p.weight / total)})" for p in question.key_points),
        inline=False,
    )
    for index, part in enumerate(chunks(question.answer, FIELD_MAX, max_chunks=2)):
        embed.add_field(name="Model answer" if index == 0 else "Model answer (cont.)", value=part, inline=False)
    if question.pitfalls:
        embed.add_field(name="Pitfalls to listen for", value=bullets(p.text for p in question.pitfalls), inline=False)
    if question.follow_ups:
        lines = [
            f"**{trim(f.ask, 250)}**\n  listen for: {trim(', '.join(f.listen_for), 250)}" for f in question.follow_ups
        ]
        embed.add_field(name="Follow-up questions", value=trim("\n".join(lines), FIELD_MAX), inline=False)
    embed.set_footer(text="Only you see this. Press Interviewer kit again to reopen it.")
    return embed


def result_embed(result: PeerResult) -> discord.Embed:
    embed = discord.Embed(
        title=trim(f"My feedback · question {result.number}", 256),
        description=f"<@{result.interviewer}> graded your answer **{result.grade}/4**.",
        colour=COLOUR,
    )
    embed.add_field(
        name="Key points",
        value=bullets(f"{MARK_ICONS.get(m.mark, '')} {m.mark}: {m.text}" for m in result.marks),
        inline=False,
    )
    if result.note:
        embed.add_field(name="Note from your interviewer", value=trim(result.note, FIELD_MAX), inline=False)
    if result.written and result.bot_score is not None:
        verdict = "passes" if result.bot_passed else "does not pass"
        embed.add_field(
            name="The bot's second opinion (your written answer)",
            value=f"{percent(result.bot_score)}: it {verdict} by the rubric.",
            inline=False,
        )
    embed.add_field(name="Model answer", value=trim(result.question.answer, FIELD_MAX), inline=False)
    return embed


def feedback_for_me_embed(seen: FeedbackForMe) -> discord.Embed:
    embed = discord.Embed(title="Feedback for me", colour=COLOUR)
    if seen.received is not None:
        got = seen.received
        embed.description = f"From <@{seen.partner}>."
        embed.add_field(name="Communication", value=f"{got.communication}/5")
        embed.add_field(name="Technical depth", value=f"{got.depth}/5")
        embed.add_field(name="Clarity", value=f"{got.clarity}/5")
        embed.add_field(name="A strength", value=trim(got.strength, FIELD_MAX) or "—", inline=False)
        embed.add_field(name="One thing to improve", value=trim(got.improve, FIELD_MAX) or "—", inline=False)
    elif seen.released:
        embed.description = f"<@{seen.partner}> did not send feedback within 24 hours."
    else:
        when = int(seen.release_at.timestamp())
        mine = "You sent yours." if seen.sent_mine else "Send yours with **Give feedback**."
        embed.description = f"Blind until you have both sent feedback, or until <t:{when}:f> (<t:{when}:R>). {mine}"
    return embed


ANSWER_MODAL_ID = re.compile(r"mpair:answer-modal:(\d+):(\d+)")


def answer_modal(session_id: int, turn: int) -> AnswerModal:
    return AnswerModal(f"mpair:answer-modal:{session_id}:{turn}", f"Your answer to question {turn}")


def parse_answer(interaction: discord.Interaction[Any]) -> tuple[int, int, str] | None:
    return submitted_numbered_answer(interaction, ANSWER_MODAL_ID)


class FeedbackModal(discord.ui.Modal):
    """Five inputs, Discord's most (discord-limits.md): three ratings, a strength, one improvement."""

    def __init__(self, session_id: int) -> None:
        super().__init__(title="Feedback for your partner", custom_id=f"mpair:feedback-modal:{session_id}")
        for custom_id, label in RATINGS:
            self.add_item(
                discord.ui.TextInput(label=label, custom_id=f"mpair:{custom_id}", max_length=1, placeholder="1-5")
            )
        for custom_id, label in (("strength", "One strength"), ("improve", "One thing to improve")):
            self.add_item(
                discord.ui.TextInput(
                    label=label,
                    custom_id=f"mpair:{custom_id}",
                    style=discord.TextStyle.paragraph,
                    max_length=FEEDBACK_TEXT_MAX,
                )
            )


FEEDBACK_MODAL_ID = re.compile(r"mpair:feedback-modal:(\d+)")


def modal_values(interaction: discord.Interaction[Any]) -> dict[str, str]:
    """Every text input of a modal submission by custom_id (action rows or labels)."""
    data: dict[str, Any] = interaction.data or {}  # type: ignore[assignment]
    values: dict[str, str] = {}
    for row in data.get("components", []):
        for component in row.get("components", []) or [row.get("component") or {}]:
            if component.get("custom_id"):
                values[str(component["custom_id"])] = str(component.get("value") or "")
    return values


def modal_custom_id(interaction: discord.Interaction[Any]) -> str:
    if interaction.type is not discord.InteractionType.modal_submit:
        return ""
    data: dict[str, Any] = interaction.data or {}  # type: ignore[assignment]
    return str(data.get("custom_id", ""))


def rating(text: str) -> int:
    """A rating typed in a text input; anything but a digit is 0, which the engine refuses."""
    text = text.strip()
    return int(text) if text.isdigit() else 0
