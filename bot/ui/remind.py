"""What reminders look like: the /remind replies and the direct messages themselves.

A reminder DM carries a **Turn off** button whose custom_id names the kind, the server and
the day (``remind:off:reviews:{guild_id}:{yyyymmdd}``): it works after a restart, turns
off only the member who presses it, and is how the sender finds a DM it may already have
sent (see ``bot/ui/reminder_sender.py``). Lengths follow discord-limits.md.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

import discord

from bot.remind.outcomes import RemindStatus, ReviewNudge, StreakNudge
from bot.remind.timing import STREAK_LEAD, STREAK_MIN_DAYS
from bot.ui.outbox import Rendered
from bot.ui.routed import RoutedButton, cog_named
from bot.ui.text import trim

if TYPE_CHECKING:
    from bot.client import InterviewBot

    Interaction = discord.Interaction[InterviewBot]

COLOUR = discord.Colour.blurple()
COLOUR_OFF = discord.Colour.dark_grey()
SERVER_NAME_MAX = 100  # a guild name is at most 100 characters anyway


class RemindController(Protocol):
    async def remind_off_clicked(self, interaction: Interaction, kind: str, guild_id: int) -> None: ...


class RemindOffButton(RoutedButton, template=r"remind:off:(?P<kind>reviews|streak):(?P<guild>\d+):(?P<day>\d{8})"):
    def __init__(self, kind: str, guild_id: int, day: str) -> None:
        self.kind, self.guild_id, self.day = kind, guild_id, day
        super().__init__(
            discord.ui.Button(
                label="Turn these off",
                style=discord.ButtonStyle.secondary,
                custom_id=off_custom_id(kind, guild_id, day),
            )
        )

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> RemindOffButton:
        return cls(match["kind"], int(match["guild"]), match["day"])

    async def route(self, interaction: Interaction) -> None:
        target: RemindController = cog_named(interaction, "Remind")
        await target.remind_off_clicked(interaction, self.kind, self.guild_id)


DYNAMIC_ITEMS = (RemindOffButton,)


def off_custom_id(kind: str, guild_id: int, day: date | str) -> str:
    stamp = day.strftime("%Y%m%d") if isinstance(day, date) else day
    return f"remind:off:{kind}:{guild_id}:{stamp}"


def _ts(moment: datetime, style: str = "t") -> str:
    return f"<t:{int(moment.timestamp())}:{style}>"


def _link(guild_id: int, channel_id: int | None = None, message_id: int | None = None) -> str:
    parts = [str(guild_id)] + [str(part) for part in (channel_id, message_id) if part]
    return "https://discord.com/channels/" + "/".join(parts)


def _view(kind: str, guild_id: int, day: date, url: str, label: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(style=discord.ButtonStyle.link, url=url, label=label))
    view.add_item(RemindOffButton(kind, guild_id, day.strftime("%Y%m%d")))
    return view


def review_message(nudge: ReviewNudge, server: str | None) -> Rendered:
    where = trim(server, SERVER_NAME_MAX) if server else "your server"
    questions = "question is" if nudge.due == 1 else "questions are"
    lines = [f"**{nudge.due}** review {questions} due in **{where}**."]
    if nudge.topics:
        lines.append("Topics: " + ", ".join(nudge.topics) + ".")
    lines.append("Run `/interview review` in the server to go through them (a few minutes is enough).")
    embed = discord.Embed(title="Time for a review", description="\n".join(lines), colour=COLOUR)
    embed.set_footer(text="One reminder a day at most, only when questions are due. /remind status shows more.")
    url = _link(nudge.guild_id, nudge.channel_id)
    return Rendered(embeds=[embed], view=_view("reviews", nudge.guild_id, nudge.day, url, "Open the server"))


def streak_message(nudge: StreakNudge, server: str | None) -> Rendered:
    where = trim(server, SERVER_NAME_MAX) if server else "your server"
    description = (
        f"Your **{nudge.streak}-day** daily streak in **{where}** ends {_ts(nudge.deadline, 'R')} "
        f"({_ts(nudge.deadline)}) unless you answer today's question."
    )
    embed = discord.Embed(title="Keep your streak", description=description, colour=COLOUR)
    embed.set_footer(text="Sent only on days your streak is at risk. /remind streak off stops these.")
    url = _link(nudge.guild_id, nudge.channel_id, nudge.message_id)
    return Rendered(embeds=[embed], view=_view("streak", nudge.guild_id, nudge.day, url, "Go to today's question"))


def status_embed(status: RemindStatus, title: str = "Your reminders") -> discord.Embed:
    embed = discord.Embed(title=title, colour=COLOUR if (status.reviews_on or status.streak_on) else COLOUR_OFF)
    if status.disabled_reason:
        embed.description = (
            f"**Off since {_ts(status.disabled_at, 'f') if status.disabled_at else 'recently'}:** "
            f"{trim(status.disabled_reason, 300)}\nOnce you allow direct messages from this server "
            "(Server → Privacy Settings), run `/remind reviews on` or `/remind streak on` again."
        )
    embed.add_field(name="Due reviews", value=_reviews_line(status), inline=False)
    embed.add_field(name="Streak at risk", value=_streak_line(status), inline=False)
    embed.set_footer(text=f"Times are this server's ({status.timezone}); a direct message at most once a day each.")
    return embed


def _reviews_line(status: RemindStatus) -> str:
    due = f"{status.due_now} due now." if status.due_now else "None due right now."
    if not status.reviews_on:
        return f"Off. `/remind reviews on [hour]` sends one DM on days questions are due. {due}"
    line = f"On, at {status.review_hour:02d}:00. {due}"
    if status.next_review_at is not None and not status.disabled_reason:
        line += (
            f"\nNext: {_ts(status.next_review_at, 'f')} ({_ts(status.next_review_at, 'R')}), if questions are due then."
        )
    if status.last_review_day is not None:
        line += f"\nLast sent: {status.last_review_day.isoformat()}."
    return line


def _streak_line(status: RemindStatus) -> str:
    lead = int(STREAK_LEAD.total_seconds() // 3600)
    rule = (
        f"a DM about {lead} hours before the day ends (or before the reveal, if sooner) when your streak "
        f"is {STREAK_MIN_DAYS} or more and today's question is unanswered"
    )
    if not status.daily_configured:
        return f"{'On' if status.streak_on else 'Off'}: this server has no daily question yet."
    if not status.streak_on:
        return f"Off. `/remind streak on`: {rule}. Your streak: {status.streak}."
    line = f"On: {rule}. Your streak: {status.streak}."
    if status.next_streak_check is not None and not status.disabled_reason:
        line += f"\nToday's check: {_ts(status.next_streak_check, 'f')}."
    return line
