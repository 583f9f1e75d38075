"""The /stats profile embed, and the /privacy replies with their confirm buttons.

Both show a member their own data; /privacy's confirm and cancel buttons are
``DynamicItem``s whose custom_id names the member who asked (and when), so only that
member's click counts, even after a restart.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol

import discord

from bot.privacy.export import ExportFile
from bot.stats import MemberStats
from bot.store import DeletionReport
from bot.ui.routed import RoutedButton, cog_named
from bot.ui.text import FIELD_VALUE_MAX, bar, percent

if TYPE_CHECKING:
    from bot.client import InterviewBot

    Interaction = discord.Interaction[InterviewBot]

CHART_FILENAME = "stats.png"
STUDY_FIELD = "What to study next"  # /help promises it by this name
TOPIC_LINES = 12  # the weakest dozen; the chart draws the first bot.stats.chart.MAX_TOPIC_BARS of them
STATS_COLOUR = discord.Colour.blurple()
PRIVACY_COLOUR = discord.Colour.dark_grey()
MODE_NAMES = {"interview": "interviews", "daily": "dailies", "mock": "group sessions"}


# -- /stats ---------------------------------------------------------------------------------


def _topics_value(stats: MemberStats) -> str:
    lines = []
    for topic in stats.topics[:TOPIC_LINES]:
        meter = f"`{bar(topic.accuracy, 8)}` {percent(topic.accuracy)}"
        lines.append(f"{meter} {topic.title} ({topic.passed}/{topic.answers})")
    rest = len(stats.topics) - TOPIC_LINES
    if rest > 0:
        lines.append(f"…and {rest} more")
    value = "\n".join(lines)
    # discord-limits.md: a field value holds 1024 characters; drop whole lines if needed.
    while len(value) > FIELD_VALUE_MAX:
        lines.pop(-2 if rest > 0 else -1)
        value = "\n".join(lines)
    return value


def _study_value(stats: MemberStats) -> str:
    if not stats.study:
        return "Nothing weak so far. `/interview review` brings back what you missed; try a harder difficulty."
    lines = []
    for item in stats.study:
        why = f"{percent(item.accuracy)} of {item.answers:,}" if item.answers else "not tried yet"
        lines.append(f"**{item.title}** ({why}): `/interview start topic:{item.slug}`")
    # discord-limits.md: 1024 per field; three lines of at most ~200 characters fit.
    return "\n".join(lines)[:FIELD_VALUE_MAX]


def _streak_value(stats: MemberStats) -> str:
    if stats.streak is None:
        return "No daily answers yet"
    days = "day" if stats.streak.current == 1 else "days"
    value = f"**{stats.streak.current}** {days} now · best **{stats.streak.best}**"
    if stats.streak.last_day:
        value += f"\nlast on {stats.streak.last_day}"
    return value


def _activity_value(stats: MemberStats) -> str:
    if not stats.recent_answers:
        return f"No answers in the last {len(stats.days)} days"
    return (
        f"**{stats.recent_answers:,}** answers on {stats.active_days} of {len(stats.days)} days"
        f" · +{stats.recent_points:,} points"
    )


def stats_embed(stats: MemberStats, *, with_chart: bool) -> discord.Embed:
    embed = discord.Embed(title="Interview stats", colour=STATS_COLOUR)
    if not stats.answers:
        embed.description = (
            f"<@{stats.user_id}> has no answers in this server yet. "
            "`/interview start` or the daily question will fill this in."
        )
        return embed
    if stats.rank is not None:
        standing = f"rank **#{stats.rank:,}** of {stats.ranked:,} all time"
    else:
        standing = "hidden from the boards (`/privacy show` to appear again)"
    embed.description = f"<@{stats.user_id}> · {standing}"
    embed.add_field(name="Points", value=f"{stats.points:,}")
    embed.add_field(name="Answers", value=f"{stats.answers:,}")
    embed.add_field(name="Accuracy", value=f"{percent(stats.accuracy)} ({stats.passed:,} passed)")
    embed.add_field(name="Daily streak", value=_streak_value(stats))
    embed.add_field(name="Last 30 days", value=_activity_value(stats))
    modes = " · ".join(f"{count:,} {MODE_NAMES.get(mode, mode)}" for mode, count in sorted(stats.modes.items()))
    embed.add_field(name="From", value=modes or "—")
    embed.add_field(name="Accuracy per topic, weakest first", value=_topics_value(stats) or "—", inline=False)
    embed.add_field(name=STUDY_FIELD, value=_study_value(stats), inline=False)
    if with_chart:
        embed.set_image(url=f"attachment://{CHART_FILENAME}")
    embed.set_footer(text=f"Days are counted in {stats.timezone} · accuracy = passed answers / answers")
    return embed


# -- /privacy -------------------------------------------------------------------------------


class PrivacyController(Protocol):
    async def delete_confirmed(self, interaction: Interaction, owner_id: int, asked_at: datetime) -> None: ...
    async def delete_cancelled(self, interaction: Interaction, owner_id: int) -> None: ...


class ConfirmDeleteButton(
    RoutedButton,
    template=r"privacy:delete:(?P<owner>\d{1,20}):(?P<asked>\d{1,12})",
):
    def __init__(self, owner_id: int, asked_at: datetime) -> None:
        self.owner_id, self.asked_at = owner_id, asked_at
        super().__init__(
            discord.ui.Button(
                label="Delete my data",
                style=discord.ButtonStyle.danger,
                custom_id=f"privacy:delete:{owner_id}:{int(asked_at.timestamp())}",
            )
        )

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> ConfirmDeleteButton:
        return cls(int(match["owner"]), datetime.fromtimestamp(int(match["asked"]), tz=UTC))

    async def route(self, interaction: Interaction) -> None:
        target: PrivacyController = cog_named(interaction, "Privacy")
        await target.delete_confirmed(interaction, self.owner_id, self.asked_at)


class CancelDeleteButton(
    RoutedButton,
    template=r"privacy:cancel:(?P<owner>\d{1,20})",
):
    def __init__(self, owner_id: int) -> None:
        self.owner_id = owner_id
        super().__init__(
            discord.ui.Button(
                label="Keep it", style=discord.ButtonStyle.secondary, custom_id=f"privacy:cancel:{owner_id}"
            )
        )

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> CancelDeleteButton:
        return cls(int(match["owner"]))

    async def route(self, interaction: Interaction) -> None:
        target: PrivacyController = cog_named(interaction, "Privacy")
        await target.delete_cancelled(interaction, self.owner_id)


PRIVACY_ITEMS = (ConfirmDeleteButton, CancelDeleteButton)


def confirm_delete(owner_id: int, asked_at: datetime) -> tuple[discord.Embed, discord.ui.View]:
    embed = discord.Embed(
        title="Delete your data in this server?",
        description=(
            "This removes, for good, everything the bot keeps about you **in this server**: every answer "
            "and the points it earned, the grades you flagged, your review queue, your daily streak, your "
            "settings, your solo interviews, and your answers and seats in group sessions. Other servers "
            "are not touched.\n\n"
            "Want a copy first? `/privacy export` sends you one. This button works for 10 minutes."
        ),
        colour=discord.Colour.red(),
    )
    view = discord.ui.View(timeout=None)
    view.add_item(ConfirmDeleteButton(owner_id, asked_at))
    view.add_item(CancelDeleteButton(owner_id))
    return embed, view


TABLE_NAMES = {
    "grade_disputes": ("flagged grade", "flagged grades"),
    "attempts": ("answer", "answers"),
    "review_cards": ("review card", "review cards"),
    "daily_streaks": ("daily streak", "daily streaks"),
    "member_settings": ("settings record", "settings records"),
    "interview_sessions": ("interview", "interviews"),
    "mock_answers": ("group session answer", "group session answers"),
    "mock_participants": ("group session seat", "group session seats"),
}


def _count(count: int, table: str) -> str:
    singular, plural = TABLE_NAMES.get(table, (table, table))
    return f"{count:,} {singular if count == 1 else plural}"


def deleted_embed(report: DeletionReport) -> discord.Embed:
    removed = [_count(count, table) for table, count in report.counts.items() if count]
    description = "Done. Removed: " + ", ".join(removed) + "." if removed else "Done. There was nothing to remove."
    return discord.Embed(title="Your data in this server is deleted", description=description, colour=PRIVACY_COLOUR)


def cancelled_embed() -> discord.Embed:
    return discord.Embed(title="Nothing was deleted", description="Your data stays as it was.", colour=PRIVACY_COLOUR)


def export_message(export: ExportFile) -> str:
    zipped = " (zipped: it was too large to attach as it is)" if export.filename.endswith(".zip") else ""
    return (
        f"Here is everything the bot keeps about you in this server: {export.rows:,}"
        f" {'record' if export.rows == 1 else 'records'}{zipped}. "
        "Times are UTC; ids are strings."
    )


def hidden_message(hidden: bool) -> str:
    if hidden:
        return (
            "You are now left off this server's leaderboards and ranks, and others can't open your "
            "`/stats`. Your answers still count, and `/stats` still shows them to you. "
            "`/privacy show` puts you back."
        )
    return "You are back on this server's leaderboards."
