"""What the question of the day looks like: the post, its reveal, the answer modal and feedback.

The post's buttons are ``DynamicItem``s whose custom_id carries the post id
(``daily:answer:{post_id}``, ``daily:choice:{post_id}:{position}``), so they keep working
after a restart with nothing held in memory. They only route a press to the controller
(the Daily cog); the service decides what it means ("already answered", "closed").
Every length here is checked against discord-limits.md.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

import discord

from bot.daily import DailyAnswerGraded, DailyStatus, PostCard, Reveal, Schedule
from bot.ui.answer_modal import AnswerModal, submitted_answer
from bot.ui.routed import RoutedButton, cog_named
from bot.ui.text import chunks, percent, trim

if TYPE_CHECKING:
    from bot.client import InterviewBot

    Interaction = discord.Interaction[InterviewBot]

PROMPT_MAX = 3000  # of the 4096 of a description, leaving room for the options
COLOUR_OPEN = discord.Colour.blurple()
COLOUR_REVEALED = discord.Colour.green()
COLOUR_PASS, COLOUR_MISS = discord.Colour.green(), discord.Colour.orange()


class DailyController(Protocol):
    async def daily_answer_clicked(self, interaction: Interaction, post_id: int) -> None: ...
    async def daily_choice_clicked(self, interaction: Interaction, post_id: int, position: int) -> None: ...


class DailyAnswerButton(RoutedButton, template=r"daily:answer:(?P<post>\d+)"):
    def __init__(self, post_id: int) -> None:
        self.post_id = post_id
        super().__init__(
            discord.ui.Button(
                label="Answer privately", style=discord.ButtonStyle.primary, custom_id=f"daily:answer:{post_id}"
            )
        )

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> DailyAnswerButton:
        return cls(int(match["post"]))

    async def route(self, interaction: Interaction) -> None:
        target: DailyController = cog_named(interaction, "Daily")
        await target.daily_answer_clicked(interaction, self.post_id)


class DailyChoiceButton(
    RoutedButton,
    template=r"daily:choice:(?P<post>\d+):(?P<position>\d)",
):
    def __init__(self, post_id: int, position: int, label: str = "") -> None:
        self.post_id, self.position = post_id, position
        super().__init__(
            discord.ui.Button(
                label=label or "ABCDE"[position],
                style=discord.ButtonStyle.secondary,
                custom_id=f"daily:choice:{post_id}:{position}",
            )
        )

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> DailyChoiceButton:
        return cls(int(match["post"]), int(match["position"]), label)

    async def route(self, interaction: Interaction) -> None:
        target: DailyController = cog_named(interaction, "Daily")
        await target.daily_choice_clicked(interaction, self.post_id, self.position)


DYNAMIC_ITEMS = (DailyAnswerButton, DailyChoiceButton)


def _ts(moment: datetime, style: str = "R") -> str:
    """A Discord timestamp: every member sees it in their own time zone."""
    return f"<t:{int(moment.timestamp())}:{style}>"


def _answered(count: int) -> str:
    return "No answers yet" if count == 0 else f"{count} answered" if count != 1 else "1 answered"


def post_embed(card: PostCard) -> discord.Embed:
    """The open post: the question, its topic and difficulty, how many answered, when it closes."""
    description = trim(card.prompt, PROMPT_MAX)
    if not card.is_open:
        description += "\n\n" + "\n".join(f"**{option.letter}.** {option.text}" for option in card.options)
    embed = discord.Embed(
        title=f"Question of the day · {card.day:%a %d %b %Y}", description=description, colour=COLOUR_OPEN
    )
    embed.add_field(name="Topic", value=trim(card.topic_title, 200), inline=True)
    embed.add_field(name="Difficulty", value=card.difficulty.capitalize(), inline=True)
    embed.add_field(name="Answers", value=_answered(card.answered), inline=True)
    how = "Press **Answer privately**" if card.is_open else "Pick an option"
    embed.add_field(
        name="How to answer",
        value=f"{how}: only you see your result. One answer each; the answer is revealed {_ts(card.reveal_at)}.",
        inline=False,
    )
    return embed


def post_view(card: PostCard) -> discord.ui.View:
    """The Answer button, or one button per option (at most five: one row)."""
    view = discord.ui.View(timeout=None)
    if card.is_open:
        view.add_item(DailyAnswerButton(card.post_id))
    else:
        for option in card.options:
            view.add_item(DailyChoiceButton(card.post_id, option.position, option.letter))
    return view


def reveal_embed(reveal: Reveal) -> discord.Embed:
    """The closed post: the solution, the day's figures, the first correct answerers."""
    card = reveal.card
    embed = discord.Embed(
        title=f"Question of the day · {card.day:%a %d %b %Y} · answer",
        description=trim(card.prompt, 1500),
        colour=COLOUR_REVEALED,
    )
    solution = reveal.solution.strip() or "—"
    if reveal.correct_option is not None:
        solution = f"**{reveal.correct_option.letter}. {reveal.correct_option.text}**\n\n{solution}"
    for number, part in enumerate(chunks(solution, max_chunks=3)):
        embed.add_field(name="Answer" if number == 0 else "Answer (cont.)", value=part, inline=False)
    if card.answered:
        figures = f"{_answered(card.answered)} · {percent(reveal.pass_share)} passed"
    else:
        figures = "Nobody answered this one."
    embed.add_field(name="Results", value=figures, inline=False)
    if reveal.first_correct:
        # Mentions in an embed never ping; the bot also sends with no allowed mentions.
        embed.add_field(
            name="First correct", value=", ".join(f"<@{user_id}>" for user_id in reveal.first_correct), inline=False
        )
    embed.set_footer(text=f"{card.topic_title} · {card.difficulty} · answers are closed")
    return embed


MODAL_ID = re.compile(r"daily:modal:(\d+)")


def answer_modal(post_id: int, difficulty: str) -> AnswerModal:
    return AnswerModal(f"daily:modal:{post_id}", f"Question of the day · {difficulty}")


def parse_modal_submit(interaction: Interaction) -> tuple[int, str] | None:
    """(post id, text) of a daily answer-modal submission, else None."""
    submitted = submitted_answer(interaction, MODAL_ID)
    if submitted is None:
        return None
    match, text = submitted
    return int(match.group(1)), text


def feedback_embed(outcome: DailyAnswerGraded) -> discord.Embed:
    """A member's private result. It does not give the answer away: that comes at the reveal."""
    if outcome.is_open:
        verdict = "Passed" if outcome.passed else "Not yet"
        title = f"{verdict} · score {percent(outcome.score)}"
    else:
        title = "Correct!" if outcome.passed else "Not this one"
    embed = discord.Embed(title=title, colour=COLOUR_PASS if outcome.passed else COLOUR_MISS)
    if outcome.feedback:
        embed.description = trim(outcome.feedback, 1000)
    if outcome.chosen:
        embed.add_field(name="You chose", value=trim(outcome.chosen, 200), inline=False)
    if outcome.covered:
        embed.add_field(
            name="You covered", value=trim("\n".join(f"• {t}" for t in outcome.covered), 1000), inline=False
        )
    bonus = f" (incl. +{outcome.bonus} streak bonus)" if outcome.bonus else ""
    embed.add_field(name="Points", value=f"{outcome.points}{bonus}", inline=True)
    embed.add_field(name="Streak", value=_days(outcome.streak) + f" (best {outcome.best_streak})", inline=True)
    embed.add_field(
        name="The answer", value=f"Revealed in the post {_ts(outcome.reveal_at)}, with today's figures.", inline=False
    )
    return embed


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def schedule_embed(schedule: Schedule, title: str = "Question of the day") -> discord.Embed:
    """An admin's view of the schedule (setup, pause, resume, status)."""
    state = "paused" if schedule.paused else "active"
    embed = discord.Embed(title=f"{title} · {state}", colour=COLOUR_OPEN)
    embed.add_field(name="Channel", value=f"<#{schedule.channel_id}>", inline=True)
    embed.add_field(name="Time", value=f"{schedule.post_time} {schedule.timezone}", inline=True)
    embed.add_field(name="Reveal", value=f"{schedule.reveal_after_hours} h after posting", inline=True)
    embed.add_field(name="Topic", value=trim(schedule.topic_title or "All topics", 200), inline=True)
    embed.add_field(name="Difficulty", value=(schedule.difficulty or "any").capitalize(), inline=True)
    if schedule.next_post_at is not None:
        embed.add_field(name="Next post", value=f"{_ts(schedule.next_post_at, 'F')} ({_ts(schedule.next_post_at)})")
    if schedule.last_error:
        retry = f"\nI'll try again {_ts(schedule.retry_at)}" if schedule.retry_at and not schedule.paused else ""
        embed.add_field(
            name="Problem",
            value=trim(f"{schedule.last_error}{retry}; /daily setup retries at once.", 1000),
            inline=False,
        )
    return embed


def status_embed(status: DailyStatus) -> discord.Embed:
    if status.schedule is None:
        embed = discord.Embed(
            title="Question of the day · not set up",
            description="An admin (Manage Server) can start it with /daily setup.",
            colour=COLOUR_OPEN,
        )
    else:
        embed = schedule_embed(status.schedule)
        if status.today is not None:
            today = status.today
            state = "revealed" if today.revealed else f"open, revealed {_ts(today.reveal_at)}"
            embed.add_field(name="Today", value=f"{_answered(today.answered)} · {state}", inline=False)
    embed.add_field(
        name="Your streak", value=f"{_days(status.streak)} (best {_days(status.best_streak)})", inline=False
    )
    return embed
